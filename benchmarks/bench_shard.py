"""Benchmark `juliatag shard`: encode + align + write throughput vs a bare `Tokenizer.encode_batch`.

    python benchmarks/bench_shard.py [--packages /work/data/packages] [--mb 30] [--corpus DIR]
                                     [--tokenizer DIR] [--work /tmp/juliatag-bench] [--jobs N]
                                     [--report benchmarks/results/shard.md]

Without `--corpus`, it takes the first `--mb` MB of `.jl` files (sorted paths) under `--packages`
and builds a lexeme corpus from them in `--work` (the juliatag lexer; every label n/a). It also
writes the corpus twice over into one (packages of the copy renamed), to show that memory does not
grow with the corpus. Without `--tokenizer`, it trains a quick 8k byte-level BPE on the same texts.
Then, in one run, it times
(a) a bare `Tokenizer.encode_batch` over the corpus texts (already in memory) and (b) the whole
`build_shards` pipeline (read corpus, encode, align, pack, write, hash), and writes a Markdown
report. Nothing is written into the repository except the report.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sys
import threading
import time
from pathlib import Path

import numpy as np

# ---------------------------------------------------------------------------
# memory: peak RSS of this process and of the process tree (joblib workers included)
# ---------------------------------------------------------------------------


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


class PeakRSS:
    """Samples RSS every `interval` s: peak of this process, and peak of the sum over its process tree."""

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.main_kb = 0
        self.tree_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.main_kb = max(self.main_kb, _rss_kb(me))
            self.tree_kb = max(self.tree_kb, sum(_rss_kb(p) for p in _descendants(me)))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------


def select_files(packages: Path, mb: float) -> list[tuple[str, Path]]:
    """(package, file) for the first `mb` MB of .jl files, sorted by path."""
    budget = int(mb * 1e6)
    picked, total = [], 0
    for pkg in sorted(p for p in packages.iterdir() if p.is_dir()):
        for f in sorted(p for p in pkg.rglob("*.jl") if p.is_file()):
            if total >= budget:
                return picked
            picked.append((pkg.name.removesuffix(".jl"), f))
            total += f.stat().st_size
    return picked


def read_texts(files: list[tuple[str, Path]], root: Path):
    for package, f in files:
        try:
            text = f.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        yield package, f.relative_to(root).as_posix(), text


def _lex_row(item):
    from juliatag import schema
    from juliatag.lexer import lex

    package, path, text = item
    lx = lex(text)
    n = len(lx)
    return {
        "path": path, "package": package, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "text": text,
        "lex_start": np.asarray(lx.starts, dtype=np.int32), "lex_end": np.asarray(lx.ends, dtype=np.int32),
        "lex_kind": np.asarray(lx.kinds, dtype=np.uint8), "lex_type": [None] * n,
        "lex_type_id": np.full(n, schema.TYPE_ID_NA, dtype=np.int16),
        "lex_concreteness": np.full(n, schema.C_NA, dtype=np.int8),
        "lex_depth": np.full(n, schema.DEPTH_NA, dtype=np.int8),
        "lex_stability": np.full(n, schema.S_NA, dtype=np.int8),
        "lex_flags": np.zeros(n, dtype=np.uint16), "functions": [],
    }


def _corpus_rows(files, root, jobs):
    from joblib import Parallel, delayed

    items = list(read_texts(files, root))
    yield from Parallel(n_jobs=jobs, return_as="generator", batch_size=8)(delayed(_lex_row)(it) for it in items)


def build_corpus(out: Path, files, root: Path, jobs: int) -> Path:
    """A lexeme corpus (labels n/a) written with `datasets`, cached by the file list."""
    import datasets

    from juliatag import schema

    key = hashlib.sha256("\n".join(str(f) for _, f in files).encode()).hexdigest()[:12]
    stamp = out / "files.sha"
    if stamp.is_file() and stamp.read_text() == key:
        return out
    shutil.rmtree(out, ignore_errors=True)
    features = datasets.Features({
        "path": datasets.Value("string"), "package": datasets.Value("string"), "sha256": datasets.Value("string"),
        "text": datasets.Value("string"),
        "lex_start": datasets.List(datasets.Value("int32")), "lex_end": datasets.List(datasets.Value("int32")),
        "lex_kind": datasets.List(datasets.Value("uint8")), "lex_type": datasets.List(datasets.Value("string")),
        "lex_type_id": datasets.List(datasets.Value("int16")), "lex_concreteness": datasets.List(datasets.Value("int8")),
        "lex_depth": datasets.List(datasets.Value("int8")), "lex_stability": datasets.List(datasets.Value("int8")),
        "lex_flags": datasets.List(datasets.Value("uint16")),
        "functions": datasets.List({"name": datasets.Value("string"), "start": datasets.Value("int32"),
                                    "end": datasets.Value("int32"), "return_type": datasets.Value("string"),
                                    "stability": datasets.Value("int8")}),
    })
    datasets.disable_progress_bars()
    ds = datasets.Dataset.from_generator(
        _corpus_rows, gen_kwargs={"files": files, "root": root, "jobs": jobs}, features=features,
        cache_dir=str(out.parent / "hf-cache"),
    )
    ds.save_to_disk(str(out / "lexemes"))
    manifest = {"schema_version": schema.SCHEMA_VERSION, "schema": schema.schema_tables(),
                "note": "benchmark corpus: lexer only, every label n/a", "counts": {"files": ds.num_rows}}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    stamp.write_text(key)
    shutil.rmtree(out.parent / "hf-cache", ignore_errors=True)
    return out


def corpus_texts(corpus: Path) -> list[str]:
    from juliatag.corpus.reader import iter_lexeme_batches

    texts: list[str] = []
    for batch in iter_lexeme_batches(corpus, ["text"]):
        texts.extend(batch.column("text").to_pylist())
    return texts


def double_corpus(src: Path, out: Path) -> Path:
    """`src` written twice over, the second copy's packages renamed (`~copy`): the memory check's input."""
    import datasets

    key = hashlib.sha256((src / "manifest.json").read_bytes() + (src / "lexemes" / "state.json").read_bytes()).hexdigest()
    stamp = out / "source.sha"
    if stamp.is_file() and stamp.read_text() == key:
        return out
    shutil.rmtree(out, ignore_errors=True)
    datasets.disable_progress_bars()
    ds = datasets.load_from_disk(str(src / "lexemes"))
    copy = ds.map(lambda b: {"package": [p + "~copy" for p in b["package"]]}, batched=True, keep_in_memory=True)
    datasets.concatenate_datasets([ds, copy]).save_to_disk(str(out / "lexemes"))
    shutil.copy(src / "manifest.json", out / "manifest.json")
    stamp.write_text(key)
    return out


def train_tokenizer(out: Path, texts: list[str], vocab_size: int = 8000) -> Path:
    """A quick 8k byte-level BPE (GPT-2 pre-tokenizer), juliatag's special tokens first."""
    if (out / "tokenizer.json").is_file():
        return out
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    from juliatag.special_tokens import SPECIAL_TOKENS

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  special_tokens=list(SPECIAL_TOKENS))
    tok.train_from_iterator(texts, trainer, length=len(texts))
    out.mkdir(parents=True, exist_ok=True)
    tok.save(str(out / "tokenizer.json"))
    return out


