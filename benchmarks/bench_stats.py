"""Time and peak memory of `juliatag stats` on corpora and shards folders of growing size.

    python benchmarks/bench_stats.py /tmp/stats-corpus /tmp/stats-big /tmp/stats-all \
        --one-file /tmp/stats-all --replicate /tmp/stats-all:8 --repeat 2 > benchmarks/results/stats.md

Each folder is measured twice, each time in a fresh process (best wall time of `--repeat` runs,
peak RSS from `wait4`):
  * `cli`: the whole command, `juliatag stats DIR --json` (includes importing every CLI module);
  * `library`: `collect_stats(DIR)` in a process that has already imported polars, pyarrow and
    numpy; its `imports RSS` column is that process's peak before the call, so `library RSS -
    imports RSS` is what the data cost.
`--one-file DIR` first builds DIR-onefile: the same corpus with all rows in one Arrow file (a
corpus file can hold up to 256 MB; memory must not grow with a file's size either).
`--replicate DIR:N` first builds DIR-xN: a corpus whose `lexemes/` lists DIR's Arrow files N times
(symlinks, no copy) and whose manifest repeats the per-file records N times, to see how time and
memory scale past the corpora at hand.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIBRARY_SNIPPET = r"""
import json, resource, sys, time
import numpy, polars, pyarrow  # noqa: F401
from juliatag.stats import collect_stats
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
s = collect_stats(sys.argv[1])
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "imports_kb": before, "totals": s["totals"], "kind": s["kind"]}))
"""


def measure(cmd: list[str]) -> tuple[float, int, str]:
    """(wall seconds, this child's own peak RSS in KB from wait4, stdout) of one run of `cmd`."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {err.read().decode(errors='replace').strip()[-500:]}")
        return wall, usage.ru_maxrss, out.read().decode()


def replicate(src: Path, n: int) -> Path:
    """DIR-xN: DIR's lexeme files listed N times (symlinks) and its file records repeated N times."""
    dst = src.with_name(f"{src.name}-x{n}")
    lex = dst / "lexemes"
    if (dst / "manifest.json").is_file():
        return dst
    lex.mkdir(parents=True, exist_ok=True)
    state = json.loads((src / "lexemes" / "state.json").read_text())
    names = []
    for copy in range(n):
        for entry in state["_data_files"]:
            name = f"r{copy:03d}-{entry['filename']}"
            link = lex / name
            if not link.exists():
                link.symlink_to((src / "lexemes" / entry["filename"]).resolve())
            names.append({"filename": name})
    (lex / "state.json").write_text(json.dumps({**state, "_data_files": names}, indent=2))
    for extra in ("dataset_info.json",):
        if (src / "lexemes" / extra).is_file():
            (lex / extra).write_text((src / "lexemes" / extra).read_text())
    manifest = json.loads((src / "manifest.json").read_text())
    files = manifest.pop("files", [])
    counts = manifest.get("counts", {})
    for key, value in list(counts.items()):
        if isinstance(value, int):
            counts[key] = value * n
        elif isinstance(value, dict):
            counts[key] = {k: v * n for k, v in value.items()}
    body = json.dumps(manifest, indent=2, sort_keys=True)
    with open(dst / "manifest.json", "w", encoding="utf-8") as fh:
        fh.write(body[:-1].rstrip() + ',\n  "files": [')
        first = True
        for _ in range(n):
            for rec in files:
                fh.write(("\n    " if first else ",\n    ") + json.dumps(rec, sort_keys=True, ensure_ascii=False))
                first = False
        fh.write("\n  ]\n}\n")
    return dst


def one_file(src: Path) -> Path:
    """DIR-onefile: DIR's lexeme rows rewritten into a single Arrow stream file."""
    import pyarrow as pa

    dst = src.with_name(f"{src.name}-onefile")
    if (dst / "manifest.json").is_file():
        return dst
    (dst / "lexemes").mkdir(parents=True, exist_ok=True)
    state = json.loads((src / "lexemes" / "state.json").read_text())
    files = [src / "lexemes" / e["filename"] for e in state["_data_files"]]
    with pa.OSFile(str(files[0])) as f:
        schema = pa.ipc.open_stream(f).schema
    name = "data-00000-of-00001.arrow"
    with pa.OSFile(str(dst / "lexemes" / name), "wb") as sink, pa.ipc.new_stream(sink, schema) as writer:
        for path in files:
            with pa.OSFile(str(path)) as f:
                for batch in pa.ipc.open_stream(f):
                    writer.write_batch(batch)
    (dst / "lexemes" / "state.json").write_text(json.dumps({**state, "_data_files": [{"filename": name}]}, indent=2))
    (dst / "manifest.json").write_text((src / "manifest.json").read_text())
    return dst


def describe(folder: Path) -> str:
    m = json.loads((folder / "manifest.json").read_text()) if (folder / "manifest.json").stat().st_size < 1 << 26 else {}
    c = m.get("counts", {})
    if m.get("kind") == "lexeme-corpus":
        return f"corpus: {c.get('files_labeled', 0):,} files, {c.get('bytes', 0) / 1e6:.1f} MB, {c.get('lexemes', 0) / 1e6:.2f} M lexemes"
    if m.get("format") == "juliatag-shards":
        tokens = sum(v.get("tokens", 0) for v in c.values() if isinstance(v, dict))
        return f"shards: {tokens / 1e6:.2f} M tokens, seq_len {m.get('seq_len')}"
    return "?"


def arrow_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.arrow"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--replicate", action="append", default=[], help="DIR:N (see above)")
    ap.add_argument("--one-file", action="append", default=[], type=Path, help="DIR (see above)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    folders = list(args.folders)
    folders += [one_file(d) for d in args.one_file]
    for spec in args.replicate:
        d, n = spec.rsplit(":", 1)
        folders.append(replicate(Path(d), int(n)))
    juliatag = [sys.executable, "-m", "juliatag.cli.__main__"]
    print("| folder | contents | Arrow MB | cli s | cli peak RSS MB | library s | library peak RSS MB | imports RSS MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for folder in folders:
        cli = [measure([*juliatag, "stats", str(folder), "--json"]) for _ in range(args.repeat)]
        lib = [measure([sys.executable, "-c", LIBRARY_SNIPPET, str(folder)]) for _ in range(args.repeat)]
        lib_info = [json.loads(out) for _, _, out in lib]
        print(f"| `{folder}` | {describe(folder)} | {arrow_bytes(folder) / 1e6:.1f} "
              f"| {min(w for w, _, _ in cli):.2f} | {max(r for _, r, _ in cli) / 1024:.0f} "
              f"| {min(i['seconds'] for i in lib_info):.2f} | {max(r for _, r, _ in lib) / 1024:.0f} "
              f"| {max(i['imports_kb'] for i in lib_info) / 1024:.0f} |", flush=True)


if __name__ == "__main__":
    main()
