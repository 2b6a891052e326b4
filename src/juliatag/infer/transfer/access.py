"""Transfer functions for access: `a.b` (fields and module-qualified names), `a[i]`, `T{P}`, `where`.

`property_type` is the one rule for the type of `obj.name`.
"""

from __future__ import annotations

from ...schema import F_ABSTRACT_FIELD, F_TYPE_POSITION
from ...syntax.tree import Node
from ...types.jtypes import (ANY, COLON, MISSING, NOTHING, UNKNOWN, DataT, FuncT, SymbolValue, JType, TypeT, UnionT, VarT, dt, is_arg_type,
                             is_wildcard, make_union, vector)
from ..base import builtins
from ..base.names import CONSTANT_VALUES, MODULE_CONSTANTS, MODULE_NAMES
from ..state import NO_METHOD, reachable
from ..typeconv import args_of, dotted_name
from .common import registrar

SYMBOL = dt("Symbol")
MODULE = dt("Module")

HANDLERS: dict = {}
handler = registrar(HANDLERS)


def is_module_name(it, name: str, env, frame) -> bool:
    """Whether `name` (the head of `name.x`) refers to a module rather than a value."""
    if name in env:
        return env[name] == MODULE   # `const LET = Graphs.Experimental.Traversals` at top level
    if frame.outer is not None and it.lookup_outer(name, frame) is not None:
        return False
    defs = it.defs
    if name in defs.modules or name in defs.used_modules or name in MODULE_NAMES:
        return True
    if name in defs.consts or name in defs.globals or name in defs.methods or name in defs.typed_globals:
        entry = defs.consts.get(name)
        return entry is not None and entry[1] is not None and entry[1].kind in ("NAME", "BINARY_EXPR") and \
            it.text(entry[1])[:1].isupper() and not it.reg.is_type_name(it.text(entry[1]))
    if it.reg.is_type_name(name):
        return False
    if it.package is not None:
        if name in it.package.modules:
            return True
        if name in it.package.functions or name in it.package.consts:
            return False
    # an otherwise unknown capitalised name used as `X.y` is, in practice, a module
    return name[:1].isupper()


def label_module_heads(it, node, frame):
    """Label every module part of a dotted name `A.B.c` (all but the last) as a Module."""
    chain = []   # the dotted parts below `node`, outermost first
    cur = node
    while cur.kind == "BINARY_EXPR" and len(cur.children) == 3 and cur.children[1].kind == "DOT":
        chain.append(cur)
        cur = cur.children[0]
    if cur.kind == "NAME":
        it.put(frame, cur, dt("Module"))
    for n in reversed(chain[1:]):
        if n.children[-1].kind == "NAME":
            it.put(frame, n.children[-1], dt("Module"))


def field_access(it, node, left, right, env, frame, depth):
    qualified = dotted_name(node, it.data)
    if qualified is not None:
        head = qualified.split(".", 1)[0]
        if is_module_name(it, head, env, frame):
            label_module_heads(it, node, frame)
            return qualified_value(it, node, qualified, right, frame), env
    obj, env = it.expr(left, env, frame, depth)
    if right.kind == "NAME":
        fname = it.text(right)
    elif right.kind == "QUOTE_SYM" and right.children:
        fname = it.text(right.children[-1])
    else:  # e.g. x.(f): a computed property
        return UNKNOWN, env
    t = it.property_type(obj, fname)
    it.put(frame, right, t)
    return t, env


def is_module_path(it, qualified: str) -> bool:
    """Whether `A.B.C` names a module: each part a module name of Base's, the standard library's or
    the package's own (its name, its submodules), the last capitalised and naming no type,
    function or constant."""
    parts = qualified.split(".")
    last = parts[-1]
    if not last[:1].isupper() or it.reg.is_type_name(qualified) or it.reg.is_type_name(last):
        return False
    own = it.package.names if it.package is not None else frozenset()
    if it.package is not None and (last in it.package.functions or last in it.package.consts):
        return False
    return all(p in MODULE_NAMES or p in it.defs.modules or p in own or
               (it.package is not None and p == it.package.summary.name) for p in parts)


