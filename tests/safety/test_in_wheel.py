"""Issue 14 item 17: a non-editable install works. The wheel is built offline from a copy of the
sources, installed into a folder of its own (not the source tree), and labels a file from there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "juliatag"
SOURCE = "x = 1.5\nfunction f(a::Int)\n    return a + 1\nend\ns = \"hi\"\n"


def _run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    copy = tmp / "src-copy"
    copy.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp / "dist"
    r = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
              "-w", str(out), str(copy)], cwd=tmp)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    wheels = list(out.glob("juliatag-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_ships_every_package_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"juliatag/" + p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")}
    assert expected - names == set()
    for must in ("juliatag/data/base_types.jl", "juliatag/data/base_methods.jl", "juliatag/data/stdlib/LinearAlgebra.jl",
                 "juliatag/julia/src/JuliaTagWorker.jl", "juliatag/julia/Project.toml"):
        assert must in names


def test_installed_wheel_labels_a_file(wheel, tmp_path):
    target = tmp_path / "installed"
    r = _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target),
              str(wheel)])
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "t.jl").write_text(SOURCE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JULIATAG_")}
    env["PYTHONPATH"] = str(target)
    where = _run([sys.executable, "-c", "import juliatag, juliatag.backends.julia as j; "
                  "print(juliatag.__file__); print(j.julia_package_dir())"], cwd=work, env=env)
    assert where.returncode == 0, where.stderr
    module_file, julia_pkg = where.stdout.split("\n")[:2]
    assert Path(module_file).resolve().is_relative_to(target.resolve())
    assert Path(julia_pkg).resolve().is_relative_to(target.resolve())
    # the generated stdlib summaries (data/stdlib/*.jl) load from the installed package, module by module
    mods = _run([sys.executable, "-c", "from juliatag.infer.base.methods import method_table; "
                 "print(sorted({m.module for ms in method_table().values() for m in ms if m.module}))"],
                cwd=work, env=env)
    assert mods.returncode == 0, mods.stderr
    assert "LinearAlgebra" in mods.stdout and "SparseArrays" in mods.stdout
    r = _run([sys.executable, "-m", "juliatag.cli", "label", "t.jl"], cwd=work, env=env)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    doc = json.loads(r.stdout)
    types = {lx["text"]: lx["type"] for lx in doc["lexemes"]}
    assert types["x"] == "Float64" and types["s"] == "String" and types["a"] == "Int64"
    assert [fn["name"] for fn in doc["functions"]] == ["f"]
