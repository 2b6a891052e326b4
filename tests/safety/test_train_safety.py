"""Careless and hostile inputs to train, eval and generate: one-line errors before any work,
no foreign folder written into, no planted temporary file followed, no shards of another
tokenizer accepted, and a clear warning when the training windows are padding only."""

import json
import shutil
import sys
from pathlib import Path

import pytest
import torch

from juliatag.cli import main
from juliatag.errors import JuliatagError
from juliatag.evaluate import evaluate
from juliatag.model.config import INT_LIMITS, ModelConfig
from juliatag.model.weights import WEIGHTS_NAME, write_atomic
from juliatag.special_tokens import PAD, SPECIAL_TOKENS
from juliatag.train import PaddingWarning, TrainConfig, load_checkpoint, train
from juliatag.train.checkpoint import CKPT_NAME, CONFIG_NAME

from ..synthetic import write_synthetic_shards
from ..torch_threads import one_torch_thread  # noqa: F401  (autouse)

SMALL = {"preset": "tiny", "block_size": 16, "batch_size": 2, "steps": 2, "warmup": 1, "log_interval": 1,
         "eval_interval": 0, "ckpt_interval": 2}


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    return write_synthetic_shards(tmp_path_factory.mktemp("shards"), vocab_size=256, seq_len=32,
                                  train_rows=8, validation_rows=2, forms=("pt",))


