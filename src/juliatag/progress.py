"""The one progress protocol of the library: commands call `progress(ProgressEvent(...))`.

An event says which stage the work is in, how many units of it are done and how many there are
in all (None while unknown). The CLI turns events into progress bars (one per stage); library
callers may ignore them (`no_progress`) or record them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProgressEvent:
    stage: str                 # "reading", "labeling", "training", "checking", "encoding", ...
    done: int                  # units done so far in this stage (absolute, not a step)
    total: int | None = None   # units in the stage; None while unknown
    unit: str = "files"
    note: str = ""             # a short status shown beside the bar ("loss 2.314")


ProgressCallback = Callable[[ProgressEvent], None]


def no_progress(event: ProgressEvent) -> None:
    """The default callback: ignore progress."""
