"""The type-aware model: config and presets, layers, MoE, BitLinear, the model and its loss."""

from ..lazy import lazy_getattr
from .config import ARCHS, PRESETS, TROUBLE_NAMES, ModelConfig, preset_config, resolve

_LAZY = {  # torch-backed names load on first use, so importing the config stays cheap
    "LossWeights": "loss", "Targets": "loss", "compute_losses": "loss", "split_batch": "loss",
    "KojikiLM": "model", "count_parameters": "model", "flops_parameters": "model", "flops_per_token": "model",
}

__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "ARCHS",
    "PRESETS",
    "TROUBLE_NAMES",
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
