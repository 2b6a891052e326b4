"""Model weights as `model.safetensors` beside a `config.json`, readable without juliatag:

    from safetensors.torch import load_file
    state = load_file("RUN/model.safetensors")          # {name: tensor}, float32
    config = json.load(open("RUN/config.json"))["model"]

The output head shares its matrix with the token embedding, so the file stores it once, as
`tok.weight`; `token_head.weight` is left out (the file's metadata says so under "tied").
The metadata (strings) also holds the training step and the juliatag version.

Files are written through a fresh temporary name beside the target, created with
O_CREAT|O_EXCL|O_NOFOLLOW (a planted file or symlink of that name is never followed or reused),
then renamed over the target: a crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import torch

from .. import __version__
from ..errors import JuliatagError
from ..files import atomic_writer
from .config import ModelConfig

WEIGHTS_NAME = "model.safetensors"
TIED = {"token_head.weight": "tok.weight"}  # left out of the file: same tensor as the value


def write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call `write(file)` on a new exclusive temporary file beside `path`, then rename it over `path`
    (`juliatag.files.atomic_writer`); a failure is one JuliatagError line."""
    path = Path(path)
    try:
        with atomic_writer(path, "wb") as fh:
            write(fh)
    except OSError as exc:
        raise JuliatagError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def save_weights(model: torch.nn.Module, path: Path, step: int) -> Path:
    """Write the model's parameters and buffers (float tensors, contiguous, tied head left out)."""
    save = _safetensors().torch.save

    state = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items() if k not in TIED}
    metadata = {"format": "pt", "step": str(int(step)), "juliatag_version": __version__,
                "tied": json.dumps(TIED)}
    data = save(state, metadata=metadata)
    return write_atomic(path, lambda fh: fh.write(data))


def load_weights(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """(state dict with the tied entries restored, metadata) of a weights file."""
    safe_open = _safetensors().safe_open
    try:
        with safe_open(str(path), framework="pt") as f:
            metadata = dict(f.metadata() or {})
            state = {k: f.get_tensor(k) for k in f.keys()}
    except Exception as exc:  # safetensors raises its own error types for a corrupt header
        raise JuliatagError(f"cannot read {path}: {type(exc).__name__}: {exc}") from exc
    for name, source in TIED.items():
        if name not in state and source in state:
            state[name] = state[source]
    return state, metadata


def _safetensors():
    try:
        import safetensors
        import safetensors.torch
    except ImportError:
        raise JuliatagError("model.safetensors needs the safetensors package: "
                            "pip install 'juliatag[train]' (or pip install safetensors)") from None
    return safetensors


def model_from_weights(cfg: ModelConfig, state: dict[str, torch.Tensor], where: str) -> torch.nn.Module:
    """A KojikiLM of `cfg` with `state` loaded (JuliatagError naming `where` on a mismatch)."""
    from .model import KojikiLM

    model = KojikiLM(cfg)
    try:
        model.load_state_dict(state)
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()
        raise JuliatagError(f"{where}: the weights do not fit the model config "
                            f"({first[1].strip() if len(first) > 1 else first[0]})") from None
    return model
