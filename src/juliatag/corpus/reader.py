"""Reading a lexeme corpus written by `juliatag ingest`.

Rows are streamed from the memory-mapped Arrow files, so memory stays flat whatever the
corpus size. Only the columns asked for are materialised.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Sequence

from ..errors import JuliatagError, MissingInputError

MANIFEST = "manifest.json"
LEXEMES = "lexemes"


def read_manifest(corpus_dir: str | Path) -> dict:
    path = Path(corpus_dir) / MANIFEST
    if not path.is_file():
        raise MissingInputError(f"no lexeme corpus at {corpus_dir} (missing {MANIFEST}; run `juliatag ingest` first)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise JuliatagError(f"corrupt corpus manifest {path}: {exc}") from exc


def open_lexemes(corpus_dir: str | Path):
    """The `lexemes/` dataset (memory-mapped)."""
    import datasets

    read_manifest(corpus_dir)
    path = Path(corpus_dir) / LEXEMES
    if not path.is_dir():
        raise MissingInputError(f"corpus {corpus_dir} has no {LEXEMES}/ folder")
    lexeme_files(corpus_dir)  # the names datasets will open stay inside the folder
    datasets.disable_progress_bars()
    return datasets.load_from_disk(str(path))


def iter_documents(
    corpus_dir: str | Path, columns: Sequence[str] = ("path", "package", "text"), batch_size: int = 64
) -> Iterator[dict]:
    """Yield one dict per source file, in corpus order, holding only `columns`."""
    ds = open_lexemes(corpus_dir)
    missing = [c for c in columns if c not in ds.column_names]
    if missing:
        raise JuliatagError(f"corpus {corpus_dir} lacks columns {missing}")
    table = ds.data.table.select(list(columns))
    for batch in table.to_batches(max_chunksize=batch_size):
        cols = {name: batch.column(i).to_pylist() for i, name in enumerate(columns)}
        for i in range(batch.num_rows):
            yield {name: cols[name][i] for name in columns}


def count_documents(corpus_dir: str | Path) -> int:
    return open_lexemes(corpus_dir).num_rows


# ---------------------------------------------------------------------------
# Arrow-level access (no `datasets` import), used by `juliatag shard`
# ---------------------------------------------------------------------------


def lexeme_files(corpus_dir: str | Path) -> list[Path]:
    """The Arrow stream files of `lexemes/`, in row order (as listed in its `state.json`)."""
    read_manifest(corpus_dir)
    folder = Path(corpus_dir) / LEXEMES
    state = folder / "state.json"
    if not state.is_file():
        raise MissingInputError(f"corpus {corpus_dir} has no {LEXEMES}/state.json (not a datasets folder)")
    try:
        names = [entry["filename"] for entry in json.loads(state.read_text(encoding="utf-8"))["_data_files"]]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise JuliatagError(f"corrupt {state}: {exc}") from exc
    files = [data_file_in(folder, name, state) for name in names]
    for f in files:
        if not f.is_file():
            raise MissingInputError(f"corpus file {f} listed in {state} is missing")
    return files


def data_file_in(folder: Path, name, listed_in: Path) -> Path:
    """`folder / name` for a data-file name read from `listed_in` (a `state.json`), refused with a
    one-line error unless it is a plain file name that stays inside `folder` (no `/`, `..`, absolute
    path, or link leading out): the names are data, never trusted as paths."""
    ok = isinstance(name, str) and name not in ("", ".", "..") and "/" not in name and "\\" not in name \
        and "\0" not in name
    if ok:
        path = folder / name
        try:
            ok = path.resolve().parent == folder.resolve()
        except (OSError, RuntimeError):
            ok = False
        if ok:
            return path
    raise JuliatagError(f"{listed_in} lists {name!r}, which is not a file inside {folder}; refusing to read it")


def lexeme_schema(corpus_dir: str | Path):
    """The pyarrow schema of `lexemes/` (read from the first file's header)."""
    import pyarrow as pa

    files = lexeme_files(corpus_dir)
    if not files:
        raise JuliatagError(f"corpus {corpus_dir} has no data files")
    with pa.OSFile(str(files[0])) as f:
        return pa.ipc.open_stream(f).schema


def lexeme_column_stats(corpus_dir: str | Path, column: str) -> tuple[int, list]:
    """(number of rows, sorted distinct values) of one column, read through a short-lived memory map.

    Only that column's pages are touched and the map is released afterwards, so resident memory
    does not keep the corpus.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = 0
    distinct: set = set()
    for path in lexeme_files(corpus_dir):
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_stream(source).read_all()
            rows += table.num_rows
            distinct.update(pc.unique(table.column(column)).to_pylist())
            del table
    return rows, sorted(distinct, key=lambda v: (v is None, v))


def iter_lexeme_batches(corpus_dir: str | Path, columns: Sequence[str]) -> Iterator:
    """Yield the rows of `lexemes/` as pyarrow RecordBatches holding only `columns`, in corpus order.

    Batches are read from the files one at a time (not memory-mapped), so memory stays bounded
    by one on-disk record batch whatever the corpus size.
    """
    import pyarrow as pa

    names = list(columns)
    for path in lexeme_files(corpus_dir):
        with pa.OSFile(str(path)) as f:
            reader = pa.ipc.open_stream(f)
            missing = [c for c in names if c not in reader.schema.names]
            if missing:
                raise JuliatagError(f"corpus {corpus_dir} lacks columns {missing}")
            for batch in reader:
                yield batch.select(names)
