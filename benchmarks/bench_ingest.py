"""Ingest benchmark on real packages (issues: ingest and static inference).

Measures, in one run:
- a bare single-core tree-sitter-julia parse of the same files (the speed reference) and the bytes
  tree-sitter leaves in ERROR/MISSING regions;
- `juliatag ingest --jobs 2` wall time, its ratio to the tree-sitter parse, and the peak memory of
  the whole process tree (sampled from /proc) for a ~5 MB and a 30+ MB corpus;
- that every labeled file's lexemes tile it exactly, the share of bytes in syntax-error regions,
  and the share of value-bearing lexemes (identifiers naming values, literals, call names) with a
  known type.

Usage: python benchmarks/bench_ingest.py [--packages DIR] [--out benchmarks/results/ingest.md]
The packages folder holds real registered packages fetched outside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SMALL = ["DataFrames.jl", "JuMP.jl"]  # about 5 MB


def jl_files(roots: list[Path]) -> list[Path]:
    out = []
    for r in roots:
        out.extend(sorted(p for p in r.rglob("*.jl") if p.is_file() and not p.is_symlink()))
    return out


def treesitter_parse(files: list[Path]) -> dict:
    import tree_sitter
    import tree_sitter_julia

    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_julia.language()))
    datas = [f.read_bytes() for f in files]
    t0 = time.perf_counter()
    trees = [parser.parse(d) for d in datas]
    seconds = time.perf_counter() - t0
    err_bytes = 0
    err_files = 0
    for tree in trees:
        if not tree.root_node.has_error:
            continue
        err_files += 1
        covered = []
        stack = [tree.root_node]
        while stack:
            n = stack.pop()
            if n.type == "ERROR" or n.is_missing:
                covered.append((n.start_byte, max(n.end_byte, n.start_byte + 1)))
                continue
            if n.has_error:
                stack.extend(n.children)
        covered.sort()
        last = -1
        for a, b in covered:
            a = max(a, last)
            if b > a:
                err_bytes += b - a
                last = b
    return {"seconds": seconds, "bytes": sum(map(len, datas)), "files": len(datas), "error_bytes": err_bytes,
            "error_files": err_files}


def process_tree(pid: int) -> dict[int, tuple[int, str]]:
    """`pid` and all its descendants, each with its resident memory (kB) and command line."""
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/status") as fh:
                rss = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")[:120]
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        info[int(entry)] = (rss, cmd)
    tree, stack = {}, [pid]
    while stack:
        p = stack.pop()
        if p in info:
            tree[p] = info[p]
        stack.extend(children.get(p, []))
    return tree


def run_sampled(cmd: list[str], env: dict | None = None) -> dict:
    """Run `cmd`, sampling the resident memory of its process tree from /proc every 0.2 s: its
    return code, output, wall seconds, and the peak memory (kB) of the whole tree and of the largest
    single process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak_tree, peak_one = [0], [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            sizes = [rss for rss, _ in process_tree(proc.pid).values()]
            peak_tree[0] = max(peak_tree[0], sum(sizes))
            peak_one[0] = max([peak_one[0], *sizes])
            done.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, stderr = proc.communicate()
    done.set()
    th.join()
    return {"returncode": proc.returncode, "stdout": stdout, "stderr": stderr,
            "seconds": time.perf_counter() - t0, "peak_tree_kb": peak_tree[0], "peak_process_kb": peak_one[0]}


def run_ingest(sources: list[Path], out: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "juliatag.cli.__main__", "ingest", *map(str, sources), "--out", str(out),
           "--jobs", str(jobs), "--json"]
    run = run_sampled(cmd)
    if run["returncode"] != 0:
        raise SystemExit(f"ingest failed: {run['stderr'].strip()}")
    summary = json.loads(run["stdout"])
    summary.update(wall_seconds=run["seconds"], peak_rss_mb=run["peak_tree_kb"] / 1024)
    return summary


def check_tiling(corpus: Path) -> tuple[int, int]:
    import datasets

    ds = datasets.load_from_disk(str(corpus / "lexemes"))
    bad = 0
    for row in ds.select_columns(["text", "lex_start", "lex_end"]):
        n = len(row["text"].encode("utf-8"))
        st, en = row["lex_start"], row["lex_end"]
        if not st or st[0] != 0 or en[-1] != n or any(a != b for a, b in zip(en, st[1:])):
            bad += 1
    return ds.num_rows, bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--packages", default="/work/data/packages")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "ingest.md"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    root = Path(args.packages)
    all_pkgs = sorted(p for p in root.iterdir() if p.is_dir())
    small = [root / p for p in SMALL]
    sets = {"small": small, "large": all_pkgs}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, pkgs in sets.items():
            files = jl_files(pkgs)
            ts = treesitter_parse(files)
            ing = run_ingest(pkgs, Path(tmp) / f"corpus-{name}", args.jobs)
            rows, bad = check_tiling(Path(tmp) / f"corpus-{name}")
            results[name] = {"packages": [p.name for p in pkgs], "treesitter": ts, "ingest": ing,
                             "rows": rows, "tiling_failures": bad}
            print(name, json.dumps(results[name], indent=1), flush=True)
    write_report(results, args)


def write_report(results: dict, args) -> None:
    lines = ["# Ingest benchmark", "", f"Command: `python benchmarks/bench_ingest.py --jobs {args.jobs}` "
             f"(packages in `{args.packages}`, fetched outside the repository). Machine: 2 cores.", ""]
    lines.append("| corpus | files | MB | tree-sitter 1 core (s) | ingest --jobs 2 (s) | ratio | peak RSS (MB) "
                 "| syntax-error bytes | tree-sitter error bytes | known-type share | tiling failures |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        ts, ing = r["treesitter"], r["ingest"]
        mb = ts["bytes"] / 1e6
        ratio = ing["wall_seconds"] / ts["seconds"]
        err = ing["syntax_error_bytes"] / max(1, ing["bytes"])
        ts_err = ts["error_bytes"] / max(1, ts["bytes"])
        lines.append(f"| {name} ({len(r['packages'])} packages) | {ing['files_labeled']} | {mb:.1f} | "
                     f"{ts['seconds']:.1f} | {ing['wall_seconds']:.1f} | {ratio:.1f}x | {ing['peak_rss_mb']:.0f} | "
                     f"{err:.4%} | {ts_err:.2%} ({ts['error_files']} files) | {ing['known_type_share']:.1%} | "
                     f"{r['tiling_failures']} of {r['rows']} |")
    small, large = results["small"], results["large"]
    lines += ["", f"Peak memory, large / small corpus: "
              f"{large['ingest']['peak_rss_mb'] / small['ingest']['peak_rss_mb']:.2f}x "
              f"({large['treesitter']['bytes'] / 1e6:.1f} MB vs {small['treesitter']['bytes'] / 1e6:.1f} MB).", ""]
    lines += ["Raw figures:", "", "```json", json.dumps(results, indent=1, sort_keys=True), "```", ""]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
