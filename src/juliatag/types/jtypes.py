"""Julia types as immutable, hashable Python values, and their canonical printing.

- `DataT(name, params)`: a datatype application (`Int64`, `Array{Float64, 1}`); a missing
  trailing parameter makes it a UnionAll (abstract), parameters may be types or values.
- `UnionT(members)`: a union of two or more types.
- `VarT(name, ub, concrete)`: a type variable, of one of three kinds (tell them apart with
  `is_static_param`, `is_arg_type`, `is_wildcard`; build them with `VarT(name, ...)`,
  `arg_type`, `wildcard`):
  - a static parameter `T` of `f(x::T) where T<:Real` or of `struct S{T}`;
  - an argument's type `#x`: the concrete type argument `x` has at run time, unknown to the
    analyzer but bounded by `ub` (Julia specialises on it, so `concrete` is true);
  - a wildcard: an unconstrained UnionAll parameter (`Vector` is `Array{T, 1} where T`).
  `concrete` says whether every runtime instantiation is concrete.
- `TypeT(of)`: `Type{X}`, the type of the value `X` when a type is used as a value.
- `FuncT(name)`: `typeof(f)`, the singleton type of a function or closure.
- `ANY`, `BOTTOM` (`Union{}`), and `UNKNOWN`: the analyzer does not know (never printed as a type).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache


class JType:
    __slots__ = ()

    def __repr__(self) -> str:  # the subclasses are dataclasses with repr=False, so this serves all
        return show(self)


@dataclass(frozen=True, slots=True, repr=False)
class DataT(JType):
    name: str
    params: tuple = ()
    # the hash, worked out once (types are dictionary keys everywhere in the engine); never pickled,
    # since a string's hash differs from process to process
    _hash: int = field(default=0, init=False, compare=False, repr=False)
    # which parameters are Julia's Bool values (`Val{true}`), worked out once: Python's True equals
    # 1, and `Val{true}` is not `Val{1}` (-1: not worked out yet)
    _bools: int = field(default=-1, init=False, compare=False, repr=False)

    def __hash__(self) -> int:
        h = self._hash
        if not h:
            h = hash((self.name, self.params)) or 1
            object.__setattr__(self, "_hash", h)
        return h

    def __eq__(self, other) -> bool:
        if self is other:
            return True
        if other.__class__ is not DataT:
            return NotImplemented
        if self.name != other.name:
            return False
        h, g = self._hash, other._hash
        if h and g and h != g:
            return False   # (both worked out: most unequal pairs end here, without the parameters)
        if self.params != other.params:
            return False
        a, b = self._bools, other._bools
        return (a if a >= 0 else self._bool_params()) == (b if b >= 0 else other._bool_params())

    def _bool_params(self) -> int:
        """A bit per parameter that is a Bool value (`true`/`false`), so that `Val{true}` != `Val{1}`."""
        m = self._bools
        if m < 0:
            m = 0
            for i, p in enumerate(self.params):
                if p.__class__ is bool:
                    m |= 1 << i
            object.__setattr__(self, "_bools", m)
        return m

    def __reduce__(self):
        return DataT, (self.name, self.params)


@dataclass(frozen=True, slots=True, repr=False)
class UnionT(JType):
    members: frozenset


@dataclass(frozen=True, slots=True, repr=False)
class VarT(JType):
    name: str
    ub: JType
    concrete: bool = True

    def __repr__(self) -> str:
        return f"VarT({self.name}<:{show(self.ub)})"


@dataclass(frozen=True, slots=True, repr=False)
class TypeT(JType):
    of: JType


@dataclass(frozen=True, slots=True, repr=False)
class FuncT(JType):
    name: str
    closure: bool = False
    ret: "JType | None" = None  # for closures whose result type is known (generators)
    # a closure's captures, as Julia's closure types hold them: ((name, type), ...) of the outer
    # variables and static parameters its body names
    captures: tuple = ()
    # whether the captures are all the closure needs to be analysed (no static parameter, no boxed
    # variable), so it can be called after the frame it was made in is gone (`Calls.call_value`)
    sealed: bool = False


@dataclass(frozen=True, slots=True, repr=False)
class _Special(JType):
    name: str

    def __repr__(self) -> str:
        return self.name


ANY = _Special("Any")
BOTTOM = _Special("Union{}")
UNKNOWN = _Special("?")

ARG_PREFIX = "#"   # the name of an argument's type is `#` + the argument's name


def arg_type(name: str = "", ub: JType = ANY) -> VarT:
    """The unknown concrete run-time type of argument `name` (anonymous when `name` is empty)."""
    return VarT(ARG_PREFIX + name, ub, True)


def wildcard(ub: JType = ANY) -> VarT:
    """An unconstrained parameter of a UnionAll (`Array{<:ub, 1}`)."""
    return VarT("", ub, False)


def is_arg_type(t) -> bool:
    """Whether `t` is an argument's unknown concrete type (see `arg_type`)."""
    return isinstance(t, VarT) and t.name.startswith(ARG_PREFIX)


