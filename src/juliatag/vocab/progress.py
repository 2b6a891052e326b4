"""Progress reporting without a UI: the library calls `progress(ProgressEvent(stage, done, total))`
(the project's one protocol, `juliatag.progress`)."""

from __future__ import annotations

from ..progress import ProgressCallback, ProgressEvent, no_progress

Progress = ProgressCallback

__all__ = ["Progress", "ProgressEvent", "no_progress"]
