"""Definitions a package's top-level code generates when the package loads: `@eval` loops over
literal names, and calls of the file's own template macros.

Julia packages often write one template for several types or functions:

    for t in (:LowerTriangular, :UpperTriangular)
        @eval begin
            struct $t{T, S<:AbstractMatrix{T}} <: AbstractTriangular{T}
                data::S
            end
            $t(A::AbstractMatrix) = $t{eltype(A), typeof(A)}(A)
        end
    end

    macro weights(name)
        return quote
            struct $name{S<:Real, T<:Real, V<:AbstractVector{T}} <: AbstractWeights{S, T, V}
                values::V
                sum::S
            end
            $(esc(name))(values::AbstractVector{<:Real}) = $(esc(name))(values, sum(values))
        end
    end
    @weights Weights

Julia runs them when the package loads, and the types and methods exist as if each had been written
out. `generated_source` writes them out: for a file whose top-level code holds such loops (iterating
literal tuples or vectors of symbols, names and numbers, with bodies made of `@eval` statements and
loops of the same kind) or calls of such macros (defined earlier in the file, their body one
`quote` that splices only their parameters, called with names), it returns Julia source holding each
iteration's body with the loop variables spliced in and each call's quote with the call's names,
each in the modules it sits in, and None for a file without any. The package summary scans that
source as one more file of the package (its types and functions), and a worker parses and infers
it as one (`program.PackageProgram`), so a call elsewhere reaches `UpperTriangular(A)`.

The text depends on the file's text alone. A loop or call it cannot write out exactly (a `$` of
something other than a loop variable or a parameter, a statement other than `@eval`, an iterable
that is not literal, more than EVAL_LOOP_MAX_ITERATIONS iterations) is left out whole: Julia would
define methods there that stay unknown, as before.
"""

from __future__ import annotations

import re

from .. import schema
from ..lexer import lex
from .state import EVAL_EXPANSION_MAX_BYTES, EVAL_LOOP_MAX_ITERATIONS

_K = schema.KIND_ID
_NAMES = {v: k for k, v in _K.items()}
_WS, _NL, _COMMENT = _K["Whitespace"], _K["NewlineWs"], _K["Comment"]
_ID, _FOR, _END, _IN = _K["Identifier"], _K["for"], _K["end"], _K["in"]
_AT, _DOLLAR, _COLON, _DOT, _COMMA, _SEMI = _K["@"], _K["$"], _K[":"], _K["."], _K[","], _K[";"]
_OPEN = {_K["("]: _K[")"], _K["["]: _K["]"], _K["{"]: _K["}"]}
_CLOSE = frozenset(_OPEN.values())
_STRING_DELIMS = frozenset(_K[d] for d in ('"', '"""', "`", "```"))
_ASSIGN = frozenset({_K["="], _IN, _K["∈"]})
_LITERALS = frozenset(_K[k] for k in ("Integer", "Float", "Bool"))
# keywords that open a block closed by `end` (`abstract type` and `primitive type` too, see _opens)
_BLOCK_OPENERS = frozenset(_K[k] for k in ("baremodule", "begin", "do", "for", "function", "if", "let", "macro",
                                           "module", "quote", "struct", "try", "while"))
# blocks a loop may sit in and still be top-level code, run once when the package loads
_TOPLEVEL_BLOCKS = frozenset(_K[k] for k in ("baremodule", "begin", "if", "module"))
_MODULE_KINDS = frozenset(_K[k] for k in ("baremodule", "module"))
_MACRO, _QUOTE, _RETURN = _K["macro"], _K["quote"], _K["return"]
_NOT_OPERATORS = frozenset(_K[k] for k in ("(", ")", "[", "]", "{", "}", ",", ";", "@", "$", ":", ".", '"', '"""',
                                           "`", "```", "'"))


class _Reject(Exception):
    """The loop or macro call cannot be written out exactly."""


_MACRO_LINE = re.compile(r"^[ \t]*macro[ \t]", re.M)   # a line defining a macro: the file may hold a template


def generated_source(text: str) -> str | None:
    """Julia source holding what the top-level `@eval` loops and template macro calls of `text`
    define, or None when the file has none that can be written out."""
    return generated_code(text)[0]


