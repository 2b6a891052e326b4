"""The worker side of ingest: label one file, and run one task (files -> one shard + records + marker).

A task writes its shard and its per-file records under temporary names, renames them, and only
then writes its completion marker, so an interrupted run leaves either a complete task or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa

from .. import schema
from ..corpus.writer import arrow_schema, row_batch
from ..files import sha256_file
from ..heap import file_boundaries
from ..jobs import resident_bytes
from .options import IngestOptions
from .plan import FileRef

TASKS_DIR = ".tasks"
_STATE: dict = {}


class FileTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise FileTimeout after `seconds` (only where signals can be used: the main thread on Unix)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise FileTimeout(f"file took longer than {seconds:g}s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _labeler(options: IngestOptions):
    """This process's labeler for `options` (made once, kept for the next tasks)."""
    key = (options.backend, options.parser, options.infer, options.allow_exec, options.file_timeout)
    p = _STATE.get(key)
    if p is None:
        from ..backends.labelers import make_labeler
        p = make_labeler(options.backend, options.parser, infer=options.infer, allow_exec=options.allow_exec,
                         timeout=options.file_timeout)
        _STATE[key] = p
    return p


def read_file(ref: FileRef) -> bytes:
    """The planned file's bytes, re-read without following links or blocking (`sources.read_regular`),
    and only if they are still the planned ones (size and sha256); `UnsafeFile` otherwise."""
    from ..sources import UnsafeFile, read_parquet_row, read_regular

    if ref.parquet is not None:
        data = read_parquet_row(*ref.parquet)
    else:
        try:
            data = read_regular(ref.fs_path, ref.size)
        except UnsafeFile as exc:
            if exc.reason != "too-large":
                raise
            data = None
    if data is None or len(data) != ref.size:
        raise UnsafeFile("changed-since-planning", f"size is no longer the planned {ref.size} bytes")
    if hashlib.sha256(data).hexdigest() != ref.sha256:
        raise UnsafeFile("changed-since-planning", "content differs from the planned sha256")
    return data


# Fault injection for the crash-recovery tests: a worker labelling a file whose path contains this
# string dies as if killed (never set in normal use).
CRASH_ENV = "JULIATAG_TEST_CRASH_PATH"


def label_one(ref: FileRef, data: bytes, summary, options: IngestOptions) -> tuple[dict, dict | None]:
    """(record, row) for one file; row is None when the file is not labelled. Never raises."""
    crash = os.environ.get(CRASH_ENV)
    if crash and crash in ref.path:
        os._exit(70)
    rec = {"path": ref.path, "package": ref.package, "sha256": ref.sha256, "bytes": len(data)}
    if not data.strip():
        return {**rec, "status": "skipped", "reason": "empty"}, None
    if b"\x00" in data:
        return {**rec, "status": "skipped", "reason": "binary"}, None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return {**rec, "status": "skipped", "reason": "not-utf8", "detail": f"byte {exc.start}"}, None
    note = None
    try:
        from ..labels import map_labels
        from ..lexer import lex
        from ..syntax.tree import ParseFailure
        labeler = _labeler(options)
        with time_limit(options.file_timeout * 2):
            try:
                fl = labeler.label(data, text, summary)
            except (ParseFailure, FileTimeout) as exc:
                if not labeler.lexical_fallback:
                    raise
                fl = map_labels(lex(text), None, [(0, len(data))])
                note = f"parse-failed: {exc}"
            else:  # a static note says why a file got lexical labels only (counted as a parse failure)
                note = fl.note if labeler.lexical_fallback else None
    except FileTimeout as exc:
        return {**rec, "status": "failed", "reason": "timeout", "detail": str(exc)}, None
    except Exception as exc:  # a bug or an unexpected input: record it, keep going
        return {**rec, "status": "failed", "reason": "labeler-error",
                "detail": f"{type(exc).__name__}: {exc}"[:300]}, None
    lx = fl.lexemes
    value = known = 0
    tp = schema.F_TYPE_POSITION
    for tid, f in zip(fl.type_ids, fl.flags, strict=False):
        if tid and not f & tp:
            value += 1
            if tid != schema.TYPE_ID_UNKNOWN:
                known += 1
    row = {
        "path": ref.path, "package": ref.package, "sha256": ref.sha256, "text": text,
        "lex_start": lx.starts, "lex_end": lx.ends, "lex_kind": lx.kinds, "lex_type": fl.types,
        "lex_type_id": fl.type_ids, "lex_concreteness": fl.concreteness, "lex_depth": fl.depth,
        "lex_stability": fl.stability, "lex_flags": fl.flags, "functions": fl.functions,
    }
    rec.update(status="labeled", lexemes=len(lx), syntax_error_bytes=fl.error_bytes, value_lexemes=value,
               known_value_lexemes=known, functions=len(fl.functions))
    if note:
        rec["note"] = note
    return rec, row


