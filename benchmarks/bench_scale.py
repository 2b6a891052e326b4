"""Scale and robustness benchmark (issue: distributed ingest, hostile inputs, crash-safe reruns).

1. Ingest throughput on the real packages (30+ MB) with the local executor and with Dask
   (a local cluster of 2 worker processes on loopback), and the peak resident memory of each
   worker process, sampled from /proc.
2. A hostile-input run: non-UTF-8, binary, empty, a single 5 MB line, 20,000 nested parentheses,
   3,000 nested blocks, an unterminated string, garbage, BOM + CRLF, symlinks out of the root and in
   a loop, a folder named X.jl, a file over the size limit; its summary.
3. Kill-and-rerun on real packages: ingest is SIGKILLed after some tasks completed, the same
   command is run again, and every output file is compared with an uninterrupted run.

Usage: python benchmarks/bench_scale.py [--packages DIR] [--out benchmarks/results/scale.md]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_ingest import process_tree  # noqa: E402


def per_process_peaks(pid: int, stop: threading.Event, out: dict) -> None:
    """Sample the RSS of every descendant of `pid`; keep each process's peak (kB) by its command."""
    while not stop.is_set():
        for p, (rss, cmd) in process_tree(pid).items():
            out[(p, cmd)] = max(out.get((p, cmd), 0), rss)
        stop.wait(0.25)


