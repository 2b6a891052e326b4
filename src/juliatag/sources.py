"""Finding Julia sources: folders of packages, single packages, single `.jl` files, and Parquet
files with a `content` column (The Stack layout).

Every candidate file becomes a `SourceFile` or a `Skipped` record with a reason; nothing is
silently dropped. Traversal order is deterministic (sorted), so a corpus is reproducible.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import JuliatagError, MissingInputError

_PROJECT_NAME_RE = re.compile(r'^\s*name\s*=\s*"([^"]+)"', re.M)
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".julia"}
DEFAULT_MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class SourceFile:
    path: str          # display path: relative to the source root it was found under
    package: str
    data: bytes | None  # None for files read later by `read()`
    fs_path: str | None = None
    parquet: tuple | None = None  # (parquet path, row group, row in group) for The Stack rows

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.parquet is not None:
            return read_parquet_row(*self.parquet)
        with open(self.fs_path, "rb") as fh:
            return fh.read()


_ROW_GROUP_CACHE: dict = {}  # (path, row group) -> its content column; only the last one read is kept


def read_parquet_row(path: str, row_group: int, row: int) -> bytes:
    """The `content` of one row of a Parquet file (the last row group read is cached)."""
    key = (path, row_group)
    col = _ROW_GROUP_CACHE.get(key)
    if col is None:
        import pyarrow.parquet as pq
        col = pq.ParquetFile(path).read_row_group(row_group, columns=["content"]).column("content").to_pylist()
        _ROW_GROUP_CACHE.clear()
        _ROW_GROUP_CACHE[key] = col
    content = col[row]
    return content.encode("utf-8", "surrogatepass") if isinstance(content, str) else bytes(content or b"")


@dataclass(frozen=True)
class Skipped:
    path: str
    package: str
    reason: str
    detail: str = ""


def project_name(root: Path) -> str | None:
    """The `name` of `root/Project.toml`, or None (no file, or an environment without a name)."""
    proj = root / "Project.toml"
    if not proj.is_file():
        return None
    try:
        m = _PROJECT_NAME_RE.search(proj.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return m.group(1) if m else None


def package_name_of(root: Path) -> str:
    name = project_name(root)
    if name:
        return name
    name = root.name
    return name[:-3] if name.endswith(".jl") else name


def discover(sources: list[str], max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[SourceFile | Skipped]:
    """Yield every source file (or skip record) under `sources`, in a deterministic order."""
    if not sources:
        raise JuliatagError("no sources given (pass folders of packages, packages, .jl files or .parquet files)")
    for src in sources:
        p = Path(src)
        if not os.path.lexists(p):
            raise MissingInputError(f"source not found: {src}")
        if p.is_file() and p.suffix == ".parquet":
            yield from _parquet_sources(p, max_file_bytes)
        elif p.is_file():
            if p.suffix != ".jl":
                yield Skipped(str(p), "", "not-julia", "not a .jl file")
                continue
            pkg = _package_for_file(p)
            yield from _file_source(p, p.name, pkg, p.parent.resolve(), max_file_bytes)
        elif p.is_dir():
            yield from _folder_sources(p, max_file_bytes)
        else:
            yield Skipped(str(p), "", "unreadable", "neither a file nor a folder")


def _package_for_file(p: Path) -> str:
    for parent in [p.parent, *p.parent.parents][:4]:
        name = project_name(parent)
        if name:
            return name
    return package_name_of(p.parent) if p.parent.name not in ("src", "test", "") else \
        package_name_of(p.parent.parent)


def _folder_sources(root: Path, max_file_bytes: int) -> Iterator[SourceFile | Skipped]:
    root_real = root.resolve()
    single_package = project_name(root) is not None
    root_name = package_name_of(root)
    # nearest Project.toml above a file (inside root) names its package
    project_cache: dict[Path, str | None] = {}

    def package_for(rel_dir: Path) -> str:
        cur = rel_dir
        while True:
            key = cur
            if key not in project_cache:
                project_cache[key] = project_name(root / cur)  # environments without a name do not count
            if project_cache[key] is not None:
                return project_cache[key]
            if cur == Path("."):
                break
            cur = cur.parent
        if single_package or rel_dir == Path("."):
            return root_name
        first = rel_dir.parts[0]
        return first[:-3] if first.endswith(".jl") else first

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        rel_dir = Path(os.path.relpath(dirpath, root))
        for fname in sorted(filenames):
            if not fname.endswith(".jl"):
                continue
            full = Path(dirpath) / fname
            rel = (Path(root.name) / rel_dir / fname) if rel_dir != Path(".") else Path(root.name) / fname
            yield from _file_source(full, rel.as_posix(), package_for(rel_dir), root_real, max_file_bytes)
        # folders named `Foo.jl` are folders: os.walk lists them in dirnames, never as files


def _file_source(full: Path, display: str, package: str, root_real: Path, max_file_bytes: int):
    try:
        st = os.lstat(full)
    except OSError as exc:
        yield Skipped(display, package, "unreadable", str(exc))
        return
    if stat.S_ISLNK(st.st_mode):
        try:
            target = full.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # dangling link or a loop
            yield Skipped(display, package, "bad-symlink", type(exc).__name__)
            return
        if not _is_within(target, root_real):
            yield Skipped(display, package, "symlink-outside-root", "not read")
            return
        try:
            st = os.stat(target)
        except OSError as exc:
            yield Skipped(display, package, "unreadable", str(exc))
            return
        full = target
    if not stat.S_ISREG(st.st_mode):
        yield Skipped(display, package, "not-regular-file")
        return
    if st.st_size > max_file_bytes:
        yield Skipped(display, package, "too-large", f"{st.st_size} bytes > {max_file_bytes}")
        return
    if not os.access(full, os.R_OK):
        yield Skipped(display, package, "unreadable", "permission denied")
        return
    yield SourceFile(display, package, None, str(full))


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _parquet_sources(path: Path, max_file_bytes: int) -> Iterator[SourceFile | Skipped]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise JuliatagError("reading Parquet needs pyarrow (pip install pyarrow)") from exc
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:
        raise JuliatagError(f"cannot read Parquet file {path}: {exc}") from exc
    names = set(pf.schema_arrow.names)
    if "content" not in names:
        raise JuliatagError(f"Parquet file {path} has no 'content' column (The Stack layout expected)")
    path_col = next((c for c in ("path", "max_stars_repo_path", "max_forks_repo_path", "max_issues_repo_path")
                     if c in names), None)
    repo_col = next((c for c in ("repo", "repo_name", "max_stars_repo_name", "max_forks_repo_name",
                                 "max_issues_repo_name") if c in names), None)
    cols = ["content"] + [c for c in (path_col, repo_col) if c]
    row = 0
    for rg in range(pf.num_row_groups):
        d = pf.read_row_group(rg, columns=cols).to_pydict()
        for i, content in enumerate(d["content"]):
            fpath = d[path_col][i] if path_col else None
            repo = d[repo_col][i] if repo_col else None
            display = f"{path.name}#{row}" + (f":{fpath}" if fpath else "")
            package = (repo or path.stem).rsplit("/", 1)[-1]
            package = package[:-3] if package.endswith(".jl") else package
            row += 1
            if content is None:
                yield Skipped(display, package, "empty", "null content")
                continue
            data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else bytes(content)
            if len(data) > max_file_bytes:
                yield Skipped(display, package, "too-large", f"{len(data)} bytes > {max_file_bytes}")
                continue
            yield SourceFile(display, package, data, None, (str(path), rg, i))
