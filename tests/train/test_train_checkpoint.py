"""Checkpoints load with weights_only=True, round-trip the model, and resume exactly."""

import pytest
import torch

from juliatag.errors import JuliatagError
from juliatag.model import split_batch
from juliatag.train import TrainConfig, config_from_options, load_checkpoint, model_from_checkpoint, train
from juliatag.train.checkpoint import CKPT_NAME
from juliatag.train.data import ShardSplit, eval_batches
from juliatag.train.metrics_log import read_metrics
from ..synthetic import write_synthetic_shards


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return write_synthetic_shards(tmp_path_factory.mktemp("shards"), vocab_size=256, seq_len=64,
                                  train_rows=24, validation_rows=4, forms=("pt",))


def cfg(shards, out, **kw) -> TrainConfig:
    base = {"shards": str(shards), "out": str(out), "preset": "tiny", "block_size": 32, "batch_size": 4,
            "steps": 8,
                "warmup": 2, "log_interval": 1, "eval_interval": 0, "ckpt_interval": 4}
    return TrainConfig(**{**base, **kw})


def test_checkpoint_round_trip(shards, tmp_path):
    train(cfg(shards, tmp_path / "run"))
    raw = torch.load(tmp_path / "run" / CKPT_NAME, weights_only=True)   # plain tensors and dicts
    assert raw["step"] == 8 and isinstance(raw["model_config"], dict) and "optimizer" in raw
    assert isinstance(raw["rng"]["torch"], torch.Tensor)
    model = model_from_checkpoint(load_checkpoint(tmp_path / "run")).eval()
    for k, v in model.state_dict().items():
        assert torch.equal(v, raw["model"][k]), k
    batch = next(eval_batches(ShardSplit(shards, "validation"), 32, 4))
    inputs, _ = split_batch(batch)
    again = model_from_checkpoint(load_checkpoint(tmp_path / "run")).eval()
    with torch.no_grad():
        a, b = model(**inputs), again(**inputs)
    for k in ("token_logits", "type_logits", "trouble_logits"):
        assert torch.equal(a[k], b[k])


def test_interrupted_and_resumed_run_equals_an_uninterrupted_one(shards, tmp_path):
    train(cfg(shards, tmp_path / "whole"))

    def interrupt(info):
        if info.done == 6:                                     # Ctrl-C after step 6
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train(cfg(shards, tmp_path / "cut"), progress=interrupt)
    assert load_checkpoint(tmp_path / "cut")["step"] == 6        # saved on the way out
    summary = train(cfg(shards, tmp_path / "cut"), resume=True)
    assert summary["resumed_from"] == 6 and summary["steps"] == 8
    whole, cut = (torch.load(tmp_path / r / CKPT_NAME, weights_only=True) for r in ("whole", "cut"))
    for k in whole["model"]:
        assert torch.equal(whole["model"][k], cut["model"][k]), k
    a, b = read_metrics(tmp_path / "whole"), read_metrics(tmp_path / "cut")
    assert [r["step"] for r in b] == list(range(1, 9))
    assert [r["loss"] for r in a] == [r["loss"] for r in b]


def test_resume_after_a_crash_continues_from_the_interval_checkpoint(shards, tmp_path):
    """A crash after step 6 (no chance to save): the run resumes from the step-4 checkpoint, the
    metrics of steps 5 and 6 end up logged once, and the result equals an uninterrupted run."""
    train(cfg(shards, tmp_path / "whole"))

    def crash(info):
        if info.done == 6:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        train(cfg(shards, tmp_path / "crash"), progress=crash)
    assert load_checkpoint(tmp_path / "crash")["step"] == 4
    assert read_metrics(tmp_path / "crash")[-1]["step"] == 6
    train(cfg(shards, tmp_path / "crash"), resume=True)
    assert [r["step"] for r in read_metrics(tmp_path / "crash")] == list(range(1, 9))
    whole = torch.load(tmp_path / "whole" / CKPT_NAME, weights_only=True)["model"]
    crashed = torch.load(tmp_path / "crash" / CKPT_NAME, weights_only=True)["model"]
    assert all(torch.equal(whole[k], crashed[k]) for k in whole)


def test_resume_rules(shards, tmp_path):
    run = tmp_path / "run"
    train(cfg(shards, run, steps=4))
    with pytest.raises(JuliatagError, match="already holds a run"):
        train(cfg(shards, run, steps=4))
    with pytest.raises(JuliatagError, match="different config: lr"):
        train(cfg(shards, run, steps=6, lr=1e-2), resume=True)
    with pytest.raises(JuliatagError, match="no checkpoint"):
        train(cfg(shards, tmp_path / "empty"), resume=True)
    # options: only what is given is compared; the rest comes from the run
    saved = load_checkpoint(run)["train_config"]
    c = config_from_options({"out": run, "shards": shards, "steps": 6, "lr": None}, saved)
    assert c.steps == 6 and c.block_size == 32 and c.batch_size == 4
    with pytest.raises(JuliatagError, match="arch"):
        config_from_options({"arch": "dense"}, saved)
    train(c, resume=True)
    assert load_checkpoint(run)["step"] == 6


def test_resume_on_shards_with_another_vocabulary_is_refused(shards, tmp_path):
    run = tmp_path / "run"
    train(cfg(shards, run, steps=2))
    other = write_synthetic_shards(tmp_path / "other", vocab_size=300, seq_len=64, train_rows=4,
                                   validation_rows=1, forms=("pt",))
    with pytest.raises(JuliatagError, match="vocabulary 256 .run. vs 300"):
        train(cfg(other, run, steps=4), resume=True)
