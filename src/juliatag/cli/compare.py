"""`juliatag compare-backends SRC...`: label with the static and the Julia backend, print agreement."""

from __future__ import annotations

import json
from typing import List

import typer
from rich.table import Table

from ..backends.compare import COLUMNS, compare_backends, count_candidates
from .app import app
from .progress import file_progress, out_console


@app.command("compare-backends")
def compare_cmd(
    sources: List[str] = typer.Argument(..., help="Folders of packages, packages, .jl files or Parquet "
                                        "files."),
    allow_exec: bool = typer.Option(False, "--allow-exec", help="Let Julia evaluate the files' definitions "
                                    "to infer types (this RUNS the code). Without it Julia gives "
                                    "syntax-level labels only."),
    file_timeout: float = typer.Option(120.0, "--file-timeout", help="Seconds per file for the Julia "
                                       "worker."),
    max_file_bytes: int = typer.Option(5_000_000, "--max-file-bytes",
                                       help="Skip files larger than this."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
) -> None:
    """Label files with both backends and print how often they agree, per label column.

    Needs Julia (see `juliatag doctor`); a user with Julia can measure the static engine on their own code.
    """
    with file_progress("compare", total=count_candidates(sources)) as progress:
        report = compare_backends(sources, allow_exec=allow_exec, timeout=file_timeout,
                                  max_file_bytes=max_file_bytes, progress=progress)
    if as_json:
        print(json.dumps(report, sort_keys=True))
        return
    julia = report["julia"]
    title = (f"static vs julia ({julia.get('worker') or 'worker'}, Julia {julia.get('julia_version')}, "
             f"{'with' if report['allow_exec'] else 'without'} --allow-exec): "
             f"{report['files']} files, {report['lexemes']:,} lexemes")
    table = Table(title=title)
    table.add_column("column")
    table.add_column("agree", justify="right")
    table.add_column("of", justify="right")
    table.add_column("rate", justify="right")

    def row(name: str, c: dict) -> None:
        rate = "-" if c["rate"] is None else f"{c['rate']:.1%}"
        table.add_row(name, f"{c['agree']:,}", f"{c['total']:,}", rate)

    for name in COLUMNS:
        row(name, report["columns"][name])
    row("same token cut", report["cut"])
    for name, c in report["functions"].items():
        row(f"functions: {name}", c)
    out_console.print(table)
    if report["failed"]:
        out_console.print(f"{len(report['failed'])} file(s) failed with the Julia backend, e.g. "
                          f"{report['failed'][0]['path']}: {report['failed'][0]['reason']}")
