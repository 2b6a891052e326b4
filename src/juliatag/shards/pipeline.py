"""`build_shards`: corpus + tokenizer -> train/validation shards (the library side of `juliatag shard`).

Flow: read the corpus in record batches (one at a time, never the whole corpus) -> cut them
into tasks of about `TASK_BYTES` of text -> encode + label each task (`encode.encode_documents`,
in joblib workers when `jobs > 1`, results taken back in task order) -> route each document to
its split by package -> pack rows, cut shards, write every format into a staging folder
(`sink`) -> move into place, manifest last (`output`).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path

import numpy as np
import pyarrow as pa

from ..corpus.reader import MANIFEST as CORPUS_MANIFEST
from ..corpus.manifest import corpus_manifest as read_corpus_manifest
from ..corpus.manifest import verify_data_files
from ..corpus.reader import iter_lexeme_batches, lexeme_column_stats, lexeme_schema
from ..errors import JuliatagError
from ..files import sha256_file
from ..jobs import resolve_jobs
from ..outdir import exclusive
from ..progress import ProgressCallback, ProgressEvent
from . import output
from .align import ALIGNMENT_RULE
from .bin_writer import bin_meta, write_bin_meta
from .card import dataset_card
from .columns import CORPUS_COLUMNS, column_table
from .encode import EncodedBatch, EncodeSpec, encode_documents, text_bytes
from .manifest import file_table, header, label_tables
from .options import ShardOptions, default_jobs
from .pt_writer import require_torch
from .sink import SplitSink
from .split import SPLITS, SplitPlan, plan_split
from .tokenizer import TokenizerInfo, inspect_tokenizer

TASK_BYTES = 1 << 19  # text per task; encoding holds ~150 MB per MB of text of the task at hand
TASK_ROWS = 512  # documents per task at most
MAX_SKIPPED_LISTED = 1000

Progress = ProgressCallback  # ProgressEvent("encoding", corpus rows done, corpus rows in all)


def _tasks(corpus_dir: Path) -> Iterator[pa.RecordBatch]:
    """The corpus cut into tasks of about TASK_BYTES of text (never crossing a record batch)."""
    for batch in iter_lexeme_batches(corpus_dir, CORPUS_COLUMNS):
        sizes = text_bytes(batch.column("text"))
        start = 0
        while start < batch.num_rows:
            cum = np.cumsum(sizes[start:start + TASK_ROWS])
            stop = start + max(1, int(np.searchsorted(cum, TASK_BYTES, side="right")))
            yield batch.slice(start, stop - start)
            start = stop


def _serialise(batch: pa.RecordBatch) -> bytes:
    """The batch as an Arrow IPC stream (copies only the sliced rows, cheap to pickle)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


