"""What every syntax family shares: handler registration, and the two walks over children that
thread the environment (a construct with an unknown value, a block of statements).

A walk needs no test for unreachability: after a child that cannot complete, evaluating the next
one raises `Unreachable` (see `state.reachable`), which ends the construct.
"""

from __future__ import annotations

from ...types.jtypes import NOTHING, UNKNOWN, DataT, JType
from ..tokens import TRIVIAL


def registrar(table: dict):
    """A decorator `@handler(kind, ...)` that records a transfer function in `table`."""
    def handler(*kinds):
        def deco(fn):
            for k in kinds:
                table[k] = fn
            return fn
        return deco
    return handler


def walk_all(it, node, env, frame, depth):
    """Evaluate every child of a construct whose own value is unknown (nested code still gets labels)."""
    for c in node.children:
        if c.kind not in TRIVIAL:
            _, env = it.expr(c, env, frame, depth)
    return UNKNOWN, env


def statements(it, node, env, frame, depth):
    """Evaluate the statements of a block in order: (the last one's type, env after)."""
    result = NOTHING
    for c in node.children:
        if c.kind in TRIVIAL or c.kind in ("END_KW", "BEGIN_KW"):
            continue
        result, env = it.expr(c, env, frame, depth)
    return result, env


def splatted_elements(t) -> tuple | None:
    """The element types `xs...` gives where `xs` is a tuple of known length and element types
    (`t::Tuple{Int, Float64}`: Int, Float64); None for any other value."""
    if isinstance(t, DataT) and t.name == "Tuple" and not any(
            not isinstance(p, JType) or p is UNKNOWN or (isinstance(p, DataT) and p.name == "Vararg")
            for p in t.params):
        return t.params
    return None