# ---------------------------------------------------------------------------
# timed steps; each runs in a fresh child process (`--child`), so timings and peak RSS are its own
# ---------------------------------------------------------------------------


def child_bare(corpus: Path, tokenizer: Path, method: str) -> dict:
    from tokenizers import Tokenizer

    texts = corpus_texts(corpus)
    tok = Tokenizer.from_file(str(tokenizer / "tokenizer.json"))
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        encs = getattr(tok, method)(texts)
        dt = time.perf_counter() - t0
    return {"seconds": dt, "tokens": sum(len(e) for e in encs), "text_mb": sum(len(t.encode()) for t in texts) / 1e6,
            "main_rss_mb": rss.main_kb / 1024, "tree_rss_mb": rss.tree_kb / 1024}


def child_pipeline(corpus: Path, tokenizer: Path, out: Path, formats: str, jobs: int | None) -> dict:
    from juliatag.shards import ShardOptions, build_shards

    shutil.rmtree(out, ignore_errors=True)
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        result = build_shards(corpus, tokenizer, out, ShardOptions(seq_len=2048, formats=tuple(formats.split(",")),
                                                                  jobs=jobs))
        dt = time.perf_counter() - t0
    m = result.manifest
    return {"seconds": dt, "main_rss_mb": rss.main_kb / 1024, "tree_rss_mb": rss.tree_kb / 1024,
            "output_mb": sum(f["bytes"] for f in m["files"].values()) / 1e6, "counts": m["counts"]}


