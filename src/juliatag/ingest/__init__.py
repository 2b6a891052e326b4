"""`juliatag ingest`: sources -> lexemes -> labels -> lexeme corpus on disk.

1. Plan: read and hash every source once, drop exact (and, with --near-dedup, near) duplicates,
   summarise each package, and cut the files into deterministic tasks (plan.py).
2. Run the tasks on an executor (local worker processes, Dask or Ray); each task labels its files into one
   Arrow shard and then writes a completion marker (worker.py, executors.py).
3. Finalize: dataset metadata and the manifest, written last; then the staging folder is renamed
   into place.

An interrupted run leaves `OUT.partial/` behind; running the same command again reuses every
completed task (the plan's fingerprint must match) and gives output identical to an uninterrupted
run. The output never depends on --jobs or the executor.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from .. import __version__, schema
from ..backends.labelers import labeler_identity
from ..corpus.manifest import FileRecordSpool, write_manifest
from ..corpus.writer import rebatch_shard, write_dataset_metadata, write_empty_shard
from ..errors import JuliatagError
from ..files import atomic_write_text, sha256_file
from ..outdir import OutputKind, check_output_dir, exclusive, is_owned, read_json_object
from ..jobs import resolve_jobs
from ..progress import ProgressCallback, ProgressEvent, no_progress
from ..types import type_ids
from .executors import EXECUTORS, TaskSpec
from .options import IngestOptions, IngestSummary, default_jobs
from .plan import PLAN_FILE, Plan, make_plan
from .worker import TASKS_DIR, marker_path, records_path, shard_name

__all__ = ["IngestOptions", "IngestSummary", "default_jobs", "ingest"]


def _check_backend(options: IngestOptions) -> tuple[str, str]:
    return labeler_identity(options.backend, options.parser)


def _is_corpus(folder: Path) -> bool:
    data = read_json_object(folder / "manifest.json")
    return data is not None and data.get("kind") == "lexeme-corpus"


def _is_staging(folder: Path) -> bool:
    return (folder / PLAN_FILE).is_file() or _is_corpus(folder)


CORPUS = OutputKind("lexeme corpus", "ingest", proves=_is_corpus)
STAGING = OutputKind("interrupted ingest", "ingest", proves=_is_staging)


def _prepare_staging(staging: Path, plan: Plan) -> bool:
    """Reuse an interrupted run's staging folder if it was made from the same plan; True if reused.
    The folder was checked to be ours (`STAGING`) before any work."""
    plan_path = staging / PLAN_FILE
    if staging.exists():
        if not is_owned(staging, STAGING):
            raise JuliatagError(f"{staging} is not an interrupted ingest any more; refusing to replace it")
        data = read_json_object(plan_path)
        if data is not None and data.get("fingerprint") == plan.fingerprint:
            return True
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    atomic_write_text(plan_path, plan.to_json())  # first: it proves the folder is ours
    (staging / TASKS_DIR).mkdir()
    (staging / "lexemes").mkdir()
    return False


def ingest(sources: list[str], out_dir: str | Path, options: IngestOptions | None = None,
           progress: ProgressCallback | None = None) -> IngestSummary:
    """Build a lexeme corpus from `sources` into `out_dir`.

    `out_dir` must be new, empty, or a lexeme corpus (which is then replaced), and must not
    overlap a source; checked before any work. One run at a time per `out_dir` (a lock file)."""
    options = (options or IngestOptions()).resolved()
    t0 = time.perf_counter()
    parser_name, parser_version = _check_backend(options)
    for src in sources:
        if not os.path.lexists(src):
            raise JuliatagError(f"source not found: {src}")
    out = check_output_dir(out_dir, CORPUS, inputs=sources)
    staging = check_output_dir(out.with_name(out.name + ".partial"), STAGING, inputs=sources,
                               option="the staging folder of --out")
    with exclusive(out):
        return _ingest_locked(sources, out, staging, options, progress, t0, parser_name, parser_version)


def _ingest_locked(sources, out: Path, staging: Path, options: IngestOptions, progress, t0: float,
                   parser_name: str, parser_version: str) -> IngestSummary:
    progress = progress or no_progress
    plan = make_plan([str(s) for s in sources], options, progress)
    _prepare_staging(staging, plan)
    total = len(plan.tasks)
    specs = []
    for i, task in enumerate(plan.tasks):
        pkgs = sorted({f.package for f in task})
        specs.append(TaskSpec(i, total, [f.__dict__ for f in task],
                              {p: plan.summaries[p] for p in pkgs if p in plan.summaries}))
    pending = [s for s in specs if not marker_path(staging, s.index).exists()]
    summary = IngestSummary(out_dir=str(out), tasks=total, tasks_resumed=total - len(pending))
    sizes = {s.index: len(s.files) for s in specs}
    files_total = sum(sizes.values())
    labeled = {"files": sum(len(s.files) for s in specs if s not in pending)}
    progress(ProgressEvent("labeling", labeled["files"], files_total))

    def on_done(index: int) -> None:
        labeled["files"] += sizes[index]
        progress(ProgressEvent("labeling", labeled["files"], files_total))

    if pending:
        jobs = resolve_jobs(options.jobs, "ingest", tasks=len(pending))
        summary.jobs, summary.jobs_note = jobs.count, jobs.note("ingest")
        EXECUTORS[options.executor](pending, options, str(staging), jobs.count, on_done)
    missing = [s.index for s in specs if not marker_path(staging, s.index).exists()]
    if missing:
        raise JuliatagError(f"{len(missing)} ingest tasks did not complete (first: {missing[0]}); run the "
                            f"same command again to finish them")
    _finalize(staging, plan, options, sources, summary, parser_name, parser_version)
    if out.exists():
        if not is_owned(out, CORPUS):  # checked before the work; re-checked before anything is removed
            raise JuliatagError(f"--out {out} changed during the run and is no longer a lexeme corpus; "
                                f"refusing to replace it (the new corpus is in {staging})")
        shutil.rmtree(out)
    os.replace(staging, out)
    summary.seconds = time.perf_counter() - t0
    return summary


def _finalize(staging: Path, plan: Plan, options: IngestOptions, sources, summary: IngestSummary,
              parser_name: str, parser_version: str) -> None:
    lexemes = staging / "lexemes"
    shards = []
    spool = FileRecordSpool(staging)
    cache: dict = {}

    def task_result(t: int) -> dict:
        if t not in cache:
            cache.clear()
            cache[t] = json.loads(records_path(staging, t).read_text())
        return cache[t]

    empty: set[str] = set()  # paths recorded as empty: their copies are empty too, not duplicates
    for entry in plan.entries:
        if isinstance(entry, list):
            _, t, k = entry
            rec = task_result(t)["records"][k]
        else:
            rec = entry
        rec = _empty_not_duplicate(rec, empty)
        _count(summary, rec)
        spool.add(rec)
    for t in range(len(plan.tasks)):
        res = task_result(t)
        rows = sum(1 for r in res["records"] if r["status"] == "labeled")
        path = lexemes / res["shard"]
        rebatch_shard(path)  # one record batch per group of rows, not per file (idempotent: safe to redo)
        shards.append({"filename": res["shard"], "rows": rows, "sha256": sha256_file(path)})
    if not shards:
        name = shard_name(0, 1)
        write_empty_shard(lexemes / name)
        shards.append({"filename": name, "rows": 0, "sha256": sha256_file(lexemes / name)})
    write_dataset_metadata(lexemes, shards)
    header = {
        "schema_version": schema.SCHEMA_VERSION,
        "juliatag_version": __version__,
        "kind": "lexeme-corpus",
        "backend": options.backend,
        "parser": {"name": parser_name, "version": parser_version},
        "command": "ingest",
        "sources": [str(s) for s in sources],
        "options": options.recorded(),
        "tables": schema.schema_tables(),
        "type_ids": type_ids.table(),
        "counts": summary.counts(),
        "near_dedup": {"enabled": options.near_dedup, "method": "MinHash, word 5-grams, 128 permutations, "
                       "16 bands x 8 rows", "threshold": options.near_dedup_threshold,
                       "clusters": plan.near_clusters, "removed": plan.near_duplicates},
        "dataset": {"path": "lexemes", "shards": shards},
    }
    write_manifest(staging, header, spool)
    shutil.rmtree(staging / TASKS_DIR)
    os.remove(staging / PLAN_FILE)


EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def _empty_not_duplicate(rec: dict, empty: set[str]) -> dict:
    """An empty (or whitespace-only) file is recorded as "empty" however many copies there are:
    the copies the plan marked as duplicates of an empty file become "empty" too."""
    if rec.get("status") == "skipped" and rec.get("reason") == "empty":
        empty.add(rec["path"])
    elif rec.get("status") == "duplicate" and (rec.get("duplicate_of") in empty or rec.get("sha256") == EMPTY_SHA256):
        rec = {k: v for k, v in rec.items() if k != "duplicate_of"}
        rec.update(status="skipped", reason="empty")
        empty.add(rec["path"])
    return rec


def _count(summary: IngestSummary, rec: dict) -> None:
    summary.files_seen += 1
    status = rec["status"]
    if status == "labeled":
        summary.files_labeled += 1
        summary.bytes += rec.get("bytes", 0)
        summary.lexemes += rec.get("lexemes", 0)
        summary.syntax_error_bytes += rec.get("syntax_error_bytes", 0)
        summary.value_lexemes += rec.get("value_lexemes", 0)
        summary.known_value_lexemes += rec.get("known_value_lexemes", 0)
        summary.functions += rec.get("functions", 0)
        if rec.get("note"):
            summary.parse_failures += 1
    elif status == "duplicate":
        summary.duplicates += 1
    elif status == "near-duplicate":
        summary.near_duplicates += 1
    elif status == "failed":
        summary.failed += 1
        summary.skipped[rec["reason"]] += 1
    else:
        summary.skipped[rec["reason"]] += 1