def shard_name(index: int, total: int) -> str:
    return f"data-{index:05d}-of-{total:05d}.arrow"


def marker_path(staging: Path, index: int) -> Path:
    return staging / TASKS_DIR / f"{index:05d}.done"


def records_path(staging: Path, index: int) -> Path:
    return staging / TASKS_DIR / f"{index:05d}.json"


def run_task(index: int, total: int, files: list, summaries: dict, options: IngestOptions, staging: str,
             excluded: dict | None = None) -> dict:
    """Label a task's files into its shard. `excluded` maps file positions to a failure detail
    (files that killed their worker when probed alone); they are recorded as failed, not labelled."""
    staging = Path(staging)
    (staging / TASKS_DIR).mkdir(parents=True, exist_ok=True)
    (staging / "lexemes").mkdir(parents=True, exist_ok=True)
    refs = [f if isinstance(f, FileRef) else FileRef(**f) for f in files]
    final = staging / "lexemes" / shard_name(index, total)
    partial = final.with_name(final.name + ".partial")
    records = []
    heap = file_boundaries()
    with pa.OSFile(str(partial), "wb") as sink, pa.ipc.new_stream(sink, arrow_schema()) as writer:
        for k, ref in enumerate(refs):
            if excluded and k in excluded:
                records.append({"path": ref.path, "package": ref.package, "sha256": ref.sha256, "bytes": ref.size,
                                "status": "failed", "reason": "worker-crashed", "detail": excluded[k]})
                continue
            try:
                data = read_file(ref)
            except OSError as exc:  # UnsafeFile carries its own reason
                records.append({"path": ref.path, "package": ref.package, "sha256": ref.sha256,
                                "status": "skipped", "reason": getattr(exc, "reason", "unreadable"),
                                "detail": str(exc)[:200]})
                continue
            rec, row = label_one(ref, data, summaries.get(ref.package), options)
            heap.file_done()
            if row is not None:
                try:
                    writer.write_batch(row_batch(row))
                except (pa.ArrowException, OverflowError) as exc:
                    rec = {"path": ref.path, "package": ref.package, "sha256": ref.sha256, "bytes": len(data),
                           "status": "failed", "reason": "write-error", "detail": f"{type(exc).__name__}: {exc}"}
            records.append(rec)
    os.replace(partial, final)
    result = {"index": index, "shard": final.name, "sha256": sha256_file(final), "records": records}
    write_task_result(staging, result)
    # the process's memory now, which the local executor reads to recycle long-lived workers
    return {"index": index, "files": len(records), "resident_bytes": resident_bytes()}


def probe_file(ref_dict: dict, summary, options: IngestOptions) -> bool:
    """Label one file and throw the result away: used in a throw-away process to find a file that
    kills its worker."""
    ref = FileRef(**ref_dict)
    try:
        data = read_file(ref)
    except OSError:
        return True  # not labelled at all: run_task records why
    label_one(ref, data, summary, options)
    return True


def write_task_result(staging: Path, result: dict) -> None:
    rp = records_path(staging, result["index"])
    tmp = rp.with_name(rp.name + ".partial")
    tmp.write_text(json.dumps(result, sort_keys=True))
    os.replace(tmp, rp)
    marker_path(staging, result["index"]).write_text("done\n")  # completion marker, written last
