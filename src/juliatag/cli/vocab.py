"""`juliatag build-vocab`: train the Julia byte-level BPE from a lexeme corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from .. import workspace
from ..errors import JuliatagError
from .app import app

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def parse_size(text: str | None) -> int | None:
    """`"64M"`, `"1.5G"`, `"100000"` -> bytes (binary units)."""
    if text is None:
        return None
    match = _SIZE.match(text)
    if not match:
        raise JuliatagError(f"--max-train-bytes: cannot read {text!r} (use e.g. 64M, 2G or a number of bytes)")
    unit = (match.group(2) or "").lower()[:1]
    return int(float(match.group(1)) * _UNITS[unit])


class _RichProgress:
    """Adapts the library's `progress(stage, done, total)` to one Rich task per stage."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.tasks: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage == "training":  # merges run inside HF tokenizers: a spinner, no counts
            if stage not in self.tasks:
                self.tasks[stage] = self.progress.add_task("learning merges", total=None)
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


def _summary(report: dict, out: Path) -> Table:
    check = report["check"]
    training = report["training"]
    atomic = report["atomic"]
    stats = report["vocab_stats"]
    failed = [a["item"] for a in atomic if not a["ok"]]
    table = Table(title="juliatag build-vocab", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("vocabulary", f"{report['vocab_size']:,} tokens (asked {report['vocab_size_requested']:,}), "
                                f"spec {report['spec']['name']}")
    table.add_row("trained on", f"{training['files']:,} files, {training['bytes'] / 1e6:.2f} MB"
                                + (" (sample)" if training["sampled"] else ""))
    table.add_row("chars/token", f"{check['chars_per_token']:.3f} over {check['files']:,} corpus files")
    table.add_row("round trip", "[green]exact for every file[/green]" if not check["roundtrip_failures"]
                  else f"[red]{check['roundtrip_failures']} file(s) differ[/red]")
    table.add_row("atomic items", f"[green]{len(atomic)}/{len(atomic)} one token[/green]" if not failed
                  else f"[red]not atomic: {' '.join(failed)}[/red]")
    table.add_row("whitespace tokens", f"{stats['whitespace_only_tokens']} (newline+indent "
                                       f"{stats['newline_indent_tokens']}, longest space run "
                                       f"{stats['longest_space_run']})")
    table.add_row("first merges", " ".join(repr(m) for m in stats["first_merges"][:8]))
    table.add_row("time", f"{report['timing']['total_s']:.1f} s (training {report['timing']['train_s']:.1f} s)")
    table.add_row("written", ", ".join(str(out / f) for f in report.get("files", [])) + f", {out / 'report.json'}")
    return table


@app.command("build-vocab")
def build_vocab_command(
    corpus: Path | None = typer.Option(None, "--corpus", help="Lexeme corpus folder (default: workspace corpus)."),
    out: Path | None = typer.Option(None, "--out", help="Output folder (default: workspace tokenizer)."),
    vocab_size: int | None = typer.Option(None, "--vocab-size", help="Vocabulary size (default: the spec's, 8000)."),
    spec: Path | None = typer.Option(
        None, "--spec", help="Tokenizer spec TOML (default: the packaged tokenizer_specs/julia-8k.toml)."
    ),
    max_train_bytes: str | None = typer.Option(
        None, "--max-train-bytes", help="Train on a deterministic sample of at most this much text (e.g. 64M)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
) -> None:
    """Train the 8k byte-level BPE for Julia; write tokenizer.json, HF side files and report.json."""
    from ..vocab import build_vocab, load_spec

    corpus_dir = corpus or workspace.corpus_dir()
    out_dir = out or workspace.tokenizer_dir()
    vocab_spec = load_spec(spec)
    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        report = build_vocab(corpus_dir, out_dir, vocab_spec, vocab_size=vocab_size,
                             max_train_bytes=parse_size(max_train_bytes), progress=_RichProgress(bar))
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    out_console = Console()
    out_console.print(_summary(report, out_dir))
    for warning in report["warnings"]:
        out_console.print(f"[yellow]warning:[/yellow] {warning}")
