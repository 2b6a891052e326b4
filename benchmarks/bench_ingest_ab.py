"""Ingest time, peak memory and known-type share of two versions of juliatag on the same corpus.

    nice python benchmarks/bench_ingest_ab.py --before /path/to/old/checkout/src --after src \
        --packages /work/data/packages --rounds 2 --out benchmarks/results/ingest_ab.md

Each round runs `juliatag ingest --jobs 2` with the `before` sources, then with the `after` sources
(PYTHONPATH), alternating so that both see the same machine load. Reports per run: wall seconds,
CPU seconds of the whole process tree, peak resident memory of the whole tree and of the largest
single process (sampled from /proc), and the share of value lexemes with a known type; then the
after/before ratios of the medians. The corpus is real packages fetched outside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
from pathlib import Path

from bench_ingest import run_sampled


def run(src: str, packages: str, out: Path, jobs: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
    cmd = [sys.executable, "-m", "juliatag.cli.__main__", "ingest", packages, "--out", str(out), "--jobs", str(jobs),
           "--json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = run_sampled(cmd, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done["returncode"] != 0:
        raise SystemExit(f"ingest failed ({src}): {done['stderr'].strip()[-500:]}")
    summary = json.loads(done["stdout"])
    manifest = json.loads((out / "manifest.json").read_text())
    failed = sorted(f"{f['path']} ({f.get('reason')})" for f in manifest["files"] if f.get("status") == "failed")
    return {"failed": failed, "wall_s": done["seconds"],
            "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "peak_tree_mb": done["peak_tree_kb"] / 1024, "peak_process_mb": done["peak_process_kb"] / 1024,
            "known_share": summary.get("known_type_share"), "files": summary.get("files_labeled")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="the src/ folder of the version to compare against")
    ap.add_argument("--after", default="src", help="the src/ folder of the version measured")
    ap.add_argument("--packages", required=True)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default="benchmarks/results/ingest_ab.md")
    args = ap.parse_args(argv)
    runs: dict = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for which in ("before", "after"):
                res = run(getattr(args, which), args.packages, Path(tmp) / f"{which}{r}", args.jobs)
                runs[which].append(res)
                print(which, r, json.dumps(res), file=sys.stderr, flush=True)
    med = {w: {k: statistics.median(x[k] for x in runs[w]) for k in ("wall_s", "cpu_s", "peak_tree_mb",
                                                                     "peak_process_mb")} for w in runs}
    lines = ["# Ingest, before and after", "",
             f"Command: `python benchmarks/bench_ingest_ab.py --before {args.before} --after {args.after} "
             f"--packages {args.packages} --rounds {args.rounds} --jobs {args.jobs}`", "",
             "| run | wall s | CPU s (tree) | peak MB (tree) | peak MB (one process) | known-type share | files |",
             "|---|---|---|---|---|---|---|"]
    for w in ("before", "after"):
        for i, x in enumerate(runs[w]):
            lines.append(f"| {w} {i + 1} | {x['wall_s']:.1f} | {x['cpu_s']:.1f} | {x['peak_tree_mb']:.0f} | "
                         f"{x['peak_process_mb']:.0f} | {100 * (x['known_share'] or 0):.2f}% | {x['files']} |")
    for w in ("before", "after"):
        for i, x in enumerate(runs[w]):
            if x["failed"]:
                lines.append(f"\nFiles that failed ({w} {i + 1}): " + "; ".join(x["failed"]))
    lines += ["", "Ratios after/before of the medians: "
              + ", ".join(f"{k} {med['after'][k] / med['before'][k]:.2f}x" for k in med["after"]), ""]
    Path(args.out).write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
