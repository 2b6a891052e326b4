"""The parent side of the worker protocol: spawn a worker, talk to it, kill it when it hangs.

One `WorkerClient` owns at most one worker process at a time. A request that takes longer than
its timeout kills the worker (`WorkerTimeout`); a worker that dies mid-request raises
`WorkerCrashed`. Either way the next request starts a fresh worker. A worker that cannot start
(its `fatal` line, or an exit before `ready`) raises `WorkerStartError`, and that failure is
sticky: later requests fail at once with the same message instead of paying the start-up again.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
import weakref

from ..errors import JuliatagError
from .protocol import PROTOCOL_VERSION, encode, one_line


class WorkerError(JuliatagError):
    """A per-file failure of the worker (the run goes on)."""


class WorkerTimeout(WorkerError):
    pass


class WorkerCrashed(WorkerError):
    pass


class WorkerStartError(JuliatagError):
    """The worker could not start: a problem with the installation, not with one file."""


_EOF = object()
_LIVE: "weakref.WeakSet[WorkerClient]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:  # pragma: no cover - runs at interpreter exit
    for client in list(_LIVE):
        client.close()


def _bind_prctl():
    """libc's prctl, looked up here so the child runs no imports between fork and exec."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _bind_prctl()
_PR_SET_PDEATHSIG = 1
_SIGKILL = 9


def _pdeathsig():  # pragma: no cover - runs in the child between fork and exec
    """Linux: the worker gets SIGKILL when the thread that spawned it dies (e.g. a killed ingest worker)."""
    _PRCTL(_PR_SET_PDEATHSIG, _SIGKILL)


