"""The parent side of the worker protocol against a fake worker: round trip, timeouts, crashes."""

import os
import signal
import time

import pytest

from juliatag.backends.client import WorkerClient, WorkerCrashed, WorkerError, WorkerStartError, WorkerTimeout
from juliatag.backends.julia import JuliaBackend, _worker_env
from juliatag.backends.protocol import PROTOCOL_VERSION
from .julia_test_helpers import fake_command


def label(client, text, timeout=10.0, allow_exec=False):
    return client.request({"op": "label", "text": text, "allow_exec": allow_exec, "timeout": timeout, "path": None},
                          timeout)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child may linger as a zombie until reaped; the client reaps it
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return True


@pytest.fixture
def client():
    c = WorkerClient(fake_command(), startup_timeout=30, env=_worker_env(None))
    yield c
    c.close()


def test_round_trip(client):
    hello = client.start()
    assert hello["event"] == "ready" and hello["protocol"] == PROTOCOL_VERSION and hello["worker"].startswith("Fake")
    res = label(client, "#fake:type x Float64 stable\nx = 1\n", allow_exec=True)
    assert set(res) >= {"tokens", "labels", "ranges", "errors", "decls", "functions", "diagnostics"}
    x = [lab for lab in res["labels"] if lab.get("type") == "Float64"]
    assert len(x) == 1 and x[0]["stability"] == "stable"
    assert res["exec"]["allow_exec"] is True and res["exec"]["timeout"] == 10.0
    assert client.ping()
    assert client.starts == 1


def test_noise_on_stdout_does_not_break_the_protocol(client):
    res = label(client, "#fake:print\ny = 2\n")
    assert any(lab.get("type") == "Int64" for lab in res["labels"])
    assert label(client, "z = 3\n")["labels"]


def test_a_slow_file_times_out_and_a_fresh_worker_takes_the_next(client):
    pid = client.start()["pid"]
    t0 = time.monotonic()
    with pytest.raises(WorkerTimeout, match="longer than 1 s"):
        label(client, "#fake:sleep 20\n", timeout=1.0)
    assert time.monotonic() - t0 < 5
    assert not alive(pid)
    res = label(client, "a = 1\n")
    assert res["labels"] and client.starts == 2 and client.hello["pid"] != pid


def test_a_crashing_worker_costs_one_file(client):
    with pytest.raises(WorkerCrashed, match="exit status 7"):
        label(client, "#fake:crash\n")
    assert label(client, "a = 1\n")["labels"] and client.starts == 2


def test_a_failed_request_keeps_the_worker(client):
    pid = client.start()["pid"]
    with pytest.raises(WorkerError, match="RuntimeError: no luck"):
        label(client, "#fake:fail no luck\n")
    assert label(client, "a = 1\n")["labels"] and client.hello["pid"] == pid and client.starts == 1


@pytest.mark.parametrize("mode, message", [
    ("start", "fake start failure: install nothing, this is a test"),
    ("exit", "exited before it was ready (exit status 5): fake worker: exiting before ready"),
    ("protocol", "speaks protocol 99"),
])
def test_start_failures_are_one_line_and_sticky(monkeypatch, mode, message):
    monkeypatch.setenv("FAKE_JULIA_WORKER_FAIL", mode)
    c = WorkerClient(fake_command(), startup_timeout=30, env=_worker_env(None))
    with pytest.raises(WorkerStartError) as info:
        label(c, "a = 1\n")
    assert message in str(info.value) and "\n" not in str(info.value)
    t0 = time.monotonic()
    with pytest.raises(WorkerStartError):
        label(c, "b = 2\n")
    assert time.monotonic() - t0 < 0.5 and c.starts == 1        # not retried for every file
    c.close()


def test_a_worker_that_never_gets_ready(monkeypatch):
    monkeypatch.setenv("FAKE_JULIA_WORKER_FAIL", "hang")
    c = WorkerClient(fake_command(), startup_timeout=1.5, env=_worker_env(None))
    t0 = time.monotonic()
    with pytest.raises(WorkerStartError, match="did not start within 1.5 s"):
        c.start()
    assert time.monotonic() - t0 < 5 and not c.alive


def test_an_interrupted_start_is_resumed_not_repeated(monkeypatch):
    """ingest limits each file with SIGALRM; a start-up cut short by it goes on with the next file."""
    monkeypatch.setenv("FAKE_JULIA_WORKER_FAIL", "slow")
    c = WorkerClient(fake_command(), startup_timeout=30, env=_worker_env(None))

    class Interrupted(Exception):
        pass

    def on_alarm(signum, frame):
        raise Interrupted()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(Interrupted):
            label(c, "a = 1\n")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert c.alive and c.hello is None
    assert label(c, "a = 1\n")["labels"] and c.starts == 1
    c.close()


def test_a_missing_worker_command():
    c = WorkerClient(["/nonexistent/juliatag-worker"], startup_timeout=5)
    with pytest.raises(WorkerStartError, match="cannot start the julia worker"):
        c.start()


def test_backend_restarts_and_closes(fake_worker):
    b = JuliaBackend(timeout=1.0)
    with pytest.raises(WorkerTimeout):
        b.label(b"", "#fake:sleep 20\n")
    fl = b.label(b"x = 1\n", "x = 1\n")
    assert fl.types[-2] == "Int64"
    pid = b.client.hello["pid"]
    b.close()
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)
