"""The type-aware language model ("Kojiki MoE") and its dense twin.

input  = token embedding + type embedding (type id + depth + concreteness), with type dropout
blocks = pre-norm (RMSNorm) causal self-attention with RoPE, then a SwiGLU feed-forward layer:
         moe arch: `n_dense_layers` dense blocks, then MoE blocks (top-k of n experts);
         dense arch: dense blocks only, wider so that the parameter count matches.
heads  = next token (tied to the token embedding), next token's type id, next token's trouble.

Generation runs the same forward incrementally: `cache = model.new_cache()`, then
`model(ids, types, conc, depth, cache=cache)` with the prompt and afterwards with each new token;
every call sees only its new positions (RoPE at their absolute positions, MoE routing per token)
and appends its keys and values to the cache. Without a cache nothing changes.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ..schema import C_UNKNOWN, CONCRETENESS_NAMES, DEPTH_NA, MAX_DEPTH, TYPE_ID_UNKNOWN
from .config import ModelConfig
from .layers import MLP, CausalSelfAttention, LayerCache, RMSNorm
from .moe import MoE


def drop_types(type_ids, concreteness, depth, p: float):
    """Replace each position's type inputs by "unknown" (type id 1, concreteness unknown, depth n/a)
    with probability p. Returns the new (type_ids, concreteness, depth) and the boolean mask."""
    drop = torch.rand(type_ids.shape, device=type_ids.device) < p
    return (type_ids.masked_fill(drop, TYPE_ID_UNKNOWN), concreteness.masked_fill(drop, C_UNKNOWN),
            depth.masked_fill(drop, DEPTH_NA), drop)


class TypeEmbedding(nn.Module):
    """type id (0..1151) + depth (-1 n/a, 0..7 -> rows 0..8) + concreteness (0..4), summed."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.type_id = nn.Embedding(cfg.n_type_ids, cfg.d_model)
        self.depth = nn.Embedding(MAX_DEPTH + 2, cfg.d_model)
        self.concreteness = nn.Embedding(len(CONCRETENESS_NAMES), cfg.d_model)
        self.type_dropout = cfg.type_dropout

    def forward(self, type_ids, concreteness, depth):
        if self.training and self.type_dropout > 0:
            type_ids, concreteness, depth, _ = drop_types(type_ids, concreteness, depth, self.type_dropout)
        depth_row = depth.clamp(DEPTH_NA, MAX_DEPTH) - DEPTH_NA
        return self.type_id(type_ids) + self.depth(depth_row) + self.concreteness(concreteness)


class KVCache:
    """Keys and values of every attention layer for the positions seen so far (batch as given by
    the first call). Its capacity is the model's context (`block_size`)."""

    def __init__(self, n_layer: int, capacity: int):
        self.capacity = capacity
        self.layers = [LayerCache(capacity) for _ in range(n_layer)]

    @property
    def length(self) -> int:
        return self.layers[0].length if self.layers else 0


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig, moe: bool):
        super().__init__()
        self.norm1 = RMSNorm(cfg.d_model)
        self.attn = CausalSelfAttention(cfg)
        self.norm2 = RMSNorm(cfg.d_model)
        hidden = cfg.dense_ffn_hidden if cfg.arch == "dense" else cfg.ffn_hidden
        self.ffn = MoE(cfg) if moe else MLP(cfg, hidden)

    def forward(self, x, cache: LayerCache | None = None):
        x = x + self.attn(self.norm1(x), cache)
        if isinstance(self.ffn, MoE):
            y, balance = self.ffn(self.norm2(x))
            return x + y, balance
        return x + self.ffn(self.norm2(x)), None


class KojikiLM(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        if cfg.arch == "dense" and cfg.dense_ffn_hidden <= 0:
            raise ValueError("dense config without a width; build it with juliatag.model.presets.resolve()")
        self.cfg = cfg
        self.tok = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.types = TypeEmbedding(cfg)
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList(Block(cfg, moe) for moe in cfg.is_moe_layer)
        self.norm = RMSNorm(cfg.d_model)
        self.token_head = nn.Linear(cfg.d_model, cfg.vocab_size, bias=False)
        self.token_head.weight = self.tok.weight  # tied
        self.type_head = nn.Linear(cfg.d_model, cfg.n_type_ids)
        self.trouble_head = nn.Linear(cfg.d_model, cfg.n_trouble)
        self.apply(self._init)
        for name, p in self.named_parameters():  # scaled init of residual projections (GPT-2)
            if name.endswith(("attn.proj.weight", "down.weight")):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m: nn.Module) -> None:
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def new_cache(self) -> KVCache:
        """An empty KV cache for incremental decoding with this model (see the module docstring)."""
        return KVCache(len(self.blocks), self.cfg.block_size)

    def forward(self, input_ids, type_ids, concreteness, depth,
                cache: KVCache | None = None) -> dict[str, torch.Tensor]:
        """All inputs [B, T] integer tensors; outputs are logits for the *next* position.
        With `cache`, the inputs are the positions after the cached ones, the outputs cover
        those positions only, and the cache is extended in place."""
        past = cache.length if cache is not None else 0
        if past + input_ids.size(1) > self.cfg.block_size:
            raise ValueError(f"sequence of {past + input_ids.size(1)} tokens exceeds "
                             f"block_size {self.cfg.block_size}")
        x = self.drop(self.tok(input_ids) + self.types(type_ids, concreteness, depth))
        balances = []
        for i, block in enumerate(self.blocks):
            x, balance = block(x, cache.layers[i] if cache is not None else None)
            if balance is not None:
                balances.append(balance)
        x = self.norm(x)
        balance = torch.stack(balances).mean() if balances else x.new_zeros((), dtype=torch.float32)
        return {
            "token_logits": self.token_head(x),
            "type_logits": self.type_head(x),
            "trouble_logits": self.trouble_head(x),
            "balance_loss": balance,
        }

    def moe_layers(self) -> list[MoE]:
        return [b.ffn for b in self.blocks if isinstance(b.ffn, MoE)]


def count_parameters(cfg: ModelConfig) -> int:
    """All parameters (embeddings and the three heads included; the tied head counted once)."""
    with torch.device("meta"):
        return sum(p.numel() for p in KojikiLM(cfg).parameters())


def flops_parameters(cfg: ModelConfig) -> int:
    """Parameters a token's forward pass multiplies by: all but the embedding lookups (the tied
    token matrix stays, as the output head), with only top_k of n_experts counted in MoE layers."""
    with torch.device("meta"):
        m = KojikiLM(cfg)
    n = sum(p.numel() for p in m.parameters()) - sum(p.numel() for p in m.types.parameters())
    for moe in m.moe_layers():
        experts = sum(p.numel() for p in moe.experts.parameters())
        n -= experts - experts * moe.top_k // moe.n_experts
    return n


def flops_per_token(cfg: ModelConfig, seq_len: int | None = None) -> int:
    """Training FLOPs per token (forward + backward): 6 * N_active + 12 * n_layer * d_model * T
    (the PaLM appendix-B estimate; attention scores counted over the full, not causal, square)."""
    T = seq_len or cfg.block_size
    return 6 * flops_parameters(cfg) + 12 * cfg.n_layer * cfg.d_model * T
