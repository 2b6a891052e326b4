"""`juliatag ingest`: build a labeled lexeme corpus from Julia sources."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from .. import workspace
from ..ingest import IngestOptions, default_jobs, ingest
from .app import app
from .progress import out_console, staged_progress


@app.command("ingest")
def ingest_cmd(
    sources: List[str] = typer.Argument(..., help="Folders of packages, package folders, .jl files, or "
                                        "Parquet files with a 'content' column (The Stack layout)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output corpus folder [default: ./juliatag-work/corpus]."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = all cores). Output is identical for any value."),
    backend: str = typer.Option("static", "--backend", help="static (built-in analyzer, no Julia) or julia."),
    parser: str = typer.Option("fatou", "--parser", help="Parser for the static backend: fatou, or none (lexical labels only)."),
    no_infer: bool = typer.Option(False, "--no-infer", help="Skip type inference (literal and annotation labels only come from inference, so most types become unknown)."),
    max_file_bytes: int = typer.Option(5_000_000, "--max-file-bytes", help="Skip files larger than this (recorded as too-large)."),
    file_timeout: float = typer.Option(30.0, "--file-timeout", help="Seconds allowed to parse one file (then it gets lexical labels only, recorded)."),
    allow_exec: bool = typer.Option(False, "--allow-exec", help="Julia backend: evaluate the code's definitions to infer types (runs package code)."),
    task_bytes: int = typer.Option(1_000_000, "--task-bytes", help="Source bytes per task; each task writes one output shard and is the unit of resumption."),
    near_dedup: bool = typer.Option(False, "--near-dedup", help="Drop near-duplicate files (MinHash, 5-gram shingles, Jaccard 0.7), keeping one per cluster."),
    executor: str = typer.Option("local", "--executor", help="local (joblib processes), dask or ray. Output is identical for all."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of an existing Dask scheduler (tcp://host:8786) or Ray cluster; without it dask/ray start a local cluster."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
) -> None:
    """Find .jl files, lex, parse, infer types and label every lexeme; write a lexeme corpus.

    Interrupted runs leave OUT.partial/ behind: run the same command again to finish only the
    unfinished work; the result equals an uninterrupted run.
    """
    out_dir = out or workspace.corpus_dir()
    options = IngestOptions(jobs=jobs or default_jobs(), backend=backend, parser=parser, infer=not no_infer,
                            max_file_bytes=max_file_bytes, file_timeout=file_timeout, allow_exec=allow_exec,
                            near_dedup=near_dedup, executor=executor, scheduler=scheduler, task_bytes=task_bytes)
    with staged_progress("ingest") as progress:
        summary = ingest(sources, out_dir, options, progress)
    counts = summary.counts()
    share = summary.known_value_lexemes / summary.value_lexemes if summary.value_lexemes else 0.0
    if as_json:
        print(json.dumps({**counts, "seconds": round(summary.seconds, 3), "out": str(out_dir),
                          "known_type_share": round(share, 4), "tasks_resumed": summary.tasks_resumed},
                         sort_keys=True))
        return
    table = Table(title=f"ingest -> {out_dir}", show_header=False)
    table.add_row("files seen", str(summary.files_seen))
    table.add_row("files labeled", str(summary.files_labeled))
    table.add_row("duplicates", str(summary.duplicates))
    if options.near_dedup:
        table.add_row("near-duplicates", str(summary.near_duplicates))
    if summary.tasks_resumed:
        table.add_row("tasks reused from an interrupted run", f"{summary.tasks_resumed} of {summary.tasks}")
    for reason, n in sorted(summary.skipped.items()):
        table.add_row(f"skipped: {reason}", str(n))
    if summary.parse_failures:
        table.add_row("parse failures (lexical labels only)", str(summary.parse_failures))
    table.add_row("bytes", f"{summary.bytes:,}")
    table.add_row("lexemes", f"{summary.lexemes:,}")
    err_share = summary.syntax_error_bytes / summary.bytes if summary.bytes else 0.0
    table.add_row("syntax-error bytes", f"{summary.syntax_error_bytes:,} ({err_share:.3%})")
    table.add_row("value lexemes with a known type", f"{share:.1%}")
    table.add_row("functions", f"{summary.functions:,}")
    table.add_row("seconds", f"{summary.seconds:.1f}")
    out_console.print(table)
