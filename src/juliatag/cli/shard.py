"""`juliatag shard`: BPE-encode the corpus, align labels to tokens, write train/validation shards."""

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
from rich.table import Table

from .. import workspace
from .app import app


@app.command()
def shard(
    corpus: Path | None = typer.Option(None, "--corpus", help="Lexeme corpus folder (default: the workspace corpus, juliatag-work/corpus)."),
    tokenizer: Path | None = typer.Option(
        None, "--tokenizer", help="Tokenizer folder holding tokenizer.json (default: juliatag-work/tokenizer)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Output folder (default: juliatag-work/shards)."),
    seq_len: int = typer.Option(2048, "--seq-len", help="Tokens per row."),
    val_fraction: float = typer.Option(0.1, "--val-fraction", help="Share of packages (by name hash) for validation."),
    formats: str = typer.Option("arrow,pt", "--formats", help="Comma-separated subset of arrow,pt,bin."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", help="Worker processes (default: all cores); the output is the same for any value."),
    rows_per_shard: int | None = typer.Option(
        None, "--rows-per-shard", help="Rows per .arrow/.pt file (default: about 2M tokens per file)."
    ),
) -> None:
    """Encode every corpus file, carry lexeme labels onto BPE tokens, write train/validation shards."""
    from ..shards import ShardOptions, build_shards

    corpus = corpus or workspace.corpus_dir()
    tokenizer = tokenizer or workspace.tokenizer_dir()
    out = out or workspace.shards_dir()
    options = ShardOptions(
        seq_len=seq_len, val_fraction=val_fraction, formats=tuple(formats.split(",")), jobs=jobs,
        rows_per_shard=rows_per_shard,
    )
    console = Console(stderr=True)
    columns = (TextColumn("sharding"), BarColumn(), MofNCompleteColumn(), TextColumn("files"), TimeElapsedColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("shard", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = build_shards(corpus, tokenizer, out, options, progress=progress)

    m = result.manifest
    table = Table(title=f"juliatag shard -> {result.out_dir}")
    for col in ("split", "packages", "documents", "tokens", "rows", "pad tokens", "shards"):
        table.add_column(col, justify="left" if col == "split" else "right")
    for split, c in m["counts"].items():
        table.add_row(split, f"{c['packages']:,}", f"{c['documents']:,}", f"{c['tokens']:,}", f"{c['rows']:,}",
                      f"{c['pad_tokens']:,}", f"{c['shards']:,}")
    out_console = Console()
    out_console.print(table)
    skipped = m["skipped"]["documents"]
    tokens = sum(c["tokens"] for c in m["counts"].values())
    text_mb = sum(c["text_bytes"] for c in m["counts"].values()) / 1e6
    out_console.print(
        f"seq_len {m['seq_len']}, formats {','.join(m['formats'])}; {text_mb:.1f} MB of text, {tokens:,} tokens "
        f"in {result.seconds:.1f} s ({text_mb / max(result.seconds, 1e-9):.1f} MB/s)"
        + (f"; skipped {skipped} files ({', '.join(f'{k}: {v}' for k, v in m['skipped']['by_reason'].items())})"
           if skipped else "")
    )