def is_wildcard(t) -> bool:
    """Whether `t` is a wildcard parameter (see `wildcard`)."""
    return isinstance(t, VarT) and t.name == ""


def is_named_var(t) -> bool:
    """Whether `t` is a type variable that stands for one type (a static parameter, an argument's
    run-time type), not a wildcard of a UnionAll."""
    return isinstance(t, VarT) and t.name != ""


def is_static_param(t) -> bool:
    """Whether `t` is a named static parameter (`T` in `where T`)."""
    return isinstance(t, VarT) and t.name != "" and not t.name.startswith(ARG_PREFIX)


def is_concrete_var(t) -> bool:
    """Whether `t` is a type variable whose every run-time value is concrete (an argument's type,
    or a static parameter bound by a call)."""
    return isinstance(t, VarT) and t.concrete


WILD = wildcard()


@dataclass(frozen=True, slots=True)
class SymbolValue:
    """A symbol used as a type parameter (`Val{:x}`)."""

    name: str


def same_param(a, b) -> bool:
    """Whether two type parameters are the same: types, or values (`true` is not `1`, though
    Python's True == 1)."""
    return a == b and (a.__class__ is bool) == (b.__class__ is bool)


def dt(name: str, *params) -> DataT:
    return DataT(name, tuple(params))


INT64 = dt("Int64")
INT32 = dt("Int32")
UINT8 = dt("UInt8")
UINT64 = dt("UInt64")
FLOAT64 = dt("Float64")
FLOAT32 = dt("Float32")
BOOL = dt("Bool")
CHAR = dt("Char")
STRING = dt("String")
SYMBOL = dt("Symbol")
NOTHING = dt("Nothing")
MISSING = dt("Missing")
COLON = dt("Colon")        # the type of `:` (Base's `Colon()` singleton)
EXPR = dt("Expr")
MODULE = dt("Module")
NUMBER = dt("Number")
REAL = dt("Real")
ABSTRACT_FLOAT = dt("AbstractFloat")


def vector(elt: JType) -> DataT:
    return DataT("Array", (elt, 1))


def matrix(elt: JType) -> DataT:
    return DataT("Array", (elt, 2))


def tuple_of(*elts: JType) -> DataT:
    return DataT("Tuple", tuple(elts))


def make_union(types) -> JType:
    """Union of `types`, flattened; one member gives itself, none gives BOTTOM.

    The result never depends on the order of `types` (an UNKNOWN anywhere wins over an ANY):
    callers pass members of frozensets, whose order varies between processes.
    """
    members: set = set()
    saw_any = False
    for t in types:
        if t is BOTTOM:
            continue
        if t is UNKNOWN:
            return UNKNOWN
        if t is ANY:
            saw_any = True
            continue
        if isinstance(t, UnionT):
            members.update(t.members)
        else:
            members.add(t)
    if saw_any:
        return ANY
    if not members:
        return BOTTOM
    if len(members) == 1:
        return next(iter(members))
    return UnionT(frozenset(members))


def ordered_members(u: "UnionT") -> list:
    """A union's members in a canonical order (by their printing), the same in every process."""
    return _ordered(u)


# ---------------------------------------------------------------------------- printing

_ALIAS_PRINT = {("Array", 1): "Vector", ("Array", 2): "Matrix",
                ("AbstractArray", 1): "AbstractVector", ("AbstractArray", 2): "AbstractMatrix",
                ("DenseArray", 1): "DenseVector", ("DenseArray", 2): "DenseMatrix",
                ("BitArray", 1): "BitVector", ("BitArray", 2): "BitMatrix"}


def show_param(p) -> str:
    if is_wildcard(p):
        return "<:" + show(p.ub) if p.ub is not ANY else "<:Any"
    if isinstance(p, JType):
        return show(p)
    if isinstance(p, bool):
        return "true" if p else "false"
    if isinstance(p, SymbolValue):
        return ":" + p.name
    if isinstance(p, tuple):  # a tuple of values (NamedTuple's field names): `(:a, :b)`, `(:a,)`
        items = [show_param(x) for x in p]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    return str(p)


def _is_free(p) -> bool:
    """An unconstrained wildcard parameter (`Vector` is `Array{T, 1} where T`)."""
    return is_wildcard(p) and p.ub is ANY


