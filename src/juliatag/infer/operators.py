"""Operator semantics, in one place: the result type of `a op b`, `op a` and their broadcast forms
(union splitting, arithmetic promotion, strings and chars, arrays, symbolic argument types)."""

from __future__ import annotations

from ..types.registry import make_tuple
from ..types.jtypes import (ANY, BOOL, BOTTOM, CHAR, INT64, MISSING, NUMBER, REAL, STRING, UNKNOWN, WILD, DataT, FuncT, JType, TypeT,
                            UnionT, VarT, arg_type, is_concrete_var, make_union, matrix, ordered_members, vector)
from .base import arith, builtins
from .base.knowledge import RANGE_PRESERVING_OPS
from .base.methods import match_table
from .state import MAX_UNION_SPLIT, Frame


_ABSTRACT_MATRIX = DataT("AbstractArray", (WILD, 2))
_ARITHMETIC = frozenset({"+", "-", "*", "/", "^", "÷", "div", "%", "rem", "mod", "fld", "cld"})


def _row(wrapper: str, elt: JType) -> JType:
    """A row vector: the Adjoint (or Transpose) of a Vector."""
    return DataT(wrapper, (elt, vector(elt)))


_ABSTRACT_NUMBERS = frozenset({"Number", "Real", "Integer", "Signed", "Unsigned", "AbstractFloat",
                               "AbstractIrrational"})


def _dense_solve(op: str, ka, kb) -> JType | None:
    """`A \\ B` of a Matrix A and a Vector or Matrix B, and `A / B` of two Matrices: LinearAlgebra's
    generic solves (generic.jl: an LU, triangular or QR solve; `A / B` is `copy((B' \\ A')')`),
    whose elements are of the type of `oneunit(eltype(B)) / oneunit(eltype(A))` (Float64 for
    integers): an Array of that type, of B's shape. None for other operands."""
    if ka is None or kb is None or ka[0] != "array" or kb[0] != "array" or ka[2] != 2:
        return None
    if not (arith.is_number(ka[1]) and arith.is_number(kb[1])):
        return None
    if op == "\\" and kb[2] in (1, 2):
        elt = arith.binary_arith("/", kb[1], ka[1])
    elif op == "/" and kb[2] == 2:
        elt = arith.binary_arith("/", ka[1], kb[1])
    else:
        return None
    return DataT("Array", (elt, kb[2])) if elt is not None else None


def _plus_uniform_scaling(op: str, a: JType, b: JType, ka, kb) -> JType | None:
    """`A + J`, `J + A`, `A - J`, `J - A` of a Matrix A and a `UniformScaling` J (`A + I`):
    uniformscaling.jl copies A into a Matrix of the type of an element plus J's λ (`A - J` is
    `A + (-J)`, and `-true` is an Int). Only for float, complex and Int64 elements, whose sums with
    any number type stay as `binary_arith` says; None for anything else."""
    if ka is not None and kb is None:
        k, j, j_first = ka, b, False
    elif kb is not None and ka is None:
        k, j, j_first = kb, a, True
    else:
        return None
    if k[0] != "array" or k[2] != 2 or not (isinstance(j, DataT) and j.name == "UniformScaling" and
                                             len(j.params) == 1 and arith.is_number(j.params[0])):
        return None
    elt, lam = k[1], j.params[0]
    if not (arith.is_float(elt) or elt == INT64 or (isinstance(elt, DataT) and elt.name == "Complex"
                                                     and elt.params and arith.is_float(elt.params[0]))):
        return None
    if op == "-" and not j_first:
        lam = INT64 if lam == BOOL else lam   # A + (-J): `-true` is -1
    r = arith.binary_arith("+", elt, lam)
    return DataT("Array", (r, 2)) if r is not None else None


def abstract_number(t: JType) -> bool:
    return isinstance(t, DataT) and t.name in _ABSTRACT_NUMBERS


def strip_sym(t: JType) -> JType:
    return t.ub if isinstance(t, VarT) else t


def _operand_pairs(a: JType, b: JType) -> list | None:
    """The (member of a, member of b) pairs a union split of `a op b` tries, in a fixed order; None
    where there are more than MAX_UNION_SPLIT."""
    am = ordered_members(a) if isinstance(a, UnionT) else (a,)
    bm = ordered_members(b) if isinstance(b, UnionT) else (b,)
    return [(x, y) for x in am for y in bm] if len(am) * len(bm) <= MAX_UNION_SPLIT else None


