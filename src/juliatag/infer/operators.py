"""Operator semantics, in one place: the result type of `a op b`, `op a` and their broadcast forms
(union splitting, arithmetic promotion, strings and chars, arrays, symbolic argument types)."""

from __future__ import annotations

from ..types.registry import make_tuple
from ..types.jtypes import (ANY, BOOL, BOTTOM, CHAR, INT64, MISSING, STRING, UNKNOWN, DataT, FuncT, JType,
                            UnionT, VarT, arg_type, is_concrete_var, matrix, ordered_members, vector)
from .base import arith, builtins
from .base.methods import match_table
from .state import MAX_UNION_SPLIT, Frame


_ABSTRACT_NUMBERS = frozenset({"Number", "Real", "Integer", "Signed", "Unsigned", "AbstractFloat",
                               "AbstractIrrational"})


def abstract_number(t: JType) -> bool:
    return isinstance(t, DataT) and t.name in _ABSTRACT_NUMBERS


def strip_sym(t: JType) -> JType:
    return t.ub if isinstance(t, VarT) else t


class Operators:
    """Operator semantics, mixed into `Interpreter` (uses its registry and `call_named`)."""

    def infix(self, op: str, a: JType, b: JType, frame: Frame) -> JType:
        """`a op b` for an infix operator that is not broadcast."""
        if op in ("in", "∈", "∉", "∋", "⊆", "⊇", "⊂", "⊃", "≈", "≉", "≠", "≡", "≢"):
            return BOOL
        if op == "∘":
            return DataT("Base.ComposedFunction", (a, b)) if a is not UNKNOWN and b is not UNKNOWN else UNKNOWN
        if op in ("∪", "∩"):
            return self.call_named("union" if op == "∪" else "intersect", [a, b], {}, frame)
        if op in ("×", "⋅"):
            return self.call_named("cross" if op == "×" else "dot", [a, b], {}, frame)
        if op == "=>":
            return DataT("Pair", (a, b))
        t = self.binary_op(op, a, b)
        if t is UNKNOWN and op in self.defs.methods:
            t = self.dispatch(self.defs.methods[op], [a, b], {}) or UNKNOWN
        return t

    def binary_op(self, op: str, a: JType, b: JType) -> JType:
        if isinstance(a, UnionT) or isinstance(b, UnionT):  # union splitting
            am = ordered_members(a) if isinstance(a, UnionT) else (a,)
            bm = ordered_members(b) if isinstance(b, UnionT) else (b,)
            if len(am) * len(bm) <= MAX_UNION_SPLIT:
                return self.join_split([self.binary_op(op, x, y) for x in am for y in bm])
            return UNKNOWN
        if a is ANY or b is ANY:
            if op in ("===", "!==", "≡", "≢", "isa", "<:"):
                return BOOL
            return ANY
        r = arith.binary_arith(op, a, b)
        if r is not None:
            return r
        if op in ("==", "!=", "<", ">", "<=", ">=", "≤", "≥", "≠", "===", "!==", "≡", "≢", "isless", "isequal",
                  "≈"):
            if op in ("==", "!=", "≠") and (a == MISSING or b == MISSING):
                return MISSING
            return BOOL
        if a == CHAR or b == CHAR:
            if op == "-" and a == CHAR and b == CHAR:
                return INT64
            if op in ("+", "-") and a == CHAR and arith.is_integer(b):
                return CHAR
            if op == "+" and b == CHAR and arith.is_integer(a):
                return CHAR
        sa, sb = strip_sym(a), strip_sym(b)
        if op == "*" and sa in (STRING, CHAR) and sb in (STRING, CHAR) or (op == "*" and (
                (a == STRING and b in (STRING, CHAR)) or (b == STRING and a in (STRING, CHAR)))):
            return STRING
        if op == "^" and a in (STRING, CHAR) and arith.is_integer(b):
            return STRING
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        if abstract_number(a) or abstract_number(b):
            # a statically abstract operand (a field `x::Integer`): runtime dispatch, inferred as Any
            return ANY
        if op in ("+", "-", "*", "/", "\\"):
            r = self._array_arith(op, a, b)
            if r is not None:
                return r
        if op in ("÷", "div", "%", "rem", "mod", "fld", "cld") and (is_concrete_var(a) or is_concrete_var(b)):
            return arg_type()
        if is_concrete_var(a) or is_concrete_var(b):
            other = b if is_concrete_var(a) else a
            if other is UNKNOWN or isinstance(other, (FuncT,)):
                return UNKNOWN
            # generic arithmetic on arguments: concrete for concrete inputs, type depends on them
            return arg_type()
        r = match_table(op, [a, b], self.reg)
        return r if r is not None else UNKNOWN

    def _array_arith(self, op: str, a: JType, b: JType) -> JType | None:
        pa = builtins.array_params(a, self.reg)
        pb = builtins.array_params(b, self.reg)
        if pa is None and pb is None:
            return None
        if op in ("+", "-") and pa is not None and pb is not None:
            elt = arith.binary_arith(op, pa[0], pb[0]) if isinstance(pa[0], JType) else None
            if elt is not None and isinstance(pa[1], int):
                return DataT("Array", (elt, pa[1]))
            return UNKNOWN
        if op == "*" and pa is not None and pb is not None:
            elt = arith.binary_arith("*", pa[0], pb[0])
            if elt is None:
                return UNKNOWN
            if pa[1] == 2 and pb[1] == 1:
                return vector(elt)
            if pa[1] == 2 and pb[1] == 2:
                return matrix(elt)
            return UNKNOWN
        if op in ("*", "/") and (pa is None) != (pb is None):
            arr, scal = (pa, b) if pa is not None else (pb, a)
            if op == "/" and pa is None:
                return UNKNOWN
            elt = arith.binary_arith(op, arr[0], scal) if isinstance(arr[0], JType) else None
            if elt is not None and isinstance(arr[1], int):
                return DataT("Array", (elt, arr[1]))
            return UNKNOWN
        return UNKNOWN

    def join_split(self, parts: list) -> JType:
        """The join of the results of a union split: unknown if any member's result is."""
        if any(p is UNKNOWN for p in parts):
            return UNKNOWN
        out = BOTTOM
        for p in parts:
            out = self.join(out, p)
        return out

    def unary_op(self, op: str, a: JType) -> JType:
        if isinstance(a, UnionT):
            return self.join_split([self.unary_op(op, m) for m in ordered_members(a)])
        if a is ANY:
            return BOOL if op == "!" else ANY
        r = arith.unary_arith(op, a)
        if r is not None:
            return r
        if op == "!":
            return BOOL if a is not UNKNOWN else UNKNOWN
        if is_concrete_var(a):
            return arg_type()
        pa = builtins.array_params(a, self.reg)
        if op == "-" and pa is not None and isinstance(pa[1], int):
            return DataT("Array", (arith.unary_arith("-", pa[0]) or UNKNOWN, pa[1])) if isinstance(pa[0], JType) \
                else UNKNOWN
        return UNKNOWN

    def broadcast_op(self, op: str, args: list[JType]) -> JType:
        tup = self.tuple_broadcast(args, lambda xs: self.binary_op(op, *xs) if len(xs) == 2 else self.unary_op(op, xs[0]))
        if tup is not None:
            return tup
        elts = builtins.broadcast_elements(args, self.reg)
        nd = builtins.broadcast_shape(args, self.reg)
        if any(e is UNKNOWN for e in elts):
            return UNKNOWN
        if len(elts) == 2:
            r = self.binary_op(op, elts[0], elts[1])
        elif len(elts) == 1:
            r = self.unary_op(op, elts[0])
        else:
            r = UNKNOWN
        if nd is not None and is_concrete_var(r):
            return UNKNOWN
        return builtins.broadcast_result(r, nd, self.reg)

    def tuple_broadcast(self, args: list[JType], fn) -> JType | None:
        """Broadcasting over tuples (and scalars) gives a tuple: `(1, 2) .+ 1` is `Tuple{Int64, Int64}`."""
        tuples = [a for a in args if isinstance(a, DataT) and a.name == "Tuple"]
        if not tuples or any(builtins.array_params(a, self.reg) is not None for a in args):
            return None
        n = len(tuples[0].params)
        if any(len(t.params) != n for t in tuples) or any(
                isinstance(p, DataT) and p.name == "Vararg" for t in tuples for p in t.params):
            return UNKNOWN
        parts = []
        for i in range(n):
            r = fn([a.params[i] if isinstance(a, DataT) and a.name == "Tuple" else a for a in args])
            if r is UNKNOWN:
                return UNKNOWN
            parts.append(r)
        return make_tuple(parts)
