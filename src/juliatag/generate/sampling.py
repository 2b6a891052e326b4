"""Sampling settings and the next-token draw: temperature, top-k, top-p, seeded."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from ..errors import JuliatagError

STOPS = ("statement", "eot", "none")
MAX_NEW_TOKENS = 1 << 16
MAX_TEMPERATURE = 100.0
MAX_SEED = 1 << 62  # the repair attempts draw with seed + 1, + 2, ...


@dataclass(frozen=True)
class SamplingConfig:
    """How tokens are drawn and when generation ends.

    temperature 0 draws greedily (argmax); top_k 0 and top_p 1 switch those filters off.
    stop: "statement" ends at `<|endoftext|>` or at the first newline where the prompt and the
    completion are back at the top level (every block and bracket closed) after some code was
    written, "eot" only at `<|endoftext|>` (or the file separator), "none" never early
    (exactly `max_new_tokens`; the stop tokens are masked). All stop at `max_new_tokens`.
    """

    max_new_tokens: int = 128
    temperature: float = 0.8
    top_k: int = 50
    top_p: float = 0.95
    seed: int = 0
    use_cache: bool = True
    stop: str = "statement"

    def __post_init__(self) -> None:
        if not _int(self.max_new_tokens) or not 1 <= self.max_new_tokens <= MAX_NEW_TOKENS:
            raise JuliatagError(f"--max-new-tokens must be between 1 and {MAX_NEW_TOKENS}, got {self.max_new_tokens!r}")
        if not _finite(self.temperature) or not 0 <= self.temperature <= MAX_TEMPERATURE:
            raise JuliatagError(f"--temperature must be a number in [0, {MAX_TEMPERATURE:g}], got {self.temperature!r}")
        if not _int(self.top_k) or self.top_k < 0:
            raise JuliatagError(f"--top-k must be >= 0, got {self.top_k!r}")
        if not _finite(self.top_p) or not 0.0 < self.top_p <= 1.0:
            raise JuliatagError(f"--top-p must be in (0, 1], got {self.top_p!r}")
        if not _int(self.seed) or not 0 <= self.seed < MAX_SEED:
            raise JuliatagError(f"--seed must be an integer in [0, {MAX_SEED}), got {self.seed!r}")
        if self.stop not in STOPS:
            raise JuliatagError(f"unknown --stop {self.stop!r}; choose one of {', '.join(STOPS)}")


def _int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def filter_logits(logits: torch.Tensor, top_k: int = 0, top_p: float = 1.0) -> torch.Tensor:
    """1-D logits with everything outside the top-k and outside the smallest set of tokens whose
    probability reaches top_p set to -inf (the most likely token always stays)."""
    out = logits.clone()
    if 0 < top_k < out.numel():
        kth = torch.topk(out, top_k).values[-1]
        out[out < kth] = float("-inf")
    if top_p < 1.0:
        sorted_logits, order = torch.sort(out, descending=True)
        probs = torch.softmax(sorted_logits, dim=-1)
        before = torch.cumsum(probs, dim=-1) - probs       # mass of the tokens ranked above
        drop = before >= top_p
        drop[0] = False
        out[order[drop]] = float("-inf")
    return out


def draw(logits: torch.Tensor, cfg: SamplingConfig, generator: torch.Generator) -> int:
    """One token id from 1-D float logits (on the CPU)."""
    if cfg.temperature == 0:
        return int(torch.argmax(logits))
    filtered = filter_logits(logits / cfg.temperature, cfg.top_k, cfg.top_p)
    probs = torch.softmax(filtered, dim=-1)
    return int(torch.multinomial(probs, 1, generator=generator))
