"""Training: shard loading, the training loop (one process or DDP under torchrun), checkpoints,
the model.safetensors weights, scoring shared with `juliatag eval`, and the metrics log.

Modules: `config` (options, checked, with the preset's schedule), `data` (shards, batches),
`distributed` (torchrun), `checkpoint` (the run folder), `scoring` (metrics over batches),
`metrics_log`, `trainer` (the loop). It imports juliatag.model only; juliatag.evaluate and
juliatag.generate sit above it."""

from ..model.device import resolve_device
from .checkpoint import load_checkpoint, load_run, model_from_checkpoint
from .config import TrainConfig, config_from_options
from .data import RandomWindows, ShardSplit, eval_batches, read_manifest
from .distributed import Distributed
from .metrics_log import read_metrics
from .trainer import PaddingWarning, train

__all__ = [
    "Distributed",
    "PaddingWarning",
    "RandomWindows",
    "ShardSplit",
    "TrainConfig",
    "config_from_options",
    "eval_batches",
    "load_checkpoint",
    "load_run",
    "model_from_checkpoint",
    "read_manifest",
    "read_metrics",
    "resolve_device",
    "train",
]
