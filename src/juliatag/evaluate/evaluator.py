"""`juliatag eval`: score a trained run on a split of the shards.

Every target of the split is scored once (windows of the model's context that tile each row).
Reported, besides the metrics of `EvalAccumulator`:
- `type_accuracy_baseline`: always predicting the most frequent type of the scored targets
  (the majority of the evaluated split itself, so the baseline is as strong as it can be);
- `blind`: perplexity, type accuracy and trouble F1 with every type input set to "unknown", as
  at generation time, when no labeler has seen the tokens (type inputs are whole-file analysis
  results, so the sighted figures are optimistic for generation);
- `tokens_per_second`: input tokens per second of forward passes (the sighted pass);
- `generation` (with `generate=N`): the model's completions of N prompts cut from the split's
  documents, judged by the labeler (parse rate, mean V, verdict counts; see
  juliatag.generate.evaluation).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import JuliatagError
from ..model.config import TROUBLE_NAMES, ModelConfig
from ..model.device import resolve_device
from ..model.model import count_parameters
from ..train.checkpoint import check_tokenizer, load_run
from ..train.data import ShardSplit, check_batch, eval_batches, read_manifest, special_ids
from ..progress import ProgressCallback, ProgressEvent, no_progress
from ..train.scoring import evaluate_batches
from .options import EvalOptions


def evaluate(run: Path, shards: Path, options: EvalOptions | None = None, *,
             progress: ProgressCallback = no_progress, generate_options=None, **fields) -> dict:
    """Score the run in `run` (model.safetensors + config.json, else ckpt.pt) on `shards`.
    `options`, or the EvalOptions `fields` given as keywords. Reports ProgressEvents of the stages
    "scoring" (batches) and, with generation, "generating" (prompts)."""
    o = options if options is not None else EvalOptions(**fields)
    split, max_batches, blind, generate = o.split, o.max_batches, o.blind, o.generate
    manifest = read_manifest(shards)
    data = ShardSplit(shards, split, o.data_format)
    if len(data) == 0:
        raise JuliatagError(f"the {split} split of {shards} is empty")
    dev = resolve_device(o.device)
    model, info = load_run(run, dev)
    mcfg = ModelConfig.from_dict(info["model_config"])
    if int(manifest["vocab_size"]) != mcfg.vocab_size:
        raise JuliatagError(f"vocabulary mismatch: the run in {run} has {mcfg.vocab_size} tokens, "
                            f"the shards in {shards} {manifest['vocab_size']}")
    check_tokenizer(info["data"], manifest, run, shards)
    eot, pad = special_ids(manifest)
    if generate:  # find the tokenizer before the long part
        from ..generate.tokens import TokenTable, find_tokenizer

        tokens = TokenTable(find_tokenizer(o.tokenizer, shards=shards, run=run))
    batch_size = o.batch_size or info["train_config"].get("batch_size", 16)
    T = min(mcfg.block_size, data.seq_len - 1)
    check_batch(next(eval_batches(data, T, batch_size, 1)), mcfg.vocab_size, f"{shards} {split}")

    def batches():
        return eval_batches(data, T, batch_size, max_batches)

    total = None if max_batches is None else max_batches
    acc, n_inputs, seconds = evaluate_batches(
        model, batches(), eot_id=eot, pad_id=pad, device=dev,
        on_batch=lambda i: progress(ProgressEvent("scoring", i, total, unit="batches")))
    res = acc.result()
    if blind:
        bacc, _, _ = evaluate_batches(model, batches(), eot_id=eot, pad_id=pad, device=dev, blind=True)
        b = bacc.result()
        res["blind"] = {k: b[k] for k in ("perplexity", "type_accuracy", "trouble_f1",
                                          "trouble_average_precision")}
    res.update({
        "tokens_per_second": n_inputs / seconds if seconds else 0.0,
        "batches": acc.n_batches,
        "split": split,
        "run": str(run),
        "shards": str(shards),
        "step": info["step"],
        "arch": mcfg.arch,
        "bitlinear": mcfg.bitlinear,
        "preset": info["train_config"].get("preset"),
        "parameters": count_parameters(mcfg),
        "window": T,
        "device": str(dev),
        "trouble_classes": list(TROUBLE_NAMES),
    })
    if generate:
        from ..generate.evaluation import generation_eval
        from ..generate.generator import Generator

        res["generation"] = generation_eval(Generator(model, tokens, device=dev), shards, generate,
                                            generate_options, split=split, progress=progress)
    return res
