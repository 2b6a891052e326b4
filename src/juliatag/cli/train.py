"""`juliatag train`: train the type-aware MoE (or its dense twin) on the shards."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .. import workspace
from ..model.config import PRESETS
from .app import app


@app.command("train")
def train_cmd(
    shards: Path | None = typer.Option(None, help="Shards folder (default: the workspace's shards)."),
    out: Path | None = typer.Option(None, "--out", help="Run folder (default: the workspace's run)."),
    preset: str | None = typer.Option(None, help=f"Model size: {' | '.join(PRESETS)} (default: tiny)."),
    arch: str | None = typer.Option(None, help="moe (type-aware mixture of experts) | dense (default: moe)."),
    bitlinear: bool | None = typer.Option(None, "--bitlinear/--no-bitlinear",
                                             help="1.58-bit ternary attention and feed-forward weights."),
    steps: int | None = typer.Option(None, help="Optimizer steps (the preset's by default)."),
    batch_size: int | None = typer.Option(None, help="Sequences per micro-batch."),
    grad_accum: int | None = typer.Option(None, help="Micro-batches per optimizer step."),
    lr: float | None = typer.Option(None, help="Peak learning rate."),
    warmup: int | None = typer.Option(None, help="Warmup steps before the cosine decay."),
    block_size: int | None = typer.Option(None, help="Context length (the preset's by default)."),
    type_dropout: float | None = typer.Option(
        None, help="Probability of hiding a token's type inputs (default: 0.15)."),
    token_weight: float | None = typer.Option(None, help="Weight of the next-token loss (default: 1)."),
    type_weight: float | None = typer.Option(None, help="Weight of the next-token type loss (default: 1)."),
    trouble_weight: float | None = typer.Option(None, help="Weight of the trouble loss (default: 1)."),
    balance_weight: float | None = typer.Option(
        None, help="Weight of the MoE load-balancing loss (default: 0.01)."),
    allow_no_type_loss: bool = typer.Option(
        False, "--allow-no-type-loss", help="Allow --type-weight 0 (an ablation)."),
    seed: int | None = typer.Option(None, help="Seed of initialisation, batches and type dropout."),
    device: str | None = typer.Option(None, help="auto | cpu | cuda (default: auto)."),
    data_format: str | None = typer.Option(None, "--format", help="Shard form: auto | pt | arrow."),
    log_interval: int | None = typer.Option(None, help="Steps between metrics lines."),
    eval_interval: int | None = typer.Option(None, help="Steps between validation passes (0: none)."),
    eval_batches: int | None = typer.Option(None, help="Batches per validation pass."),
    ckpt_interval: int | None = typer.Option(None, help="Steps between checkpoints."),
    compile: bool = typer.Option(False, "--compile", help="torch.compile the model."),
    resume: bool = typer.Option(False, "--resume", help="Continue the run in --out from its checkpoint."),
) -> None:
    """Train the type-aware MoE ("Kojiki MoE") or a dense baseline on the shards."""
    options = {k: v for k, v in locals().items() if k != "resume"}
    from ..train import config_from_options, load_checkpoint, train  # torch loads only for this command
    for flag in ("allow_no_type_loss", "compile"):  # an absent flag keeps the run's (resume) or the default
        options[flag] = options[flag] or None
    options["out"] = out or workspace.run_dir()
    saved = load_checkpoint(options["out"])["train_config"] if resume else None
    if shards is None and saved is None:  # a resumed run keeps its shards unless told otherwise
        options["shards"] = workspace.shards_dir()
    cfg = config_from_options(options, saved)
    console = Console(stderr=True)
    columns = (TextColumn("[bold]train[/bold] {task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task("", total=cfg.steps)

        def on_step(info) -> None:
            loss = "" if info.loss is None else f"loss {info.loss:.3f}"
            progress.update(task, completed=info.step, description=loss)

        summary = train(cfg, resume=resume, on_step=on_step)
    Console().print(
        f"trained {cfg.preset}/{cfg.arch}{' bitlinear' if cfg.bitlinear else ''} "
        f"({summary['parameters']:,} parameters) to step {summary['steps']} on {summary['device']} "
        f"in {summary['seconds']:.0f}s; final loss {summary['final_loss'] or float('nan'):.4f}; "
        f"run in {summary['run']}", highlight=False)
