"""Transfer functions for atoms: literals, names, strings, commands, quoted symbols and expressions."""

from __future__ import annotations

from ...schema import F_QUOTED
from ...types.jtypes import COLON, EXPR, INT64, STRING, SYMBOL, UNKNOWN, FuncT, JType, dt
from ..base.knowledge import STRING_PREFIXES
from ..tokens import TRIVIAL
from .common import registrar

HANDLERS: dict = {}
handler = registrar(HANDLERS)


@handler("LITERAL")
def h_literal(it, node, env, frame, depth):
    return it.literal(node, frame), env


@handler("NAME")
def h_name(it, node, env, frame, depth):
    return it.name_value(node, env, frame), env


@handler("IDENT")
def h_ident(it, node, env, frame, depth):  # `$x` in strings
    return it.name_value(node, env, frame), env


@handler("NONSTANDARD_IDENTIFIER")
def h_var_ident(it, node, env, frame, depth):
    return UNKNOWN, env


@handler("STRING_LITERAL")
def h_string(it, node, env, frame, depth):
    prefix = node.child("STRING_PREFIX")
    t = STRING
    if prefix is not None:
        p = it.text(prefix)
        t = STRING_PREFIXES.get(p, UNKNOWN)
        it.put(frame, prefix, t)
    for c in node.children:
        if c.kind == "INTERPOLATION":
            for cc in c.children:
                if cc.kind != "DOLLAR":
                    _, env = it.expr(cc, env, frame, depth)
        elif c.kind == "STRING_DELIM_OPEN":
            it.put(frame, c, t)
        elif c.kind == "STRING_CONTENT" and prefix is None:
            it.put(frame, c, t)
    return t, env


@handler("CMD_LITERAL")
def h_cmd(it, node, env, frame, depth):
    for c in node.children:
        if c.kind == "INTERPOLATION":
            for cc in c.children:
                if cc.kind != "DOLLAR":
                    _, env = it.expr(cc, env, frame, depth)
        elif c.kind == "CMD_DELIM_OPEN":
            it.put(frame, c, dt("Cmd"))
    return dt("Cmd"), env


@handler("QUOTE_SYM")
def h_quote_sym(it, node, env, frame, depth):
    kids = [c for c in node.children if c.kind != "COLON"]
    if len(kids) == 1 and kids[0].kind == "PAREN_EXPR":
        inner = [c for c in kids[0].children if c.kind not in TRIVIAL]
        if len(inner) == 1 and inner[0].kind == "LITERAL":
            t = it.literal(inner[0], frame)
            return t, env
        t = SYMBOL if len(inner) == 1 and inner[0].kind in ("NAME", "OPERATOR_ATOM") else EXPR
        flag_quoted(it, kids[0], frame)
        it.put(frame, node, t)
        return t, env
    it.put(frame, node, SYMBOL)
    for k in kids:
        it.put(frame, k, SYMBOL)
    return SYMBOL, env


def flag_quoted(it, node, frame):
    it.flag_range(frame, node, F_QUOTED)


@handler("QUOTE_EXPR")
def h_quote_expr(it, node, env, frame, depth):
    flag_quoted(it, node, frame)
    return EXPR, env


@handler("OPERATOR_ATOM")
def h_operator_atom(it, node, env, frame, depth):
    name = it.text(node).strip("()")
    t = COLON if name == ":" else FuncT(name)   # `:` is the singleton of Base's `Colon` type
    it.put(frame, node, t)
    return t, env


@handler("END_MARKER", "BEGIN_MARKER")
def h_end_marker(it, node, env, frame, depth):
    return INT64, env


@handler("INTERPOLATION")
def h_interp(it, node, env, frame, depth):
    if frame.holes is not None:
        spliced = frame.holes.get(node.start)   # a template macro's splice: its argument's type
        if isinstance(spliced, JType):
            return spliced, env
    for c in node.children:
        if c.kind != "DOLLAR":
            _, env = it.expr(c, env, frame, depth)
    return UNKNOWN, env