def generated_code(text: str) -> tuple[str | None, list]:
    """(`generated_source(text)`, the byte ranges [start, end) of the loops written out)."""
    if "@eval" not in text and not _MACRO_LINE.search(text):
        return None, []   # (lexing every file would cost the planner its time)
    data = text.encode("utf-8")
    spans: list = []
    lx = lex(text)
    toks = [(k, s, e) for k, s, e in zip(lx.kinds, lx.starts, lx.ends) if k != _WS]
    out: list[tuple] = []     # (the modules the code is in, [its text])
    size = 0
    blocks: list[tuple] = []  # (kind, module name or None) of the blocks around token i
    templates: dict = {}      # macro name -> (its parameters, first and last token of its quote's body)
    depth = 0
    i = 0
    while i < len(toks):
        k = toks[i][0]
        toplevel = depth == 0 and all(b in _TOPLEVEL_BLOCKS for b, _ in blocks)
        if k in _OPEN:
            depth += 1
        elif k in _CLOSE:
            depth = max(0, depth - 1)
        elif toplevel and k in (_FOR, _MACRO):
            end = _block_end(toks, i)
            if end is None:
                break
            parts = None
            try:
                if k == _FOR:
                    parts = _expand_loop(toks, data, i, end, {})
                else:
                    name, template = _template(toks, data, i, end)
                    templates[name] = template
            except _Reject:
                pass
            if parts:
                size += sum(len(p) for p in parts)
                if size > EVAL_EXPANSION_MAX_BYTES:
                    break
                out.append((tuple(name for _, name in blocks if name is not None), parts))
                spans.append((toks[i][1], toks[end][2]))
            i = end + 1
            continue
        elif toplevel and k == _AT and i + 1 < len(toks) and toks[i + 1][0] == _ID and \
                _text(toks, data, i + 1) in templates and (i == 0 or toks[i - 1][0] in (_NL, _SEMI, _COMMENT)):
            stop = _call_end(toks, i + 2)
            try:
                part = _template_call(toks, data, templates[_text(toks, data, i + 1)], i + 2, stop)
            except _Reject:
                part = None
            if part is not None:
                size += len(part)
                if size > EVAL_EXPANSION_MAX_BYTES:
                    break
                out.append((tuple(name for _, name in blocks if name is not None), [part]))
            i = stop
            continue
        elif depth == 0 and _opens(toks, i):
            name = None
            if k in _MODULE_KINDS:
                j = _next(toks, i + 1)
                name = _text(toks, data, j) if j < len(toks) and toks[j][0] == _ID else "?"
            blocks.append((k, name))
        elif depth == 0 and k == _END and blocks:
            blocks.pop()
        i += 1
    return _joined(out), spans


def _joined(loops: list[tuple]) -> str | None:
    """The loops' iterations, each loop in the modules it sits in (`module BLAS ... end`), so that
    what it defines belongs to the module Julia defines it in."""
    if not loops:
        return None
    out = []
    for modules, parts in loops:
        out += [f"module {m}".encode("utf-8") for m in modules]
        out += parts
        out += [b"end"] * len(modules)
    return b"\n".join(out).decode("utf-8") + "\n"


def _opens(toks: list, i: int) -> bool:
    """Whether token `i` (outside brackets) opens a block that `end` closes."""
    k = toks[i][0]
    if k in _BLOCK_OPENERS:
        return True
    if _NAMES[k] in ("abstract", "primitive"):
        j = _next(toks, i + 1)
        return j < len(toks) and _NAMES[toks[j][0]] == "type"
    return False


def _next(toks: list, j: int) -> int:
    """The first token from `j` on that is not a comment or a line break."""
    while j < len(toks) and toks[j][0] in (_NL, _COMMENT):
        j += 1
    return j


def _block_end(toks: list, i: int) -> int | None:
    """The index of the `end` closing the block token `i` opens, or None."""
    blocks = 1
    depth = 0
    j = i + 1
    while j < len(toks):
        k = toks[j][0]
        if k in _OPEN:
            depth += 1
        elif k in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and _opens(toks, j):
            blocks += 1
        elif depth == 0 and k == _END:
            blocks -= 1
            if blocks == 0:
                return j
        j += 1
    return None


