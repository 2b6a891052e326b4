"""The Julia backend: labels with Julia itself (JuliaSyntax + inference) through juliacall.

Architecture: each process that labels files (the `juliatag label` process, or each ingest
worker process) owns one `JuliaBackend`, which owns one worker subprocess,
`python -m juliatag.backends.julia_worker`. The worker checks for Julia, imports juliacall,
loads the Julia package in `juliatag/julia/` (module `JuliaTagWorker`) and answers JSON-line requests
(`backends.protocol`). Keeping Julia out of the labelling process means:

- a file that hangs Julia is killed with its worker (per-file timeout) and the run goes on;
- a Julia crash, or package code run with --allow-exec that calls `exit()`, costs one file;
- juliacall is imported in exactly one place, after the Julia check (`import juliacall` without
  a Julia tries to download one, which juliatag never does).

This module itself never imports juliacall. Missing prerequisites give a one-line
`JuliatagError` within seconds (`require_julia`). Environment variables:

- `JULIATAG_JULIA` (or `PYTHON_JULIACALL_EXE`, `JULIA_EXE`, `JULIA_BINDIR`): the julia executable;
  otherwise `julia` on PATH.
- `JULIATAG_JULIA_PACKAGE`: the folder of the Julia worker package (default: `julia/` inside the
  installed juliatag package, shipped in the wheel).
- `JULIATAG_JULIA_WORKER`: a command line replacing the worker (tests point it at a fake worker
  that speaks the same protocol); Julia is then not checked.
- `JULIATAG_JULIA_STARTUP_TIMEOUT`: seconds allowed for the worker to start (default 600: the first
  start of juliacall installs and precompiles PythonCall).
- `JULIATAG_JULIA_RECYCLE`: with --allow-exec, files a worker labels before it is replaced by a
  fresh one (default 200): evaluated code stays in a Julia session, so memory grows file by file.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import JuliatagError

INSTALL_HINT = ("install Julia 1.10+ (https://julialang.org/downloads/) and put `julia` on PATH, "
                "or set JULIATAG_JULIA / PYTHON_JULIACALL_EXE to the julia executable")
JULIACALL_HINT = 'pip install "juliacall>=0.9" (or pip install "juliatag[julia]")'
EXE_VARS = ("JULIATAG_JULIA", "PYTHON_JULIACALL_EXE", "JULIA_EXE")
WORKER_ENV = "JULIATAG_JULIA_WORKER"
PACKAGE_ENV = "JULIATAG_JULIA_PACKAGE"
STARTUP_ENV = "JULIATAG_JULIA_STARTUP_TIMEOUT"
RECYCLE_ENV = "JULIATAG_JULIA_RECYCLE"
DEFAULT_RECYCLE = 200
WORKER_MODULE = "juliatag.backends.julia_worker"
PACKAGE_NAME = "JuliaTagWorker"
MIN_JULIA = (1, 10)
DEFAULT_STARTUP_TIMEOUT = 600.0


def _configured_exe() -> tuple[str, str] | None:
    """(variable, value) of the first variable that configures the julia executable."""
    for var in EXE_VARS:
        exe = os.environ.get(var)
        if exe:
            return var, exe
    bindir = os.environ.get("JULIA_BINDIR")
    if bindir:
        return "JULIA_BINDIR", os.path.join(bindir, "julia.exe" if os.name == "nt" else "julia")
    return None


def _is_exe(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_julia() -> str | None:
    """The julia executable to use, or None. Never downloads or installs anything."""
    conf = _configured_exe()
    if conf is not None:
        exe = conf[1]
        found = exe if os.sep in exe or (os.altsep and os.altsep in exe) else shutil.which(exe)
        return found if found and _is_exe(found) else None
    return shutil.which("julia")


def julia_version(exe: str, timeout: float = 30.0) -> str:
    try:
        out = subprocess.run([exe, "--startup-file=no", "--version"], capture_output=True, timeout=timeout,
                             check=True, stdin=subprocess.DEVNULL).stdout.decode(errors="replace").strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise JuliatagError(f"julia at {exe} does not run ({exc}); {INSTALL_HINT}") from exc
    return out.split()[-1] if out else "?"


def _version_tuple(version: str) -> tuple[int, int]:
    m = re.match(r"(\d+)\.(\d+)", version)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def julia_package_dir() -> Path | None:
    """The folder of the Julia worker package (holding src/JuliaTagWorker.jl), or None."""
    env = os.environ.get(PACKAGE_ENV)
    candidates = [Path(env)] if env else [Path(__file__).resolve().parents[1] / "julia"]
    for cand in candidates:
        if (cand / "src" / f"{PACKAGE_NAME}.jl").is_file():
            return cand
    return None


def custom_worker() -> list[str] | None:
    cmd = os.environ.get(WORKER_ENV, "").strip()
    return shlex.split(cmd) if cmd else None


def default_worker_command() -> list[str]:
    return [sys.executable, "-m", WORKER_MODULE]


def _juliacall_present() -> bool:
    """Whether juliacall is installed, found without importing it."""
    import importlib.util

    try:
        return importlib.util.find_spec("juliacall") is not None
    except (ImportError, ValueError):
        return False


def julia_backend_status(probe_packages: bool = False) -> tuple[bool, str]:
    """(usable, one-line reason). Fast: runs `julia --version` at most (plus one probe if asked)."""
    custom = custom_worker()
    if custom is not None:
        return True, f"custom worker {WORKER_ENV}={shlex.join(custom)} (Julia itself is not checked)"
    exe = find_julia()
    if exe is None:
        conf = _configured_exe()
        if conf is not None:
            return False, f"{conf[0]}={conf[1]} is not an executable file; {INSTALL_HINT}"
        return False, f"no Julia executable found; {INSTALL_HINT}"
    try:
        version = julia_version(exe)
    except JuliatagError as exc:
        return False, str(exc)
    if _version_tuple(version) < MIN_JULIA:
        return False, (f"Julia {version} at {exe} is too old: the backend needs Julia "
                       f"{MIN_JULIA[0]}.{MIN_JULIA[1]}+ (JuliaSyntax ships with it); {INSTALL_HINT}")
    pkg = julia_package_dir()
    if pkg is None:
        return False, (f"Julia {version} at {exe}, but the worker package ({PACKAGE_NAME}, the julia/ "
                       f"folder of the installed juliatag package) was not found; set {PACKAGE_ENV} to that folder")
    if not _juliacall_present():
        return False, f"Julia {version} at {exe}, but juliacall is missing ({JULIACALL_HINT})"
    detail = f"Julia {version} at {exe} with juliacall; worker package {pkg}"
    if probe_packages:
        detail += "; " + probe_optional_packages(exe)
    return True, detail


def probe_optional_packages(exe: str, timeout: float = 60.0) -> str:
    """Whether TypedSyntax and JET (optional, used with --allow-exec) can be loaded by that Julia."""
    code = ('for p in ("TypedSyntax", "JET"); print(p, "=", Base.identify_package(p) !== nothing, " "); end')
    try:
        out = subprocess.run([exe, "--startup-file=no", "-e", code], capture_output=True, timeout=timeout,
                             stdin=subprocess.DEVNULL).stdout.decode(errors="replace")
    except (OSError, subprocess.SubprocessError) as exc:
        return f"optional packages not probed ({type(exc).__name__})"
    found = dict(part.split("=", 1) for part in out.split() if "=" in part)
    parts = []
    uses = (("TypedSyntax", "types of calls and expressions"), ("JET", "undefined names, runtime dispatch"))
    for name, use in uses:
        state = "found" if found.get(name) == "true" else "not installed"
        parts.append(f"{name} {state} ({use})")
    return ", ".join(parts)


def require_julia() -> str:
    """Check the backend can run; returns the Julia version or raises a one-line JuliatagError."""
    ok, detail = julia_backend_status()
    if not ok:
        raise JuliatagError(f"--backend julia is unavailable: {detail}")
    if custom_worker() is not None:
        return "custom-worker"
    return detail.split()[1]


def _startup_timeout() -> float:
    try:
        return float(os.environ.get(STARTUP_ENV, DEFAULT_STARTUP_TIMEOUT))
    except ValueError:
        return DEFAULT_STARTUP_TIMEOUT


def _recycle_every() -> int:
    try:
        return max(0, int(os.environ.get(RECYCLE_ENV, DEFAULT_RECYCLE)))
    except ValueError:
        return DEFAULT_RECYCLE


def _worker_env(exe: str | None) -> dict:
    env = dict(os.environ)
    if exe:
        env["JULIATAG_JULIA"] = exe
    pkg = julia_package_dir()
    if pkg is not None:
        env[PACKAGE_ENV] = str(pkg)
    # the worker imports juliatag from the same place as this process
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


@dataclass
class JuliaLabels:
    """A file labelled by the Julia backend, with what compare-backends needs besides the labels."""

    labels: object            # FileLabels
    julia_kinds: list         # per lexeme: our kind id of the worker's token with the same range, or None
    result: dict              # the worker's raw result


class JuliaBackend:
    """Label files with Julia (one worker subprocess per instance, started when the backend is
    created, or with the first file when `start=False`).

    `allow_exec`: evaluate the file's definitions in a fresh module so Julia can infer types
    (this runs the file's code); without it the worker gives tokens, syntax and annotation-level
    types only. `timeout`: seconds per file, after which the worker is killed and restarted.
    """

    name = "julia"
    lexical_fallback = False   # a file the worker cannot label fails; it is not labelled lexically

    def __init__(self, allow_exec: bool = False, timeout: float = 120.0,
                 worker_command: list[str] | None = None, startup_timeout: float | None = None,
                 start: bool = True):
        from .client import WorkerClient, WorkerStartError

        exe = None
        if worker_command is None:
            worker_command = custom_worker()
            if worker_command is None:
                require_julia()                 # one line, within seconds, before anything starts
                exe = find_julia()
                worker_command = default_worker_command()
        self.allow_exec = bool(allow_exec)
        self.timeout = float(timeout)
        self.recycle = _recycle_every() if self.allow_exec else 0
        self.served = 0
        self.client = WorkerClient(worker_command, startup_timeout or _startup_timeout(),
                                   env=_worker_env(exe))
        if start:
            # Start now, outside any per-file time limit of the caller. A failure is kept by the
            # client and raised (in one line) by every label call, so a run records it per file
            # without paying the start-up again.
            try:
                self.client.start()
            except WorkerStartError:
                pass

    @property
    def version(self) -> str:
        hello = self.client.start()
        return str(hello.get("julia_version") or "?")

    def start(self) -> dict:
        """Start the worker now (otherwise it starts with the first file); returns its ready message."""
        return self.client.start()

    def label_full(self, data: bytes, text: str, path: str | None = None) -> JuliaLabels:
        from ..lexer import lex
        from .mapping import julia_kinds, labels_from_result

        lx = lex(text)
        result = self.client.request({"op": "label", "text": text, "allow_exec": self.allow_exec,
                                      "timeout": self.timeout, "path": path}, timeout=self.timeout)
        if not isinstance(result, dict):
            from .client import WorkerError
            raise WorkerError("the julia worker answered without a result")
        self.served += 1
        if self.recycle and self.served % self.recycle == 0:
            self.client.close()                 # a fresh Julia for the next file (see RECYCLE_ENV)
        fl = labels_from_result(lx, result)
        return JuliaLabels(fl, julia_kinds(lx, result.get("tokens") or []), result)

    def label(self, data: bytes, text: str, package=None):
        """FileLabels of one file (the `labeling.Labeler` interface; `package` is not needed: Julia
        reads the file's own definitions)."""
        return self.label_full(data, text).labels

    def close(self) -> None:
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
