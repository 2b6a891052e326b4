"""The wire protocol between juliatag and a Julia labelling worker, and the worker-side loop.

A worker is a separate process (normally `python -m juliatag.backends.julia_worker`, which hosts
Julia through juliacall). It talks JSON lines over its stdin/stdout, one UTF-8 JSON object per
line, protocol version `PROTOCOL_VERSION`:

worker -> parent, once at start-up, before any request:
    {"event": "ready", "protocol": 1, "worker": "...", "julia_version": "1.10.4", ...}
 or {"event": "fatal", "error": "one line"}            (then the worker exits non-zero)

parent -> worker:
    {"id": 7, "op": "label", "text": "<file text>", "allow_exec": false, "timeout": 30.0,
     "path": "src/foo.jl" | null}
    {"id": 8, "op": "ping"}
    {"id": 9, "op": "shutdown"}

worker -> parent, one line per request, same id:
    {"id": 7, "ok": true, "result": {...}}     or     {"id": 7, "ok": false, "error": "one line"}

The `result` of `label` (all offsets are 0-based UTF-8 byte offsets; `end` is exclusive):
    tokens:      [[start, end, kind, tokflags], ...]   the worker's own tokens (JuliaSyntax kind
                 names, unmapped; tokflags bits: TOK_* below); zero-width tokens may be omitted
    labels:      [{"start": s, "type": "Int64" | null, "flags": ["definition", ...],
                   "stability": "stable" | "union" | "unstable" | null}, ...]
                 a label belongs to the lexeme that contains byte `start` (the first byte of the
                 token it describes: the name in a call, the operator of an infix call, ...)
    ranges:      [[start, end, ["in_macro", ...]], ...]   flags for every non-trivia lexeme overlapping
    errors:      [[start, end], ...]                       syntax-error regions
    decls:       ["struct Foo{T} <: Bar end", ...]          type declarations of the file, in the
                                                            syntax of data/base_types.jl
    functions:   [{"name", "start", "end", "return_type", "stability", ...}, ...]
    diagnostics: ["line 3: ...", ...]
    note:        null or why the file has syntax-level labels only
    exec:        null, or what evaluation did ({"evaluated": n, "failed": n, "methods": n, ...})

Type strings are Julia's own printing (`Vector{Float64}`); juliatag parses them into its type
lattice, so the printing of aliases and the order of union members do not matter.

Worker processes must keep their stdout for the protocol only: code they run (Julia's `println`,
package code with --allow-exec) writes to file descriptor 1. `serve` therefore moves the protocol
onto private duplicates of fds 0 and 1 and points fd 1 at stderr and fd 0 at /dev/null first.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from typing import Callable

PROTOCOL_VERSION = 1

# token flag bits (the 4th element of each token)
TOK_DOTTED = 1        # a broadcast operator (`.+` reported as one token with kind `+`)
TOK_SUFFIXED = 2      # an operator with a suffix (`+₁`)
TOK_OPERATOR = 4      # JuliaSyntax's is_operator(kind)
TOK_KEYWORD = 8       # JuliaSyntax's is_keyword(kind)
TOK_ERROR = 16        # JuliaSyntax's is_error(kind)

MAX_ERROR_CHARS = 400


def one_line(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    """Collapse a message to one line of bounded length."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def encode(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class ProtocolStreams:
    """The worker's private protocol channel (binary), separated from fds 0/1."""

    def __init__(self, inp, out):
        self.inp = inp
        self.out = out

    def send(self, obj: dict) -> None:
        self.out.write(encode(obj))
        self.out.flush()

    def send_raw_result(self, req_id, result_json: str) -> None:
        """Send `{"id", "ok": true, "result": <result_json>}` without re-encoding a large result."""
        head = json.dumps(req_id)
        self.out.write(f'{{"id":{head},"ok":true,"result":{result_json}}}\n'.encode("utf-8"))
        self.out.flush()

    def lines(self):
        for raw in self.inp:
            raw = raw.strip()
            if raw:
                yield raw


def protocol_streams() -> ProtocolStreams:
    """Take fds 0/1 for the protocol and leave harmless ones in their place (see module doc)."""
    sys.stdout.flush()
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)           # anything printed to fd 1 from now on lands in the worker's stderr
    return ProtocolStreams(_LineReader(proto_in), proto_out)


class _LineReader:
    """Iterate over lines of an unbuffered binary stream (no read-ahead past a request)."""

    def __init__(self, raw):
        self.raw = raw
        self.buf = b""

    def __iter__(self):
        while True:
            nl = self.buf.find(b"\n")
            if nl >= 0:
                line, self.buf = self.buf[:nl + 1], self.buf[nl + 1:]
                yield line
                continue
            chunk = self.raw.read(1 << 16)
            if not chunk:
                if self.buf:
                    line, self.buf = self.buf, b""
                    yield line
                return
            self.buf += chunk


LabelHandler = Callable[[dict], "str | dict"]


def serve(streams: ProtocolStreams, hello: dict, label: LabelHandler) -> int:
    """The worker loop: announce readiness, then answer requests until shutdown or EOF.

    `label(request)` returns the result either as a dict or as an already-encoded JSON string
    (the Julia side builds its JSON itself). An exception becomes an `ok: false` answer; the
    worker keeps serving.
    """
    streams.send({"event": "ready", "protocol": PROTOCOL_VERSION, **hello})
    for raw in streams.lines():
        try:
            req = json.loads(raw)
            if not isinstance(req, dict):
                raise ValueError("request is not a JSON object")
        except ValueError as exc:
            streams.send({"id": None, "ok": False, "error": f"bad request: {one_line(exc)}"})
            continue
        req_id = req.get("id")
        op = req.get("op")
        if op == "shutdown":
            streams.send({"id": req_id, "ok": True, "result": None})
            return 0
        if op == "ping":
            streams.send({"id": req_id, "ok": True, "result": "pong"})
            continue
        if op != "label":
            streams.send({"id": req_id, "ok": False, "error": f"unknown op {op!r}"})
            continue
        try:
            result = label(req)
        except Exception as exc:  # the request failed; the worker is still usable
            if os.environ.get("JULIATAG_DEBUG"):
                traceback.print_exc(file=sys.stderr)
            streams.send({"id": req_id, "ok": False, "error": one_line(f"{type(exc).__name__}: {exc}")})
            continue
        if isinstance(result, str):
            streams.send_raw_result(req_id, result)
        else:
            streams.send({"id": req_id, "ok": True, "result": result})
    return 0


def fatal(streams: ProtocolStreams | None, message: str, code: int = 3) -> int:
    """Report a start-up failure in one line (on the protocol if possible, else stderr)."""
    msg = one_line(message)
    if streams is not None:
        try:
            streams.send({"event": "fatal", "error": msg})
        except OSError:
            pass
    print(f"juliatag julia worker: {msg}", file=sys.stderr)
    return code
