"""`juliatag doctor`: which backends, parsers and devices are usable, and why not."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from ..doctor import run_checks
from .app import app


@app.command()
def doctor(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Report which backends, parsers and devices are usable here, and why not."""
    checks = run_checks()
    if as_json:
        print(json.dumps([c.__dict__ for c in checks], indent=2))
        return
    table = Table(title="juliatag doctor")
    table.add_column("component")
    table.add_column("status")
    table.add_column("details")
    for c in checks:
        table.add_row(c.name, "[green]ok[/green]" if c.ok else "[red]unavailable[/red]", c.detail)
    Console().print(table)
