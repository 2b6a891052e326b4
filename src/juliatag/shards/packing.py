"""Packing a split's token stream into fixed-length rows, and cutting rows into shards.

The stream is the split's documents in corpus order, each followed by `<|endoftext|>`
(see `encode`). `RowPacker` cuts it into rows of `seq_len` tokens — documents run on across
row boundaries, nothing is dropped — and pads the tail of the last row with `<|pad|>`.
`ShardCutter` groups rows into shards of `rows_per_shard`, so every row format rotates its
files at the same rows. Memory held: under one row plus one shard of rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .columns import TOKEN_DTYPE

RowsSink = Callable[[np.ndarray], None]
ShardSink = Callable[[int, np.ndarray], None]


class RowPacker:
    """Cuts a token stream into rows of `seq_len`; full rows go to `sink` as `[k, seq_len]` arrays."""

    def __init__(self, seq_len: int, pad: np.ndarray, sink: RowsSink):
        self.seq_len = seq_len
        self.pad = pad
        self.sink = sink
        self.carry = np.empty(0, dtype=TOKEN_DTYPE)
        self.rows = 0
        self.pad_tokens = 0

    def add(self, tokens: np.ndarray) -> None:
        if len(tokens) == 0:
            return
        stream = np.concatenate([self.carry, tokens]) if len(self.carry) else tokens
        k = len(stream) // self.seq_len
        if k:
            self.sink(stream[: k * self.seq_len].reshape(k, self.seq_len))
            self.rows += k
        self.carry = stream[k * self.seq_len:].copy()

    def finish(self) -> None:
        """Pad and emit the last, partial row (if any)."""
        if len(self.carry):
            self.pad_tokens = self.seq_len - len(self.carry)
            row = np.concatenate([self.carry, np.repeat(self.pad, self.pad_tokens)])
            self.carry = np.empty(0, dtype=TOKEN_DTYPE)
            self.sink(row.reshape(1, self.seq_len))
            self.rows += 1


class ShardCutter:
    """Collects rows and hands them on `rows_per_shard` at a time as `(shard_index, rows)`.

    A split with no rows still gets one (empty) shard, so every split has files to open.
    """

    def __init__(self, seq_len: int, rows_per_shard: int, sink: ShardSink):
        self.buffer = np.empty((rows_per_shard, seq_len), dtype=TOKEN_DTYPE)
        self.filled = 0
        self.shards = 0
        self.sink = sink

    def add(self, rows: np.ndarray) -> None:
        i = 0
        while i < len(rows):
            take = min(len(rows) - i, len(self.buffer) - self.filled)
            self.buffer[self.filled:self.filled + take] = rows[i:i + take]
            self.filled += take
            i += take
            if self.filled == len(self.buffer):
                self._flush()

    def _flush(self) -> None:
        self.sink(self.shards, self.buffer[: self.filled])
        self.shards += 1
        self.filled = 0

    def finish(self) -> None:
        if self.filled or self.shards == 0:
            self._flush()