class WorkerClient:
    def __init__(self, command: list[str], startup_timeout: float = 300.0, env: dict | None = None):
        self.command = list(command)
        self.startup_timeout = startup_timeout
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.hello: dict | None = None
        self.starts = 0
        self._lines: queue.Queue | None = None
        self._stderr = None
        self._next_id = 0
        self._start_error: str | None = None
        self._starting = False
        self._start_deadline = 0.0
        self._lock = threading.Lock()
        _LIVE.add(self)

    # ------------------------------------------------------------------ lifecycle
    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> dict:
        """Start the worker (if not running) and return its `ready` message.

        Waiting for `ready` may be interrupted by an exception from outside (a signal-based time
        limit around a file, Ctrl-C): the worker keeps starting, and the next call resumes waiting
        until the start-up deadline instead of spawning another one.
        """
        if self._start_error is not None:
            raise WorkerStartError(self._start_error)
        if self.alive and self.hello is not None:
            return self.hello
        if not (self.alive and self._starting):
            self._spawn()
        msg = self._read(self._start_deadline, starting=True)
        self._starting = False
        if msg.get("event") == "fatal":
            self._start_error = one_line(msg.get("error") or "the julia worker failed to start")
            try:
                self.proc.wait(5)           # it exits by itself after a fatal line
            except subprocess.TimeoutExpired:
                pass
            self._kill()
            raise WorkerStartError(self._start_error)
        if msg.get("event") != "ready":
            self._start_error = (f"the julia worker sent {one_line(json.dumps(msg), 200)} "
                                 f"instead of a ready message")
            self._kill()
            raise WorkerStartError(self._start_error)
        if msg.get("protocol") != PROTOCOL_VERSION:
            self._start_error = (f"the julia worker speaks protocol {msg.get('protocol')!r}, "
                                 f"juliatag expects {PROTOCOL_VERSION}")
            self._kill()
            raise WorkerStartError(self._start_error)
        self.hello = msg
        return msg

    def _spawn(self) -> None:
        self._discard()
        self._stderr = tempfile.TemporaryFile()
        # PR_SET_PDEATHSIG follows the spawning thread: only from the main thread
        use_pdeathsig = _PRCTL is not None and threading.current_thread() is threading.main_thread()
        try:
            self.proc = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                env=self.env, preexec_fn=_pdeathsig if use_pdeathsig else None)
        except OSError as exc:
            self._start_error = f"cannot start the julia worker ({' '.join(self.command)}): {exc}"
            raise WorkerStartError(self._start_error) from exc
        self.starts += 1
        self._starting = True
        self._start_deadline = time.monotonic() + self.startup_timeout
        self._lines = queue.Queue()
        threading.Thread(target=self._pump, args=(self.proc.stdout, self._lines), daemon=True).start()

    def close(self, grace: float = 2.0) -> None:
        """Ask the worker to stop; kill it if it does not within `grace` seconds."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                proc.stdin.write(encode({"id": None, "op": "shutdown"}))
                proc.stdin.flush()
                proc.stdin.close()
                proc.wait(grace)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        self._discard()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):  # pragma: no cover - best effort
        try:
            self._kill()
        except Exception:
            pass

    # ------------------------------------------------------------------ requests
    def request(self, payload: dict, timeout: float) -> dict:
        """Send one request; return its `result` or raise a WorkerError (a killed worker is restarted
        by the next request)."""
        with self._lock:
            self.start()
            self._next_id += 1
            req_id = self._next_id
            try:
                self.proc.stdin.write(encode({**payload, "id": req_id}))
                self.proc.stdin.flush()
            except (OSError, ValueError) as exc:
                detail = self._stderr_tail()
                self._kill()
                raise WorkerCrashed(f"the julia worker died ({self._exit_text()}){detail}") from exc
            deadline = time.monotonic() + timeout
            while True:
                try:
                    msg = self._read(deadline)
                except WorkerTimeout:
                    self._kill()
                    raise WorkerTimeout(f"the julia worker took longer than {timeout:g} s on this file "
                                        f"(killed; a fresh worker takes the next file)") from None
                except WorkerError:
                    raise
                except BaseException:
                    # interrupted from outside while the worker is busy: its state is unknown
                    self._kill()
                    raise
                if msg.get("id") == req_id:
                    break
                if msg.get("id") is None and msg.get("ok") is False:   # it could not read our request
                    raise WorkerError(one_line(msg.get("error") or "the julia worker rejected the request"))
            if not msg.get("ok"):
                raise WorkerError(one_line(msg.get("error") or "the julia worker failed on this file"))
            return msg.get("result")

    def ping(self, timeout: float = 10.0) -> bool:
        return self.request({"op": "ping"}, timeout) == "pong"

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _pump(stream, lines: queue.Queue) -> None:
        try:
            for raw in stream:
                lines.put(raw)
        except (OSError, ValueError):
            pass
        finally:
            lines.put(_EOF)

    def _read(self, deadline: float, starting: bool = False) -> dict:
        """The next protocol message; non-JSON lines (noise a worker should not print) are skipped."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if starting:
                    self._kill()
                    self._start_error = f"the julia worker did not start within {self.startup_timeout:g} s"
                    raise WorkerStartError(self._start_error)
                raise WorkerTimeout("timeout")
            try:
                raw = self._lines.get(timeout=left)
            except queue.Empty:
                continue
            if raw is _EOF:
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass
                detail = self._stderr_tail()
                self._kill()
                if starting:
                    self._start_error = (f"the julia worker exited before it was ready "
                                         f"({self._exit_text()}){detail}")
                    raise WorkerStartError(self._start_error)
                raise WorkerCrashed(f"the julia worker died on this file ({self._exit_text()}){detail}")
            try:
                msg = json.loads(raw)
            except ValueError:
                continue
            if isinstance(msg, dict):
                return msg

    def _exit_text(self) -> str:
        code = self.proc.returncode if self.proc is not None else None
        if code is None:
            return "still running"
        if code < 0:
            return f"killed by signal {-code}"
        return f"exit status {code}"

    def _stderr_tail(self, limit: int = 300) -> str:
        if self._stderr is None:
            return ""
        try:
            self._stderr.flush()
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - 4096))
            text = self._stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        lines = [ln for ln in text.splitlines() if ln.strip()]
        return f": {one_line(lines[-1], limit)}" if lines else ""

    def _kill(self) -> None:
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                proc.kill()
                proc.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.hello = None
        self._starting = False

    def _discard(self) -> None:
        self._kill()
        if self.proc is not None:
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    if stream is not None:
                        stream.close()
                except OSError:
                    pass
        self.proc = None
        if self._stderr is not None:
            try:
                self._stderr.close()
            except OSError:
                pass
            self._stderr = None
