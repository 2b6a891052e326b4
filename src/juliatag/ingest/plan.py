"""Planning an ingest: read and hash every source once, drop exact (and optionally near) duplicates,
summarise each package, and cut the work into deterministic tasks.

A task is a run of files in discovery order bounded by bytes and file count, and by the end of a
package that is not small (PACKAGE_ALONE_FRACTION); each task becomes one output shard. Task
boundaries depend only on the inputs, the recorded options and the cutting rule (never on the number
of jobs or the executor), so any executor, any job count and any resumed run produce the same files.
The plan's fingerprint, which holds all three, tells a rerun whether work left by an interrupted run
is reusable.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from .. import __version__, schema
from ..infer.package import PackageSummary, SummaryBuilder, is_program_file, is_test_file, with_dependencies
from ..progress import ProgressCallback, ProgressEvent, no_progress
from ..sources import Skipped, SourceFile, discover
from .options import IngestOptions

PLAN_FILE = "plan.json"
PACKAGE_ALONE_FRACTION = 8   # a package of task_bytes / this or more has tasks of its own


@dataclass
class FileRef:
    path: str
    package: str
    sha256: str
    size: int
    fs_path: str | None = None
    parquet: list | None = None      # [parquet path, row group, row in group]


@dataclass
class Plan:
    fingerprint: str
    tasks: list = field(default_factory=list)        # [[FileRef, ...], ...]
    entries: list = field(default_factory=list)      # discovery order: records or ["task", t, k]
    summaries: dict = field(default_factory=dict)    # package -> PackageSummary
    near_duplicates: int = 0
    near_clusters: int = 0

    def to_json(self) -> str:
        return json.dumps({
            "fingerprint": self.fingerprint,
            "tasks": [[asdict(f) for f in task] for task in self.tasks],
            "entries": self.entries,
            "summaries": {k: v.to_json() for k, v in sorted(self.summaries.items())},
            "near_duplicates": self.near_duplicates, "near_clusters": self.near_clusters,
        }, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Plan":
        d = json.loads(text)
        return cls(d["fingerprint"], [[FileRef(**f) for f in task] for task in d["tasks"]], d["entries"],
                   with_dependencies({k: PackageSummary.from_json(v) for k, v in d["summaries"].items()}),
                   d.get("near_duplicates", 0), d.get("near_clusters", 0))


def read_source(sf: SourceFile) -> bytes:
    return sf.read()


def make_plan(sources: list[str], options: IngestOptions, progress: ProgressCallback = no_progress) -> Plan:
    """Read and hash every source once, drop duplicates, summarise packages and cut the tasks;
    reports ProgressEvent("reading", files read so far)."""
    entries: list = []
    kept: list[FileRef] = []
    kept_entry: list[int] = []           # index into entries for each kept file
    seen: dict[str, str] = {}
    builders: dict[str, SummaryBuilder] = {}
    signatures = []
    fp = hashlib.sha256()
    fp.update(json.dumps({"version": __version__, "schema": schema.SCHEMA_VERSION, "sources": sources,
                          "options": options.recorded(), "package_alone_fraction": PACKAGE_ALONE_FRACTION},
                         sort_keys=True).encode())
    for item in discover(sources, options.max_file_bytes):
        if isinstance(item, Skipped):
            rec = {"path": item.path, "package": item.package, "status": "skipped", "reason": item.reason}
            if item.detail:
                rec["detail"] = item.detail
            entries.append(rec)
            fp.update(f"skip\0{item.path}\0{item.reason}\n".encode())
            continue
        try:
            data = read_source(item)
        except OSError as exc:  # UnsafeFile (a link, a FIFO, grown past the limit...) carries its reason
            reason = getattr(exc, "reason", "unreadable")
            entries.append({"path": item.path, "package": item.package, "status": "skipped",
                            "reason": reason, "detail": str(exc)[:200]})
            fp.update(f"skip\0{item.path}\0{reason}\n".encode())
            continue
        sha = hashlib.sha256(data).hexdigest()
        fp.update(f"file\0{item.path}\0{item.package}\0{sha}\n".encode())
        if sha in seen:
            entries.append({"path": item.path, "package": item.package, "status": "duplicate", "sha256": sha,
                            "duplicate_of": seen[sha], "bytes": len(data)})
            continue
        seen[sha] = item.path
        text = None
        if options.infer or options.near_dedup:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
        if options.infer and text is not None:
            test = is_test_file(item.path)
            source = (item.fs_path, sha) if item.fs_path and (test or is_program_file(item.path)) else None
            builders.setdefault(item.package, SummaryBuilder(item.package)).add(text, source, test=test)
        if options.near_dedup:
            from ..dedup import signature
            signatures.append(signature(text) if text is not None else None)
        ref = FileRef(item.path, item.package, sha, len(data), item.fs_path,
                      list(item.parquet) if getattr(item, "parquet", None) else None)
        kept.append(ref)
        kept_entry.append(len(entries))
        entries.append(None)  # filled below
        progress(ProgressEvent("reading", len(kept), None))
    near = {}
    plan = Plan(fp.hexdigest())
    if options.near_dedup and kept:
        from ..dedup import NUM_PERM, find_near_duplicates
        import numpy as np
        sigs = [s if s is not None else np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32) for s in signatures]
        result = find_near_duplicates(sigs, options.near_dedup_threshold)
        near = result.duplicate_of
        plan.near_duplicates = len(near)
        plan.near_clusters = result.clusters
    # a package of at least 1/PACKAGE_ALONE_FRACTION of a task's bytes has tasks of its own: a worker
    # reads a package's other files once for all the package's files it labels, and a task that held
    # the end of one such package and the start of the next would have its worker read both
    package_bytes: dict[str, int] = {}
    for i, ref in enumerate(kept):
        if i not in near:
            package_bytes[ref.package] = package_bytes.get(ref.package, 0) + ref.size
    alone = {p for p, b in package_bytes.items() if b * PACKAGE_ALONE_FRACTION >= options.task_bytes}
    task: list[FileRef] = []
    task_bytes = 0
    for i, ref in enumerate(kept):
        if i in near:
            rep = kept[near[i]]
            entries[kept_entry[i]] = {"path": ref.path, "package": ref.package, "status": "near-duplicate",
                                      "sha256": ref.sha256, "duplicate_of": rep.path, "bytes": ref.size}
            continue
        last = task[-1].package if task else None
        if task and (task_bytes + ref.size > options.task_bytes or len(task) >= options.task_files or
                     (ref.package != last and (ref.package in alone or last in alone))):
            plan.tasks.append(task)
            task, task_bytes = [], 0
        entries[kept_entry[i]] = ["task", len(plan.tasks), len(task)]
        task.append(ref)
        task_bytes += ref.size
    if task:
        plan.tasks.append(task)
    plan.entries = entries
    # a package sees the API of the packages it uses that are in the same corpus
    plan.summaries = with_dependencies({name: b.build() for name, b in builders.items()})
    return plan
