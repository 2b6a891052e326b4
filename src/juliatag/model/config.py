"""Model configuration and presets.

A `ModelConfig` is plain data: it goes into every checkpoint as a dict and into `config.json`.
Presets fix the shape; `vocab_size` comes from the shards' manifest at training time.

`--arch dense` gets the same embeddings, attention and heads as the MoE, with the width of its
feed-forward layers solved so that the total parameter count matches the MoE's (within 10%,
usually within 1%): the two are compared at equal parameter count, not equal compute per token
(a top-2-of-4 MoE runs about half of its expert parameters for each token).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from ..errors import JuliatagError
from ..schema import N_TYPE_IDS

ARCHS = ("moe", "dense")

# Trouble head outputs (multi-label, one logit each); see juliatag.model.loss for the targets.
TROUBLE_NAMES = ("union", "unstable", "syntax_error", "undefined_name")


@dataclass(frozen=True)
class ModelConfig:
    vocab_size: int = 8000
    block_size: int = 128           # context length (tokens the model attends over)
    d_model: int = 64
    n_head: int = 4
    n_layer: int = 6                # total transformer blocks
    n_dense_layers: int = 2         # moe: the first blocks are dense, the rest are MoE
    n_experts: int = 4
    top_k: int = 2
    ffn_hidden: int = 128           # SwiGLU hidden width of a dense block (moe arch) and of each expert
    dense_ffn_hidden: int = 0       # dense arch: SwiGLU hidden width; 0 = solved to match the MoE
    arch: str = "moe"
    bitlinear: bool = False         # ternary (1.58-bit) attention and feed-forward weights
    type_dropout: float = 0.15      # probability of replacing a token's type inputs by "unknown" in training
    dropout: float = 0.0
    rope_theta: float = 10000.0
    n_type_ids: int = N_TYPE_IDS
    n_trouble: int = len(TROUBLE_NAMES)

    def __post_init__(self) -> None:
        if self.arch not in ARCHS:
            raise JuliatagError(f"unknown --arch {self.arch!r}; choose one of {', '.join(ARCHS)}")
        if self.d_model % self.n_head or (self.d_model // self.n_head) % 2:
            raise JuliatagError(f"d_model {self.d_model} must split into {self.n_head} heads of even size")
        if not 0.0 <= self.type_dropout < 1.0:
            raise JuliatagError(f"--type-dropout must be in [0, 1), got {self.type_dropout}")
        if self.arch == "moe" and not (1 <= self.top_k <= self.n_experts):
            raise JuliatagError(f"top_k {self.top_k} must be between 1 and n_experts {self.n_experts}")

    @property
    def is_moe_layer(self) -> list[bool]:
        if self.arch == "dense":
            return [False] * self.n_layer
        return [i >= self.n_dense_layers for i in range(self.n_layer)]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> ModelConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise JuliatagError(f"model config has unknown fields {sorted(unknown)} "
                                "(written by a newer juliatag?)")
        return cls(**d)


PRESETS: dict[str, ModelConfig] = {
    # CPU: a few hundred steps in under a minute; for smoke runs and tests of the pipeline.
    "tiny": ModelConfig(block_size=128, d_model=64, n_head=4, ffn_hidden=128),
    # a laptop-GPU or long-CPU model, ~12M parameters at vocab 8,000
    "small": ModelConfig(block_size=512, d_model=256, n_head=8, ffn_hidden=512),
    # the reference model: vocab 8,000, context 2,048, ~66.5M parameters (moe and dense alike)
    "mikoto-66m": ModelConfig(vocab_size=8000, block_size=2048, d_model=512, n_head=8, ffn_hidden=1984),
}


def preset_config(name: str, **overrides) -> ModelConfig:
    """The preset's config with overrides applied; a dense arch gets its matched FFN width."""
    if name not in PRESETS:
        raise JuliatagError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    cfg = replace(PRESETS[name], **{k: v for k, v in overrides.items() if v is not None})
    return resolve(cfg)


def resolve(cfg: ModelConfig) -> ModelConfig:
    """Fill in `dense_ffn_hidden` for a dense config whose width is 0 (auto)."""
    if cfg.arch == "dense" and cfg.dense_ffn_hidden == 0:
        cfg = replace(cfg, dense_ffn_hidden=matched_dense_hidden(cfg))
    return cfg


def matched_dense_hidden(cfg: ModelConfig, multiple: int = 32) -> int:
    """The dense FFN width whose model has as many parameters as the MoE twin of `cfg`."""
    from .model import count_parameters  # model imports config; count on the meta device

    target = count_parameters(replace(cfg, arch="moe", dense_ffn_hidden=0))
    lo = count_parameters(replace(cfg, arch="dense", dense_ffn_hidden=multiple))
    hi = count_parameters(replace(cfg, arch="dense", dense_ffn_hidden=2 * multiple))
    per_unit = (hi - lo) / multiple  # the count is linear in the width
    width = multiple + (target - lo) / per_unit
    return max(multiple, round(width / multiple) * multiple)
