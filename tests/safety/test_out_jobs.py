"""Issue 14 item 6: `--jobs` is capped at the number of tasks and at what memory allows, and the
summary says so; one resolver serves every command."""

from __future__ import annotations

import json

import pytest

from juliatag.errors import JuliatagError

from .conftest import run_cli


def test_ingest_never_starts_more_workers_than_tasks(tmp_path, tree):
    from juliatag.ingest import IngestOptions, ingest

    summary = ingest([str(tree)], tmp_path / "c", IngestOptions(jobs=16))
    assert summary.tasks == 1
    assert summary.jobs == 1
    assert "only 1 task" in summary.jobs_note


def test_ingest_summary_tells_the_cap(tmp_path, tree):
    proc = run_cli("ingest", tree, "--out", tmp_path / "c", "--jobs", "1000", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["jobs"] == 1 and "task" in out["jobs_note"]


def test_memory_caps_the_workers():
    from juliatag.jobs import WORKER_MEMORY, resolve_jobs

    per = WORKER_MEMORY["ingest"]
    jobs = resolve_jobs(64, "ingest", tasks=100, memory=3 * per + 1)
    assert jobs.count == 3 and jobs.limited_by == "memory"
    assert "memory" in jobs.note("ingest")
    assert resolve_jobs(None, "ingest", tasks=100, memory=per // 2).count == 1  # always at least one
    assert resolve_jobs(4, "shard", tasks=None, memory=1 << 50).count == 4


def test_one_resolver_and_bad_values():
    from juliatag.ingest.options import default_jobs as ingest_default
    from juliatag.jobs import available_cpus, resolve_jobs
    from juliatag.shards.options import default_jobs as shard_default

    assert ingest_default() == shard_default() == available_cpus()
    for bad in (-1, 10**9, 2.5, True):
        with pytest.raises(JuliatagError, match="--jobs"):
            resolve_jobs(bad, "ingest")
