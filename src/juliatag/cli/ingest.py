"""`juliatag ingest`: build a labeled lexeme corpus from Julia sources."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, List, Optional

import typer
from rich.table import Table

from .. import workspace
from ..ingest import IngestOptions, ingest
from ..ingest.plan import PACKAGE_ALONE_FRACTION
from .app import app
from .progress import event_progress, out_console


D = IngestOptions  # the defaults live in the options dataclass only


@app.command("ingest")
def ingest_cmd(
    sources: Annotated[List[str], typer.Argument(help="Folders of packages, package folders, .jl files, or "
                                                 "Parquet files with a 'content' column (The Stack layout).")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output corpus folder (new, empty, or a "
                                                "corpus to replace) [default: ./juliatag-work/corpus].")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes [default: one per core, "
                                                "capped by tasks and memory]. Output is identical for any value.",
                                                show_default=False)] = None,
    backend: Annotated[Optional[str], typer.Option("--backend", help=f"static (built-in analyzer, no Julia) or "
                                                   f"julia [default: {D.backend}].", show_default=False)] = None,
    parser: Annotated[Optional[str], typer.Option("--parser", help=f"Parser for the static backend: fatou, or none "
                                                  f"(lexical labels only) [default: {D.parser}].",
                                                  show_default=False)] = None,
    no_infer: Annotated[bool, typer.Option("--no-infer", help="Skip type inference (literal and annotation labels "
                                           "only come from inference, so most types become unknown).")] = False,
    max_file_bytes: Annotated[Optional[int], typer.Option("--max-file-bytes", help=f"Skip files larger than this "
                                                          f"(recorded as too-large) [default: {D.max_file_bytes}].",
                                                          show_default=False)] = None,
    file_timeout: Annotated[Optional[float], typer.Option("--file-timeout", help=f"Seconds allowed to parse one file "
                                                          f"(then it gets lexical labels only, recorded) "
                                                          f"[default: {D.file_timeout:g}].",
                                                          show_default=False)] = None,
    allow_exec: Annotated[bool, typer.Option("--allow-exec", help="Julia backend: evaluate the code's definitions "
                                             "to infer types (runs package code).")] = False,
    task_bytes: Annotated[Optional[int], typer.Option("--task-bytes", help=f"Source bytes per task; each task writes "
                                                      f"one output shard and is the unit of resumption; "
                                                      f"a package of 1/{PACKAGE_ALONE_FRACTION} of this or more has tasks of its own "
                                                      f"[default: {D.task_bytes}].", show_default=False)] = None,
    near_dedup: Annotated[bool, typer.Option("--near-dedup", help="Drop near-duplicate files (MinHash, 5-gram "
                                             "shingles, Jaccard 0.7), keeping one per cluster.")] = False,
    executor: Annotated[Optional[str], typer.Option("--executor", help="local (worker processes; a package's "
                                                    f"tasks stay on one worker), dask or ray [default: {D.executor}]. Output is identical for all.",
                                                    show_default=False)] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Address of an existing Dask scheduler "
                                                     "(tcp://host:8786) or Ray cluster; without it dask/ray start "
                                                     "a local cluster.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")] = False,
) -> None:
    """Find .jl files, lex, parse, infer types and label every lexeme; write a lexeme corpus.

    Interrupted runs leave OUT.partial/ behind: run the same command again to finish only the
    unfinished work; the result equals an uninterrupted run.
    """
    out_dir = out or workspace.corpus_dir()
    given = {"jobs": jobs, "backend": backend, "parser": parser, "max_file_bytes": max_file_bytes,
             "file_timeout": file_timeout, "executor": executor, "scheduler": scheduler, "task_bytes": task_bytes,
             "infer": False if no_infer else None, "allow_exec": allow_exec or None,
             "near_dedup": near_dedup or None}
    options = IngestOptions(**{k: v for k, v in given.items() if v is not None})
    with event_progress("ingest") as progress:
        summary = ingest(sources, out_dir, options, progress)
    counts = summary.counts()
    share = summary.known_value_lexemes / summary.value_lexemes if summary.value_lexemes else 0.0
    if as_json:
        print(json.dumps({**counts, "seconds": round(summary.seconds, 3), "out": str(out_dir),
                          "known_type_share": round(share, 4), "tasks_resumed": summary.tasks_resumed,
                          "jobs": summary.jobs, "jobs_note": summary.jobs_note},
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
    if summary.jobs:
        table.add_row("workers", summary.jobs_note or str(summary.jobs))
    out_console.print(table)
