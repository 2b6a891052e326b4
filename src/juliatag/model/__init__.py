"""The type-aware model: config and presets, layers, MoE, BitLinear, the model and its loss."""

from .config import ARCHS, PRESETS, TROUBLE_NAMES, ModelConfig, preset_config, resolve
from .loss import LossWeights, Targets, compute_losses, split_batch
from .model import KojikiLM, count_parameters, flops_parameters, flops_per_token

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
