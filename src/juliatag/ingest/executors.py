"""Running ingest tasks: locally on worker processes of our own, on Dask, or on Ray.

Every executor runs the same pure task function (`worker.run_task`), whose outputs land in the
shared staging folder, so the result does not depend on the executor. A task whose worker dies
(killed by the OS, a crash in native code) is retried alone; if it still kills its worker, each
of its files is probed in a throw-away process, and the files that crash are recorded as failed
while the rest of the task is labelled.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import JuliatagError
from ..jobs import WORKER_RECYCLE_BYTES
from .options import IngestOptions
from .worker import marker_path, probe_file, run_task


@dataclass
class TaskSpec:
    index: int
    total: int
    files: list            # FileRef dicts
    summaries: dict        # package -> PackageSummary (only the task's packages)

    def args(self, options: IngestOptions, staging: str):
        return (self.index, self.total, self.files, self.summaries, options, staging)


def _done(staging: str, spec: TaskSpec) -> bool:
    return marker_path(Path(staging), spec.index).exists()


def run_isolated(spec: TaskSpec, options: IngestOptions, staging: str) -> None:
    """Run one task in a fresh process; if that process dies, find and exclude the files that kill it."""
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        try:
            pool.submit(run_task, *spec.args(options, staging)).result()
            return
        except cf.process.BrokenProcessPool:
            pass
    excluded = {}
    for k, ref in enumerate(spec.files):
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            try:
                pool.submit(probe_file, ref, spec.summaries.get(ref["package"]), options).result()
            except cf.process.BrokenProcessPool:
                excluded[k] = "the labeller's process died on this file"
    run_task(*spec.args(options, staging), excluded=excluded)


def main_package(spec: TaskSpec) -> str:
    """The package most of a task's bytes belong to (the first such package in a tie)."""
    weight: dict[str, int] = {}
    for f in spec.files:
        weight[f["package"]] = weight.get(f["package"], 0) + f["size"]
    return max(weight, key=weight.__getitem__) if weight else ""   # max keeps the first of equals


def package_groups(specs: list[TaskSpec]) -> list[list[TaskSpec]]:
    """Runs of consecutive tasks with the same main package, largest first (ties in task order).

    A worker analyses a package's source files once for all the package's tasks it runs, so the
    local executor hands a worker whole groups and only splits one when no unstarted group is left."""
    groups: list[list[TaskSpec]] = []
    last = None
    for spec in specs:
        pkg = main_package(spec)
        if not groups or pkg != last:
            groups.append([])
        groups[-1].append(spec)
        last = pkg
    size = {id(g): sum(f["size"] for s in g for f in s.files) for g in groups}
    return sorted(groups, key=lambda g: (-size[id(g)], g[0].index))


class TaskQueue:
    """Which task each local worker runs next: the rest of its group; else the largest group no
    worker has started; else the last task of the group with the most tasks left."""

    def __init__(self, specs: list[TaskSpec], workers: int):
        self.waiting = package_groups(specs)
        self.groups: list[list[TaskSpec]] = [[] for _ in range(workers)]

    def next(self, worker: int) -> TaskSpec | None:
        group = self.groups[worker]
        if not group and self.waiting:
            group = self.groups[worker] = self.waiting.pop(0)
        if group:
            return group.pop(0)
        donor = max(self.groups, key=len)
        return donor.pop() if donor else None

    def continues(self, worker: int) -> bool:
        """Whether the worker's next task is of the package group it is running."""
        return bool(self.groups[worker])


