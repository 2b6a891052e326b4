"""Which kind of folder `juliatag stats` was pointed at, and reading its manifest without loading it whole.

A lexeme corpus (`juliatag ingest`) has `manifest.json` with `"kind": "lexeme-corpus"` and a
`lexemes/` dataset; a shards folder (`juliatag shard`) has `manifest.json` with
`"format": "juliatag-shards"` and `train/` / `validation/` datasets. A folder whose manifest does not
say is recognised by its subfolders.

The corpus manifest ends with one JSON line per source file (`files`); for a large corpus that list
is long, so it is streamed line by line instead of parsed in one piece (falling back to a full
parse for manifests laid out differently).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..corpus.reader import data_file_in
from ..errors import JuliatagError, MissingInputError

MANIFEST = "manifest.json"
CORPUS = "lexeme-corpus"
SHARDS = "shards"
SHARDS_FORMAT = "juliatag-shards"
SPLIT_NAMES = ("train", "validation")
_FILES_OPEN = '  "files": ['
_FILES_EMPTY = '  "files": []'


def detect_kind(folder: str | Path) -> str:
    """`"lexeme-corpus"` or `"shards"`; JuliatagError (one line) for anything else."""
    folder = Path(folder)
    if not folder.exists():
        raise MissingInputError(f"no such folder: {folder}")
    if not folder.is_dir():
        raise JuliatagError(f"{folder} is not a folder (give a corpus or shards folder)")
    if not (folder / MANIFEST).is_file():
        raise MissingInputError(
            f"{folder} has no {MANIFEST}: not a juliatag corpus (`juliatag ingest`) or shards folder (`juliatag shard`)"
        )
    header = manifest_header(folder)
    if header.get("kind") == CORPUS:
        return CORPUS
    if header.get("format") == SHARDS_FORMAT:
        return SHARDS
    if (folder / "lexemes").is_dir():
        return CORPUS
    if any((folder / s).is_dir() for s in SPLIT_NAMES):
        return SHARDS
    raise JuliatagError(f"{folder}/{MANIFEST} is neither a lexeme-corpus nor a shards manifest, "
                        "and the folder has no lexemes/, train/ or validation/")


def manifest_header(folder: str | Path) -> dict:
    """The manifest without its `files` list (read up to where that list starts)."""
    header, _ = _read(Path(folder) / MANIFEST, want_files=False)
    return header


def iter_file_records(folder: str | Path) -> Iterator[dict]:
    """The manifest's per-file records, one at a time."""
    _, records = _read(Path(folder) / MANIFEST, want_files=True)
    yield from records


def _read(path: Path, want_files: bool) -> tuple[dict, Iterator[dict]]:
    if not path.is_file():
        raise MissingInputError(f"missing {path}")
    head: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            stripped = line.rstrip("\n")
            if stripped in (_FILES_OPEN, _FILES_EMPTY):
                text = "".join(head).rstrip()
                text = text.removesuffix(",") + "\n}"
                try:
                    header = json.loads(text)
                except json.JSONDecodeError:
                    break  # not the layout we know: parse the whole file below
                if stripped == _FILES_EMPTY or not want_files:
                    return header, iter(())
                return header, _stream_records(path, len("".join(head)) + len(line))
            head.append(line)
    data = _load_whole(path)
    files = data.pop("files", []) if isinstance(data, dict) else []
    return data, iter(files if isinstance(files, list) and want_files else ())


def _load_whole(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise JuliatagError(f"corrupt manifest {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise JuliatagError(f"corrupt manifest {path}: not a JSON object")
    return data


def _stream_records(path: Path, offset_chars: int) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        fh.read(offset_chars)
        seen = 0
        for line in fh:
            s = line.strip()
            if not s:
                continue
            if s.startswith("]"):
                return
            try:
                rec = json.loads(s.rstrip(","))
            except json.JSONDecodeError as exc:
                if seen:
                    raise JuliatagError(f"corrupt manifest {path}: a file record does not parse ({exc})") from exc
                # records laid out over several lines: parse the whole file instead
                yield from _load_whole(path).get("files", [])
                return
            seen += 1
            if isinstance(rec, dict):
                yield rec


def dataset_files(folder: str | Path) -> list[Path]:
    """The Arrow stream files of a `datasets` folder, in row order (from its state.json, else sorted names)."""
    folder = Path(folder)
    state = folder / "state.json"
    if state.is_file():
        try:
            names = [e["filename"] for e in json.loads(state.read_text(encoding="utf-8"))["_data_files"]]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise JuliatagError(f"corrupt {state}: {exc}") from exc
    else:
        names = sorted(p.name for p in folder.glob("*.arrow"))
    files = [data_file_in(folder, n, state) for n in names]
    for f in files:
        if not f.is_file():
            raise MissingInputError(f"{f} (listed in {state}) is missing")
    return files