class Operators:
    """Operator semantics, mixed into `Interpreter` (uses its registry and `call_named`)."""

    def package_operator(self, op: str, args: list[JType], base: JType, computed: JType) -> JType:
        """`a op b` (or `op a`) as Julia calls it, `op(a, b)`: where the package defines methods of
        the operator (`Base.:+(a::Money, b::Money)`, in any of its files), the result of the one
        that applies (`computed`, what Base's operator rules compute, where the methods that may
        apply all agree with it), UNKNOWN where one may apply (or may be in a file that could not
        be read); elsewhere `base`, what Base's rules say."""
        cands, complete = self.methods_of(op, None, args)
        if cands:
            r = self.dispatch(cands, args, {}, closed=self.closed_function(op, cands), cache_key=("call", op, None),
                              otherwise=computed)
            if r is not None:
                return r
        broadcast = self.array_call_broadcast(op, args)
        if broadcast is not None:
            return broadcast   # Base's method broadcasts the operator, as the package's arrays do
        if not (complete and self.program is not None and self.program.defines(op)) and \
                self.package_may_own_call(op, args, {}):
            return UNKNOWN
        return base

    def infix(self, op: str, a: JType, b: JType, frame: Frame) -> JType:
        """`a op b` for an infix operator that is not broadcast."""
        if op == "=>":
            return self.pair_of(a, b)
        if op == "∘":
            return DataT("Base.ComposedFunction", (a, b)) if a is not UNKNOWN and b is not UNKNOWN else UNKNOWN
        if op in ("∪", "∩"):
            return self.call_named("union" if op == "∪" else "intersect", [a, b], {}, frame)
        if op in ("×", "⋅"):
            return self.call_named("cross" if op == "×" else "dot", [a, b], {}, frame)
        computed = self.binary_op(op, a, b)
        base = BOOL if op in ("in", "∈", "∉", "∋", "⊆", "⊇", "⊂", "⊃", "≈", "≉", "≠", "≡", "≢") else computed
        return self.package_operator(op, [a, b], base, computed)

    def literal_power(self, a: JType, n: int) -> JType | None:
        """`x^n` of a literal integer `n`, which Julia lowers to `Base.literal_pow(^, x, Val{n}())`:
        where the package adds methods to `literal_pow` (JuMP's `literal_pow(::typeof(^),
        x::AbstractVariableRef, ::Val{2}) = x * x`), the one that applies answers, UNKNOWN where one
        may; None where none can, and Base's methods call `x^n`."""
        args = [a, DataT("Val", (n,))]
        cands, _ = self.methods_of("literal_pow", None, args)
        if not cands:
            return None
        return self.dispatch(cands, [FuncT("^"), *args], {}, closed=False, cache_key=("call", "literal_pow", None))

    def pair_of(self, a: JType, b: JType) -> JType:
        """`a => b`: a `Pair` of the values' own (run-time) types. A part of a small union type is
        split (`Union{Pair{Symbol, A}, Pair{Symbol, B}}`, as Julia's inference splits the
        constructor's call); a part of an abstract type is not known (`Pair{Symbol, Real}` is another
        type, which no such value has)."""
        if isinstance(a, UnionT) or isinstance(b, UnionT):
            pairs = _operand_pairs(a, b)
            if pairs is None:
                return DataT("Pair", (UNKNOWN, UNKNOWN))
            return make_union([self.pair_of(x, y) for x, y in pairs])

        def part(t: JType) -> JType:
            if isinstance(t, TypeT):
                return UNKNOWN   # the value is a type: its own type is DataType, UnionAll, ...
            if isinstance(t, FuncT) or is_concrete_var(t) or self.reg.is_concrete(t) is True:
                return t
            return UNKNOWN
        return DataT("Pair", (part(a), part(b)))

    def prefix(self, op: str, a: JType) -> JType:
        """`op a` for a prefix operator that is not broadcast."""
        computed = self.unary_op(op, a)
        return self.package_operator(op, [a], computed, computed)

    def binary_op(self, op: str, a: JType, b: JType) -> JType:
        if isinstance(a, UnionT) or isinstance(b, UnionT):  # union splitting
            pairs = _operand_pairs(a, b)
            return self.join_split([self.binary_op(op, x, y) for x, y in pairs]) if pairs is not None else UNKNOWN
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
            return arg_type("", self._numeric_bound(a, b))
        if is_concrete_var(a) or is_concrete_var(b):
            other = b if is_concrete_var(a) else a
            if other is UNKNOWN or isinstance(other, (FuncT,)):
                return UNKNOWN
            # generic arithmetic on arguments: concrete for concrete inputs, type depends on them
            return arg_type("", self._numeric_bound(a, b) if op in _ARITHMETIC else ANY)
        r = match_table(op, [a, b], self.reg)
        return r if r is not None else UNKNOWN

    def _numeric_bound(self, a: JType, b: JType) -> JType:
        """What arithmetic on two values of these (real or number) types stays within: Real for
        reals, Number for numbers, else Any."""
        for bound in (REAL, NUMBER):
            if all(self.reg.issub(x.ub if isinstance(x, VarT) else x, bound) for x in (a, b)):
                return bound
        return ANY

    def _array_kind(self, t: JType):
        """How `t` takes part in array arithmetic: ("array", eltype, ndims) for an Array; ("row",
        eltype, wrapper) for the Adjoint/Transpose of a Vector (a row vector); ("wrapped", eltype) for
        that of a Matrix; ("other", eltype, user) for any other AbstractArray; None for a non-array."""
        pa = builtins.array_params(t, self.reg)
        if pa is None:
            return None
        elt = pa[0] if isinstance(pa[0], JType) else UNKNOWN
        if isinstance(t, DataT) and t.name == "Array" and isinstance(pa[1], int):
            return ("array", elt, pa[1])
        wrapped = builtins.wrapped_array_dims(t)
        if wrapped == 1:
            return ("row", elt, t.name)
        if wrapped == 2:
            return ("wrapped", elt)
        decl = self.reg.decl(t.name) if isinstance(t, DataT) else None
        return ("other", elt, decl is None or decl.user)

    def _array_arith(self, op: str, a: JType, b: JType) -> JType | None:
        """Arithmetic with an array operand: Arrays and row vectors (`v'`, `transpose(v)`) by
        LinearAlgebra's rules (`v' * w` a number, `v * w'` a Matrix, `v' * A` a row vector, a number
        times a row vector a row vector). UNKNOWN for other arrays (a range, a sparse or a package's
        array has its own methods), None when neither operand is an array."""
        ka, kb = self._array_kind(a), self._array_kind(b)
        if ka is None and kb is None:
            return None
        if op in ("\\", "/"):
            solved = _dense_solve(op, ka, kb)
            if solved is not None:
                return solved
        if op in ("+", "-"):
            shifted = _plus_uniform_scaling(op, a, b, ka, kb)
            if shifted is not None:
                return shifted
        ea = ka[1] if ka is not None else a
        eb = kb[1] if kb is not None else b
        elt = arith.binary_arith("*" if op == "\\" else op, ea, eb) if ea is not UNKNOWN and eb is not UNKNOWN \
            else None
        if elt is None or (op == "*" and elt == BOOL and ka is not None and kb is not None):
            return UNKNOWN  # a product of Bool arrays sums Bools: Int
        sa, sb = ka[0] if ka else "number", kb[0] if kb else "number"
        if (sa == "number" and not arith.is_number(a)) or (sb == "number" and not arith.is_number(b)):
            return UNKNOWN
        if op in ("+", "-"):
            if sa == sb == "array" and ka[2] == kb[2]:
                return DataT("Array", (elt, ka[2]))
            if {sa, sb} <= {"array", "wrapped"} and all(k[0] == "wrapped" or k[2] == 2 for k in (ka, kb)):
                # a Matrix and an adjoint or transposed Matrix: Base's `+` broadcasts into a Matrix
                return matrix(elt)
            if sa == sb == "row" and ka[2] == kb[2]:
                return _row(ka[2], elt)
            return UNKNOWN
        if op in ("*", "/") and (sa == "number") != (sb == "number"):
            k = ka if sb == "number" else kb
            if op == "/" and sa == "number":
                return UNKNOWN
            if k[0] == "array":
                return DataT("Array", (elt, k[2]))
            if k[0] == "row":
                return _row(k[2], elt)
            return UNKNOWN
        if op != "*":
            return UNKNOWN
        if sa == "row" and sb == "array" and kb[2] == 1:
            return elt  # u' * v: the dot product
        if sa == "row" and (sb == "wrapped" or (sb == "array" and kb[2] == 2)):
            return _row(ka[2], elt)
        if sa == "array" and ka[2] == 1 and sb == "row":
            return matrix(elt)
        matrix_a = sa == "wrapped" or (sa == "array" and ka[2] == 2)
        if matrix_a and sb == "array" and kb[2] == 1:
            return vector(elt)
        if matrix_a and (sb == "wrapped" or (sb == "array" and kb[2] == 2)):
            return matrix(elt)
        if sa == "other" and not ka[2] and sb == "array" and kb[2] == 1 and self.reg.issub(a, _ABSTRACT_MATRIX):
            return vector(elt)  # a Base/stdlib matrix (sparse, Diagonal, Symmetric) times a Vector
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
        k = self._array_kind(a)
        if op == "-" and k is not None and k[0] in ("array", "row"):
            elt = arith.unary_arith("-", k[1]) if k[1] is not UNKNOWN else None
            if elt is None:
                return UNKNOWN
            return DataT("Array", (elt, k[2])) if k[0] == "array" else _row(k[2], elt)
        return UNKNOWN

    def broadcast_op(self, op: str, args: list[JType]) -> JType:
        tup = self.tuple_broadcast(args, lambda xs: self.binary_op(op, *xs) if len(xs) == 2 else self.unary_op(op, xs[0]))
        if tup is not None:
            return tup
        ranged = builtins.integer_range_broadcast(op, args)
        if ranged is not None:
            return ranged
        if op in RANGE_PRESERVING_OPS and any(builtins.is_range(a, self.reg) for a in args):
            return UNKNOWN   # `(1:3) .* 2` is a range again (Base's broadcast rules for ranges)
        own = self.package_broadcast(FuncT(op), args)
        if own is not None:
            return own
        elts = builtins.broadcast_elements(args, self.reg)
        nd = builtins.broadcast_shape(args, self.reg, self.takes_default_broadcast)
        if any(e is UNKNOWN for e in elts):
            return UNKNOWN
        if len(elts) == 2:
            r = self.binary_op(op, elts[0], elts[1])
        elif len(elts) == 1:
            r = self.unary_op(op, elts[0])
        else:
            r = UNKNOWN
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
