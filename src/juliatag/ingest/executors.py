"""Running ingest tasks: locally with joblib (loky), on Dask, or on Ray.

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


def run_local(specs: list[TaskSpec], options: IngestOptions, staging: str, jobs: int,
              on_done: Callable[[int], None]) -> None:
    if jobs <= 1:
        for spec in specs:
            try:
                run_task(*spec.args(options, staging))
            except MemoryError:
                run_isolated(spec, options, staging)
            on_done(spec.index)
        return
    from joblib import Parallel, delayed
    from joblib.externals.loky.process_executor import TerminatedWorkerError

    try:
        par = Parallel(n_jobs=jobs, return_as="generator_unordered", batch_size=1, pre_dispatch="2*n_jobs")
        for result in par(delayed(run_task)(*spec.args(options, staging)) for spec in specs):
            on_done(result["index"])
    except TerminatedWorkerError:
        for spec in specs:
            if not _done(staging, spec):
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