def _expand_loop(toks: list, data: bytes, i: int, end: int, env: dict) -> list[bytes]:
    """The bodies of the loop from token `i` (`for`) to token `end`, one per iteration, with the
    loop variables (and those of the loops around it, `env`) spliced in."""
    clauses, j = _header(toks, data, i + 1)
    envs = [dict(env)]
    for names, items in clauses:
        nxt = []
        for e in envs:
            for item in items:
                e2 = dict(e)
                _bind(names, item, e2)
                nxt.append(e2)
        envs = nxt
        if len(envs) > EVAL_LOOP_MAX_ITERATIONS:
            raise _Reject
    statements = _statements(toks, data, j, end)
    parts = []
    size = 0
    for e in envs:
        for kind, a, b in statements:
            if kind == "bind":
                value, after = _built_name(toks, data, a + 2, b, e)
                if after != b:
                    raise _Reject
                e[_text(toks, data, a)] = value
                continue
            added = _expand_loop(toks, data, a, b, e) if kind == "loop" else [_spliced(toks, data, a, b, e)]
            parts.extend(added)
            size += sum(len(p) for p in added)
            if size > EVAL_EXPANSION_MAX_BYTES:
                raise _Reject
    return parts


def _header(toks: list, data: bytes, j: int) -> tuple[list, int]:
    """([(names, items)] of `for a in (...), (b, c) in (...)`, the index after the header's line)."""
    clauses = []
    while True:
        names, j = _pattern(toks, data, j)
        if j >= len(toks) or toks[j][0] not in _ASSIGN:
            raise _Reject
        items, j = _iterable(toks, data, j + 1)
        clauses.append((names, items))
        if j < len(toks) and toks[j][0] == _COMMA:
            j += 1
            continue
        if j < len(toks) and toks[j][0] in (_NL, _SEMI, _COMMENT):
            return clauses, j
        raise _Reject


def _text(toks: list, data: bytes, j: int) -> str:
    return data[toks[j][1]:toks[j][2]].decode("utf-8")


def _pattern(toks: list, data: bytes, j: int):
    """A loop variable (`t`) or a tuple of them (`(T, f)`)."""
    if j < len(toks) and toks[j][0] == _ID:
        return _text(toks, data, j), j + 1
    if j < len(toks) and toks[j][0] == _K["("]:
        names = []
        j += 1
        while j < len(toks) and toks[j][0] == _ID:
            names.append(_text(toks, data, j))
            j += 1
            if toks[j][0] == _COMMA:
                j += 1
        if j < len(toks) and toks[j][0] == _K[")"] and names:
            return tuple(names), j + 1
    raise _Reject


def _iterable(toks: list, data: bytes, j: int):
    """The items of a literal tuple or vector: [value or tuple of values]."""
    if j >= len(toks) or toks[j][0] not in (_K["("], _K["["]):
        raise _Reject
    close = _OPEN[toks[j][0]]
    items = []
    j += 1
    while True:
        j = _next(toks, j)
        if j < len(toks) and toks[j][0] == close:
            return items, j + 1
        if toks[j][0] == _K["("]:
            inner, j = _iterable(toks, data, j)   # a group of values, for a tuple of loop variables
            items.append(inner)
        else:
            value, j = _value(toks, data, j)
            items.append(value)
        j = _next(toks, j)
        if j < len(toks) and toks[j][0] == _COMMA:
            j += 1
        elif not (j < len(toks) and toks[j][0] == close):
            raise _Reject


