"""Base semantics that a return-type table cannot express: iteration, indexing, broadcasting,
array literals, constructors of Base types, and higher-order functions (map, filter, reduce)."""

from __future__ import annotations

from ...types.registry import TypeRegistry, make_tuple
from ...types.jtypes import (ANY, BOOL, BOTTOM, CHAR, INT64, MISSING, NOTHING, STRING, UNKNOWN, DataT,
                            FuncT, JType, SymbolValue, TypeT, UnionT, VarT, make_union, matrix, vector)
from ...types.jtypes import WILD, arg_type, has_vars, is_concrete_var, is_known, is_wildcard, wildcard
from . import arith
from .knowledge import (DEFAULT_BROADCAST_STYLE, INDEX_COPY_TO_ARRAY, INDEX_WRAPPERS, INTEGER_RANGE_BROADCAST,
                        INTEGER_RANGE_INDEXING)

_T = VarT("T", ANY, False)
_N = VarT("N", ANY, False)
_FREE_TN = frozenset({"T", "N"})
_K = VarT("K", ANY, False)
_V = VarT("V", ANY, False)
_FREE_KV = frozenset({"K", "V"})


# collections whose iteration has one dimension (Base's `IteratorSize` is `HasLength` or
# `SizeUnknown`: `collect`, and a comprehension over them, make a Vector)
_ONE_DIMENSIONAL = ("Tuple", "NamedTuple", "AbstractDict", "AbstractSet", "AbstractString", "Base.KeySet",
                    "Base.ValueIterator", "Base.EachLine", "Base.SkipMissing", "Base.Iterators.Flatten",
                    "Base.Iterators.Take", "Base.Iterators.Drop", "Base.Iterators.Filter",
                    "Base.Iterators.PartitionIterator", "Base.Iterators.TakeWhile", "Base.Iterators.DropWhile",
                    "Base.Iterators.Rest", "Base.EachStringIndex", "Base.RegexMatchIterator", "Channel", "BitSet")
# iterators that have the shape of the collection they wrap (their first parameter)
_SHAPE_OF_FIRST = ("Base.Iterators.Enumerate", "Base.Iterators.Reverse", "Base.Generator")


def iteration_ndims(t: JType, reg: TypeRegistry) -> int | None:
    """The number of dimensions of the array `collect(x)` (and `[f(v) for v in x]`) makes of an `x`
    of type `t` (Base's `IteratorSize`: `HasShape{N}` gives N, a length or no size one), or None
    where that is not known (a package's own iterator may have a shape of its own)."""
    if isinstance(t, VarT):
        t = t.ub   # a type variable: what its bound says of every type it may be
    ap = array_params(t, reg)
    if ap is not None:
        return ap[1] if isinstance(ap[1], int) and not isinstance(ap[1], bool) else None
    if not isinstance(t, DataT):
        return None
    if t.name in _SHAPE_OF_FIRST:
        return iteration_ndims(t.params[0], reg) if t.params and isinstance(t.params[0], JType) else None
    if t.name == "Base.Iterators.ProductIterator":
        factors = t.params[0] if t.params and isinstance(t.params[0], DataT) and t.params[0].name == "Tuple" else None
        if factors is None or not factors.params or any(
                isinstance(f, DataT) and f.name == "Vararg" for f in factors.params):
            return None
        dims = [iteration_ndims(f, reg) if isinstance(f, JType) else None for f in factors.params]
        return None if any(d is None for d in dims) else sum(dims)
    if t.name == "Base.Iterators.Zip":
        parts = t.params[0].params if t.params and isinstance(t.params[0], DataT) else ()
        dims = {iteration_ndims(p, reg) if isinstance(p, JType) else None for p in parts}
        return 1 if dims == {1} else None
    if reg.decl(t.name) is None:
        return None
    names = reg.ancestor_names(t.name)
    if any(n in names for n in _ONE_DIMENSIONAL):
        return 1
    return 0 if "Number" in names else None


def array_params(t: JType, reg: TypeRegistry):
    """(eltype, ndims) if `t` is an AbstractArray, else None. ndims may be a VarT when unknown."""
    if isinstance(t, VarT):
        t = t.ub
    if not isinstance(t, DataT):
        return None
    if t.name == "Array" and len(t.params) == 2:
        return t.params[0], t.params[1]
    env: dict = {}
    if reg.issub(t, DataT("AbstractArray", (_T, _N)), env, _FREE_TN):
        return env.get("T", UNKNOWN), env.get("N", UNKNOWN)
    return None


def foreign_result(ret: JType) -> JType:
    """What `ccall(f, Ret, ...)` and `@ccall lib.f(...)::Ret` return: the declared type `ret` (Cvoid
    is Nothing), converted to a Julia value of it, where that type is known here."""
    return ret if is_known(ret) and not has_vars(ret) else UNKNOWN


