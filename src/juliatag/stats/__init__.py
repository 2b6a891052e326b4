"""`juliatag stats`: what is in a lexeme corpus or a shards folder, as a plain dict, tables and charts.

Modules, one concept each: `folders` (which kind of folder, streaming its manifest), `batches`
(bounded chunks of only the needed Arrow columns), `labels` (names of label codes, the type-id
ranking), `distributions` (shares, length summaries, histograms), `corpus_stats` and `shard_stats`
(the one-pass aggregations), `tables` (the result as titled string tables), `plots` (PNG charts)
and `report` (the self-contained `report.html`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import JuliatagError
from .folders import CORPUS, SHARDS, detect_kind

DEFAULT_TOP = 20
MAX_TOP = 100_000


@dataclass
class StatsOptions:
    """Options of `juliatag stats` (see the CLI help for each)."""

    top: int = DEFAULT_TOP            # rows in the ranked lists
    plot: Path | None = None          # folder for the charts and report.html; None: no charts

    def resolved(self) -> StatsOptions:
        """A checked copy (JuliatagError, one line, for a bad value)."""
        if isinstance(self.top, bool) or not isinstance(self.top, int) or not 1 <= self.top <= MAX_TOP:
            raise JuliatagError(f"--top must be a whole number between 1 and {MAX_TOP}, got {self.top!r}")
        return replace(self, plot=Path(self.plot) if self.plot is not None else None)


def collect_stats(folder: str | Path, top: int = DEFAULT_TOP) -> dict:
    """Statistics of a lexeme corpus or a shards folder (detected from its manifest)."""
    top = StatsOptions(top=top).resolved().top
    kind = detect_kind(folder)
    try:
        import polars  # noqa: F401
    except ImportError as exc:
        raise JuliatagError("juliatag stats needs polars, which is not installed "
                            "(pip install 'juliatag[stats]' or pip install polars)") from exc
    if kind == SHARDS:
        from .shard_stats import shard_stats

        return shard_stats(folder, top=top)
    from .corpus_stats import corpus_stats

    return corpus_stats(folder, top=top)


__all__ = ["CORPUS", "DEFAULT_TOP", "SHARDS", "collect_stats", "detect_kind"]
