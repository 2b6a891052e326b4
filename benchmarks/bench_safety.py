"""Replays the input-side attacks of issue 14 and reports, per attack, the wall time, the peak RSS
of the process that ran it, and the outcome (what was recorded, or the one-line error).

Each attack runs in a fresh Python (its own process group, killed at --limit seconds: a hang shows
as "HANG"); it reports its own peak RSS (getrusage) when done. Attacks: quadratic package-summary
a FIFO and a symlink swapped in after planning (4, 7), a rewritten file (7), a Project.toml link
leaving the root (8), tampered corpus data-file names (9), a name that is not UTF-8 (10), Parquet
content that is not text (11), a folder tree 1,200 deep (12), and 5 MB files near --max-file-bytes
labelled by one worker (5).

Usage: python benchmarks/bench_safety.py [--out benchmarks/results/safety.md] [--limit 600] [--quick]
Run it with PYTHONPATH pointing at the juliatag sources to measure.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

COMMON = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    from juliatag.ingest import IngestOptions, ingest
    W = Path(sys.argv[1])

    def package(name="Pkg"):
        pkg = W / f"{name}.jl"
        (pkg / "src").mkdir(parents=True, exist_ok=True)
        (pkg / "Project.toml").write_text(f'name = "{name}"\\n')
        (pkg / "src" / "a.jl").write_text("a_value = 1.5\\nf(x::Int) = x + 1\\n")
        (pkg / "src" / "b.jl").write_text("b_value = 2\\n")
        return pkg

    def run(sources, swap=None, **kw):
        def progress(e):
            if e.get("event") == "start" and swap:
                swap()
        out = W / "out"
        ingest([str(s) for s in sources], out, IngestOptions(jobs=1, **kw), progress)
        files = json.loads((out / "manifest.json").read_text())["files"]
        return {Path(f["path"]).name: f for f in files}

    def show(rec):
        return rec["status"] + (":" + rec["reason"] if rec.get("reason") else "")

    def done(outcome):
        import resource
        print("OUTCOME " + outcome)
        print("PEAK %d" % round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
""")

SUMMARY_ATTACK = """
from juliatag.infer.package import summarize_package
import time
text = {text}
t = time.perf_counter()
summarize_package("P", [text])
done(f"summary of {{len(text):,}} chars in {{time.perf_counter() - t:.2f}} s")
"""


def summary_attack(text_expr: str) -> str:
    return SUMMARY_ATTACK.format(text=text_expr)


MEMORY_ATTACK = """
import resource
from juliatag.ingest.plan import FileRef
from juliatag.ingest.worker import label_one
from juliatag.infer.package import summarize_package
data = {data}
rec, row = label_one(FileRef("big.jl", "P", "0" * 64, len(data)), data,
                     summarize_package("P", [data.decode()]), IngestOptions(file_timeout={timeout}))
done(f"{{len(data) / 1e6:.1f}} MB: {{show(rec)}}" + (f" ({{rec.get('note') or rec.get('detail')}})"
     if rec.get("note") or rec.get("detail") else ""))
"""