def eltype_of(t: JType, reg: TypeRegistry) -> JType:
    """The element type of iterating `t` (`for x in t`)."""
    if t is UNKNOWN or t is ANY:
        return UNKNOWN if t is UNKNOWN else ANY
    if isinstance(t, UnionT):
        return make_union(eltype_of(m, reg) for m in t.members)
    if isinstance(t, VarT):
        if t.ub is ANY:
            return UNKNOWN
        e = eltype_of(t.ub, reg)
        return e
    if isinstance(t, DataT):
        name = t.name
        ps = t.params
        if arith.is_number(t):
            return t
        if name == "Tuple":
            types = [p for p in ps if isinstance(p, JType)]
            if any(isinstance(p, DataT) and p.name == "Vararg" for p in types):
                return make_union(p.params[0] if isinstance(p, DataT) and p.name == "Vararg" and p.params else p
                                  for p in types)
            return make_union(types) if types else BOTTOM
        if name == "NamedTuple" and len(ps) == 2 and isinstance(ps[1], DataT):
            return eltype_of(ps[1], reg)
        if name in ("String", "SubString", "AbstractString", "LazyString"):
            return CHAR
        if name in ("Dict", "IdDict", "WeakKeyDict", "AbstractDict", "Base.ImmutableDict") and len(ps) == 2:
            return DataT("Pair", ps)
        if name == "Base.EnvDict":
            return DataT("Pair", (STRING, STRING))
        if name == "Base.Pairs" and len(ps) >= 2:
            return DataT("Pair", ps[:2])
        if name in ("Set", "AbstractSet", "Base.IdSet", "Channel", "Base.KeySet") and ps:
            return ps[0]
        if name == "BitSet":
            return INT64
        if name == "Base.ValueIterator" and ps and isinstance(ps[0], DataT) and len(ps[0].params) == 2:
            return ps[0].params[1]
        if name == "Base.Generator" and len(ps) == 2 and isinstance(ps[1], FuncT):
            return ps[1].ret if ps[1].ret is not None else UNKNOWN
        if name == "Base.Iterators.Enumerate" and ps:
            return make_tuple([INT64, eltype_of(ps[0], reg)])
        if name == "Base.Iterators.Zip" and ps and isinstance(ps[0], DataT):
            return make_tuple([eltype_of(p, reg) for p in ps[0].params if isinstance(p, JType)])
        if name in ("Base.Iterators.Reverse", "Base.Iterators.Take", "Base.Iterators.Drop", "Base.Iterators.Cycle",
                    "Base.Iterators.Filter", "Base.Iterators.Repeated", "Base.Iterators.Rest") and ps:
            inner = ps[-1] if name == "Base.Iterators.Filter" else ps[0]
            if name == "Base.Iterators.Repeated":
                return inner
            return eltype_of(inner, reg)
        if name == "Base.Iterators.Flatten" and ps:
            return eltype_of(eltype_of(ps[0], reg), reg)
        if name == "Base.Iterators.PartitionIterator" and ps:
            inner = ps[0]
            ap = array_params(inner, reg)
            if ap is not None:
                return DataT("SubArray", (ap[0], 1, inner, WILD, WILD))
            return UNKNOWN
        if name == "Base.Iterators.ProductIterator" and ps and isinstance(ps[0], DataT):
            return make_tuple([eltype_of(p, reg) for p in ps[0].params if isinstance(p, JType)])
        if name == "Base.SkipMissing" and ps:
            inner = eltype_of(ps[0], reg)
            if isinstance(inner, UnionT):
                return make_union(m for m in inner.members if m != MISSING)
            return inner
        if name == "Base.EachLine":
            return STRING
        if name in ("Base.SplitIterator",):
            return DataT("SubString", (STRING,))
        if name == "Base.EachStringIndex":
            return INT64
        if name == "Base.RegexMatchIterator":
            return DataT("RegexMatch", (STRING,))
        if name == "Pair" and len(ps) == 2:
            return make_union(ps)
        if name in ("Nothing",):
            return BOTTOM
        ap = array_params(t, reg)
        if ap is not None:
            return ap[0]
        # a package's dictionary or set: Base's eltype(::Type{<:AbstractDict{K, V}}) = Pair{K, V},
        # eltype(::Type{<:AbstractSet{T}}) = T
        env: dict = {}
        if reg.issub(t, DataT("AbstractDict", (_K, _V)), env, _FREE_KV) and "K" in env and "V" in env:
            return DataT("Pair", (env["K"], env["V"]))
        env = {}
        if reg.issub(t, DataT("AbstractSet", (_T,)), env, frozenset({"T"})) and "T" in env:
            return env["T"]
    if isinstance(t, TypeT):
        return UNKNOWN
    return UNKNOWN


def eltype_value(t: JType, reg: TypeRegistry) -> JType:
    """The type Julia's `eltype` returns for a value of type `t`: the element type of iterating
    it (`eltype_of`), except where Base's `eltype` says otherwise: a generator's is Any (its
    IteratorEltype is unknown), a tuple's the typejoin of its element types (`eltype((1, 2.0))` is
    Real); an iterator wrapping a generator or a tuple is not worked out here. For a union, one
    element type per member (the value is of one of them)."""
    if isinstance(t, UnionT):
        return make_union(eltype_value(m, reg) for m in t.members)
    if not isinstance(t, DataT):
        return eltype_of(t, reg)
    name, ps = t.name, t.params
    if name == "Base.Generator":
        return ANY
    if name == "Tuple":
        types = [p.params[0] if isinstance(p, DataT) and p.name == "Vararg" and p.params else p
                 for p in ps if isinstance(p, JType)]
        return reg.typejoin_all(types) if types else BOTTOM
    if name == "NamedTuple" and len(ps) == 2 and isinstance(ps[1], DataT):
        return eltype_value(ps[1], reg)
    if name.startswith("Base.Iterators.") or name == "Base.SkipMissing":
        inner = ps[0].params if name == "Base.Iterators.Zip" and ps and isinstance(ps[0], DataT) else ps
        if any(isinstance(p, DataT) and (p.name in ("Tuple", "Base.Generator") or
                                         not is_known(eltype_value(p, reg))) for p in inner):
            return UNKNOWN
    return eltype_of(t, reg)


def is_int_like(t: JType) -> bool:
    """An integer type, or a type variable bounded by an integer type (an index that picks one element)."""
    return arith.is_integer(t) or (isinstance(t, VarT) and t.concrete and isinstance(t.ub, DataT)
                                   and t.ub.name in ("Integer", "Signed", "Unsigned", "Int64"))


def _is_range_index(t: JType, reg: TypeRegistry) -> bool:
    if isinstance(t, DataT) and t.name in ("Colon",):
        return True
    ap = array_params(t, reg)
    return ap is not None


def _index_copy_kind(t: DataT, reg: TypeRegistry, depth: int = 0) -> str | None:
    """What indexing `t` with ranges, vectors or colons gives: "array" (an Array, see
    INDEX_COPY_TO_ARRAY), "bitarray", "range" (a range: by an integer vector, a Vector), or None
    (the array type's own getindex or similar decides)."""
    name = reg.canonical(t.name) or t.name
    if name == "BitArray":
        return "bitarray"
    if name not in INDEX_COPY_TO_ARRAY:
        return "range" if is_range(t, reg) else None
    if name not in INDEX_WRAPPERS:
        return "array"
    if depth > 4:
        return None
    parent = next((p for p in t.params[2:] if isinstance(p, DataT) and array_params(p, reg) is not None), None)
    return "array" if parent is not None and _index_copy_kind(parent, reg, depth + 1) == "array" else None


