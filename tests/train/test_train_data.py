"""Shard reading: .pt and Arrow forms agree, windows cover every target once, clear errors."""

import json

import pytest
import torch

from juliatag.errors import JuliatagError, MissingInputError
from juliatag.train.data import (
    COLUMNS,
    RandomWindows,
    ShardSplit,
    check_batch,
    eval_batches,
    read_manifest,
    special_ids,
    window_starts,
)
from ..synthetic import write_synthetic_shards


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return write_synthetic_shards(tmp_path_factory.mktemp("shards"), vocab_size=256, seq_len=40,
                                  train_rows=10, validation_rows=4, rows_per_file=3)


def test_fixture_follows_the_shard_contract(shards):
    manifest = read_manifest(shards)
    assert manifest["seq_len"] == 40 and manifest["vocab_size"] == 256
    assert special_ids(manifest) == (0, 1)
    files = sorted(p.name for p in (shards / "pt").iterdir())
    assert files[:4] == ["train-00000.pt", "train-00001.pt", "train-00002.pt", "train-00003.pt"]
    d = torch.load(shards / "pt" / "train-00000.pt", weights_only=True)
    assert d["input_ids"].dtype == torch.int32 and d["type_ids"].dtype == torch.int16
    assert d["flags"].dtype == torch.int32 and d["kind"].dtype == torch.uint8
    assert d["depth"].dtype == torch.int8
    last = torch.load(shards / "pt" / "train-00003.pt", weights_only=True)["input_ids"][-1]
    assert last[-1] == 1 and (last == 0).any()                  # padded tail, documents separated by EOT


def test_pt_and_arrow_forms_give_the_same_rows(shards):
    pt, arrow = ShardSplit(shards, "train", "pt"), ShardSplit(shards, "train", "arrow")
    assert (len(pt), pt.seq_len) == (len(arrow), arrow.seq_len) == (10, 40)
    idx = [9, 0, 4, 3, 3]
    a, b = pt.rows(idx), arrow.rows(idx)
    for c in COLUMNS:
        assert a[c].dtype == torch.long and torch.equal(a[c], b[c]), c
    assert ShardSplit(shards, "train").format == "pt"           # auto prefers .pt


def test_arrow_is_used_when_there_is_no_pt(tmp_path):
    d = write_synthetic_shards(tmp_path, vocab_size=256, seq_len=16, train_rows=3, validation_rows=1,
                               forms=("arrow",))
    assert ShardSplit(d, "train").format == "arrow"


def test_random_windows_are_seeded_and_resumable(shards):
    split = ShardSplit(shards, "train")
    a, b = RandomWindows(split, 4, 16, seed=5), RandomWindows(split, 4, 16, seed=5)
    first = next(a)
    assert first["input_ids"].shape == (4, 17)
    assert torch.equal(first["input_ids"], next(b)["input_ids"])
    state = a.state()
    x = next(a)
    a.set_state(state)
    assert torch.equal(next(a)["input_ids"], x["input_ids"])
    # a window is a contiguous slice of a row
    rows = split.rows(range(len(split)))["input_ids"]
    w = x["input_ids"][0]
    assert any(w.tolist() == r[s:s + 17].tolist() for r in rows for s in range(40 - 16))


@pytest.mark.parametrize("seq_len,T", [(40, 16), (40, 39), (41, 10), (2048, 128), (2048, 2047), (17, 16)])
def test_eval_windows_score_every_target_once(seq_len, T):
    scored = []
    for start, first in window_starts(seq_len, T):
        assert 0 <= start and start + T + 1 <= seq_len
        scored += [start + j + 1 for j in range(first, T)]
    assert sorted(scored) == list(range(1, seq_len))


def test_eval_batches_cover_the_split(shards):
    split = ShardSplit(shards, "validation")
    n = sum(int((b["score_from"] < 16).sum()) for b in eval_batches(split, 16, 8))
    assert n == len(split) * len(window_starts(40, 16))
    assert len(list(eval_batches(split, 16, 8, max_batches=1))) == 1
    # a limited number of batches is spread over the split, not its first rows
    rows = split.rows(range(len(split)))["input_ids"]
    firsts = [b["input_ids"][0, :17] for b in eval_batches(split, 16, 4, max_batches=2)]  # 1 row a batch
    assert torch.equal(firsts[0], rows[0, :17]) and torch.equal(firsts[1], rows[2, :17])


def test_missing_and_broken_shards_are_user_errors(tmp_path, shards):
    with pytest.raises(MissingInputError, match="juliatag shard"):
        read_manifest(tmp_path / "nowhere")
    with pytest.raises(MissingInputError, match="manifest"):
        read_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"seq_len": 8}))
    with pytest.raises(JuliatagError, match="vocab_size"):
        read_manifest(tmp_path)
    with pytest.raises(MissingInputError, match="no test shards"):
        ShardSplit(shards, "test")
    assert ShardSplit.maybe(shards, "test") is None
    (tmp_path / "pt").mkdir()
    torch.save({"input_ids": torch.zeros(2, 8, dtype=torch.int32)}, tmp_path / "pt" / "train-00000.pt")
    with pytest.raises(JuliatagError, match="lacks column"):
        ShardSplit(tmp_path, "train")


def test_token_ids_beyond_the_vocabulary_are_caught(shards):
    batch = ShardSplit(shards, "train").rows([0])
    check_batch(batch, 256, "x")
    with pytest.raises(JuliatagError, match="outside the vocabulary"):
        check_batch(batch, 100, "x")
