"""Writing a split as a `datasets` folder (`datasets.load_from_disk` opens it).

The layout mirrors what `Dataset.save_to_disk` writes — `data-NNNNN-of-NNNNN.arrow` (Arrow IPC
*stream* files), `state.json`, `dataset_info.json` — but is written here with pyarrow so that the
bytes depend only on the rows: `save_to_disk` would put a random fingerprint in `state.json`.
Ours is derived from the data files' sha256.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pyarrow as pa

from .columns import COLUMNS

BATCH_ROWS = 1000  # rows per record batch (datasets' default writer batch)


def hf_features() -> dict:
    """The columns in `datasets.Features` JSON form (`List` of `Value`)."""
    return {c.name: {"feature": {"dtype": c.numpy, "_type": "Value"}, "_type": "List"} for c in COLUMNS}


def arrow_schema() -> pa.Schema:
    fields = [pa.field(c.name, pa.list_(pa.from_numpy_dtype(np.dtype(c.numpy)))) for c in COLUMNS]
    meta = {"huggingface": json.dumps({"info": {"features": hf_features()}})}
    return pa.schema(fields, metadata=meta)


def rows_to_batch(rows: np.ndarray, schema: pa.Schema) -> pa.RecordBatch:
    """`[k, seq_len]` TOKEN_DTYPE rows as a record batch of list columns."""
    k, seq_len = rows.shape
    offsets = pa.array(np.arange(0, (k + 1) * seq_len, seq_len, dtype=np.int32))
    arrays = []
    for c, f in zip(COLUMNS, schema, strict=False):
        values = pa.array(np.ascontiguousarray(rows[c.name]).reshape(-1), type=f.type.value_type)
        arrays.append(pa.ListArray.from_arrays(offsets, values))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


class ArrowSplitWriter:
    """Writes one split's shards into `folder`; `close` names them and writes the metadata files."""

    def __init__(self, folder: Path, split: str):
        self.folder = folder
        self.split = split
        self.schema = arrow_schema()
        self.files: list[Path] = []
        self.rows = 0
        self.bytes = 0
        folder.mkdir(parents=True, exist_ok=True)

    def write_shard(self, index: int, rows: np.ndarray) -> None:
        path = self.folder / f"data-{index:05d}.arrow"
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, self.schema) as writer:
            for i in range(0, len(rows), BATCH_ROWS):
                writer.write_batch(rows_to_batch(rows[i:i + BATCH_ROWS], self.schema))
        self.files.append(path)
        self.rows += len(rows)
        self.bytes += int(rows.size) * rows.dtype.itemsize

    def close(self) -> list[Path]:
        """Rename the shards to `data-i-of-n.arrow` and write `state.json` and `dataset_info.json`."""
        n = len(self.files)
        final = []
        digest = hashlib.sha256()
        for i, path in enumerate(self.files):
            target = self.folder / f"data-{i:05d}-of-{n:05d}.arrow"
            path.rename(target)
            final.append(target)
            with open(target, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
        state = {
            "_data_files": [{"filename": p.name} for p in final],
            "_fingerprint": digest.hexdigest()[:16],
            "_format_columns": None,
            "_format_kwargs": {},
            "_format_type": None,
            "_output_all_columns": False,
            "_split": self.split,
        }
        info = {
            "citation": "",
            "description": f"juliatag shards, {self.split} split: packed BPE token rows with per-token Julia type labels",
            "features": hf_features(),
            "homepage": "",
            "license": "",
        }
        (self.folder / "state.json").write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        (self.folder / "dataset_info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        return final
