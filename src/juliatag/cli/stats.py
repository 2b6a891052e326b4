"""`juliatag stats`: what is in a lexeme corpus or a shards folder, as tables, JSON or charts."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from .. import workspace
from .app import app

PIPE_WIDTH = 160  # columns when the output is not a terminal


def _rich_table(spec) -> Table:
    """A Rich table of a `stats.tables.Table`; numbers are never cut, text columns fold."""
    table = Table(title=spec.title, title_justify="left", caption=spec.note or None, caption_justify="left")
    numeric = spec.numeric or [False] * len(spec.columns)
    for i, (col, is_num) in enumerate(zip(spec.columns, numeric, strict=False)):
        cells = [len(row[i]) for row in spec.rows if i < len(row)]
        longest_word = max((len(w) for w in col.split()), default=0)
        if is_num:
            table.add_column(col, justify="right", min_width=max([longest_word, *cells]))
        else:
            table.add_column(col, overflow="fold", min_width=min(max([longest_word, *cells]), 16))
    for row in spec.rows:
        table.add_row(*row)
    return table


@app.command()
def stats(
    folder: Path | None = typer.Argument(
        None, help="A lexeme corpus (juliatag ingest) or shards folder (juliatag shard); default: the workspace corpus."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write PNG charts, stats.json and a self-contained report.html into this folder."
    ),
    top: int = typer.Option(20, "--top", help="Rows in the ranked lists (types, packages, unstable functions)."),
) -> None:
    """Show what is in a corpus or shards folder: volume per package, type ids, concreteness, stability,
    unstable functions, skipped files, tokens per split."""
    from ..stats import collect_stats

    folder = folder or workspace.corpus_dir()
    result = collect_stats(folder, top=top)
    written = None
    if plot is not None:
        from ..stats.report import write_report

        written = write_report(result, plot, rows=top)
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    from ..stats.tables import stats_tables

    console = Console() if Console().is_terminal else Console(width=PIPE_WIDTH)
    for spec in stats_tables(result, rows=top):
        console.print(_rich_table(spec))
    if written is not None:
        console.print(f"charts and report: {written.html} ({len(written.charts)} charts)")
