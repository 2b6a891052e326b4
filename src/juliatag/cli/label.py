"""`juliatag label FILE --json`: the labeled lexemes of one file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import JuliatagError
from ..label_file import label_file_json
from .app import app


@app.command("label")
def label_cmd(
    file: Path = typer.Argument(..., help="A .jl file."),
    backend: str = typer.Option("static", "--backend", help="static or julia."),
    allow_exec: bool = typer.Option(False, "--allow-exec", help="Julia backend: evaluate the file's definitions to infer types (runs its code)."),
    as_json: bool = typer.Option(True, "--json/--table", help="JSON (default) or a readable table."),
) -> None:
    """Print the labeled lexemes of one file (DESIGN.md JSON format)."""
    if not file.is_file():
        raise JuliatagError(f"not a file: {file}")
    result = label_file_json(file, backend=backend, allow_exec=allow_exec)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=str(file))
    for col in ("text", "kind", "type", "conc.", "depth", "stab.", "flags"):
        table.add_column(col)
    for lx in result["lexemes"]:
        if lx["kind"] in ("Whitespace", "NewlineWs"):
            continue
        table.add_row(repr(lx["text"])[1:-1], lx["kind"], lx["type"] or "", lx["concreteness"], str(lx["depth"]),
                      lx["stability"], ",".join(lx["flags"]))
    Console().print(table)
