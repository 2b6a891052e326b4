"""How many worker processes a command starts: the one jobs resolver of the project.

`--jobs` (None or 0: one per available core) is capped at the number of tasks (a worker without a
task is never started) and at what memory allows: the available memory divided by the command's
assumed peak per worker (`WORKER_MEMORY`). The result says which limit applied, so the command can
tell the user. The output of every command is the same for any number of jobs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import JuliatagError

GiB = 1 << 30
MiB = 1 << 20
# assumed peak resident memory of one worker, by command (the figures measured in benchmarks/ plus headroom)
WORKER_MEMORY = {"ingest": int(1.5 * GiB), "shard": 512 * MiB}
MAX_JOBS = 1024  # an upper bound on --jobs itself, whatever the machine
# a local ingest worker holding this much resident memory when it has finished a package's tasks is
# replaced by a fresh process before it starts another package's: what a long-lived worker gathers
# (the kept programs of packages it has left, its allocator's half-used arenas) then never adds up
# to its peak. A fresh worker parses again what a later package needs; labels never depend on it.
WORKER_RECYCLE_BYTES = 160 * MiB


def available_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def resident_bytes() -> int | None:
    """This process's resident memory now (Linux), None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def available_memory() -> int | None:
    """Bytes of memory available to new processes (MemAvailable), None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):  # pragma: no cover - not POSIX
        return None


def check_jobs(requested: int | None, option: str = "--jobs") -> int | None:
    """`requested` if it is a valid --jobs value (None or 0: automatic); JuliatagError otherwise."""
    if requested is None:
        return None
    if isinstance(requested, bool) or not isinstance(requested, int):
        raise JuliatagError(f"{option} must be a whole number, got {requested!r}")
    if requested < 0:
        raise JuliatagError(f"{option} must be 0 (one per core) or more, got {requested}")
    if requested > MAX_JOBS:
        raise JuliatagError(f"{option} must be at most {MAX_JOBS}, got {requested}")
    return requested or None


@dataclass(frozen=True)
class Jobs:
    """The worker count a command uses, and why it is lower than asked, if it is."""

    count: int
    requested: int | None
    limited_by: str | None = None  # "tasks", "memory" or None

    def note(self, command: str) -> str | None:
        """One line for the summary when a limit applied, else None."""
        if self.limited_by == "tasks":
            return f"{self.count} worker(s): there are only {self.count} task(s)"
        if self.limited_by == "memory":
            per = WORKER_MEMORY.get(command, 0) / GiB
            return (f"{self.count} worker(s): the memory available allows {self.count} at the assumed "
                    f"{per:.1f} GiB per {command} worker")
        return None


def resolve_jobs(requested: int | None, command: str, tasks: int | None = None,
                 memory: int | None = None, option: str = "--jobs") -> Jobs:
    """The number of workers for `command`: `requested` (None or 0: one per core), capped at
    `tasks` and at `memory` (default: available now) over `WORKER_MEMORY[command]`."""
    requested = check_jobs(requested, option)
    count = requested if requested is not None else available_cpus()
    limited_by = None
    if tasks is not None and count > max(1, tasks):
        count, limited_by = max(1, tasks), "tasks"
    per_worker = WORKER_MEMORY.get(command)
    memory = available_memory() if memory is None else memory
    if per_worker and memory is not None and count > 1:
        fits = max(1, memory // per_worker)
        if count > fits:
            count, limited_by = fits, "memory"
    return Jobs(count, requested, limited_by)
