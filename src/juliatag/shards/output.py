"""The output folder: everything is written into a hidden staging folder inside it, then moved
into place in one step per entry, the manifest last. A reader never sees a half-written file,
and a failed run leaves the previous shards (and their manifest) as they were.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import JuliatagError
from .manifest import MANIFEST, read_shards_manifest, write_json_atomic

# the entries `juliatag shard` owns in its output folder
OWNED = ("train", "validation", "pt", "bin", "README.md")


def prepare(out_dir: Path, inputs: list[Path]) -> Path:
    """Check `out_dir` may be written and return a fresh staging folder inside it."""
    out = out_dir.resolve()
    for p in inputs:
        if out == p.resolve():
            raise JuliatagError(f"--out {out_dir} is an input folder; choose another output folder")
    if out.exists() and not out.is_dir():
        raise JuliatagError(f"--out {out_dir} exists and is not a folder")
    read_shards_manifest(out)  # refuses a folder holding some other manifest
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    return staging


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, out_dir: Path, manifest: dict) -> None:
    """Move the staged entries into `out_dir` (replacing old ones), then write the manifest."""
    old_manifest = out_dir / MANIFEST
    if old_manifest.exists():
        old_manifest.unlink()  # from here on the folder reads as incomplete until the new manifest lands
    for name in OWNED:
        target = out_dir / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        source = staging / name
        if source.exists():
            os.replace(source, target)
    discard(staging)
    write_json_atomic(old_manifest, manifest)