def _encoded(corpus_dir: Path, spec: EncodeSpec, jobs: int) -> Iterator[EncodedBatch]:
    """Encoded tasks, in corpus order whatever `jobs` is.

    A corpus of a single task is encoded in this process (starting workers would cost more).
    """
    tasks = _tasks(corpus_dir)
    head = list(islice(tasks, 2))
    inline = jobs == 1 or len(head) < 2
    tasks = chain(head, tasks)
    del head  # the chain alone holds the first tasks now, and lets them go once consumed
    if inline:
        for task in tasks:
            yield encode_documents(spec, task)
        return
    from joblib import Parallel, delayed

    spec = replace(spec, threads=max(1, default_jobs() // jobs))
    parallel = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch="2*n_jobs", batch_size=1)
    yield from parallel(delayed(encode_documents)(spec, _serialise(task)) for task in tasks)


def _route(result: EncodedBatch, plan: SplitPlan, sinks: dict[str, SplitSink]) -> None:
    """Hand each run of consecutive same-split documents to its split's sink."""
    splits = [plan.split_of(p) for p in result.packages]
    bounds = np.zeros(len(splits) + 1, dtype=np.int64)
    np.cumsum(result.doc_tokens, out=bounds[1:])
    i = 0
    while i < len(splits):
        j = i + 1
        while j < len(splits) and splits[j] == splits[i]:
            j += 1
        sinks[splits[i]].add(
            result.tokens[bounds[i]:bounds[j]], result.doc_tokens[i:j], result.doc_bytes[i:j], result.packages[i:j]
        )
        i = j


@dataclass
class RunLog:
    """What happened to the corpus rows: how many were read, which were skipped and why."""

    rows_done: int = 0
    offset_fallbacks: int = 0
    skip_reasons: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # the first MAX_SKIPPED_LISTED

    def record(self, result: EncodedBatch) -> None:
        self.rows_done += result.rows
        self.offset_fallbacks += result.offset_fallbacks
        for path, reason in result.skipped:
            self.skip_reasons[reason] += 1
            if len(self.skipped) < MAX_SKIPPED_LISTED:
                self.skipped.append((path, reason))

    def as_dict(self) -> dict:
        return {"documents": sum(self.skip_reasons.values()), "by_reason": dict(sorted(self.skip_reasons.items())),
                "files": [{"path": p, "reason": r} for p, r in self.skipped]}


@dataclass
class ShardResult:
    out_dir: Path
    manifest: dict
    seconds: float
    jobs_note: str | None = None  # why fewer workers than asked, if so (never in the manifest)


def _manifest(
    opts: ShardOptions, tok: TokenizerInfo, corpus_dir: Path, tokenizer_dir: Path, corpus_manifest: dict,
    corpus_rows: int, n_packages: int, plan: SplitPlan, counts: dict, log: RunLog,
) -> dict:
    """The manifest, less its `files` table (added once every file is written)."""
    return {
        **header(),
        "tokenizer": {"path": str(tokenizer_dir), "sha256": tok.sha256, "byte_level": tok.byte_level},
        "vocab_size": tok.vocab_size,
        "special_tokens": tok.special_tokens,
        "corpus": {
            "path": str(corpus_dir), "manifest_sha256": sha256_file(corpus_dir / CORPUS_MANIFEST),
            "documents": corpus_rows, "packages": n_packages,
        },
        "seq_len": opts.seq_len,
        "rows_per_shard": opts.rows_per_shard,
        "formats": list(opts.formats),
        "packing": {
            "document": "one corpus file; documents in corpus order, each followed by <|endoftext|>",
            "rows": "the split's token stream cut every seq_len tokens; documents run on across rows",
            "padding": "the tail of a split's last row is <|pad|> with n/a labels",
            "eot_id": tok.eot_id, "pad_id": tok.pad_id,
        },
        "alignment": {"rule": ALIGNMENT_RULE, "offset_fallback_documents": log.offset_fallbacks},
        "split": plan.describe(),
        "counts": counts,
        "skipped": log.as_dict(),
        "columns": column_table(),
        **label_tables(corpus_manifest),
    }


def _finish_files(staging: Path, opts: ShardOptions, tok: TokenizerInfo, manifest: dict) -> None:
    """Write bin/meta.json and README.md into the staging folder, then the manifest's `files` table."""
    counts = manifest["counts"]
    if "bin" in opts.formats:
        streams = {s: {"documents": counts[s]["documents"], "tokens": counts[s]["tokens"]} for s in SPLITS}
        write_bin_meta(staging / "bin", bin_meta(streams, tok.eot_id, tok.pad_id))
    arrow = "arrow" in opts.formats
    arrow_bytes = {s: sum(p.stat().st_size for p in (staging / s).glob("data-*.arrow")) for s in SPLITS} if arrow else {}
    (staging / "README.md").write_text(dataset_card(manifest, arrow, arrow_bytes), encoding="utf-8")
    manifest["files"] = file_table(staging)


def build_shards(
    corpus_dir: str | Path,
    tokenizer_dir: str | Path,
    out_dir: str | Path,
    options: ShardOptions | None = None,
    progress: Progress | None = None,
) -> ShardResult:
    """Encode the corpus, carry its labels onto tokens, and write train/validation shards to `out_dir`.

    `progress(ProgressEvent("encoding", rows_done, rows_total))` is called as corpus rows are done. Raises JuliatagError
    (one-line message) for problems the user can fix; rows the shard step cannot use are skipped
    and listed in the manifest.
    """
    t0 = time.perf_counter()
    opts = (options or ShardOptions()).resolved()
    corpus_dir, tokenizer_dir, out_dir = Path(corpus_dir), Path(tokenizer_dir), Path(out_dir)
    corpus_manifest = read_corpus_manifest(corpus_dir)
    output.check(out_dir, [corpus_dir, tokenizer_dir])  # before any work
    if "pt" in opts.formats:
        require_torch()

    verify_data_files(corpus_dir, corpus_manifest)  # a swapped or damaged data file never goes through
    missing = [c for c in CORPUS_COLUMNS if c not in lexeme_schema(corpus_dir).names]
    if missing:
        raise JuliatagError(f"corpus {corpus_dir} lacks the columns {', '.join(missing)} (re-run `juliatag ingest`)")
    tok = inspect_tokenizer(tokenizer_dir)
    total_rows, packages = lexeme_column_stats(corpus_dir, "package")
    if total_rows == 0:
        raise JuliatagError(f"corpus {corpus_dir} is empty (no documents)")
    plan = plan_split([p or "" for p in packages], opts.val_fraction)

    spec = EncodeSpec(str(tok.path.resolve()), tok.sha256, tok.eot_id)
    with exclusive(out_dir):
        manifest = _write(corpus_dir, tokenizer_dir, out_dir, opts, tok, spec, corpus_manifest, total_rows,
                          packages, plan, progress)
    note = resolve_jobs(options.jobs if options else None, "shard").note("shard")
    return ShardResult(out_dir, manifest, time.perf_counter() - t0, note)


def _write(corpus_dir: Path, tokenizer_dir: Path, out_dir: Path, opts: ShardOptions, tok: TokenizerInfo,
           spec: EncodeSpec, corpus_manifest: dict, total_rows: int, packages, plan: SplitPlan,
           progress: Progress | None) -> dict:
    """Encode into a staging folder and publish it (the output folder's lock is held)."""
    staging = output.prepare(out_dir)
    try:
        sinks = {s: SplitSink(s, staging, opts, tok) for s in SPLITS}
        log = RunLog()
        if progress:
            progress(ProgressEvent("encoding", 0, total_rows))
        for result in _encoded(corpus_dir, spec, opts.jobs):
            _route(result, plan, sinks)
            log.record(result)
            if progress:
                progress(ProgressEvent("encoding", log.rows_done, total_rows))
        counts = {s: sinks[s].close() for s in SPLITS}
        if not any(c["documents"] for c in counts.values()):
            raise JuliatagError(f"no document of {corpus_dir} could be encoded ({dict(log.skip_reasons)})")
        manifest = _manifest(opts, tok, corpus_dir, tokenizer_dir, corpus_manifest, total_rows, len(packages), plan,
                             counts, log)
        _finish_files(staging, opts, tok, manifest)
        output.publish(staging, out_dir, manifest)
    except BaseException:
        output.discard(staging)
        raise
    return manifest
