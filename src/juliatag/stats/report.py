"""`report.html`: the charts and tables of a stats result in one self-contained page.

The PNGs are embedded as base64 `data:` URIs (and also written beside the page), the styles are
inline, and nothing is fetched from anywhere. A small inline script marks every `<img>` with
`data-loaded="true"` or `"false"` once the page has loaded, and puts the counts on `<body>`
(`data-images-loaded`, `data-images-total`), so a headless browser can check that every chart
rendered.
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from pathlib import Path

from .plots import Chart, render_charts
from .tables import DEFAULT_ROWS, Table, stats_tables

REPORT = "report.html"
STATS_JSON = "stats.json"

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1200px;
       color: #222; padding: 0 16px; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin: 1.6em 0 0.4em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.sub { color: #666; margin-top: 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
figure { margin: 0; border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px; background: #fff; }
figure img { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figcaption { font-size: 0.85em; color: #555; margin-top: 4px; text-align: center; }
table { border-collapse: collapse; font-size: 0.88em; margin: 0.3em 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
th { background: #f5f7fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr:hover td { background: #fafcff; }
.note { font-size: 0.82em; color: #666; margin: 0.2em 0 0; max-width: 1000px; }
#img-status { font-size: 0.8em; color: #888; }
"""

_SCRIPT = """
window.addEventListener("load", function () {
  var imgs = document.images, ok = 0;
  for (var i = 0; i < imgs.length; i++) {
    var good = imgs[i].complete && imgs[i].naturalWidth > 0;
    imgs[i].setAttribute("data-loaded", good ? "true" : "false");
    if (good) { ok++; }
  }
  document.body.setAttribute("data-images-loaded", String(ok));
  document.body.setAttribute("data-images-total", String(imgs.length));
  var status = document.getElementById("img-status");
  if (status) { status.textContent = ok + " of " + imgs.length + " charts loaded"; }
});
"""


@dataclass
class ReportFiles:
    html: Path
    charts: list[Path]
    json: Path


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def table_html(table: Table) -> str:
    numeric = table.numeric or [False] * len(table.columns)
    head = "".join(f'<th class="num">{_esc(c)}</th>' if num else f"<th>{_esc(c)}</th>"
                   for c, num in zip(table.columns, numeric, strict=False))
    body = "\n".join(
        "<tr>" + "".join(f'<td class="num">{_esc(v)}</td>' if num else f"<td>{_esc(v)}</td>"
                         for v, num in zip(row, numeric, strict=False)) + "</tr>"
        for row in table.rows
    )
    note = f'<p class="note">{_esc(table.note)}</p>' if table.note else ""
    return f"<h2>{_esc(table.title)}</h2>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n{note}"


def chart_html(chart: Chart) -> str:
    data = base64.b64encode(chart.png).decode("ascii")
    return (f'<figure id="chart-{_esc(chart.name)}"><img src="data:image/png;base64,{data}" alt="{_esc(chart.title)}" '
            f'data-chart="{_esc(chart.name)}"><figcaption>{_esc(chart.title)}</figcaption></figure>')


def report_html(stats: dict, charts: list[Chart], rows: int = DEFAULT_ROWS) -> str:
    """The page as a string."""
    tables = stats_tables(stats, rows)
    what = "shards" if stats["kind"] == "shards" else "lexeme corpus"
    first, rest = (tables[0], tables[1:]) if tables else (None, [])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>juliatag stats: {_esc(stats['path'])}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<h1>juliatag stats</h1>",
        f'<p class="sub">{_esc(what)} at <code>{_esc(stats["path"])}</code> <span id="img-status"></span></p>',
        table_html(first) if first else "",
        "<h2>Charts</h2>",
        '<div class="charts">',
        *(chart_html(c) for c in charts),
        "</div>",
        *(table_html(t) for t in rest),
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def write_report(stats: dict, out_dir: str | Path, rows: int = DEFAULT_ROWS) -> ReportFiles:
    """Write the chart PNGs, `stats.json` and `report.html` into `out_dir` (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    charts = render_charts(stats)
    paths = []
    for chart in charts:
        path = out / f"{chart.name}.png"
        path.write_bytes(chart.png)
        paths.append(path)
    json_path = out / STATS_JSON
    json_path.write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    html_path = out / REPORT
    html_path.write_text(report_html(stats, charts, rows), encoding="utf-8")
    return ReportFiles(html_path, paths, json_path)
