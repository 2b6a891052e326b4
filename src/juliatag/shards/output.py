"""The output folder: everything is written into a hidden staging folder inside it, then moved
into place in one step per entry, the manifest last. A reader never sees a half-written file,
and a failed run leaves the previous shards (and their manifest) as they were.

The folder must be new, empty, or a shards folder (its manifest says so): any other folder is
refused before any work (`check`), so nothing of the user's is ever replaced. Staging folders
left by a killed run (`.staging-PID` whose process is gone) are removed by the next run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..outdir import (STAGING_RE, OutputKind, check_output_dir, claim_output_dir, is_owned, read_json_object,
                      release_marker, stale_staging)
from ..errors import JuliatagError
from .manifest import FORMAT, MANIFEST, read_shards_manifest, write_json_atomic

# the entries `juliatag shard` owns in its output folder
OWNED = ("train", "validation", "pt", "bin", "README.md")


def _is_shards(folder: Path) -> bool:
    data = read_json_object(folder / MANIFEST)
    return data is not None and data.get("format") == FORMAT


SHARDS = OutputKind("shards folder", "shard", proves=_is_shards, leftovers=STAGING_RE)


def check(out_dir: Path, inputs: list[Path]) -> Path:
    """Refuse an output folder `juliatag shard` may not write (before any work)."""
    for p in inputs:
        if Path(out_dir).resolve() == Path(p).resolve():
            raise JuliatagError(f"--out {out_dir} is an input folder; choose another output folder")
    if (Path(out_dir) / MANIFEST).is_file():
        read_shards_manifest(out_dir)  # names a foreign or corrupt manifest precisely
    return check_output_dir(out_dir, SHARDS, inputs=inputs)


def prepare(out_dir: Path) -> Path:
    """Create `out_dir`, remove a killed run's staging folders, return a fresh staging folder.
    Called with the folder's lock held (`outdir.exclusive`)."""
    if out_dir.exists() and not is_owned(out_dir, SHARDS):
        raise JuliatagError(f"--out {out_dir} changed during the run and is no longer a shards folder")
    claim_output_dir(out_dir, SHARDS)
    for stale in stale_staging(out_dir):
        shutil.rmtree(stale)
    staging = out_dir / f".staging-{os.getpid()}"
    if staging.is_symlink() or staging.exists():
        if staging.is_symlink() or not staging.is_dir():
            staging.unlink()
        else:
            shutil.rmtree(staging)
    staging.mkdir()
    return staging


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, out_dir: Path, manifest: dict) -> None:
    """Move the staged entries into `out_dir` (replacing old ones), then write the manifest."""
    if not is_owned(out_dir, SHARDS):
        raise JuliatagError(f"--out {out_dir} changed during the run and is no longer a shards folder")
    old_manifest = out_dir / MANIFEST
    claim_output_dir(out_dir, SHARDS, marker=True)  # proves the folder ours while it has no manifest
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
    release_marker(out_dir, SHARDS)
