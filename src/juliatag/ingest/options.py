"""Options and summary of an ingest run."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from ..sources import DEFAULT_MAX_FILE_BYTES

BACKENDS = ("static", "julia")
EXECUTORS = ("local", "dask", "ray")


@dataclass
class IngestOptions:
    jobs: int = 0                      # 0: all cores
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
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