def index_type(t: JType, idx: list[JType], reg: TypeRegistry, literal: int | None = None,
               symbol: str | None = None) -> JType:
    """`t[idx...]` (getindex). `literal` is the index when it is an integer literal."""
    if t is UNKNOWN:
        return UNKNOWN
    if t is ANY:
        return ANY
    if isinstance(t, UnionT):
        # `nothing[i]` throws (Base has no such getindex): an `x::Union{Vector{Int}, Nothing}` that is
        # indexed is the Vector, as Julia's inference finds when it splits the union
        members = [m for m in t.members if m != NOTHING] or list(t.members)
        return make_union(index_type(m, idx, reg, literal, symbol) for m in members)
    if isinstance(t, VarT):
        if t.ub is ANY:
            return UNKNOWN
        res = index_type(t.ub, idx, reg, literal, symbol)
        return res
    if isinstance(t, TypeT):
        # `Float64[]`, `Int[1, 2]`: a typed array literal
        return vector(t.of)
    if not isinstance(t, DataT):
        return UNKNOWN
    name = t.name
    if name == "CartesianIndex" and len(idx) == 1 and is_int_like(idx[0]):
        return INT64  # one coordinate of a CartesianIndex
    if name == "Tuple":
        ps = [p for p in t.params if isinstance(p, JType)]
        # the element type of each position; a trailing `Vararg{X}` gives X's (not known for
        # `Vararg{Any}`: `iterate(x)::Tuple` is some tuple, of elements of types not known)
        elts = [(p.params[0] if p.params and isinstance(p.params[0], JType) and p.params[0] is not ANY
                 else UNKNOWN) if isinstance(p, DataT) and p.name == "Vararg" else p for p in ps]
        if literal is not None and literal >= 1:
            for i, p in enumerate(ps):
                if isinstance(p, DataT) and p.name == "Vararg" or i == literal - 1:
                    return elts[i]
        if len(idx) == 1 and is_int_like(idx[0]):
            return make_union(elts) if elts and UNKNOWN not in elts else UNKNOWN
        if len(idx) == 1 and _is_range_index(idx[0], reg):
            return DataT("Tuple", (DataT("Vararg", (reg.typejoin_all(ps),)),))
        return UNKNOWN
    if name == "NamedTuple" and len(t.params) == 2:
        names, types = t.params
        if isinstance(names, tuple) and isinstance(types, DataT):
            if symbol is not None:
                for n, ty in zip(names, types.params, strict=False):
                    if isinstance(n, SymbolValue) and n.name == symbol:
                        return ty
            if literal is not None and 1 <= literal <= len(types.params):
                return types.params[literal - 1]
            return make_union(types.params)
        return UNKNOWN
    if name in ("Dict", "IdDict", "AbstractDict", "WeakKeyDict", "Base.ImmutableDict") and len(t.params) == 2:
        return t.params[1]
    if name == "Base.EnvDict":
        return STRING
    if name in ("String", "SubString", "AbstractString", "LazyString"):
        if len(idx) == 1 and is_int_like(idx[0]):
            return CHAR
        if len(idx) == 1 and _is_range_index(idx[0], reg):
            return STRING
        return UNKNOWN
    if name == "RegexMatch":
        return make_union([DataT("SubString", (STRING,)), NOTHING])
    if name == "Pair" and len(t.params) == 2:
        if literal in (1, 2):
            return t.params[literal - 1]
        return make_union(t.params)
    if name == "Base.RefValue" and t.params and not idx:
        return t.params[0]
    if name == "Ptr" and t.params:
        return t.params[0]
    if arith.is_number(t):
        return t
    ap = array_params(t, reg)
    if ap is None:
        return UNKNOWN
    elt, nd = ap
    if not idx:
        return elt if nd == 0 else elt
    kinds = []
    for it in idx:
        if is_int_like(it) or (isinstance(it, DataT) and it.name == "CartesianIndex"):
            kinds.append("scalar")
        elif _is_range_index(it, reg):
            if isinstance(it, DataT) and it.name == "Array" and it.params and it.params[0] == BOOL:
                kinds.append("vector")
            else:
                kinds.append("vector")
        elif isinstance(it, DataT) and it.name in ("BitArray",):
            kinds.append("vector")
        elif it is UNKNOWN or (isinstance(it, VarT) and it.ub is ANY):
            return UNKNOWN
        else:
            return UNKNOWN
    n_vec = kinds.count("vector")
    if n_vec == 0:
        return elt
    if isinstance(elt, JType) and elt is UNKNOWN:
        return UNKNOWN
    copy = _index_copy_kind(t, reg)
    if copy == "bitarray":
        return DataT("BitArray", (n_vec,))
    if copy == "range":
        if len(idx) == 1 and not is_range(idx[0], reg) and array_params(idx[0], reg) is not None:
            return vector(elt)   # `r[[1, 3]]`
        if len(idx) == 1:        # `r[2:3]` of integer ranges; other ranges' kinds are not worked out here
            r = _integer_range_rule(INTEGER_RANGE_INDEXING, "{0}[{1}]", [t, idx[0]])
            if r is not None:
                return r
        return UNKNOWN
    if copy != "array":
        return UNKNOWN
    if len(idx) == 1 and n_vec == 1:
        it = idx[0]
        if isinstance(it, DataT) and it.name == "Colon":
            return vector(elt)
        iap = array_params(it, reg)
        if iap is not None and isinstance(iap[1], int) and iap[1] > 1:
            return DataT("Array", (elt, iap[1]))
        return vector(elt)
    return DataT("Array", (elt, n_vec))


def promote_elements(types: list[JType], reg: TypeRegistry, own_rules: bool = True, by_rule=None) -> JType:
    """Element type of `[a, b, c]` (and of `vcat`, `hcat`, `promote`): Julia's `promote_type`, which
    is the typejoin only where no `promote_rule` applies. Numbers promote, Nothing/Missing make
    small unions, Pairs promote their parts, and values of unrelated Base kinds (a number and a
    string) join; wherever a promotion rule could apply that is not known here (two different types
    a package declares, two different array or tuple types), the element type is UNKNOWN, or what
    `by_rule(a, b)` (the package's rules) gives the pair. With `own_rules` False (no package in reach
    defines a promotion rule), two types packages declare join."""
    types = [t for t in types if t is not BOTTOM]
    if not types:
        return ANY
    if any(t is UNKNOWN for t in types):
        return UNKNOWN
    out = types[0]
    for t in types[1:]:
        pair = _promote_pair(out, t, reg, own_rules)
        if pair is UNKNOWN and by_rule is not None and isinstance(out, DataT) and isinstance(t, DataT):
            pair = by_rule(out, t)
        out = pair
        if out is UNKNOWN:
            return UNKNOWN
    return out


def promote_typejoin_elements(types: list[JType], reg: TypeRegistry) -> JType:
    """Julia's `promote_typejoin` over `types` (what `Dict(k1 => v1, k2 => v2)` makes of its keys and
    values): the typejoin, except that Nothing and Missing make small unions."""
    types = [t for t in types if t is not BOTTOM]
    if not types:
        return ANY
    if any(t is UNKNOWN or is_concrete_var(t) for t in types):
        return UNKNOWN if any(t is UNKNOWN or t != types[0] for t in types) else types[0]
    out = types[0]
    for t in types[1:]:
        if out == t:
            continue
        if _with_nothing(out, t):
            out = make_union([out, t])
        else:
            out = reg.typejoin(out, t)
    return out


def _with_nothing(a: JType, b: JType) -> bool:
    return a in (NOTHING, MISSING) or b in (NOTHING, MISSING) or (
        isinstance(a, UnionT) and (NOTHING in a.members or MISSING in a.members))


# Base kinds with no promotion rule between them: a promotion of two of these is their typejoin
_KINDS = ("Number", "AbstractString", "AbstractChar", "Symbol", "AbstractArray", "Tuple", "Function")


def _kind(t: JType, reg: TypeRegistry) -> str | None:
    if isinstance(t, FuncT):
        return "Function"
    if not isinstance(t, DataT):
        return None
    decl = reg.decl(t.name)
    if t.name != "Tuple" and (decl is None or decl.user):
        return None
    for k in _KINDS:
        if t.name == k or reg.issub(t, DataT(k) if k != "AbstractArray" else DataT(k, (WILD, WILD))):
            return k
    return None