def qualified_value(it, node, qualified: str, name_node: Node, frame) -> JType:
    mod, _, name = qualified.rpartition(".")
    if name in MODULE_CONSTANTS and mod in ("Base", "Base.Order"):
        t = MODULE_CONSTANTS[name]   # `Base.Reverse` is the ordering (the type is `Base.Iterators.Reverse`)
    elif is_module_path(it, qualified):
        it.put(frame, name_node, MODULE)
        return MODULE
    elif it.reg.is_type_name(qualified) or (it.reg.is_type_name(name) and name[:1].isupper()
                                            and mod in ("Base", "Core", "LinearAlgebra", "Dates", "Random")):
        t = TypeT(it.conv.named(qualified if it.reg.is_type_name(qualified) else name))
    elif name in ("pi", "π", "ℯ", "Inf", "NaN", "nothing", "missing", "stdout", "stderr", "stdin"):
        t = CONSTANT_VALUES[name]
    elif mod in it.defs.modules and name in it.defs.methods:
        t = FuncT(name)
    else:
        used = _package_used(it, mod)
        if used is not None:
            # a package the corpus holds: a function only where it has methods (`StatsFuns.invsqrt2π`
            # is a constant it takes from another package)
            t = FuncT(name) if used.defines(name) else UNKNOWN
        else:
            t = FuncT(name) if name[:1].islower() or not name[:1].isalpha() else UNKNOWN
    it.put(frame, name_node, t)
    return t


def _package_used(it, mod: str):
    """The program of the package `mod` (or a module in it) names, where it is one this package uses
    that the corpus holds, else None."""
    if it.program is None or it.package is None or mod.split(".", 1)[0] == it.package.summary.name:
        return None
    root = mod.split(".", 1)[0]
    return next((dep for dep_name, dep in it.program.dependencies() if dep_name == root), None)


def static_parameters(reg, t: JType) -> JType:
    """The declared type `t` of an argument (`p::Point`, `p::Point{<:Real}`), its unspecified
    parameters named as the struct declares them: the argument's run-time type is concrete, so each
    parameter is one type per call (`p.x` of `struct Point{T<:Real}; x::T end` is that call's T)."""
    if not isinstance(t, DataT) or not any(is_wildcard(p) for p in t.params):
        return t
    decl = reg.decl(t.name)
    if decl is None or len(decl.params) != len(t.params):
        return t
    return DataT(t.name, tuple(VarT(name, p.ub, True) if is_wildcard(p) else p
                               for name, p in zip(decl.params, t.params, strict=True)))


def property_type(it, obj: JType, fname: str) -> JType:
    """The type of `obj.fname`: `getproperty(obj, :fname)`, which is the field unless the package
    adds a `getproperty` method for the object's type. Such a method's result is taken where it is
    one type whatever the symbol (`getproperty(df::DataFrame, s::Symbol) = df[!, s]`), or where
    the method branches on the symbol (`if f === :idx ... getfield(x, f)`), for the one the call
    names, as Julia's constant propagation infers it."""
    if obj is UNKNOWN or obj is ANY:
        return obj
    if isinstance(obj, UnionT):
        parts = [property_type(it, m, fname) for m in _with_fields(obj)]
        return make_union(parts) if all(p is not UNKNOWN for p in parts) else UNKNOWN
    cands, _ = it.methods_of("getproperty")
    if cands:
        # None: no method of the package's applies (the choice is kept per argument types)
        # the symbol is a constant, which the method may branch on (`if f === :idx ... end`)
        r = it.dispatch(cands, [obj, SYMBOL], {}, closed=False, cache_key=("call", "getproperty", None),
                        consts=((1, SymbolValue(fname)),))
        if r is not None:
            return UNKNOWN if r is UNKNOWN or r is ANY or isinstance(r, UnionT) else r
    return field_type_of(it, obj, fname)


def _with_fields(u: UnionT) -> list:
    """The members of `u` that a property read may come from: `nothing.x` and `missing.x` throw
    (neither has fields, nor a getproperty method), so Julia's split drops them."""
    return [m for m in u.members if m != NOTHING and m != MISSING] or list(u.members)


def field_type_of(it, obj: JType, fname: str) -> JType:
    """The type of field `fname` of a value of type `obj` (`getfield(obj, :fname)`)."""
    reg = it.reg
    if obj is UNKNOWN:
        return UNKNOWN
    if obj is ANY:
        return ANY
    if isinstance(obj, UnionT):
        parts = [field_type_of(it, m, fname) for m in _with_fields(obj)]
        return make_union(parts) if all(p is not UNKNOWN for p in parts) else UNKNOWN
    if isinstance(obj, VarT):
        if obj.ub is ANY:
            return UNKNOWN
        return field_type_of(it, static_parameters(reg, obj.ub) if is_arg_type(obj) else obj.ub, fname)
    if isinstance(obj, DataT):
        if obj.name == "NamedTuple" and len(obj.params) == 2 and isinstance(obj.params[0], tuple):
            return builtins.index_type(obj, [], reg, symbol=fname)
        if obj.name == "Module":
            return UNKNOWN
        ft = reg.field_type(obj, fname)
        if ft is not None and not isinstance(ft, JType):
            return UNKNOWN  # a field typed by a parameter that holds a value (`Val{1}`-like), not a type
        if ft is not None:
            if is_wildcard(ft):
                return ANY if ft.ub is ANY else ft.ub
            return ft
        return UNKNOWN  # not a declared field: a property computed by getproperty, or unknown
    return UNKNOWN


