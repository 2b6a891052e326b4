"""Without a usable Julia the backend fails within seconds, in one line, naming what to install or
set, and never imports juliacall (whose import would try to download Julia)."""

import importlib.util
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from juliatag.backends import julia as jb
from juliatag.backends.client import WorkerClient, WorkerStartError
from juliatag.errors import JuliatagError
from .julia_test_helpers import ROOT, fake_julia_exe

HAS_JULIACALL = importlib.util.find_spec("juliacall") is not None


def one_line_error(fn, *args, **kwargs) -> str:
    t0 = time.monotonic()
    with pytest.raises(JuliatagError) as info:
        fn(*args, **kwargs)
    assert time.monotonic() - t0 < 5
    msg = str(info.value)
    assert "\n" not in msg
    return msg


def test_no_julia_fails_fast_in_one_line_without_importing_juliacall(no_julia):
    assert jb.find_julia() is None
    for fn in (jb.require_julia, jb.JuliaBackend):
        msg = one_line_error(fn)
        assert msg.startswith("--backend julia is unavailable: no Julia executable found")
        assert "install Julia 1.10+" in msg and "JULIATAG_JULIA" in msg
    ok, detail = jb.julia_backend_status()
    assert not ok and "no Julia executable found" in detail
    assert "juliacall" not in sys.modules


def test_a_configured_julia_that_is_not_there_is_named(no_julia, monkeypatch):
    monkeypatch.setenv("JULIATAG_JULIA", "/nowhere/bin/julia")
    assert "JULIATAG_JULIA=/nowhere/bin/julia is not an executable file" in one_line_error(jb.require_julia)


def test_old_julia_missing_package_and_missing_juliacall(no_julia, monkeypatch):
    fake_julia_exe(no_julia, "1.9.4")
    assert "Julia 1.9.4" in one_line_error(jb.require_julia) and "too old" in one_line_error(jb.require_julia)
    fake_julia_exe(no_julia, "1.10.4")
    assert jb.find_julia() == str(no_julia / "julia")
    monkeypatch.setenv("JULIATAG_JULIA_PACKAGE", str(no_julia))
    assert "set JULIATAG_JULIA_PACKAGE" in one_line_error(jb.require_julia)
    monkeypatch.delenv("JULIATAG_JULIA_PACKAGE")
    assert jb.julia_package_dir() == ROOT / "src" / "juliatag" / "julia"
    if HAS_JULIACALL:
        pytest.skip("juliacall is installed here: the missing-juliacall message cannot be shown")
    assert 'juliacall is missing (pip install "juliacall>=0.9"' in one_line_error(jb.require_julia)
    assert "juliacall" not in sys.modules


def test_the_real_worker_checks_before_importing_juliacall(no_julia):
    """`python -m juliatag.backends.julia_worker` on a machine without Julia: a fatal line, fast."""
    client = WorkerClient(jb.default_worker_command(), startup_timeout=60, env=jb._worker_env(None))
    t0 = time.monotonic()
    with pytest.raises(WorkerStartError) as info:
        client.start()
    assert time.monotonic() - t0 < 10
    assert str(info.value).startswith("no Julia executable found; install Julia 1.10+")
    assert client.proc.returncode == 3


@pytest.mark.skipif(HAS_JULIACALL, reason="juliacall is installed here")
def test_the_real_worker_reports_missing_juliacall(no_julia):
    fake_julia_exe(no_julia, "1.10.4")
    client = WorkerClient(jb.default_worker_command(), startup_timeout=60, env=jb._worker_env(None))
    with pytest.raises(WorkerStartError, match="juliacall is missing"):
        client.start()


def test_doctor_reports_the_backend_and_why(no_julia, fake_worker, monkeypatch):
    from juliatag.doctor import _check_julia_backend as julia_check

    check = julia_check()
    assert check.name == "backend: julia"
    assert check.ok and "custom worker JULIATAG_JULIA_WORKER=" in check.detail
    monkeypatch.delenv("JULIATAG_JULIA_WORKER")
    check = julia_check()
    assert not check.ok and "no Julia executable found" in check.detail


def test_the_cli_says_it_in_one_line(no_julia, tmp_path):
    f = tmp_path / "a.jl"
    f.write_text("x = 1\n")
    r = subprocess.run([sys.executable, "-m", "juliatag.cli.__main__", "label", str(f), "--backend", "julia"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert r.stderr.startswith("juliatag: error: --backend julia is unavailable: no Julia executable found")


def test_label_json_with_the_fake_worker(fake_worker, tmp_path):
    from juliatag.label_file import label_file_json

    f = tmp_path / "a.jl"
    text = "#fake:type x Float64 stable\nx = 1 .+ 2\n"
    f.write_text(text)
    out = label_file_json(f, backend="julia")
    assert "".join(lx["text"] for lx in out["lexemes"]) == text
    x = next(lx for lx in out["lexemes"] if lx["text"] == "x")
    assert x["type"] == "Float64" and x["concreteness"] == "concrete" and x["stability"] == "stable"
    assert json.loads(json.dumps(out)) == out


def test_juliacall_is_imported_only_by_the_worker():
    statement = re.compile(r"^\s*(import\s+juliacall|from\s+juliacall\s+import)", re.M)
    src = ROOT / "src" / "juliatag"
    importers = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                       if statement.search(p.read_text(encoding="utf-8")))
    assert importers == ["backends/julia_worker.py"]
    assert not [p.name for p in Path(__file__).parent.glob("*.py") if statement.search(p.read_text(encoding="utf-8"))]
