"""Shared by the tests/safety/test_in_*.py tests: a small package, an ingest whose planned files are
swapped between planning and labelling, and a child process with a hard timeout."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def small_package(root: Path, name: str = "Small") -> Path:
    pkg = root / f"{name}.jl"
    (pkg / "src").mkdir(parents=True)
    (pkg / "Project.toml").write_text(f'name = "{name}"\n')
    (pkg / "src" / "a.jl").write_text("a_value = 1.5\nf(x::Int) = x + 1\n")
    (pkg / "src" / "b.jl").write_text("b_value = \"text\"\n")
    return pkg


def ingest_with_swap(sources, out: Path, swap=None, **options) -> dict:
    """Ingest in this process (jobs=1); `swap()` runs after planning, before any file is labelled.
    Returns the manifest's records by file name."""
    from juliatag.ingest import IngestOptions, ingest

    swapped = []

    def progress(event):  # the first "labeling" event comes after planning, before any file is labelled
        if event.stage == "labeling" and swap is not None and not swapped:
            swapped.append(True)
            swap()

    ingest([str(s) for s in sources], out, IngestOptions(jobs=1, **options), progress)
    manifest = json.loads((out / "manifest.json").read_text())
    return {Path(f["path"]).name: f for f in manifest["files"]}


def corpus_texts(out: Path) -> list[str]:
    import datasets

    return list(datasets.load_from_disk(str(out / "lexemes"))["text"])


def run_child(code: str, timeout: float, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `code` in a fresh Python (in its own process group, all of which is killed at `timeout`);
    fails the test on a timeout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=cwd, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"still running after {timeout:g} s (hang)")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
