"""Finding Julia sources: folders of packages, single packages, single `.jl` files, and Parquet
files with a `content` column (The Stack layout).

Every candidate file becomes a `SourceFile` or a `Skipped` record with a reason; nothing is
silently dropped. Traversal order is deterministic (sorted), so a corpus is reproducible.

Nothing outside the source roots is read: a symbolic link (a `.jl` file or a `Project.toml`) whose
target leaves its root is recorded, not followed, and files are (re)read by `read_regular`, which
never follows a link, never blocks (a file swapped for a FIFO), reads only regular files and never
more than the size limit. The walk is iterative (any depth); a name that is not UTF-8 is recorded.
"""

from __future__ import annotations

import errno
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
MAX_PROJECT_TOML_BYTES = 1_000_000   # a larger Project.toml is not read for a package name
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
TEXT_CONTENT = "a string or binary column"


class UnsafeFile(OSError):
    """A file that is no longer what was planned (a link, a FIFO or device, grown past the limit, or
    content that is not text); `reason` is the record's reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of the regular file `path`, opened without following a link and without blocking;
    `UnsafeFile` when it is a link, not a regular file, or larger than `limit` bytes."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and os.path.islink(path)):
            raise UnsafeFile("symlink", "the file is now a symbolic link (not followed)") from None
        raise
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise UnsafeFile("not-regular-file", f"the file is now a {_kind(mode)}, not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise UnsafeFile("too-large", f"more than {limit} bytes")
    return data


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISDIR, "folder"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "special file"


def content_bytes(value) -> bytes:
    """A Parquet `content` value as bytes: only text (str) and binary (bytes) are accepted."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise UnsafeFile("content-not-text", f"content is {type(value).__name__}, not {TEXT_CONTENT}")


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def printable_name(name: str) -> str:
    """`name` with bytes that are not UTF-8 (os gives them as surrogates) written as \\xNN."""
    return name if _utf8(name) else os.fsencode(name).decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class SourceFile:
    path: str          # display path: relative to the source root it was found under
    package: str
    data: bytes | None  # None for files read later by `read()`
    fs_path: str | None = None
    parquet: tuple | None = None  # (parquet path, row group, row in group) for The Stack rows
    max_bytes: int = DEFAULT_MAX_FILE_BYTES

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.parquet is not None:
            return read_parquet_row(*self.parquet)
        return read_regular(self.fs_path, self.max_bytes)


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
    return b"" if content is None else content_bytes(content)


@dataclass(frozen=True)
class Skipped:
    path: str
    package: str
    reason: str
    detail: str = ""


def project_name(root: Path, within: Path | None = None) -> str | None:
    """The `name` of `root/Project.toml`, or None (no file, an environment without a name, or a
    link whose target leaves `within`, by default `root` itself: such a link is never followed)."""
    proj = root / "Project.toml"
    try:
        st = os.lstat(proj)
        if stat.S_ISLNK(st.st_mode):
            target = proj.resolve(strict=True)
            if not _is_within(target, (within or root).resolve()):
                return None
            proj = target
        text = read_regular(str(proj), MAX_PROJECT_TOML_BYTES).decode("utf-8", errors="replace")
    except (OSError, RuntimeError):  # none, unreadable, a dangling or looping link, a FIFO, too large
        return None
    m = _PROJECT_NAME_RE.search(text)
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
            raise MissingInputError(f"source not found: {printable_name(src)}")
        if p.is_file() and p.suffix == ".parquet":
            yield from _parquet_sources(p, max_file_bytes)
        elif p.is_file():
            if p.suffix != ".jl":
                yield Skipped(printable_name(str(p)), "", "not-julia", "not a .jl file")
                continue
            pkg = _package_for_file(p)
            yield from _file_source(p, p.name, pkg, p.parent.resolve(), max_file_bytes)
        elif p.is_dir():
            yield from _folder_sources(p, max_file_bytes)
        else:
            yield Skipped(printable_name(str(p)), "", "unreadable", "neither a file nor a folder")


def _package_for_file(p: Path) -> str:
    for parent in [p.parent, *p.parent.parents][:4]:
        name = project_name(parent)
        if name:
            return name
    return package_name_of(p.parent) if p.parent.name not in ("src", "test", "") else \
        package_name_of(p.parent.parent)


def walk_folders(root: Path) -> Iterator[tuple[str, list, list] | Skipped]:
    """`os.walk(root)` top-down without following links, as a loop (os.walk recurses: a tree 1,200
    folders deep raised RecursionError); folders are visited in sorted order, hidden and tool folders
    skipped; a folder that cannot be listed yields a Skipped record."""
    stack = [str(root)]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = list(it)
        except OSError as exc:
            rel = os.path.relpath(top, root)
            yield Skipped(printable_name((Path(root.name) / rel).as_posix()), "", "unreadable",
                          f"folder not listed: {exc.strerror or exc}")
            continue
        dirnames, filenames = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
                if is_dir and entry.is_symlink():
                    continue  # a link to a folder is not walked into (as os.walk(followlinks=False))
            except OSError:
                is_dir = False
            (dirnames if is_dir else filenames).append(entry.name)
        dirnames = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        yield top, dirnames, filenames
        stack.extend(os.path.join(top, d) for d in reversed(dirnames))


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
            if key not in project_cache:  # environments without a name do not count
                project_cache[key] = project_name(root / cur, root_real)
            if project_cache[key] is not None:
                return project_cache[key]
            if cur == Path("."):
                break
            cur = cur.parent
        if single_package or rel_dir == Path("."):
            return root_name
        first = rel_dir.parts[0]
        return first[:-3] if first.endswith(".jl") else first

    for walked in walk_folders(root):
        if isinstance(walked, Skipped):
            yield walked
            continue
        dirpath, _, filenames = walked
        rel_dir = Path(os.path.relpath(dirpath, root))
        for fname in sorted(filenames):
            if not fname.endswith(".jl"):
                continue
            full = Path(dirpath) / fname
            rel = (Path(root.name) / rel_dir / fname) if rel_dir != Path(".") else Path(root.name) / fname
            yield from _file_source(full, rel.as_posix(), package_for(rel_dir), root_real, max_file_bytes)
        # folders named `Foo.jl` are folders: os.walk lists them in dirnames, never as files


def _file_source(full: Path, display: str, package: str, root_real: Path, max_file_bytes: int):
    if not (_utf8(display) and _utf8(package)):
        yield Skipped(printable_name(display), printable_name(package), "bad-file-name",
                      "the file or folder name is not valid UTF-8")
        return
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
    yield SourceFile(display, package, None, str(full), max_bytes=max_file_bytes)


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
            display = f"{printable_name(path.name)}#{row}" + (f":{fpath}" if fpath else "")
            package = (repo or path.stem).rsplit("/", 1)[-1]
            package = package[:-3] if package.endswith(".jl") else package
            row += 1
            if content is None:
                yield Skipped(display, package, "empty", "null content")
                continue
            try:
                data = content_bytes(content)
            except UnsafeFile as exc:
                yield Skipped(display, package, exc.reason, str(exc))
                continue
            if len(data) > max_file_bytes:
                yield Skipped(display, package, "too-large", f"{len(data)} bytes > {max_file_bytes}")
                continue
            yield SourceFile(display, package, data, None, (str(path), rg, i))