def _user_declared(t: JType, reg: TypeRegistry) -> bool:
    """Whether `t` is a type a package declares (or a union of such)."""
    if isinstance(t, UnionT):
        return all(_user_declared(m, reg) for m in t.members)
    if not isinstance(t, DataT):
        return False
    decl = reg.decl(t.name)
    return decl is not None and decl.user


def _promote_pair(a: JType, b: JType, reg: TypeRegistry, own_rules: bool = True) -> JType:
    if a == b:
        return a
    if a is ANY or b is ANY:
        return ANY
    p = arith.promote_type(a, b)
    if p is not None:
        return p
    if _with_nothing(a, b):
        return make_union([a, b])
    if is_concrete_var(a) or is_concrete_var(b):
        return UNKNOWN
    if isinstance(a, DataT) and isinstance(b, DataT) and a.name == b.name == "Pair" and \
            len(a.params) == len(b.params) == 2:
        first = _promote_pair(a.params[0], b.params[0], reg, own_rules)
        second = _promote_pair(a.params[1], b.params[1], reg, own_rules)
        return UNKNOWN if UNKNOWN in (first, second) else DataT("Pair", (first, second))
    if fixed_tuple(a) and fixed_tuple(b) and len(a.params) == len(b.params):
        # tuples of one length: each position promotes, where that is also its typejoin (whether
        # Julia promotes tuples position by position or joins them, `[(1, 2), ("a", 4)]` holds
        # Tuple{Any, Int64}); unknown where the two would differ (`(1,)` and `(1.0,)`)
        parts = []
        for x, y in zip(a.params, b.params, strict=True):
            p = x if x == y else _promote_pair(x, y, reg, own_rules)
            if p is UNKNOWN or (x != y and p != reg.typejoin(x, y)):
                return UNKNOWN
            parts.append(p)
        return DataT("Tuple", tuple(parts))
    ka, kb = _kind(a, reg), _kind(b, reg)
    if ka is not None and kb is not None and (ka != kb or ka == "Function"):
        return reg.typejoin(a, b)
    if not own_rules and _user_declared(a, reg) and _user_declared(b, reg):
        return reg.typejoin(a, b)
    return UNKNOWN


def broadcast_shape(args: list[JType], reg: TypeRegistry, default_style=None):
    """None if all arguments are scalars; else the result's ndims (int) or UNKNOWN. `default_style`
    (type name -> bool) says which arrays other than Base's take Base's default broadcast style."""
    nd = None
    for a in args:
        if isinstance(a, DataT) and a.name == "Base.RefValue":
            continue
        ap = array_params(a, reg)
        if ap is not None:
            if isinstance(a, DataT) and reg.canonical(a.name) not in DEFAULT_BROADCAST_STYLE and \
                    not (default_style is not None and default_style(a.name)) and wrapped_array_dims(a) != 2:
                # (an adjoint or transposed matrix has no style of its own: LinearAlgebra gives one to
                # adjoint and transposed vectors only)
                return UNKNOWN   # its own broadcast style may keep its kind
            n = ap[1] if isinstance(ap[1], int) else UNKNOWN
            if nd is None or nd is UNKNOWN or (isinstance(n, int) and isinstance(nd, int) and n > nd):
                nd = n
            continue
        if isinstance(a, DataT) and a.name == "Tuple":
            return UNKNOWN if nd is None else nd
        if a is UNKNOWN or (isinstance(a, VarT) and a.ub is ANY):
            return UNKNOWN
    return nd


_ADJOINT_WRAPPERS = frozenset({"Adjoint", "Transpose", "LinearAlgebra.Adjoint", "LinearAlgebra.Transpose"})


def wrapped_array_dims(t: JType) -> int | None:
    """The dimensions of the Array an `Adjoint` or `Transpose` wraps (1: a row vector, 2: an adjoint
    or transposed matrix); None for any other type."""
    if not isinstance(t, DataT) or t.name not in _ADJOINT_WRAPPERS or len(t.params) != 2:
        return None
    parent = t.params[1]
    if isinstance(parent, DataT) and parent.name == "Array" and len(parent.params) == 2 and \
            isinstance(parent.params[1], int) and not isinstance(parent.params[1], bool):
        return parent.params[1]
    return None


def _integer_range_code(t: JType) -> tuple[str, str] | None:
    """("r", element) for a UnitRange of a fixed-width integer type, ("o", element) for a
    Base.OneTo, ("s", element) for a StepRange of one, ("x", type) for such an integer; None
    otherwise (the codes of base_knowledge.toml's integer range tables)."""
    if not isinstance(t, DataT):
        return None
    if t.name in arith.FIXED_WIDTH_INTEGERS and not t.params:
        return "x", t.name
    params = [p.name if isinstance(p, DataT) and not p.params else None for p in t.params]
    if t.name in ("UnitRange", "Base.OneTo") and len(params) == 1 and params[0] in arith.FIXED_WIDTH_INTEGERS:
        return ("r" if t.name == "UnitRange" else "o"), params[0]
    if t.name == "StepRange" and len(params) == 2 and params[0] == params[1] and \
            params[0] in arith.FIXED_WIDTH_INTEGERS:
        return "s", params[0]
    return None


def _integer_range_rule(table: dict, pattern: str, args: list[JType]) -> JType | None:
    """The range `table` gives for `args` (integer ranges and integers of one type), their codes
    put into `pattern` ({0}, {1}); a Base.OneTo where no entry names it is any unit range."""
    codes = [_integer_range_code(a) for a in args]
    if any(c is None for c in codes) or len({c[1] for c in codes}) != 1:
        return None
    letters = [c[0] for c in codes]
    kind = table.get(pattern.format(*letters))
    if kind is None and "o" in letters:
        kind = table.get(pattern.format(*["r" if x == "o" else x for x in letters]))
    if kind is None:
        return None
    elt = DataT(codes[0][1])
    return DataT(kind, (elt, elt)) if kind == "StepRange" else DataT(kind, (elt,))


def integer_range_broadcast(op: str, args: list[JType]) -> JType | None:
    """The range that broadcasting `op` over an integer range and an integer of the same type makes
    (`(1:3) .+ 1` is a UnitRange, `2 .* (1:3)` a StepRange: Base's broadcasted methods for ranges);
    None where no such rule applies."""
    if len(args) == 2:
        return _integer_range_rule(INTEGER_RANGE_BROADCAST, "{0} %s {1}" % op, args)
    if len(args) == 1:
        return _integer_range_rule(INTEGER_RANGE_BROADCAST, "%s {0}" % op, args)
    return None


def is_range(t: JType, reg: TypeRegistry) -> bool:
    if isinstance(t, VarT):
        t = t.ub
    return isinstance(t, DataT) and reg.issub(t, DataT("AbstractRange", (WILD,)))


