"""Writing a split as `pt/{split}-NNNNN.pt`: dicts of `[rows, seq_len]` tensors.

Each file loads with `torch.load(path, weights_only=True)`. The tensor dtypes are the trainer's
contract (`columns.COLUMNS[*].torch`): input_ids int32, type_ids int16, concreteness / depth /
stability int8, kind uint8, flags int32. `torch.save` is given an open file (not a path), so the
archive's inner folder is always named `archive` and the bytes depend only on the tensors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import JuliatagError
from .columns import COLUMNS


def require_torch():
    try:
        import torch
    except ImportError as exc:
        raise JuliatagError(
            "the pt format needs torch (pip install 'juliatag[train]'), or choose --formats arrow,bin"
        ) from exc
    return torch


class PtSplitWriter:
    """Writes one split's shards into `folder` as `{split}-NNNNN.pt`."""

    def __init__(self, folder: Path, split: str):
        self.torch = require_torch()
        self.folder = folder
        self.split = split
        self.files: list[Path] = []
        folder.mkdir(parents=True, exist_ok=True)

    def write_shard(self, index: int, rows: np.ndarray) -> None:
        torch = self.torch
        tensors = {
            c.name: torch.from_numpy(np.ascontiguousarray(rows[c.name]).astype(c.torch, copy=False))
            for c in COLUMNS
        }
        path = self.folder / f"{self.split}-{index:05d}.pt"
        with open(path, "wb") as f:
            torch.save(tensors, f)
        self.files.append(path)

    def close(self) -> list[Path]:
        return list(self.files)
