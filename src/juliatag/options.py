"""Checks shared by every command's options dataclass, and the options of the labeling commands
(`label`, `score-labels`, `compare-backends`).

Every command has an options dataclass whose `resolved()` returns a checked copy (one-line
JuliatagError naming the option otherwise): `IngestOptions`, `ShardOptions`, `VocabOptions`,
`StatsOptions` live beside their stage; the three below call into `label_file`, `scoring` and
`backends.compare`. The CLI passes only the options the user set; the defaults live here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import JuliatagError, MissingInputError
from .sources import DEFAULT_MAX_FILE_BYTES

LABEL_BACKENDS = ("static", "julia")
MAX_SECONDS = 24 * 3600.0  # a per-file limit above a day is surely a mistake


def check_whole(name: str, value, lower: int = 1, upper: int | None = None) -> int:
    """`value` if it is a whole number in [lower, upper]; JuliatagError naming `name` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < lower:
        raise JuliatagError(f"{name} must be a whole number of at least {lower}, got {value!r}")
    if upper is not None and value > upper:
        raise JuliatagError(f"{name} must be at most {upper}, got {value}")
    return value


def check_seconds(name: str, value, upper: float = MAX_SECONDS) -> float:
    """`value` if it is a finite number of seconds in (0, upper]; JuliatagError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0 < value <= upper:
        raise JuliatagError(f"{name} must be a number of seconds above 0 and at most {upper:g}, got {value!r}")
    return value


def check_choice(name: str, value, choices) -> str:
    if value not in choices:
        raise JuliatagError(f"unknown {name} {value!r} (choose from {', '.join(choices)})")
    return value


@dataclass
class LabelOptions:
    """Options of `juliatag label`."""

    backend: str = "static"
    allow_exec: bool = False   # julia backend: evaluate the file's definitions (runs its code)

    def resolved(self) -> LabelOptions:
        check_choice("backend", self.backend, LABEL_BACKENDS)
        return replace(self)


@dataclass
class ScoreOptions:
    """Options of `juliatag score-labels`."""

    gold: tuple[Path, ...] = ()

    def resolved(self) -> ScoreOptions:
        gold = tuple(Path(g) for g in self.gold)
        if not gold:
            raise JuliatagError("give at least one gold file")
        for g in gold:
            if not g.is_file():
                raise MissingInputError(f"gold file not found: {g}")
        return replace(self, gold=gold)


@dataclass
class CompareOptions:
    """Options of `juliatag compare-backends`."""

    allow_exec: bool = False
    file_timeout: float = 120.0              # seconds per file for the Julia worker
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    def resolved(self) -> CompareOptions:
        check_seconds("--file-timeout", self.file_timeout)
        check_whole("--max-file-bytes", self.max_file_bytes)
        return replace(self)