ATTACKS = {
    "3 summary: '@a\\n' x 100,000": summary_attack("'@a\\n' * 100_000"),
    "3 summary: struct field with 100,000 blanks": summary_attack("'struct A\\nx::a' + ' ' * 100_000 + 'b\\nend\\n'"),
    "3 summary: const type with 1,000,000 blanks": summary_attack("'const x::a' + ' ' * 1_000_000 + 'b'"),
    "3 summary: 'struct A\\n' x 500,000 (5 MB)": summary_attack("'struct A\\n' * 500_000"),
    "3 ingest: package with a 300 KB '@a' file": """
pkg = package()
(pkg / "src" / "macros.jl").write_text("@a\\n" * 100_000)
recs = run([pkg])
done("macros.jl " + show(recs["macros.jl"]))
""",
    "4 FIFO swapped in after planning": """
pkg = package()
t = pkg / "src" / "a.jl"
recs = run([pkg], lambda: (t.unlink(), os.mkfifo(t)))
done("a.jl " + show(recs["a.jl"]) + ", b.jl " + show(recs["b.jl"]))
""",
    "7 symlink to an outside file swapped in": """
pkg = package()
(W / "secret.jl").write_text("secret = 424242\\n")
t = pkg / "src" / "a.jl"
recs = run([pkg], lambda: (t.unlink(), os.symlink(W / "secret.jl", t)))
import datasets
leak = any("424242" in x for x in datasets.load_from_disk(str(W / "out" / "lexemes"))["text"])
done("a.jl " + show(recs["a.jl"]) + f", outside content in corpus: {leak}")
""",
    "7 file rewritten after planning": """
pkg = package()
t = pkg / "src" / "a.jl"
recs = run([pkg], lambda: t.write_text("x" * len(t.read_bytes())))
done("a.jl " + show(recs["a.jl"]))
""",
    "8 Project.toml link leaving the root": """
(W / "elsewhere").mkdir()
(W / "elsewhere" / "Project.toml").write_text('name = "Stolen"\\n')
root = W / "src"
pkg = root / "Mine.jl"
(pkg / "src").mkdir(parents=True)
(pkg / "src" / "m.jl").write_text("m = 1\\n")
os.symlink(W / "elsewhere" / "Project.toml", pkg / "Project.toml")
recs = run([root])
done("m.jl package " + recs["m.jl"]["package"])
""",
    "9 corpus state.json lists /etc/passwd": """
pkg = package()
run([pkg])
st = W / "out" / "lexemes" / "state.json"
s = json.loads(st.read_text())
s["_data_files"][0]["filename"] = "/etc/passwd"
st.write_text(json.dumps(s))
from juliatag.corpus.reader import iter_lexeme_batches, open_lexemes
from juliatag.errors import JuliatagError
msgs = []
for f in (open_lexemes, lambda d: list(iter_lexeme_batches(d, ["path"]))):
    try:
        f(W / "out")
        msgs.append("READ")
    except JuliatagError as e:
        msgs.append("refused")
done("build-vocab/shard readers: " + ", ".join(msgs))
""",
    "10 file name not UTF-8": """
pkg = package()
with open(os.path.join(os.fsencode(pkg / "src"), b"bad\\xff.jl"), "w") as fh:
    fh.write("x = 1\\n")
recs = run([pkg])
done("bad\\\\xff.jl " + show(recs["bad\\\\xff.jl"]) + ", a.jl " + show(recs["a.jl"]))
""",
    "11 Parquet content int64 [-1, 10**9]": """
import pyarrow as pa, pyarrow.parquet as pq
pq.write_table(pa.table({"content": pa.array([-1, 10**9]), "path": ["a.jl", "b.jl"]}), W / "t.parquet")
recs = run([W / "t.parquet"])
done(", ".join(f"{k} {show(v)}" for k, v in sorted(recs.items())))
""",
    "12 folder tree 1,200 deep": """
pkg = package()
os.chdir(pkg / "src")
for _ in range(1200):
    os.mkdir("d"); os.chdir("d")
open("deep.jl", "w").write("deep = 1\\n")
os.chdir(W)
recs = run([pkg])
done("deep.jl " + show(recs["deep.jl"]))
""",
}
MEMORY = {
    "5 one worker: 5 MB of 'x=1' lines": 'b"x=1\\n" * 1_250_000',
    "5 one worker: 5 MB of dense expressions": 'b"y = f(a, b[1] + c.d * 2, g(h(3)))::Int\\n" * 125_000',
    "5 one worker: 1 MB of 'x=1' lines (parsed whole)": 'b"x=1\\n" * 250_000',
}


def run_attack(code: str, limit: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "w"
        work.mkdir()
        script = Path(tmp) / "attack.py"
        script.write_text(COMMON + textwrap.dedent(code))
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(script), str(work)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=limit)
            hung = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            hung = True
        wall = time.perf_counter() - t
        _remove_deep(work)
    peaks = [int(line[5:]) for line in out.splitlines() if line.startswith("PEAK ")]
    peak = peaks[-1] if peaks else None
    lines = [line[8:] for line in out.splitlines() if line.startswith("OUTCOME ")]
    if hung:
        outcome = f"HANG (killed after {limit:g} s)"
    elif lines:
        outcome = lines[-1]
    else:
        tail = [line for line in err.splitlines() if line.strip()]
        outcome = f"ERROR rc={proc.returncode}: {tail[-1][:200] if tail else ''}"
    return {"wall_s": round(wall, 1), "peak_rss_mb": peak, "outcome": outcome}


def _remove_deep(work: Path) -> None:
    """The 1,200-deep tree: TemporaryDirectory's rmtree recurses, so remove it with a loop first."""
    src = work / "Pkg.jl" / "src"
    if not (src / "d").is_dir():
        return
    cwd = os.getcwd()
    os.chdir(src)
    depth = 0
    while os.path.isdir("d"):
        os.chdir("d")
        depth += 1
    for name in os.listdir("."):
        os.remove(name)
    for _ in range(depth):
        os.chdir("..")
        os.rmdir("d")
    os.chdir(cwd)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="benchmarks/results/safety.md")
    ap.add_argument("--limit", type=float, default=600.0, help="seconds before an attack counts as a hang")
    ap.add_argument("--quick", action="store_true", help="skip the 5 MB memory attacks")
    args = ap.parse_args()
    attacks = dict(ATTACKS)
    for name, data in MEMORY.items():
        if args.quick and "5 MB" in name:
            continue
        attacks[name] = MEMORY_ATTACK.format(data=data, timeout=args.limit)
    rows = []
    for name, code in attacks.items():
        r = run_attack(code, args.limit)
        rows.append((name, r))
        print(f"{name:52s} {r['wall_s']:7.1f} s {r['peak_rss_mb'] or 0:6d} MB  {r['outcome']}", flush=True)
    import juliatag

    lines = ["# Safety benchmark: input-side attacks (issue 14)", "",
             f"`python benchmarks/bench_safety.py{' --quick' if args.quick else ''}` "
             f"(juliatag from `{Path(juliatag.__file__).parent}`, limit {args.limit:g} s per attack, "
             f"{os.cpu_count()} CPUs shared with other work). Peak RSS is the attack's own process, "
             "reported by itself at the end (the ingest runs in it, --jobs 1; fatou's separate process not included).", "",
             "| attack (issue item) | wall s | peak RSS MB | outcome |", "|---|---:|---:|---|"]
    for name, r in rows:
        lines.append(f"| {name} | {r['wall_s']} | {r['peak_rss_mb']} | {r['outcome'].replace('|', '/')} |")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
