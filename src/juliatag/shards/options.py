"""The options of `juliatag shard`, checked and with their defaults filled in."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import JuliatagError

FORMATS = ("arrow", "pt", "bin")
DEFAULT_FORMATS = ("arrow", "pt")
MIN_SEQ_LEN = 8
MAX_SEQ_LEN = 1 << 20


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class ShardOptions:
    """Options of `juliatag shard` (see the CLI help for each)."""

    seq_len: int = 2048
    val_fraction: float = 0.1
    formats: tuple[str, ...] = DEFAULT_FORMATS
    jobs: int | None = None  # None: all cores
    rows_per_shard: int | None = None  # None: about 2M tokens per shard

    def resolved(self) -> ShardOptions:
        """A copy with defaults filled in, after checking every value (JuliatagError if bad)."""
        if not MIN_SEQ_LEN <= self.seq_len <= MAX_SEQ_LEN:
            raise JuliatagError(f"--seq-len must be between {MIN_SEQ_LEN} and {MAX_SEQ_LEN}, got {self.seq_len}")
        if not 0.0 <= self.val_fraction < 1.0:
            raise JuliatagError(f"--val-fraction must be in [0, 1), got {self.val_fraction}")
        formats = tuple(dict.fromkeys(f.strip().lower() for f in self.formats if f.strip()))
        unknown = [f for f in formats if f not in FORMATS]
        if unknown or not formats:
            raise JuliatagError(f"--formats takes a comma-separated subset of {','.join(FORMATS)}, got {','.join(self.formats)}")
        jobs = default_jobs() if self.jobs is None else self.jobs
        if jobs < 1:
            raise JuliatagError(f"--jobs must be at least 1, got {jobs}")
        rows = self.rows_per_shard if self.rows_per_shard is not None else max(1, (1 << 21) // self.seq_len)
        if rows < 1:
            raise JuliatagError(f"--rows-per-shard must be at least 1, got {rows}")
        return ShardOptions(self.seq_len, self.val_fraction, tuple(f for f in FORMATS if f in formats), jobs, rows)
