"""The Julia worker process: `python -m juliatag.backends.julia_worker`.

It checks that a usable Julia is configured or on PATH *before* importing juliacall (whose import
would otherwise try to download Julia), pins juliacall to that executable, loads the Julia package
`JuliaTagWorker` (the juliatag/julia/ folder) and answers `label` requests on the protocol of
`backends.protocol`. Any start-up failure is reported as one `fatal` line.
"""

from __future__ import annotations

import os
import sys

from .protocol import fatal, one_line, protocol_streams, serve

SYNTHETIC_FILENAME = "juliatag_input.jl"


def _prepare_juliacall_env(exe: str) -> None:
    # juliapkg uses an explicitly configured executable as is and never installs another one
    os.environ["PYTHON_JULIAPKG_EXE"] = exe
    os.environ.setdefault("PYTHON_JULIACALL_EXE", exe)
    os.environ.setdefault("PYTHON_JULIACALL_THREADS", "1")      # one Julia thread per worker; --jobs scales
    os.environ.setdefault("PYTHON_JULIACALL_STARTUP_FILE", "no")
    os.environ.setdefault("PYTHON_JULIACALL_HANDLE_SIGNALS", "yes")


def main() -> int:
    try:
        streams = protocol_streams()
    except OSError as exc:
        return fatal(None, f"cannot set up the protocol streams: {exc}")
    from ..errors import JuliatagError
    from .julia import (INSTALL_HINT, JULIACALL_HINT, MIN_JULIA, PACKAGE_ENV, PACKAGE_NAME,
                        _juliacall_present, _version_tuple, find_julia, julia_package_dir, julia_version)

    exe = find_julia()
    if exe is None:
        return fatal(streams, f"no Julia executable found; {INSTALL_HINT}")
    try:
        version = julia_version(exe)
    except JuliatagError as exc:
        return fatal(streams, str(exc))
    if _version_tuple(version) < MIN_JULIA:
        return fatal(streams, f"Julia {version} at {exe} is too old (need {MIN_JULIA[0]}.{MIN_JULIA[1]}+)")
    pkg = julia_package_dir()
    if pkg is None:
        return fatal(streams, f"the {PACKAGE_NAME} package (juliatag/julia/ folder) was not found; set {PACKAGE_ENV}")
    if not _juliacall_present():
        return fatal(streams, f"juliacall is missing ({JULIACALL_HINT})")
    _prepare_juliacall_env(exe)
    try:
        import juliacall  # noqa: F401  (the only import of juliacall in juliatag)
        jl = juliacall.Main
        jl.seval("Base.include")(jl, str(pkg / "src" / f"{PACKAGE_NAME}.jl"))
        worker = jl.seval(f"Main.{PACKAGE_NAME}")
        hello_json = str(worker.hello_json())
        worker.warm_up()
    except Exception as exc:  # juliacall's own start-up, or our package failing to load
        return fatal(streams, f"Julia {version} at {exe} could not load {PACKAGE_NAME}: "
                              f"{one_line(f'{type(exc).__name__}: {exc}', 300)}")
    import json

    hello = json.loads(hello_json)
    hello.setdefault("julia_exe", exe)

    def label(req: dict) -> str:
        text = req.get("text")
        if not isinstance(text, str):
            raise ValueError("label request without text")
        path = req.get("path") or SYNTHETIC_FILENAME
        timeout = float(req.get("timeout") or 120.0)
        return str(worker.label_json(text, bool(req.get("allow_exec")), str(path), timeout))

    return serve(streams, hello, label)


if __name__ == "__main__":
    sys.exit(main())