def broadcast_elements(args: list[JType], reg: TypeRegistry) -> list[JType]:
    out = []
    for a in args:
        if isinstance(a, DataT) and a.name == "Base.RefValue" and a.params:
            out.append(a.params[0])
            continue
        ap = array_params(a, reg)
        out.append(ap[0] if ap is not None else a)
    return out


_FORWARDING_ITERATORS = ("Base.Iterators.Filter", "Base.Iterators.Take", "Base.Iterators.Drop", "Base.Iterators.Rest",
                         "Base.Iterators.Reverse", "Base.Iterators.Cycle", "Base.Iterators.Enumerate",
                         "Base.Iterators.Zip", "Base.Iterators.Flatten", "Tuple")


def _eltype_from_values(t: JType, depth: int = 0) -> bool:
    """Whether collecting `t` takes its element type from the values it meets (Base's
    `IteratorEltype` is `EltypeUnknown`): a generator, or an iterator over one that passes that on
    (Filter, Take, Enumerate, Zip, Flatten ...)."""
    if not isinstance(t, DataT) or depth > 4:
        return False
    if t.name == "Base.Generator":
        return True
    return t.name in _FORWARDING_ITERATORS and any(
        _eltype_from_values(p, depth + 1) for p in t.params if isinstance(p, JType))


def collected_eltype(elt: JType, reg: TypeRegistry) -> JType:
    """The element type of an array Julia collects from computed values (a comprehension, `map`,
    broadcasting): the inferred type when it is concrete (or a static parameter, concrete per
    call); otherwise Julia narrows it to the values it meets at run time (`promote_typejoin`), so
    it is unknown here."""
    if elt is UNKNOWN or is_concrete_var(elt) or reg.is_concrete(elt) is True:
        return elt
    return UNKNOWN


def broadcast_result(elt: JType, nd, reg: TypeRegistry) -> JType:
    if nd is None:
        return elt
    if is_concrete_var(elt):
        return _collected_per_call(elt, nd, reg)
    elt = collected_eltype(elt, reg)
    if nd is UNKNOWN or elt is UNKNOWN:
        return UNKNOWN
    if elt == BOOL:
        return DataT("BitArray", (nd,))
    return DataT("Array", (elt, nd))


def _collected_per_call(elt: VarT, nd, reg: TypeRegistry) -> JType:
    """What broadcasting collects from values of a type concrete per call (`first.(v)` of a
    `Vector{Tuple{T, Int64}}`): an `Array{T, nd}`, or where T may be Bool a `BitArray` instead, so
    then a type concrete per call of its own, named for T and nd (the same T gives the same array
    type), an AbstractArray of nd dimensions."""
    if not isinstance(nd, int) or isinstance(nd, bool):
        return UNKNOWN
    if not reg.may_intersect(elt.ub, BOOL):
        return DataT("Array", (elt, nd))
    return arg_type(f"broadcast({elt.name}, {nd})", DataT("AbstractArray", (wildcard(), nd)))


_NUMERIC_CTORS = {"Int8", "Int16", "Int32", "Int64", "Int128", "UInt8", "UInt16", "UInt32", "UInt64", "UInt128",
                  "Float16", "Float32", "Float64", "Bool", "BigInt", "BigFloat", "Char", "String", "Symbol"}


def base_constructor(t: JType, args: list[JType], reg: TypeRegistry) -> JType | None:
    """Result of calling Base type `t` (as written, possibly with parameters) on `args`."""
    if not isinstance(t, DataT):
        return None
    name = t.name
    full = not any(is_wildcard(p) for p in t.params)
    if name in _NUMERIC_CTORS:
        return t
    if name == "Array" and len(t.params) == 2:
        elt, nd = t.params
        if len(args) == 1 and is_wildcard(elt):
            # `Vector(x)`, `Matrix(x)`, `Array(x)` of an array: an Array of its element type
            ap = array_params(args[0], reg)
            if ap is not None and is_known(ap[0]) and not is_wildcard(ap[0]) and isinstance(ap[1], int) and \
                    (ap[1] == nd or is_wildcard(nd)):
                return DataT("Array", (ap[0], ap[1]))
        if len(args) == 1 and not is_wildcard(elt) and is_wildcard(nd):
            # `Array{T}(A)` of an array: `Array{T,N}(A)`, N its dimensions (boot.jl)
            ap = array_params(args[0], reg)
            if ap is not None and isinstance(ap[1], int) and not isinstance(ap[1], bool):
                return DataT("Array", (elt, ap[1]))
        if isinstance(nd, int):
            return t if not is_wildcard(elt) else None
        # Array{T}(undef, dims...)
        dims = [a for a in args[1:]] if args and isinstance(args[0], DataT) and args[0].name == "UndefInitializer" \
            else args
        if len(dims) == 1 and isinstance(dims[0], DataT) and dims[0].name == "Tuple":
            return DataT("Array", (elt, len(dims[0].params)))
        if dims and all(arith.is_integer(d) for d in dims):
            return DataT("Array", (elt, len(dims)))
        return None
    if name in ("Dict", "IdDict") and not full:
        if not args:
            return DataT(name, (ANY, ANY))
        keys, vals = [], []
        for a in args:
            if isinstance(a, DataT) and a.name == "Pair" and len(a.params) == 2:
                keys.append(a.params[0])
                vals.append(a.params[1])
            else:
                e = eltype_of(a, reg)
                if isinstance(e, DataT) and e.name == "Pair" and len(e.params) == 2:
                    keys.append(e.params[0])
                    vals.append(e.params[1])
                elif isinstance(e, DataT) and e.name == "Tuple" and len(e.params) == 2:
                    keys.append(e.params[0])
                    vals.append(e.params[1])
                else:
                    return None
        if len(args) == 1:
            return DataT(name, (keys[0], vals[0]))
        kt, vt = promote_typejoin_elements(keys, reg), promote_typejoin_elements(vals, reg)
        return DataT(name, (kt, vt)) if UNKNOWN not in (kt, vt) else None
    if name == "Set" and not full:
        if not args:
            return DataT("Set", (ANY,))
        e = eltype_of(args[0], reg)
        return DataT("Set", (e,)) if e is not UNKNOWN else None
    if name == "Pair" and not full and len(args) == 2:
        return DataT("Pair", tuple(args))
    if name == "Complex" and not full:
        if len(args) == 1 and arith.is_real(args[0]):
            return DataT("Complex", (args[0],))
        if len(args) == 2:
            p = arith.promote_type(args[0], args[1])
            return DataT("Complex", (p,)) if p is not None else None
        return None
    if name == "Rational" and not full and len(args) == 2:
        p = arith.promote_type(args[0], args[1])
        return DataT("Rational", (p,)) if p is not None else None
    if name == "UnitRange" and not full and len(args) == 2:
        p = arith.promote_type(args[0], args[1])
        return DataT("UnitRange", (p,)) if p is not None else None
    if name == "Some" and len(args) == 1:
        return DataT("Some", (args[0],))
    if name == "Base.RefValue" and not full and len(args) == 1:
        return DataT("Base.RefValue", (args[0],))
    if name == "Tuple" and len(args) == 1:
        e = args[0]
        if isinstance(e, DataT) and e.name == "Tuple":
            return e
        if isinstance(e, DataT) and reg.is_concrete(e) is True and reg.issub(e, DataT("Number", ())):
            return DataT("Tuple", (e,))   # a number iterates once: `Tuple(2)` is `(2,)` (base/tuple.jl)
        return None
    if name == "NamedTuple":
        return None
    if name == "SubString" and not full and args:
        return DataT("SubString", (args[0] if isinstance(args[0], DataT) and args[0].name == "String" else STRING,))
    if full and reg.is_concrete(t):
        return t
    decl = reg.decl(name)
    if decl is not None and not decl.params and not decl.is_abstract:
        return t
    return None


