"""DistributedDataParallel under torchrun (gloo, 2 CPU processes, tiny): the same loss curve as
one process with the same global batch, one run folder, exact resume after a kill, a resume on
another number of processes, and model.safetensors read without juliatag."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from juliatag.errors import JuliatagError
from juliatag.evaluate import evaluate
from juliatag.train import TrainConfig, config_from_options, load_checkpoint, read_metrics, train
from juliatag.train.checkpoint import CKPT_NAME, CONFIG_NAME
from juliatag.train.distributed import Distributed
from juliatag.model.weights import WEIGHTS_NAME

from ..synthetic import write_synthetic_shards

SRC = Path(__file__).resolve().parents[2] / "src"
STEPS, CKPT_EVERY = 24, 8
# type dropout off: its masks are drawn per process, so only without it are the runs comparable
# step by step (with it they follow the same schedule on the same data with other masks)
OPTIONS = {"preset": "tiny", "block_size": 32, "batch_size": 4, "grad_accum": 1, "steps": STEPS, "warmup": 4,
           "log_interval": 1, "eval_interval": 12, "eval_batches": 2, "ckpt_interval": CKPT_EVERY,
           "type_dropout": 0.0, "seed": 7}


def torchrun(*args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(SRC.parent)]), "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, start_new_session=True)


def cli_args(shards: Path, out: Path, **kw) -> list[str]:
    opts = {**OPTIONS, **kw}
    args = ["-m", "juliatag.cli", "train", "--shards", str(shards), "--out", str(out)]
    for k, v in opts.items():
        args += [f"--{k.replace('_', '-')}", str(v)]
    return args


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return write_synthetic_shards(tmp_path_factory.mktemp("shards"), vocab_size=256, seq_len=64,
                                  train_rows=48, validation_rows=8, forms=("pt",))


@pytest.fixture(scope="module")
def two_proc_run(shards, tmp_path_factory):
    out = tmp_path_factory.mktemp("ddp") / "run"
    res = torchrun(*cli_args(shards, out))
    assert res.returncode == 0, res.stderr[-3000:]
    return out, res


def one_proc(shards, out, **kw) -> dict:
    opts = {**OPTIONS, "grad_accum": 2, **kw}  # the same global batch: 1 x 4 x 2 = 2 x 4 x 1
    return train(TrainConfig(shards=str(shards), out=str(out), **opts), world=Distributed())


def test_two_processes_follow_the_one_process_loss_curve(shards, two_proc_run, tmp_path):
    out, res = two_proc_run
    said = " ".join(res.stderr.split())
    assert "2 processes (gloo); global batch 8 sequences = 2 x --batch-size 4 x --grad-accum 1" in said
    assert "lr 0.003, warmup 4 steps, cosine to 0.0003 at step 24" in said
    one_proc(shards, tmp_path / "one")
    a, b = read_metrics(tmp_path / "one"), read_metrics(out)
    assert [(r["step"], r["split"]) for r in a] == [(r["step"], r["split"]) for r in b]
    assert len(b) == STEPS + 2 and b[-1]["loss"] < b[0]["loss"]
    for x, y in zip(a, b, strict=True):
        for k in ("loss", "token_loss", "type_loss", "trouble_loss", "balance_loss"):
            assert y[k] == pytest.approx(x[k], rel=1e-4, abs=1e-5), (x["step"], k)
    # one run folder, written by process 0 alone; no temporary files left behind
    assert sorted(p.name for p in out.iterdir()) == sorted([CKPT_NAME, CONFIG_NAME, WEIGHTS_NAME, "metrics.jsonl"])
    config = json.loads((out / CONFIG_NAME).read_text())
    assert config["distributed"]["world_size"] == 2 and config["distributed"]["global_batch"] == 8
    assert load_checkpoint(out)["world_size"] == 2
    w1, w2 = load_checkpoint(tmp_path / "one")["model"], load_checkpoint(out)["model"]
    assert all(torch.allclose(w1[k], w2[k], atol=1e-5) for k in w1)


def test_a_killed_two_process_run_resumes_on_two_or_one_processes(shards, two_proc_run, tmp_path):
    whole, _ = two_proc_run
    out, moved = tmp_path / "killed", tmp_path / "moved"
    opts = {**OPTIONS, "shards": str(shards), "out": str(out)}
    res = torchrun(str(Path(__file__).with_name("ddp_kill.py")), json.dumps(opts), str(CKPT_EVERY + 2))
    assert res.returncode != 0
    assert load_checkpoint(out)["step"] == CKPT_EVERY           # the last checkpoint before the kill
    shutil.copytree(out, moved)
    # on 2 processes again: exactly the uninterrupted run
    res = torchrun(*cli_args(shards, out), "--resume")
    assert res.returncode == 0, res.stderr[-3000:]
    a, b = load_checkpoint(whole), load_checkpoint(out)
    assert b["step"] == STEPS
    assert all(torch.equal(a["model"][k], b["model"][k]) for k in a["model"])
    assert [r["loss"] for r in read_metrics(whole)] == [r["loss"] for r in read_metrics(out)]
    # on 1 process: the same global batch (grad-accum 2 instead of 1), the same run up to float rounding
    saved = load_checkpoint(moved)["train_config"]
    cfg = config_from_options({"out": moved}, saved, saved_world=2, world_size=1)
    assert (cfg.batch_size, cfg.grad_accum) == (4, 2)
    train(cfg, resume=True, world=Distributed())
    c = load_checkpoint(moved)
    assert c["step"] == STEPS and c["world_size"] == 1
    assert all(torch.allclose(a["model"][k], c["model"][k], atol=1e-5) for k in a["model"])


def test_resume_on_another_number_of_processes_keeps_the_global_batch_or_refuses(two_proc_run):
    saved = load_checkpoint(two_proc_run[0])["train_config"]   # 2 processes x 4 x grad-accum 1
    assert config_from_options({}, saved, saved_world=2, world_size=2).grad_accum == 1
    assert config_from_options({"grad_accum": 2}, saved, saved_world=2, world_size=1).grad_accum == 2
    with pytest.raises(JuliatagError, match="--batch-size must stay 4"):
        config_from_options({"batch_size": 8, "grad_accum": 1}, saved, saved_world=2, world_size=1)
    with pytest.raises(JuliatagError, match="global batch would be 16 .* use --grad-accum 2 on 1 processes"):
        config_from_options({"grad_accum": 4}, saved, saved_world=2, world_size=1)
    with pytest.raises(JuliatagError, match="does not split into 3 equal parts"):
        config_from_options({}, saved, saved_world=2, world_size=3)
    with pytest.raises(JuliatagError, match="global batch would be 4"):
        train(TrainConfig.from_dict({**saved, "grad_accum": 1}), resume=True, world=Distributed())


def test_safetensors_weights_load_without_juliatag_and_eval_the_same(shards, two_proc_run, tmp_path):
    run, _ = two_proc_run
    script = ("import sys, json; from safetensors.torch import load_file; import torch\n"
              "w = load_file(sys.argv[1]); ref = torch.load(sys.argv[2], weights_only=True)['model']\n"
              "assert 'juliatag' not in sys.modules\n"
              "assert all(torch.equal(w[k], ref[k]) for k in w) and set(ref) - set(w) == {'token_head.weight'}\n"
              "print(len(w))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    res = subprocess.run([sys.executable, "-I", "-c", script, str(run / WEIGHTS_NAME), str(run / CKPT_NAME)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    only_weights, only_ckpt = tmp_path / "weights", tmp_path / "ckpt"
    only_weights.mkdir()
    only_ckpt.mkdir()
    for name in (WEIGHTS_NAME, CONFIG_NAME):
        shutil.copy(run / name, only_weights / name)
    shutil.copy(run / CKPT_NAME, only_ckpt / CKPT_NAME)
    a = evaluate(only_weights, shards, device="cpu", blind=False)
    b = evaluate(only_ckpt, shards, device="cpu", blind=False)
    assert a["step"] == b["step"] == STEPS
    for k in ("perplexity", "type_accuracy", "trouble_f1", "expert_load", "n_target_tokens"):
        assert a[k] == b[k], k


def test_the_torchrun_environment_is_read_and_checked():
    assert Distributed.from_environment({}) == Distributed(0, 1, 0)
    d = Distributed.from_environment({"RANK": "3", "WORLD_SIZE": "4", "LOCAL_RANK": "1"})
    assert (d.rank, d.world_size, d.local_rank, d.active, d.is_main) == (3, 4, 1, True, False)
    assert not Distributed.from_environment({"RANK": "0", "WORLD_SIZE": "1", "LOCAL_RANK": "0"}).active
    with pytest.raises(JuliatagError, match="must be integers"):
        Distributed.from_environment({"RANK": "x", "WORLD_SIZE": "2", "LOCAL_RANK": "0"})
    with pytest.raises(JuliatagError, match="RANK 2 / WORLD_SIZE 2 / LOCAL_RANK 0 are inconsistent"):
        Distributed.from_environment({"RANK": "2", "WORLD_SIZE": "2", "LOCAL_RANK": "0"})
