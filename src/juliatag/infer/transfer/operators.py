"""Transfer functions for operator syntax: binary, n-ary, unary, postfix, comparison chains and
juxtaposition. What an operator computes is decided by `operators.py` (the semantics).
"""

from __future__ import annotations

from ...types.jtypes import BOOL, FLOAT64, UNKNOWN, is_concrete_var
from ..base import arith, builtins
from ..state import Unreachable, reachable
from ..tokens import OPS, TRIVIAL, op_text
from .common import registrar, walk_all
from .access import field_access
from .collections import range_expr
from .control import short_circuit

HANDLERS: dict = {}
handler = registrar(HANDLERS)


@handler("BINARY_EXPR")
def h_binary(it, node, env, frame, depth):
    kids = node.children
    if len(kids) > 3 and len(kids) % 2 == 1:
        return nary(it, node, env, frame, depth)
    if len(kids) != 3:
        return walk_all(it, node, env, frame, depth)
    left, opn, right = kids
    ok = opn.kind
    if ok == "DOT":
        return field_access(it, node, left, right, env, frame, depth)
    if ok == "AND_AND" or ok == "OR_OR":
        return short_circuit(it, node, left, right, ok == "AND_AND", env, frame, depth)
    if ok == "IDENT" and it.text(opn) == "isa":
        lt, env = it.expr(left, env, frame, depth)
        it.label_type_expr(right, frame)
        it.put(frame, opn, BOOL)
        return BOOL, env
    if ok == "SUBTYPE" or ok == "SUPERTYPE":
        lt, env = it.expr(left, env, frame, depth)
        it.put(frame, opn, BOOL)  # whatever the operands: the right one is skipped if the left cannot complete
        rt, env = it.expr(right, env, frame, depth)
        return BOOL, env
    if ok == "COLON":
        return range_expr(it, node, [left, right], env, frame, depth)
    if ok == "FAT_ARROW":
        a, env = it.expr(left, env, frame, depth)
        b, env = it.expr(right, env, frame, depth)
        t = it.pair_of(a, b) if a is not UNKNOWN and b is not UNKNOWN and not is_concrete_var(a) \
            and not is_concrete_var(b) else UNKNOWN
        it.put(frame, opn, t)
        return t, env
    if ok == "PIPE_GT":
        a, env = it.expr(left, env, frame, depth)
        f, env = it.expr(right, env, frame, depth)
        t = it.call_value(f, [a], frame) if f is not UNKNOWN else UNKNOWN
        it.put(frame, opn, t)
        return t, env
    a, env = it.expr(left, env, frame, depth)
    b, env = it.expr(right, env, frame, depth)
    op = op_text(it, opn)
    dotted = ok.startswith("DOT_") and op.startswith(".")
    power = literal_integer(it, right) if op == "^" or (dotted and op == ".^") else None
    if (dotted or frame.dotted) and power is not None and \
            arith.negative_literal_power(builtins.broadcast_elements([a], it.reg)[0], power):
        # `v .^ -1` broadcasts `literal_pow(^, x, Val(-1))`, `inv(x)`: a Float64 of an integer x,
        # as `x ^ 1.0` is
        b = FLOAT64
    if dotted:
        t = it.broadcast_op(op[1:], [a, b])
    elif frame.dotted and op in ("+", "-", "*", "/", "^", "÷", "%", "==", "!=", "<", ">", "<=", ">=", "&", "|"):
        t = it.broadcast_op(op, [a, b])
    else:
        t = it.literal_power(a, power) if power is not None else None
        if t is None and power is not None:
            t = arith.negative_literal_power(a, power)
        if t is None:
            t = it.infix(op, a, b, frame)
    it.put(frame, opn, t)
    return t, env


def literal_integer(it, node) -> int | None:
    """The value of an integer literal (`2`, `-1`, `(3)`), else None."""
    sign = 1
    while node.kind in ("PAREN_EXPR", "UNARY_EXPR"):
        kids = [c for c in node.children if c.kind not in TRIVIAL and c.kind not in ("LPAREN", "RPAREN")]
        if len(kids) == 1 and node.kind == "PAREN_EXPR":
            node = kids[0]
        elif len(kids) == 2 and node.kind == "UNARY_EXPR" and it.text(kids[0]) in ("-", "+"):
            sign = -sign if it.text(kids[0]) == "-" else sign
            node = kids[1]
        else:
            return None
    if node.kind != "LITERAL" or not node.children or node.children[-1].kind != "INTEGER":
        return None
    value = it.conv.param(node, {})   # (as `Val{2}` reads its parameter)
    return sign * value if isinstance(value, int) and not isinstance(value, bool) else None