_ONE_TO_INT = DataT("Base.OneTo", (INT64,))
_SLICE = DataT("Base.Slice", (_ONE_TO_INT,))
# index types `view` keeps as they are (to_indices turns other integer types into Int64, and
# a Bool mask into a Vector of Ints, which are left unknown here)
_VIEW_RANGES = frozenset({"UnitRange", "StepRange", "Base.OneTo"})


def _view_index(t: JType) -> tuple[JType, int, str] | None:
    """What `view` stores for index `t`, the dimensions it keeps, and its kind for viewindexing
    (scalar, slice, range, array); None where not known here."""
    if t == INT64:
        return INT64, 0, "scalar"
    if not isinstance(t, DataT):
        return None
    if t.name == "Colon":
        return _SLICE, 1, "slice"
    if t.name in _VIEW_RANGES and t.params and all(p == INT64 for p in t.params):
        return t, 1, "range"
    if t.name == "Array" and len(t.params) == 2 and t.params[0] == INT64 and isinstance(t.params[1], int):
        return t, t.params[1], "array"
    return None


def _fast_linear_view(kinds: list[str]) -> bool:
    """Base's `viewindexing` for indices into an IndexLinear parent (an Array): leading scalars add
    a stride; slices may be followed by one unit range and scalars; one range only by scalars."""
    while kinds and kinds[0] == "scalar":
        kinds = kinds[1:]
    if not kinds:
        return True
    while len(kinds) >= 2 and kinds[0] == "slice" and kinds[1] == "slice":
        kinds = kinds[1:]
    head, rest = kinds[0], kinds[1:]
    if head == "slice" and rest and rest[0] in ("range", "slice") and all(k == "scalar" for k in rest[1:]):
        return True
    return head in ("slice", "range") and all(k == "scalar" for k in rest)


def view_type(args: list[JType]) -> JType | None:
    """`view(A, I...)` of an Array with one index per dimension: the SubArray Base builds,
    `SubArray{T, N, Array{T, M}, Tuple{I...}, L}`. None for anything else (a range's view is a
    range, other arrays and other index forms are left to the table)."""
    if len(args) < 2:
        return None
    parent = args[0]
    if not (isinstance(parent, DataT) and parent.name == "Array" and len(parent.params) == 2 and
            isinstance(parent.params[1], int) and parent.params[1] == len(args) - 1 and
            is_known(parent.params[0])):
        return None
    stored, kinds, dims = [], [], 0
    for a in args[1:]:
        v = _view_index(a)
        if v is None:
            return None
        stored.append(v[0])
        dims += v[1]
        kinds.append(v[2])
    return DataT("SubArray", (parent.params[0], dims, parent, DataT("Tuple", tuple(stored)),
                              _fast_linear_view(kinds)))


def merged_named_tuple(args: list[JType]) -> JType | None:
    """`merge(a, b, ...)` of NamedTuples whose names and types are known: a's names, then the names
    only the later ones have, each of the type of the last that has it (Base's `merge_names` and
    `merge_types`). None where one is anything else (a Dict, pairs), left to the table."""
    names: list = []
    types: dict = {}
    for a in args:
        if not (isinstance(a, DataT) and a.name == "NamedTuple" and len(a.params) == 2 and
                isinstance(a.params[0], tuple) and fixed_tuple(a.params[1]) and
                len(a.params[1].params) == len(a.params[0]) and is_known(a.params[1])):
            return None
        for n, t in zip(a.params[0], a.params[1].params, strict=True):
            if n not in types:
                names.append(n)
            types[n] = t
    return DataT("NamedTuple", (tuple(names), make_tuple([types[n] for n in names])))


def reordered_tuple(name: str, args: list[JType]) -> JType | None:
    """`reverse(t)`, `Base.tail(t)` and `Base.front(t)` of a tuple of known length: its elements in
    reverse order, all but the first, all but the last (`tail` and `front` of an empty tuple throw:
    None). `tail` of a tuple ending in a Vararg drops the first fixed element, or is the same
    type when there is none."""
    if len(args) != 1 or not isinstance(args[0], DataT) or args[0].name != "Tuple":
        return None
    ps = args[0].params
    if fixed_tuple(args[0]):
        if name == "reverse":
            return DataT("Tuple", tuple(reversed(ps)))
        if not ps:
            return None
        return DataT("Tuple", ps[1:] if name == "tail" else ps[:-1])
    if name == "tail" and ps and isinstance(ps[-1], DataT) and ps[-1].name == "Vararg" and \
            not any(isinstance(p, DataT) and p.name == "Vararg" for p in ps[:-1]):
        return DataT("Tuple", ps[1:] if len(ps) > 1 else ps)
    return None


def repeated_array(args: list[JType], kwargs: dict, reg: TypeRegistry) -> JType | None:
    """`repeat(A, counts...)` or `repeat(A; inner, outer)` of an Array or a range: Base builds it as
    `similar(A, ...)`, an Array of A's element type with as many dimensions as A has or as there
    are counts, whichever is more (a Vector repeated over two counts is a Matrix, a range a
    Vector). Each count an integer, or for `inner`/`outer` an integer or a tuple of known length
    of integers; None otherwise (and for every other array type, whose `similar` is its own)."""
    if not args or set(kwargs) - {"inner", "outer"} or (len(args) > 1 and kwargs):
        return None
    a = args[0]
    if isinstance(a, DataT) and a.name == "Array" and len(a.params) == 2 and isinstance(a.params[1], int):
        elt, nd = a.params
    elif is_range(a, reg) and not isinstance(a, VarT):
        elt, nd = eltype_of(a, reg), 1
    else:
        return None
    if not is_known(elt):
        return None
    dims = [nd]
    if any(not arith.is_integer(c) for c in args[1:]):
        return None
    dims.append(len(args) - 1)
    for value in kwargs.values():
        if arith.is_integer(value):
            dims.append(1)
        elif fixed_tuple(value) and all(arith.is_integer(p) for p in value.params):
            dims.append(len(value.params))
        else:
            return None
    return DataT("Array", (elt, max(dims)))


