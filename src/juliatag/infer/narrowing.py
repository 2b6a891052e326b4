"""Narrowing: the environments in which a condition is true and false (`isa`, `=== nothing`,
`isnothing`, `!`, `&&`, `||`), and the intersection/subtraction of a variable's type with a test."""

from __future__ import annotations

from ..syntax.tree import Node
from ..types.jtypes import MISSING, NOTHING, UNKNOWN, TypeT, is_known
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


# how many calls deep `constant_condition` follows a method whose body is a call
MAX_CONSTANT_CALL_DEPTH = 4


def constant_condition(it, cond: Node, env: dict, depth: int = 0) -> bool | None:
    """The value of condition `cond` where Julia's inference knows it as a constant (its `Const`
    lattice element), else None: `true`/`false`, `!c`, `a && b`, `a || b`, and a call of the
    package's own function, with arguments that are local variables (or `typeof` of one), whose
    one applicable method returns such a constant (`is_directed(g::SimpleGraph)`, through
    `is_directed(::Type{<:SimpleGraph}) = false`). A branch it rules out is dead code, as
    Julia's inference finds it (`is_directed(g) ? DiGraph(g) : Graph(g)` is a Graph)."""
    kind = cond.kind
    kids = [c for c in cond.children if c.kind not in TRIVIAL]
    if kind == "TRUE_KW":
        return True
    if kind == "FALSE_KW":
        return False
    if kind == "LITERAL" and len(kids) == 1:
        return constant_condition(it, kids[0], env, depth)
    if kind == "PAREN_EXPR" and len(kids) == 1:
        return constant_condition(it, kids[0], env, depth)
    if kind == "UNARY_EXPR" and len(cond.children) == 2 and cond.children[0].kind == "BANG":
        v = constant_condition(it, cond.children[-1], env, depth)
        return None if v is None else not v
    if kind == "BINARY_EXPR" and len(cond.children) == 3 and cond.children[1].kind in ("AND_AND", "OR_OR"):
        left = constant_condition(it, cond.children[0], env, depth)
        right = constant_condition(it, cond.children[2], env, depth)
        if cond.children[1].kind == "AND_AND":
            return False if False in (left, right) else (True if left is True and right is True else None)
        return True if True in (left, right) else (False if left is False and right is False else None)
    if kind == "CALL_EXPR" and depth < MAX_CONSTANT_CALL_DEPTH and len(cond.children) >= 2 and \
            cond.children[0].kind == "NAME" and cond.children[1].kind == "ARG_LIST":
        args = _constant_call_args(it, args_of(cond.children[1]), env)
        if args is None:
            return None
        return it.constant_result(it.text(cond.children[0]), args, depth)
    return None


def _constant_call_args(it, nodes: list, env: dict) -> list | None:
    """The types of a call's arguments where each is a local variable or `typeof` of one."""
    out = []
    for a in nodes:
        if a.kind == "NAME" and it.text(a) in env:
            out.append(env[it.text(a)])
        elif a.kind == "CALL_EXPR" and len(a.children) >= 2 and it.text(a.children[0]) == "typeof":
            inner = args_of(a.children[1])
            if len(inner) != 1 or inner[0].kind != "NAME" or it.text(inner[0]) not in env:
                return None
            out.append(TypeT(env[it.text(inner[0])]))
        else:
            return None
    if any(t is UNKNOWN or not is_known(t) for t in out):
        return None
    return out
