"""Killing ingest at any moment and rerunning gives the uninterrupted result; dead workers are
replaced and their file recorded as failed."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from juliatag.ingest import IngestOptions, ingest
from juliatag.ingest.worker import CRASH_ENV

from .conftest import tree_bytes, write_packages


def _ingest_cmd(src, out):
    return [sys.executable, "-m", "juliatag.cli.__main__", "ingest", str(src), "--out", str(out), "--jobs", "1",
            "--task-bytes", "400", "--json"]


def _wait_until_gone(pgid: int, timeout: float = 60.0) -> None:
    """Wait until no live process of the group `pgid` is left: a killed process's children exit
    after it (later on a loaded machine), and one that has not exited yet still holds what it had
    open (the output's lock). A zombie holds nothing; where /proc cannot tell, return at once."""
    proc = Path("/proc")
    if not proc.is_dir():
        return
    deadline = time.time() + timeout
    while time.time() < deadline:
        live = False
        for stat in proc.glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue   # (gone meanwhile)
            if fields[0] != "Z" and int(fields[2]) == pgid:
                live = True
                break
        if not live:
            return
        time.sleep(0.05)
    raise AssertionError(f"processes of group {pgid} still running after {timeout} s")


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
    _wait_until_gone(proc.pid)   # its workers too: a worker still exiting holds the output's lock
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
