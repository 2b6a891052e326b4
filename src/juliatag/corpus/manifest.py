"""The corpus manifest: tables, options, counts and per-file status, written last.

Per-file records are appended to a JSON-lines spool while ingest runs (memory stays flat) and
streamed into `manifest.json` at the end, then the spool is removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

SPOOL = ".files.jsonl.partial"


class FileRecordSpool:
    def __init__(self, out_dir: str | Path):
        self.path = Path(out_dir) / SPOOL
        self._fh = open(self.path, "w", encoding="utf-8")
        self.count = 0

    def add(self, record: dict) -> None:
        self._fh.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()


def write_manifest(out_dir: str | Path, header: dict, spool: FileRecordSpool) -> Path:
    """Write `manifest.json` = header + {"files": [...spooled records...]} atomically."""
    spool.close()
    out = Path(out_dir) / "manifest.json"
    tmp = out.with_name("manifest.json.partial")
    body = json.dumps(header, indent=2, sort_keys=True, ensure_ascii=False)
    assert body.endswith("}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(body[:-1].rstrip() + ',\n  "files": [')
        first = True
        with open(spool.path, encoding="utf-8") as src:
            for line in src:
                fh.write(("\n    " if first else ",\n    ") + line.rstrip("\n"))
                first = False
        fh.write("\n  ]\n}\n" if not first else "]\n}\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    os.remove(spool.path)
    return out
