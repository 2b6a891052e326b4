"""One split's writers: its token stream goes to the row packer (arrow, pt shards) and to the flat
streams (bin), and its counts are kept for the manifest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .arrow_writer import ArrowSplitWriter
from .bin_writer import BinSplitWriter
from .columns import na_record
from .options import ShardOptions
from .packing import RowPacker, ShardCutter
from .pt_writer import PtSplitWriter
from .tokenizer import TokenizerInfo


@dataclass
class SplitCounts:
    """A split's totals, as written into the manifest's `counts`."""

    documents: int = 0
    tokens: int = 0  # stream tokens: document tokens + one <|endoftext|> per document
    text_bytes: int = 0
    rows: int = 0
    pad_tokens: int = 0
    shards: int = 0
    packages: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents, "tokens": self.tokens, "text_bytes": self.text_bytes, "rows": self.rows,
            "pad_tokens": self.pad_tokens, "shards": self.shards, "packages": len(self.packages),
        }


class SplitSink:
    """One split's writers: rows -> shards for arrow/pt, documents -> streams for bin."""

    def __init__(self, split: str, staging: Path, opts: ShardOptions, tok: TokenizerInfo):
        self.split = split
        self.counts = SplitCounts()
        self.arrow = ArrowSplitWriter(staging / split, split) if "arrow" in opts.formats else None
        self.pt = PtSplitWriter(staging / "pt", split) if "pt" in opts.formats else None
        self.bin = BinSplitWriter(staging / "bin", split) if "bin" in opts.formats else None
        self.row_writers = [w for w in (self.arrow, self.pt) if w is not None]
        self.cutter = ShardCutter(opts.seq_len, opts.rows_per_shard, self._write_shard) if self.row_writers else None
        self.packer = RowPacker(opts.seq_len, na_record(tok.pad_id), self.cutter.add if self.cutter else _drop)

    def _write_shard(self, index: int, rows: np.ndarray) -> None:
        for w in self.row_writers:
            w.write_shard(index, rows)

    def add(self, tokens: np.ndarray, doc_tokens: np.ndarray, doc_bytes: np.ndarray, packages: list[str]) -> None:
        self.packer.add(tokens)
        if self.bin is not None:
            self.bin.add(tokens, doc_tokens)
        c = self.counts
        c.documents += len(doc_tokens)
        c.tokens += len(tokens)
        c.text_bytes += int(doc_bytes.sum())
        c.packages.update(packages)

    def close(self) -> dict:
        self.packer.finish()
        if self.cutter is not None:
            self.cutter.finish()
            self.counts.shards = self.cutter.shards
        self.counts.rows = self.packer.rows
        self.counts.pad_tokens = self.packer.pad_tokens
        for w in self.row_writers:
            w.close()
        if self.bin is not None:
            self.bin.close()
        return self.counts.as_dict()


def _drop(_rows: np.ndarray) -> None:
    """Row sink for `--formats bin` alone: rows are only counted."""
