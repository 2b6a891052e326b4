"""The training loop: AdamW, linear warmup then cosine decay, gradient clipping, bf16 autocast
on CUDA, metrics as JSON lines, periodic validation and checkpoints, exact resume on CPU.

    cfg = TrainConfig(shards="work/shards", out="work/run", preset="tiny")
    summary = train(cfg)                      # or train(cfg, resume=True) to continue a run
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from ..errors import JuliatagError
from ..evaluate.metrics import autocast, evaluate_batches
from ..model.loss import compute_losses, split_batch
from ..model.model import KojikiLM, count_parameters
from .checkpoint import CKPT_NAME, load_checkpoint, resolve_device, save_checkpoint, write_config
from .config import TrainConfig, check_resumable
from .data import (
    RandomWindows,
    ShardSplit,
    check_batch,
    eval_batches,
    has_type_labels,
    read_manifest,
    special_ids,
)
from .metrics_log import MetricsLog


@dataclass
class StepInfo:
    """What the progress callback gets after each optimizer step."""
    step: int
    steps: int
    loss: float | None          # the last logged training loss
    record: dict | None         # the record logged at this step, if any


def lr_at(step: int, cfg: TrainConfig) -> float:
    """Learning rate of update `step` (0-based): linear warmup, then cosine down to lr * min_lr_ratio."""
    if step < cfg.warmup:
        return cfg.lr * (step + 1) / cfg.warmup
    min_lr = cfg.lr * cfg.min_lr_ratio
    progress = min(1.0, (step - cfg.warmup) / max(1, cfg.steps - cfg.warmup))
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (cfg.lr - min_lr)


def make_optimizer(model: torch.nn.Module, cfg: TrainConfig, device: torch.device) -> torch.optim.AdamW:
    """AdamW; weight decay on matrices and embeddings only (nanoGPT's rule)."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": cfg.weight_decay},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=cfg.lr, betas=(cfg.beta1, cfg.beta2), fused=device.type == "cuda")


def train(cfg: TrainConfig, resume: bool = False,
          on_step: Callable[[StepInfo], None] | None = None) -> dict:
    """Train (or continue) the run in `cfg.out` on the shards in `cfg.shards`; returns a summary."""
    run, shards = Path(cfg.out), Path(cfg.shards)
    manifest = read_manifest(shards)
    eot, pad = special_ids(manifest)
    train_split = ShardSplit(shards, "train", cfg.data_format)
    if len(train_split) == 0 or train_split.seq_len < 2:
        raise JuliatagError(f"the train split of {shards} is empty")
    if cfg.type_weight > 0 and not has_type_labels(train_split):
        raise JuliatagError(f"the train shards in {shards} carry no type labels (every type id is n/a or "
                            "unknown): the type loss would silently be zero; re-shard a labeled corpus")
    val_split = ShardSplit.maybe(shards, "validation", cfg.data_format) if cfg.eval_interval else None
    vocab_size = int(manifest["vocab_size"])
    mcfg = cfg.model_config(vocab_size)
    T = min(mcfg.block_size, train_split.seq_len - 1)
    data_info = {"vocab_size": vocab_size, "seq_len": train_split.seq_len, "window": T}

    ckpt = None
    if resume:
        ckpt = load_checkpoint(run)
        check_resumable(TrainConfig.from_dict(ckpt["train_config"]), cfg.to_dict())
        if ckpt["model_config"] != mcfg.to_dict():
            saved_vocab = ckpt["model_config"]["vocab_size"]
            why = (f"vocabulary {saved_vocab} (run) vs {vocab_size} (shards)" if saved_vocab != vocab_size
                   else "model config differs")
            raise JuliatagError(f"cannot resume {run}: {why}")
    elif (run / CKPT_NAME).exists():
        raise JuliatagError(f"{run} already holds a run: pass --resume to continue it, or another --out")

    device = resolve_device(cfg.device)
    torch.manual_seed(cfg.seed)
    model = KojikiLM(mcfg).to(device)
    opt = make_optimizer(model, cfg, device)
    batches = RandomWindows(train_split, cfg.batch_size, T, seed=cfg.seed)
    step = 0
    log = MetricsLog(run)
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        batches.set_state(ckpt["rng"]["sampler"])
        torch.set_rng_state(ckpt["rng"]["torch"])
        if device.type == "cuda" and "cuda" in ckpt["rng"]:
            torch.cuda.set_rng_state(ckpt["rng"]["cuda"], device)
        step = int(ckpt["step"])
        log.truncate_after(step)
        del ckpt
    run.mkdir(parents=True, exist_ok=True)
    write_config(run, mcfg, cfg.to_dict(), data_info)
    fwd = torch.compile(model) if cfg.compile else model
    weights = cfg.loss_weights()

    def checkpoint() -> None:
        rng = {"torch": torch.get_rng_state(), "sampler": batches.state()}
        if device.type == "cuda":
            rng["cuda"] = torch.cuda.get_rng_state(device)
        save_checkpoint(run, {"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                              "model_config": mcfg.to_dict(), "train_config": cfg.to_dict(),
                              "data": data_info, "rng": rng})

    def validate() -> dict:
        acc, _, _ = evaluate_batches(model, eval_batches(val_split, T, cfg.batch_size, cfg.eval_batches),
                                     eot_id=eot, pad_id=pad, device=device, weights=weights)
        r = acc.result()
        keep = ("loss", "token_loss", "type_loss", "trouble_loss", "balance_loss", "perplexity",
                "type_accuracy", "type_accuracy_baseline", "trouble_f1")
        return {"step": step, "split": "validation", **{k: r[k] for k in keep}}

    model.train()
    first_step, last_loss = step, None
    t_start = t_log = time.perf_counter()
    tokens_since_log = 0
    try:
        while step < cfg.steps:
            lr = lr_at(step, cfg)
            for group in opt.param_groups:
                group["lr"] = lr
            log_now = (step + 1) % cfg.log_interval == 0 or step + 1 == cfg.steps or step == first_step
            sums: dict[str, torch.Tensor] = {}
            typed = correct = 0
            for _ in range(cfg.grad_accum):
                batch = next(batches)
                if step == first_step:
                    check_batch(batch, vocab_size, f"{shards} train")
                batch = {k: v.to(device, non_blocking=True) for k, v in batch.items()}
                inputs, tg = split_batch(batch, eot, pad)
                with autocast(device):
                    out = fwd(**inputs)
                    losses = compute_losses(out, tg, weights)
                (losses["loss"] / cfg.grad_accum).backward()
                for k, v in losses.items():
                    sums[k] = sums.get(k, 0) + v.detach() / cfg.grad_accum
                if log_now:
                    mask = tg.type != -100
                    typed += int(mask.sum())
                    correct += int((out["type_logits"].detach()[mask].argmax(-1) == tg.type[mask]).sum())
                tokens_since_log += inputs["input_ids"].numel()
            grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            opt.step()
            opt.zero_grad(set_to_none=True)
            step += 1

            record = None
            if log_now:
                now = time.perf_counter()
                record = {"step": step, "split": "train", **{k: float(v) for k, v in sums.items()},
                          "type_accuracy": correct / typed if typed else 0.0, "lr": lr,
                          "grad_norm": float(grad_norm),
                          "tokens_per_s": tokens_since_log / max(now - t_log, 1e-9),
                          "elapsed_s": now - t_start}
                if not math.isfinite(record["loss"]):
                    raise JuliatagError(f"training diverged at step {step} (loss {record['loss']}); "
                                        "lower --lr")
                log.write(record)
                last_loss = record["loss"]
                t_log, tokens_since_log = now, 0
            if val_split is not None and (step % cfg.eval_interval == 0 or step == cfg.steps):
                log.write(validate())
            if step % cfg.ckpt_interval == 0 or step == cfg.steps:
                checkpoint()
            if on_step:
                on_step(StepInfo(step, cfg.steps, last_loss, record))
    except KeyboardInterrupt:  # keep what the completed steps learned; the CLI says "interrupted"
        if step > first_step:
            checkpoint()
        raise

    return {"run": str(run), "steps": step, "resumed_from": first_step, "final_loss": last_loss,
            "parameters": count_parameters(mcfg), "device": str(device),
            "seconds": time.perf_counter() - t_start, "window": T}
