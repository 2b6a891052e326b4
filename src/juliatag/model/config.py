"""Model configuration: plain data with every field bounded by a named limit.

A `ModelConfig` goes into every checkpoint as a dict and into `config.json`; a config read back
from a file is checked field by field (`ModelConfig.from_dict`), so that a corrupt or hostile
file gives a one-line error instead of a model of 10,000 layers. Presets (shape and training
schedule) live in juliatag.model.presets; `vocab_size` comes from the shards' manifest.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from ..errors import JuliatagError
from ..schema import N_TYPE_IDS

ARCHS = ("moe", "dense")

# Trouble head outputs (multi-label, one logit each); see juliatag.model.loss for the targets.
TROUBLE_NAMES = ("union", "unstable", "syntax_error", "undefined_name")

# Bounds of the integer fields (inclusive). A field whose bound depends on another is checked
# in __post_init__ (n_dense_layers <= n_layer, top_k <= n_experts).
INT_LIMITS: dict[str, tuple[int, int]] = {
    "vocab_size": (2, 1 << 20),
    "block_size": (1, 1 << 17),
    "d_model": (2, 1 << 15),
    "n_head": (1, 1 << 8),
    "n_layer": (1, 1 << 8),
    "n_dense_layers": (0, 1 << 8),
    "n_experts": (1, 1 << 8),
    "top_k": (1, 1 << 8),
    "ffn_hidden": (1, 1 << 17),
    "dense_ffn_hidden": (0, 1 << 19),
    "n_type_ids": (N_TYPE_IDS, N_TYPE_IDS),
    "n_trouble": (len(TROUBLE_NAMES), len(TROUBLE_NAMES)),
}
# Bounds of the float fields: [low, high) for probabilities, [low, high] otherwise.
PROBABILITY_FIELDS = ("type_dropout", "dropout")
MAX_ROPE_THETA = 1e9
# A rough parameter count (embeddings + attention + feed-forward) above which a config is refused.
MAX_PARAMETERS = 50_000_000_000


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
        for name, (lo, hi) in INT_LIMITS.items():
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
                raise JuliatagError(f"model config: {name} must be an integer between {lo} and {hi}, "
                                    f"got {value!r}")
        for name in PROBABILITY_FIELDS:
            value = getattr(self, name)
            if not _real(value) or not 0.0 <= value < 1.0:
                raise JuliatagError(f"model config: {name} must be in [0, 1), got {value!r}")
        if not _real(self.rope_theta) or not 1.0 <= self.rope_theta <= MAX_ROPE_THETA:
            raise JuliatagError(f"model config: rope_theta must be in [1, {MAX_ROPE_THETA:g}], "
                                f"got {self.rope_theta!r}")
        if not isinstance(self.bitlinear, bool):
            raise JuliatagError(f"model config: bitlinear must be true or false, got {self.bitlinear!r}")
        if self.arch not in ARCHS:
            raise JuliatagError(f"unknown --arch {self.arch!r}; choose one of {', '.join(ARCHS)}")
        if self.d_model % self.n_head or (self.d_model // self.n_head) % 2:
            raise JuliatagError(f"d_model {self.d_model} must split into {self.n_head} heads of even size")
        if self.arch == "moe" and not (1 <= self.top_k <= self.n_experts):
            raise JuliatagError(f"top_k {self.top_k} must be between 1 and n_experts {self.n_experts}")
        if self.n_dense_layers > self.n_layer:
            raise JuliatagError(f"model config: n_dense_layers {self.n_dense_layers} exceeds n_layer {self.n_layer}")
        if self.rough_parameters() > MAX_PARAMETERS:
            raise JuliatagError(f"model config: about {self.rough_parameters():.3g} parameters, more than "
                                f"the limit of {MAX_PARAMETERS:.3g}")

    def rough_parameters(self) -> int:
        """An upper estimate of the parameter count, computed without building the model."""
        ffn = max(self.ffn_hidden * self.n_experts, self.ffn_hidden, self.dense_ffn_hidden)
        per_layer = 4 * self.d_model ** 2 + 3 * self.d_model * ffn + self.d_model * self.n_experts
        return self.n_layer * per_layer + (self.vocab_size + self.n_type_ids) * self.d_model

    @property
    def is_moe_layer(self) -> list[bool]:
        if self.arch == "dense":
            return [False] * self.n_layer
        return [i >= self.n_dense_layers for i in range(self.n_layer)]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: object, where: str = "model config") -> ModelConfig:
        """A config read from a file; every field checked (JuliatagError naming `where` if bad)."""
        if not isinstance(d, dict):
            raise JuliatagError(f"{where}: the model config is not a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise JuliatagError(f"{where}: model config has unknown fields {sorted(map(str, unknown))} "
                                "(written by a newer juliatag?)")
        try:
            return cls(**d)
        except JuliatagError as exc:
            raise JuliatagError(f"{where}: {exc}") from None


def _real(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
