"""The decoding loop: token ids in, token ids out, with or without a KV cache.

Both paths read the same window of the sequence at every step and so draw the same tokens for
the same seed (up to floating-point ties):

- context: the model reads at most `block_size` tokens. When the sequence outgrows that, the
  window jumps forward to its last `keep = 3/4 block_size` tokens (a context shift) and stays
  put until it is full again. The no-cache path re-reads the whole window at every step; the
  cached path feeds one token per step and, at a shift, re-reads the new window once
  (positions restart at 0: RoPE only sees relative distances).
- type inputs: given for the prompt; for each generated token, the type head's prediction at
  the position that produced it, or n/a for tokens the labeler never types (see typeinputs).
- threads: on the CPU the loop runs with `cpu_threads` intra-op threads (1 by default, restored
  afterwards): one token's work is too small to split, and on a busy machine threads that wait
  for each other cost far more than they save (measured: 10x slower with 2 threads on 2 busy
  cores).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from ..model.model import KojikiLM
from .sampling import SamplingConfig, draw
from .typeinputs import NA_INPUTS, type_id_inputs

# hooks: bias(generated ids) -> additive logits tensor [V] or None; stop(generated ids) -> bool
BiasHook = Callable[[list[int]], "torch.Tensor | None"]
StopHook = Callable[[list[int]], bool]


@dataclass
class Decoded:
    ids: list[int]                      # the generated ids (a stop token is not included)
    types: list[tuple[int, int, int]]   # their type inputs (type id, concreteness, depth)
    stop_reason: str                    # "eot" | "statement" | "length"
    seconds: float                      # wall time of the loop (forward passes, sampling, hooks)
    forward_tokens: int                 # positions the model read, all steps together
    context_shifts: int = 0
    biased_steps: int = 0               # steps where the bias hook changed some logit


def context_keep(block_size: int) -> int:
    return max(1, block_size * 3 // 4)


@torch.inference_mode()
def decode(model: KojikiLM, prompt_ids: list[int], prompt_types: np.ndarray, cfg: SamplingConfig, *,
           untyped: np.ndarray | None = None, stop_ids: set[int] = frozenset(), banned_ids=(),
           bias: BiasHook | None = None, stop: StopHook | None = None,
           device: torch.device | str = "cpu", cpu_threads: int | None = 1) -> Decoded:
    """Generate up to `cfg.max_new_tokens` ids after the prompt (which must not be empty).

    `prompt_types` [P, 3] are the prompt tokens' type inputs; `untyped[id]` marks tokens whose
    type inputs are n/a; `stop_ids` end the generation (masked instead with `cfg.stop == "none"`);
    `banned_ids` are never drawn.
    """
    if not prompt_ids:
        raise ValueError("decode needs at least one prompt token (start with <|endoftext|>)")
    was_training = model.training
    model.eval()
    device = torch.device(device)
    block = model.cfg.block_size
    keep = context_keep(block)
    table = type_id_inputs()
    ids = list(prompt_ids)
    types = [tuple(int(x) for x in row) for row in np.asarray(prompt_types).reshape(-1, 3)]
    if len(types) != len(ids):
        raise ValueError("prompt_types must have one row per prompt token")
    masked = torch.zeros(model.cfg.vocab_size, dtype=torch.bool)
    masked[list(banned_ids)] = True
    if cfg.stop == "none":
        masked[list(stop_ids)] = True
    gen = torch.Generator(device="cpu").manual_seed(cfg.seed)
    start = 0 if len(ids) <= block else len(ids) - keep
    cache = model.new_cache() if cfg.use_cache else None
    fed = start           # cached path: positions of the current window already in the cache
    out_ids: list[int] = []
    out_types: list[tuple[int, int, int]] = []
    res = Decoded([], [], "length", 0.0, 0)

    def run(lo: int, hi: int, c):
        t = torch.tensor(types[lo:hi], dtype=torch.long, device=device).T[:, None, :]
        x = torch.tensor([ids[lo:hi]], dtype=torch.long, device=device)
        res.forward_tokens += hi - lo
        return model(x, t[0], t[1], t[2], cache=c)

    threads = torch.get_num_threads()
    if device.type == "cpu" and cpu_threads:
        torch.set_num_threads(cpu_threads)
    t0 = time.perf_counter()
    try:
        for _ in range(cfg.max_new_tokens):
            if len(ids) - start > block:       # context shift
                start = len(ids) - keep
                res.context_shifts += 1
                if cache is not None:
                    cache, fed = model.new_cache(), start
            if cache is not None:
                out = run(fed, len(ids), cache)
                fed = len(ids)
            else:
                out = run(start, len(ids), None)
            logits = out["token_logits"][0, -1].float().cpu()
            type_pred = int(out["type_logits"][0, -1].argmax())
            logits = logits.masked_fill(masked, float("-inf"))
            if bias is not None:
                b = bias(out_ids)
                if b is not None:
                    logits = logits + b
                    res.biased_steps += 1
            tok = draw(logits, cfg, gen)
            if tok in stop_ids:
                res.stop_reason = "eot"
                break
            typed = untyped is None or tok >= len(untyped) or not untyped[tok]
            tin = (type_pred, int(table[type_pred, 0]), int(table[type_pred, 1])) if typed else NA_INPUTS
            ids.append(tok)
            types.append(tin)
            out_ids.append(tok)
            out_types.append(tin)
            if stop is not None and stop(out_ids):
                res.stop_reason = "statement"
                break
    finally:
        model.train(was_training)
        torch.set_num_threads(threads)
    res.seconds = time.perf_counter() - t0
    res.ids, res.types = out_ids, out_types
    return res
