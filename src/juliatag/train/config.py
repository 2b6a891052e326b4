"""Training options: one frozen dataclass, checked in the library, with the preset's schedule
filled in for every option left unset (the one preset table is juliatag.model.presets), and the
rules of `--resume` (which options may change, and how the batch may be split anew across a
different number of processes).

    TrainConfig(preset="small")            # small's shape and small's schedule
    config_from_options({"lr": 1e-3, "steps": None})   # None: not given on the command line
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from ..errors import JuliatagError
from ..model.config import INT_LIMITS, ModelConfig
from ..model.loss import LossWeights
from ..model.presets import PRESETS, Schedule, get_preset, preset_config

SCHEDULE_FIELDS = tuple(f.name for f in fields(Schedule))
# Named limits of the options (besides those of the model config).
MAX_STEPS = 10**9
MAX_BATCH_SIZE = 1 << 16
MAX_GRAD_ACCUM = 1 << 12
MAX_LR = 10.0
MIN_BLOCK_SIZE = 2
AT_LEAST_ONE = ("steps", "batch_size", "grad_accum", "log_interval", "ckpt_interval", "eval_batches")
DATA_FORMATS = ("auto", "pt", "arrow")


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
    # schedule: None takes the preset's value (juliatag.model.presets)
    steps: int | None = None
    batch_size: int | None = None       # sequences per micro-batch, per process under torchrun
    grad_accum: int | None = None       # micro-batches per optimizer step
    lr: float | None = None
    warmup: int | None = None
    log_interval: int | None = None
    eval_interval: int | None = None    # 0: no validation during training
    ckpt_interval: int | None = None
    # optimisation
    min_lr_ratio: float = 0.1           # cosine decays to lr * min_lr_ratio
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
    eval_batches: int = 8
    compile: bool = False

    def __post_init__(self) -> None:
        schedule = get_preset(self.preset).schedule
        for name in SCHEDULE_FIELDS:
            if getattr(self, name) is None:
                object.__setattr__(self, name, getattr(schedule, name))
        self._check()

    def _check(self) -> None:
        for name in AT_LEAST_ONE:
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise JuliatagError(f"--{_flag(name)} must be at least 1, got {value!r}")
        for name, limit in (("steps", MAX_STEPS), ("batch_size", MAX_BATCH_SIZE), ("grad_accum", MAX_GRAD_ACCUM)):
            if getattr(self, name) > limit:
                raise JuliatagError(f"--{_flag(name)} must be at most {limit}, got {getattr(self, name)}")
        if not _finite(self.lr) or not 0 < self.lr <= MAX_LR:
            raise JuliatagError(f"--lr must be a number in (0, {MAX_LR:g}], got {self.lr!r}")
        for name in ("warmup", "eval_interval"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 0:
                raise JuliatagError(f"--{_flag(name)} must be >= 0, got {getattr(self, name)!r}")
        if self.block_size is not None:
            hi = INT_LIMITS["block_size"][1]
            if not isinstance(self.block_size, int) or not MIN_BLOCK_SIZE <= self.block_size <= hi:
                raise JuliatagError(f"--block-size must be between {MIN_BLOCK_SIZE} and {hi}, "
                                    f"got {self.block_size!r}")
        for name in ("type_dropout", "beta1", "beta2"):
            if not _finite(getattr(self, name)) or not 0.0 <= getattr(self, name) < 1.0:
                raise JuliatagError(f"--{_flag(name)} must be in [0, 1), got {getattr(self, name)!r}")
        if not _finite(self.min_lr_ratio) or not 0.0 <= self.min_lr_ratio <= 1.0:
            raise JuliatagError(f"--min-lr-ratio must be in [0, 1], got {self.min_lr_ratio!r}")
        for name in ("weight_decay", "grad_clip", "token_weight", "type_weight", "trouble_weight",
                     "balance_weight"):
            if not _finite(getattr(self, name)) or getattr(self, name) < 0:
                raise JuliatagError(f"--{_flag(name)} must be a finite number >= 0, got {getattr(self, name)!r}")
        if self.grad_clip == 0:
            raise JuliatagError("--grad-clip must be > 0")
        if self.type_weight == 0 and not self.allow_no_type_loss:
            raise JuliatagError("--type-weight 0 turns the type loss off (type accuracy collapses "
                                "without it); pass --allow-no-type-loss to do it anyway")
        if self.data_format not in DATA_FORMATS:
            raise JuliatagError(f"unknown --format {self.data_format!r}; choose one of {', '.join(DATA_FORMATS)}")

    def loss_weights(self) -> LossWeights:
        return LossWeights(self.token_weight, self.type_weight, self.trouble_weight, self.balance_weight)

    def model_config(self, vocab_size: int) -> ModelConfig:
        return preset_config(self.preset, vocab_size=vocab_size, arch=self.arch, bitlinear=self.bitlinear,
                             type_dropout=self.type_dropout, block_size=self.block_size)

    def global_batch(self, world_size: int) -> int:
        """Sequences per optimizer step over all processes."""
        return self.batch_size * self.grad_accum * world_size

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


def _flag(name: str) -> str:
    return name.replace("_", "-")


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


# Options that may change when a run is resumed; any other difference is an error. The batch
# options may change only as `resume_split` allows.
RESUMABLE = frozenset({"shards", "out", "steps", "device", "data_format", "log_interval", "eval_interval",
                       "eval_batches", "ckpt_interval", "compile", "batch_size", "grad_accum"})


def config_from_options(options: dict, saved: dict | None = None, *, saved_world: int = 1,
                        world_size: int = 1) -> TrainConfig:
    """The config of a run from command-line options (None = not given).

    New run (`saved` is None): the options over the preset's schedule. Resumed run: the saved
    config, then the options, each of which must equal the saved value unless it is in RESUMABLE;
    with another number of processes, the micro-batches per step are re-split (`resume_split`).
    """
    given = {k: str(v) if isinstance(v, Path) else v for k, v in options.items() if v is not None}
    if saved is None:
        if given.get("preset", TrainConfig.preset) not in PRESETS:
            get_preset(given["preset"])  # the one-line "unknown preset" error
        return TrainConfig(**given)
    base = TrainConfig.from_dict(saved)
    check_resumable(base, given)
    given.update(resume_split(base, saved_world, given.get("batch_size"), given.get("grad_accum"), world_size))
    return replace(base, **given)


def check_resumable(saved: TrainConfig, given: dict) -> None:
    diffs = [f"{k} {getattr(saved, k)!r} (run) vs {v!r} (now)" for k, v in given.items()
             if k not in RESUMABLE and getattr(saved, k) != v]
    if diffs:
        raise JuliatagError("--resume with a different config: " + "; ".join(diffs)
                            + " (start a new run with another --out instead)")


def resume_split(saved: TrainConfig, saved_world: int, batch_size: int | None, grad_accum: int | None,
                 world_size: int) -> dict:
    """{batch_size, grad_accum} of a resumed run on `world_size` processes that keeps the run's
    global batch and its sample stream (drawn in micro-batches of the run's --batch-size), or a
    one-line JuliatagError saying what would."""
    B = saved.batch_size if batch_size is None else batch_size
    G = saved.global_batch(saved_world)
    if B != saved.batch_size:
        raise JuliatagError(f"--resume: --batch-size must stay {saved.batch_size} per process (the run draws its "
                            f"batches in micro-batches of that size); change --grad-accum or the number of "
                            f"processes instead")
    slots = saved.grad_accum * saved_world  # micro-batches per step over all processes
    if grad_accum is None:
        if slots % world_size:
            raise JuliatagError(f"--resume on {world_size} processes: the run's global batch of {G} "
                                f"({slots} micro-batches of {B}) does not split into {world_size} equal parts; "
                                f"use a number of processes that divides {slots}")
        grad_accum = slots // world_size
    if B * grad_accum * world_size != G:
        raise JuliatagError(f"--resume: the global batch would be {B * grad_accum * world_size} "
                            f"({world_size} processes x {B} x --grad-accum {grad_accum}), the run's is {G}; "
                            f"use --grad-accum {G // (B * world_size)} on {world_size} processes"
                            if G % (B * world_size) == 0 else
                            f"--resume: the run's global batch of {G} does not split over {world_size} "
                            f"processes of {B}; use a number of processes that divides {slots}")
    return {"batch_size": B, "grad_accum": grad_accum}
