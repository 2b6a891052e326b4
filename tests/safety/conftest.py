"""Fixtures for the output-side safety tests: a small package tree (Julia written for the tests),
its corpus, a tiny tokenizer, and a runner for the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

FILES = {
    "Shapes/Project.toml": 'name = "Shapes"\n',
    "Shapes/src/Shapes.jl": "module Shapes\nstruct P\n    x::Float64\n    y::Float64\nend\n"
                            "norm2(p::P) = p.x^2 + p.y^2\nend\n",
    "Shapes/src/area.jl": "area(r::Float64) = 3.14 * r * r\nperimeter(r::Float64) = 2 * 3.14 * r\n",
    "Counts/Project.toml": 'name = "Counts"\n',
    "Counts/src/Counts.jl": "function total(xs::Vector{Int})\n    s = 0\n    for x in xs\n        s += x\n"
                            "    end\n    return s\nend\n",
    "Counts/src/words.jl": "count_words(s::String) = length(split(s))\n",
}


def write_tree(root: Path, files: dict[str, str] = FILES) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`juliatag ARGS` in a fresh interpreter, importing this checkout's sources."""
    full_env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    full_env.pop("JULIATAG_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "juliatag.cli", *map(str, args)], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=300)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    """The error line of a failed command; asserts it is one plain `juliatag: error:` line."""
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("juliatag: error: "), proc.stderr
    assert "internal error" not in proc.stderr
    return lines[0]


@pytest.fixture
def tree(tmp_path) -> Path:
    return write_tree(tmp_path / "pkgs")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    from juliatag.ingest import IngestOptions, ingest

    root = tmp_path_factory.mktemp("safety-corpus")
    src = write_tree(root / "pkgs")
    ingest([str(src)], root / "corpus", IngestOptions(jobs=1))
    return root / "corpus"


@pytest.fixture(scope="session")
def tokenizer(tmp_path_factory) -> Path:
    from ..helpers import train_tokenizer

    texts = [t for rel, t in FILES.items() if rel.endswith(".jl")] * 20
    return train_tokenizer(tmp_path_factory.mktemp("safety-tok"), texts)
