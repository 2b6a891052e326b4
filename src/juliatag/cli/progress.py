"""Rich progress bars and summary tables shared by commands."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn, TransferSpeedColumn)

err_console = Console(stderr=True)
out_console = Console()


@contextmanager
def file_progress(description: str, total: int | None = None, show: bool | None = None):
    """Yields a callback(event dict) that advances a progress bar (only drawn on a terminal)."""
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        yield lambda event: None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TransferSpeedColumn(),
        TimeElapsedColumn(), TimeRemainingColumn(), console=err_console, transient=False,
    )
    with progress:
        task = progress.add_task(description, total=total)

        def advance(event: dict) -> None:
            progress.advance(task, 1)

        yield advance
