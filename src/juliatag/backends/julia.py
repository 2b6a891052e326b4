"""The Julia backend: labels with Julia itself (JuliaSyntax + inference) through juliacall.

juliacall is imported lazily and only after a Julia executable has been found, so a missing
Julia gives a one-line error within seconds instead of a download attempt.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from ..errors import JuliatagError

INSTALL_HINT = ("install Julia 1.10+ (https://julialang.org/downloads/) and put `julia` on PATH, "
                "or set JULIATAG_JULIA / PYTHON_JULIACALL_EXE to the julia executable")


def find_julia() -> str | None:
    for var in ("JULIATAG_JULIA", "PYTHON_JULIACALL_EXE", "JULIA_EXE"):
        exe = os.environ.get(var)
        if exe:
            return exe if os.path.isfile(exe) and os.access(exe, os.X_OK) else None
    bindir = os.environ.get("JULIA_BINDIR")
    if bindir:
        exe = os.path.join(bindir, "julia")
        return exe if os.path.isfile(exe) else None
    return shutil.which("julia")


def julia_version(exe: str, timeout: float = 30.0) -> str:
    try:
        out = subprocess.run([exe, "--startup-file=no", "--version"], capture_output=True, timeout=timeout,
                             check=True).stdout.decode(errors="replace").strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise JuliatagError(f"julia at {exe} does not run ({exc}); {INSTALL_HINT}") from exc
    return out.split()[-1] if out else "?"


def julia_backend_status() -> tuple[bool, str]:
    exe = find_julia()
    if exe is None:
        return False, f"no Julia executable found; {INSTALL_HINT}"
    try:
        version = julia_version(exe)
    except JuliatagError as exc:
        return False, str(exc)
    try:
        import importlib.util
        if importlib.util.find_spec("juliacall") is None:
            return False, f"Julia {version} at {exe}, but juliacall is missing (pip install juliacall)"
    except (ImportError, ValueError):
        return False, "juliacall cannot be located (pip install juliacall)"
    return True, f"Julia {version} at {exe} with juliacall"


def require_julia() -> str:
    """Check the backend can run; returns the Julia version or raises a one-line JuliatagError."""
    ok, detail = julia_backend_status()
    if not ok:
        raise JuliatagError(f"--backend julia is unavailable: {detail}")
    return detail.split()[1]


class JuliaBackend:
    """Placeholder until the Julia-side worker lands; refuses clearly instead of guessing."""

    def __init__(self, allow_exec: bool = False, timeout: float = 120.0):
        require_julia()
        self.allow_exec = allow_exec
        self.timeout = timeout

    def label(self, data: bytes, text: str):  # pragma: no cover - needs Julia
        raise JuliatagError("the Julia backend worker is not available in this build")