def _value(toks: list, data: bytes, j: int):
    """One literal: ("name", text) of `:sym` or a (dotted) name, ("op", text) of `:+` or `:(==)`,
    ("lit", text) of a number or Bool."""
    k = toks[j][0] if j < len(toks) else None
    if k == _COLON and j + 1 < len(toks) and toks[j + 1][1] == toks[j][2]:
        k2 = toks[j + 1][0]
        if k2 == _ID:
            return ("name", _text(toks, data, j + 1)), j + 2
        if k2 == _K["("] and j + 3 < len(toks) and toks[j + 3][0] == _K[")"] and _operator(toks[j + 2][0]):
            return ("op", _text(toks, data, j + 2)), j + 4
        if _operator(k2):
            return ("op", _text(toks, data, j + 1)), j + 2
        raise _Reject
    if k == _ID:
        parts = [_text(toks, data, j)]
        j += 1
        while j + 1 < len(toks) and toks[j][0] == _DOT and toks[j + 1][0] == _ID:
            parts.append(_text(toks, data, j + 1))
            j += 2
        return ("name", ".".join(parts)), j
    if k in _LITERALS:
        return ("lit", _text(toks, data, j)), j + 1
    raise _Reject


def _operator(k: int) -> bool:
    name = _NAMES.get(k, "")
    return bool(name) and k not in _NOT_OPERATORS and not name[0].isalpha() and not name[0].isdigit()


def _bind(names, item, env: dict) -> None:
    """Bind loop variable(s) `names` to an item: a value (a tuple), or a group of them (a list)."""
    if isinstance(names, str):
        if not isinstance(item, tuple):
            raise _Reject   # a group bound to one name: only `$name[1]`-style use could read it
        env[names] = item
        return
    if not (isinstance(item, list) and len(item) == len(names) and all(isinstance(v, tuple) for v in item)):
        raise _Reject
    for n, v in zip(names, item):
        env[n] = v


def _statements(toks: list, data: bytes, j: int, end: int) -> list:
    """The loop body from token `j` to `end`: [("eval", first, last)] per `@eval` statement (the
    tokens after `@eval`) and [("loop", for, its end)] per nested loop; anything else rejects."""
    out = []
    j = _next_statement(toks, j, end)
    while j < end:
        k = toks[j][0]
        if k == _FOR:
            loop_end = _block_end(toks, j)
            if loop_end is None or loop_end >= end:
                raise _Reject
            out.append(("loop", j, loop_end))
            j = loop_end + 1
        elif k == _AT and j + 1 < end and toks[j + 1][0] == _ID and _text(toks, data, j + 1) == "eval":
            stop = _statement_end(toks, j + 2, end)
            out.append(("eval", j + 2, stop))
            j = stop
        elif k == _ID and j + 3 < end and toks[j + 1][0] == _K["="] and toks[j + 2][0] == _ID and \
                _text(toks, data, j + 2) in _NAME_BUILDERS and toks[j + 3][0] == _K["("]:
            # `internalf = Symbol(:_, f)`: a name the loop's `@eval`s splice
            stop = _statement_end(toks, j + 2, end)
            out.append(("bind", j, stop))
            j = stop
        else:
            raise _Reject
        if j < end and toks[j][0] not in (_NL, _SEMI, _COMMENT):
            raise _Reject
        j = _next_statement(toks, j, end)
    return out


def _next_statement(toks: list, j: int, end: int) -> int:
    while j < end and toks[j][0] in (_NL, _SEMI, _COMMENT):
        j += 1
    return j


def _statement_end(toks: list, j: int, end: int) -> int:
    """The index after the statement starting at `j`: the first line break or `;` outside brackets
    and blocks."""
    depth = 0
    blocks = 0
    while j < end:
        k = toks[j][0]
        if k in _OPEN:
            depth += 1
        elif k in _CLOSE:
            depth -= 1
        elif depth == 0 and _opens(toks, j):
            blocks += 1
        elif depth == 0 and k == _END:
            blocks -= 1
        elif depth == 0 and blocks == 0 and k in (_NL, _SEMI):
            return j
        j += 1
    if depth or blocks:
        raise _Reject
    return j


