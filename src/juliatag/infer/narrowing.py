"""Narrowing: the environments in which a condition is true and false (`isa`, `=== nothing`,
`isnothing`, `!`, `&&`, `||`), and the intersection/subtraction of a variable's type with a test."""

from __future__ import annotations

from ..syntax.tree import Node
from ..types.jtypes import MISSING, NOTHING, UNKNOWN
from ..types.lattice import meet, subtract
from .state import reachable
from .tokens import TRIVIAL
from .typeconv import args_of


def narrow(it, cond: Node, env: dict, frame) -> tuple[dict, dict]:
    """Environments where `cond` is true / false, refining local variables' types."""
    reachable(env)  # a condition that cannot complete ends the construct that tests it
    t_env, f_env = dict(env), dict(env)
    kind = cond.kind
    kids = cond.children
    if kind == "PAREN_EXPR":
        inner = [c for c in kids if c.kind not in TRIVIAL]
        if len(inner) == 1:
            return narrow(it, inner[0], env, frame)
    if kind == "UNARY_EXPR" and kids and kids[0].kind == "BANG":
        a, b = narrow(it, kids[-1], env, frame)
        return b, a
    if kind == "BINARY_EXPR" and len(kids) == 3:
        left, op, right = kids
        if op.kind == "AND_AND":
            lt, lf = narrow(it, left, env, frame)
            rt, rf = narrow(it, right, lt, frame)
            return rt, it.join_envs([lf, rf])
        if op.kind == "OR_OR":
            lt, lf = narrow(it, left, env, frame)
            rt, rf = narrow(it, right, lf, frame)
            return it.join_envs([lt, rt]), rf
        if left.kind == "NAME":
            name = it.text(left)
            if name not in env:
                return t_env, f_env
            cur = env[name]
            if op.kind == "IDENT" and it.text(op) == "isa":
                target = it.conv.convert(right, frame.typevars)
                if target is not UNKNOWN:
                    t_env[name] = meet(it.reg, cur, target)
                    f_env[name] = subtract(it.reg, cur, target)
                return t_env, f_env
            if op.kind in ("EQ_EQ_EQ", "EQ_EQ", "NOT_EQ_EQ", "NOT_EQ") and right.kind == "NAME" and \
                    it.text(right) in ("nothing", "missing"):
                single = NOTHING if it.text(right) == "nothing" else MISSING
                yes, no = meet(it.reg, cur, single), subtract(it.reg, cur, single)
                if op.kind in ("NOT_EQ_EQ", "NOT_EQ"):
                    yes, no = no, yes
                t_env[name], f_env[name] = yes, no
                return t_env, f_env
    if kind == "CALL_EXPR" and len(kids) >= 2 and kids[0].kind == "NAME":
        fname = it.text(kids[0])
        args = args_of(kids[1])
        if fname in ("isnothing", "ismissing") and len(args) == 1 and args[0].kind == "NAME":
            name = it.text(args[0])
            if name in env:
                single = NOTHING if fname == "isnothing" else MISSING
                t_env[name] = meet(it.reg, env[name], single)
                f_env[name] = subtract(it.reg, env[name], single)
        if fname == "isa" and len(args) == 2 and args[0].kind == "NAME":
            name = it.text(args[0])
            target = it.conv.convert(args[1], frame.typevars)
            if name in env and target is not UNKNOWN:
                t_env[name] = meet(it.reg, env[name], target)
                f_env[name] = subtract(it.reg, env[name], target)
    return t_env, f_env
