"""The per-batch work of `juliatag shard`: encode documents, place tokens, carry labels.

`encode_documents` is what the joblib workers run. Its input is a pyarrow RecordBatch of corpus
rows (or that batch serialised as an Arrow IPC stream, which is cheaper to ship to another
process); its output is one `EncodedBatch`: the batch's documents as a single `TOKEN_DTYPE`
array, each document followed by `<|endoftext|>`. It depends only on its input, never on which
process runs it or how the corpus was cut into batches, which is what makes the shards the same
for any `--jobs`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .align import char_to_byte_offsets, first_nontrivia
from .columns import LABEL_COLUMNS, TOKEN_DTYPE
from .tokenizer import load_tokenizer, token_byte_lengths


@dataclass(frozen=True)
class EncodeSpec:
    """What every batch needs besides its rows (small and picklable)."""

    tokenizer_path: str
    tokenizer_sha256: str
    eot_id: int
    threads: int | None = None  # tokenizer threads per worker process (None: the tokenizers default)


@dataclass
class EncodedBatch:
    """A batch's kept documents, laid end to end, each followed by `<|endoftext|>`."""

    tokens: np.ndarray  # TOKEN_DTYPE, len == doc_tokens.sum()
    doc_tokens: np.ndarray  # int64 per kept document: its tokens + 1 (the EOT)
    doc_bytes: np.ndarray  # int64 per kept document: UTF-8 bytes of its text
    packages: list[str]  # per kept document
    rows: int  # corpus rows in the batch (kept + skipped)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    offset_fallbacks: int = 0  # documents placed by character offsets instead of byte lengths


_CACHE: dict[tuple[str, str], tuple[object, np.ndarray | None]] = {}


def _tokenizer(spec: EncodeSpec):
    key = (spec.tokenizer_path, spec.tokenizer_sha256)
    if key not in _CACHE:
        if spec.threads and "RAYON_NUM_THREADS" not in os.environ:
            # read by the tokenizers thread pool when it starts (the first encode in this process):
            # `jobs` workers x `threads` threads ~ the cores, instead of `jobs` x all cores
            os.environ["RAYON_NUM_THREADS"] = str(spec.threads)
        _CACHE.clear()
        tok = load_tokenizer(spec.tokenizer_path)
        _CACHE[key] = (tok, token_byte_lengths(tok))
    return _CACHE[key]


def _list_column(batch: pa.RecordBatch, name: str, dtype: str, na: int) -> tuple[np.ndarray, np.ndarray]:
    """(flattened values as `dtype`, per-row lengths) of a list column; nulls become `na`."""
    arr = batch.column(name)
    offsets = np.asarray(arr.offsets, dtype=np.int64)
    values = arr.flatten()
    if values.null_count:
        values = values.fill_null(na)
    lengths = np.diff(offsets)
    if arr.null_count:  # a null list counts as empty
        lengths = np.where(np.asarray(arr.is_null()), 0, lengths)
    return values.to_numpy(zero_copy_only=False).astype(dtype, copy=False), lengths


def _bad_tiling(lex_start: np.ndarray, lex_end: np.ndarray, counts: np.ndarray, nbytes: np.ndarray) -> np.ndarray:
    """Per document: True where its lexemes do not tile its text exactly."""
    n = len(counts)
    bad = np.zeros(n, dtype=bool)
    bad |= (counts == 0) & (nbytes != 0)
    if len(lex_start) == 0:
        return bad
    doc = np.repeat(np.arange(n), counts)
    bad[doc[lex_end < lex_start]] = True
    same_doc = doc[:-1] == doc[1:]
    bad[doc[:-1][same_doc & (lex_end[:-1] != lex_start[1:])]] = True
    ends = np.cumsum(counts)
    has = counts > 0
    first = (ends - counts)[has]
    last = ends[has] - 1
    bad[has] |= (lex_start[first] != 0) | (lex_end[last] != nbytes[has])
    return bad


def text_bytes(arr) -> np.ndarray:
    """UTF-8 byte length of every string in `arr` (0 for nulls), as int64."""
    return pc.binary_length(arr).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)


def _row_lengths(arr) -> np.ndarray:
    lengths = np.diff(np.asarray(arr.offsets, dtype=np.int64))
    if arr.null_count:
        lengths = np.where(np.asarray(arr.is_null()), 0, lengths)
    return lengths


def _screen(batch: pa.RecordBatch) -> tuple[pa.RecordBatch, list[tuple[str, str]]]:
    """Drop rows whose text is missing or whose lexeme columns disagree in length."""
    counts = _row_lengths(batch.column("lex_start"))
    uneven = np.zeros(batch.num_rows, dtype=bool)
    for name in ["lex_end"] + [c.source for c in LABEL_COLUMNS]:
        uneven |= _row_lengths(batch.column(name)) != counts
    text = batch.column("text")
    no_text = np.asarray(text.is_null()) if text.null_count else np.zeros(batch.num_rows, dtype=bool)
    bad = uneven | no_text
    if not bad.any():
        return batch, []
    paths = batch.column("path").to_pylist()
    skipped = [(paths[i] or "", "no text" if no_text[i] else "lexeme columns of unequal length")
               for i in np.flatnonzero(bad)]
    return batch.filter(pa.array(~bad)), skipped