class _Worker:
    """One long-lived worker process."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx)

    def restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=self.ctx)

    def recycle(self) -> None:
        """Replace an idle worker by a fresh process (its memory is returned first)."""
        self.pool.shutdown(wait=True)
        self.pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=self.ctx)


def worth_recycling(result) -> bool:
    """Whether a worker that returned `result` (a `run_task` result) holds WORKER_RECYCLE_BYTES."""
    held = result.get("resident_bytes") if isinstance(result, dict) else None
    return held is not None and held >= WORKER_RECYCLE_BYTES


def run_local(specs: list[TaskSpec], options: IngestOptions, staging: str, jobs: int,
              on_done: Callable[[int], None]) -> None:
    """Run the tasks on `jobs` worker processes, a package's tasks on one worker where the work can
    still be shared out (`TaskQueue`): a worker then reads the package's other files once for all
    of them. Which worker runs a task never changes its output. A task whose worker dies is run
    again alone (`run_isolated`)."""
    if jobs <= 1:
        for spec in specs:
            try:
                run_task(*spec.args(options, staging))
            except MemoryError:
                run_isolated(spec, options, staging)
            on_done(spec.index)
        return
    ctx = multiprocessing.get_context("spawn")
    workers = [_Worker(ctx) for _ in range(min(jobs, len(specs)))]
    queue = TaskQueue(specs, len(workers))
    running: dict[cf.Future, tuple[int, TaskSpec]] = {}
    crashed: list[TaskSpec] = []

    def submit(w: int) -> None:
        spec = queue.next(w)
        if spec is not None:
            running[workers[w].pool.submit(run_task, *spec.args(options, staging))] = (w, spec)

    try:
        for w in range(len(workers)):
            submit(w)
        while running:
            done, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: running[f][1].index):
                w, spec = running.pop(fut)
                try:
                    result = fut.result()
                except (cf.process.BrokenProcessPool, MemoryError):
                    crashed.append(spec)
                    workers[w].restart()
                else:
                    on_done(spec.index)
                    if not queue.continues(w) and worth_recycling(result):
                        workers[w].recycle()   # between two packages (WORKER_RECYCLE_BYTES)
                submit(w)
    finally:
        for w in workers:
            w.pool.shutdown(wait=True, cancel_futures=True)
    for spec in sorted(crashed, key=lambda s: s.index):
        run_isolated(spec, options, staging)
        on_done(spec.index)


def run_dask(specs: list[TaskSpec], options: IngestOptions, staging: str, jobs: int,
             on_done: Callable[[int], None]) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker
    except ImportError as exc:
        raise JuliatagError("--executor dask needs dask[distributed] (pip install 'dask[distributed]')") from exc
    cluster = None
    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout=options.connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise JuliatagError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from exc
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        futures = {client.submit(run_task, *spec.args(options, staging), key=f"juliatag-task-{spec.index}",
                                 pure=False, retries=1): spec for spec in specs}
        failed = []
        for fut in as_completed(futures):
            spec = futures[fut]
            try:
                fut.result()
                on_done(spec.index)
            except (KilledWorker, FutureCancelledError):
                failed.append(spec)
        for spec in failed:
            run_isolated(spec, options, staging)
            on_done(spec.index)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_ray(specs: list[TaskSpec], options: IngestOptions, staging: str, jobs: int,
            on_done: Callable[[int], None]) -> None:
    try:
        import ray
    except ImportError as exc:
        raise JuliatagError("--executor ray needs ray (pip install ray)") from exc
    started = False
    if not ray.is_initialized():
        ray.init(address=options.scheduler or None, num_cpus=None if options.scheduler else jobs,
                 include_dashboard=False, log_to_driver=False)
        started = True
    try:
        remote = ray.remote(max_retries=1)(run_task)
        refs = {remote.remote(*spec.args(options, staging)): spec for spec in specs}
        pending = list(refs)
        failed = []
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            spec = refs[ready[0]]
            try:
                ray.get(ready[0])
                on_done(spec.index)
            except ray.exceptions.RayError:
                failed.append(spec)
        for spec in failed:
            run_isolated(spec, options, staging)
            on_done(spec.index)
    finally:
        if started:
            ray.shutdown()


EXECUTORS = {"local": run_local, "dask": run_dask, "ray": run_ray}
