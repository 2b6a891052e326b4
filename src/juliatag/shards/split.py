"""The train/validation split: by package, deterministic, independent of corpus order.

A package goes to validation when the first 8 bytes of sha256(its UTF-8 name), read as a
big-endian integer and divided by 2**64, fall below `val_fraction`. Each package's side depends
only on its name and the fraction, so adding packages never moves the others. When there are at
least two packages and `val_fraction > 0`, each side gets at least one: if the rule leaves
validation empty, the package with the smallest hash goes there; if it leaves train empty, the
one with the largest hash goes to train.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..errors import JuliatagError

TRAIN = "train"
VALIDATION = "validation"
SPLITS = (TRAIN, VALIDATION)

SPLIT_RULE = (
    "by package: validation iff int.from_bytes(sha256(package.encode('utf-8')).digest()[:8], 'big') / 2**64 "
    "< val_fraction; with >= 2 packages and val_fraction > 0 each split gets at least one package "
    "(the smallest-hash package moves to an empty validation, the largest-hash one to an empty train)"
)


def package_score(package: str) -> float:
    """The package's position in [0, 1), fixed by its name."""
    return int.from_bytes(hashlib.sha256(package.encode("utf-8")).digest()[:8], "big") / 2**64


@dataclass(frozen=True)
class SplitPlan:
    """Which packages go to which split."""

    val_fraction: float
    train: tuple[str, ...]
    validation: tuple[str, ...]
    forced: str | None = None  # the package moved by the at-least-one rule, if any

    def __post_init__(self) -> None:
        object.__setattr__(self, "_validation_set", frozenset(self.validation))

    def split_of(self, package: str) -> str:
        return VALIDATION if package in self._validation_set else TRAIN

    def describe(self) -> dict:
        return {
            "rule": SPLIT_RULE,
            "val_fraction": self.val_fraction,
            "forced": self.forced,
            "packages": {TRAIN: list(self.train), VALIDATION: list(self.validation)},
        }


def plan_split(packages, val_fraction: float) -> SplitPlan:
    """Assign every package to a split (see the module docstring)."""
    if not 0.0 <= val_fraction < 1.0:
        raise JuliatagError(f"--val-fraction must be in [0, 1), got {val_fraction}")
    names = sorted(set(packages))
    if not names:
        raise JuliatagError("the corpus has no documents")
    if val_fraction == 0.0:
        return SplitPlan(val_fraction, tuple(names), ())
    if len(names) == 1:
        raise JuliatagError(
            f"the corpus has one package ({names[0] or '<no package>'}) and the split is by package: "
            "ingest at least two packages, or pass --val-fraction 0 to write a train split only"
        )
    scores = {name: package_score(name) for name in names}
    validation = {name for name in names if scores[name] < val_fraction}
    forced = None
    if not validation:
        forced = min(names, key=lambda n: (scores[n], n))
        validation = {forced}
    elif len(validation) == len(names):
        forced = max(names, key=lambda n: (scores[n], n))
        validation.discard(forced)
    train = tuple(n for n in names if n not in validation)
    return SplitPlan(val_fraction, train, tuple(sorted(validation)), forced)