def encode_documents(spec: EncodeSpec, batch) -> EncodedBatch:
    """Encode one batch of corpus rows and label every token (see `align`)."""
    if not isinstance(batch, pa.RecordBatch):
        batch = pa.ipc.open_stream(batch).read_next_batch()
    tok, byte_len = _tokenizer(spec)
    rows = batch.num_rows
    batch, skipped = _screen(batch)

    nbytes = text_bytes(batch.column("text"))
    lex_start, counts = _list_column(batch, "lex_start", "int64", 0)
    lex_end, _ = _list_column(batch, "lex_end", "int64", 0)
    labels = {col.name: _list_column(batch, col.source, col.numpy, col.na)[0] for col in LABEL_COLUMNS}
    bad = _bad_tiling(lex_start, lex_end, counts, nbytes)
    if bad.any():
        paths = batch.column("path").to_pylist()
        skipped += [(paths[i] or "", "lexemes do not tile the text") for i in np.flatnonzero(bad)]
        keep = ~bad
        lex_keep = np.repeat(keep, counts)
        lex_start, lex_end = lex_start[lex_keep], lex_end[lex_keep]
        labels = {k: v[lex_keep] for k, v in labels.items()}
        counts, nbytes = counts[keep], nbytes[keep]
        batch = batch.filter(pa.array(keep))
    packages = [p or "" for p in batch.column("package").to_pylist()]
    texts = batch.column("text").to_pylist()
    del batch

    docs = len(texts)
    encodings = tok.encode_batch_fast(texts, add_special_tokens=False) if docs else []
    id_arrays = [np.array(e.ids, dtype=np.int32) for e in encodings]
    del encodings
    tok_counts = np.fromiter((len(x) for x in id_arrays), dtype=np.int64, count=docs)
    n_tok = int(tok_counts.sum())
    ids = np.concatenate(id_arrays) if docs else np.zeros(0, dtype=np.int32)
    del id_arrays

    # byte span of every token, relative to its document
    doc_tok_end = np.cumsum(tok_counts)
    doc_tok_start = doc_tok_end - tok_counts
    tok_doc = np.repeat(np.arange(docs), tok_counts)
    if byte_len is not None:
        blen = byte_len[ids]
        cum = np.zeros(n_tok + 1, dtype=np.int64)
        np.cumsum(blen, out=cum[1:])
        local_end = cum[1:] - cum[doc_tok_start][tok_doc]
        local_start = local_end - blen
        mismatch = (cum[doc_tok_end] - cum[doc_tok_start]) != nbytes
    else:
        local_start = np.zeros(n_tok, dtype=np.int64)
        local_end = np.zeros(n_tok, dtype=np.int64)
        mismatch = np.ones(docs, dtype=bool)
    fallbacks = 0
    for d in np.flatnonzero(mismatch):
        fallbacks += 1
        enc = tok.encode(texts[d], add_special_tokens=False)
        if len(enc.ids) != tok_counts[d]:  # cannot happen with a deterministic tokenizer
            raise RuntimeError("tokenizer gave different encodings for the same text")
        spans = char_to_byte_offsets(texts[d], np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2))
        a, b = doc_tok_start[d], doc_tok_end[d]
        local_start[a:b], local_end[a:b] = spans[:, 0], spans[:, 1]
    del texts

    # lay the documents end to end in byte space and label
    byte_base = np.cumsum(nbytes) - nbytes
    lex_base = np.repeat(byte_base, counts)
    tok_base = byte_base[tok_doc]
    src, holder = first_nontrivia(
        local_start + tok_base, local_end + tok_base, lex_start + lex_base, lex_end + lex_base, labels["kind"]
    )

    out = np.empty(n_tok + docs, dtype=TOKEN_DTYPE)
    eot_pos = doc_tok_end + np.arange(docs)
    tok_pos = np.arange(n_tok) + tok_doc
    out["input_ids"][tok_pos] = ids
    out["input_ids"][eot_pos] = spec.eot_id
    hit = src >= 0
    srcc = np.maximum(src, 0)
    for col in LABEL_COLUMNS:
        values = labels[col.name]
        if n_tok:
            fill = values[holder] if col.name == "kind" else col.na
            out[col.name][tok_pos] = np.where(hit, values[srcc], fill)
        out[col.name][eot_pos] = col.na
    return EncodedBatch(
        tokens=out, doc_tokens=tok_counts + 1, doc_bytes=nbytes, packages=packages, rows=rows,
        skipped=skipped, offset_fallbacks=fallbacks,
    )
