"""Reading the Arrow stream files of a `datasets` folder in bounded chunks, only the columns asked for.

Files written by `juliatag ingest` hold one document per record batch, so batches are gathered
into chunks of about `max_values` list elements before anything is computed on them: a few large
polars operations per chunk instead of thousands of tiny ones, and memory bounded by one chunk
whatever the corpus size.

The files are memory-mapped, so only the pages of the columns used are ever read (never `text`).
Every page a map touches stays in the process's resident set while the map is open, and one
corpus file can hold 256 MB, so each chunk gets a map of its own: messages are read one by one
from where the previous chunk stopped (the schema is read once per file), and that map is closed
once the chunk has been used. Reading the files instead would pull every batch in whole, `text`
included (measured in benchmarks/results/stats.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyarrow as pa

from ..errors import JuliatagError

DEFAULT_CHUNK_VALUES = 1 << 19  # list elements (lexemes or tokens) per chunk; polars needs ~300 B per lexeme of it
DEFAULT_CHUNK_ROWS = 4096


def _values_in(batch: pa.RecordBatch, column: str | None) -> int:
    if column is None or batch.num_rows == 0:
        return 0
    offsets = batch.column(column).offsets
    return int(offsets[-1].as_py()) - int(offsets[0].as_py())


def _read_schema(path: Path) -> tuple[pa.Schema, int]:
    """The stream's schema and the byte offset of its first record batch."""
    with pa.memory_map(str(path)) as source:
        try:
            message = pa.ipc.read_message(source)
        except (EOFError, OSError, pa.ArrowInvalid) as exc:
            raise JuliatagError(f"{path} is not an Arrow stream file ({exc})") from exc
        if message.type != "schema":
            raise JuliatagError(f"{path} is not an Arrow stream file (first message is a {message.type})")
        return pa.ipc.read_schema(message), source.tell()


def iter_chunks(
    files: Iterable[Path],
    columns: Sequence[str],
    count_column: str | None = None,
    max_values: int = DEFAULT_CHUNK_VALUES,
    max_rows: int = DEFAULT_CHUNK_ROWS,
) -> Iterator[pa.Table]:
    """Tables of consecutive rows holding only `columns`, each about `max_values` elements of the
    list column `count_column` (or `max_rows` rows), in file and row order. A chunk never spans two
    files."""
    names = list(columns)
    for path in files:
        schema, position = _read_schema(path)
        missing = [c for c in names if c not in schema.names]
        if missing:
            raise JuliatagError(f"{path} lacks the columns {', '.join(missing)}")
        indices = [schema.get_field_index(c) for c in names]
        done = False
        while not done:
            pending: list[pa.RecordBatch] = []
            values = rows = 0
            source = pa.memory_map(str(path))
            try:
                source.seek(position)
                while values < max_values and rows < max_rows:
                    try:
                        message = pa.ipc.read_message(source)
                        if message.type != "record batch":
                            raise JuliatagError(f"{path}: unexpected {message.type} message in the stream")
                        batch = pa.ipc.read_record_batch(message, schema).select(indices)
                    except EOFError:
                        done = True
                        break
                    except (OSError, pa.ArrowException) as exc:
                        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                        raise JuliatagError(f"corrupt Arrow file {path}: {first}") from exc
                    pending.append(batch)
                    values += _values_in(batch, count_column)
                    rows += batch.num_rows
                position = source.tell()
                if pending:
                    table = pa.Table.from_batches(pending)
                    del pending
                    yield table
                    del table
            finally:
                source.close()
