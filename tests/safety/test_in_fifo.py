"""Issue 14 item 4: a planned file swapped for a FIFO before labelling no longer blocks a worker
forever (it was opened, outside the per-file limit, with a blocking open())."""

from __future__ import annotations

import json
import os
import textwrap

import pytest

from .in_helpers import ROOT, run_child

HARD_TIMEOUT_S = 120


def test_fifo_swapped_in_after_planning_is_skipped_not_waited_for(tmp_path):
    code = textwrap.dedent(f"""
        import json, os
        from pathlib import Path
        from tests.safety.in_helpers import ingest_with_swap, small_package
        root = Path({str(tmp_path)!r})
        pkg = small_package(root)
        target = pkg / "src" / "a.jl"
        def swap():
            target.unlink()
            os.mkfifo(target)
        print(json.dumps(ingest_with_swap([pkg], root / "out", swap)))
    """)
    r = run_child(code, HARD_TIMEOUT_S, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-2000:]
    recs = json.loads(r.stdout.strip().splitlines()[-1])
    assert (recs["a.jl"]["status"], recs["a.jl"]["reason"]) == ("skipped", "not-regular-file")
    assert "FIFO" in recs["a.jl"]["detail"]
    assert recs["b.jl"]["status"] == "labeled"


def test_fifo_swapped_in_after_discovery_does_not_block_planning(tmp_path):
    from juliatag.sources import SourceFile, UnsafeFile

    f = tmp_path / "x.jl"
    os.mkfifo(f)
    with pytest.raises(UnsafeFile, match="FIFO"):
        SourceFile("x.jl", "P", None, str(f)).read()
