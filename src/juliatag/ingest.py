"""`juliatag ingest`: sources -> lexemes -> labels -> lexeme corpus on disk.

Files are read in the main process (grouped by package so each file sees its package's
definitions), labelled in parallel by joblib workers, and written in input order, so the
corpus is byte-identical whatever the number of jobs. Per-file problems are recorded with a
reason and never stop the run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import __version__, schema
from .corpus.manifest import FileRecordSpool, write_manifest
from .corpus.writer import LexemeDatasetWriter, row_ipc
from .errors import JuliatagError
from .sources import DEFAULT_MAX_FILE_BYTES, Skipped, SourceFile, discover
from .types import type_ids

BACKENDS = ("static", "julia")


@dataclass
class IngestOptions:
    jobs: int = 0                      # 0: all cores
    backend: str = "static"
    parser: str = "fatou"
    infer: bool = True
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    file_timeout: float = 30.0
    allow_exec: bool = False           # julia backend only

    def recorded(self) -> dict:
        """Options that determine the output (jobs does not, so it is not recorded)."""
        return {"backend": self.backend, "parser": self.parser, "infer": self.infer,
                "max_file_bytes": self.max_file_bytes, "allow_exec": self.allow_exec}


@dataclass
class IngestSummary:
    files_seen: int = 0
    files_labeled: int = 0
    skipped: Counter = field(default_factory=Counter)
    duplicates: int = 0
    parse_failures: int = 0
    bytes: int = 0
    lexemes: int = 0
    syntax_error_bytes: int = 0
    value_lexemes: int = 0
    known_value_lexemes: int = 0
    functions: int = 0
    seconds: float = 0.0
    out_dir: str = ""

    def counts(self) -> dict:
        return {
            "files_seen": self.files_seen, "files_labeled": self.files_labeled,
            "files_skipped": dict(sorted(self.skipped.items())), "duplicates": self.duplicates,
            "parse_failures": self.parse_failures, "bytes": self.bytes, "lexemes": self.lexemes,
            "syntax_error_bytes": self.syntax_error_bytes, "value_lexemes": self.value_lexemes,
            "known_value_lexemes": self.known_value_lexemes, "functions": self.functions,
        }


# ------------------------------------------------------------------ worker side

_WORKER_STATE: dict = {}


def _worker_parser(options: IngestOptions):
    key = (options.backend, options.parser)
    p = _WORKER_STATE.get(key)
    if p is None:
        if options.backend == "julia":
            from .backends.julia import JuliaBackend
            p = JuliaBackend(allow_exec=options.allow_exec, timeout=options.file_timeout)
        else:
            from .syntax import get_parser
            p = get_parser(options.parser)
            if hasattr(p, "timeout"):
                p.timeout = options.file_timeout
        _WORKER_STATE[key] = p
    return p


def label_job(job: tuple, options: IngestOptions) -> dict:
    """Label one file (runs in a worker). Never raises: failures come back as a status."""
    index, path, package, data, sha, summary = job
    base = {"index": index, "path": path, "package": package, "sha256": sha, "bytes": len(data)}
    if not data.strip():
        return {**base, "status": "skipped", "reason": "empty"}
    if b"\x00" in data:
        return {**base, "status": "skipped", "reason": "binary"}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return {**base, "status": "skipped", "reason": "not-utf8", "detail": f"byte {exc.start}"}
    try:
        from .infer.package import index_for
        from .labels import label_source
        from .syntax.tree import ParseFailure
        parser = _worker_parser(options)
        package_index = index_for(summary) if options.infer else None
        note = None
        if options.backend == "julia":
            fl = parser.label(data, text)
        else:
            try:
                fl = label_source(data, parser, package_index, infer=options.infer, text=text)
                note = fl.note
            except ParseFailure as exc:
                from .labels import map_labels
                from .lexer import lex
                lx = lex(text)
                fl = map_labels(lx, None, [(0, len(data))])
                note = f"parse-failed: {exc}"
    except Exception as exc:  # a bug or an unexpected input: record it, keep going
        return {**base, "status": "failed", "reason": "labeler-error", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    lx = fl.lexemes
    value = known = 0
    tp = schema.F_TYPE_POSITION
    for tid, fl_ in zip(fl.type_ids, fl.flags):
        if tid and not fl_ & tp:
            value += 1
            if tid != schema.TYPE_ID_UNKNOWN:
                known += 1
    row = {
        "path": path, "package": package, "sha256": sha, "text": text,
        "lex_start": lx.starts, "lex_end": lx.ends, "lex_kind": lx.kinds, "lex_type": fl.types,
        "lex_type_id": fl.type_ids, "lex_concreteness": fl.concreteness, "lex_depth": fl.depth,
        "lex_stability": fl.stability, "lex_flags": fl.flags, "functions": fl.functions,
    }
    try:
        payload = row_ipc(row)
    except Exception as exc:  # e.g. an offset beyond int32 in a giant file
        return {**base, "status": "failed", "reason": "write-error", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    return {**base, "status": "labeled", "row": payload, "lexemes": len(lx), "syntax_error_bytes": fl.error_bytes,
            "value_lexemes": value, "known_value_lexemes": known, "note": note,
            "n_functions": len(fl.functions)}


# ------------------------------------------------------------------ main process

def _jobs(sources: list[str], options: IngestOptions, seen: dict, pre: list) -> Iterator[tuple]:
    """Yield labelling jobs package by package; skip records are appended to `pre` as they occur."""
    from .infer.package import summarize_package

    index = 0
    pending: dict[str, list] = {}
    order: list[str] = []

    def flush():
        nonlocal index
        for pkg in order:
            items = pending[pkg]
            texts, jobs = [], []
            for sf in items:
                try:
                    data = sf.read()
                except OSError as exc:
                    pre.append(("skip", Skipped(sf.path, sf.package, "unreadable", str(exc))))
                    continue
                sha = hashlib.sha256(data).hexdigest()
                if sha in seen:
                    pre.append(("dup", sf, sha, seen[sha], len(data)))
                    continue
                seen[sha] = sf.path
                jobs.append((sf, data, sha))
                try:
                    texts.append(data.decode("utf-8"))
                except UnicodeDecodeError:
                    pass
            summary = summarize_package(pkg, texts) if options.infer and jobs else None
            for sf, data, sha in jobs:
                pre.append(("barrier", index))
                yield ("job", (index, sf.path, sf.package, data, sha, summary))
                index += 1
        pending.clear()
        order.clear()

    for src in sources:
        for item in discover([src], options.max_file_bytes):
            if isinstance(item, Skipped):
                pre.append(("skip", item))
                continue
            if item.data is not None:  # Parquet rows: no package grouping
                sha = hashlib.sha256(item.data).hexdigest()
                if sha in seen:
                    pre.append(("dup", item, sha, seen[sha], len(item.data)))
                    continue
                seen[sha] = item.path
                pre.append(("barrier", index))
                yield ("job", (index, item.path, item.package, item.data, sha, None))
                index += 1
                continue
            if item.package not in pending:
                pending[item.package] = []
                order.append(item.package)
            pending[item.package].append(item)
        yield from flush()


def _record_from_skip(s: Skipped) -> dict:
    rec = {"path": s.path, "package": s.package, "status": "skipped", "reason": s.reason}
    if s.detail:
        rec["detail"] = s.detail
    return rec


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover
        return max(1, os.cpu_count() or 1)


def ingest(sources: list[str], out_dir: str | Path, options: IngestOptions | None = None,
           progress: Callable[[dict], None] | None = None) -> IngestSummary:
    """Build a lexeme corpus from `sources` into `out_dir` (replaced if it exists)."""
    options = options or IngestOptions()
    if options.backend not in BACKENDS:
        raise JuliatagError(f"unknown backend {options.backend!r} (choose from {', '.join(BACKENDS)})")
    t0 = time.perf_counter()
    out = Path(out_dir)
    parser_name, parser_version = _check_backend(options)
    for src in sources:
        if not os.path.lexists(src):
            raise JuliatagError(f"source not found: {src}")
    staging = out.with_name(out.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    writer = LexemeDatasetWriter(staging / "lexemes")
    spool = FileRecordSpool(staging)
    summary = IngestSummary(out_dir=str(out))
    seen: dict[str, str] = {}
    pre: list = []
    jobs = options.jobs or default_jobs()

    def drain(upto: int | None):
        """Record skips and duplicates discovered before job `upto` (all of them when None)."""
        while pre:
            item = pre.pop(0)
            if item[0] == "barrier":
                if item[1] == upto:
                    return
                continue
            summary.files_seen += 1
            if item[0] == "skip":
                s = item[1]
                summary.skipped[s.reason] += 1
                spool.add(_record_from_skip(s))
            else:
                _, sf, sha, first, nbytes = item
                summary.duplicates += 1
                spool.add({"path": sf.path, "package": sf.package, "status": "duplicate", "sha256": sha,
                           "duplicate_of": first, "bytes": nbytes})
            if progress:
                progress({"event": "file", "bytes": 0})

    def handle(result: dict):
        summary.files_seen += 1
        rec = {"path": result["path"], "package": result["package"], "sha256": result["sha256"],
               "bytes": result["bytes"], "status": result["status"]}
        if result["status"] == "labeled":
            writer.write_ipc(result.pop("row"))
            summary.files_labeled += 1
            summary.bytes += result["bytes"]
            summary.lexemes += result["lexemes"]
            summary.syntax_error_bytes += result["syntax_error_bytes"]
            summary.value_lexemes += result["value_lexemes"]
            summary.known_value_lexemes += result["known_value_lexemes"]
            summary.functions += result["n_functions"]
            rec.update(lexemes=result["lexemes"], syntax_error_bytes=result["syntax_error_bytes"])
            if result.get("note"):
                summary.parse_failures += 1
                rec["note"] = result["note"]
        else:
            summary.skipped[result["reason"]] += 1
            rec["reason"] = result["reason"]
            if result.get("detail"):
                rec["detail"] = result["detail"]
        spool.add(rec)
        if progress:
            progress({"event": "file", "bytes": result["bytes"], "path": result["path"]})

    def job_stream():
        for kind, job in _jobs(sources, options, seen, pre):
            yield job

    try:
        if jobs == 1:
            for job in job_stream():
                result = label_job(job, options)
                drain(result["index"])
                handle(result)
        else:
            from joblib import Parallel, delayed

            stream = (delayed(label_job)(job, options) for job in job_stream())
            par = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch=f"{4 * jobs}", batch_size=1)
            for result in par(stream):
                drain(result["index"])
                handle(result)
        drain(None)
        shards = writer.close()
    except BaseException:
        spool.close()
        raise
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
        "dataset": {"path": "lexemes", "shards": shards},
    }
    write_manifest(staging, header, spool)
    if out.exists():
        shutil.rmtree(out)
    os.replace(staging, out)
    summary.seconds = time.perf_counter() - t0
    return summary


def _check_backend(options: IngestOptions) -> tuple[str, str]:
    if options.backend == "julia":
        from .backends.julia import require_julia
        version = require_julia()
        return "JuliaSyntax", version
    if options.parser == "none":
        return "none", "-"
    from .syntax import get_parser
    from .syntax.tree import ParserUnavailable
    try:
        p = get_parser(options.parser)
    except ParserUnavailable as exc:
        raise JuliatagError(str(exc)) from exc
    return p.name, p.version
