"""Numeric promotion and the result types of arithmetic, as Julia's Base defines them."""

from __future__ import annotations

from ...types.jtypes import BOOL, FLOAT64, INT64, JType, DataT, dt

_SIGNED = {"Int8": 8, "Int16": 16, "Int32": 32, "Int64": 64, "Int128": 128}
_UNSIGNED = {"UInt8": 8, "UInt16": 16, "UInt32": 32, "UInt64": 64, "UInt128": 128}
_FLOATS = {"Float16": 16, "Float32": 32, "Float64": 64}
_INTS = {**_SIGNED, **_UNSIGNED}
FIXED_WIDTH_INTEGERS = frozenset(_INTS)


def is_number(t: JType) -> bool:
    return isinstance(t, DataT) and (
        t.name in _INTS or t.name in _FLOATS or t.name in ("Bool", "BigInt", "BigFloat", "Rational", "Complex",
                                                              "Irrational"))


def is_real(t: JType) -> bool:
    return is_number(t) and t.name != "Complex"


def is_integer(t: JType) -> bool:
    return isinstance(t, DataT) and (t.name in _INTS or t.name in ("Bool", "BigInt"))


def negative_literal_power(a: JType, n: int) -> JType | None:
    """`x^n` of a negative integer literal `n` and a fixed-width integer or Bool `x`: Base's
    `literal_pow(^, x::HWNumber, ::Val{p})` for p < 0 is `inv(x)^(-p)` (`2^-1 == 0.5`), a Float64;
    None for anything else (the operator's own rule answers)."""
    if n < 0 and isinstance(a, DataT) and (a.name in _INTS or a.name == "Bool"):
        return FLOAT64
    return None


def is_float(t: JType) -> bool:
    return isinstance(t, DataT) and (t.name in _FLOATS or t.name == "BigFloat")


def _promote_int(a: str, b: str) -> str:
    if a == b:
        return a
    if a == "Bool":
        return b
    if b == "Bool":
        return a
    if a == "BigInt" or b == "BigInt":
        return "BigInt"
    sa, sb = _INTS[a], _INTS[b]
    if sa != sb:
        return a if sa > sb else b
    return a if a in _UNSIGNED else b  # same size, mixed signedness: unsigned wins


def promote_type(a: JType, b: JType) -> JType | None:
    """`promote_type(a, b)` for numeric types, or None when not both known numbers."""
    if a == b:
        return a
    if not (is_number(a) and is_number(b)):
        return None
    na, nb = a.name, b.name
    if na == "Complex" or nb == "Complex":
        ra = a.params[0] if na == "Complex" and a.params else a
        rb = b.params[0] if nb == "Complex" and b.params else b
        inner = promote_type(ra, rb)
        return dt("Complex", inner) if inner is not None else None
    if na == "Irrational" or nb == "Irrational":
        other = b if na == "Irrational" else a
        if other.name == "Irrational":
            return FLOAT64
        if is_float(other):
            return other
        return FLOAT64 if other.name != "BigInt" else dt("BigFloat")
    if na == "BigFloat" or nb == "BigFloat":
        return dt("BigFloat")
    if na in _FLOATS or nb in _FLOATS:
        if na in _FLOATS and nb in _FLOATS:
            return a if _FLOATS[na] >= _FLOATS[nb] else b
        f, other = (a, b) if na in _FLOATS else (b, a)
        if other.name == "BigInt":
            return dt("BigFloat")
        if other.name == "Rational":
            # promote_rule(Rational{T}, <:AbstractFloat) is promote_type(T, the float)
            inner = other.params[0] if other.params else None
            return promote_type(inner, f) if isinstance(inner, DataT) else None
        return f
    if na == "Rational" or nb == "Rational":
        ra = a.params[0] if na == "Rational" and a.params else a
        rb = b.params[0] if nb == "Rational" and b.params else b
        inner = promote_type(ra, rb)
        return dt("Rational", inner) if inner is not None else None
    return dt(_promote_int(na, nb))


