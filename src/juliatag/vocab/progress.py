"""Progress reporting without a UI: the library calls `progress(stage, done, total)`."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int | None], None]
"""`progress(stage, done, total)`: `done` items of `total` (None when unknown) in `stage`."""


def no_progress(stage: str, done: int, total: int | None) -> None:
    """The default callback: ignore progress."""
