"""The options of `juliatag shard`, checked and with their defaults filled in."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import JuliatagError
from ..jobs import available_cpus, check_jobs, resolve_jobs

FORMATS = ("arrow", "pt", "bin")
DEFAULT_FORMATS = ("arrow", "pt")
MIN_SEQ_LEN = 8
MAX_SEQ_LEN = 1 << 20


def default_jobs() -> int:
    """One worker per available core (kept for callers; the resolver is `juliatag.jobs`)."""
    return available_cpus()


@dataclass
class ShardOptions:
    """Options of `juliatag shard` (see the CLI help for each)."""

    seq_len: int = 2048
    val_fraction: float = 0.1
    formats: tuple[str, ...] = DEFAULT_FORMATS
    jobs: int | None = None  # None or 0: all cores (capped by what memory allows)
    rows_per_shard: int | None = None  # None: about 2M tokens per shard

    def resolved(self) -> ShardOptions:
        """A copy with defaults filled in, after checking every value (JuliatagError if bad)."""
        if isinstance(self.seq_len, bool) or not isinstance(self.seq_len, int) \
                or not MIN_SEQ_LEN <= self.seq_len <= MAX_SEQ_LEN:
            raise JuliatagError(f"--seq-len must be between {MIN_SEQ_LEN} and {MAX_SEQ_LEN}, got {self.seq_len}")
        if not isinstance(self.val_fraction, (int, float)) or not math.isfinite(self.val_fraction) \
                or not 0.0 <= self.val_fraction < 1.0:
            raise JuliatagError(f"--val-fraction must be in [0, 1), got {self.val_fraction}")
        formats = tuple(dict.fromkeys(f.strip().lower() for f in self.formats if f.strip()))
        unknown = [f for f in formats if f not in FORMATS]
        if unknown or not formats:
            raise JuliatagError(f"--formats takes a comma-separated subset of {','.join(FORMATS)}, got {','.join(self.formats)}")
        check_jobs(self.jobs)
        jobs = resolve_jobs(self.jobs, "shard").count
        rows = self.rows_per_shard if self.rows_per_shard is not None else max(1, (1 << 21) // self.seq_len)
        if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
            raise JuliatagError(f"--rows-per-shard must be at least 1, got {rows}")
        return ShardOptions(self.seq_len, self.val_fraction, tuple(f for f in FORMATS if f in formats), jobs, rows)
