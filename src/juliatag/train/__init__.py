"""Training: shard loading, the training loop, checkpoints and the metrics log."""

from .checkpoint import load_checkpoint, model_from_checkpoint, resolve_device
from .config import PRESET_DEFAULTS, TrainConfig, config_from_options
from .data import RandomWindows, ShardSplit, eval_batches, read_manifest
from .metrics_log import read_metrics
from .trainer import StepInfo, train

__all__ = [
    "PRESET_DEFAULTS",
    "RandomWindows",
    "ShardSplit",
    "StepInfo",
    "TrainConfig",
    "config_from_options",
    "eval_batches",
    "load_checkpoint",
    "model_from_checkpoint",
    "read_manifest",
    "read_metrics",
    "resolve_device",
    "train",
]