def _dense(t: JType, reg: TypeRegistry) -> bool:
    """An Array or a range: what `vcat`/`hcat` concatenate into an Array (other arrays, sparse ones,
    a package's, have their own methods)."""
    return isinstance(t, DataT) and (t.name == "Array" or is_range(t, reg))


def _concatenation(name: str, args: list[JType], reg: TypeRegistry) -> JType | None:
    """`vcat`/`hcat` of Arrays, ranges and numbers: an Array of their promoted element type. None for
    anything else (a sparse vector, a package's array, a value of unknown type), left to the table."""
    elts, nd = [], 1
    for a in args:
        if _dense(a, reg):
            elt, n = array_params(a, reg)
            if not isinstance(n, int):
                return None
            elts.append(elt)
            nd = max(nd, n)
        elif arith.is_number(a):
            elts.append(a)
        else:
            return None
    elt = promote_elements(elts, reg)
    if elt is UNKNOWN:
        return None
    return matrix(elt) if name == "hcat" else DataT("Array", (elt, nd))


_MEAN_OF = frozenset({"mean"})
_UNMAPPED = frozenset({"Dict", "IdDict", "Set", "BitSet"})


def _reduced_eltype(t: JType, reg: TypeRegistry) -> JType:
    """The element type a reduction or collection of `t` builds its result from: `eltype_of`, but
    unknown for a tuple of several element types (Julia reduces `(1, 2.0)` element by element,
    promoting: `sum((1, 2.0))` is a Float64, not the Union a loop variable over it has)."""
    return UNKNOWN if _several_element_types(t) else eltype_of(t, reg)


def _several_element_types(t: JType) -> bool:
    """A tuple type whose elements are not all of one type (`Tuple{Int64, Float64}`)."""
    return isinstance(t, DataT) and t.name == "Tuple" and len(set(t.params)) > 1


def statistics_of_function(name: str, args: list[JType], kwargs: dict, call_value, reg: TypeRegistry) -> JType | None:
    """Statistics' `mean(f, itr)`: the mean of `f` over the elements, `f(x)/1` summed and divided (a
    float of `f`'s integer or float result); `mean(f, A; dims)` of an Array: an Array of as many
    dimensions. None when the arguments do not fit."""
    if name not in _MEAN_OF or len(args) != 2 or not _is_function_value(args[0]):
        return None
    elt = _reduced_eltype(args[1], reg)
    if elt is UNKNOWN or elt is ANY:
        return None
    r = call_value(args[0], [elt])
    if not (arith.is_integer(r) or arith.is_float(r) or (
            isinstance(r, DataT) and r.name == "Complex" and r.params and
            (arith.is_integer(r.params[0]) or arith.is_float(r.params[0])))):
        return None
    f = arith.float_type(r)
    if f is None:
        return None
    if set(kwargs) - {"dims"}:
        return None
    if "dims" in kwargs:
        a = args[1]
        if not (isinstance(a, DataT) and a.name == "Array" and isinstance(a.params[1], int)):
            return None
        return DataT("Array", (f, a.params[1]))
    return f


# Base.Fix1/Fix2 by their registry names (a package's own `Fix1` is another type)
_FIXED_ARGUMENT = {"Base.Fix1": 0, "Base.Fix2": 1}


def unit_range_length(t: JType, reg: TypeRegistry) -> JType | None:
    """`length` of a `Base.OneTo{T}` or `UnitRange{T}` of integers: a T (base/range.jl computes it
    as `stop - start + 1` in that type), so a `Base.OneTo{BigInt}` axis has a BigInt length. None for
    anything else (the table's rules answer)."""
    if isinstance(t, DataT) and t.name in ("Base.OneTo", "UnitRange") and len(t.params) == 1:
        elt = t.params[0]
        if isinstance(elt, DataT) and elt != BOOL and reg.issub(elt, DataT("Integer", ())) and \
                reg.is_concrete(elt) is True:
            return elt
    return None


def fixed_argument_call(f: JType, args: list[JType]) -> tuple[FuncT, list] | None:
    """Calling a `Base.Fix1(g, x)` with one argument y calls `g(x, y)`, a `Base.Fix2(g, x)` `g(y, x)`
    (`==(2)`, `Base.Fix1(logpdf, d)`): (g, the arguments), for a `g` known by name (a closure's
    frame is not at hand here); None for anything else."""
    if not isinstance(f, DataT) or f.name not in _FIXED_ARGUMENT or len(f.params) != 2 or len(args) != 1:
        return None
    g, x = f.params
    if not isinstance(g, FuncT) or g.closure or not isinstance(x, JType):
        return None
    return (g, [x, args[0]]) if _FIXED_ARGUMENT[f.name] == 0 else (g, [args[0], x])


def _is_function_value(t: JType) -> bool:
    return isinstance(t, FuncT) or isinstance(t, TypeT) or (
        isinstance(t, DataT) and (t.name in _FIXED_ARGUMENT or t.name == "Base.ComposedFunction")
        and len(t.params) == 2)


def fixed_tuple(t: JType) -> bool:
    """A Tuple type of known length (no Vararg)."""
    return isinstance(t, DataT) and t.name == "Tuple" and not any(
        isinstance(p, DataT) and p.name == "Vararg" for p in t.params)


# reductions whose `dims` keyword reduces an Array to one of as many dimensions (base/reducedim.jl)
DIMS_REDUCERS = frozenset({"sum", "prod", "maximum", "minimum"})


