"""A run folder and what it holds:

    RUN/config.json        {"format": "juliatag-run", "model", "train", "data", "distributed",
                            "parameters", "juliatag_version"}: the run's marker, written first
    RUN/model.safetensors  the weights (juliatag.model.weights), at every checkpoint and at the end
    RUN/ckpt.pt            the resumable checkpoint, a dict of plain tensors, numbers and strings
                           that `torch.load(path, weights_only=True)` reads:
        {"model": state_dict, "optimizer": state_dict, "step": int, "world_size": int,
         "model_config": dict, "train_config": dict, "data": {"vocab_size", "seq_len", ...},
         "rng": {"torch": ByteTensor, "sampler": ByteTensor[, "cuda": ByteTensor]
                 [, "torch_ranks": [ByteTensor per process], "cuda_ranks": [...]]},
         "juliatag_version": str}
    RUN/metrics.jsonl      juliatag.train.metrics_log

`train --out RUN` writes only into a folder that is missing, empty, or holds a run's config.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from .. import __version__
from ..errors import JuliatagError, MissingInputError
from ..model.config import ModelConfig
from ..model.model import KojikiLM, count_parameters
from ..model.weights import WEIGHTS_NAME, load_weights, model_from_weights, save_weights, write_atomic
from ..outdir import OutputKind, check_output_dir

CKPT_NAME = "ckpt.pt"
CONFIG_NAME = "config.json"
RUN_FORMAT = "juliatag-run"


def save_checkpoint(run: Path, ckpt: dict) -> Path:
    """Write atomically (a crash mid-write leaves the previous checkpoint intact)."""
    return write_atomic(Path(run) / CKPT_NAME, lambda fh: torch.save({**ckpt, "juliatag_version": __version__}, fh))


def write_config(run: Path, model_cfg: ModelConfig, train_cfg: dict, data: dict, distributed: dict) -> None:
    info = {"format": RUN_FORMAT, "model": model_cfg.to_dict(), "train": train_cfg, "data": data,
            "distributed": distributed, "parameters": count_parameters(model_cfg),
            "juliatag_version": __version__}
    write_atomic(Path(run) / CONFIG_NAME, lambda fh: fh.write((json.dumps(info, indent=2) + "\n").encode()))


def write_weights(run: Path, model: torch.nn.Module, step: int) -> Path:
    return save_weights(model, Path(run) / WEIGHTS_NAME, step)


def is_run_config(info: object) -> bool:
    """Whether a parsed config.json is a run's (this version's marker, or an older run's keys)."""
    return isinstance(info, dict) and (info.get("format") == RUN_FORMAT
                                       or {"model", "train", "juliatag_version"} <= set(info))


def read_run_config(run: Path) -> dict | None:
    """RUN/config.json if it is a run's, else None."""
    path = Path(run) / CONFIG_NAME
    if not path.is_file():
        return None
    try:
        info = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return info if is_run_config(info) else None


RUN_KIND = OutputKind("run", "train", proves=lambda folder: read_run_config(folder) is not None)


def check_out_folder(run: Path, shards: Path | None = None) -> None:
    """Refuse (one line, before any work) an --out that train may not write into: a file, a link,
    a folder that is neither empty nor a run's (its config.json proves it), or one overlapping the
    shards (`juliatag.outdir`)."""
    check_output_dir(run, RUN_KIND, inputs=[shards] if shards is not None else ())


def load_checkpoint(run: Path) -> dict:
    path = Path(run) / CKPT_NAME
    if not path.is_file():
        raise MissingInputError(f"no checkpoint at {path}: train a model first "
                                f"(`juliatag train --out {run}`)")
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=True, mmap=True)  # read lazily
    except Exception as exc:
        raise JuliatagError(f"cannot load {path}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(ckpt, dict) or "model" not in ckpt or "model_config" not in ckpt:
        raise JuliatagError(f"{path} is not a juliatag checkpoint")
    ModelConfig.from_dict(ckpt["model_config"], where=str(path))  # bounded before anything is built
    return ckpt


def model_from_checkpoint(ckpt: dict, device: torch.device | str = "cpu") -> KojikiLM:
    model = model_from_weights(ModelConfig.from_dict(ckpt["model_config"]), ckpt["model"], "checkpoint")
    return model.to(device)


def load_run(run: Path, device: torch.device | str = "cpu") -> tuple[KojikiLM, dict]:
    """The model of a run and what is known of it: {"step", "model_config", "train_config", "data",
    "source"}. Reads `model.safetensors` + `config.json` where both exist (no pickle at all),
    else the checkpoint."""
    run = Path(run)
    weights, config = run / WEIGHTS_NAME, run / CONFIG_NAME
    if weights.is_file() and config.is_file():
        try:
            info = json.loads(config.read_text())
        except (OSError, ValueError) as exc:
            raise JuliatagError(f"cannot read {config}: {exc}") from exc
        if not is_run_config(info):
            raise JuliatagError(f"{config} is not a juliatag run's config")
        mcfg = ModelConfig.from_dict(info["model"], where=str(config))
        state, metadata = load_weights(weights)
        model = model_from_weights(mcfg, state, str(weights)).to(device)
        try:
            step = int(metadata.get("step", 0))
        except ValueError:
            step = 0
        return model, {"step": step, "model_config": info["model"], "train_config": info.get("train") or {},
                       "data": info.get("data") or {}, "source": str(weights)}
    ckpt = load_checkpoint(run)
    model = model_from_checkpoint(ckpt, device)
    return model, {"step": int(ckpt.get("step", 0)), "model_config": ckpt["model_config"],
                   "train_config": ckpt.get("train_config") or {}, "data": ckpt.get("data") or {},
                   "source": str(run / CKPT_NAME)}


def check_tokenizer(recorded: dict, manifest: dict, run: Path, shards: Path) -> None:
    """Refuse shards made by another tokenizer than the run's (when both record its sha256)."""
    ours = recorded.get("tokenizer_sha256")
    theirs = (manifest.get("tokenizer") or {}).get("sha256") if isinstance(manifest.get("tokenizer"), dict) else None
    if ours and theirs and ours != theirs:
        raise JuliatagError(f"the shards in {shards} were made by another tokenizer (sha256 {theirs[:12]}...) "
                            f"than the run in {run} ({ours[:12]}...): their token ids mean other things")
