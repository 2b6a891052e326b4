"""The lattice: joins (`typejoin`, Julia's `tmerge` with its union-width limit) and meets (what a
type test `isa` leaves in each branch).

Functions take the registry `reg` for supertypes and concreteness; they do not import it.
"""

from __future__ import annotations

from .jtypes import ANY, BOTTOM, UNKNOWN, WILD, DataT, FuncT, JType, UnionT, VarT, make_union, ordered_members
from .subtyping import issub, may_intersect

MAX_UNION = 4  # unions wider than this are widened to their typejoin (Julia's inference does the same)


def ancestors(reg, t: JType) -> list[JType]:
    out = [t]
    cur = t
    for _ in range(32):
        cur = reg.supertype(cur)
        if cur is ANY or cur is UNKNOWN or not isinstance(cur, DataT):
            break
        out.append(cur)
    return out


def typejoin(reg, a: JType, b: JType) -> JType:
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is BOTTOM:
        return b
    if b is BOTTOM:
        return a
    if issub(reg, a, b):
        return b
    if issub(reg, b, a):
        return a
    if isinstance(a, UnionT):
        return typejoin_all(reg, ordered_members(a) + [b])
    if isinstance(b, UnionT):
        return typejoin_all(reg, [a] + ordered_members(b))
    if isinstance(a, FuncT) and isinstance(b, FuncT):
        return DataT("Function")
    if isinstance(a, VarT) or isinstance(b, VarT):
        ua = a.ub if isinstance(a, VarT) else a
        ub = b.ub if isinstance(b, VarT) else b
        return typejoin(reg, ua, ub) if (ua, ub) != (a, b) else ANY
    if isinstance(a, DataT) and isinstance(b, DataT):
        if a.name == "Tuple" and b.name == "Tuple":
            if len(a.params) == len(b.params):
                return DataT("Tuple", tuple(typejoin(reg, x, y) if isinstance(x, JType) and isinstance(y, JType)
                                            else ANY for x, y in zip(a.params, b.params, strict=False)))
            return DataT("Tuple", (DataT("Vararg", (ANY,)),))
        b_anc = {x.name: x for x in ancestors(reg, b) if isinstance(x, DataT)}
        for s in ancestors(reg, a):
            if isinstance(s, DataT) and s.name in b_anc:
                other = b_anc[s.name]
                params = tuple(
                    p if p == q else WILD for p, q in zip(s.params, other.params, strict=False)
                )
                return DataT(s.name, params)
    return ANY


def typejoin_all(reg, types) -> JType:
    out = BOTTOM
    for t in types:
        out = typejoin(reg, out, t)
    return out


def tmerge(reg, a: JType, b: JType) -> JType:
    """The inference join: a union, widened to a typejoin when it grows too wide."""
    if a == b:
        return a
    if a is BOTTOM:
        return b
    if b is BOTTOM:
        return a
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is ANY or b is ANY:
        return ANY
    if issub(reg, a, b):
        return b
    if issub(reg, b, a):
        return a
    u = make_union([a, b])
    if isinstance(u, UnionT) and len(u.members) > MAX_UNION:
        return typejoin_all(reg, ordered_members(u))
    return u


def _union_meet(reg, members, target: JType) -> JType | None:
    """The intersection of a union of `members` with `target`, member by member (a member within
    `target` stays, one that holds `target`'s member gives that member, one disjoint from it
    drops out); None where a member only overlaps one of `target`'s (`Real` and
    `Union{Float64, Nothing}` meet in Float64, but `Real` and `Signed` in no type written here)."""
    targets = target.members if isinstance(target, UnionT) else (target,)
    parts = []
    for m in members:
        for tm in targets:
            if issub(reg, m, tm):
                parts.append(m)
            elif issub(reg, tm, m):
                parts.append(tm)
            elif may_intersect(reg, m, tm):
                return None
    return make_union(parts) if parts else None


def meet(reg, cur: JType, target: JType) -> JType:
    """What is known of a value of type `cur` once it is known to be a `target` (`isa` true)."""
    if isinstance(cur, UnionT):
        kept = _union_meet(reg, cur.members, target)
        return kept if kept is not None else target
    if isinstance(cur, VarT):
        ub = cur.ub
        if isinstance(ub, UnionT):
            kept = _union_meet(reg, ub.members, target)
            if kept is not None and not isinstance(kept, UnionT) and reg.is_concrete(kept):
                return kept
        if reg.is_concrete(target):
            return target
        return VarT(cur.name, target if ub is ANY else (target if issub(reg, target, ub) else ub), cur.concrete)
    if cur is UNKNOWN or cur is ANY:
        return target
    if issub(reg, cur, target):
        return cur
    return target


def subtract(reg, cur: JType, target: JType) -> JType:
    """What is known of a value of type `cur` once it is known not to be a `target` (`isa` false)."""
    if isinstance(cur, UnionT):
        keep = [m for m in cur.members if not issub(reg, m, target)]
        return make_union(keep) if keep else BOTTOM
    if isinstance(cur, VarT) and isinstance(cur.ub, UnionT):
        keep = [m for m in cur.ub.members if not issub(reg, m, target)]
        if len(keep) == 1 and reg.is_concrete(keep[0]):
            return keep[0]
        if keep:
            return VarT(cur.name, make_union(keep), cur.concrete)
    return cur