def run_child(*args: str) -> dict:
    import subprocess

    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"child {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


# ---------------------------------------------------------------------------


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        if kind == "bare":
            res = child_bare(Path(rest[0]), Path(rest[1]), rest[2])
        else:
            res = child_pipeline(Path(rest[0]), Path(rest[1]), Path(rest[2]), rest[3], int(rest[4]) or None)
        print(json.dumps(res))
        return

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--packages", type=Path, default=Path("/work/data/packages"))
    ap.add_argument("--mb", type=float, default=30.0, help="MB of .jl source to take")
    ap.add_argument("--corpus", type=Path, help="an existing lexeme corpus (skips building one)")
    ap.add_argument("--tokenizer", type=Path, help="an existing tokenizer folder (skips training one)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/juliatag-bench"))
    ap.add_argument("--jobs", type=int, default=0, help="--jobs for the pipeline (default: all cores)")
    ap.add_argument("--repeats", type=int, default=3, help="rounds; each round runs every step once, interleaved")
    ap.add_argument("--report", type=Path, default=Path(__file__).parent / "results" / "shard.md")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cores = len(os.sched_getaffinity(0))

    t = time.perf_counter()
    if args.corpus:
        corpus = args.corpus
    else:
        files = select_files(args.packages, args.mb)
        corpus = build_corpus(args.work / f"corpus-{args.mb:g}MB", files, args.packages, cores)
    double = double_corpus(corpus, args.work / "corpus-x2")
    texts = corpus_texts(corpus)
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    n_files = len(texts)
    tokenizer = args.tokenizer or train_tokenizer(args.work / f"tokenizer-8k-{corpus.name}", texts)
    del texts
    print(f"inputs ready in {time.perf_counter() - t:.1f} s: {n_files} files, {text_mb:.1f} MB", file=sys.stderr)

    steps = {
        "bare encode_batch": ("bare", str(corpus), str(tokenizer), "encode_batch"),
        "bare encode_batch_fast": ("bare", str(corpus), str(tokenizer), "encode_batch_fast"),
        "shard arrow,pt": ("pipeline", str(corpus), str(tokenizer), str(args.work / "shards"), "arrow,pt", str(args.jobs)),
        "shard arrow,pt,bin": ("pipeline", str(corpus), str(tokenizer), str(args.work / "shards"), "arrow,pt,bin",
                               str(args.jobs)),
    }
    results: dict[str, list[dict]] = {k: [] for k in steps}
    loads = []
    for r in range(args.repeats):
        for name, child_args in steps.items():
            loads.append(os.getloadavg()[0])
            results[name].append(run_child(*child_args))
            print(f"round {r + 1}: {name}: {results[name][-1]['seconds']:.2f} s (load {_load()})", file=sys.stderr)
    double_run = run_child("pipeline", str(double), str(tokenizer), str(args.work / "shards-x2"), "arrow,pt",
                           str(args.jobs))
    print(f"pipeline on the doubled corpus: {double_run['seconds']:.2f} s", file=sys.stderr)

    # report
    def best(name):
        return min(x["seconds"] for x in results[name])

    def median(name):
        return float(np.median([x["seconds"] for x in results[name]]))

    def peak(name, key):
        return max(x[key] for x in results[name])

    base_best, base_med = best("bare encode_batch"), median("bare encode_batch")
    counts = results["shard arrow,pt"][0]["counts"]
    tokens = sum(c["tokens"] - c["documents"] for c in counts.values())
    cmd = "python " + " ".join([Path(sys.argv[0]).as_posix()] + sys.argv[1:])
    source = (f"corpus `{args.corpus}`" if args.corpus else
              f"the first {args.mb:g} MB of `.jl` files under `{args.packages}` (sorted paths), lexed by "
              "`juliatag.lexer`, every label n/a")
    tok_desc = f"`{args.tokenizer}`" if args.tokenizer else "a quick 8k byte-level BPE (GPT-2 pre-tokenizer) trained on the same texts"
    lines = [
        "# `juliatag shard` throughput",
        "",
        f"Command (repository root, venv active): `{cmd}`",
        "",
        f"Machine: {platform.platform()}, {cores} cores ({platform.processor() or 'cpu'}), Python "
        f"{platform.python_version()}. Pipeline `--jobs {args.jobs or cores}`, `--seq-len 2048`. "
        f"{args.repeats} rounds, steps interleaved, each step in a fresh process; load average at step starts "
        f"{min(loads):.1f}..{max(loads):.1f} (the machine is shared, so best-of is the cleaner figure).",
        "",
        f"Input: {n_files} files, {text_mb:.1f} MB of Julia from {source}. Tokenizer: {tok_desc}. "
        f"{tokens:,} tokens (+ one `<|endoftext|>` per file).",
        "",
        "| step | best s | median s | MB/s (best) | tokens/s (best) | ratio to bare `encode_batch` best / median "
        "| peak RSS process / tree (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in steps:
        b, md = best(name), median(name)
        label = name.replace("bare ", "bare `Tokenizer.") + "` (texts in memory)" if name.startswith("bare") else (
            f"`build_shards` formats {name.split()[1]}, {results[name][0]['output_mb']:.0f} MB written")
        ratio = f"**{b / base_best:.2f}x** / {md / base_med:.2f}x" if name.startswith("shard") else (
            f"{b / base_best:.2f}x / {md / base_med:.2f}x")
        lines.append(f"| {label} | {b:.2f} | {md:.2f} | {text_mb / b:.2f} | {tokens / b / 1e6:.2f} M | {ratio} | "
                     f"{peak(name, 'main_rss_mb'):.0f} / {peak(name, 'tree_rss_mb'):.0f} |")
    fast_best, fast_med = best("bare encode_batch_fast"), median("bare encode_batch_fast")
    lines += ["", "Against bare `encode_batch_fast` (what the pipeline calls: it needs ids, not offsets): " + ", ".join(
        f"formats {name.split()[1]} {best(name) / fast_best:.2f}x best / {median(name) / fast_med:.2f}x median"
        for name in steps if name.startswith("shard")) + ".", ""]
    x2_mb = sum(c["text_bytes"] for c in double_run["counts"].values()) / 1e6
    lines += [
        "Memory does not grow with the corpus: the same corpus written twice over (second copy's packages "
        f"renamed; {x2_mb:.1f} MB, each file twice), formats arrow,pt, one run: peak RSS process / "
        f"tree {double_run['main_rss_mb']:.0f} / {double_run['tree_rss_mb']:.0f} MB, against "
        f"{peak('shard arrow,pt', 'main_rss_mb'):.0f} / {peak('shard arrow,pt', 'tree_rss_mb'):.0f} MB for the "
        f"{text_mb:.1f} MB corpus ({double_run['seconds']:.1f} s, {x2_mb / double_run['seconds']:.2f} MB/s).",
        "",
    ]
    lines += [
        "Counts (formats arrow,pt): " + "; ".join(
            f"{k}: {c['documents']} files, {c['tokens']:,} tokens, {c['rows']} rows" for k, c in counts.items()),
        "",
        "The `build_shards` time is the whole command minus argument parsing: imports it needs (torch for .pt), "
        "reading the corpus, encoding, label alignment, packing, writing every format, the sha256 of every "
        "output file, the dataset card and the manifest. The bare baseline encodes texts already in memory and "
        "keeps the Encoding objects. Peak RSS is sampled every 50 ms; `tree` sums the process and its joblib workers.",
        "",
    ]
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
