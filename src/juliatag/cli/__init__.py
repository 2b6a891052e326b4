"""Command line: parses arguments and calls the library. No pipeline logic lives here."""

from __future__ import annotations

import os
import sys

from ..errors import JuliatagError
from .app import app

# command modules register on `app` when imported
from . import compare, doctor, evaluate, generate, ingest, label, score, shard, stats, train, truth, vocab  # noqa: E402,F401


def main() -> None:
    try:
        app()
    except JuliatagError as exc:
        print(f"juliatag: error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("juliatag: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # one line for the user; the traceback on request
        if os.environ.get("JULIATAG_DEBUG"):
            raise
        print(f"juliatag: internal error: {type(exc).__name__}: {exc} (set JULIATAG_DEBUG=1 for a traceback)",
              file=sys.stderr)
        sys.exit(2)
