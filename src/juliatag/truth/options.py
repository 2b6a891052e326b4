"""The options of `juliatag check-truth`, checked, with their limits named in one place."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import JuliatagError
from ..ingest.options import IngestOptions
from ..jobs import check_jobs

FAILURE_MODES = ("none", "wrong", "all")   # which cases to list: none, wrong ones, wrong and unknown
DEFAULT_FILE_TIMEOUT = 30.0                # seconds to label one file (as ingest's --file-timeout)
MAX_FILE_TIMEOUT = 3600.0
DEFAULT_MAX_FILE_BYTES = 5_000_000         # larger files are not read (as ingest)
MAX_DOCTEST_GROUP_BYTES = 200_000          # a doctest sequence longer than this is not labelled
MAX_PACKAGE_SEARCH_DEPTH = 3               # folder levels searched below a source for package folders


@dataclass(frozen=True)
class TruthOptions:
    failures: str = "none"
    file_timeout: float = DEFAULT_FILE_TIMEOUT
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    jobs: int = 0                              # worker processes, one package each; 0: all cores (capped)

    def resolved(self) -> TruthOptions:
        """A checked copy (JuliatagError with a one-line reason if a value is bad)."""
        failures = (self.failures or "none").strip().lower()
        if failures not in FAILURE_MODES:
            raise JuliatagError(f"--failures takes one of {', '.join(FAILURE_MODES)}, got {self.failures!r}")
        if not 0 < self.file_timeout <= MAX_FILE_TIMEOUT:
            raise JuliatagError(f"--file-timeout must be in (0, {MAX_FILE_TIMEOUT:g}] seconds, got {self.file_timeout}")
        if self.max_file_bytes < 1:
            raise JuliatagError(f"--max-file-bytes must be at least 1, got {self.max_file_bytes}")
        check_jobs(self.jobs)
        return replace(self, failures=failures)

    def ingest_options(self):
        """The ingest options the labels are made with (static backend, fatou, inference on)."""
        return IngestOptions(jobs=1, backend="static", parser="fatou", infer=True,
                             max_file_bytes=self.max_file_bytes, file_timeout=self.file_timeout)
