"""`juliatag shard` on the command line: workspace defaults, summary, one-line errors."""

from __future__ import annotations

import shutil
import subprocess
import sys

from typer.testing import CliRunner

from juliatag.cli.app import app


def test_cli_uses_workspace_defaults(tmp_path, corpus_dir, tokenizer_dir, monkeypatch):
    ws = tmp_path / "ws"
    shutil.copytree(corpus_dir, ws / "corpus")
    shutil.copytree(tokenizer_dir, ws / "tokenizer")
    monkeypatch.setenv("JULIATAG_WORKSPACE", str(ws))
    result = CliRunner().invoke(app, ["shard", "--seq-len", "64", "--val-fraction", "0.3", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "validation" in result.output and "tokens" in result.output
    assert (ws / "shards" / "manifest.json").is_file()
    assert (ws / "shards" / "train" / "state.json").is_file()
    assert list((ws / "shards" / "pt").glob("train-*.pt"))


def test_cli_error_is_one_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", "from juliatag.cli import main; main()", "shard", "--corpus", str(tmp_path / "none"),
         "--tokenizer", str(tmp_path), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("juliatag: error: no lexeme corpus")
