"""Rich progress bars and summary tables shared by commands.

Every command's library call reports `juliatag.progress.ProgressEvent`s; `event_progress` draws
one bar per stage (a spinner while the stage's total is unknown), on stderr, only on a terminal.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)

from ..progress import ProgressEvent

err_console = Console(stderr=True)
out_console = Console()


@contextmanager
def event_progress(description: str, show: bool | None = None):
    """Yields a callback(ProgressEvent) that draws one bar per stage (only on a terminal by default)."""
    if not (sys.stderr.isatty() if show is None else show):
        yield lambda event: None
        return
    progress = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TimeRemainingColumn(), console=err_console, transient=True)
    with progress:
        tasks: dict[str, int] = {}

        def update(event: ProgressEvent) -> None:
            if event.stage not in tasks:
                for other in tasks.values():  # a new stage: the earlier ones are over
                    progress.update(other, visible=False)
                tasks[event.stage] = progress.add_task(f"{description}: {event.stage}", total=event.total)
            progress.update(tasks[event.stage], completed=event.done, total=event.total,
                            description=f"{description}: {event.stage}" + (f" {event.note}" if event.note else ""))

        yield update
