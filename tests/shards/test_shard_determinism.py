"""Byte-identical outputs across runs and `--jobs`, and clean replacement of earlier shards."""

from __future__ import annotations

from pathlib import Path

import pytest

from juliatag.shards import ShardOptions, build_shards, pipeline


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture()
def small_tasks(monkeypatch):
    """Cut the fixture corpus into many tasks, so `--jobs 2` really spreads work over processes."""
    monkeypatch.setattr(pipeline, "TASK_BYTES", 300)


def test_identical_across_runs_and_jobs(tmp_path, corpus_dir, tokenizer_dir, shards, small_tasks):
    opts = dict(seq_len=64, val_fraction=0.3, formats=("arrow", "pt", "bin"), rows_per_shard=3)
    one = build_shards(corpus_dir, tokenizer_dir, tmp_path / "one", ShardOptions(jobs=1, **opts))
    two = build_shards(corpus_dir, tokenizer_dir, tmp_path / "two", ShardOptions(jobs=2, **opts))
    again = build_shards(corpus_dir, tokenizer_dir, tmp_path / "again", ShardOptions(jobs=2, **opts))
    reference = tree(shards.out_dir)  # the session build: --jobs 1, one task
    assert tree(one.out_dir) == reference
    assert tree(two.out_dir) == reference
    assert tree(again.out_dir) == reference
    assert one.manifest == two.manifest == shards.manifest


def test_rerun_replaces_previous_shards(tmp_path, corpus_dir, tokenizer_dir):
    out = tmp_path / "out"
    build_shards(corpus_dir, tokenizer_dir, out, ShardOptions(seq_len=16, val_fraction=0.3, jobs=1, rows_per_shard=1,
                                                             formats=("arrow", "pt", "bin")))
    many = len(list((out / "pt").glob("*.pt")))
    result = build_shards(corpus_dir, tokenizer_dir, out,
                          ShardOptions(seq_len=64, val_fraction=0.3, jobs=1, rows_per_shard=100, formats=("arrow", "pt")))
    files = tree(out)
    assert many > 2 and len([f for f in files if f.startswith("pt/")]) == 2
    assert not (out / "bin").exists()
    assert sorted(f for f in files if f != "manifest.json") == sorted(result.manifest["files"])
    assert not list(out.glob(".staging-*"))
