"""Counting verdicts per package and in total, as text tables or one JSON object."""

from __future__ import annotations

from collections import Counter

from .assertions import KIND_INFERRED
from .check import DOCTEST, TEST, PackageResult
from .compare import UNKNOWN_V, VERDICTS, WRONG

STABILITY_VERDICTS = ("stable", "union", "unstable", "none")


def _share(n: int, d: int) -> float:
    return round(n / d, 4) if d else 0.0


def section(counts: Counter) -> dict:
    """Counts and shares of exact / compatible / unknown / wrong; `committed_right` is the share
    of labels that commit to a type (not unknown) and are exact or compatible."""
    total = sum(counts[v] for v in VERDICTS)
    committed = total - counts[UNKNOWN_V]
    out = {"total": total, **{v: counts[v] for v in VERDICTS}}
    out["shares"] = {v: _share(counts[v], total) for v in VERDICTS}
    out["committed"] = committed
    out["committed_right"] = _share(committed - counts[WRONG], committed)
    return out


def inferred_section(counts: Counter) -> dict:
    total = sum(counts[v] for v in STABILITY_VERDICTS)
    out = {"total": total, **{v: counts[v] for v in STABILITY_VERDICTS}}
    out["with_verdict"] = _share(total - counts["none"], total)
    out["unstable_share"] = _share(counts["unstable"], total)
    return out


def tally(results: list[PackageResult]) -> dict:
    """{"packages": [per package], "total": {...}}: plain data, deterministic order."""
    packages = []
    totals = {DOCTEST: Counter(), TEST: Counter(), KIND_INFERRED: Counter()}
    skipped = {DOCTEST: Counter(), TEST: Counter()}
    failed = 0
    for r in results:
        c = {DOCTEST: Counter(), TEST: Counter(), KIND_INFERRED: Counter()}
        for case in r.cases:
            key = KIND_INFERRED if case.kind == KIND_INFERRED else case.source
            c[key][case.verdict] += 1
        for k in c:
            totals[k].update(c[k])
        for k in skipped:
            skipped[k].update(r.skipped[k])
        failed += len(r.files_failed)
        packages.append({
            "name": r.name, "root": r.root, "doctest": section(c[DOCTEST]), "test": section(c[TEST]),
            "inferred": inferred_section(c[KIND_INFERRED]),
            "skipped": {k: dict(sorted(r.skipped[k].items())) for k in (DOCTEST, TEST)},
            "files_not_labelled": len(r.files_failed),
        })
    total = {"packages": len(results), "doctest": section(totals[DOCTEST]), "test": section(totals[TEST]),
             "inferred": inferred_section(totals[KIND_INFERRED]),
             "skipped": {k: dict(sorted(skipped[k].items())) for k in (DOCTEST, TEST)},
             "files_not_labelled": failed}
    return {"packages": packages, "total": total}


def failures(results: list[PackageResult], mode: str) -> list[dict]:
    """The cases to list: `wrong` ones (and unstable @inferred verdicts), or with `all` unknown ones too."""
    if mode == "none":
        return []
    keep = {WRONG, "unstable", "union"} | ({UNKNOWN_V, "none"} if mode == "all" else set())
    out = []
    for r in results:
        for case in r.cases:
            if case.verdict in keep:
                out.append({"package": r.name, **case.to_json()})
        if mode == "all":
            for path, reason in r.files_failed:
                out.append({"package": r.name, "source": "file", "path": path, "verdict": "not-labelled",
                            "detail": reason})
    return out


def _pct(x: float) -> str:
    return f"{x:.1%}"


def render_table(counts: dict) -> str:
    """Per package and total: doctest and test-assertion verdict shares, @inferred verdicts."""
    head = (f"{'package':<22} {'doctests':>8} {'exact':>6} {'compat':>6} {'unknown':>7} {'wrong':>6}   "
            f"{'tests':>6} {'exact':>6} {'compat':>6} {'unknown':>7} {'wrong':>6} {'right*':>6}   "
            f"{'@inferred':>9} {'verdict':>7} {'unstable':>8}")
    lines = [head, "-" * len(head)]
    rows = counts["packages"] + [dict(counts["total"], name="TOTAL")]
    for p in rows:
        if p["name"] == "TOTAL":
            lines.append("-" * len(head))
        d, t, i = p["doctest"], p["test"], p["inferred"]
        ds = " ".join(f"{_pct(d['shares'][v]):>{w}}" for v, w in (("exact", 6), ("compatible", 6), ("unknown", 7),
                                                                    ("wrong", 6)))
        ts = " ".join(f"{_pct(t['shares'][v]):>{w}}" for v, w in (("exact", 6), ("compatible", 6), ("unknown", 7),
                                                                    ("wrong", 6)))
        lines.append(f"{p['name'][:22]:<22} {d['total']:>8} {ds}   {t['total']:>6} {ts} "
                     f"{_pct(t['committed_right']):>6}   {i['total']:>9} {_pct(i['with_verdict']):>7} "
                     f"{_pct(i['unstable_share']):>8}")
    lines.append("right* = exact or compatible, among the test-assertion labels that commit to a type")
    return "\n".join(lines)
