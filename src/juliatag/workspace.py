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
    return Path(os.environ.get(ROOT_ENV) or DEFAULT_ROOT)


def corpus_dir() -> Path:
    return root() / "corpus"


def tokenizer_dir() -> Path:
    return root() / "tokenizer"


def shards_dir() -> Path:
    return root() / "shards"


def run_dir() -> Path:
    return root() / "run"
