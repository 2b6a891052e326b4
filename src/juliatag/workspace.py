"""The default workspace: where commands read and write when no paths are given.

`juliatag ingest ./packages` writes `./juliatag-work/corpus`; a bare `build-vocab`, `shard`,
`train` and `eval` then find their inputs there. `JULIATAG_WORKSPACE` moves the root.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "JULIATAG_WORKSPACE"
DEFAULT_ROOT = "juliatag-work"


def root() -> Path:
    """The workspace folder; JuliatagError (one line) when it names a file."""
    from .errors import JuliatagError

    path = Path(os.environ.get(ROOT_ENV) or DEFAULT_ROOT)
    if path.exists() and not path.is_dir():
        where = f"{ROOT_ENV}={path}" if os.environ.get(ROOT_ENV) else f"the workspace {path}"
        raise JuliatagError(f"{where} is a file, not a folder")
    return path


def corpus_dir() -> Path:
    return root() / "corpus"


def tokenizer_dir() -> Path:
    return root() / "tokenizer"


def shards_dir() -> Path:
    return root() / "shards"


def run_dir() -> Path:
    return root() / "run"
