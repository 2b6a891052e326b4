"""The type-aware model. Layers, lowest first: `config` (bounded plain data), `presets` (the one
table of shapes and schedules), `bitlinear`, `layers`, `moe`, `model`, `loss`, `weights`
(model.safetensors + config.json), `device` (device choice, autocast)."""

from ..lazy import lazy_getattr
from .config import ARCHS, TROUBLE_NAMES, ModelConfig
from .presets import PRESETS, Preset, Schedule, preset_config, resolve

_LAZY = {  # torch-backed names load on first use, so importing the config stays cheap
    "LossWeights": "loss", "Targets": "loss", "compute_losses": "loss", "split_batch": "loss",
    "KojikiLM": "model", "count_parameters": "model", "flops_parameters": "model", "flops_per_token": "model",
    "load_weights": "weights", "save_weights": "weights", "resolve_device": "device", "autocast": "device",
}

__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "ARCHS",
    "PRESETS",
    "Preset",
    "Schedule",
    "TROUBLE_NAMES",
    "autocast",
    "load_weights",
    "resolve_device",
    "save_weights",
    "KojikiLM",
    "LossWeights",
    "ModelConfig",
    "Targets",
    "compute_losses",
    "count_parameters",
    "flops_parameters",
    "flops_per_token",
    "preset_config",
    "resolve",
    "split_batch",
]
