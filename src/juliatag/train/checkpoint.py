"""Checkpoints: `RUN/ckpt.pt`, a dict of plain tensors, numbers and strings that
`torch.load(path, weights_only=True)` reads, and `RUN/config.json` beside it.

    {"model": state_dict, "optimizer": state_dict, "step": int,
     "model_config": dict, "train_config": dict, "data": {"vocab_size", "seq_len"},
     "rng": {"torch": ByteTensor, "sampler": ByteTensor[, "cuda": ByteTensor]},
     "juliatag_version": str}
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import torch

from .. import __version__
from ..errors import JuliatagError, MissingInputError
from ..model.config import ModelConfig
from ..model.model import KojikiLM, count_parameters

CKPT_NAME = "ckpt.pt"
CONFIG_NAME = "config.json"


def save_checkpoint(run: Path, ckpt: dict) -> Path:
    """Write atomically (a crash mid-write leaves the previous checkpoint intact)."""
    run = Path(run)
    run.mkdir(parents=True, exist_ok=True)
    path, tmp = run / CKPT_NAME, run / (CKPT_NAME + ".tmp")
    torch.save({**ckpt, "juliatag_version": __version__}, tmp)
    os.replace(tmp, path)
    return path


def write_config(run: Path, model_cfg: ModelConfig, train_cfg: dict, data: dict) -> None:
    info = {"model": model_cfg.to_dict(), "train": train_cfg, "data": data,
            "parameters": count_parameters(model_cfg), "juliatag_version": __version__}
    Path(run, CONFIG_NAME).write_text(json.dumps(info, indent=2) + "\n")


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
    return ckpt


def model_from_checkpoint(ckpt: dict, device: torch.device | str = "cpu") -> KojikiLM:
    model = KojikiLM(ModelConfig.from_dict(ckpt["model_config"]))
    model.load_state_dict(ckpt["model"])
    return model.to(device)


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise JuliatagError("--device cuda asked for, but torch sees no CUDA device (see `juliatag doctor`)")
    if name not in ("cpu", "cuda"):
        raise JuliatagError(f"unknown --device {name!r}; choose auto, cpu or cuda")
    return torch.device(name)