def show(t: JType) -> str:
    """Julia's own printing of a type (`Vector{Float64}`, `Union{Nothing, Int64}`)."""
    if isinstance(t, DataT):
        params = t.params
        if t.name == "Tuple":
            if not params:
                return "Tuple{}"
            if len(params) == 1 and isinstance(params[0], DataT) and params[0].name == "Vararg" and \
                    params[0].params == (ANY,):
                return "Tuple"   # Tuple{Vararg{Any}}, every tuple type
            if len(params) > 3 and all(p == params[0] for p in params) and isinstance(params[0], JType):
                return f"NTuple{{{len(params)}, {show(params[0])}}}"
            return f"Tuple{{{', '.join(show_param(p) for p in params)}}}"
        if t.name == "NamedTuple" and len(params) == 2 and isinstance(params[0], tuple) \
                and isinstance(params[1], DataT) and params[1].name == "Tuple" \
                and len(params[1].params) == len(params[0]) and all(isinstance(n, SymbolValue) for n in params[0]):
            # as Julia prints it: @NamedTuple{a::Int64, b::Float64}
            return "@NamedTuple{" + ", ".join(f"{n.name}::{show_param(v)}"
                                              for n, v in zip(params[0], params[1].params, strict=True)) + "}"
        if t.name == "BitArray" and len(params) == 1 and params[0] in (1, 2) and not isinstance(params[0], bool):
            return _ALIAS_PRINT[("BitArray", params[0])]
        if len(params) == 2 and isinstance(params[1], int) and not isinstance(params[1], bool):
            alias = _ALIAS_PRINT.get((t.name, params[1]))
            if alias:
                return alias if _is_free(params[0]) else f"{alias}{{{show_param(params[0])}}}"
        while params and _is_free(params[-1]):
            params = params[:-1]
        if not params:
            return t.name
        return f"{t.name}{{{', '.join(show_param(p) for p in params)}}}"
    if isinstance(t, UnionT):
        return "Union{" + ", ".join(sorted(show(m) for m in t.members)) + "}"
    if isinstance(t, TypeT):
        return f"Type{{{show(t.of)}}}"
    if isinstance(t, FuncT):
        return f'var"{t.name}"' if t.closure else f"typeof({t.name})"
    if isinstance(t, VarT):
        return t.name
    if isinstance(t, _Special):
        return t.name
    raise TypeError(f"not a JType: {t!r}")


def is_known(t: JType) -> bool:
    """False for UNKNOWN and for types that contain it."""
    if t is UNKNOWN:
        return False
    if isinstance(t, DataT):
        return all(is_known(p) for p in t.params if isinstance(p, JType))
    if isinstance(t, UnionT):
        return all(is_known(m) for m in t.members)
    if isinstance(t, TypeT):
        return is_known(t.of)
    return True


def mentions(t, pred) -> bool:
    """Whether `pred` holds for `t` or a type inside it (parameters, union members, the type of a
    `Type{T}`, a type variable's bound)."""
    if pred(t):
        return True
    if isinstance(t, DataT):
        return any(mentions(p, pred) for p in t.params if isinstance(p, JType))
    if isinstance(t, UnionT):
        return any(mentions(m, pred) for m in t.members)
    if isinstance(t, TypeT):
        return mentions(t.of, pred)
    if isinstance(t, VarT):
        return mentions(t.ub, pred)
    return False


def _is_closure(t) -> bool:
    return isinstance(t, FuncT) and t.closure and "@" in t.name


def without_closure_ids(t, keep_sealed: bool = False):
    """`t` with every closure's identity (`#lambda@12`, which names one closure of one file's
    analysis) dropped (`#lambda`), keeping what is known of its result: a closure type that can
    leave the analysis that made it. With `keep_sealed`, a sealed closure (callable from its
    captures alone) keeps its identity: it may be kept by the analysis of its own file."""
    pred = is_unsealed_closure if keep_sealed else _is_closure
    if not mentions(t, pred):
        return t
    if isinstance(t, FuncT):
        return FuncT(t.name.split("@", 1)[0], True, t.ret)
    if isinstance(t, DataT):
        return DataT(t.name, tuple(without_closure_ids(p, keep_sealed) if isinstance(p, JType) else p
                                   for p in t.params))
    if isinstance(t, UnionT):
        return UnionT(frozenset(without_closure_ids(m, keep_sealed) for m in t.members))
    if isinstance(t, TypeT):
        return TypeT(without_closure_ids(t.of, keep_sealed))
    return t


def is_unsealed_closure(t) -> bool:
    return _is_closure(t) and not t.sealed


def _is_var(t) -> bool:
    return isinstance(t, VarT)


def has_vars(t) -> bool:
    """Whether `t` mentions a type variable (so it is not a fixed type)."""
    return mentions(t, _is_var)


def printable(t: JType) -> str | None:
    """The canonical type string for a label, or None when the type is not known by name."""
    if t is UNKNOWN or not is_known(t):
        return None
    if is_arg_type(t):
        return None  # an anonymous symbolic type (untyped argument): unknown by name
    if has_anonymous_vars(t):
        return None
    if mentions(t, lambda x: isinstance(x, FuncT) and x.closure):
        return None  # a closure's type has a name Julia makes up (`var"#1#2"`), not known here
    return show(t)


def has_anonymous_vars(t) -> bool:
    if isinstance(t, VarT):
        return is_arg_type(t)
    if isinstance(t, DataT):
        return any(has_anonymous_vars(p) for p in t.params if isinstance(p, JType))
    if isinstance(t, UnionT):
        return any(has_anonymous_vars(m) for m in t.members)
    if isinstance(t, TypeT):
        return has_anonymous_vars(t.of)
    return False


@lru_cache(maxsize=4096)
def _ordered(u: UnionT) -> list:
    return sorted(u.members, key=show)
