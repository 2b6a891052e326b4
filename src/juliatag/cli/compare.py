"""`juliatag compare-backends SRC...`: label with the static and the Julia backend, print agreement."""

from __future__ import annotations

import json
from typing import Annotated, List, Optional

import typer
from rich.table import Table

from ..backends.compare import COLUMNS, compare_backends
from ..options import CompareOptions
from .app import app
from .progress import event_progress, out_console


D = CompareOptions  # the defaults live in the options dataclass only


@app.command("compare-backends")
def compare_cmd(
    sources: Annotated[List[str], typer.Argument(help="Folders of packages, packages, .jl files or Parquet files.")],
    allow_exec: Annotated[bool, typer.Option("--allow-exec", help="Let Julia evaluate the files' definitions to "
                                             "infer types (this RUNS the code). Without it Julia gives syntax-level "
                                             "labels only.")] = False,
    file_timeout: Annotated[Optional[float], typer.Option("--file-timeout", help=f"Seconds per file for the Julia "
                                                          f"worker [default: {D.file_timeout:g}].",
                                                          show_default=False)] = None,
    max_file_bytes: Annotated[Optional[int], typer.Option("--max-file-bytes", help=f"Skip files larger than this "
                                                          f"[default: {D.max_file_bytes}].",
                                                          show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """Label files with both backends and print how often they agree, per label column.

    Needs Julia (see `juliatag doctor`); a user with Julia can measure the static engine on their own code.
    """
    given = {"allow_exec": allow_exec or None, "file_timeout": file_timeout, "max_file_bytes": max_file_bytes}
    options = CompareOptions(**{k: v for k, v in given.items() if v is not None}).resolved()
    with event_progress("compare") as progress:
        report = compare_backends(sources, allow_exec=options.allow_exec, timeout=options.file_timeout,
                                  max_file_bytes=options.max_file_bytes,
                                  progress=progress)
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
