"""Writing the lexeme dataset: Arrow stream shards plus the files `datasets.load_from_disk` reads.

Rows are buffered in small batches and streamed to disk; shards rotate by size. Files are
written under temporary names and renamed when complete, so a reader never sees a partial shard.
Given the same rows in the same order the bytes written are identical.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from array import array
from pathlib import Path

import pyarrow as pa

from ..files import atomic_write_text, sha256_file

COLUMNS = (
    ("path", pa.string(), {"dtype": "string", "_type": "Value"}),
    ("package", pa.string(), {"dtype": "string", "_type": "Value"}),
    ("sha256", pa.string(), {"dtype": "string", "_type": "Value"}),
    ("text", pa.string(), {"dtype": "string", "_type": "Value"}),
    ("lex_start", pa.list_(pa.int32()), {"feature": {"dtype": "int32", "_type": "Value"}, "_type": "List"}),
    ("lex_end", pa.list_(pa.int32()), {"feature": {"dtype": "int32", "_type": "Value"}, "_type": "List"}),
    ("lex_kind", pa.list_(pa.uint8()), {"feature": {"dtype": "uint8", "_type": "Value"}, "_type": "List"}),
    ("lex_type", pa.list_(pa.string()), {"feature": {"dtype": "string", "_type": "Value"}, "_type": "List"}),
    ("lex_type_id", pa.list_(pa.int16()), {"feature": {"dtype": "int16", "_type": "Value"}, "_type": "List"}),
    ("lex_concreteness", pa.list_(pa.int8()), {"feature": {"dtype": "int8", "_type": "Value"}, "_type": "List"}),
    ("lex_depth", pa.list_(pa.int8()), {"feature": {"dtype": "int8", "_type": "Value"}, "_type": "List"}),
    ("lex_stability", pa.list_(pa.int8()), {"feature": {"dtype": "int8", "_type": "Value"}, "_type": "List"}),
    ("lex_flags", pa.list_(pa.uint16()), {"feature": {"dtype": "uint16", "_type": "Value"}, "_type": "List"}),
)
_FUNCTION_STRUCT = pa.struct([("name", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                              ("return_type", pa.string()), ("stability", pa.int8())])
_FUNCTION_FEATURE = {
    "feature": {
        "name": {"dtype": "string", "_type": "Value"},
        "start": {"dtype": "int32", "_type": "Value"},
        "end": {"dtype": "int32", "_type": "Value"},
        "return_type": {"dtype": "string", "_type": "Value"},
        "stability": {"dtype": "int8", "_type": "Value"},
    },
    "_type": "List",
}


def features() -> dict:
    out = {name: feat for name, _, feat in COLUMNS}
    out["functions"] = _FUNCTION_FEATURE
    return out


def arrow_schema() -> pa.Schema:
    fields = [pa.field(name, typ) for name, typ, _ in COLUMNS] + [pa.field("functions", pa.list_(_FUNCTION_STRUCT))]
    meta = {b"huggingface": json.dumps({"info": {"features": features()}}).encode()}
    return pa.schema(fields, metadata=meta)


# array.array codes of the integer columns' Arrow types (fixed sizes on every platform CPython runs on)
_INT_CODES = {pa.int8(): "b", pa.uint8(): "B", pa.int16(): "h", pa.uint16(): "H", pa.int32(): "i"}


def _validity(values: list) -> tuple[pa.Buffer | None, int]:
    """Arrow's validity bitmap of `values` (None where every value is set) and the null count."""
    nulls = sum(1 for v in values if v is None)
    if not nulls:
        return None, 0
    bits = bytearray((len(values) + 7) // 8)
    for i, v in enumerate(values):
        if v is not None:
            bits[i >> 3] |= 1 << (i & 7)
    return pa.py_buffer(bytes(bits)), nulls


def _buffer(values: array) -> pa.Buffer:
    """An Arrow buffer of `values` (little-endian, as Arrow's format is)."""
    if sys.byteorder == "big":
        values.byteswap()
    return pa.py_buffer(values.tobytes())


def _offsets(ends: list[int]) -> pa.Buffer:
    return _buffer(array("i", ends))


def _flat(values: list, typ: pa.DataType) -> pa.Array:
    """`values` (None for null) as an Arrow array of a string or integer type, built from its buffers.
    (`pa.array` on Python objects imports pandas to ask whether they are pandas objects: some 50 MB
    in every labelling worker.)"""
    validity, nulls = _validity(values)
    if typ == pa.string():
        data = bytearray()
        ends = [0]
        for v in values:
            if v is not None:
                data += v.encode("utf-8")
            ends.append(len(data))
        return pa.Array.from_buffers(typ, len(values), [validity, _offsets(ends), pa.py_buffer(bytes(data))],
                                     null_count=nulls)
    ints = array(_INT_CODES[typ], [0 if v is None else v for v in values])
    return pa.Array.from_buffers(typ, len(values), [validity, _buffer(ints)], null_count=nulls)


def _one_list(child: pa.Array) -> pa.Array:
    """A one-row list column holding `child`."""
    return pa.Array.from_buffers(pa.list_(child.type), 1, [None, _offsets([0, len(child)])], children=[child])


def row_batch(row: dict) -> pa.RecordBatch:
    """One corpus row as a one-row record batch (built in workers, so the writer only forwards).
    The same bytes as `pa.array` would give, without converting Python objects through it."""
    arrays = []
    for name, typ, _ in COLUMNS:
        value = row[name]
        if isinstance(typ, pa.ListType):
            arrays.append(_one_list(_flat(list(value), typ.value_type)))
        else:
            arrays.append(_flat([value], typ))
    functions = row["functions"]
    fields = list(_FUNCTION_STRUCT)
    struct = pa.StructArray.from_arrays([_flat([f[fd.name] for f in functions], fd.type) for fd in fields],
                                        fields=fields)
    arrays.append(_one_list(struct))
    return pa.RecordBatch.from_arrays(arrays, schema=arrow_schema())


def row_ipc(row: dict) -> bytes:
    """A row serialized as an Arrow IPC stream (cheap to send between processes)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, arrow_schema()) as w:
        w.write_batch(row_batch(row))
    return sink.getvalue().to_pybytes()


class LexemeDatasetWriter:
    """Streams rows into `out_dir/data-NNNNN-of-MMMMM.arrow` shards."""

    def __init__(self, out_dir: str | Path, batch_rows: int = 32, shard_bytes: int = 256 << 20):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.schema = arrow_schema()
        self.batch_rows = batch_rows
        self.shard_bytes = shard_bytes
        self._rows: list[dict] = []
        self._writer = None
        self._sink = None
        self._shard_index = -1
        self._shard_written = 0
        self._shard_rows = 0
        self._shards: list[tuple[Path, int]] = []
        self.rows = 0

    def _open_shard(self) -> None:
        self._shard_index += 1
        path = self.out_dir / f"data-{self._shard_index:05d}.arrow.partial"
        self._sink = pa.OSFile(str(path), "wb")
        self._writer = pa.ipc.new_stream(self._sink, self.schema)
        self._shard_written = 0
        self._shard_rows = 0
        self._shards.append((path, 0))

    def _close_shard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._sink.close()
            path, _ = self._shards[-1]
            self._shards[-1] = (path, self._shard_rows)
            self._writer = None
            self._sink = None

    def write(self, row: dict) -> None:
        self._rows.append(row)
        if len(self._rows) >= self.batch_rows:
            self._flush()

    def write_ipc(self, payload: bytes) -> None:
        """Append rows serialized by `row_ipc` (each payload's batches are written as they are)."""
        self._flush()
        reader = pa.ipc.open_stream(pa.py_buffer(payload))
        for batch in reader:
            if self._writer is None:
                self._open_shard()
            self._writer.write_batch(batch)
            self._shard_written += batch.nbytes
            self._shard_rows += batch.num_rows
            self.rows += batch.num_rows
            if self._shard_written >= self.shard_bytes:
                self._close_shard()

    def _flush(self) -> None:
        if not self._rows:
            return
        if self._writer is None:
            self._open_shard()
        rows = self._rows
        self._rows = []
        arrays = []
        for name, typ, _ in COLUMNS:
            arrays.append(pa.array([r[name] for r in rows], type=typ))
        arrays.append(pa.array([r["functions"] for r in rows], type=pa.list_(_FUNCTION_STRUCT)))
        batch = pa.RecordBatch.from_arrays(arrays, schema=self.schema)
        self._writer.write_batch(batch)
        self._shard_written += batch.nbytes
        self._shard_rows += len(rows)
        self.rows += len(rows)
        if self._shard_written >= self.shard_bytes:
            self._close_shard()

    def close(self) -> list[dict]:
        """Finish all shards; returns [{filename, rows, sha256}] and writes the datasets metadata."""
        self._flush()
        self._close_shard()
        if not self._shards:  # an empty corpus is still a valid (empty) dataset
            self._open_shard()
            self._close_shard()
        n = len(self._shards)
        out = []
        for i, (partial, rows) in enumerate(self._shards):
            final = self.out_dir / f"data-{i:05d}-of-{n:05d}.arrow"
            os.replace(partial, final)
            out.append({"filename": final.name, "rows": rows, "sha256": sha256_file(final)})
        write_dataset_metadata(self.out_dir, out)
        return out


def write_empty_shard(path: str | Path) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, arrow_schema()):
        pass


def write_dataset_metadata(out_dir: str | Path, shards: list[dict]) -> None:
    """`state.json` and `dataset_info.json` for `datasets.load_from_disk` (fingerprint from the content)."""
    out_dir = Path(out_dir)
    fingerprint = hashlib.sha256("".join(s["sha256"] for s in shards).encode()).hexdigest()[:16]
    state = {
        "_data_files": [{"filename": s["filename"]} for s in shards],
        "_fingerprint": fingerprint,
        "_format_columns": None,
        "_format_kwargs": {},
        "_format_type": None,
        "_output_all_columns": False,
        "_split": None,
    }
    info = {"citation": "", "description": "juliatag lexeme corpus: one row per Julia source file",
            "features": features(), "homepage": "", "license": ""}
    atomic_write_text(out_dir / "state.json", json.dumps(state, indent=2, sort_keys=True) + "\n")
    atomic_write_text(out_dir / "dataset_info.json", json.dumps(info, indent=2, sort_keys=True) + "\n")


# Record batches of a corpus shard: rows are grouped in file order into batches of at most
# BATCH_ROWS rows and about BATCH_BYTES (estimated from the text and the lexeme count), so a corpus
# of many small files does not pay one batch's framing per file.
BATCH_ROWS = 4096
BATCH_BYTES = 8 << 20
LEXEME_BYTES = 24  # estimated bytes of the label columns per lexeme


def batch_bounds(text_bytes, lexemes, max_rows: int = BATCH_ROWS, max_bytes: int = BATCH_BYTES) -> list[int]:
    """Row offsets cutting rows into batches (a function of the rows alone: [0, ..., n])."""
    bounds = [0]
    size = rows = 0
    for i, (t, n) in enumerate(zip(text_bytes, lexemes, strict=True)):
        cost = int(t or 0) + LEXEME_BYTES * int(n or 0)
        if rows and (rows >= max_rows or size + cost > max_bytes):
            bounds.append(i)
            size = rows = 0
        size += cost
        rows += 1
    if rows:
        bounds.append(len(text_bytes))
    return bounds


def _lengths(column: pa.ChunkedArray) -> list[int]:
    """Byte lengths of a string column's values, or element counts of a list column's (one chunk)."""
    import numpy as np

    (chunk,) = column.chunks
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset:chunk.offset + len(chunk) + 1]
    return np.diff(offsets).tolist()


def rebatch_shard(path: str | Path, max_rows: int = BATCH_ROWS, max_bytes: int = BATCH_BYTES) -> bool:
    """Rewrite the Arrow stream at `path` with its rows grouped by `batch_bounds` (atomically);
    False when its batches are already so. The bytes written depend only on the rows, so
    rebatching is idempotent and the same for any earlier batching."""
    from ..files import atomic_writer

    path = Path(path)
    with pa.memory_map(str(path)) as source:
        reader = pa.ipc.open_stream(source)
        schema = reader.schema
        table = reader.read_all()
        current = [0]
        for chunk in table.column(0).chunks:
            current.append(current[-1] + len(chunk))
    if table.num_rows == 0:
        return False
    table = table.combine_chunks()
    bounds = batch_bounds(_lengths(table.column("text")), _lengths(table.column("lex_start")), max_rows, max_bytes)
    if bounds == current:
        return False
    with atomic_writer(path, "wb") as fh:
        with pa.ipc.new_stream(pa.PythonFile(fh, mode="w"), schema) as writer:
            for a, b in zip(bounds, bounds[1:], strict=False):
                writer.write_batch(table.slice(a, b - a).combine_chunks().to_batches()[0])
    return True
