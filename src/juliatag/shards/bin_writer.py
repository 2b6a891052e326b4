"""Writing a split as flat binary streams (`--formats bin`), the form nanoGPT-style and
Rust/Candle trainers memory-map.

`bin/{split}.tokens.bin` is the split's token stream as little-endian uint16: every document
followed by `<|endoftext|>`, no padding. `bin/{split}.{label}.bin` holds one label per token in
the same order (dtypes in `bin/meta.json`). `bin/{split}.docs.idx` holds little-endian uint64
document end offsets in tokens, counting the document's trailing `<|endoftext|>` (datatrove's
`.ds.index` convention): document i is `tokens[idx[i-1]:idx[i]-1]`, with idx[-1] = 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .columns import COLUMNS

BIN_META = "meta.json"


def stream_name(column: str) -> str:
    return "tokens" if column == "input_ids" else column


class BinSplitWriter:
    """Appends one split's documents to its streams."""

    def __init__(self, folder: Path, split: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.split = split
        self.paths = {c.name: folder / f"{split}.{stream_name(c.name)}.bin" for c in COLUMNS}
        self.idx_path = folder / f"{split}.docs.idx"
        self.files = {name: open(path, "wb") for name, path in self.paths.items()}
        self.idx = open(self.idx_path, "wb")
        self.tokens = 0
        self.documents = 0

    def add(self, tokens: np.ndarray, doc_tokens: np.ndarray) -> None:
        """Append whole documents: `tokens` is their stream, `doc_tokens` their lengths (EOT included)."""
        for c in COLUMNS:
            values = np.ascontiguousarray(tokens[c.name]).astype(np.dtype(c.numpy).newbyteorder("<"), copy=False)
            self.files[c.name].write(values.tobytes())
        ends = self.tokens + np.cumsum(doc_tokens, dtype=np.int64)
        self.idx.write(ends.astype("<u8").tobytes())
        self.tokens += int(doc_tokens.sum())
        self.documents += len(doc_tokens)

    def close(self) -> list[Path]:
        for f in self.files.values():
            f.close()
        self.idx.close()
        return [*self.paths.values(), self.idx_path]


def bin_meta(splits: dict[str, dict], eot_id: int, pad_id: int) -> dict:
    """The content of `bin/meta.json`."""
    return {
        "format": "juliatag-bin",
        "version": 1,
        "byte_order": "little",
        "streams": {stream_name(c.name): {"column": c.name, "dtype": c.numpy, "na": c.na} for c in COLUMNS},
        "files": "{split}.{stream}.bin, one value per token; {split}.docs.idx uint64 document end offsets",
        "docs_idx": {"dtype": "uint64", "meaning": "end offset (in tokens) of each document, its <|endoftext|> included"},
        "eot_id": eot_id,
        "pad_id": pad_id,
        "splits": splits,
    }


def write_bin_meta(folder: Path, meta: dict) -> Path:
    path = folder / BIN_META
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path
