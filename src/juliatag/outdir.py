"""Output folders: a command replaces or removes only what it can prove it wrote.

A folder may be written into (and its old entries replaced) when it does not exist, is empty,
carries juliatag's marker file of the same kind (`.juliatag-output`), or holds the command's own
manifest (`OutputKind.proves`). Anything else is refused with a one-line error naming the
folder, before any work is done. An output that is, contains or lies inside one of the
command's inputs is refused too.

Every writer goes through the same three calls:

    kind = OutputKind("tokenizer", "build-vocab", proves=..., marker=True)
    out = check_output_dir(out, kind, inputs=[corpus])   # before any work
    with exclusive(out):                                 # one run per output folder
        claim_output_dir(out, kind)                      # create it, write the marker
        ...write...

`stale_staging` lists the staging folders a killed run left behind (their PID is dead).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import JuliatagError
from .files import atomic_write_text

MARKER = ".juliatag-output"
LOCK_SUFFIX = ".lock"
STAGING_RE = re.compile(r"^\.staging-(\d+)$")


@dataclass(frozen=True)
class OutputKind:
    """What a command writes: its name in messages, and how to recognise a folder it wrote."""

    name: str                                      # "lexeme corpus", "tokenizer", ...
    command: str                                   # "ingest", "build-vocab", ...
    proves: Callable[[Path], bool] | None = None   # the folder holds this command's own manifest
    marker: bool = False                           # write `.juliatag-output` when claiming the folder
    leftovers: re.Pattern | None = None            # names of the command's own leftovers (e.g. staging)

    def marker_text(self) -> str:
        return json.dumps({"command": self.command, "kind": self.name}, sort_keys=True) + "\n"


def read_json_object(path: Path) -> dict | None:
    """The JSON object in `path`, or None when it is missing, unreadable, or not an object."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _has_marker(folder: Path, kind: OutputKind) -> bool:
    data = read_json_object(folder / MARKER)
    return data is not None and data.get("command") == kind.command and data.get("kind") == kind.name


def is_owned(folder: Path, kind: OutputKind) -> bool:
    """True when `folder` is a real folder that is empty (but for the kind's own leftovers),
    carries the kind's marker, or holds its manifest."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    entries = [e.name for e in os.scandir(folder)]
    if kind.leftovers is not None:
        entries = [e for e in entries if not kind.leftovers.match(e)]
    if not entries:
        return True
    if _has_marker(folder, kind):
        return True
    return bool(kind.proves and kind.proves(folder))


def _overlap(out: Path, inputs) -> Path | None:
    for inp in inputs:
        if inp is None:
            continue
        src = Path(inp).resolve()
        if out == src or out in src.parents or src in out.parents:
            return Path(inp)
    return None


def check_output_dir(out: str | Path, kind: OutputKind, inputs=(), option: str = "--out") -> Path:
    """Refuse (JuliatagError) an output folder the command may not write; returns `out` as a Path.

    Refused: a path that exists and is not a folder, a symbolic link, a folder that is not empty
    and does not prove it was written by `kind.command`, and a folder that is, contains, or lies
    inside one of `inputs`.
    """
    out = Path(out)
    resolved = out.resolve()
    clash = _overlap(resolved, inputs)
    if clash is not None:
        raise JuliatagError(f"{option} {out} overlaps the input {clash}; choose an output folder outside the inputs")
    if out.is_symlink():
        raise JuliatagError(f"{option} {out} is a symbolic link; give the real folder")
    if out.exists() and not out.is_dir():
        raise JuliatagError(f"{option} {out} exists and is not a folder")
    if out.exists() and not is_owned(out, kind):
        raise JuliatagError(f"{option} {out} is not empty and was not written by `juliatag {kind.command}` "
                            f"(no {kind.name} in it); refusing to replace it: choose an empty or new folder")
    for parent in resolved.parents:
        if parent.exists() and not parent.is_dir():
            raise JuliatagError(f"{option} {out}: {parent} is a file, not a folder")
    return out


def claim_output_dir(out: Path, kind: OutputKind, marker: bool | None = None) -> None:
    """Create `out` (and its parents) and, for kinds that use one (or when `marker`), write the marker."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise JuliatagError(f"cannot create the folder {out}: a file is in the way") from exc
    if (kind.marker if marker is None else marker) and not _has_marker(out, kind):
        atomic_write_text(out / MARKER, kind.marker_text())


def release_marker(out: Path, kind: OutputKind) -> None:
    """Remove the kind's marker (for kinds whose manifest proves the folder once it is written)."""
    if _has_marker(out, kind):
        (out / MARKER).unlink()


def lock_path(out: Path) -> Path:
    """The lock file of an output folder: a hidden file beside it."""
    return out.parent / f".{out.name}{LOCK_SUFFIX}"


@contextmanager
def exclusive(out: str | Path) -> Iterator[Path]:
    """Hold the output folder's lock for the block; a second run fails at once with one line."""
    path = lock_path(Path(out).resolve())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise JuliatagError(f"cannot create the folder {path.parent}: a file is in the way") from exc
    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(8):
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise JuliatagError(f"lock file {path} is a symbolic link; remove it") from exc
            raise JuliatagError(f"cannot create the lock file {path}: {exc.strerror}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JuliatagError(f"another juliatag run is writing {out} (it holds {path}); "
                                f"wait for it to finish") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder removed the file between our open and our lock: try again
    else:  # pragma: no cover - needs a lock file replaced eight times in a row
        raise JuliatagError(f"could not lock {path}")
    try:
        yield path
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        os.close(fd)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_staging(folder: Path) -> list[Path]:
    """`.staging-PID` folders in `folder` whose process is gone (a killed run's leftovers)."""
    if not folder.is_dir():
        return []
    out = []
    for entry in os.scandir(folder):
        m = STAGING_RE.match(entry.name)
        if m and entry.is_dir(follow_symlinks=False):
            pid = int(m.group(1))
            if pid != os.getpid() and not pid_alive(pid):
                out.append(Path(entry.path))
    return sorted(out)
