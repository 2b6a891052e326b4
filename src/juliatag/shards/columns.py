"""The shard columns: names, dtypes per output format, n/a values, and the corpus column each comes from.

Inside the pipeline a stretch of tokens is one NumPy structured array of `TOKEN_DTYPE` (10 bytes
per token), so that slicing, concatenating and shipping between processes is one operation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import schema


@dataclass(frozen=True)
class Column:
    """One shard column and how it is stored in each format."""

    name: str
    source: str | None  # corpus column it is carried from (None: the token id itself)
    numpy: str  # dtype inside the pipeline, in Arrow and in the flat .bin streams
    torch: str  # dtype of the tensor in the .pt shards
    na: int  # value for tokens that carry no label (trivia, <|endoftext|>, <|pad|>)


COLUMNS: tuple[Column, ...] = (
    Column("input_ids", None, "uint16", "int32", 0),  # na unused: pad/EOT ids come from the tokenizer
    Column("type_ids", "lex_type_id", "int16", "int16", schema.TYPE_ID_NA),
    Column("concreteness", "lex_concreteness", "int8", "int8", schema.C_NA),
    Column("depth", "lex_depth", "int8", "int8", schema.DEPTH_NA),
    Column("stability", "lex_stability", "int8", "int8", schema.S_NA),
    Column("kind", "lex_kind", "uint8", "uint8", schema.K_NONE),
    Column("flags", "lex_flags", "uint16", "int32", 0),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
LABEL_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.source is not None)

TOKEN_DTYPE = np.dtype([(c.name, c.numpy) for c in COLUMNS])

# corpus columns the shard step reads
CORPUS_COLUMNS: tuple[str, ...] = (
    "path", "package", "text", "lex_start", "lex_end",
) + tuple(c.source for c in LABEL_COLUMNS)


def na_record(token_id: int) -> np.ndarray:
    """A one-element `TOKEN_DTYPE` array: `token_id` with every label n/a."""
    rec = np.zeros(1, dtype=TOKEN_DTYPE)
    for c in LABEL_COLUMNS:
        rec[c.name] = c.na
    rec["input_ids"] = token_id
    return rec


def column_table() -> dict:
    """The column description written into the manifest."""
    return {
        c.name: {"source": c.source, "arrow": c.numpy, "bin": c.numpy, "pt": c.torch, "na": c.na}
        for c in COLUMNS
    }
