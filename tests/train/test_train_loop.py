"""The training loop: loss goes down, metrics lines, seeded reproducibility, clear refusals."""

import itertools
import json

import pytest
import torch

from juliatag.errors import JuliatagError
from juliatag.train import TrainConfig, read_metrics, train
from juliatag.train.checkpoint import CKPT_NAME, CONFIG_NAME
from ..synthetic import write_synthetic_shards
from juliatag.train.trainer import lr_at


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return write_synthetic_shards(tmp_path_factory.mktemp("shards"), vocab_size=256, seq_len=64,
                                  train_rows=48, validation_rows=8, forms=("pt",))


def cfg(shards, out, **kw) -> TrainConfig:
    base = {"shards": str(shards), "out": str(out), "preset": "tiny", "block_size": 32, "batch_size": 4,
            "steps": 40, "lr": 3e-3, "warmup": 5, "log_interval": 5, "eval_interval": 20, "eval_batches": 2,
            "ckpt_interval": 20}
    return TrainConfig(**{**base, **kw})


def test_training_lowers_the_loss_and_logs_json_lines(shards, tmp_path):
    events = []
    run = tmp_path / "run"
    c = cfg(shards, run, steps=100, batch_size=8, log_interval=10, eval_interval=50, eval_batches=4)
    summary = train(c, progress=events.append)
    assert summary["steps"] == 100 and [e.done for e in events] == list(range(1, 101))
    lines = read_metrics(run)
    assert all("step" in r and "loss" in r for r in lines)
    tr = [r for r in lines if r["split"] == "train"]
    val = [r for r in lines if r["split"] == "validation"]
    assert [r["step"] for r in tr] == [1] + list(range(10, 101, 10))
    assert [r["step"] for r in val] == [50, 100]
    for r in tr:
        assert {"token_loss", "type_loss", "trouble_loss", "balance_loss", "lr", "tokens_per_s"} <= set(r)
        assert r["type_loss"] > 0                                # the type loss is on
    assert tr[-1]["loss"] < 0.7 * tr[0]["loss"]
    assert val[-1]["type_accuracy"] > val[-1]["type_accuracy_baseline"]
    assert (run / CKPT_NAME).is_file()
    conf = json.loads((run / CONFIG_NAME).read_text())
    assert conf["model"]["arch"] == "moe" and conf["train"]["steps"] == 100
    assert conf["data"]["vocab_size"] == 256


def test_seeded_runs_are_identical_on_cpu(shards, tmp_path):
    a = train(cfg(shards, tmp_path / "a", steps=10, eval_interval=0))
    b = train(cfg(shards, tmp_path / "b", steps=10, eval_interval=0))
    la, lb = read_metrics(tmp_path / "a"), read_metrics(tmp_path / "b")
    assert [r["loss"] for r in la] == [r["loss"] for r in lb]
    wa = torch.load(tmp_path / "a" / CKPT_NAME, weights_only=True)["model"]
    wb = torch.load(tmp_path / "b" / CKPT_NAME, weights_only=True)["model"]
    assert all(torch.equal(wa[k], wb[k]) for k in wa)
    c = train(cfg(shards, tmp_path / "c", steps=10, eval_interval=0, seed=7))
    assert [r["loss"] for r in read_metrics(tmp_path / "c")] != [r["loss"] for r in la]
    assert a["final_loss"] == b["final_loss"] != c["final_loss"]


@pytest.mark.parametrize("arch,bitlinear", [("dense", False), ("moe", True)])
def test_other_architectures_train(shards, tmp_path, arch, bitlinear):
    train(cfg(shards, tmp_path / "r", steps=20, arch=arch, bitlinear=bitlinear, eval_interval=0))
    tr = read_metrics(tmp_path / "r")
    assert tr[-1]["loss"] < tr[0]["loss"]
    if arch == "dense":
        assert all(r["balance_loss"] == 0 for r in tr)


def test_lr_schedule_warms_up_then_decays():
    c = TrainConfig(steps=100, warmup=10, lr=1.0, min_lr_ratio=0.1)
    lrs = [lr_at(s, c) for s in range(100)]
    assert lrs[0] == pytest.approx(0.1) and lrs[9] == pytest.approx(1.0)
    assert all(a >= b for a, b in itertools.pairwise(lrs[9:]))
    assert lrs[-1] == pytest.approx(0.1, abs=1e-3)


def test_refusals(shards, tmp_path):
    with pytest.raises(JuliatagError, match="type loss"):
        TrainConfig(type_weight=0)
    TrainConfig(type_weight=0, allow_no_type_loss=True)
    # shards without type labels: the type loss would silently be zero
    bare = write_synthetic_shards(tmp_path / "bare", vocab_size=256, seq_len=32, train_rows=4,
                                  validation_rows=1, forms=("pt",))
    for f in (bare / "pt").glob("*.pt"):
        d = torch.load(f, weights_only=True)
        d["type_ids"].clamp_(max=1)
        torch.save(d, f)
    with pytest.raises(JuliatagError, match="no type labels"):
        train(cfg(bare, tmp_path / "r1"))
    with pytest.raises(JuliatagError, match="no shards folder"):
        train(cfg(tmp_path / "missing", tmp_path / "r2"))
    with pytest.raises(JuliatagError, match="cuda"):
        if torch.cuda.is_available():
            raise JuliatagError("cuda present; nothing to check")
        train(cfg(shards, tmp_path / "r3", device="cuda"))
    with pytest.raises(JuliatagError, match="unknown preset"):
        train(cfg(shards, tmp_path / "r4", preset="huge"))
