"""Small, deterministic summaries shared by the corpus and shards statistics: shares, length
summaries and power-of-two histograms."""

from __future__ import annotations

import numpy as np

ROUND = 6


def share(part: int, whole: int) -> float:
    return round(part / whole, ROUND) if whole else 0.0


def named_counts(counts, names: tuple[str, ...]) -> dict[str, int]:
    """{name: count} for codes 0..len(names)-1 (codes past the table are named `code N`)."""
    out = {name: 0 for name in names}
    for code, n in enumerate(counts):
        key = names[code] if code < len(names) else f"code {code}"
        out[key] = out.get(key, 0) + int(n)
    return out


def applicable_shares(counts: dict[str, int], na: str = "na") -> dict[str, float]:
    """Each name's share of the counts other than `na` (the lexemes or tokens the label applies to)."""
    whole = sum(n for k, n in counts.items() if k != na)
    return {k: share(n, whole) for k, n in counts.items() if k != na}


def length_summary(lengths: np.ndarray) -> dict:
    """count, total, mean, min, median, p90, p99, max of a vector of lengths (exact)."""
    if lengths.size == 0:
        return {"count": 0, "total": 0, "mean": 0.0, "min": 0, "p50": 0, "p90": 0, "p99": 0, "max": 0}
    q = np.percentile(lengths, [50, 90, 99], method="lower")
    return {
        "count": int(lengths.size), "total": int(lengths.sum()), "mean": round(float(lengths.mean()), 2),
        "min": int(lengths.min()), "p50": int(q[0]), "p90": int(q[1]), "p99": int(q[2]), "max": int(lengths.max()),
    }


def pow2_histogram(lengths: np.ndarray, unit: str) -> dict:
    """Counts of lengths in the bins [0, 1), [1, 2), [2, 4), [4, 8), ... up to the largest length."""
    top = int(lengths.max()) if lengths.size else 0
    edges = [0, 1]
    while edges[-1] <= top:
        edges.append(edges[-1] * 2)
    counts, _ = np.histogram(lengths, bins=np.asarray(edges, dtype=np.float64))
    return {"unit": unit, "edges": edges, "counts": [int(c) for c in counts]}


class LengthLog:
    """Lengths appended chunk by chunk (one int32 per document: 4 MB per million documents)."""

    def __init__(self) -> None:
        self._parts: list[np.ndarray] = []

    def add(self, values) -> None:
        arr = np.asarray(values, dtype=np.int64)
        if arr.size:
            self._parts.append(arr.astype(np.int32) if arr.max(initial=0) < 2**31 else arr)

    def array(self) -> np.ndarray:
        if not self._parts:
            return np.zeros(0, dtype=np.int64)
        arr = np.concatenate([p.astype(np.int64) for p in self._parts])
        self._parts = [arr]
        return arr
