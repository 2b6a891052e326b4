"""The run's metrics log: `RUN/metrics.jsonl`, one JSON object a line, each with `step` and
`loss` (and `split`: "train" or "validation"). Appends never follow a symbolic link; rewrites
go through juliatag.model.weights.write_atomic."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import JuliatagError
from ..model.weights import write_atomic

METRICS_NAME = "metrics.jsonl"


class MetricsLog:
    def __init__(self, run: Path):
        self.path = Path(run) / METRICS_NAME

    def write(self, record: dict) -> None:
        if "step" not in record or "loss" not in record:
            raise ValueError(f"a metrics record needs step and loss: {record}")
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise JuliatagError(f"cannot append to {self.path}: {exc.strerror or exc}") from exc
        with os.fdopen(fd, "a") as f:
            f.write(json.dumps(record) + "\n")

    def truncate_after(self, step: int) -> None:
        """Drop the lines of steps after `step` (a resumed run logs them again)."""
        if not self.path.is_file() or self.path.is_symlink():
            if self.path.is_symlink():
                self.path.unlink()  # never ours: train writes a plain file
            return
        keep = [line for line in self.path.read_text().splitlines()
                if line.strip() and json.loads(line)["step"] <= step]
        text = "".join(line + "\n" for line in keep)
        write_atomic(self.path, lambda fh: fh.write(text.encode()))


def read_metrics(run: Path) -> list[dict]:
    path = Path(run) / METRICS_NAME
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