def run_ingest(args: list[str]) -> dict:
    cmd = [sys.executable, "-m", "juliatag.cli.__main__", "ingest", *args, "--json"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop, peaks = threading.Event(), {}
    th = threading.Thread(target=per_process_peaks, args=(proc.pid, stop, peaks), daemon=True)
    th.start()
    out, err = proc.communicate()
    stop.set()
    th.join()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed: {err.strip()[-500:]}")
    summary = json.loads(out)
    summary["wall_seconds"] = time.perf_counter() - t0
    summary["main_peak_mb"] = max((v for (p, _), v in peaks.items() if p == proc.pid), default=0) / 1024
    workers = [v for (p, cmd), v in peaks.items() if p != proc.pid and "python" in cmd and "fatou" not in cmd]
    summary["worker_peak_mb"] = max(workers, default=0) / 1024
    summary["workers_seen"] = len(workers)
    return summary


def hostile_tree(root: Path) -> Path:
    pkg = root / "hostile" / "Hostile.jl"
    s = pkg / "src"
    s.mkdir(parents=True)
    (pkg / "Project.toml").write_text('name = "Hostile"\n')
    (s / "ok.jl").write_text("f(x::Int) = x + 1\n")
    (s / "latin1.jl").write_bytes(b"s = \"\xe9t\xe9\"\n")
    (s / "binary.jl").write_bytes(b"\x7fELF\x00\x00\x01\x00" * 64)
    (s / "empty.jl").write_bytes(b"")
    (s / "one_5mb_line.jl").write_text("x = [" + "1, " * 1_700_000 + "1]")
    (s / "parens_20000.jl").write_text("y = " + "(" * 20000 + "1" + ")" * 20000 + "\n")
    (s / "blocks_3000.jl").write_text("function g(x)\n" + "if x > 0\n" * 3000 + "x\n" + "end\n" * 3000 + "end\n")
    (s / "unterminated.jl").write_text('s = "never closed\nfunction h(\n')
    rng = random.Random(7)
    (s / "garbage.jl").write_bytes(bytes(rng.randrange(1, 256) for _ in range(20000)))
    (s / "bom_crlf.jl").write_bytes(b"\xef\xbb\xbfz = 1.0\r\nw = z + 1\r\n")
    outside = root / "outside.jl"
    outside.write_text("secret = 1\n")
    os.symlink(outside, s / "link_outside.jl")
    os.symlink(s / "loop.jl", s / "loop.jl")
    (s / "Folder.jl").mkdir()
    (s / "over_limit.jl").write_text("z = 1\n" * 1_200_000)
    return root / "hostile"


def digest_tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def kill_and_rerun(packages: list[Path], tmp: Path) -> dict:
    clean, killed = tmp / "clean", tmp / "killed"
    base = [*map(str, packages), "--jobs", "2"]
    run_ingest([*base, "--out", str(clean)])
    proc = subprocess.Popen([sys.executable, "-m", "juliatag.cli.__main__", "ingest", *base, "--out", str(killed)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    staging = tmp / "killed.partial" / ".tasks"
    t0 = time.time()
    done = 0
    while time.time() - t0 < 600:
        done = len(list(staging.glob("*.done"))) if staging.exists() else 0
        if done >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    rerun = run_ingest([*base, "--out", str(killed)])
    a, b = digest_tree(clean), digest_tree(killed)
    return {"tasks_done_when_killed": done, "tasks_resumed": rerun.get("tasks_resumed"), "files_compared": len(a),
            "identical": a == b, "differing": sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))[:10]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--packages", default="/work/data/packages")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "scale.md"))
    args = ap.parse_args()
    pkgs = sorted(p for p in Path(args.packages).iterdir() if p.is_dir())
    mb = sum(f.stat().st_size for p in pkgs for f in p.rglob("*.jl") if f.is_file()) / 1e6
    res: dict = {"corpus_mb": mb}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        res["local"] = run_ingest([*map(str, pkgs), "--jobs", "2", "--out", str(tmp / "local")])
        res["dask"] = run_ingest([*map(str, pkgs), "--jobs", "2", "--executor", "dask", "--out", str(tmp / "dask")])
        res["dask_identical_to_local"] = digest_tree(tmp / "local") == digest_tree(tmp / "dask")
        hostile = hostile_tree(tmp)
        res["hostile"] = run_ingest([str(hostile), "--jobs", "2", "--max-file-bytes", "6000000",
                                     "--out", str(tmp / "hostile-out")])
        manifest = json.loads((tmp / "hostile-out" / "manifest.json").read_text())
        res["hostile_files"] = {f["path"].rsplit("/", 1)[-1]: {k: f[k] for k in ("status", "reason", "note")
                                                               if k in f} for f in manifest["files"]}
        small = [Path(args.packages) / n for n in ("DataFrames.jl", "JuMP.jl", "Flux.jl", "HTTP.jl")]
        res["kill_rerun"] = kill_and_rerun(small, tmp)
    write_report(res, args)


def write_report(res: dict, args) -> None:
    lines = ["# Scale and robustness benchmark", "",
             f"Command: `python benchmarks/bench_scale.py` (packages in `{args.packages}`; 2 cores).", "",
             "| executor | MB | wall s | MB/s | main peak RSS (MB) | largest worker peak RSS (MB) |",
             "|---|---|---|---|---|---|"]
    for name in ("local", "dask"):
        r = res[name]
        lines.append(f"| {name} (2 workers) | {res['corpus_mb']:.1f} | {r['wall_seconds']:.1f} | "
                     f"{res['corpus_mb'] / r['wall_seconds']:.2f} | {r['main_peak_mb']:.0f} | "
                     f"{r['worker_peak_mb']:.0f} |")
    lines += ["", f"Dask output byte-identical to local: **{res['dask_identical_to_local']}**.", "",
              "Hostile-input run (`--max-file-bytes 6000000`):", "", "| file | status | reason / note |",
              "|---|---|---|"]
    for name, f in sorted(res["hostile_files"].items()):
        lines.append(f"| `{name}` | {f['status']} | {f.get('reason') or f.get('note') or ''} |")
    h = res["hostile"]
    lines += ["", f"Summary: {h['files_seen']} files seen, {h['files_labeled']} labeled, skipped "
              f"{h['files_skipped']}, {h['wall_seconds']:.1f} s.", ""]
    k = res["kill_rerun"]
    lines += [f"Kill-and-rerun on DataFrames, JuMP, Flux, HTTP: SIGKILL after {k['tasks_done_when_killed']} "
              f"completed tasks; the rerun reused {k['tasks_resumed']} tasks; {k['files_compared']} output files "
              f"compared with an uninterrupted run: identical = **{k['identical']}**.", "",
              "```json", json.dumps(res, indent=1, sort_keys=True, default=str), "```", ""]
    Path(args.out).write_text("\n".join(lines))
    print("\n".join(lines[:20]))


if __name__ == "__main__":
    main()
