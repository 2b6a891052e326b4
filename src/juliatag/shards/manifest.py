"""`SHARDS/manifest.json`: what the shards were made from, how, and the sha256 of every file.

It holds no timestamps, timings or job counts, so the same inputs and options give the same
manifest byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__, schema
from ..errors import JuliatagError
from ..files import atomic_write_text, sha256_file

MANIFEST = "manifest.json"
FORMAT = "juliatag-shards"
FORMAT_VERSION = 1


def file_table(root: Path) -> dict[str, dict]:
    """Every file under `root` but the manifest: relative POSIX path -> {sha256, bytes}, sorted by path."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST)
    return {p.relative_to(root).as_posix(): {"sha256": sha256_file(p), "bytes": p.stat().st_size} for p in files}


def label_tables(corpus_manifest: dict) -> dict:
    """The label-id tables (kinds, flags, codes, type ids) copied from the corpus manifest, else
    juliatag's own, and where they came from."""
    tables = corpus_manifest.get("tables")
    if isinstance(tables, dict) and tables:
        out = dict(tables)
        if isinstance(corpus_manifest.get("type_ids"), dict):
            out["type_ids"] = corpus_manifest["type_ids"]
        return {"schema": out, "schema_source": "corpus manifest"}
    from ..types import type_ids
    return {"schema": {**schema.schema_tables(), "type_ids": type_ids.table()},
            "schema_source": "juliatag.schema (the corpus manifest has none)"}


def read_shards_manifest(out_dir: str | Path) -> dict | None:
    """The manifest of a shards folder, None if there is none; error if the file is not ours."""
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise JuliatagError(f"corrupt shards manifest {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise JuliatagError(f"{path} is not a juliatag shards manifest; refusing to write shards into {out_dir}")
    return data


def header() -> dict:
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "juliatag_version": __version__}


def write_json_atomic(path: Path, data: dict) -> None:
    """Write `data` as indented JSON, atomically."""
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
