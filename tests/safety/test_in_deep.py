"""Issue 14 item 12: a folder tree 1,200 levels deep is walked (os.walk recursed and raised
RecursionError, aborting the run)."""

from __future__ import annotations

import os

from juliatag.sources import SourceFile, discover

from .in_helpers import ingest_with_swap, small_package

DEPTH = 1200


def remove_chain(top) -> None:
    """Remove a `d/d/.../d` chain without recursion (shutil.rmtree, used by pytest to clean its
    temporary folders, recurses too and would fail on it)."""
    cwd = os.getcwd()
    try:
        os.chdir(top)
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for name in os.listdir("."):
            os.remove(name)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(cwd)


def test_very_deep_tree(tmp_path, monkeypatch):
    pkg = small_package(tmp_path)
    monkeypatch.chdir(pkg / "src")  # build the chain with short relative paths
    try:
        for _ in range(DEPTH):
            os.mkdir("d")
            os.chdir("d")
        with open("deep.jl", "w") as fh:
            fh.write("deep_value = 2.5\n")
        os.chdir(tmp_path)
        found = [f.path for f in discover([str(pkg)]) if isinstance(f, SourceFile)]
        assert len(found) == 3 and found[-1].endswith("/d" * DEPTH + "/deep.jl")
        recs = ingest_with_swap([pkg], tmp_path / "out")
        assert recs["deep.jl"]["status"] == "labeled"
    finally:
        remove_chain(pkg / "src")