def _spliced(toks: list, data: bytes, a: int, b: int, env: dict) -> bytes:
    """The source of tokens a..b-1 with each `$name` / `$(name)` outside strings replaced by the
    loop variable's value."""
    out = []
    strings: list = []      # open string delimiters, and interpolations in them ("(", depth)
    pos = toks[a][1]
    j = a
    while j < b:
        k = toks[j][0]
        if strings and strings[-1][0] == "str":
            if k == strings[-1][1]:
                strings.pop()
            elif k == _DOLLAR and j + 1 < b and toks[j + 1][0] == _K["("]:
                strings.append(("code", 0))
            j += 1
            continue
        if k in _STRING_DELIMS:
            strings.append(("str", k))
        elif strings and k in _OPEN:
            strings[-1] = ("code", strings[-1][1] + 1)
        elif strings and k in _CLOSE:
            strings[-1] = ("code", strings[-1][1] - 1)
            if strings[-1][1] == 0:
                strings.pop()
        elif k == _DOLLAR:   # (also in the code of a string's interpolation: `"$($T)"`)
            value, after = _spliced_value(toks, data, j, b, env)
            start = j
            if value[0] == "name" and not strings and j > a and toks[j - 1][0] == _K["("] and after < b and \
                    toks[after][0] == _K[")"] and toks[j - 1][2] == toks[j][1] and toks[after][1] == toks[after - 1][2]:
                start, after = j - 1, after + 1   # `($f)(x)`: the name alone
            out.append(data[pos:toks[start][1]])
            qualified = start > a and toks[start - 1][0] == _DOT and toks[start - 1][2] == toks[start][1]
            out.append(_value_text(value, qualified).encode("utf-8"))
            pos = toks[after - 1][2]
            j = after
            continue
        j += 1
    out.append(data[pos:toks[b - 1][2]] if b > a else b"")
    return b"".join(out)


def _spliced_value(toks: list, data: bytes, j: int, b: int, env: dict) -> tuple[tuple, int]:
    """(value, index after) of `$name`, `$(name)`, `$(esc(name))` or `$(Symbol(name, "suffix", ...))`
    at token j."""
    if j + 1 < b and toks[j + 1][0] == _ID and toks[j + 1][1] == toks[j][2]:
        return _bound(env, _text(toks, data, j + 1)), j + 2
    if j + 3 < b and toks[j + 1][0] == _K["("] and toks[j + 2][0] == _ID and toks[j + 3][0] == _K[")"]:
        return _bound(env, _text(toks, data, j + 2)), j + 4
    if j + 6 < b and toks[j + 1][0] == _K["("] and toks[j + 2][0] == _ID and _text(toks, data, j + 2) == "esc" \
            and toks[j + 3][0] == _K["("] and toks[j + 4][0] == _ID and toks[j + 5][0] == _K[")"] \
            and toks[j + 6][0] == _K[")"]:
        return _bound(env, _text(toks, data, j + 4)), j + 7
    if j + 4 < b and toks[j + 1][0] == _K["("] and toks[j + 2][0] == _ID and _text(toks, data, j + 2) == "Symbol" \
            and toks[j + 3][0] == _K["("]:
        value, after = _built_name(toks, data, j + 2, b, env)
        if after < b and toks[after][0] == _K[")"]:
            return value, after + 1
    raise _Reject


# the calls a loop body may bind a name to (`f2 = Symbol(f, "2")`, `qf = QuoteNode(f)`)
_NAME_BUILDERS = frozenset({"Symbol", "QuoteNode"})


def _built_name(toks: list, data: bytes, i: int, b: int, env: dict) -> tuple[tuple, int]:
    """(value, index after the closing parenthesis) of `Symbol(f, "suffix", :_, ...)` (a name) or
    `QuoteNode(f)` (the symbol `:f`) from token `i` (the function's name), of the names bound in `env`."""
    builder = _text(toks, data, i)
    parts = []
    i += 2
    while i < b:
        k = toks[i][0]
        if k == _ID and i + 1 < b and toks[i + 1][0] == _K["("] and _text(toks, data, i) == "Symbol":
            (_, text), i = _built_name(toks, data, i, b, env)   # `QuoteNode(Symbol(f, :f))`
            parts.append(text)
        elif k == _ID:
            kind, text = _bound(env, _text(toks, data, i))
            if kind == "op" or "." in text or text.startswith(":"):
                raise _Reject
            parts.append(text)
            i += 1
        elif k == _K['"'] and i + 2 < b and toks[i + 1][0] == _K["String"] and toks[i + 2][0] == _K['"']:
            parts.append(_text(toks, data, i + 1))
            i += 3
        elif k == _COLON and i + 1 < b and toks[i + 1][0] == _ID and toks[i + 1][1] == toks[i][2]:
            parts.append(_text(toks, data, i + 1))
            i += 2
        else:
            raise _Reject
        if i < b and toks[i][0] == _COMMA:
            i += 1
        elif i < b and toks[i][0] == _K[")"]:
            name = "".join(parts)
            if not name.isidentifier() or (builder == "QuoteNode" and len(parts) != 1):
                raise _Reject
            return (("name", name) if builder == "Symbol" else ("lit", ":" + name)), i + 1
        else:
            raise _Reject
    raise _Reject


