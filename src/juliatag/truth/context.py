"""A package's files and its labelling context, taken through ingest's own path.

The package summary is what `ingest` plans for the package (`ingest.plan.make_plan`), and a
file, or a doctest turned into a file, is labelled by ingest's per-file worker
(`ingest.worker.label_one`) with that summary: exactly the labels `juliatag ingest` gives a file
of that package. Nothing here looks inside the analyzer.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import JuliatagError
from ..infer.package import own_module_names
from ..sources import Skipped, package_name_of, project_name, walk_folders
from .options import MAX_PACKAGE_SEARCH_DEPTH

DOC_PAGES_DIR = ("docs", "src")


@dataclass
class PackageFile:
    path: str          # display path (as ingest shows it)
    fs_path: str
    role: str          # "src", "test", "docs" or "other"


@dataclass
class PackageContext:
    name: str
    root: Path
    files: list = field(default_factory=list)       # [PackageFile] for .jl files, discovery order
    doc_pages: list = field(default_factory=list)   # [PackageFile] for docs/src/**/*.md
    summary: object = None                          # ingest's package summary (opaque here)


@dataclass
class Labeled:
    """The labels of one labelled text, looked up by byte offset."""
    starts: list
    types: list
    stability: list
    status: str = "labeled"
    detail: str = ""

    def at(self, offset: int) -> int | None:
        i = bisect.bisect_left(self.starts, offset)
        return i if i < len(self.starts) and self.starts[i] == offset else None


def find_packages(sources: list[str]) -> list[Path]:
    """Package folders: a folder with a Project.toml naming a package, or such folders one level below."""
    out: list[Path] = []
    for src in sources:
        p = Path(src)
        if not p.exists():
            raise JuliatagError(f"source not found: {src}")
        if not p.is_dir():
            raise JuliatagError(f"not a package folder: {src} (check-truth takes package folders or folders of them)")
        found = _packages_under(p, MAX_PACKAGE_SEARCH_DEPTH)
        if not found:
            raise JuliatagError(f"no Julia package in {src} (a package folder has a Project.toml naming it, or a "
                                f"src/ folder)")
        out.extend(found)
    return out


def _is_package(p: Path) -> bool:
    """A Project.toml naming a package, or a src/ folder holding Julia files (not docs/src/)."""
    src = p / "src"
    return project_name(p) is not None or (src.is_dir() and any(src.glob("*.jl")))


def _packages_under(p: Path, depth: int) -> list[Path]:
    """`p` if it is a package, else the packages in its subfolders (a monorepo), `depth` levels down."""
    if _is_package(p):
        return [p]
    if depth <= 0:
        return []
    out = []
    for d in sorted(p.iterdir()):
        if d.is_dir() and not d.is_symlink() and not d.name.startswith("."):
            out.extend(_packages_under(d, depth - 1))
    return out


def _role(rel: Path) -> str:
    first = rel.parts[0] if len(rel.parts) > 1 else ""
    return {"src": "src", "test": "test", "docs": "docs"}.get(first, "other")


def corpus_summaries(roots: list, options) -> dict:
    """Package name -> summary of every package under `roots` planned together, as ingest plans a
    corpus: each with the summaries of the packages it uses among them (`with_dependencies`)."""
    from ..ingest.plan import make_plan
    return make_plan([str(r) for r in roots], options).summaries


def load_package(root: Path, options, corpus: dict | None = None) -> PackageContext:
    """Plan the package as ingest does and list its files by role. With `corpus` (see
    `corpus_summaries`), its summary is the corpus's: the packages it uses there are visible to it,
    as they are to ingest of that corpus."""
    from ..ingest.plan import make_plan
    name = package_name_of(root)
    plan = make_plan([str(root)], options)
    ctx = PackageContext(name, root)
    ctx.summary = plan.summaries.get(name)
    if corpus is not None and corpus.get(name) is not None:
        ctx.summary = corpus[name]
    for task in plan.tasks:
        for ref in task:
            if ref.fs_path is None or ref.package != name:
                continue  # a nested package of its own is not this package's file
            rel = Path(ref.fs_path).resolve().relative_to(root.resolve())
            ctx.files.append(PackageFile(ref.path, ref.fs_path, _role(rel)))
    pages = root.joinpath(*DOC_PAGES_DIR)
    if pages.is_dir() and not pages.is_symlink():
        found = []
        for walked in walk_folders(pages):  # links are never followed: no page from outside the package
            if isinstance(walked, Skipped):
                continue
            top, _, filenames = walked
            found += [Path(top, f) for f in filenames if f.endswith(".md")]
        for md in sorted(found):
            if md.is_file() and not md.is_symlink():
                ctx.doc_pages.append(PackageFile(f"{root.name}/{md.relative_to(root).as_posix()}", str(md), "docs"))
    return ctx


def summary_declarations(summary) -> tuple[list, list, frozenset]:
    """(type declaration lines, (alias, rhs) pairs, the package's own module names) the package
    summary holds, if it holds them."""
    if summary is None:
        return [], [], frozenset()
    return list(summary.decl_lines), list(summary.aliases), own_module_names(summary)


def label_text(ctx: PackageContext, path: str, data: bytes, options) -> Labeled:
    """Label `data` as a file of the package, exactly as ingest's worker would."""
    from ..ingest.plan import FileRef
    from ..ingest.worker import label_one
    ref = FileRef(path, ctx.name, hashlib.sha256(data).hexdigest(), len(data))
    rec, row = label_one(ref, data, ctx.summary, options)
    if row is None:
        return Labeled([], [], [], rec.get("status", "failed"), rec.get("reason", ""))
    labeled = Labeled(row["lex_start"], row["lex_type"], row["lex_stability"])
    if rec.get("note"):
        labeled.status, labeled.detail = "lexical-only", rec["note"]
    return labeled
