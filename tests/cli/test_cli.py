"""The command line: label --json shape, score-labels, doctor, one-line errors, and help that shows
the defaults."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "julia"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "juliatag.cli.__main__", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_label_json_matches_design(tmp_path):
    f = tmp_path / "m.jl"
    f.write_text("function mix(a::Int, b::Float64)\n    c = a + b\n    return c\nend\n")
    r = run("label", str(f), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"path", "lexemes", "functions"}
    lx = out["lexemes"]
    assert "".join(x["text"] for x in lx) == f.read_text()
    assert set(lx[0]) == {"start", "end", "text", "kind", "type", "type_id", "concreteness", "depth", "stability",
                          "flags"}
    plus = next(x for x in lx if x["text"] == "+")
    assert plus["type"] == "Float64" and plus["concreteness"] == "concrete" and plus["stability"] == "stable"
    assert out["functions"] == [{"name": "mix", "start": 0, "end": 63, "return_type": "Float64",
                                 "stability": "stable"}]


def test_errors_are_one_line_and_nonzero(tmp_path):
    r = run("label", str(tmp_path / "missing.jl"))
    assert r.returncode != 0 and r.stderr.strip().count("\n") == 0 and "not a file" in r.stderr
    r = run("ingest", str(tmp_path / "nowhere"), "--out", str(tmp_path / "c"))
    assert r.returncode != 0 and "source not found" in r.stderr and "Traceback" not in r.stderr
    bad = tmp_path / "latin1.jl"
    bad.write_bytes(b"x = \"\xe9\"\n")
    r = run("label", str(bad))
    assert r.returncode == 1 and "not UTF-8" in r.stderr


def test_score_labels_and_doctor(tmp_path):
    gold = tmp_path / "g.toml"
    gold.write_text("[[case]]\nid = 'a'\nsource = '''\nx = 1.0\n'''\n"
                    "expect = [{ text = 'x', occurrence = 1, type = 'Float64', concreteness = 'concrete' }]\n")
    r = run("score-labels", str(gold), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["files"][0]["score"] == 1.0
    r = run("doctor", "--json")
    assert r.returncode == 0
    names = {c["name"]: c for c in json.loads(r.stdout)}
    assert names["parser: fatou"]["ok"]
    if shutil.which("julia") is None:
        assert not names["backend: julia"]["ok"] and "julia" in names["backend: julia"]["detail"].lower()


def test_ingest_cli_json_summary(tmp_path):
    r = run("ingest", str(FIXTURES / "unicode_ops.jl"), "--out", str(tmp_path / "c"), "--jobs", "1", "--json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["files_labeled"] == 1 and s["syntax_error_bytes"] == 0 and s["lexemes"] > 50


def test_help_shows_each_options_default():
    from juliatag.ingest.options import IngestOptions
    from juliatag.ingest.plan import PACKAGE_ALONE_FRACTION
    out = run("ingest", "--help")
    assert out.returncode == 0
    text = " ".join(out.stdout.split())   # (the help is wrapped to the terminal's width)
    assert f"[default: {IngestOptions().task_bytes}]" in text
    assert "[default: static]" in text and "[default: fatou]" in text
    assert f"a package of 1/{PACKAGE_ALONE_FRACTION} of this or more has tasks of its own" in text