@pytest.fixture(scope="module")
def run(shards, tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "run"
    train(TrainConfig(shards=str(shards), out=str(out), **SMALL))
    return out


def cli(monkeypatch, capsys, *args) -> tuple[int, str]:
    """Run `juliatag ARGS` in this process: (exit code, stderr)."""
    monkeypatch.setattr(sys, "argv", ["juliatag", *map(str, args)])
    with pytest.raises(SystemExit) as exc:
        main()
    return exc.value.code, capsys.readouterr().err


def one_line_error(code, err, match):
    assert code == 1, err
    assert err.startswith("juliatag: error: ") and err.strip().count("\n") == 0, err
    assert match in err, err


@pytest.mark.parametrize(("args", "match"), [
    (("--lr", "nan"), "--lr must be a number in (0, 10]"),
    (("--lr", "inf"), "--lr must be a number"),
    (("--lr", "-1"), "--lr must be a number"),
    (("--block-size", "0"), "--block-size must be between 2 and"),
    (("--steps", "0"), "--steps must be at least 1"),
    (("--type-dropout", "nan"), "--type-dropout must be in [0, 1)"),
    (("--grad-accum", "0"), "--grad-accum must be at least 1"),
    (("--balance-weight", "nan"), "--balance-weight must be a finite number"),
    (("--preset", "huge"), "unknown preset 'huge'"),
])
def test_train_rejects_bad_options_in_one_line(monkeypatch, capsys, shards, tmp_path, args, match):
    code, err = cli(monkeypatch, capsys, "train", "--shards", shards, "--out", tmp_path / "r", *args)
    one_line_error(code, err, match)
    assert not (tmp_path / "r").exists()


def test_generate_rejects_bad_sampling_in_one_line(monkeypatch, capsys, tmp_path):
    for args, match in ((("--temperature", "nan"), "--temperature must be a number"),
                        (("--top-p", "nan"), "--top-p must be in (0, 1]"),
                        (("--max-new-tokens", "0"), "--max-new-tokens must be between 1"),
                        (("--name-bias", "nan"), "--name-bias must be a number")):
        code, err = cli(monkeypatch, capsys, "generate", "--run", tmp_path, "--prompt", "x = 1", *args)
        one_line_error(code, err, match)


def test_eval_rejects_bad_options_in_one_line(monkeypatch, capsys, run, shards):
    code, err = cli(monkeypatch, capsys, "eval", "--run", run, "--shards", shards, "--split", "../etc")
    one_line_error(code, err, "unknown --split '../etc'")
    code, err = cli(monkeypatch, capsys, "eval", "--run", run, "--shards", shards, "--max-batches", "0")
    one_line_error(code, err, "--max-batches must be at least 1")


def test_preset_schedule_comes_with_the_preset():
    small, tiny = TrainConfig(preset="small"), TrainConfig(preset="tiny")
    assert (small.steps, small.batch_size, small.lr, small.warmup) == (3000, 16, 1e-3, 200)
    assert (tiny.steps, tiny.batch_size, tiny.lr, tiny.warmup) == (300, 8, 3e-3, 30)
    assert TrainConfig(preset="mikoto-66m", lr=1e-4).grad_accum == 4
    assert TrainConfig(preset="mikoto-66m", lr=1e-4).lr == 1e-4


@pytest.mark.parametrize(("field", "value"), [("n_layer", 10000), ("d_model", 10**9), ("vocab_size", -1),
                                              ("n_head", 0), ("block_size", True), ("dropout", float("nan")),
                                              ("rope_theta", float("inf")), ("n_type_ids", 7)])
def test_absurd_model_configs_are_refused_by_name(field, value):
    with pytest.raises(JuliatagError, match=f"model config: {field}"):
        ModelConfig.from_dict({**ModelConfig().to_dict(), field: value}, where="x")
    assert field in INT_LIMITS or field in ("dropout", "rope_theta")


def test_checkpoint_and_config_json_with_absurd_model_are_refused(monkeypatch, capsys, run, shards, tmp_path):
    # config.json + model.safetensors: eval and generate check the config before building anything
    bad = tmp_path / "bad"
    shutil.copytree(run, bad)
    info = json.loads((bad / CONFIG_NAME).read_text())
    info["model"]["n_layer"] = 10000
    (bad / CONFIG_NAME).write_text(json.dumps(info))
    with pytest.raises(JuliatagError, match="model config: n_layer must be an integer between 1 and 256, got 10000"):
        evaluate(bad, shards, device="cpu")
    code, err = cli(monkeypatch, capsys, "generate", "--run", bad, "--prompt", "x = 1", "--device", "cpu")
    one_line_error(code, err, "n_layer must be an integer between 1 and 256")
    # ckpt.pt alone
    (bad / WEIGHTS_NAME).unlink()
    ckpt = torch.load(bad / CKPT_NAME, weights_only=True)
    ckpt["model_config"]["n_layer"] = 10000
    torch.save(ckpt, bad / CKPT_NAME)
    with pytest.raises(JuliatagError, match="ckpt.pt: model config: n_layer"):
        load_checkpoint(bad)


def test_train_out_must_be_a_folder_train_may_write(monkeypatch, capsys, shards, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    code, err = cli(monkeypatch, capsys, "train", "--shards", shards, "--out", a_file, "--steps", "1")
    one_line_error(code, err, "exists and is not a folder")
    assert a_file.read_text() == "mine"
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "index.md").write_text("keep")
    (foreign / "metrics.jsonl").write_text("not ours\n")
    code, err = cli(monkeypatch, capsys, "train", "--shards", shards, "--out", foreign, "--steps", "1")
    one_line_error(code, err, "was not written by `juliatag train`")
    assert sorted(p.name for p in foreign.iterdir()) == ["index.md", "metrics.jsonl"]
    assert (foreign / "metrics.jsonl").read_text() == "not ours\n"
    # an empty folder, and a run folder of an earlier run that never checkpointed, are fine
    empty = tmp_path / "empty"
    empty.mkdir()
    train(TrainConfig(shards=str(shards), out=str(empty), **SMALL))
    (empty / CKPT_NAME).unlink()
    train(TrainConfig(shards=str(shards), out=str(empty), **SMALL))
    assert [json.loads(line)["step"] for line in (empty / "metrics.jsonl").read_text().splitlines()] == [1, 2]


def test_temporary_files_never_follow_a_planted_symlink(shards, tmp_path, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "run"
    out.mkdir()
    (out / CONFIG_NAME).write_text(json.dumps({"format": "juliatag-run", "model": {}, "train": {},
                                               "juliatag_version": "0"}))
    for name in ("ckpt.pt.tmp", ".ckpt.pt.tmp", ".config.json.tmp", ".model.safetensors.tmp", "metrics.jsonl"):
        (out / name).symlink_to(victim)
    train(TrainConfig(shards=str(shards), out=str(out), **SMALL))
    assert victim.read_text() == "precious"
    # even a planted link with the very name drawn next is skipped, not followed
    import tempfile

    names = iter(["aaaa", "bbbb"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    target = tmp_path / "out.bin"
    (tmp_path / ".out.bin.aaaa.tmp").symlink_to(victim)
    write_atomic(target, lambda fh: fh.write(b"new"))
    assert target.read_bytes() == b"new" and victim.read_text() == "precious"
    assert not (tmp_path / ".out.bin.bbbb.tmp").exists()


def with_tokenizer(src, dst, sha):
    shutil.copytree(src, dst)
    manifest = json.loads((dst / "manifest.json").read_text())
    manifest["tokenizer"] = {"path": "tok", "sha256": sha}
    (dst / "manifest.json").write_text(json.dumps(manifest))
    return dst


def test_shards_of_another_tokenizer_are_refused(shards, tmp_path):
    mine = with_tokenizer(shards, tmp_path / "mine", "a" * 64)
    other = with_tokenizer(shards, tmp_path / "other", "b" * 64)
    run = tmp_path / "run"
    train(TrainConfig(shards=str(mine), out=str(run), **{**SMALL, "steps": 2}))
    assert json.loads((run / CONFIG_NAME).read_text())["data"]["tokenizer_sha256"] == "a" * 64
    with pytest.raises(JuliatagError, match="made by another tokenizer"):
        evaluate(run, other, device="cpu")
    with pytest.raises(JuliatagError, match="made by another tokenizer"):
        train(TrainConfig(shards=str(other), out=str(run), **{**SMALL, "steps": 4}), resume=True)
    assert evaluate(run, mine, device="cpu", blind=False)["step"] == 2
    train(TrainConfig(shards=str(mine), out=str(run), **{**SMALL, "steps": 4}), resume=True)


def test_padding_only_windows_warn(shards, tmp_path, monkeypatch, capsys):
    padded = tmp_path / "padded"
    shutil.copytree(shards, padded)
    path = padded / "pt" / "train-00000.pt"
    cols = torch.load(path, weights_only=True)
    pad = SPECIAL_TOKENS.index(PAD)
    for c in cols:  # every row but the first is padding only
        cols[c][1:] = pad if c == "input_ids" else 0
    torch.save(cols, path)
    with pytest.warns(PaddingWarning, match="of the training windows up to step 1 hold padding only"):
        train(TrainConfig(shards=str(padded), out=str(tmp_path / "run"), **SMALL))
    code, err = cli(monkeypatch, capsys, "train", "--shards", padded, "--out", tmp_path / "cli", "--steps", "2",
                    "--block-size", "16", "--batch-size", "4", "--eval-interval", "0")
    assert code == 0, err
    assert "warning:" in err and "hold padding only" in err


def test_missing_safetensors_is_a_clear_error(run, monkeypatch):
    from juliatag.model.weights import load_weights

    monkeypatch.setitem(sys.modules, "safetensors", None)  # as if it were not installed
    with pytest.raises(JuliatagError, match="needs the safetensors package: pip install 'juliatag.train.'"):
        load_weights(run / WEIGHTS_NAME)


def test_train_out_as_a_dangling_link_is_refused(monkeypatch, capsys, shards, tmp_path):
    link = tmp_path / "run"
    link.symlink_to(tmp_path / "nowhere")
    code, err = cli(monkeypatch, capsys, "train", "--shards", shards, "--out", link, "--steps", "1")
    one_line_error(code, err, "is a symbolic link")
    assert not (tmp_path / "nowhere").exists()


def test_train_out_inside_the_shards_is_refused(monkeypatch, capsys, shards):
    before = sorted(p.name for p in Path(shards).iterdir())
    code, err = cli(monkeypatch, capsys, "train", "--shards", shards, "--out", Path(shards) / "run", "--steps", "1")
    one_line_error(code, err, "overlaps the input")
    assert sorted(p.name for p in Path(shards).iterdir()) == before