@handler("INDEX_EXPR")
def h_index(it, node, env, frame, depth):
    kids = node.children
    obj_node = kids[0]
    arglist = kids[1] if len(kids) > 1 else None
    obj, env = it.expr(obj_node, env, frame, depth)
    reachable(env)  # indexing applies to the object
    idx_nodes = args_of(arglist) if arglist is not None else []
    if isinstance(obj, TypeT):
        # typed array literal: Float64[], Int[1, 2]
        items = []
        for a in idx_nodes:
            t, env = it.expr(a, env, frame, depth)
            items.append(t)
        t = _typed_literal(it, obj, items, frame)
        it.put(frame, obj_node, t, F_TYPE_POSITION)
        return t, env
    idx = []
    literal = None
    symbol = None
    for a in idx_nodes:
        if a.kind == "COLON" or (a.kind == "OPERATOR_ATOM" and it.text(a) == ":"):
            idx.append(COLON)
            continue
        t, env = it.expr(a, env, frame, depth)
        idx.append(t)
        if len(idx_nodes) == 1 and a.kind == "LITERAL" and a.children and a.children[-1].kind == "INTEGER":
            try:
                literal = int(it.text(a))
            except ValueError:
                literal = None
        if len(idx_nodes) == 1 and a.kind == "QUOTE_SYM" and a.children:
            symbol = it.text(a.children[-1])
    if frame.views is node or (frame.views is True and not all(builtins.is_int_like(i) for i in idx)):
        # `@view A[i, j]`, and non-scalar indexing inside `@views`: `view(A, i, j)`
        t = it.call_named("view", [obj, *idx], {}, frame) if obj is not UNKNOWN else UNKNOWN
    else:
        t = builtins.index_type(obj, idx, it.reg, literal=literal, symbol=symbol)
        if it.package is not None and obj is not UNKNOWN and obj is not ANY and not it.of_base_types(obj) and \
                not (isinstance(obj, DataT) and obj.name in ("Tuple", "NamedTuple")):
            # (a tuple's getindex is Base's whatever it holds: `(g, [1])[1]` is the g)
            t = _package_getindex(it, obj, idx, t, frame)
    ap = builtins.array_params(obj, it.reg)
    if ap is not None and isinstance(ap[0], JType) and it.reg.is_concrete(ap[0]) is False and not isinstance(
            ap[0], VarT) and ap[0] is not UNKNOWN:
        it.flag(frame, obj_node, F_ABSTRACT_FIELD)
    if arglist is not None:
        it.put(frame, arglist, t)  # the `[` carries the getindex result
    return t, env


def _typed_literal(it, typ: TypeT, items: list, frame) -> JType:
    """`T[a, b]`, which Julia lowers to `getindex(T, a, b)`: Base's method makes a `Vector{T}`, but a
    package's `getindex(::Type{SA}, xs...)` that applies is the one called (StaticArrays' `SA[1, 2]`
    is an SVector), and one that only may apply leaves it unknown."""
    if it.package is not None:
        cands, _ = it.methods_of("getindex")
        if cands and it.select(cands, [typ, *items]) is not NO_METHOD:
            return it.call_named("getindex", [typ, *items], {}, frame)
    return vector(typ.of)


def _package_getindex(it, obj: JType, idx: list, base: JType, frame) -> JType:
    """`obj[idx...]` of a value of a package's type: the package's `getindex` method where one
    applies (as the call `getindex(obj, idx...)` resolves), else Base's rule (`base`). Where the
    package's method applies and its result is not known, an integer index still gives the element
    type (`getindex(A, i)` is an element of A), any other index nothing known."""
    own = it.call_named("getindex", [obj, *idx], {}, frame)
    if own is not UNKNOWN:
        return own
    scalar = idx and all(builtins.is_int_like(i) for i in idx) and builtins.array_params(obj, it.reg) is not None
    return base if scalar else UNKNOWN


@handler("CURLY_EXPR")
def h_curly(it, node, env, frame, depth):
    # its parameters read locals holding types and run calls, as those of a curly call do
    # (`Vector{eltype(p.data)}`, `T = eltype(x); Vector{T}`)
    scope, values = it.curly_scope(node, env, frame, others_unknown=False)
    t = it.label_type_expr(node, frame, scope, values)
    return (TypeT(t) if t is not UNKNOWN else UNKNOWN), env


@handler("WHERE_EXPR")
def h_where(it, node, env, frame, depth):
    t = it.label_type_expr(node, frame)
    return (TypeT(t) if t is not UNKNOWN else UNKNOWN), env
