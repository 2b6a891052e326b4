"""Training configuration: one frozen dataclass, per-preset defaults, and the resume rules."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from ..errors import JuliatagError
from ..model.config import ModelConfig, preset_config
from ..model.loss import LossWeights


@dataclass(frozen=True)
class TrainConfig:
    shards: str = ""
    out: str = ""
    # model
    preset: str = "tiny"
    arch: str = "moe"
    bitlinear: bool = False
    type_dropout: float = 0.15
    block_size: int | None = None       # None: the preset's context
    # optimisation
    steps: int = 300
    batch_size: int = 8
    grad_accum: int = 1
    lr: float = 3e-3
    min_lr_ratio: float = 0.1           # cosine decays to lr * min_lr_ratio
    warmup: int = 30
    weight_decay: float = 0.1
    beta1: float = 0.9
    beta2: float = 0.95
    grad_clip: float = 1.0
    # loss weights; the type loss may only be off when asked for in so many words
    token_weight: float = 1.0
    type_weight: float = 1.0
    trouble_weight: float = 1.0
    balance_weight: float = 0.01
    allow_no_type_loss: bool = False
    # running
    seed: int = 1337
    device: str = "auto"
    data_format: str = "auto"
    log_interval: int = 10
    eval_interval: int = 100            # 0: no validation during training
    eval_batches: int = 8
    ckpt_interval: int = 100
    compile: bool = False

    def __post_init__(self) -> None:
        for name in ("steps", "batch_size", "grad_accum", "log_interval", "ckpt_interval", "eval_batches"):
            if getattr(self, name) < 1:
                raise JuliatagError(f"--{name.replace('_', '-')} must be at least 1, "
                                    f"got {getattr(self, name)}")
        if self.lr <= 0 or self.warmup < 0 or self.eval_interval < 0:
            raise JuliatagError("--lr must be > 0, --warmup and --eval-interval >= 0")
        if min(self.token_weight, self.type_weight, self.trouble_weight, self.balance_weight) < 0:
            raise JuliatagError("loss weights must be >= 0")
        if self.type_weight == 0 and not self.allow_no_type_loss:
            raise JuliatagError("--type-weight 0 turns the type loss off (type accuracy collapses "
                                "without it); pass --allow-no-type-loss to do it anyway")

    def loss_weights(self) -> LossWeights:
        return LossWeights(self.token_weight, self.type_weight, self.trouble_weight, self.balance_weight)

    def model_config(self, vocab_size: int) -> ModelConfig:
        return preset_config(self.preset, vocab_size=vocab_size, arch=self.arch, bitlinear=self.bitlinear,
                             type_dropout=self.type_dropout, block_size=self.block_size)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


# Defaults that depend on the preset (anything not listed takes the TrainConfig default).
PRESET_DEFAULTS: dict[str, dict] = {
    "tiny": {"steps": 300, "batch_size": 8, "lr": 3e-3, "warmup": 30,
             "eval_interval": 100, "ckpt_interval": 100},
    "small": {"steps": 3000, "batch_size": 16, "lr": 1e-3, "warmup": 200,
              "eval_interval": 250, "ckpt_interval": 500},
    "mikoto-66m": {"steps": 20000, "batch_size": 8, "grad_accum": 4, "lr": 6e-4, "warmup": 1000,
                   "eval_interval": 500, "ckpt_interval": 1000, "log_interval": 20},
}

# Options that may change when a run is resumed; any other difference is an error.
RESUMABLE = frozenset({"shards", "out", "steps", "device", "data_format", "log_interval", "eval_interval",
                       "eval_batches", "ckpt_interval", "compile"})


def config_from_options(options: dict, saved: dict | None = None) -> TrainConfig:
    """The config of a run from command-line options (None = not given).

    New run (`saved` is None): preset defaults, then the options. Resumed run: the saved config,
    then the options, each of which must equal the saved value unless it is in RESUMABLE.
    """
    given = {k: str(v) if isinstance(v, Path) else v for k, v in options.items() if v is not None}
    if saved is None:
        preset = given.get("preset", TrainConfig.preset)
        if preset not in PRESET_DEFAULTS:
            raise JuliatagError(f"unknown preset {preset!r}; choose one of {', '.join(PRESET_DEFAULTS)}")
        return TrainConfig(**{**PRESET_DEFAULTS[preset], **given})
    base = TrainConfig.from_dict(saved)
    check_resumable(base, given)
    return replace(base, **given)


def check_resumable(saved: TrainConfig, given: dict) -> None:
    diffs = [f"{k} {getattr(saved, k)!r} (run) vs {v!r} (now)" for k, v in given.items()
             if k not in RESUMABLE and getattr(saved, k) != v]
    if diffs:
        raise JuliatagError("--resume with a different config: " + "; ".join(diffs)
                            + " (start a new run with another --out instead)")
