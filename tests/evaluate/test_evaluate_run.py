"""`evaluate` on a trained run, and the CLI: train a few steps, then `eval --json`."""

import json

import pytest
from typer.testing import CliRunner

from juliatag.cli.app import app
from juliatag.errors import JuliatagError
from juliatag.evaluate import evaluate
from juliatag.train import TrainConfig, train
from ..synthetic import write_synthetic_shards

KEYS = {"perplexity", "type_accuracy", "type_accuracy_baseline", "trouble_precision", "trouble_recall",
        "trouble_f1", "expert_load", "tokens_per_second", "blind", "trouble_per_class", "step", "arch"}


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return write_synthetic_shards(tmp_path_factory.mktemp("shards"), vocab_size=256, seq_len=48,
                                  train_rows=16, validation_rows=6)


@pytest.fixture(scope="module")
def run(shards, tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    train(TrainConfig(shards=str(shards), out=str(out), block_size=32, batch_size=4, steps=6,
                      eval_interval=0))
    return out


def test_evaluate_reports_the_metrics(run, shards):
    r = evaluate(run, shards, device="cpu")
    assert KEYS <= set(r)
    assert r["step"] == 6 and r["arch"] == "moe" and r["window"] == 32
    assert 1.0 < r["perplexity"] < 1e6
    assert 0.0 <= r["type_accuracy"] <= 1.0 and 0.0 < r["type_accuracy_baseline"] <= 1.0
    assert len(r["expert_load"]) == 4 and all(abs(sum(layer) - 1) < 1e-6 for layer in r["expert_load"])
    assert r["tokens_per_second"] > 0
    # every non-pad, non-EOT target of the validation split is scored exactly once
    from juliatag.train.data import ShardSplit
    ids = ShardSplit(shards, "validation").rows(range(6))["input_ids"][:, 1:]
    assert r["n_target_tokens"] == int((ids != 1).sum())  # every target but padding (EOT is predicted)
    arrow = evaluate(run, shards, device="cpu", data_format="arrow", blind=False)
    assert arrow["perplexity"] == pytest.approx(r["perplexity"], rel=1e-5)
    assert "blind" not in arrow
    assert evaluate(run, shards, max_batches=1, blind=False)["batches"] == 1


def test_evaluate_refusals(run, shards, tmp_path):
    other = write_synthetic_shards(tmp_path / "other", vocab_size=300, seq_len=48, train_rows=2,
                                   validation_rows=2, forms=("pt",))
    with pytest.raises(JuliatagError, match="vocabulary mismatch"):
        evaluate(run, other)
    with pytest.raises(JuliatagError, match="no checkpoint"):
        evaluate(tmp_path / "norun", shards)
    with pytest.raises(JuliatagError, match="unknown --split 'test'"):
        evaluate(run, shards, split="test")
    no_val = write_synthetic_shards(tmp_path / "noval", vocab_size=256, seq_len=48, train_rows=2,
                                    validation_rows=1, forms=("pt",))
    for f in (no_val / "pt").glob("validation-*.pt"):
        f.unlink()
    with pytest.raises(JuliatagError, match="no validation shards"):
        evaluate(run, no_val)


def test_cli_train_then_eval_json(shards, tmp_path):
    runner = CliRunner()
    out = tmp_path / "run"
    res = runner.invoke(app, ["train", "--shards", str(shards), "--out", str(out), "--steps", "4",
                              "--block-size", "32", "--batch-size", "4", "--eval-interval", "2"])
    assert res.exit_code == 0, res.output
    assert "step 4" in res.output
    lines = [json.loads(x) for x in (out / "metrics.jsonl").read_text().splitlines()]
    assert lines and all("step" in x and "loss" in x for x in lines)
    where = ["--shards", str(shards)]
    res = runner.invoke(app, ["eval", "--run", str(out), *where, "--json", "--max-batches", "2"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.output)
    assert KEYS <= set(r) and r["step"] == 4
    res = runner.invoke(app, ["eval", "--run", str(out), "--shards", str(shards), "--max-batches", "1"])
    assert res.exit_code == 0 and "type accuracy" in res.output
    # resume with the run's own settings, extending it; a changed setting is refused
    res = runner.invoke(app, ["train", "--out", str(out), "--steps", "6", "--resume"])  # the run's shards
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["train", "--out", str(out), *where, "--arch", "dense", "--resume"])
    assert isinstance(res.exception, JuliatagError) and "different config" in str(res.exception)


def test_cli_errors_are_one_line(tmp_path, monkeypatch):
    """Through the real entry point: a missing shards folder is a one-line error, exit status 1."""
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    main = "from juliatag.cli import main; main()"
    p = subprocess.run([sys.executable, "-c", main, "train", "--steps", "1"],
                       capture_output=True, text=True, check=False)
    assert p.returncode == 1
    assert p.stderr.strip().count("\n") == 0 and "juliatag: error: no shards folder" in p.stderr
