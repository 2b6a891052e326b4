"""PNG charts of a stats result (from `corpus_stats` or `shard_stats`), drawn with matplotlib's Agg canvas.

No pyplot and no global backend switch: each chart is its own `Figure` on a `FigureCanvasAgg`, so
drawing works headless and leaves the caller's matplotlib state alone. The PNGs carry no software
version or date, so the same stats give the same bytes on one matplotlib version.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from itertools import pairwise

from ..errors import JuliatagError
from ..schema import N_FIXED_TYPE_IDS, TYPE_ID_UNKNOWN

MAX_BARS = 25  # packages or types per chart
STABILITY_COLOURS = {"stable": "#4caf50", "union": "#f2c230", "unstable": "#e53935"}  # @code_warntype's colours
CONCRETENESS_COLOURS = {"concrete": "#3f7fbf", "abstract": "#9c6ade", "union": "#f2c230", "unknown": "#9e9e9e"}
BAR = "#3f7fbf"
BUCKET = "#7fb3d5"
GREY = "#9e9e9e"
LIGHT = "#c7d7ea"
DPI = 100


@dataclass(frozen=True)
class Chart:
    name: str  # file stem, e.g. "types"
    title: str  # alt text / caption
    png: bytes


def _figure_classes():
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise JuliatagError(
            "charts need matplotlib, which is not installed (pip install 'juliatag[stats]' or pip install matplotlib)"
        ) from exc
    return Figure, FigureCanvasAgg


def _new(width: float, height: float):
    Figure, Canvas = _figure_classes()
    fig = Figure(figsize=(width, height), dpi=DPI)
    Canvas(fig)
    return fig


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight")
    return buf.getvalue()


def _bar_height(n: int) -> float:
    return max(2.6, 0.9 + 0.32 * n)


def _pct_axis(ax) -> None:
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))


def type_chart(stats: dict) -> Chart:
    """Horizontal bars: the most frequent type ids, as shares of the typed lexemes/tokens."""
    types = stats["types"]
    rows = types["top"][:MAX_BARS]
    fig = _new(8, _bar_height(len(rows)))
    ax = fig.add_subplot()
    labels = [r["label"] for r in rows][::-1]
    shares = [r["share"] for r in rows][::-1]
    colours = [GREY if r["id"] == TYPE_ID_UNKNOWN else BUCKET if r["id"] >= N_FIXED_TYPE_IDS else BAR
               for r in rows][::-1]
    ax.barh(range(len(rows)), shares, color=colours)
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    _pct_axis(ax)
    ax.set_xlabel(f"share of typed {types['unit']}")
    title = (f"Type ids: top {len(rows)} of {types['distinct_ids']} "
             f"(unknown {types['unknown_share']:.1%}, hash buckets {types['bucket_share']:.1%})")
    ax.set_title(title, fontsize=10)
    for i, s in enumerate(shares):
        ax.text(s, i, f" {s:.1%}", va="center", fontsize=7)
    ax.margins(x=0.12)
    return Chart("types", title, _png(fig))


def _groups(stats: dict) -> tuple[str, list[tuple[str, dict]]]:
    """(what a group is, [(name, record)]): packages of a corpus (largest first), splits of shards."""
    if stats["kind"] == "shards":
        return "split", [(name, rec) for name, rec in stats["splits"].items()]
    return "package", [(p["package"] or "<none>", p) for p in stats["packages"] if p["files"]][:MAX_BARS]


def _stacked_shares(title: str, key: str, colours: dict[str, str], stats: dict, name: str) -> Chart:
    unit, groups = _groups(stats)
    groups = groups[::-1]
    fig = _new(8, _bar_height(len(groups)))
    ax = fig.add_subplot()
    left = [0.0] * len(groups)
    for label, colour in colours.items():
        vals = [g[1][key].get(label, 0.0) for g in groups]
        ax.barh(range(len(groups)), vals, left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, vals, strict=False)]
    ax.set_yticks(range(len(groups)), [g[0] for g in groups], fontsize=8)
    ax.set_xlim(0, 1)
    _pct_axis(ax)
    ax.set_xlabel(f"share of the {'tokens' if stats['kind'] == 'shards' else 'lexemes'} the label applies to")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    total = len(stats["packages"]) if unit == "package" else len(groups)
    caption = f"{title} by {unit}" + (f" (largest {len(groups)} of {total})" if total > len(groups) else "")
    ax.set_title(caption, fontsize=10)
    return Chart(name, caption, _png(fig))


def stability_chart(stats: dict) -> Chart:
    return _stacked_shares("Stability", "stability", STABILITY_COLOURS, stats, "stability")


def concreteness_chart(stats: dict) -> Chart:
    return _stacked_shares("Concreteness", "concreteness", CONCRETENESS_COLOURS, stats, "concreteness")


def length_chart(stats: dict) -> Chart:
    """Histogram of document lengths over power-of-two bins."""
    hist = stats["documents"]["histogram"]
    edges, counts = hist["edges"], hist["counts"]
    first = next((i for i, c in enumerate(counts) if c), 0)
    edges, counts = edges[first:], counts[first:]
    fig = _new(8, 3.4)
    ax = fig.add_subplot()
    ax.bar(range(len(counts)), counts, width=0.9, color=BAR)
    labels = [f"{lo:,}–{hi - 1:,}" if hi - lo > 1 else f"{lo:,}" for lo, hi in pairwise(edges)]
    ax.set_xticks(range(len(counts)), labels, rotation=45, ha="right", fontsize=7)
    ax.set_ylabel("documents")
    ax.set_xlabel(f"{hist['unit']} per document")
    summary = stats["documents"][hist["unit"]]
    title = (f"Document length in {hist['unit']}: {summary['count']:,} documents, "
             f"median {summary['p50']:,}, p90 {summary['p90']:,}, max {summary['max']:,}")
    ax.set_title(title, fontsize=10)
    return Chart("lengths", title, _png(fig))


def volume_chart(stats: dict) -> Chart:
    """Per package (corpus: code and trivia lexemes) or per split (shards: code, other and pad tokens)."""
    unit, groups = _groups(stats)
    groups = groups[::-1]
    fig = _new(8, _bar_height(len(groups)))
    ax = fig.add_subplot()
    y = range(len(groups))
    if stats["kind"] == "shards":
        parts = [("code tokens", "code_tokens", BAR), ("whitespace, comments, <|endoftext|>", None, LIGHT),
                 ("<|pad|>", "pad_tokens", GREY)]
        values = {
            "code tokens": [g[1]["code_tokens"] for g in groups],
            "whitespace, comments, <|endoftext|>": [g[1]["tokens"] - g[1]["code_tokens"] for g in groups],
            "<|pad|>": [g[1]["pad_tokens"] for g in groups],
        }
        what = "tokens"
    else:
        parts = [("code lexemes", None, BAR), ("whitespace and comments", None, LIGHT)]
        values = {
            "code lexemes": [g[1]["code_lexemes"] for g in groups],
            "whitespace and comments": [g[1]["lexemes"] - g[1]["code_lexemes"] for g in groups],
        }
        what = "lexemes"
    left = [0] * len(groups)
    for label, _, colour in parts:
        ax.barh(y, values[label], left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, values[label], strict=False)]
    for i, total in enumerate(left):
        ax.text(total, i, f" {total:,}", va="center", fontsize=7)
    ax.set_yticks(y, [g[0] for g in groups], fontsize=8)
    ax.margins(x=0.15)
    ax.set_xlabel(what)
    ax.xaxis.set_major_formatter(_thousands())
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    total_groups = len(stats["packages"]) if unit == "package" else len(groups)
    title = f"{what.capitalize()} per {unit}" + (
        f" (largest {len(groups)} of {total_groups})" if total_groups > len(groups) else "")
    ax.set_title(title, fontsize=10)
    return Chart("volume", title, _png(fig))


def _thousands():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{v:,.0f}")


def render_charts(stats: dict) -> list[Chart]:
    """Every chart of `stats`, in the order the report shows them."""
    charts = [type_chart(stats), stability_chart(stats), concreteness_chart(stats)]
    if stats["documents"]["count"]:
        charts.append(length_chart(stats))
    charts.append(volume_chart(stats))
    return charts