def float_type(t: JType) -> JType | None:
    """`float(T)`."""
    if not is_number(t):
        return None
    if t.name in _FLOATS or t.name == "BigFloat":
        return t
    if t.name == "BigInt":
        return dt("BigFloat")
    if t.name == "Complex":
        inner = float_type(t.params[0]) if t.params else None
        return dt("Complex", inner) if inner is not None else None
    if t.name == "Rational":
        # float(n // d) is float(n) / float(d): a BigFloat for Rational{BigInt}
        inner = t.params[0] if t.params else None
        if not isinstance(inner, DataT) or not is_integer(inner):
            return None
        return dt("BigFloat") if inner.name == "BigInt" else FLOAT64
    return FLOAT64


def binary_arith(op: str, a: JType, b: JType) -> JType | None:
    """Result type of `a op b` for numbers (op without the broadcast dot), or None if not numeric."""
    if not (is_number(a) and is_number(b)):
        return None
    if op in ("==", "!=", "<", ">", "<=", ">=", "≤", "≥", "≠", "===", "!==", "≡", "≢", "isless", "≈", "isequal"):
        return BOOL
    if op == "/":
        if a.name == "Rational" or b.name == "Rational":
            if is_integer(a) or is_integer(b) or (a.name == "Rational" and b.name == "Rational"):
                return promote_type(a, b)
        p = promote_type(a, b)
        return float_type(p) if p is not None else None
    if op == "\\":
        p = promote_type(a, b)
        return float_type(p) if p is not None else None
    if op == "//":
        if is_integer(a) and is_integer(b):
            inner = promote_type(a, b)
            if inner == BOOL:
                inner = BOOL
            return dt("Rational", inner)
        if a.name == "Rational" or b.name == "Rational":
            return promote_type(a, b)
        if a.name == "Complex" or b.name == "Complex":
            return None
        return None
    if op == "^":
        if a.name == "Bool" and is_integer(b):
            return BOOL
        if a.name == "Irrational":
            return FLOAT64 if not is_float(b) else promote_type(FLOAT64, b)
        if is_integer(b):
            if a.name == "Rational" or is_float(a) or a.name == "Complex" or is_integer(a):
                return a if a.name != "Irrational" else FLOAT64
            return a
        if a.name == "Irrational" and b.name == "Irrational":
            return FLOAT64
        p = promote_type(a, b)
        if p is not None and is_integer(p):
            return None
        return p if (p is None or p.name != "Irrational") else FLOAT64
    if op in ("÷", "div", "fld", "cld", "%", "rem", "mod"):
        if a.name == "Bool" and b.name == "Bool":
            return BOOL
        if op in ("%", "rem", "mod") and a.name == "Bool":
            return promote_type(a, b)
        return promote_type(a, b)
    if op in ("&", "|", "⊻", "xor"):
        if is_integer(a) and is_integer(b):
            return promote_type(a, b)
        return None
    if op in ("<<", ">>", ">>>"):
        if is_integer(a) and is_integer(b):
            return a if a.name != "Bool" else INT64
        return None
    if op in ("+", "-"):
        if a.name == "Bool" and b.name == "Bool":
            return INT64
        p = promote_type(a, b)
        if p is not None and p.name == "Irrational":
            return FLOAT64
        return p
    if op == "*":
        p = promote_type(a, b)
        if p is not None and p.name == "Irrational":
            return FLOAT64
        return p
    if op in ("min", "max", "hypot", "atan", "copysign", "flipsign", "mod1", "gcd", "lcm"):
        p = promote_type(a, b)
        if op in ("hypot", "atan") and p is not None:
            return float_type(p)
        return p
    return None


def unary_arith(op: str, a: JType) -> JType | None:
    if not is_number(a):
        return None
    if op in ("-", "+"):
        if a.name == "Bool" and op == "-":
            return INT64
        if a.name == "Irrational":
            return FLOAT64
        return a
    if op == "!":
        return BOOL if a.name == "Bool" else None
    if op == "~":
        return a if is_integer(a) else None
    if op in ("√", "∛"):
        return float_type(a)
    return None
