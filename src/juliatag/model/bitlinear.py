"""1.58-bit linear layer (BitNet b1.58): ternary weights, 8-bit activations, straight-through.

Forward: weights are scaled by their absolute mean, rounded to {-1, 0, +1} and scaled back;
activations are scaled per token by their absolute max to the int8 range and rounded. Backward:
the straight-through estimator (the rounding is treated as the identity), so the latent weights
stay in full precision and the optimizer trains them as usual.

Activation scales are per token (over the last dimension only), so quantization never mixes
positions and the model stays causal.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def ternary(w: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """absmean quantization: round(w / mean|w|) clipped to [-1, 1], times mean|w|."""
    scale = w.abs().mean().clamp(min=eps)
    return (w / scale).round().clamp(-1, 1) * scale


def int8_per_token(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """absmax quantization of each token's activations to 8 bits."""
    scale = 127.0 / x.abs().amax(dim=-1, keepdim=True).clamp(min=eps)
    return (x * scale).round().clamp(-128, 127) / scale


class BitLinear(nn.Linear):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.weight
        w = w + (ternary(w) - w).detach()
        x = x + (int8_per_token(x) - x).detach()
        return F.linear(x, w, self.bias)
