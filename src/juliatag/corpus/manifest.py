"""The corpus manifest: tables, options, counts and per-file status, written last.

Per-file records are appended to a JSON-lines spool while ingest runs (memory stays flat) and
streamed into `manifest.json` at the end, then the spool is removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import JuliatagError
from ..files import atomic_writer, open_new
from .reader import MANIFEST, read_manifest

SPOOL = ".files.jsonl.partial"


class FileRecordSpool:
    def __init__(self, out_dir: str | Path):
        self.path = Path(out_dir) / SPOOL
        if self.path.is_symlink() or self.path.exists():
            self.path.unlink()  # left by an interrupted finalize
        self._fh = open_new(self.path)
        self.count = 0

    def add(self, record: dict) -> None:
        self._fh.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()


def write_manifest(out_dir: str | Path, header: dict, spool: FileRecordSpool) -> Path:
    """Write `manifest.json` = header + {"files": [...spooled records...]} atomically."""
    spool.close()
    out = Path(out_dir) / "manifest.json"
    body = json.dumps(header, indent=2, sort_keys=True, ensure_ascii=False)
    assert body.endswith("}")
    with atomic_writer(out) as fh:
        fh.write(body[:-1].rstrip() + ',\n  "files": [')
        first = True
        with open(spool.path, encoding="utf-8") as src:
            for line in src:
                fh.write(("\n    " if first else ",\n    ") + line.rstrip("\n"))
                first = False
        fh.write("\n  ]\n}\n" if not first else "]\n}\n")
    os.remove(spool.path)
    return out


def corpus_manifest(corpus_dir: str | Path) -> dict:
    """The corpus manifest as a JSON object (JuliatagError, one line, when it is anything else)."""
    data = read_manifest(corpus_dir)
    if not isinstance(data, dict):
        raise JuliatagError(f"corpus manifest {Path(corpus_dir) / MANIFEST} is not a JSON object "
                            f"(got {type(data).__name__}); re-run `juliatag ingest`")
    return data


def recorded_data_files(corpus_dir: str | Path, manifest: dict) -> tuple[Path, list[dict]]:
    """The data folder and its files as the manifest records them ({filename, rows, sha256});
    every name must be a plain file name inside the corpus's data folder."""
    path = Path(corpus_dir) / "manifest.json"
    dataset = manifest.get("dataset")
    shards = dataset.get("shards") if isinstance(dataset, dict) else None
    if not isinstance(shards, list) or not shards:
        raise JuliatagError(f"corpus manifest {path} records no data files (dataset.shards); "
                            f"re-run `juliatag ingest`")
    folder = dataset.get("path", "lexemes")
    if not _plain_name(folder):
        raise JuliatagError(f"corpus manifest {path}: dataset path {folder!r} is not a folder name inside the corpus")
    out = []
    for s in shards:
        ok = (isinstance(s, dict) and _plain_name(s.get("filename")) and isinstance(s.get("rows"), int)
              and not isinstance(s.get("rows"), bool) and s["rows"] >= 0
              and isinstance(s.get("sha256"), str) and len(s["sha256"]) == 64)
        if not ok:
            raise JuliatagError(f"corpus manifest {path}: bad data file entry {json.dumps(s)[:120]}")
        out.append(s)
    return Path(corpus_dir) / folder, out


def _plain_name(name) -> bool:
    return isinstance(name, str) and name not in ("", ".", "..") and "/" not in name and "\\" not in name \
        and "\0" not in name


def arrow_rows(path: Path) -> int:
    """Rows in an Arrow IPC stream file (JuliatagError naming the file when it is not one)."""
    import pyarrow as pa

    try:
        with pa.memory_map(str(path)) as source:
            return sum(batch.num_rows for batch in pa.ipc.open_stream(source))
    except (pa.ArrowException, OSError) as exc:
        raise JuliatagError(f"corrupt corpus data file {path}: {str(exc).splitlines()[0] if str(exc) else exc}") \
            from exc


def verify_data_files(corpus_dir: str | Path, manifest: dict) -> None:
    """Check every data file against the manifest (sha256 and row count) and against the dataset's
    own list (`state.json`); JuliatagError naming the first file that differs."""
    from ..files import sha256_file

    folder, shards = recorded_data_files(corpus_dir, manifest)
    state = folder / "state.json"
    try:
        listed = [f.get("filename") for f in json.loads(state.read_text(encoding="utf-8"))["_data_files"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise JuliatagError(f"corpus dataset list {state} is missing or unreadable ({type(exc).__name__}); "
                            f"re-run `juliatag ingest`") from exc
    recorded = [s["filename"] for s in shards]
    if listed != recorded:
        extra = [name for name in listed if name not in recorded]
        what = f"lists {str(extra[0])[:120]!r}, which" if extra else "lists other files than"
        raise JuliatagError(f"corpus {corpus_dir}: {state} {what} the manifest does not record")
    for s in shards:
        path = folder / s["filename"]
        if path.is_symlink() or not path.is_file():
            raise JuliatagError(f"corpus data file {path} is missing or not a regular file")
        digest = sha256_file(path)
        if digest != s["sha256"]:
            raise JuliatagError(f"corpus data file {path} was changed after ingest (sha256 {digest[:12]}, the "
                                f"manifest records {s['sha256'][:12]}); re-run `juliatag ingest`")
        rows = arrow_rows(path)
        if rows != s["rows"]:
            raise JuliatagError(f"corpus data file {path} holds {rows} rows, the manifest records {s['rows']}")


def listed_data_files(corpus_dir: str | Path, folder: str = "lexemes") -> list[Path]:
    """The data files `lexemes/state.json` lists, each a plain name inside that folder."""
    state = Path(corpus_dir) / folder / "state.json"
    try:
        entries = json.loads(state.read_text(encoding="utf-8"))["_data_files"]
        names = [e["filename"] for e in entries]
    except FileNotFoundError as exc:
        raise JuliatagError(f"corpus {corpus_dir} has no {folder}/ dataset (missing {state}); "
                            f"re-run `juliatag ingest`") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise JuliatagError(f"corpus dataset list {state} is unreadable ({type(exc).__name__})") from exc
    bad = [n for n in names if not _plain_name(n)]
    if bad:
        raise JuliatagError(f"corpus dataset list {state} names a file outside {folder}/: {str(bad[0])[:80]!r}")
    return [state.parent / n for n in names]


def check_corpus_files(corpus_dir: str | Path) -> dict:
    """Before a corpus is read: its manifest is a JSON object, and its data files are the ones it
    records (sha256 and rows, `verify_data_files`); a corpus whose manifest records no files (made
    by other tools) gets a structural check that names the first unreadable Arrow file. Returns
    the manifest."""
    manifest = corpus_manifest(corpus_dir)
    dataset = manifest.get("dataset")
    if isinstance(dataset, dict) and "shards" in dataset:
        verify_data_files(corpus_dir, manifest)
        return manifest
    for path in listed_data_files(corpus_dir):
        if path.is_symlink() or not path.is_file():
            raise JuliatagError(f"corpus data file {path} is missing or not a regular file")
        arrow_rows(path)
    return manifest
