"""`juliatag stats` on the command line: tables, --json, --plot, the workspace default, one-line errors.

Most cases run in-process with typer's runner; the one-line error check runs the real entry point.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import juliatag.cli  # noqa: F401  (registers the commands)
from juliatag.cli.app import app
from juliatag.errors import MissingInputError
from juliatag.stats import collect_stats


def invoke(*args, env=None):
    return CliRunner().invoke(app, ["stats", *args], env={"COLUMNS": "160", **(env or {})})


def test_json_is_the_library_result(corpus):
    r = invoke(str(corpus), "--json", "--top", "5")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == json.loads(json.dumps(collect_stats(corpus, top=5)))


def test_tables_for_corpus_and_shards(corpus, shards):
    r = invoke(str(corpus))
    assert r.exit_code == 0, r.output
    for title in ("Corpus", "Type ids", "Packages", "Functions with unstable verdicts most often",
                  "Files not labeled, by reason", "Lexemes per split", "Document length", "Flags"):
        assert title in r.stdout
    assert "loose" in r.stdout and "duplicate" in r.stdout
    r = invoke(str(shards))
    assert r.exit_code == 0, r.output
    assert "Tokens per split" in r.stdout and "validation" in r.stdout


def test_plot_writes_report(corpus, tmp_path):
    pytest.importorskip("matplotlib", reason="charts need matplotlib")
    out = tmp_path / "charts"
    r = invoke(str(corpus), "--plot", str(out), "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["kind"] == "lexeme-corpus"
    assert (out / "report.html").is_file() and (out / "types.png").is_file()
    assert json.loads((out / "stats.json").read_text()) == json.loads(r.stdout)


def test_default_is_the_workspace_corpus(corpus, tmp_path):
    shutil.copytree(corpus, tmp_path / "ws" / "corpus")
    r = invoke("--json", env={"JULIATAG_WORKSPACE": str(tmp_path / "ws")})
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["totals"]["documents"] == 5
    r = invoke(env={"JULIATAG_WORKSPACE": str(tmp_path / "empty-ws")})
    assert isinstance(r.exception, MissingInputError) and "no such folder" in str(r.exception)


def test_errors_are_one_line(tmp_path):
    r = subprocess.run([sys.executable, "-m", "juliatag.cli.__main__", "stats", str(tmp_path)], capture_output=True,
                       text=True, timeout=120, check=False)
    assert r.returncode == 1 and r.stderr.strip().count("\n") == 0, r.stderr
    assert "has no manifest.json" in r.stderr and "Traceback" not in r.stderr
