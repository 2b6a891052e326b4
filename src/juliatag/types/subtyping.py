"""Subtyping: `a <: b` over the type representation, with pattern variables bound as it matches
(covariant tuples, invariant parameters, unions, `Type{T}`, function singletons).

Functions take the registry `reg` for supertypes; they do not import it.
"""

from __future__ import annotations

from .jtypes import (ANY, BOTTOM, UNKNOWN, DataT, FuncT, JType, TypeT, UnionT, VarT, is_wildcard, same_param,
                     ordered_members)


def issub(reg, a: JType, b: JType, env: dict | None = None, free: frozenset = frozenset()) -> bool:
    """a <: b; VarTs in `b` named in `free` are pattern variables bound in `env`."""
    if a == b and not free:
        return True
    if b is ANY or a is BOTTOM:
        return True
    if a is UNKNOWN or b is UNKNOWN:
        return False
    if isinstance(b, VarT):
        if b.name in free:
            if env is not None and b.name in env:
                bound = env[b.name]
                return a == bound or (issub(reg, a, bound) and issub(reg, bound, a))
            if issub(reg, a, b.ub, env, free):
                if env is not None:
                    env[b.name] = a
                return True
            return False
        return issub(reg, a, b.ub, env, free)
    if isinstance(a, UnionT):
        return all(issub(reg, m, b, env, free) for m in ordered_members(a))
    if isinstance(b, UnionT):
        for m in ordered_members(b):
            trial = dict(env) if env is not None else None
            if issub(reg, a, m, trial, free):
                if env is not None:
                    env.update(trial)
                return True
        return False
    if isinstance(a, VarT):
        return issub(reg, a.ub, b, env, free)
    if isinstance(a, TypeT):
        if isinstance(b, TypeT):
            return param_eq(reg, a.of, b.of, env, free)
        if isinstance(b, DataT):
            if b.name == "DataType":
                return isinstance(a.of, (DataT, FuncT)) and not (isinstance(a.of, DataT) and is_unionall(reg, a.of))
            if b.name == "UnionAll":
                return isinstance(a.of, DataT) and is_unionall(reg, a.of)
            if b.name == "Union":
                return isinstance(a.of, UnionT)
            if b.name == "Type":   # `Type` written bare (in `Union{Function, Type}`): every type
                return not b.params or (is_wildcard(b.params[0]) and issub(reg, a.of, b.params[0].ub))
        return False
    if isinstance(a, FuncT):
        if isinstance(b, FuncT):
            return a.name == b.name
        return isinstance(b, DataT) and b.name == "Function"
    if isinstance(a, DataT) and isinstance(b, DataT):
        if a.name != b.name and b.name not in reg.ancestor_names(a.name):
            return False
        cur: JType = a
        for _ in range(32):
            if not isinstance(cur, DataT):
                return False
            if cur.name == b.name:
                return params_sub(reg, cur, b, env, free)
            cur = reg.supertype(cur)
            if cur is ANY or cur is UNKNOWN:
                return False
        return False
    return False


def is_unionall(reg, t: DataT) -> bool:
    return any(is_wildcard(p) for p in t.params)


def params_sub(reg, a: DataT, b: DataT, env, free) -> bool:
    if a.name == "Tuple":
        return tuple_sub(reg, a.params, b.params, env, free)
    for i, pb in enumerate(b.params):
        if i >= len(a.params):
            return isinstance(pb, VarT) and pb.name not in free
        pa = a.params[i]
        if not param_eq(reg, pa, pb, env, free, _declared_bound(reg, a, i, pa)):
            return False
    return True


def _declared_bound(reg, a: DataT, i: int, pa) -> JType | None:
    """The bound that `a`'s declaration puts on its parameter `i`, where that parameter is a type
    variable bounded by Any alone, or not known: every instance of `SG{T}` of `struct SG{T<:Integer}` has an
    Integer T, whatever bound the variable was given where it was named (`g::SG{T}` as a field of
    `struct GG{T}`). None where there is no such bound."""
    if not (isinstance(pa, VarT) and pa.ub is ANY) and pa is not UNKNOWN:
        return None
    return reg.standalone_bound(reg.decl(a.name), i)


def tuple_sub(reg, pa: tuple, pb: tuple, env, free) -> bool:
    if pb and isinstance(pb[-1], DataT) and pb[-1].name == "Vararg":
        fixed = pb[:-1]
        elt = pb[-1].params[0] if pb[-1].params else ANY
        if len(pa) < len(fixed):
            return False
        for x, y in zip(pa, fixed, strict=False):
            if not issub(reg, x, y, env, free):
                return False
        rest = pa[len(fixed):]
        if rest and isinstance(rest[-1], DataT) and rest[-1].name == "Vararg":
            # Tuple{A, Vararg{A}} <: Tuple{B, Vararg{B}} where each element, and the repeated one, is
            # a B (a Vararg of unknown length binds no count)
            if len(pb[-1].params) > 1 and isinstance(pb[-1].params[1], VarT) and pb[-1].params[1].name in free:
                return False
            if len(rest[-1].params) > 1:
                return False   # a Vararg of a given length against a Vararg of any: not read here
            a_elt = rest[-1].params[0] if rest[-1].params else ANY
            return all(issub(reg, x, elt, env, free) for x in (*rest[:-1], a_elt))
        if len(pb[-1].params) > 1 and isinstance(pb[-1].params[1], VarT) and pb[-1].params[1].name in free:
            if env is not None:
                env[pb[-1].params[1].name] = len(rest)
        return all(issub(reg, x, elt, env, free) for x in rest)
    if len(pa) != len(pb):
        return False
    return all(issub(reg, x, y, env, free) for x, y in zip(pa, pb, strict=False))


