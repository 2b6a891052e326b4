"""Killing ingest at any moment and rerunning gives the uninterrupted result; dead workers are
replaced and their file recorded as failed."""

import json
import os
import signal
import subprocess
import sys
import time

from juliatag.ingest import IngestOptions, ingest
from juliatag.ingest.worker import CRASH_ENV

from .conftest import tree_bytes, write_packages


def _ingest_cmd(src, out):
    return [sys.executable, "-m", "juliatag.cli.__main__", "ingest", str(src), "--out", str(out), "--jobs", "1",
            "--task-bytes", "400", "--json"]


def test_sigkill_then_rerun_equals_a_clean_run(tmp_path, monkeypatch):
    src = write_packages(tmp_path, n_packages=4)
    clean = tmp_path / "clean"
    ingest([str(src)], clean, IngestOptions(jobs=1, task_bytes=400))
    out = tmp_path / "killed"
    staging = tmp_path / "killed.partial"
    proc = subprocess.Popen(_ingest_cmd(src, out), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:  # kill once some, but not all, tasks are complete
        done = list((staging / ".tasks").glob("*.done")) if (staging / ".tasks").exists() else []
        if len(done) >= 2:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert staging.exists() and not out.exists()
    summary = ingest([str(src)], out, IngestOptions(jobs=2, task_bytes=400))
    assert summary.tasks_resumed >= 2
    assert tree_bytes(out) == tree_bytes(clean)
    assert not staging.exists()


def test_a_file_that_kills_its_worker_is_recorded_not_fatal(tmp_path, monkeypatch):
    src = write_packages(tmp_path, n_packages=2)
    monkeypatch.setenv(CRASH_ENV, "1_stats.jl")
    summary = ingest([str(src)], tmp_path / "c", IngestOptions(jobs=2, task_bytes=400))
    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text())
    status = {f["path"].rsplit("/", 1)[-1]: f for f in manifest["files"]}
    assert status["1_stats.jl"]["status"] == "failed" and status["1_stats.jl"]["reason"] == "worker-crashed"
    assert status["0_stats.jl"]["status"] == "labeled"
    assert summary.files_labeled == len(status) - 1