def nary(it, node, env, frame, depth):
    """`a + b + c` / `a * b * c`: one call of the operator on all operands (Julia parses it n-ary)."""
    kids = node.children
    ops = kids[1::2]
    t, env = it.expr(kids[0], env, frame, depth)
    for operand in kids[2::2]:
        b, env = it.expr(operand, env, frame, depth)
        op = op_text(it, ops[0])
        if op.startswith(".") and len(op) > 1:
            t = it.broadcast_op(op[1:], [t, b])
        elif frame.dotted:
            t = it.broadcast_op(op, [t, b])
        else:
            t = it.infix(op, t, b, frame)
    for o in ops:
        it.put(frame, o, t)
    return t, env


@handler("UNARY_EXPR")
def h_unary(it, node, env, frame, depth):
    kids = node.children
    if len(kids) < 2:
        return walk_all(it, node, env, frame, depth)
    opn, arg = kids[0], kids[-1]
    if opn.kind in ("SUBTYPE", "SUPERTYPE"):
        return UNKNOWN, env
    if opn.kind == "DOLLAR":
        return walk_all(it, node, env, frame, depth)
    if opn.kind == "COLON_COLON":
        t = it.label_type_expr(arg, frame)
        return t, env
    a, env = it.expr(arg, env, frame, depth)
    op = op_text(it, opn)
    if op.startswith(".") and len(op) > 1:
        t = it.broadcast_op(op[1:], [a])
    else:
        t = it.prefix(op, a)
    it.put(frame, opn, t)
    return t, env


@handler("POSTFIX_EXPR")
def h_postfix(it, node, env, frame, depth):
    kids = node.children
    a, env = it.expr(kids[0], env, frame, depth)
    # `x'` is `adjoint(x)`: a number's own type; else the call, so that a package's method and
    # LinearAlgebra's for its wrappers answer (an adjoint's adjoint is its parent, an UpperTriangular's a
    # LowerTriangular)
    t = a if arith.is_number(a) else it.call_named("adjoint", [a], {}, frame, "Base.adjoint")
    if len(kids) > 1:
        it.put(frame, kids[-1], t)
    return t, env


@handler("COMPARISON_EXPR")
def h_comparison(it, node, env, frame, depth):
    """`a == b`, `a < b <= c`: each comparison is a call of its operator on the operands beside it
    (a package's `==` may return something else than a Bool); a chain is their `&&`. An operator
    whose right operand cannot complete is labelled as applied to an unknown value."""
    results = []
    left = UNKNOWN
    pending = None
    for c in node.children:
        if c.kind in OPS or c.kind in ("UNICODE_OP", "IDENT") and it.text(c) in ("in", "isa", "≤", "≥", "≠", "∈"):
            reachable(env, BOOL)
            pending = c
            continue
        try:
            t, env = it.expr(c, env, frame, depth)
        except Unreachable:
            if pending is not None:
                it.put(frame, pending, _compare(it, pending, left, UNKNOWN, frame))
            raise
        if pending is not None:
            r = _compare(it, pending, left, t if env is not None else UNKNOWN, frame)
            it.put(frame, pending, r)
            results.append(r)
            pending = None
        left = t
    if len(results) == 1:
        return results[0], env
    return (BOOL if all(r == BOOL for r in results) else UNKNOWN), env


def _compare(it, opn, a, b, frame):
    op = op_text(it, opn)
    return BOOL if op == "isa" else it.infix(op, a, b, frame)


@handler("JUXTAPOSE_EXPR")
def h_juxtapose(it, node, env, frame, depth):
    kids = [c for c in node.children if c.kind not in TRIVIAL]
    types = []
    for c in kids:
        t, env = it.expr(c, env, frame, depth)
        types.append(t)
    t = types[0] if types else UNKNOWN
    for x in types[1:]:
        # `Float16(1)I` is `Float16(1) * I`: the package's methods of `*` too
        t = it.broadcast_op("*", [t, x]) if frame.dotted else it.infix("*", t, x, frame)
    return t, env  # `2im` has no operator lexeme: `2` and `im` keep their own types
