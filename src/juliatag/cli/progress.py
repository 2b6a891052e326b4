"""Rich progress bars and summary tables shared by commands."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn, TransferSpeedColumn)

err_console = Console(stderr=True)
out_console = Console()


def _bar(show: bool | None, *extra_columns) -> Progress | None:
    """A progress bar on stderr, or None when it is not to be drawn (by default: not a terminal)."""
    if not (sys.stderr.isatty() if show is None else show):
        return None
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), *extra_columns,
                    TimeElapsedColumn(), TimeRemainingColumn(), console=err_console, transient=False)


@contextmanager
def file_progress(description: str, total: int | None = None, show: bool | None = None):
    """Yields a callback(event dict) that advances a progress bar (only drawn on a terminal)."""
    progress = _bar(show, TransferSpeedColumn())
    if progress is None:
        yield lambda event: None
        return
    with progress:
        task = progress.add_task(description, total=total)

        def advance(event: dict) -> None:
            progress.advance(task, 1)

        yield advance


@contextmanager
def staged_progress(description: str, show: bool | None = None):
    """Progress for plan-then-run commands: a spinner while planning, then a bar over files."""
    progress = _bar(show)
    if progress is None:
        yield lambda event: None
        return
    with progress:
        planning = progress.add_task(f"{description}: reading", total=None)
        state = {"label": None}

        def advance(event: dict) -> None:
            kind = event.get("event")
            if kind == "planned":
                progress.advance(planning, 1)
            elif kind == "start":
                progress.update(planning, total=progress.tasks[planning].completed, visible=False)
                state["label"] = progress.add_task(f"{description}: labeling", total=event["files"],
                                                   completed=event.get("done_files", 0))
            elif kind == "task" and state["label"] is not None:
                progress.advance(state["label"], event["files"])

        yield advance
