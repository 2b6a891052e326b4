"""The run's metrics log: `RUN/metrics.jsonl`, one JSON object a line, each with `step` and
`loss` (and `split`: "train" or "validation")."""

from __future__ import annotations

import json
from pathlib import Path

METRICS_NAME = "metrics.jsonl"


class MetricsLog:
    def __init__(self, run: Path):
        self.path = Path(run) / METRICS_NAME

    def write(self, record: dict) -> None:
        assert "step" in record and "loss" in record, record
        with self.path.open("a") as f:
            f.write(json.dumps(record) + "\n")

    def truncate_after(self, step: int) -> None:
        """Drop the lines of steps after `step` (a resumed run logs them again)."""
        if not self.path.is_file():
            return
        keep = [line for line in self.path.read_text().splitlines()
                if line.strip() and json.loads(line)["step"] <= step]
        self.path.write_text("".join(line + "\n" for line in keep))


def read_metrics(run: Path) -> list[dict]:
    path = Path(run) / METRICS_NAME
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
