"""Issue 14 item 10: a file or folder name that is not UTF-8 is recorded and the run goes on (it
aborted with `internal error: UnicodeEncodeError`)."""

from __future__ import annotations

import os

from juliatag.sources import Skipped, discover

from .in_helpers import ingest_with_swap, small_package


def test_non_utf8_names_are_recorded(tmp_path):
    pkg = small_package(tmp_path)
    src = os.fsencode(pkg / "src")
    with open(os.path.join(src, b"bad\xff.jl"), "w") as fh:
        fh.write("x = 1\n")
    os.mkdir(os.path.join(src, b"dir\xfe"))
    with open(os.path.join(src, b"dir\xfe", b"inner.jl"), "w") as fh:
        fh.write("y = 2\n")
    skipped = {s.path: s.reason for s in discover([str(pkg)]) if isinstance(s, Skipped)}
    assert skipped == {"Small.jl/src/bad\\xff.jl": "bad-file-name", "Small.jl/src/dir\\xfe/inner.jl": "bad-file-name"}
    recs = ingest_with_swap([pkg], tmp_path / "out")
    assert (recs["bad\\xff.jl"]["status"], recs["bad\\xff.jl"]["reason"]) == ("skipped", "bad-file-name")
    assert recs["inner.jl"]["reason"] == "bad-file-name"
    assert recs["a.jl"]["status"] == recs["b.jl"]["status"] == "labeled"
