"""`juliatag train`: train the type-aware MoE (or its dense twin) on the shards."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import workspace
from ..model.presets import PRESETS
from .app import app
from .progress import err_console, event_progress, out_console


@app.command("train")
def train_cmd(
    shards: Path | None = typer.Option(None, help="Shards folder (default: the workspace's shards)."),
    out: Path | None = typer.Option(None, "--out", help="Run folder (default: the workspace's run)."),
    preset: str | None = typer.Option(None, help=f"Model size: {' | '.join(PRESETS)} (default: tiny)."),
    arch: str | None = typer.Option(None, help="moe (type-aware mixture of experts) | dense (default: moe)."),
    bitlinear: bool | None = typer.Option(None, "--bitlinear/--no-bitlinear",
                                             help="1.58-bit ternary attention and feed-forward weights."),
    steps: int | None = typer.Option(None, help="Optimizer steps (the preset's by default)."),
    batch_size: int | None = typer.Option(None, help="Sequences per micro-batch (per process under torchrun)."),
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
    """Train the type-aware MoE ("Kojiki MoE") or a dense baseline on the shards.

    On several processes: `torchrun --nproc_per_node N "$(which juliatag)" train ...`
    (--batch-size is then per process)."""
    given = {"shards": shards, "out": out, "preset": preset, "arch": arch, "bitlinear": bitlinear,
             "steps": steps, "batch_size": batch_size, "grad_accum": grad_accum, "lr": lr, "warmup": warmup,
             "block_size": block_size, "type_dropout": type_dropout, "token_weight": token_weight,
             "type_weight": type_weight, "trouble_weight": trouble_weight, "balance_weight": balance_weight,
             "allow_no_type_loss": allow_no_type_loss or None, "seed": seed, "device": device,
             "data_format": data_format, "log_interval": log_interval, "eval_interval": eval_interval,
             "eval_batches": eval_batches, "ckpt_interval": ckpt_interval, "compile": compile or None}
    # torch loads only for this command
    from ..train import Distributed, config_from_options, load_checkpoint, train
    from ..train.checkpoint import check_out_folder

    world = Distributed.from_environment()
    given["out"] = out or workspace.run_dir()
    check_out_folder(given["out"])
    saved, saved_world = None, 1
    if resume:
        ckpt = load_checkpoint(given["out"])
        saved, saved_world = ckpt["train_config"], int(ckpt.get("world_size", 1))
        del ckpt
    if shards is None and saved is None:  # a resumed run keeps its shards unless told otherwise
        given["shards"] = workspace.shards_dir()
    cfg = config_from_options(given, saved, saved_world=saved_world, world_size=world.world_size)
    with event_progress("train", show=err_console.is_terminal and world.is_main) as progress:

        def on_start(plan: dict) -> None:
            where = (f"{plan['world_size']} processes ({plan['backend']})" if plan["world_size"] > 1
                     else "1 process")
            err_console.print(f"train: {where}; global batch {plan['global_batch']} sequences = "
                              f"{plan['world_size']} x --batch-size {plan['batch_size_per_process']} x "
                              f"--grad-accum {plan['grad_accum']} ({plan['tokens_per_step']:,} tokens a step); "
                              f"lr {plan['lr']:g}, warmup {plan['warmup']} steps, cosine to {plan['min_lr']:g} "
                              f"at step {plan['steps']}", highlight=False, soft_wrap=True)

        def on_warning(message: str) -> None:
            err_console.print(f"[bold yellow]warning:[/bold yellow] {message}", highlight=False, soft_wrap=True)

        summary = train(cfg, resume=resume, progress=progress, on_start=on_start, on_warning=on_warning,
                        world=world)
    if not summary["is_main"]:
        return
    out_console.print(
        f"trained {cfg.preset}/{cfg.arch}{' bitlinear' if cfg.bitlinear else ''} "
        f"({summary['parameters']:,} parameters) to step {summary['steps']} on {summary['device']}"
        f"{f' x {world.world_size} processes' if world.active else ''} "
        f"in {summary['seconds']:.0f}s; final loss {summary['final_loss'] or float('nan'):.4f}; "
        f"run in {summary['run']}", highlight=False)
