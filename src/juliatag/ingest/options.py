"""Options and summary of an ingest run.

`IngestOptions.resolved()` checks every value (one-line JuliatagError naming the option) and is
called by `ingest` before any work; the CLI passes only the options the user set.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace

from ..errors import JuliatagError
from ..jobs import available_cpus, check_jobs
from ..options import check_choice, check_seconds, check_whole
from ..sources import DEFAULT_MAX_FILE_BYTES

BACKENDS = ("static", "julia")
EXECUTORS = ("local", "dask", "ray")
PARSERS = ("fatou", "none")
MAX_TASK_FILES = 1 << 20


@dataclass
class IngestOptions:
    jobs: int | None = None            # None or 0: one per core (capped by tasks and memory)
    backend: str = "static"
    parser: str = "fatou"
    infer: bool = True
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    file_timeout: float = 30.0         # seconds for one file (parse and analysis)
    allow_exec: bool = False           # julia backend only
    near_dedup: bool = False
    near_dedup_threshold: float = 0.7
    executor: str = "local"
    scheduler: str | None = None       # address of an existing Dask scheduler / Ray cluster
    connect_timeout: float = 30.0      # seconds to reach that scheduler
    task_bytes: int = 1_000_000        # source bytes per task (a task is one output shard)
    task_files: int = 512

    def resolved(self) -> IngestOptions:
        """A checked copy (JuliatagError, one line, for a bad value). Recorded values are unchanged."""
        check_jobs(self.jobs)
        check_choice("backend", self.backend, BACKENDS)
        check_choice("executor", self.executor, EXECUTORS)
        if self.backend == "static":
            check_choice("parser", self.parser, PARSERS)
        check_whole("--max-file-bytes", self.max_file_bytes)
        check_seconds("--file-timeout", self.file_timeout)
        check_seconds("--connect-timeout", self.connect_timeout)
        check_whole("--task-bytes", self.task_bytes)
        check_whole("--task-files", self.task_files, upper=MAX_TASK_FILES)
        t = self.near_dedup_threshold
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not math.isfinite(t) or not 0 < t <= 1:
            raise JuliatagError(f"--near-dedup-threshold must be above 0 and at most 1, got {t!r}")
        if self.scheduler is not None and self.executor == "local":
            raise JuliatagError("--scheduler needs --executor dask or ray")
        return replace(self, jobs=self.jobs or None)

    def recorded(self) -> dict:
        """Options that determine the output. Jobs and executor do not, so they are not recorded."""
        return {"backend": self.backend, "parser": self.parser, "infer": self.infer,
                "max_file_bytes": self.max_file_bytes, "allow_exec": self.allow_exec,
                "near_dedup": self.near_dedup, "near_dedup_threshold": self.near_dedup_threshold,
                "task_bytes": self.task_bytes, "task_files": self.task_files, "file_timeout": self.file_timeout}


@dataclass
class IngestSummary:
    files_seen: int = 0
    files_labeled: int = 0
    skipped: Counter = field(default_factory=Counter)
    duplicates: int = 0
    near_duplicates: int = 0
    parse_failures: int = 0
    failed: int = 0
    bytes: int = 0
    lexemes: int = 0
    syntax_error_bytes: int = 0
    value_lexemes: int = 0
    known_value_lexemes: int = 0
    functions: int = 0
    tasks: int = 0
    tasks_resumed: int = 0
    seconds: float = 0.0
    out_dir: str = ""
    jobs: int = 0                      # workers used (not recorded: the output never depends on it)
    jobs_note: str | None = None       # why fewer workers than asked, if so

    def counts(self) -> dict:
        return {
            "files_seen": self.files_seen, "files_labeled": self.files_labeled,
            "files_skipped": dict(sorted(self.skipped.items())), "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "parse_failures": self.parse_failures,
            "bytes": self.bytes, "lexemes": self.lexemes, "syntax_error_bytes": self.syntax_error_bytes,
            "value_lexemes": self.value_lexemes, "known_value_lexemes": self.known_value_lexemes,
            "functions": self.functions, "tasks": self.tasks,
        }


def default_jobs() -> int:
    """One worker per available core (kept for callers; the resolver is `juliatag.jobs`)."""
    return available_cpus()
