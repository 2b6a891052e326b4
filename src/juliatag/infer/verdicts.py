"""From internal types to label columns: the printable type, concreteness, depth and stability."""

from __future__ import annotations

from ..schema import C_ABSTRACT, C_CONCRETE, C_UNION, C_UNKNOWN, S_NA, S_STABLE, S_UNION, S_UNSTABLE
from ..types.registry import TypeRegistry
from ..types.jtypes import ANY, BOTTOM, UNKNOWN, WILD, DataT, FuncT, JType, TypeT, UnionT, VarT, is_known, is_wildcard
from ..types.jtypes import has_anonymous_vars, is_arg_type, is_named_var, make_union, mentions, wildcard

BOX_NAME = "Core.Box"


def label_view(t: JType, reg: TypeRegistry) -> JType:
    """The type a label shows, as Julia prints it (`as_printed`): an argument's symbolic type shows
    its declared bound (or unknown)."""
    if is_arg_type(t):
        t = t.ub if t.ub is not ANY else UNKNOWN
    elif isinstance(t, UnionT) and any(is_arg_type(m) for m in t.members):
        t = UNKNOWN
    elif isinstance(t, DataT) and (_holds_unknown(t) or has_anonymous_vars(t)):
        t = partly_known(t, reg)
    return as_printed(t, reg) if t is not UNKNOWN else t


def partly_known(t: DataT, reg: TypeRegistry) -> JType:
    """A type of known name some of whose parameters are not known, or are an argument's type known
    only as concrete per call, as the UnionAll over those parameters, each within its declared bound
    or the argument type's bound (`Vector{?}` shows `Vector`, `Tuple{Int64, ?}` `Tuple{Int64, Any}`,
    `Vector{GenericEdge{T}}` of a run-time `T<:Integer` `Vector{<:GenericEdge{<:Integer}}`): a
    supertype of every type it may be. Unknown where the name is not a declared type. Only what the
    label shows: its concreteness and stability are those of the type itself."""
    decl = reg.decl(t.name)
    if decl is None:
        return UNKNOWN
    params = []
    for i, p in enumerate(t.params):
        if isinstance(p, JType) and (_holds_unknown(p) or has_anonymous_vars(p)):
            if is_arg_type(p):
                inner = p.ub if p.ub is not ANY and is_known(p.ub) and not mentions(p.ub, is_named_var) else UNKNOWN
            elif isinstance(p, (UnionT, VarT)) and _holds_unknown(p):
                inner = _shown_within(p, reg)
            else:
                inner = partly_known(p, reg) if isinstance(p, DataT) else UNKNOWN
            if t.name == "Tuple":   # covariant: any type of the element is within Any
                p = inner if inner is not UNKNOWN else ANY
            else:
                bound = inner if inner is not UNKNOWN else (decl.bounds[i] if i < len(decl.bounds) else ANY)
                p = wildcard(bound if is_known(bound) and not mentions(bound, is_named_var) else ANY)
        params.append(p)
    return DataT(t.name, tuple(params))


def _holds_unknown(t: JType) -> bool:
    """Whether a type not known is in `t`, a type variable's bound included."""
    return mentions(t, lambda x: x is UNKNOWN)


def _shown_within(p: JType, reg: TypeRegistry) -> JType:
    """A union or a wildcard holding a type partly known (a join: `Union{SubIndex{?}, SubIndex{Index}}`)
    as each member or bound shows (`partly_known`); UNKNOWN where one does not."""
    if isinstance(p, UnionT):
        shown = [_shown_within(m, reg) for m in p.members]
        return UNKNOWN if any(m is UNKNOWN for m in shown) else make_union(shown)
    if isinstance(p, VarT) and is_wildcard(p):
        return _shown_within(p.ub, reg)   # `<:B` within a parameter: B is its bound
    if isinstance(p, DataT) and _holds_unknown(p):
        return partly_known(p, reg)
    return UNKNOWN if _holds_unknown(p) else p


def as_printed(t: JType, reg: TypeRegistry) -> JType:
    """`t` as Julia prints it: a parameter left open within exactly its declared bound is open
    (`SimpleGraph{<:Integer}` of `struct SimpleGraph{T<:Integer}` is the UnionAll `SimpleGraph`)."""
    if isinstance(t, DataT) and t.params:
        decl = reg.decl(t.name)
        params = []
        changed = False
        for i, p in enumerate(t.params):
            q = as_printed(p, reg) if isinstance(p, JType) else p
            if is_wildcard(q) and q.ub is not ANY and decl is not None and i < len(decl.bounds) and \
                    decl.bounds[i] == q.ub:
                q = WILD
            changed = changed or q is not p
            params.append(q)
        return DataT(t.name, tuple(params)) if changed else t
    if isinstance(t, TypeT):
        of = as_printed(t.of, reg)
        return t if of is t.of else TypeT(of)
    if isinstance(t, UnionT):
        members = [as_printed(m, reg) for m in t.members]
        return t if all(a is b for a, b in zip(members, t.members, strict=True)) else UnionT(frozenset(members))
    return t


def _member_concrete(m: JType, reg: TypeRegistry) -> bool | None:
    if isinstance(m, VarT):
        return m.concrete if m.name else False
    return reg.is_concrete(m)


def concreteness(t: JType, reg: TypeRegistry) -> int:
    if is_arg_type(t):
        if t.concrete and t.ub is ANY:
            return C_CONCRETE if t.name == "#" else C_UNKNOWN
        return concreteness(t.ub, reg) if t.ub is not ANY else C_UNKNOWN
    if t is UNKNOWN or not is_known(t):
        return C_UNKNOWN
    if t is ANY or t is BOTTOM:
        return C_ABSTRACT
    if isinstance(t, UnionT):
        flags = [_member_concrete(m, reg) for m in t.members]
        if any(f is None for f in flags):
            return C_UNKNOWN
        return C_UNION if all(flags) else C_ABSTRACT
    c = reg.is_concrete(t)
    if c is None:
        return C_UNKNOWN
    return C_CONCRETE if c else C_ABSTRACT


def stability(t: JType, reg: TypeRegistry) -> int:
    """The colour @code_warntype gives a binding or call of type `t`."""
    if t is BOTTOM:
        return S_STABLE
    if isinstance(t, VarT):
        if t.concrete:
            return S_STABLE
        return S_UNSTABLE if t.ub is ANY else S_NA
    if t is UNKNOWN or not is_known(t):
        return S_NA
    if t is ANY:
        return S_UNSTABLE
    if isinstance(t, DataT) and t.name == BOX_NAME:
        return S_UNSTABLE
    if isinstance(t, UnionT):
        flags = [_member_concrete(m, reg) for m in t.members]
        if any(f is None for f in flags):
            return S_NA
        return S_UNION if all(flags) else S_UNSTABLE
    if isinstance(t, (TypeT, FuncT)):
        return S_STABLE
    c = reg.is_concrete(t)
    if c is None:
        return S_NA
    return S_STABLE if c else S_UNSTABLE


def worst(verdicts) -> int:
    """Worst of several stability verdicts (n/a ignored; all n/a gives n/a)."""
    out = S_NA
    rank = {S_NA: 0, S_STABLE: 1, S_UNION: 2, S_UNSTABLE: 3}
    for v in verdicts:
        if rank[v] > rank[out]:
            out = v
    return out
