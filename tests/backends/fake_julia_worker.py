"""A stand-in for the Julia worker: the same protocol (juliatag.backends.protocol), no Julia.

It answers `label` requests from juliatag's own lexer, reporting tokens the way JuliaSyntax does
(`true`/`false` kinds, `.+` as `.` then `+`), literal types, and whatever the file asks for with
directives in comments:

    #fake:type NAME TYPE [STABILITY]   every identifier NAME gets TYPE (and the verdict)
    #fake:flag NAME FLAG               every identifier NAME gets FLAG
    #fake:dot TYPE                     a label at the operator byte of each `.op` (inside our lexeme)
    #fake:return NAME TYPE STABILITY   `function NAME` returns TYPE with that verdict
    #fake:syntax-error                 the whole file is an error region
    #fake:sleep SECONDS                take that long
    #fake:crash                        die mid-request
    #fake:fail MESSAGE                 answer ok=false
    #fake:print                        write noise to stdout (fd 1) before answering

Environment: FAKE_JULIA_WORKER_LOG=DIR writes one file per worker process (pid, parent pid,
requests served); FAKE_JULIA_WORKER_FAIL=start|exit|protocol|hang fails at start-up (slow: starts in one second).
"""

from __future__ import annotations

import os
import re
import sys
import time

from juliatag.backends.protocol import (PROTOCOL_VERSION, TOK_ERROR, TOK_KEYWORD, TOK_OPERATOR, fatal,
                                        protocol_streams, serve)
from juliatag.lexer import lex
from juliatag.schema import ERROR_IDS, KEYWORD_IDS, KIND_NAMES, OPERATOR_IDS

DIRECTIVE = re.compile(r"#fake:([\w-]+)[ \t]*([^\n]*)")
LITERAL_TYPES = {"Integer": "Int64", "Float": "Float64", "Float32": "Float32", "Char": "Char", "Bool": "Bool"}
SERVED = 0


def _log(extra: str = "") -> None:
    folder = os.environ.get("FAKE_JULIA_WORKER_LOG")
    if folder:
        with open(os.path.join(folder, f"worker-{os.getpid()}.txt"), "w") as fh:
            fh.write(f"{os.getpid()} {os.getppid()} {SERVED}{extra}\n")


def tokens_of(text: str, lx, data: bytes) -> list:
    out = []
    for s, e, k in zip(lx.starts, lx.ends, lx.kinds):
        name = KIND_NAMES[k]
        flags = (TOK_OPERATOR if k in OPERATOR_IDS else 0) | (TOK_KEYWORD if k in KEYWORD_IDS else 0) | \
            (TOK_ERROR if k in ERROR_IDS else 0)
        if name == "Bool":
            name = data[s:e].decode()
        elif name.startswith(".") and len(name) > 1 and name not in ("..", "...", ".'") or name == "DottedOperator":
            out.append([s, s + 1, ".", 0])          # JuliaSyntax's tokenize splits `.+` into `.` and `+`
            out.append([s + 1, e, data[s + 1:e].decode(), TOK_OPERATOR])
            continue
        out.append([s, e, name, flags])
    return out


def label(req: dict) -> dict:
    global SERVED
    text = req["text"]
    data = text.encode("utf-8")
    directives = [(m.group(1), m.group(2).split()) for m in DIRECTIVE.finditer(text)]
    for name, args in directives:
        if name == "sleep":
            time.sleep(float(args[0]))
        elif name == "crash":
            os._exit(7)
        elif name == "fail":
            raise RuntimeError(" ".join(args) or "failed")
        elif name == "print":
            print("noise on stdout from package code")
            sys.stdout.flush()
            os.write(1, b"raw noise on fd 1\n")
    lx = lex(text)
    types = {a[0]: (a[1], a[2] if len(a) > 2 else None) for n, a in directives if n == "type" and len(a) >= 2}
    flags: dict = {}
    for n, a in directives:
        if n == "flag" and len(a) >= 2:
            flags.setdefault(a[0], []).append(a[1])
    dot_type = next((a[0] for n, a in directives if n == "dot" and a), None)
    returns = {a[0]: (a[1], a[2]) for n, a in directives if n == "return" and len(a) >= 3}
    labels, functions, decls = [], [], []
    prev_word = None
    for s, e, k in zip(lx.starts, lx.ends, lx.kinds):
        name = KIND_NAMES[k]
        piece = data[s:e].decode()
        if name in LITERAL_TYPES:
            labels.append({"start": s, "type": LITERAL_TYPES[name]})
        elif name == "Identifier":
            lab = {"start": s}
            if piece in types:
                lab["type"], stab = types[piece]
                if stab:
                    lab["stability"] = stab
            if piece in flags:
                lab["flags"] = flags[piece]
            if prev_word == "function":
                lab.setdefault("flags", []).append("definition")
                if piece in returns:
                    lab["type"], lab["stability"] = returns[piece]
                    end = text.encode().find(b"end", s)
                    functions.append({"name": piece, "start": s - len("function "), "end": end + 3,
                                      "return_type": returns[piece][0], "stability": returns[piece][1]})
            if prev_word == "struct":
                decls.append(f"struct {piece} end")
                lab.update(type=piece, flags=["definition", "type_position"])
            if len(lab) > 1:
                labels.append(lab)
        elif dot_type and name.startswith(".") and len(name) > 1:
            labels.append({"start": s + 1, "type": dot_type})
        if name not in ("Whitespace", "NewlineWs", "Comment"):
            prev_word = piece
    errors = [[0, len(data)]] if any(n == "syntax-error" for n, _ in directives) else []
    SERVED += 1
    _log()
    return {"tokens": tokens_of(text, lx, data), "labels": labels, "ranges": [], "errors": errors,
            "decls": decls, "functions": functions, "diagnostics": ["fake diagnostic"] if errors else [],
            "note": None, "exec": {"allow_exec": bool(req.get("allow_exec")), "timeout": req.get("timeout")}}


def main() -> int:
    streams = protocol_streams()
    _log()
    fail = os.environ.get("FAKE_JULIA_WORKER_FAIL", "")
    if fail == "start":
        return fatal(streams, "fake start failure: install nothing, this is a test")
    if fail == "exit":
        print("fake worker: exiting before ready", file=sys.stderr)
        return 5
    if fail == "hang":
        time.sleep(60)
    if fail == "slow":
        time.sleep(1.0)                            # a slow start-up (Julia compiling), then normal
    if fail == "protocol":
        streams.send({"event": "ready", "protocol": PROTOCOL_VERSION + 98})
        return 0
    hello = {"worker": "FakeJuliaWorker 0", "julia_version": "0.0-fake", "juliasyntax": "fake",
             "typed_syntax": False, "jet": False, "pid": os.getpid()}
    return serve(streams, hello, label)


if __name__ == "__main__":
    sys.exit(main())
