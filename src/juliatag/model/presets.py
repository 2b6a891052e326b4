"""The one preset table: each preset fixes a model's shape and the schedule it trains with.

`preset_config("small", vocab_size=...)` gives the model; `PRESETS["small"].schedule` the
training defaults (steps, batch, learning rate, intervals) that juliatag.train.TrainConfig fills
in for every option left unset. A dense arch gets the FFN width that matches the MoE's
parameter count (within 10%, usually within 1%): the two are compared at equal parameter count,
not equal compute per token (a top-2-of-4 MoE runs about half of its expert parameters per token).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import JuliatagError
from .config import ModelConfig


@dataclass(frozen=True)
class Schedule:
    """Training defaults of a preset (juliatag.train.TrainConfig fields of the same names)."""
    steps: int
    batch_size: int          # sequences per micro-batch (per process under torchrun)
    grad_accum: int
    lr: float
    warmup: int
    log_interval: int
    eval_interval: int
    ckpt_interval: int


@dataclass(frozen=True)
class Preset:
    model: ModelConfig
    schedule: Schedule


PRESETS: dict[str, Preset] = {
    # CPU: a few hundred steps in under a minute; for smoke runs and tests of the pipeline.
    "tiny": Preset(ModelConfig(block_size=128, d_model=64, n_head=4, ffn_hidden=128),
                   Schedule(steps=300, batch_size=8, grad_accum=1, lr=3e-3, warmup=30,
                            log_interval=10, eval_interval=100, ckpt_interval=100)),
    # a laptop-GPU or long-CPU model, ~12M parameters at vocab 8,000
    "small": Preset(ModelConfig(block_size=512, d_model=256, n_head=8, ffn_hidden=512),
                    Schedule(steps=3000, batch_size=16, grad_accum=1, lr=1e-3, warmup=200,
                             log_interval=10, eval_interval=250, ckpt_interval=500)),
    # the reference model: vocab 8,000, context 2,048, ~66.5M parameters (moe and dense alike)
    "mikoto-66m": Preset(ModelConfig(vocab_size=8000, block_size=2048, d_model=512, n_head=8, ffn_hidden=1984),
                         Schedule(steps=20000, batch_size=8, grad_accum=4, lr=6e-4, warmup=1000,
                                  log_interval=20, eval_interval=500, ckpt_interval=1000)),
}


def get_preset(name: str) -> Preset:
    if name not in PRESETS:
        raise JuliatagError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    return PRESETS[name]


def preset_config(name: str, **overrides) -> ModelConfig:
    """The preset's model config with overrides applied; a dense arch gets its matched FFN width."""
    cfg = replace(get_preset(name).model, **{k: v for k, v in overrides.items() if v is not None})
    return resolve(cfg)


def resolve(cfg: ModelConfig) -> ModelConfig:
    """Fill in `dense_ffn_hidden` for a dense config whose width is 0 (auto)."""
    if cfg.arch == "dense" and cfg.dense_ffn_hidden == 0:
        cfg = replace(cfg, dense_ffn_hidden=matched_dense_hidden(cfg))
    return cfg


def matched_dense_hidden(cfg: ModelConfig, multiple: int = 32) -> int:
    """The dense FFN width whose model has as many parameters as the MoE twin of `cfg`."""
    from .model import count_parameters  # torch loads only here, so the table stays cheap to import

    target = count_parameters(replace(cfg, arch="moe", dense_ffn_hidden=0))
    lo = count_parameters(replace(cfg, arch="dense", dense_ffn_hidden=multiple))
    hi = count_parameters(replace(cfg, arch="dense", dense_ffn_hidden=2 * multiple))
    per_unit = (hi - lo) / multiple  # the count is linear in the width
    width = multiple + (target - lo) / per_unit
    return max(multiple, round(width / multiple) * multiple)
