"""Issue 14 items 1-2: a command replaces or removes only what it can prove it wrote.

Each folder below holds the user's files; every command must refuse it with one line naming the
folder, before any work, and leave every file as it was."""

from __future__ import annotations

import shutil

import pytest

from juliatag.errors import JuliatagError

from .conftest import one_line_error, run_cli, snapshot, write_tree


def _user_folder(path):
    path.mkdir(parents=True, exist_ok=True)
    (path / "README.md").write_text("my notes\n")
    for sub in ("bin", "train", "validation", "pt"):
        (path / sub).mkdir(exist_ok=True)
        (path / sub / "keep.txt").write_text(f"{sub} data\n")
    return path


@pytest.mark.parametrize("where", ["source", "parent", "inside"])
def test_ingest_out_overlapping_the_source_is_refused(tmp_path, where):
    src = write_tree(tmp_path / "work" / "pkgs")
    (tmp_path / "work" / "docs.txt").write_text("unrelated\n")
    out = {"source": src, "parent": tmp_path / "work", "inside": src / "corpus"}[where]
    before = snapshot(tmp_path / "work")
    line = one_line_error(run_cli("ingest", src, "--out", out))
    assert str(out) in line and "overlaps the input" in line
    assert snapshot(tmp_path / "work") == before


def test_ingest_out_foreign_folder_is_refused_before_work(tmp_path, tree):
    out = _user_folder(tmp_path / "docs")
    before = snapshot(out)
    line = one_line_error(run_cli("ingest", tree, "--out", out))
    assert str(out) in line and "not empty" in line
    assert snapshot(out) == before
    assert not (tmp_path / "docs.partial").exists()  # refused before any work


def test_ingest_foreign_staging_folder_is_refused(tmp_path, tree):
    partial = _user_folder(tmp_path / "corpus.partial")
    before = snapshot(partial)
    from juliatag.ingest import IngestOptions, ingest

    with pytest.raises(JuliatagError, match="corpus.partial"):
        ingest([str(tree)], tmp_path / "corpus", IngestOptions(jobs=1))
    assert snapshot(partial) == before


def test_ingest_replaces_its_own_corpus_and_fills_an_empty_folder(tmp_path, tree):
    from juliatag.ingest import IngestOptions, ingest

    out = tmp_path / "corpus"
    out.mkdir()
    ingest([str(tree)], out, IngestOptions(jobs=1))
    first = snapshot(out)
    ingest([str(tree)], out, IngestOptions(jobs=1))
    assert snapshot(out) == first


def test_shard_into_a_folder_without_a_shards_manifest_is_refused(tmp_path, corpus, tokenizer):
    out = _user_folder(tmp_path / "shards")
    before = snapshot(out)
    line = one_line_error(run_cli("shard", "--corpus", corpus, "--tokenizer", tokenizer, "--out", out,
                                  "--seq-len", 64, "--formats", "arrow", "--jobs", 1))
    assert str(out) in line
    assert snapshot(out) == before


def test_shard_rewrites_its_own_folder(tmp_path, corpus, tokenizer):
    from juliatag.shards import ShardOptions, build_shards

    out = tmp_path / "shards"
    opts = ShardOptions(seq_len=64, formats=("arrow", "bin"), jobs=1)
    build_shards(corpus, tokenizer, out, opts)
    first = snapshot(out)
    build_shards(corpus, tokenizer, out, opts)
    assert snapshot(out) == first


def test_shard_out_inside_an_input_is_refused(tmp_path, corpus, tokenizer):
    tok = shutil.copytree(tokenizer, tmp_path / "tok")
    before = snapshot(tok)
    from juliatag.shards import ShardOptions, build_shards

    with pytest.raises(JuliatagError, match="overlaps the input"):
        build_shards(corpus, tok, tok / "shards", ShardOptions(seq_len=64, formats=("arrow",), jobs=1))
    assert snapshot(tok) == before


def test_build_vocab_into_a_foreign_folder_is_refused(tmp_path, corpus):
    out = _user_folder(tmp_path / "tok")
    (out / "tokenizer.json").write_text("{\"mine\": true}\n")
    before = snapshot(out)
    line = one_line_error(run_cli("build-vocab", "--corpus", corpus, "--out", out, "--vocab-size", 300))
    assert str(out) in line
    assert snapshot(out) == before


def test_build_vocab_out_equal_to_the_corpus_is_refused(tmp_path, corpus):
    copy = shutil.copytree(corpus, tmp_path / "corpus")
    before = snapshot(copy)
    from juliatag.vocab import build_vocab

    with pytest.raises(JuliatagError, match="overlaps the input"):
        build_vocab(copy, copy, vocab_size=300)
    assert snapshot(copy) == before


def test_stats_plot_into_a_foreign_folder_is_refused(tmp_path, corpus):
    out = _user_folder(tmp_path / "site")
    (out / "report.html").write_text("<p>my page</p>\n")
    (out / "stats.json").write_text("{}\n")
    before = snapshot(out)
    line = one_line_error(run_cli("stats", corpus, "--plot", out))
    assert str(out) in line
    assert snapshot(out) == before


def test_stats_plot_writes_a_new_folder_and_rewrites_its_own(tmp_path, corpus):
    pytest.importorskip("matplotlib")
    from juliatag.stats import collect_stats
    from juliatag.stats.report import write_report

    result = collect_stats(corpus)
    out = tmp_path / "plots"
    write_report(result, out)
    first = snapshot(out)
    write_report(result, out)
    assert snapshot(out) == first
