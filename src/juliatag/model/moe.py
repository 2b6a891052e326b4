"""Mixture-of-experts feed-forward layer: top-k token-choice routing, dropless.

Each token goes to its `top_k` highest-scoring experts, with the router's softmax probabilities
of those experts renormalised to sum to 1. There is no capacity limit and no token is dropped:
capacity limits make a token's output depend on which other tokens (later ones included) competed
for the same expert, which breaks causality.

Load-balancing loss (Switch Transformer): n_experts * sum_e f_e * P_e, where f_e is the share of
the routing assignments that went to expert e and P_e the mean router probability of e. It is 1.0
when the load is perfectly even and grows as it concentrates.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .config import ModelConfig
from .layers import MLP


class MoE(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.n_experts, self.top_k = cfg.n_experts, cfg.top_k
        # the router stays in full precision even with --bitlinear
        self.router = nn.Linear(cfg.d_model, cfg.n_experts, bias=False)
        self.experts = nn.ModuleList(MLP(cfg, cfg.ffn_hidden) for _ in range(cfg.n_experts))
        self.last_load: torch.Tensor | None = None  # assignments per expert in the last forward

    def route(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """x: [N, C] -> (expert ids [N, k], weights [N, k] summing to 1, router probs [N, E])."""
        probs = F.softmax(self.router(x).float(), dim=-1)
        weights, experts = probs.topk(self.top_k, dim=-1)
        return experts, weights / weights.sum(dim=-1, keepdim=True), probs

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        B, T, C = x.shape
        flat = x.reshape(-1, C)
        experts, weights, probs = self.route(flat)
        if flat.size(0) == 1 and not self.training:
            return self._one_token(flat, experts, weights, probs, B, T)
        # group the (token, expert) assignments by expert: one gather, one matmul chain per expert,
        # one scatter-add back
        assignment = experts.flatten()
        order = assignment.argsort(stable=True)
        load = torch.bincount(assignment, minlength=self.n_experts)
        token = order // self.top_k
        chunks = flat[token].split(load.tolist())
        y = torch.cat([expert(chunk) for expert, chunk in zip(self.experts, chunks, strict=False)])
        y = y * weights.flatten()[order, None].to(y.dtype)
        out = torch.zeros_like(flat).index_add_(0, token, y.to(flat.dtype))
        self.last_load = load.detach()
        share = load.float() / assignment.numel()
        balance = self.n_experts * (share * probs.mean(dim=0)).sum()
        return out.view(B, T, -1), balance

    def _one_token(self, flat, experts, weights, probs, B, T):
        """Incremental decoding feeds one token at a time: run its top_k experts only, adding
        their outputs in expert order, as the grouped path's index_add does (same result)."""
        chosen = experts[0].tolist()
        out = torch.zeros_like(flat)
        for j in sorted(range(self.top_k), key=chosen.__getitem__):
            y = self.experts[chosen[j]](flat)
            out = out + (y * weights[0, j].to(y.dtype)).to(flat.dtype)
        load = torch.bincount(experts.flatten(), minlength=self.n_experts)
        self.last_load = load.detach()
        share = load.float() / experts.numel()
        balance = self.n_experts * (share * probs.mean(dim=0)).sum()
        return out.view(B, T, -1), balance
