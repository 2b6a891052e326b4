"""User-facing failures (one-line JuliatagError) and per-file problems that must not abort a run."""

from __future__ import annotations

import json

import numpy as np
import pytest

from juliatag.errors import JuliatagError, MissingInputError
from juliatag.shards import ShardOptions, build_shards

from ..helpers import train_tokenizer
from .conftest import DOCS, recorded_dataset, toy_labels, write_corpus

OPTS = ShardOptions(seq_len=64, val_fraction=0.3, jobs=1, formats=("arrow", "pt", "bin"))


def test_missing_inputs(tmp_path, corpus_dir, tokenizer_dir):
    with pytest.raises(MissingInputError, match="no lexeme corpus"):
        build_shards(tmp_path / "nope", tokenizer_dir, tmp_path / "out", OPTS)
    with pytest.raises(MissingInputError, match="no tokenizer"):
        build_shards(corpus_dir, tmp_path / "nope", tmp_path / "out", OPTS)
    assert not (tmp_path / "out").exists()


def test_empty_corpus(tmp_path, tokenizer_dir):
    empty = write_corpus(tmp_path / "empty", [])
    with pytest.raises(JuliatagError, match="empty"):
        build_shards(empty, tokenizer_dir, tmp_path / "out", OPTS)


@pytest.mark.parametrize("opts, pattern", [
    (ShardOptions(seq_len=4), "seq-len"),
    (ShardOptions(val_fraction=1.5), "val-fraction"),
    (ShardOptions(formats=("arrow", "parquet")), "formats"),
    (ShardOptions(formats=()), "formats"),
    (ShardOptions(jobs=-1), "jobs"),
    (ShardOptions(rows_per_shard=0), "rows-per-shard"),
])
def test_bad_options(tmp_path, corpus_dir, tokenizer_dir, opts, pattern):
    with pytest.raises(JuliatagError, match=pattern):
        build_shards(corpus_dir, tokenizer_dir, tmp_path / "out", opts)


def test_tokenizer_without_special_tokens(tmp_path, corpus_dir):
    train_tokenizer(tmp_path / "tok", ["x = 1\n"] * 10, vocab_size=300, special_tokens=())
    with pytest.raises(JuliatagError, match="lacks the special tokens <\\|endoftext\\|>, <\\|pad\\|>"):
        build_shards(corpus_dir, tmp_path / "tok", tmp_path / "out", OPTS)


def test_single_package(tmp_path, tokenizer_dir):
    corpus = write_corpus(tmp_path / "one", [d for d in DOCS if d[0] == "Alpha"])
    with pytest.raises(JuliatagError, match="one package \\(Alpha\\).*--val-fraction 0"):
        build_shards(corpus, tokenizer_dir, tmp_path / "out", OPTS)
    result = build_shards(corpus, tokenizer_dir, tmp_path / "out",
                          ShardOptions(seq_len=64, val_fraction=0.0, jobs=1, formats=("arrow", "pt")))
    assert result.manifest["counts"]["validation"] == {
        "documents": 0, "tokens": 0, "text_bytes": 0, "rows": 0, "pad_tokens": 0, "shards": 1, "packages": 0}
    import datasets
    import torch

    assert datasets.load_from_disk(str(tmp_path / "out" / "validation")).num_rows == 0
    assert torch.load(tmp_path / "out" / "pt" / "validation-00000.pt", weights_only=True)["input_ids"].shape == (0, 64)
    assert "split: validation" not in (tmp_path / "out" / "README.md").read_text()


def test_refuses_foreign_or_input_folder(tmp_path, corpus_dir, tokenizer_dir):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "manifest.json").write_text(json.dumps({"something": "else"}))
    with pytest.raises(JuliatagError, match="not a juliatag shards manifest"):
        build_shards(corpus_dir, tokenizer_dir, foreign, OPTS)
    assert sorted(p.name for p in foreign.iterdir()) == ["manifest.json"]
    with pytest.raises(JuliatagError, match="input folder"):
        build_shards(corpus_dir, tokenizer_dir, corpus_dir, OPTS)


def test_corpus_missing_columns(tmp_path, tokenizer_dir):
    import datasets

    corpus = tmp_path / "c"
    datasets.Dataset.from_dict({"path": ["a.jl"], "package": ["A"], "text": ["x"]}).save_to_disk(str(corpus / "lexemes"))
    (corpus / "manifest.json").write_text(json.dumps({"dataset": recorded_dataset(corpus)}))
    with pytest.raises(JuliatagError, match="lacks the columns lex_start"):
        build_shards(corpus, tokenizer_dir, tmp_path / "out", OPTS)


def test_bad_rows_are_skipped_and_recorded(tmp_path, tokenizer_dir):
    rows = []
    for package, path, text in DOCS:
        lab = toy_labels(text)
        if path == "Gamma/src/Gamma.jl":  # lexemes stop one byte short of the text
            lab["lex_end"][-1] -= 1
        if path == "Alpha/src/ops.jl":  # a label column shorter than the offsets
            lab["lex_flags"] = lab["lex_flags"][:-1]
        rows.append({"path": path, "package": package, "sha256": "", "text": text, **lab, "functions": []})
    corpus = write_corpus(tmp_path / "bad", None, rows=rows)
    result = build_shards(corpus, tokenizer_dir, tmp_path / "out", OPTS)
    skipped = result.manifest["skipped"]
    assert skipped["documents"] == 2
    assert skipped["by_reason"] == {"lexeme columns of unequal length": 1, "lexemes do not tile the text": 1}
    assert {f["path"] for f in skipped["files"]} == {"Gamma/src/Gamma.jl", "Alpha/src/ops.jl"}
    counts = result.manifest["counts"]
    assert counts["train"]["documents"] + counts["validation"]["documents"] == len(DOCS) - 2
    tokens = np.fromfile(tmp_path / "out" / "bin" / "train.tokens.bin", dtype="<u2")
    assert len(tokens) == counts["train"]["tokens"]