def param_eq(reg, pa, pb, env, free, pa_bound: JType | None = None) -> bool:
    """Invariant parameter match: pa == pb, binding free variables of pb. `pa_bound`: the bound the
    enclosing type's declaration puts on a type variable `pa` (see `_declared_bound`)."""
    if isinstance(pb, VarT):
        if pb.name in free:
            if env is not None and pb.name in env:
                return same_param(env[pb.name], pa)
            if isinstance(pa, JType):
                # the bound may name other variables of the method, which it then binds
                # (`where {S, T<:AbstractMatrix{S}}` with T = Matrix{Float64} binds S = Float64)
                trial = dict(env) if env is not None else None
                if not issub(reg, pa_bound if pa_bound is not None else pa, pb.ub, trial, free):
                    return False
                if env is not None:
                    env.update(trial)
            if env is not None:
                env[pb.name] = pa
            return True
        if isinstance(pa, VarT):
            return issub(reg, pa_bound if pa_bound is not None else pa.ub, pb.ub)
        if pa is UNKNOWN:
            # a parameter not known (`Dir{Float32, V, ?}`, the type of a call not known) is some type
            # within its declared bound: it surely meets a wildcard whose bound holds that one
            return pb.ub is ANY or (pa_bound is not None and issub(reg, pa_bound, pb.ub, env, free))
        # a bounded wildcard (`Type{<:AbstractGraph{T}}`): its bound may bind the method's variables
        return not isinstance(pa, JType) or issub(reg, pa, pb.ub, env, free)
    if not isinstance(pb, JType) or not isinstance(pa, JType):
        return same_param(pa, pb)
    if pa == pb:
        return True
    if isinstance(pb, DataT) and isinstance(pa, DataT) and pa.name == pb.name and len(pa.params) == len(pb.params):
        return all(param_eq(reg, x, y, env, free) for x, y in zip(pa.params, pb.params, strict=False))
    if isinstance(pb, TypeT) and isinstance(pa, TypeT):
        return param_eq(reg, pa.of, pb.of, env, free)
    if isinstance(pb, UnionT) and isinstance(pa, UnionT):
        return pa == pb
    return False


def may_intersect(reg, a: JType, b: JType, depth: int = 0) -> bool:
    """Whether some type may be a subtype of both `a` and `b`: a value of an unknown concrete
    subtype of `a` may be an instance of `b` (`GenericGraph{<:Any}` and `AbstractGraph{<:Integer}`
    meet in `GenericGraph{Int64}`). Types unrelated by their declarations never meet (a type has one
    supertype); where it cannot tell, it says they may."""
    if a is UNKNOWN or b is UNKNOWN or a is ANY or b is ANY or depth > 8:
        return True
    if a is BOTTOM or b is BOTTOM:
        return False
    if issub(reg, a, b) or issub(reg, b, a):
        return True
    if isinstance(a, VarT):
        return may_intersect(reg, a.ub, b, depth + 1)
    if isinstance(b, VarT):
        return may_intersect(reg, a, b.ub, depth + 1)
    if isinstance(a, UnionT):
        return any(may_intersect(reg, m, b, depth + 1) for m in ordered_members(a))
    if isinstance(b, UnionT):
        return any(may_intersect(reg, a, m, depth + 1) for m in ordered_members(b))
    if isinstance(a, DataT) and isinstance(b, DataT):
        da, db = reg.decl(a.name), reg.decl(b.name)
        if a.name != b.name and da is not None and db is not None and not da.is_abstract and not db.is_abstract:
            return False   # two structs (`SubArray`, `CuArray`): a value is of the one or the other
        for lower, upper in ((a, b), (b, a)):
            cur: JType = lower
            for _ in range(32):
                if not isinstance(cur, DataT):
                    break
                if cur.name == upper.name:
                    return _params_may_meet(reg, cur, upper, depth)
                cur = reg.supertype(cur)
                if cur is ANY or cur is UNKNOWN:
                    break
            if cur is UNKNOWN:
                return True
        return False
    return False


def _params_may_meet(reg, a: DataT, b: DataT, depth: int) -> bool:
    """Whether two instances of one type name may have the same parameters (each is invariant)."""
    if a.name == "Tuple":
        return len(a.params) != len(b.params) or all(
            may_intersect(reg, x, y, depth + 1) for x, y in zip(a.params, b.params, strict=True)
            if isinstance(x, JType) and isinstance(y, JType))
    for x, y in zip(a.params, b.params, strict=False):
        if not isinstance(x, JType) or not isinstance(y, JType):
            if x != y and not isinstance(x, VarT) and not isinstance(y, VarT):
                return False
            continue
        if isinstance(x, VarT) or isinstance(y, VarT):
            if not may_intersect(reg, x.ub if isinstance(x, VarT) else x, y.ub if isinstance(y, VarT) else y,
                                 depth + 1):
                return False
            continue
        if x != y and not (issub(reg, x, y) and issub(reg, y, x)):
            return False
    return True
