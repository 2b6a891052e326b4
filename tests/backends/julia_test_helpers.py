"""Helpers shared by the Julia backend tests (importable because pytest puts this folder on sys.path)."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAKE_WORKER = HERE / "fake_julia_worker.py"
ROOT = HERE.parents[1]
JULIA_VARS = ("JULIATAG_JULIA", "PYTHON_JULIACALL_EXE", "JULIA_EXE", "JULIA_BINDIR", "JULIATAG_JULIA_WORKER",
              "JULIATAG_JULIA_PACKAGE", "PYTHON_JULIAPKG_EXE")


def fake_command() -> list[str]:
    return [sys.executable, str(FAKE_WORKER)]


def fake_julia_exe(folder: Path, version: str) -> Path:
    """A `julia` script that only answers --version (enough for the checks before juliacall)."""
    exe = folder / "julia"
    exe.write_text(f"#!/bin/sh\necho 'julia version {version}'\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return exe


def real_julia() -> str | None:
    """A real Julia for the Julia-side tests (never a fake one)."""
    for var in ("JULIATAG_JULIA", "PYTHON_JULIACALL_EXE", "JULIA_EXE"):
        exe = os.environ.get(var)
        if exe and os.access(exe, os.X_OK):
            return exe
    return shutil.which("julia")
