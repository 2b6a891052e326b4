"""Building blocks: RMSNorm, rotary position embedding, causal self-attention, SwiGLU MLP.

Attention has an incremental path for generation: given a `LayerCache` (this layer's keys and
values of the positions already seen), it computes q, k, v of the new positions only, rotates
them at their absolute positions, appends k and v to the cache and attends over all of it.
Without a cache (training, evaluation) it is the plain causal forward, unchanged.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .bitlinear import BitLinear
from .config import ModelConfig


def linear(cfg: ModelConfig, d_in: int, d_out: int) -> nn.Linear:
    """The linear layer of attention and feed-forward blocks: ternary with --bitlinear."""
    return (BitLinear if cfg.bitlinear else nn.Linear)(d_in, d_out, bias=False)


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float = 1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf = x.float()
        xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return (xf * self.weight.float()).to(x.dtype)


class Rotary(nn.Module):
    """RoPE: rotates each (even, odd-half) channel pair of q and k by a position-dependent angle."""

    def __init__(self, head_dim: int, max_len: int, theta: float):
        super().__init__()
        inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
        angles = torch.outer(torch.arange(max_len, dtype=torch.float32), inv_freq)  # [T, hd/2]
        self.register_buffer("cos", angles.cos(), persistent=False)
        self.register_buffer("sin", angles.sin(), persistent=False)

    def forward(self, x: torch.Tensor, offset: int = 0) -> torch.Tensor:  # x: [B, H, T, hd]
        T = x.size(-2)
        if offset + T > self.cos.size(0):
            raise ValueError(f"positions {offset}..{offset + T - 1} exceed the rotary table "
                             f"of {self.cos.size(0)} (block_size)")
        cos, sin = self.cos[offset:offset + T].to(x.dtype), self.sin[offset:offset + T].to(x.dtype)
        x1, x2 = x.chunk(2, dim=-1)
        return torch.cat((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1)


class LayerCache:
    """One attention layer's keys and values of the positions seen so far, [B, H, capacity, hd]
    buffers filled from position 0 (allocated on the first write)."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.k: torch.Tensor | None = None
        self.v: torch.Tensor | None = None
        self.length = 0

    def append(self, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Store k, v [B, H, T, hd] after the cached positions; return all keys and values so far."""
        T = k.size(2)
        end = self.length + T
        if end > self.capacity:
            raise ValueError(f"KV cache full: {end} positions exceed its capacity {self.capacity}")
        if self.k is None:
            shape = (*k.shape[:2], self.capacity, k.size(3))
            self.k, self.v = k.new_empty(shape), v.new_empty(shape)
        self.k[:, :, self.length:end] = k
        self.v[:, :, self.length:end] = v
        self.length = end
        return self.k[:, :, :end], self.v[:, :, :end]


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.n_head = cfg.n_head
        self.qkv = linear(cfg, cfg.d_model, 3 * cfg.d_model)
        self.proj = linear(cfg, cfg.d_model, cfg.d_model)
        self.rotary = Rotary(cfg.d_model // cfg.n_head, cfg.block_size, cfg.rope_theta)
        self.dropout = cfg.dropout

    def forward(self, x: torch.Tensor, cache: LayerCache | None = None) -> torch.Tensor:
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        if cache is None:
            q, k = self.rotary(q), self.rotary(k)
            y = F.scaled_dot_product_attention(
                q, k, v, is_causal=True, dropout_p=self.dropout if self.training else 0.0)
        else:
            past = cache.length
            q, k = self.rotary(q, past), self.rotary(k, past)
            k, v = cache.append(k, v)
            if past == 0:      # the first chunk: a plain causal square
                y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            elif T == 1:       # one new position sees every cached one
                y = F.scaled_dot_product_attention(q, k, v)
            else:              # new position i (absolute past + i) sees keys 0 .. past + i
                mask = torch.ones(T, past + T, dtype=torch.bool, device=x.device).tril(diagonal=past)
                y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.proj(y.transpose(1, 2).contiguous().view(B, T, C))


class MLP(nn.Module):
    """SwiGLU feed-forward: down(silu(gate(x)) * up(x))."""

    def __init__(self, cfg: ModelConfig, hidden: int):
        super().__init__()
        self.gate = linear(cfg, cfg.d_model, hidden)
        self.up = linear(cfg, cfg.d_model, hidden)
        self.down = linear(cfg, hidden, cfg.d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down(F.silu(self.gate(x)) * self.up(x))
