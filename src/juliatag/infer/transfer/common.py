"""What every syntax family shares: handler registration and the walk of an unknown construct."""

from __future__ import annotations

from ...types.jtypes import UNKNOWN
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
        if env is None:
            break
        if c.kind not in TRIVIAL:
            _, env = it.expr(c, env, frame, depth)
    return UNKNOWN, env
