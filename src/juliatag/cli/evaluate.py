"""`juliatag eval`: score a trained run on the shards."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from .. import workspace
from .app import app
from .progress import event_progress


@app.command("eval")
def eval_cmd(
    run: Path | None = typer.Option(None, help="Run folder (default: the workspace's run)."),
    shards: Path | None = typer.Option(None, help="Shards folder (default: the workspace's shards)."),
    split: str | None = typer.Option(None, help="Split to score: train | validation (default: validation)."),
    max_batches: int | None = typer.Option(None, help="Stop after this many batches (default: all)."),
    batch_size: int | None = typer.Option(None, help="Windows per batch (default: the run's)."),
    device: str | None = typer.Option(None, help="auto | cpu | cuda (default: auto)."),
    data_format: str | None = typer.Option(None, "--format", help="Shard form: auto | pt | arrow (default: auto)."),
    blind: bool | None = typer.Option(None, "--blind/--no-blind",
                               help="Also score with every type input hidden, as at generation time."),
    generate: int | None = typer.Option(None, "--generate", help="Also generate for N prompts cut from the split's "
                                 "documents and report the gate's parse rate, mean V and verdicts."),
    tokenizer: Path | None = typer.Option(None, help="Tokenizer for --generate (default: the shards' own)."),
    max_new_tokens: int | None = typer.Option(None, help="--generate: most new tokens per attempt (default: 128)."),
    seed: int | None = typer.Option(None, help="--generate: sampling seed (default: 0)."),
    repair: bool | None = typer.Option(None, "--repair/--no-repair", help="--generate: run the repair loop (default: on)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Perplexity, type accuracy (and its majority baseline), trouble head, expert load, speed;
    with --generate N, generation judged by the labeler."""
    from ..evaluate import EvalOptions, evaluate  # torch loads only for this command

    given = {"split": split, "max_batches": max_batches, "batch_size": batch_size, "device": device,
             "data_format": data_format, "blind": blind, "generate": generate,
             "tokenizer": str(tokenizer) if tokenizer is not None else None}
    eval_options = EvalOptions(**{k: v for k, v in given.items() if v is not None})
    generate_options = None
    if eval_options.generate:
        from dataclasses import replace

        from ..generate.evaluation import DEFAULT_SAMPLING
        from ..generate.generator import GenerateOptions

        sampling = {"max_new_tokens": max_new_tokens, "seed": seed}
        generate_options = GenerateOptions(replace(DEFAULT_SAMPLING, **{k: v for k, v in sampling.items()
                                                                        if v is not None}),
                                           **({"repair": repair} if repair is not None else {}))
    with event_progress("eval") as progress:
        res = evaluate(run or workspace.run_dir(), shards or workspace.shards_dir(), eval_options,
                       generate_options=generate_options, progress=progress)
    if as_json:
        print(json.dumps(res))
        return
    table = Table(title=f"juliatag eval: {res['run']} (step {res['step']}) on {res['split']}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    rows = [("perplexity", f"{res['perplexity']:.3f}"),
            ("type accuracy", f"{res['type_accuracy']:.2%}"),
            ("type accuracy, majority baseline", f"{res['type_accuracy_baseline']:.2%}"),
            ("trouble precision / recall / F1",
             f"{res['trouble_precision']:.3f} / {res['trouble_recall']:.3f} / {res['trouble_f1']:.3f}"),
            ("trouble average precision (base rate)",
             f"{res['trouble_average_precision']:.3f} ({res['trouble_base_rate']:.3f})")]
    if "blind" in res:
        rows += [("blind perplexity", f"{res['blind']['perplexity']:.3f}"),
                 ("blind type accuracy", f"{res['blind']['type_accuracy']:.2%}")]
    for i, load in enumerate(res["expert_load"]):
        rows.append((f"expert load, MoE layer {i}", " ".join(f"{x:.2f}" for x in load)))
    rows += [("scored tokens (typed)", f"{res['n_target_tokens']:,} ({res['n_typed_targets']:,})"),
             ("tokens/s", f"{res['tokens_per_second']:,.0f}")]
    if "generation" in res:
        g = res["generation"]
        v = g["verdicts"]
        a = g["after_repair"]
        rows += [("generation: prompts", f"{g['prompts']} of {g['requested']}"),
                 ("generation: parse rate", f"{g['parse_rate']:.2%}"),
                 ("generation: mean V", f"{g['mean_v']:.3f}"),
                 ("generation: commit / repair / halt", f"{v['commit']} / {v['repair']} / {v['halt']}"),
                 ("after repair: parse rate, mean V", f"{a['parse_rate']:.2%}, {a['mean_v']:.3f}"),
                 ("after repair: commit / halt / exhausted",
                  f"{a['outcomes']['commit']} / {a['outcomes']['halt']} / {a['outcomes']['exhausted']}")]
    for name, value in rows:
        table.add_row(name, value)
    Console().print(table)
