"""`juliatag check-truth` over folders of real packages: the labels against the packages' own truths.

    nice python benchmarks/bench_truth.py /work/data/packages /work/data/extra \
        --out benchmarks/results/truth.md [--json /tmp/truth.json]

Runs the library entry point (`juliatag.truth.check_truth`) package by package and writes a
Markdown report: per package and in total, the doctest and test-assertion verdict shares
(exact / compatible / unknown / wrong), the share of committed test labels that are right, the
@inferred verdicts, the skipped truths by reason, and the seconds each package took. `--json`
also writes the full tally and every non-exact case.

Package by package, each is checked alone: it sees no other package of the folders. With
`--corpus`, all of them are checked in one call, as `juliatag check-truth FOLDER...` does: each
package sees the API (and the types) of the packages it uses among them, as ingest of those
folders labels it; the per-package seconds are then not measured.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _row(name: str, p: dict, seconds: float | None) -> str:
    d, t, i = p["doctest"], p["test"], p["inferred"]
    cells = [name, str(d["total"])] + [_pct(d["shares"][v]) for v in ("exact", "compatible", "unknown", "wrong")]
    cells += [_pct(d["committed_right"]), str(t["total"])]
    cells += [_pct(t["shares"][v]) for v in ("exact", "compatible", "unknown", "wrong")]
    cells += [_pct(t["committed_right"]), str(i["total"]), _pct(i["with_verdict"]), _pct(i["unstable_share"])]
    cells.append(f"{seconds:.1f}" if seconds is not None else "")
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", help="folders of packages (or package folders)")
    ap.add_argument("--out", default="benchmarks/results/truth.md")
    ap.add_argument("--json", default=None, help="also write the tally and the non-exact cases here")
    ap.add_argument("--corpus", action="store_true",
                    help="check all packages as one corpus (each sees those it uses among them)")
    args = ap.parse_args(argv)

    from juliatag.truth import TruthOptions, check_truth, failures, find_packages, tally

    results, seconds = [], {}
    t_all = time.perf_counter()
    if args.corpus:
        results = check_truth(list(args.folders), TruthOptions())
    else:
        for root in find_packages(args.folders):
            t0 = time.perf_counter()
            res = check_truth([str(root)], TruthOptions())
            seconds[str(root)] = time.perf_counter() - t0
            results.extend(res)
            print(f"{root}: {time.perf_counter() - t0:.1f}s", file=sys.stderr, flush=True)
    total_seconds = time.perf_counter() - t_all
    counts = tally(results)
    header = ("| package | doctests | exact | compatible | unknown | wrong | doctest right of committed | tests | "
              "exact | compatible | unknown | wrong | test right of committed | @inferred | with verdict | "
              "unstable | seconds |")
    lines = [
        "# check-truth on real packages",
        "",
        f"Command: `nice python benchmarks/bench_truth.py {' '.join(args.folders)}"
        f"{' --corpus' if args.corpus else ''}`; {len(results)} packages, {total_seconds:.0f} s in all "
        f"(one process, serial; {'one corpus' if args.corpus else 'each package alone'}).",
        "",
        "Shares are of the scored truths in each column group. *Right of committed*: exact or compatible, "
        "among the labels that commit to a type (not unknown). *With verdict*: @inferred calls whose call "
        "lexeme gets a stability (stable, union or unstable); *unstable*: called unstable (false, the tests pass).",
        "",
        header,
        "|" + "---|" * (header.count("|") - 1),
    ]
    for p, r in zip(counts["packages"], results, strict=True):
        lines.append(_row(p["name"], p, seconds.get(r.root)))
    lines.append(_row("**total**", dict(counts["total"], name="total"), total_seconds))
    lines += ["", "## Truths left out, by reason", ""]
    for source in ("doctest", "test"):
        sk = counts["total"]["skipped"][source]
        lines.append(f"- {source}: " + (", ".join(f"{k} {v}" for k, v in sk.items()) or "none"))
    lines.append(f"- texts that could not be labelled: {counts['total']['files_not_labelled']}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps({"tally": counts, "cases": failures(results, "all"),
                                               "all_cases": [dict(c.to_json(), package=r.name)
                                                             for r in results for c in r.cases]},
                                              sort_keys=True, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
