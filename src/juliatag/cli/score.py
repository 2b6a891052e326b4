"""`juliatag score-labels GOLD.toml`: how well the labeler matches gold cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, List

import typer
from rich.table import Table

from ..options import ScoreOptions
from ..scoring import score_gold
from .app import app
from .progress import out_console


@app.command("score-labels")
def score_labels_cmd(
    gold: Annotated[List[Path], typer.Argument(help="Gold TOML files (DESIGN.md 'Gold files' format).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    show_failures: Annotated[bool, typer.Option("--failures", help="List every check that did not match.")] = False,
) -> None:
    """Score the static labeler on gold files: types, concreteness and function verdicts matched."""
    from ..labels import label_source
    from ..syntax import get_parser

    options = ScoreOptions(gold=tuple(gold)).resolved()
    parser = get_parser("fatou")
    results = [score_gold(g, lambda data: label_source(data, parser)) for g in options.gold]
    if as_json:
        print(json.dumps({"files": [r.summary() for r in results]}, sort_keys=True))
        return
    table = Table(title="score-labels")
    for col in ("gold file", "cases", "types", "concreteness", "return types", "stability", "score"):
        table.add_column(col)
    for r in results:
        s = r.summary()
        cells = [f"{s[k]['matched']}/{s[k]['total']}" for k in ("type", "concreteness", "return_type", "stability")]
        table.add_row(Path(r.path).name, str(s["cases"]), *cells, f"{s['score']:.1%}")
    out_console.print(table)
    if show_failures:
        for r in results:
            for c in r.checks:
                if not c.ok:
                    out_console.print(f"[red]miss[/red] {c.case} {c.what} {c.subject}: want {c.expected}, got {c.got}")
