"""The training loop: AdamW, linear warmup then cosine decay, gradient clipping, bf16 autocast
on CUDA, metrics as JSON lines, periodic validation and checkpoints, exact resume on CPU, and
DistributedDataParallel under torchrun (juliatag.train.distributed).

    cfg = TrainConfig(shards="work/shards", out="work/run", preset="tiny")
    summary = train(cfg)                      # or train(cfg, resume=True) to continue a run

With N processes, `cfg.batch_size` is per process: a step's global batch is
batch_size x grad_accum x N sequences, and the run equals (up to float rounding) one process with
grad_accum x N micro-batches of batch_size. Type-dropout masks are drawn per process; the MoE
load-balancing loss is each micro-batch's own, as with one process, and its logged value, like
every logged metric, is reduced over the processes.
"""

from __future__ import annotations

import contextlib
import inspect
import math
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import torch

from ..errors import JuliatagError
from ..model.device import autocast, resolve_device
from ..model.loss import compute_losses, split_batch
from ..model.model import KojikiLM, count_parameters
from ..progress import ProgressCallback, ProgressEvent, no_progress
from .checkpoint import (
    CKPT_NAME,
    check_out_folder,
    check_tokenizer,
    load_checkpoint,
    save_checkpoint,
    write_config,
    write_weights,
)
from .config import TrainConfig, check_resumable, resume_split
from .data import (
    RandomWindows,
    ShardSplit,
    check_batch,
    eval_batches,
    has_type_labels,
    read_manifest,
    special_ids,
)
from .distributed import Distributed
from .metrics_log import MetricsLog
from .scoring import evaluate_batches

# Warn when more than this share of a logged interval's training windows hold no scored target.
PADDING_WARN_SHARE = 0.5
LOSS_KEYS = ("loss", "token_loss", "type_loss", "trouble_loss", "balance_loss")


class PaddingWarning(UserWarning):
    """Most training windows are padding only: the loss is measured on few or no tokens."""


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


def plan(cfg: TrainConfig, world: Distributed, T: int, device: torch.device) -> dict:
    """The batch and learning-rate schedule of a run, as reported and recorded in config.json."""
    return {"world_size": world.world_size, "backend": world.backend(device) if world.active else None,
            "batch_size_per_process": cfg.batch_size, "grad_accum": cfg.grad_accum,
            "global_batch": cfg.global_batch(world.world_size),
            "tokens_per_step": cfg.global_batch(world.world_size) * T,
            "lr": cfg.lr, "warmup": cfg.warmup, "min_lr": cfg.lr * cfg.min_lr_ratio, "steps": cfg.steps,
            "schedule": "linear warmup, then cosine decay"}


def train(cfg: TrainConfig, resume: bool = False,
          progress: ProgressCallback = no_progress,
          on_start: Callable[[dict], None] | None = None,
          on_warning: Callable[[str], None] | None = None,
          world: Distributed | None = None) -> dict:
    """Train (or continue) the run in `cfg.out` on the shards in `cfg.shards`; returns a summary.
    `on_start(plan)`, `progress` (a ProgressEvent of the stage "training" after each optimizer
    step, the last logged loss as its note) and `on_warning(message)` are called in process 0 only."""
    world = world or Distributed.from_environment()
    run, shards = Path(cfg.out), Path(cfg.shards)
    check_out_folder(run, shards)
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
    tokenizer = manifest.get("tokenizer")
    if isinstance(tokenizer, dict) and tokenizer.get("sha256"):
        data_info["tokenizer_sha256"] = tokenizer["sha256"]

    ckpt = None
    if resume:
        ckpt = load_checkpoint(run)
        saved = TrainConfig.from_dict(ckpt["train_config"])
        check_resumable(saved, cfg.to_dict())
        resume_split(saved, int(ckpt.get("world_size", 1)), cfg.batch_size, cfg.grad_accum, world.world_size)
        check_tokenizer(ckpt.get("data") or {}, manifest, run, shards)
        if ckpt["model_config"] != mcfg.to_dict():
            saved_vocab = ckpt["model_config"]["vocab_size"]
            why = (f"vocabulary {saved_vocab} (run) vs {vocab_size} (shards)" if saved_vocab != vocab_size
                   else "model config differs")
            raise JuliatagError(f"cannot resume {run}: {why}")
    elif (run / CKPT_NAME).exists():
        raise JuliatagError(f"{run} already holds a run: pass --resume to continue it, or another --out")

    device = resolve_device(cfg.device, world.local_rank if world.active else None)
    with world.process_group(device):
        return _train(cfg, ckpt, world, device, run, shards, train_split, val_split, mcfg, T, data_info,
                      eot, pad, progress, on_start, on_warning)