def higher_order(name: str, args: list[JType], call_value, reg: TypeRegistry) -> JType | None:
    """map/filter/reduce-like Base functions whose result depends on calling a function argument.

    `call_value(ftype, argtypes)` returns the result type of calling a function value.
    Returns None when `name` is not one of these or the arguments do not fit.
    """
    if not args:
        return None
    f = args[0]
    if name in ("map", "broadcast") and len(args) >= 2 and _is_function_value(f):
        colls = args[1:]
        if name == "map" and all(fixed_tuple(c) for c in colls):
            # Base maps tuples element by element (`map(f, (a, b))` is `(f(a), f(b))`)
            n = min(len(c.params) for c in colls)
            results = tuple(call_value(f, [c.params[i] for c in colls]) for i in range(n))
            return DataT("Tuple", results) if UNKNOWN not in results else UNKNOWN
        elts = [eltype_of(c, reg) for c in colls]
        r = call_value(f, elts)
        if name == "broadcast":
            return broadcast_result(r, broadcast_shape(colls, reg), reg)
        first = colls[0]
        if isinstance(first, DataT) and first.name == "Tuple":
            return DataT("Tuple", (DataT("Vararg", (r,)),)) if r is not UNKNOWN else UNKNOWN
        ap = array_params(first, reg)
        r = collected_eltype(r, reg)
        if r is UNKNOWN:
            return UNKNOWN
        if ap is not None:
            # an Array or range maps to an Array of its dimensions; other arrays (Diagonal, sparse,
            # offset, a package's) have their own `map`
            return DataT("Array", (r, ap[1])) if _dense(first, reg) and isinstance(ap[1], int) else UNKNOWN
        if isinstance(first, DataT) and (first.name in ("String", "SubString") or first.name in _UNMAPPED):
            return STRING if first.name != "Dict" and r == CHAR and first.name in ("String", "SubString") \
                else UNKNOWN  # a string maps to a String (f gives Chars); a Dict or Set has no map
        if not isinstance(first, DataT) or reg.issub(first, DataT("AbstractArray", ())):
            return UNKNOWN  # not known, or an array type this table does not know (Diagonal, a package's)
        return vector(r)
    if name in ("filter",) and len(args) == 2 and _is_function_value(f):
        coll = args[1]
        ap = array_params(coll, reg)
        if ap is not None:
            return vector(ap[0])
        if isinstance(coll, DataT) and coll.name in ("Dict", "Set", "String"):
            return coll
        return None
    if name in ("foreach",):
        return NOTHING
    if name == "accumulate" and len(args) == 2 and _is_function_value(f):
        # a Vector of `promote_op(op, T, T)` (Base's `accumulate` of a vector; other arrays are
        # collected from `Iterators.accumulate`, whose first element is the array's own)
        a = args[1]
        if isinstance(a, DataT) and a.name == "Array" and len(a.params) == 2 and a.params[1].__class__ is int \
                and a.params[1] == 1:
            r = call_value(f, [a.params[0], a.params[0]])
            if isinstance(r, DataT) and is_known(r) and reg.is_concrete(r) is True:
                return vector(r)
        return None
    if name in ("reduce", "foldl", "foldr") and len(args) >= 2:
        elt = _reduced_eltype(args[-1], reg)
        r = call_value(f, [elt, elt])
        return r
    if name in ("mapreduce", "mapfoldl", "mapfoldr") and len(args) >= 3:
        elt = _reduced_eltype(args[2], reg)
        mapped = call_value(f, [elt])
        return call_value(args[1], [mapped, mapped])
    if name in ("sum", "prod", "maximum", "minimum") and len(args) == 2 and _is_function_value(f):
        elt = _reduced_eltype(args[1], reg)
        r = call_value(f, [elt])
        if name in ("sum", "prod") and arith.is_integer(r) and r.name in ("Bool", "Int8", "Int16", "Int32"):
            return INT64
        return r
    if name in ("sum", "prod", "maximum", "minimum") and len(args) == 1:
        elt = _reduced_eltype(args[0], reg)
        if elt is UNKNOWN:
            return None
        if name in ("sum", "prod") and isinstance(elt, DataT) and elt.name in ("Bool", "Int8", "Int16", "Int32"):
            return INT64
        if name in ("sum", "prod") and not arith.is_number(elt):
            # Base adds them with `+` (multiplies with `*`): a package's type whose own method gives
            # that type again (`sum(::Vector{Money})` with `+(::Money, ::Money)::Money`)
            if not isinstance(elt, DataT) or reg.is_concrete(elt) is not True:
                return None
            r = call_value(FuncT("+" if name == "sum" else "*"), [elt, elt])
            return elt if r == elt else None
        return elt
    if name == "extrema" and len(args) == 1:
        elt = _reduced_eltype(args[0], reg)
        return make_tuple([elt, elt]) if elt is not UNKNOWN else None
    if name in ("collect",) and len(args) == 1:
        if fixed_tuple(args[0]) and _several_element_types(args[0]):
            elt = promote_typejoin_elements(list(args[0].params), reg)   # a tuple's eltype: `Real` for (1, 2.0)
        else:
            elt = eltype_of(args[0], reg)
        if _eltype_from_values(args[0]):
            elt = collected_eltype(elt, reg)
        if elt is UNKNOWN:
            return None
        n = iteration_ndims(args[0], reg)   # (`collect(Iterators.product(a, b))` is a Matrix)
        return DataT("Array", (elt, n)) if n is not None else None
    # a tuple's own first or last element (before the element-type rule: `first((1, 2.0))` is an Int64)
    if name in ("first", "last") and len(args) == 1 and fixed_tuple(args[0]) and args[0].params:
        return args[0].params[0 if name == "first" else -1]
    if name in ("first", "last") and len(args) == 1 and isinstance(args[0], DataT) and args[0].name == "Pair" \
            and len(args[0].params) == 2:
        return args[0].params[0 if name == "first" else 1]   # `p.first`, `p.second`
    if name == "first" and len(args) == 1:
        elt = _reduced_eltype(args[0], reg)
        return elt if elt is not UNKNOWN else None
    if name == "zip":
        return DataT("Base.Iterators.Zip", (make_tuple(args),))
    if name == "pairs" and len(args) == 1:
        a = args[0]
        ap = array_params(a, reg)
        if ap is not None:
            return DataT("Base.Pairs", (INT64, ap[0], WILD, a))
        return None
    if name == "filter" and len(args) == 2:
        return None
    if name == "ntuple" and len(args) == 2 and _is_function_value(f):
        r = call_value(f, [INT64])
        return DataT("Tuple", (DataT("Vararg", (r,)),)) if r is not UNKNOWN else UNKNOWN
    if name == "Iterators.filter" or name == "filter_iter":
        return None
    if name in ("get!",) and len(args) == 3 and _is_function_value(f):
        d = args[1]
        if isinstance(d, DataT) and len(d.params) == 2:
            return d.params[1]
    if name == "coalesce" and args:
        out = []
        for a in args:
            members = a.members if isinstance(a, UnionT) else (a,)
            out.extend(m for m in members if m != MISSING)
            if MISSING not in members:
                break
        return make_union(out) if out else None
    if name in ("something",) and args:
        out = []
        for a in args:
            members = a.members if isinstance(a, UnionT) else (a,)
            out.extend(m for m in members if m != NOTHING and not (isinstance(m, DataT) and m.name == "Some"))
            out.extend(m.params[0] for m in members if isinstance(m, DataT) and m.name == "Some" and m.params)
            if NOTHING not in members:
                break
        return make_union(out) if out else None
    if name == "ifelse" and len(args) == 3:
        return make_union(args[1:])
    if name == "max" or name == "min":
        if len(args) >= 2:
            out = args[0]
            for a in args[1:]:
                p = arith.promote_type(out, a)
                if p is None:
                    return None
                out = p
            return out
    if name in ("vcat", "hcat") and args:
        return _concatenation(name, args, reg)
    if name == "promote" and args:
        p = promote_elements(list(args), reg)
        return make_tuple([p] * len(args)) if p is not UNKNOWN else None
    if name == "tuple":
        return make_tuple(args)
    return None
