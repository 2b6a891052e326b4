"""Where the model runs: the device choice and bf16 autocast on CUDA."""

from __future__ import annotations

import contextlib

import torch

from ..errors import JuliatagError

DEVICES = ("auto", "cpu", "cuda")


def resolve_device(name: str, local_rank: int | None = None) -> torch.device:
    """The torch device for `--device NAME`; under torchrun, CUDA device `local_rank`."""
    if name not in DEVICES:
        raise JuliatagError(f"unknown --device {name!r}; choose auto, cpu or cuda")
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise JuliatagError("--device cuda asked for, but torch sees no CUDA device (see `juliatag doctor`)")
    if name == "cuda" and local_rank is not None:
        if local_rank >= torch.cuda.device_count():
            raise JuliatagError(f"process {local_rank} of this node has no GPU: torch sees "
                                f"{torch.cuda.device_count()} (lower --nproc_per_node)")
        return torch.device("cuda", local_rank)
    return torch.device(name)


def autocast(device: torch.device):
    """bf16 autocast on CUDA, nothing elsewhere."""
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
