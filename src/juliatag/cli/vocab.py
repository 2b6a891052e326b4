"""`juliatag build-vocab`: train the Julia byte-level BPE from a lexeme corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .. import workspace
from ..errors import JuliatagError
from .app import app
from .progress import event_progress

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
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Lexeme corpus folder (default: workspace "
                                                   "corpus).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder: new, empty, or a tokenizer folder to "
                                                "replace (default: workspace tokenizer).")] = None,
    vocab_size: Annotated[Optional[int], typer.Option("--vocab-size", help="Vocabulary size (default: the "
                                                      "spec's, 8000).")] = None,
    spec: Annotated[Optional[Path], typer.Option("--spec", help="Tokenizer spec TOML (default: the packaged "
                                                 "tokenizer_specs/julia-8k.toml).")] = None,
    max_train_bytes: Annotated[Optional[str], typer.Option("--max-train-bytes", help="Train on a deterministic "
                                                           "sample of at most this much text (e.g. 64M).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """Train the 8k byte-level BPE for Julia; write tokenizer.json, HF side files and report.json."""
    from ..vocab import build_vocab, load_spec
    from ..vocab.options import VocabOptions

    corpus_dir = corpus or workspace.corpus_dir()
    out_dir = out or workspace.tokenizer_dir()
    options = VocabOptions(spec=load_spec(spec) if spec is not None else None, vocab_size=vocab_size,
                           max_train_bytes=parse_size(max_train_bytes)).resolved()
    with event_progress("build-vocab") as progress:
        report = build_vocab(corpus_dir, out_dir, options=options, progress=progress)
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    out_console = Console()
    out_console.print(_summary(report, out_dir))
    for warning in report["warnings"]:
        out_console.print(f"[yellow]warning:[/yellow] {warning}")