def _template(toks: list, data: bytes, i: int, end: int) -> tuple[str, tuple]:
    """(name, (parameter names, first and last token of the quote's body)) of the macro definition
    from token `i` (`macro`) to `end`, when its body is one `quote` (`return quote ... end`,
    `esc(quote ... end)`) holding no other quote."""
    j = _next(toks, i + 1)
    if j + 1 >= end or toks[j][0] != _ID or toks[j + 1][0] != _K["("]:
        raise _Reject
    name = _text(toks, data, j)
    params = []
    j += 2
    while j < end and toks[j][0] == _ID:
        params.append(_text(toks, data, j))
        j += 1
        if toks[j][0] == _COMMA:
            j += 1
    if j >= end or toks[j][0] != _K[")"]:
        raise _Reject
    j = _next_statement(toks, j + 1, end)
    if j < end and toks[j][0] in (_K['"'], _K['"""']):
        raise _Reject
    if j < end and toks[j][0] == _RETURN:
        j += 1
    escaped = j + 1 < end and toks[j][0] == _ID and _text(toks, data, j) == "esc" and toks[j + 1][0] == _K["("]
    if escaped:
        j += 2
    if j >= end or toks[j][0] != _QUOTE:
        raise _Reject
    quote_end = _block_end(toks, j)
    if quote_end is None or quote_end >= end:
        raise _Reject
    if any(toks[t][0] == _QUOTE for t in range(j + 1, quote_end)):
        raise _Reject
    after = quote_end + 1
    if escaped:
        if after >= end or toks[after][0] != _K[")"]:
            raise _Reject
        after += 1
    if _next_statement(toks, after, end) != end:
        raise _Reject
    return name, (tuple(params), j + 1, quote_end)


def _call_end(toks: list, j: int) -> int:
    """The index after a macro call's arguments starting at token `j`: `(a, b)` or `a b` up to the
    line's end."""
    if j < len(toks) and toks[j][0] == _K["("] and toks[j][1] == toks[j - 1][2]:
        depth = 0
        while j < len(toks):
            if toks[j][0] in _OPEN:
                depth += 1
            elif toks[j][0] in _CLOSE:
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return j
    while j < len(toks) and toks[j][0] not in (_NL, _SEMI, _COMMENT):
        j += 1
    return j


def _template_call(toks: list, data: bytes, template: tuple, j: int, stop: int) -> bytes | None:
    """The quote of a template macro with the call's arguments (names) spliced in for its parameters."""
    params, a, b = template
    args = []
    parens = j < stop and toks[j][0] == _K["("] and toks[j][1] == toks[j - 1][2]
    if parens:
        j, stop = j + 1, stop - 1
    while j < stop:
        if toks[j][0] != _ID:
            raise _Reject   # only names: a literal or a quoted symbol is spliced as itself, not as a name
        value, j = _value(toks, data, j)
        args.append(value)
        if parens and j < stop:
            if toks[j][0] != _COMMA:
                raise _Reject
            j += 1
    if len(args) != len(params):
        raise _Reject
    return _spliced(toks, data, a, b, dict(zip(params, args)))


def _bound(env: dict, name: str) -> tuple:
    value = env.get(name)
    if value is None:
        raise _Reject
    return value


def _value_text(value, qualified: bool) -> str:
    kind, text = value
    if kind == "op":
        return f":({text})" if qualified else f"({text})"
    if kind == "name" and qualified and "." in text:
        raise _Reject
    return text
