"""check-truth end to end on the fixture packages: truths, verdicts, skips, CLI and errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from juliatag.errors import JuliatagError
from juliatag.syntax import get_parser
from juliatag.syntax.tree import ParserUnavailable
from juliatag.truth import TruthOptions, check_truth, failures, render_table, tally

FIXTURES = Path(__file__).resolve().parent / "fixtures"

try:
    get_parser("fatou")
    HAVE_FATOU = True
except ParserUnavailable:  # pragma: no cover - fatou is a dependency
    HAVE_FATOU = False

pytestmark = pytest.mark.skipif(not HAVE_FATOU, reason="fatou not installed")


@pytest.fixture(scope="module")
def results():
    return check_truth([str(FIXTURES)], TruthOptions(jobs=2))


def _cases(results, name):
    (r,) = [r for r in results if r.name == name]
    return r, {(c.source, c.line, c.expr): c for c in r.cases}


def test_doctest_truths_of_every_form(results):
    r, cases = _cases(results, "Pt")
    want = {
        ("[1.0, 2.0]", "Vector{Float64}"), ("[1 2; 3 4]", "Matrix{Int64}"),
        ('Dict("a" => 1, "b" => 2)', "Dict{String, Int64}"), ("1 + 2", "Int64"), ("2.5 * 2", "Float64"),
        ("1.5f0", "Float32"), ("1//2", "Rational{Int64}"), ("1 + 2im", "Complex{Int64}"), (":sym", "Symbol"),
        ("0x01", "UInt8"), ("1:3", "UnitRange{Int64}"), ("'a'", "Char"), ('"s" * "t"', "String"),
        ("missing", "Missing"), ("1 < 2", "Bool"), ("Float64", "Type{Float64}"),
        ("v", "Vector{Int64}"),            # a variable from a continued, `;`-ended input before it
        ("x = 3", "Int64"),                # an assignment: the bound name
        ("x + 0.5", "Float64"),            # a later block of the same name sees x
        ("Box(1.0).v", "Float64"), ("collect(1:3)", "Vector{Int64}"),  # docs/src/*.md
    }
    got = {(c.expr, c.truth) for c in r.cases if c.source == "doctest"}
    assert got == want
    assert all(c.verdict == "exact" for c in r.cases if c.source == "doctest" and c.kind != "float")
    assert cases[("doctest", 86, "v")].path == "Pt/src/Pt.jl"


def test_doctest_outputs_left_out(results):
    r, _ = _cases(results, "Pt")
    assert dict(r.skipped["doctest"]) == {
        "not-a-base-form": 2,   # Box(2.5), Square of 2.0
        "custom-show": 3,       # Vector{Square}, the type Square, Grid's own summary
        "other-width": 1, "prints": 1, "error": 1, "filtered": 1,
    }
    lk, _ = _cases(results, "Lk")
    assert dict(lk.skipped["doctest"]) == {"package-lookalike": 1}  # Meter prints like a Float64
    assert [(c.expr, c.verdict) for c in lk.cases] == [("[1, 2]", "exact")]


def test_test_assertion_verdicts(results):
    r, cases = _cases(results, "Pt")
    assert cases[("test", 6, "1.0")].verdict == "exact"
    assert cases[("test", 7, "2.0")].truth == "Float64"
    assert cases[("test", 8, "eltype([1.0, 2.0])")].truth == "Type{Float64}"
    assert cases[("test", 9, "[1, 2]")].truth == "<: AbstractVector"
    assert cases[("test", 9, "[1, 2]")].verdict == "exact"
    assert cases[("test", 13, "maybe(rand(1:9))")].verdict == "compatible"  # Union{Nothing, Int64} holds Int64
    assert cases[("test", 14, "eval(:(1 + 1))")].verdict == "unknown"        # Any commits to nothing
    assert cases[("test", 16, "x")].verdict == "wrong"                       # a wrong assertion, on purpose
    assert cases[("test", 28, "identity(1)")].verdict == "stable"
    assert cases[("test", 28, "identity(1)")].kind == "inferred"
    lines = {line for (source, line, _) in cases if source == "test"}
    assert not lines & {17, 18, 19, 21, 23, 25, 26, 29, 30}  # broken, skip, VERSION, unknown T, @inferred T, throws
    assert dict(r.skipped["test"]) == {"unknown-type": 1}


def test_tally_and_failures(results):
    counts = tally(results)
    total = counts["total"]
    assert total["packages"] == 2
    d = total["doctest"]
    assert d["total"] == d["exact"] + d["compatible"] + d["unknown"] + d["wrong"] == 22
    t = total["test"]
    assert t["wrong"] >= 1 and t["unknown"] >= 1 and t["compatible"] >= 1
    assert t["committed_right"] == round((t["exact"] + t["compatible"]) / (t["total"] - t["unknown"]), 4)
    assert total["inferred"]["total"] == 2
    wrong = failures(results, "wrong")
    assert {"path": "Pt/test/runtests.jl", "line": 16, "verdict": "wrong"}.items() <= wrong[0].items()
    assert all(c["verdict"] in ("wrong", "union", "unstable") for c in wrong)
    assert len(failures(results, "all")) > len(wrong) and failures(results, "none") == []
    text = render_table(counts)
    assert "TOTAL" in text and "Pt" in text and "Lk" in text


def test_options_are_checked():
    with pytest.raises(JuliatagError, match="--failures takes one of"):
        TruthOptions(failures="some").resolved()
    with pytest.raises(JuliatagError, match="--file-timeout"):
        TruthOptions(file_timeout=0).resolved()
    with pytest.raises(JuliatagError, match="--max-file-bytes"):
        TruthOptions(max_file_bytes=0).resolved()
    with pytest.raises(JuliatagError, match="--jobs"):
        TruthOptions(jobs=-1).resolved()
    assert TruthOptions(failures=" ALL ").resolved().failures == "all"
    assert TruthOptions(jobs=0).resolved().jobs == 0  # automatic: one per core, capped at the package count
    with pytest.raises(JuliatagError, match="--jobs"):
        TruthOptions(jobs=100_000).resolved()


def test_bad_sources(tmp_path):
    with pytest.raises(JuliatagError, match="source not found"):
        check_truth([str(tmp_path / "nope")])
    f = tmp_path / "a.jl"
    f.write_text("x = 1\n")
    with pytest.raises(JuliatagError, match="not a package folder"):
        check_truth([str(f)])
    with pytest.raises(JuliatagError, match="no Julia package"):
        check_truth([str(tmp_path)])
    with pytest.raises(JuliatagError, match="no sources"):
        check_truth([])


def test_packages_are_found_in_monorepos_and_folders(tmp_path):
    import shutil
    from juliatag.truth import find_packages
    mono = tmp_path / "Mono"
    (mono / "docs" / "src").mkdir(parents=True)
    (mono / "docs" / "src" / "index.md").write_text("# docs\n")
    (mono / "Project.toml").write_text("[workspace]\nprojects = [\"Lk\"]\n")
    shutil.copytree(FIXTURES / "Lk", mono / "Lk")
    assert [p.name for p in find_packages([str(tmp_path)])] == ["Lk"]
    assert [p.name for p in find_packages([str(FIXTURES)])] == ["Lk", "Pt"]
    events = []
    assert [r.name for r in check_truth([str(mono)], progress=events.append)] == ["Lk"]
    assert [(e.stage, e.done, e.total) for e in events] == [("packages", 0, 1), ("packages", 1, 1)]


def _cli(*args, seed="0"):
    env = dict(os.environ, PYTHONHASHSEED=seed)
    return subprocess.run([sys.executable, "-m", "juliatag.cli", "check-truth", *args], capture_output=True,
                          text=True, env=env, timeout=600)


def test_cli_json_is_byte_identical_across_runs_seeds_and_jobs():
    a = _cli(str(FIXTURES), "--json", "--failures-all", "--jobs", "1", seed="1")
    b = _cli(str(FIXTURES), "--json", "--failures-all", "--jobs", "2", seed="987")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    out = json.loads(a.stdout)
    assert set(out) == {"packages", "total", "failures"}
    assert [p["name"] for p in out["packages"]] == ["Lk", "Pt"]


def test_cli_text_and_errors(tmp_path):
    r = _cli(str(FIXTURES / "Lk"), "--failures")
    assert r.returncode == 0, r.stderr
    assert "TOTAL" in r.stdout and "skipped doctest truths: package-lookalike 1" in r.stdout
    r = _cli(str(tmp_path / "missing"))
    assert r.returncode == 1 and r.stderr.strip().splitlines() == [f"juliatag: error: source not found: "
                                                                   f"{tmp_path / 'missing'}"]
    r = _cli(str(FIXTURES / "Lk"), "--file-timeout", "-1")
    assert r.returncode == 1 and "--file-timeout must be" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_file_that_trips_the_checker_is_recorded_not_raised(monkeypatch):
    from juliatag.truth import assertions

    def broken(root, data):
        raise ValueError("tripped")

    monkeypatch.setattr(assertions, "find_assertions", broken)
    (r,) = check_truth([str(FIXTURES / "Pt")])
    assert r.files_failed == [("Pt/test/runtests.jl", "check-error: ValueError: tripped")]
    assert r.skipped["test"]["check-error"] == 1
    assert any(c.source == "doctest" for c in r.cases)  # the rest of the package still ran


def test_doc_pages_and_files_behind_links_are_never_read(tmp_path):
    """Pages in a linked folder under docs/src, or a linked page, lie outside the package: not read."""
    import shutil

    from juliatag.ingest.options import IngestOptions
    from juliatag.truth.check import _read
    from juliatag.truth.context import load_package

    pkg = shutil.copytree(FIXTURES / "Pt", tmp_path / "Pt")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("```jldoctest\njulia> 1\n1\n```\n")
    (pkg / "docs" / "src" / "linked").symlink_to(outside, target_is_directory=True)
    (pkg / "docs" / "src" / "page.md").symlink_to(outside / "secret.md")
    ctx = load_package(pkg, IngestOptions())
    assert [Path(p.fs_path).name for p in ctx.doc_pages] == ["index.md"]
    assert _read(str(pkg / "docs" / "src" / "page.md"), 10_000) is None        # a link: not followed
    assert _read(str(pkg / "docs" / "src" / "index.md"), 10_000).startswith("# Pt")


def test_a_package_is_checked_with_the_api_of_the_packages_it_uses_among_those_checked(tmp_path):
    """As ingest of a corpus: a package sees the methods of the packages it uses that are checked with
    it (`using Dep` in its sources); checked alone, it does not."""
    dep = tmp_path / "Dep"
    (dep / "src").mkdir(parents=True)
    (dep / "Project.toml").write_text('name = "Dep"\n')
    (dep / "src" / "Dep.jl").write_text("module Dep\nexport halve\nhalve(x::Int) = x / 2\nend\n")
    user = tmp_path / "User"
    (user / "src").mkdir(parents=True)
    (user / "test").mkdir()
    (user / "Project.toml").write_text('name = "User"\n\n[deps]\nDep = "11111111-2222-3333-4444-555555555555"\n')
    (user / "src" / "User.jl").write_text("module User\nusing Dep\nquarter(x::Int) = halve(x) / 2\nend\n")
    (user / "test" / "runtests.jl").write_text("using User, Test\n@test User.quarter(4) isa Float64\n")
    together = {r.name: r for r in check_truth([str(tmp_path)], TruthOptions(jobs=1))}
    (case,) = [c for c in together["User"].cases if c.source == "test"]
    assert (case.label, case.verdict) == ("Float64", "exact")
    (alone,) = check_truth([str(user)], TruthOptions(jobs=1))
    (case,) = [c for c in alone.cases if c.source == "test"]
    assert case.verdict == "unknown"
