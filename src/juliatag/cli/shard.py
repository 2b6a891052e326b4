"""`juliatag shard`: BPE-encode the corpus, align labels to tokens, write train/validation shards."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from .. import workspace
from ..shards.options import ShardOptions
from .app import app
from .progress import event_progress, out_console

D = ShardOptions  # the defaults live in the options dataclass only


@app.command()
def shard(
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Lexeme corpus folder (default: the workspace "
                                                   "corpus, juliatag-work/corpus).")] = None,
    tokenizer: Annotated[Optional[Path], typer.Option("--tokenizer", help="Tokenizer folder holding tokenizer.json "
                                                      "(default: juliatag-work/tokenizer).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder: new, empty, or a shards folder to "
                                                "replace (default: juliatag-work/shards).")] = None,
    seq_len: Annotated[Optional[int], typer.Option("--seq-len", help=f"Tokens per row [default: {D.seq_len}].",
                                                   show_default=False)] = None,
    val_fraction: Annotated[Optional[float], typer.Option("--val-fraction", help=f"Share of packages (by name hash) "
                                                          f"for validation [default: {D.val_fraction}].",
                                                          show_default=False)] = None,
    formats: Annotated[Optional[str], typer.Option("--formats", help=f"Comma-separated subset of arrow,pt,bin "
                                                   f"[default: {','.join(D.formats)}].", show_default=False)] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: one per core, "
                                                "capped by memory); the output is the same for any value.")] = None,
    rows_per_shard: Annotated[Optional[int], typer.Option("--rows-per-shard", help="Rows per .arrow/.pt file "
                                                          "(default: about 2M tokens per file).")] = None,
) -> None:
    """Encode every corpus file, carry lexeme labels onto BPE tokens, write train/validation shards."""
    from ..shards import build_shards

    corpus = corpus or workspace.corpus_dir()
    tokenizer = tokenizer or workspace.tokenizer_dir()
    out = out or workspace.shards_dir()
    given = {"seq_len": seq_len, "val_fraction": val_fraction, "jobs": jobs, "rows_per_shard": rows_per_shard,
             "formats": tuple(formats.split(",")) if formats is not None else None}
    options = ShardOptions(**{k: v for k, v in given.items() if v is not None})
    with event_progress("shard") as progress:
        result = build_shards(corpus, tokenizer, out, options, progress=progress)

    m = result.manifest
    table = Table(title=f"juliatag shard -> {result.out_dir}")
    for col in ("split", "packages", "documents", "tokens", "rows", "pad tokens", "shards"):
        table.add_column(col, justify="left" if col == "split" else "right")
    for split, c in m["counts"].items():
        table.add_row(split, f"{c['packages']:,}", f"{c['documents']:,}", f"{c['tokens']:,}", f"{c['rows']:,}",
                      f"{c['pad_tokens']:,}", f"{c['shards']:,}")
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
    if result.jobs_note:
        out_console.print(result.jobs_note)
