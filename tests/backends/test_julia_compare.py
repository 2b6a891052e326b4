"""`compare-backends`: both backends on the same files, agreement per column (fake Julia worker)."""

import json
import time

import pytest
from typer.testing import CliRunner

from juliatag.backends.compare import COLUMNS, compare_backends
from juliatag.errors import JuliatagError

FILES = {
    # the fake worker types `x` as Float64, like the static analyzer does for `x::Float64`
    "a.jl": "#fake:type x Float64 stable\nfunction f(x::Float64)\n    return x .+ 1\nend\n",
    # here it disagrees: Int64 where the static analyzer says Float64
    "b.jl": "#fake:type y Int64 stable\ny = 2.5\n",
    "crash.jl": "#fake:crash\n",
}


@pytest.fixture
def tree(tmp_path):
    pkg = tmp_path / "pkgs" / "Demo"
    (pkg / "src").mkdir(parents=True)
    (pkg / "Project.toml").write_text('name = "Demo"\n')
    for name, text in FILES.items():
        (pkg / "src" / name).write_text(text)
    return tmp_path / "pkgs"


def test_agreement_per_column(fake_worker, tree):
    events = []
    report = compare_backends([str(tree)], timeout=10, progress=events.append)
    assert report["files"] == 2
    assert [(e.stage, e.done, e.total) for e in events] == [("labeling", n, 3) for n in range(4)]
    assert [f["path"].endswith("crash.jl") for f in report["failed"]] == [True]
    assert "died on this file" in report["failed"][0]["reason"]
    cols = report["columns"]
    assert set(cols) == set(COLUMNS)
    # the fake worker reports JuliaSyntax's tokens (`.+` as `.` and `+`): mapped, they match our kinds
    assert cols["kind"]["rate"] == 1.0 and report["cut"]["rate"] == 1.0
    assert cols["kind"]["total"] == report["lexemes"] == sum(f["lexemes"] for f in report["per_file"])
    per_file = {f["path"].rsplit("/", 1)[-1]: f for f in report["per_file"]}
    assert per_file["b.jl"]["type"] < 1.0
    assert 0 < cols["type"]["agree"] < cols["type"]["total"]
    assert all(0 <= c["agree"] <= c["total"] for c in cols.values())
    assert report["julia"]["julia_version"] == "0.0-fake" and report["allow_exec"] is False
    assert report["functions"]["matched"]["total"] >= 1
    json.dumps(report)


def test_the_command_prints_a_table_or_json(fake_worker, tree):
    from juliatag.cli import app

    r = CliRunner().invoke(app, ["compare-backends", str(tree), "--json", "--allow-exec"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["allow_exec"] is True and report["files"] == 2
    r = CliRunner().invoke(app, ["compare-backends", str(tree)])
    assert r.exit_code == 0 and "concreteness" in r.stdout and "failed with the Julia backend" in r.stdout


def test_without_julia_it_fails_fast_in_one_line(no_julia, tree):
    t0 = time.monotonic()
    with pytest.raises(JuliatagError) as info:
        compare_backends([str(tree)])
    assert time.monotonic() - t0 < 5
    assert str(info.value).startswith("--backend julia is unavailable: no Julia executable found")
    assert "\n" not in str(info.value)