def _train(cfg, ckpt, world, device, run, shards, train_split, val_split, mcfg, T, data_info, eot, pad,
           progress, on_start, on_warning) -> dict:
    main = world.is_main
    warn = on_warning or (lambda message: warnings.warn(message, PaddingWarning, stacklevel=3))
    torch.manual_seed(cfg.seed)
    model = KojikiLM(mcfg).to(device)
    if world.rank:  # other type-dropout masks than process 0's (which keeps the one-process stream)
        torch.manual_seed(cfg.seed + world.rank)
    opt = make_optimizer(model, cfg, device)
    batches = RandomWindows(train_split, cfg.batch_size, T, seed=cfg.seed)
    step = 0
    log = MetricsLog(run) if main else None
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        batches.set_state(ckpt["rng"]["sampler"])
        _restore_rng(ckpt, world, device, cfg.seed)
        step = int(ckpt["step"])
        if main:
            log.truncate_after(step)
        del ckpt
    elif main:
        MetricsLog(run).truncate_after(0)  # a fresh run in a run folder that never checkpointed
    schedule = plan(cfg, world, T, device)
    if main:
        run.mkdir(parents=True, exist_ok=True)
        write_config(run, mcfg, cfg.to_dict(), data_info, schedule)
        if on_start:
            on_start(schedule)
    if world.active:
        from torch.nn.parallel import DistributedDataParallel

        # the only buffers are RoPE tables, equal everywhere: no buffer sync at each forward
        # (torch >= 2.13 names the option forward_sync_buffers, older ones broadcast_buffers)
        no_sync = ("forward_sync_buffers" if "forward_sync_buffers" in
                   inspect.signature(DistributedDataParallel).parameters else "broadcast_buffers")
        wrapped = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None,
                                          **{no_sync: False})
    else:
        wrapped = model
    fwd = torch.compile(wrapped) if cfg.compile else wrapped
    weights = cfg.loss_weights()

    def checkpoint() -> None:
        rng = {"torch": torch.get_rng_state(), "sampler": batches.state()}
        if device.type == "cuda":
            rng["cuda"] = torch.cuda.get_rng_state(device)
        if world.active:  # collective: every process's generator, so that a resume on N is exact
            rng["torch_ranks"] = world.gather(torch.get_rng_state())
            if device.type == "cuda":
                rng["cuda_ranks"] = world.gather(torch.cuda.get_rng_state(device))
        if main:
            save_checkpoint(run, {"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                                  "world_size": world.world_size, "model_config": mcfg.to_dict(),
                                  "train_config": cfg.to_dict(), "data": data_info, "rng": rng})
            write_weights(run, model, step)

    def validate() -> dict:
        acc, _, _ = evaluate_batches(model, eval_batches(val_split, T, cfg.batch_size, cfg.eval_batches),
                                     eot_id=eot, pad_id=pad, device=device, weights=weights)
        r = acc.result()
        keep = ("loss", "token_loss", "type_loss", "trouble_loss", "balance_loss", "perplexity",
                "type_accuracy", "type_accuracy_baseline", "trouble_f1")
        return {"step": step, "split": "validation", **{k: r[k] for k in keep}}

    model.train()
    first_step, last_loss, warned = step, None, False
    t_start = t_log = time.perf_counter()
    tokens = windows = 0  # since the last log
    empty = torch.zeros((), dtype=torch.long, device=device)  # windows with no scored target
    try:
        while step < cfg.steps:
            lr = lr_at(step, cfg)
            for group in opt.param_groups:
                group["lr"] = lr
            log_now = (step + 1) % cfg.log_interval == 0 or step + 1 == cfg.steps or step == first_step
            sums = torch.zeros(len(LOSS_KEYS), device=device)
            typed = correct = 0
            micro = batches.step(cfg.grad_accum, world.world_size, world.rank)
            for a, batch in enumerate(micro):
                if step == first_step:
                    check_batch(batch, mcfg.vocab_size, f"{shards} train")
                batch = {k: v.to(device, non_blocking=True) for k, v in batch.items()}
                inputs, tg = split_batch(batch, eot, pad)
                last = a == len(micro) - 1
                # several processes: gradients are all-reduced once a step, in the last micro-batch
                with wrapped.no_sync() if world.active and not last else contextlib.nullcontext():
                    with autocast(device):
                        out = fwd(**inputs)
                        losses = compute_losses(out, tg, weights)
                    (losses["loss"] / cfg.grad_accum).backward()
                sums += torch.stack([losses[k].detach().float() for k in LOSS_KEYS]) / cfg.grad_accum
                if log_now:
                    mask = tg.type != -100
                    typed += int(mask.sum())
                    correct += int((out["type_logits"].detach()[mask].argmax(-1) == tg.type[mask]).sum())
                tokens += inputs["input_ids"].numel()
                windows += inputs["input_ids"].size(0)
                empty += (tg.token == -100).all(dim=1).sum()
            grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            opt.step()
            opt.zero_grad(set_to_none=True)
            step += 1

            record = None
            if log_now:
                counted = torch.tensor([tokens, windows, typed, correct], dtype=torch.float64, device=device)
                reduced = world.all_reduce_sum(torch.cat([sums.double() / world.world_size, counted,
                                                          empty.double().reshape(1)])).tolist()
                loss_parts = reduced[:len(LOSS_KEYS)]
                g_tokens, g_windows, g_typed, g_correct, g_empty = reduced[len(LOSS_KEYS):]
                now = time.perf_counter()
                record = {"step": step, "split": "train",
                          **{k: float(v) for k, v in zip(LOSS_KEYS, loss_parts, strict=True)},
                          "type_accuracy": g_correct / g_typed if g_typed else 0.0, "lr": lr,
                          "grad_norm": float(grad_norm),
                          "tokens_per_s": g_tokens / max(now - t_log, 1e-9),
                          "elapsed_s": now - t_start}
                if not math.isfinite(record["loss"]):
                    raise JuliatagError(f"training diverged at step {step} (loss {record['loss']}); "
                                        "lower --lr")
                if main:
                    log.write(record)
                    if not warned and g_windows and g_empty / g_windows > PADDING_WARN_SHARE:
                        warn(f"{g_empty / g_windows:.0%} of the training windows up to step {step} hold padding "
                             f"only: the loss ({record['loss']:.3g}) is measured on few tokens and means "
                             "little; shard with a shorter --seq-len, or add data")
                        warned = True
                last_loss = record["loss"]
                t_log, tokens, windows = now, 0, 0
                empty.zero_()
            if main and val_split is not None and (step % cfg.eval_interval == 0 or step == cfg.steps):
                log.write(validate())
            if step % cfg.ckpt_interval == 0 or step == cfg.steps:
                checkpoint()
            if main:
                progress(ProgressEvent("training", step, cfg.steps, unit="steps",
                                       note="" if last_loss is None else f"loss {last_loss:.3f}"))
    except KeyboardInterrupt:  # keep what the completed steps learned; the CLI says "interrupted"
        if step > first_step and not world.active:  # with several processes: the last interval checkpoint
            checkpoint()
        raise

    return {"run": str(run), "steps": step, "resumed_from": first_step, "final_loss": last_loss,
            "parameters": count_parameters(mcfg), "device": str(device),
            "seconds": time.perf_counter() - t_start, "window": T, "is_main": main, **schedule}


def _restore_rng(ckpt: dict, world: Distributed, device: torch.device, seed: int) -> None:
    """Each process's generator from the checkpoint: exact when the run had as many processes;
    otherwise process 0 takes the saved one and the others start from their seeds."""
    rng = ckpt["rng"]
    ranks = rng.get("torch_ranks")
    if ranks is not None and len(ranks) == world.world_size:
        torch.set_rng_state(ranks[world.rank])
    elif world.rank == 0:
        torch.set_rng_state(rng["torch"])
    else:
        torch.manual_seed(seed + world.rank + int(ckpt["step"]))
    if device.type == "cuda":
        cuda_ranks = rng.get("cuda_ranks")
        if cuda_ranks is not None and len(cuda_ranks) == world.world_size:
            torch.cuda.set_rng_state(cuda_ranks[world.rank], device)
        elif world.rank == 0 and "cuda" in rng:
            torch.cuda.set_rng_state(rng["cuda"], device)

