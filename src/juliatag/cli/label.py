"""`juliatag label FILE --json`: the labeled lexemes of one file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import JuliatagError
from ..label_file import label_file_json
from ..options import LabelOptions
from .app import app


@app.command("label")
def label_cmd(
    file: Annotated[Path, typer.Argument(help="A .jl file.")],
    backend: Annotated[Optional[str], typer.Option("--backend", help=f"static or julia "
                                                   f"[default: {LabelOptions.backend}].", show_default=False)] = None,
    allow_exec: Annotated[bool, typer.Option("--allow-exec", help="Julia backend: evaluate the file's definitions to "
                                             "infer types (runs its code).")] = False,
    as_json: Annotated[bool, typer.Option("--json/--table", help="JSON (default) or a readable table.")] = True,
) -> None:
    """Print the labeled lexemes of one file (DESIGN.md JSON format)."""
    given = {"backend": backend, "allow_exec": allow_exec or None}
    options = LabelOptions(**{k: v for k, v in given.items() if v is not None}).resolved()
    if not file.is_file():
        raise JuliatagError(f"not a file: {file}")
    result = label_file_json(file, backend=options.backend, allow_exec=options.allow_exec)
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
