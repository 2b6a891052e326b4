"""Issue 14 item 15: plain one-line errors instead of "internal error" (output side: ingest,
build-vocab, shard, stats): corrupt Arrow files are named, a file where a folder is expected is
refused before the work, a manifest of `[]` is refused, and every numeric option is checked."""

from __future__ import annotations

import json
import shutil
import time

import pytest
from typer.testing import CliRunner

from juliatag.errors import JuliatagError

from .conftest import one_line_error, run_cli


def invoke(*args, env=None):
    """Run a command in-process; returns the JuliatagError it raised (fails on any other outcome)."""
    from juliatag.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    assert isinstance(result.exception, JuliatagError), (result.exit_code, repr(result.exception), result.output)
    assert "\n" not in str(result.exception)
    return result.exception


def _corrupt(corpus, tmp_path, record=True):
    bad = shutil.copytree(corpus, tmp_path / "bad")
    manifest = json.loads((bad / "manifest.json").read_text())
    data = bad / "lexemes" / manifest["dataset"]["shards"][0]["filename"]
    raw = data.read_bytes()
    data.write_bytes(raw[:200] + b"\xff" * 64 + raw[264:len(raw) // 2])
    if not record:  # a corpus made by another tool: no recorded hashes
        (bad / "manifest.json").write_text(json.dumps({"kind": "lexeme-corpus"}))
    return bad, data


@pytest.mark.parametrize("record", [True, False])
def test_corrupt_arrow_is_named_by_build_vocab(tmp_path, corpus, record):
    bad, data = _corrupt(corpus, tmp_path, record)
    err = invoke("build-vocab", "--corpus", bad, "--out", tmp_path / "tok", "--vocab-size", 300)
    assert str(data) in str(err)


def test_corrupt_arrow_is_named_by_stats_and_shard(tmp_path, corpus, tokenizer):
    bad, data = _corrupt(corpus, tmp_path)
    assert str(data) in str(invoke("stats", bad))
    assert str(data) in str(invoke("shard", "--corpus", bad, "--tokenizer", tokenizer, "--out", tmp_path / "s"))


def test_ingest_out_file_is_refused_before_the_work(tmp_path, tree):
    target = tmp_path / "corpus"
    target.write_text("a file\n")
    started = time.perf_counter()
    err = invoke("ingest", tree, "--out", target)
    assert "not a folder" in str(err) and str(target) in str(err)
    assert time.perf_counter() - started < 5
    assert target.read_text() == "a file\n" and not (tmp_path / "corpus.partial").exists()


def test_file_where_a_folder_is_expected(tmp_path, corpus):
    f = tmp_path / "f"
    f.write_text("x\n")
    assert "not a folder" in str(invoke("build-vocab", "--corpus", corpus, "--out", f))
    assert "not a folder" in str(invoke("stats", corpus, "--plot", f))
    assert "JULIATAG_WORKSPACE" in str(invoke("stats", env={"JULIATAG_WORKSPACE": str(f)}))
    line = one_line_error(run_cli("ingest", corpus.parent / "pkgs", env={"JULIATAG_WORKSPACE": str(f)}))
    assert "is a file, not a folder" in line


def test_manifest_of_an_empty_list(tmp_path, corpus, tokenizer):
    bad = shutil.copytree(corpus, tmp_path / "c")
    (bad / "manifest.json").write_text("[]")
    invoke("stats", bad)
    invoke("build-vocab", "--corpus", bad, "--out", tmp_path / "tok")
    invoke("shard", "--corpus", bad, "--tokenizer", tokenizer, "--out", tmp_path / "s")
    shutil.copytree(tokenizer, tmp_path / "tok2")
    s = tmp_path / "shards"
    s.mkdir()
    (s / "manifest.json").write_text("[]")
    invoke("stats", s)


@pytest.mark.parametrize("option", [
    {"jobs": -5}, {"file_timeout": 0}, {"file_timeout": -1}, {"file_timeout": float("nan")},
    {"max_file_bytes": -1}, {"task_bytes": 0}, {"task_files": 0}, {"near_dedup_threshold": float("nan")},
    {"connect_timeout": float("inf")},
])
def test_ingest_options_are_checked_before_the_work(tmp_path, tree, option):
    from juliatag.ingest import IngestOptions, ingest

    with pytest.raises(JuliatagError, match="must be"):
        ingest([str(tree)], tmp_path / "c", IngestOptions(**option))
    assert not (tmp_path / "c").exists()


def test_ingest_options_on_the_command_line(tmp_path, tree):
    for args in (["--jobs", "-5"], ["--file-timeout", "nan"], ["--max-file-bytes", "-1"]):
        assert "must be" in str(invoke("ingest", tree, "--out", tmp_path / "c", *args))


@pytest.mark.parametrize("args", [
    ["--jobs", "-1"], ["--seq-len", "0"], ["--val-fraction", "nan"], ["--rows-per-shard", "0"],
])
def test_shard_options_are_checked(tmp_path, corpus, tokenizer, args):
    invoke("shard", "--corpus", corpus, "--tokenizer", tokenizer, "--out", tmp_path / "s", *args)


@pytest.mark.parametrize("args", [["--vocab-size", "0"], ["--vocab-size", "-3"], ["--max-train-bytes", "0"],
                                  ["--max-train-bytes", "-5"]])
def test_build_vocab_options_are_checked(tmp_path, corpus, args):
    err = invoke("build-vocab", "--corpus", corpus, "--out", tmp_path / "tok", *args)
    assert not (tmp_path / "tok").exists(), err


@pytest.mark.parametrize("top", ["0", "-1"])
def test_stats_options_are_checked(corpus, top):
    invoke("stats", corpus, "--top", top)
