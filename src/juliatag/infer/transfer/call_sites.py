"""Transfer functions for call sites: `f(args)`, `f.(args)` and macro calls.

The arguments are evaluated here; which method or rule answers is decided by `calls.py`.
"""

from __future__ import annotations

from ...schema import F_DEFINITION, F_IN_MACRO, F_TYPE_POSITION, S_NA, S_STABLE
from ...syntax.tree import Node
from ...types.jtypes import (ANY, BOTTOM, INT64, NOTHING, UNKNOWN, DataT, JType, SymbolValue, arg_type, is_known,
                             is_wildcard)
from ..base import builtins
from ..typeconv import args_of
from ..base.knowledge import CATCHING_MACROS, MACRO_RESULTS, NOTHING_MACROS, TYPE_PRESERVING_MACROS
from ..base.methods import known_function
from ..definitions import enum_value_names
from ..narrowing import constant_integer, literal_constant, unshadowed_base_function
from .. import templates
from ..state import MAX_CONSTANT_NTUPLE, reachable
from ..tokens import TRIVIAL, macro_short_name
from .common import registrar, splatted_elements

HANDLERS: dict = {}
handler = registrar(HANDLERS)

# the names of the run-time argument types of an `@inferred` call (no Julia argument is named so)
RUN_TIME_ARG = "@inferred"
# macro arguments that are not expressions a template splices (`@m x = 1`, `@m(a; k = 2)`)
_NOT_EXPRESSIONS = frozenset({"ASSIGNMENT_EXPR", "KEYWORD_ARG", "PARAMETERS"})


def _call_args(it, arglist: Node | None, env, frame, depth):
    """Evaluate call arguments: (positional types, splat flags, keyword types, env)."""
    pos, splat, kws = [], [], {}
    if arglist is None:
        return pos, splat, kws, env
    for c in arglist.children:
        if c.kind == "ARG" and c.children:
            a = c.children[0]
            if a.kind == "SPLAT_EXPR" and a.children:
                t, env = it.expr(a.children[0], env, frame, depth)
                pos.append(t)
                splat.append(True)
            elif a.kind == "INTERPOLATION" and frame.holes is not None and isinstance(frame.holes.get(a.start), list):
                spliced = frame.holes[a.start]   # a template macro's `$(xs...)`: its arguments' types
                pos.extend(spliced)
                splat.extend([False] * len(spliced))
            else:
                t, env = it.expr(a, env, frame, depth)
                pos.append(t)
                splat.append(False)
        elif c.kind == "KEYWORD_ARG":
            kids = c.children
            if len(kids) >= 3:
                t, env = it.expr(kids[-1], env, frame, depth)
                if kids[0].kind == "NAME":
                    kws[it.text(kids[0])] = t
                    it.put(frame, kids[0], t)
        elif c.kind == "PARAMETERS":
            for k in c.children:
                if k.kind == "KEYWORD_ARG" and len(k.children) >= 3:
                    t, env = it.expr(k.children[-1], env, frame, depth)
                    if k.children[0].kind == "NAME":
                        kws[it.text(k.children[0])] = t
                        it.put(frame, k.children[0], t)
                elif k.kind == "ARG" and k.children:
                    t, env = it.expr(k.children[0], env, frame, depth)
                    if k.children[0].kind == "NAME":
                        kws[it.text(k.children[0])] = t
        elif c.kind in ("GENERATOR",):
            t, env = it.expr(c, env, frame, depth)
            pos.append(t)
            splat.append(False)
        elif c.kind not in TRIVIAL:
            t, env = it.expr(c, env, frame, depth)
            pos.append(t)
            splat.append(False)
    return pos, splat, kws, env


def _splatted(pos: list, splat: list) -> list | None:
    """The positional argument types of a call with `xs...` arguments, where each splatted value is a
    tuple of known length and element types (`f(a, t...)` with `t::Tuple{Int, Float64}` is
    `f(a, ::Int, ::Float64)`); None where one is not."""
    out = []
    for t, s in zip(pos, splat, strict=True):
        if not s:
            out.append(t)
        else:
            elements = splatted_elements(t)
            if elements is None:
                return None
            out.extend(elements)
    return out


def _run_time_args(it, args: list) -> list:
    """The argument types of a call as `@inferred` infers it: at the run-time types of its argument
    values, each a concrete subtype of the type known here. An argument of a known abstract type
    (`g::SimpleGraph` of a loop over graphs of several element types) is that unknown concrete
    subtype (an argument type, as a method's arguments are: `nv(g)` is then the concrete `T` of
    `g::SimpleGraph{T}`)."""
    out = []
    for i, t in enumerate(args):
        if isinstance(t, DataT) and is_known(t) and it.reg.is_concrete(t) is False and t.name != "Tuple":
            out.append(_opened(it, t, i) or arg_type(f"{RUN_TIME_ARG}{i}", t))
        else:
            out.append(t)
    return out


def _opened(it, t: DataT, i: int) -> DataT | None:
    """A run-time value of `t`, a struct type some of whose parameters are not known here
    (`g::GenericGraph` of a loop over graphs of several element types): its concrete type, each
    unknown parameter fixed per call, as a method's `where` variable is (`GenericGraph{T}`, T within
    the bound the declaration puts on it). None where `t` is abstract or no parameter is unknown."""
    decl = it.reg.decl(t.name)
    if decl is None or decl.is_abstract or not any(is_wildcard(p) for p in t.params):
        return None
    params = tuple(arg_type(f"{RUN_TIME_ARG}{i}.{j}", p.ub if p.ub is not ANY else it.reg.parameter_bound(t.name, j))
                   if is_wildcard(p) else p for j, p in enumerate(t.params))
    opened = DataT(t.name, params)
    return opened if it.reg.is_concrete(opened) is True else None


def _call_constants(it, arglist: Node | None, frame) -> tuple:
    """The arguments a call writes as constants, `true`/`false` or `:name`, or passes on from a
    parameter the caller's own call made one (`copycols=copycols`, as Julia's constant propagation
    carries it on): ((position or keyword name, value), ...), positions counted up to the first splat."""
    if arglist is None:
        return ()
    out = []
    i = 0
    for c in arglist.children:
        if c.kind == "ARG" and c.children:
            a = c.children[0]
            if a.kind == "SPLAT_EXPR":
                i = None
            if i is not None:
                value = _constant_argument(it, a, frame)
                if value is not None:
                    out.append((i, value))
                i += 1
        elif c.kind in ("KEYWORD_ARG", "PARAMETERS"):
            for k in ([c] if c.kind == "KEYWORD_ARG" else c.children):
                if k.kind == "KEYWORD_ARG" and len(k.children) >= 3 and k.children[0].kind == "NAME":
                    value = _constant_argument(it, k.children[-1], frame)
                    if value is not None:
                        out.append((it.text(k.children[0]), value))
                elif k.kind == "ARG" and len(k.children) == 1 and k.children[0].kind == "NAME" and \
                        c.kind == "PARAMETERS":
                    value = _constant_argument(it, k.children[0], frame)   # `f(x; copycols)`
                    if value is not None:
                        out.append((it.text(k.children[0]), value))
        elif c.kind == "GENERATOR" and i is not None:
            i += 1
    return tuple(out)


def _ntuple_of_constant_length(it, arglist: Node, f: JType, env: dict, frame) -> JType | None:
    """`ntuple(f, n)` of an `n` Julia knows as a constant (a literal, a static parameter's value,
    `ndims(A)` of an array whose dimensions its type fixes, `length(t)` of a tuple of fixed
    length): an `NTuple{n}` of what `f(::Int)` gives, as constant propagation infers it. None where
    `n` is no such constant (the call is resolved as any other)."""
    n = constant_integer(it, args_of(arglist)[1], env, frame)
    if n is None or not 0 <= n <= MAX_CONSTANT_NTUPLE:
        return None
    r = it.call_value(f, [INT64], frame)
    if not isinstance(r, JType) or not is_known(r):
        return None
    return DataT("Tuple", (r,) * n)


def _constant_argument(it, node: Node, frame):
    """A literal constant, or a constant parameter of the caller's frame (never assigned)."""
    if node.kind == "NAME":
        return frame.constants.get(it.text(node))
    return literal_constant(node, it.text)


def _run_time_stability(it, callee, args, pos, kws, env, frame, depth, consts) -> int | None:
    """`@inferred f(x)` of an `x::Union{A, B}` (a loop over values of several types): Julia infers
    the call at each run-time type, so it is stable where `f(::A)` and `f(::B)` each infer a concrete
    type (the union of the results is not what `@inferred` sees). None where no argument splits."""
    split = it.split_arguments(args)
    if split is None:
        return None
    saved = frame.record
    frame.record = False   # the calls per member are not labelled
    try:
        for each in split:
            each = _run_time_args(it, each)   # each member at its run-time type
            r, _, _ = it.resolve_call(callee, each, pos, kws, dict(env), frame, depth, consts)
            if r is UNKNOWN or not isinstance(r, JType) or it.reg.is_concrete(r) is not True:
                return None
    finally:
        frame.record = saved
    return S_STABLE


def _getfield_name(it, callee: Node, arglist: Node | None, env, frame) -> str | None:
    """The field name of a call `getfield(x, :name)` (or `Core.getfield`) of the builtin, else None;
    the name may be a parameter the call gave a constant symbol (`getfield(x, f)`)."""
    text = it.text(callee)
    if text not in ("getfield", "Core.getfield") or (text == "getfield" and (
            "getfield" in env or "getfield" in it.defs.methods)) or arglist is None:
        return None
    args = [c for c in arglist.children if c.kind not in TRIVIAL]
    if len(args) != 2 or args[1].kind != "ARG" or not args[1].children:
        return None
    sym = args[1].children[0]
    if sym.kind == "NAME":
        value = frame.constants.get(it.text(sym))
        return value.name if isinstance(value, SymbolValue) else None
    if sym.kind != "QUOTE_SYM" or not sym.children or sym.children[-1].kind != "NAME":
        return None
    return it.text(sym.children[-1])


@handler("CALL_EXPR")
def h_call(it, node, env, frame, depth, extra_first: JType | None = None):
    kids = node.children
    if not kids:
        return UNKNOWN, env
    callee = kids[0]
    arglist = None
    rest = []
    for c in kids[1:]:
        if c.kind == "ARG_LIST":
            arglist = c
        else:
            rest.append(c)
    pos, splat, kws, env = _call_args(it, arglist, env, frame, depth)
    for r in rest:  # a generator argument written without parentheses: sum(x for x in xs)
        t, env = it.expr(r, env, frame, depth)
        pos.append(t)
        splat.append(False)
    reachable(env)  # resolving the call reads the environment
    if extra_first is not None:
        pos.insert(0, extra_first)
        splat.insert(0, False)
    args = _splatted(pos, splat) if any(splat) else pos
    fname = _getfield_name(it, callee, arglist, env, frame) if len(pos) == 2 and not any(splat) and not kws \
        else None
    if fname is not None:
        # the builtin `getfield(x, :name)` reads the field itself, whatever `getproperty` methods
        # the package adds to x's type
        t = it.field_type_of(pos[0], fname)
        it.put(frame, callee, t)
        return t, env
    if len(pos) == 2 and not any(splat) and not kws and extra_first is None and callee.kind == "NAME" and \
            it.text(callee) == "ntuple" and unshadowed_base_function(it, "ntuple"):
        t = _ntuple_of_constant_length(it, arglist, pos[0], env, frame)
        if t is not None:
            it.put(frame, callee, t)
            return t, env
    consts = _call_constants(it, arglist, frame) if extra_first is None else ()
    stab = None
    if node is frame.run_time_call and args is not None:
        args = _run_time_args(it, args)
        stab = _run_time_stability(it, callee, args, pos, kws, env, frame, depth, consts)
    t, label_node, env = it.resolve_call(callee, args, pos, kws, env, frame, depth, consts)
    if label_node is not None:
        it.put(frame, label_node, t, 0, stab)
    if t is BOTTOM:
        return BOTTOM, None
    return t, env


@handler("DOT_CALL_EXPR")
def h_dot_call(it, node, env, frame, depth):
    kids = node.children
    callee = kids[0]
    arglist = node.child("ARG_LIST")
    pos, splat, kws, env = _call_args(it, arglist, env, frame, depth)
    f, env = it.expr(callee, env, frame, depth)
    label = callee if callee.kind == "NAME" else (callee.children[-1] if callee.children else callee)
    tup = None if any(splat) or f is UNKNOWN else it.tuple_broadcast(pos, lambda xs: it.call_value(f, xs, frame))
    if tup is not None:
        t = tup
    elif any(splat) or f is UNKNOWN:
        t = UNKNOWN
    elif (own := it.package_broadcast(f, pos)) is not None:
        t = own
    else:
        elts = builtins.broadcast_elements(pos, it.reg)
        nd = builtins.broadcast_shape(pos, it.reg, it.takes_default_broadcast)
        r = it.call_value(f, elts, frame) if all(e is not UNKNOWN for e in elts) else UNKNOWN
        t = builtins.broadcast_result(r, nd, it.reg)
    it.put(frame, label, t)
    return t, env


@handler("MACRO_CALL")
def h_macro(it, node, env, frame, depth):
    name_node = node.child("MACRO_NAME")
    short = macro_short_name(it.text(name_node)) if name_node is not None else ""
    args = [c for c in node.children if c.kind not in ("MACRO_NAME",) and c.kind not in TRIVIAL]
    if len(args) == 1 and args[0].kind == "ARG_LIST":
        args = args_of(args[0])
    for a in args:
        it.flag_range(frame, a, F_IN_MACRO)
    if short == "enum" and frame.toplevel:
        label_enum(it, args, frame)
        return NOTHING, env
    if short in ("doc", "eval", "generated_quote") and frame.toplevel:
        return NOTHING, env
    if short == "ccall" and len(args) == 1 and args[0].kind == "TYPE_ANNOTATION" and len(args[0].children) >= 3:
        # `@ccall lib.f(x::Cint)::Ret`, as `ccall` does
        return builtins.foreign_result(it.label_type_expr(args[0].children[-1], frame)), env
    known = short in MACRO_RESULTS or short in TYPE_PRESERVING_MACROS or short in NOTHING_MACROS or short in (
        "__dot__", ".", "show", "eval", "view", "views")
    # a macro of the package whose body is a template (templates.py): the call is its expansion
    template = templates.find(it, short, len(args)) if not known and all(
        a.kind not in _NOT_EXPRESSIONS for a in args) else None
    if not known and template is None and env is not None:
        env = macro_defined(it, args, env, frame)
    if short == "eval":
        return UNKNOWN, env
    dotted = short in ("__dot__", ".")  # @. turns every operator and call into a broadcast
    saved = frame.dotted
    frame.dotted = frame.dotted or dotted
    saved_views = frame.views
    if short == "views":
        frame.views = True      # every indexing inside with a range, vector or colon is a view
    elif short == "view" and len(args) == 1 and args[0].kind == "INDEX_EXPR":
        frame.views = args[0]   # `@view A[i, j]` is `view(A, i, j)`
    last = NOTHING
    saved_call = frame.run_time_call
    if short == "inferred" and len(args) == 1 and args[0].kind == "CALL_EXPR":
        frame.run_time_call = args[0]   # `@inferred f(x)` infers the call at its arguments' run-time types
    before = dict(env) if short in CATCHING_MACROS and env is not None else None
    arg_types = []
    try:
        for a in args:
            last, env = it.expr(a, env, frame, depth)
            arg_types.append(last)
    finally:
        frame.dotted = saved
        frame.views = saved_views
        frame.run_time_call = saved_call
    if env is None and before is not None:
        env = before   # `@test_throws E f()`: what `f()` throws is caught, and the code after runs
    if short in MACRO_RESULTS:
        return MACRO_RESULTS[short], env
    if template is not None and env is not None:
        return templates.expand(template[0], template[1], arg_types, depth), env
    if dotted or short in TYPE_PRESERVING_MACROS or short in ("show", "views") or (
            short == "view" and len(args) == 1 and args[0].kind == "INDEX_EXPR"):
        return last, env
    if short in NOTHING_MACROS:
        return NOTHING, env
    return UNKNOWN, env  # an unknown macro may rewrite its arguments: the result is not known


def label_enum(it, args: list, frame) -> None:
    """`@enum E[::Base] a b=2 ...` (or its block form): E names a type, each value is of type E."""
    if not args:
        return
    head = args[0]
    name_node = head.children[0] if head.kind == "TYPE_ANNOTATION" and head.children else head
    if name_node.kind != "NAME":
        return
    ename = it.text(name_node)
    if it.reg.decl(ename) is None:
        return
    etype = it.reg.apply(ename, [])
    it.put(frame, name_node, etype, F_DEFINITION | F_TYPE_POSITION, S_NA)
    if head is not name_node and len(head.children) >= 2:
        it.label_type_expr(head.children[-1], frame)
    for vn in enum_value_names(args[1:]):
        if it.defs.enums.get(it.text(vn)) == ename:
            it.put(frame, vn, etype, F_DEFINITION)


def _defined_by_macro(it, a: Node) -> list:
    """Names a macro argument looks like it defines: `x = ...`, `x::T`, `x[i = 1:n]` (a container
    named x), `y(t)` (Symbolics' function of t), or a bare name `x` (`@variables x y`)."""
    if a.kind == "ASSIGNMENT_EXPR" and a.children:
        a = a.children[0]
        if a.kind in ("BARE_TUPLE_EXPR", "TUPLE_EXPR", "PAREN_EXPR"):
            return [n for c in args_of(a) for n in _defined_by_macro(it, c)]
    if a.kind == "TYPE_ANNOTATION" and a.children:
        a = a.children[0]
    if a.kind in ("INDEX_EXPR", "CALL_EXPR") and a.children:
        a = a.children[0]  # `x[1:3]`, or `y(t)` (a symbolic function of t)
    return [a] if a.kind == "NAME" else []


def _keeps_meaning(it, name: str, arg: Node, frame) -> bool:
    """Whether `name`, named by an unknown macro's argument `arg`, keeps the meaning it has without
    the macro: a type, module or method of this file always; as a bare name or a call's head (`@m x`,
    `@m f(x)`: likely a use, not a definition), also a constant or global of this file, a name it
    imports, a variable of an enclosing function, Base's or a visible stdlib function, and (bare) a
    function of the package."""
    if it.reg.is_type_name(name) or name in it.defs.methods or name in it.defs.modules:
        return True
    if arg.kind not in ("NAME", "CALL_EXPR"):
        return False
    return (name in it.defs.consts or name in it.defs.globals or name in it.visible_names
            or name in it.defs.imported or it.lookup_outer(name, frame) is not None
            or known_function(name, it.stdlib_scope)
            or (arg.kind == "NAME" and it.package is not None and name in it.package.functions))


def macro_defined(it, args: list, env, frame):
    """A macro the analyzer does not know may define the names its arguments name (JuMP's
    `@variable(model, x[1:3])`, `@variables x y(t)`): each is bound, of unknown type, before the
    arguments are read, so that no unrelated rule (a constant or function elsewhere in the package, a
    stdlib function of that name) types it. Variables already bound, and names that keep their
    meaning (`_keeps_meaning`), are left alone."""
    out = None
    for a in args:
        for n in _defined_by_macro(it, a):
            name = it.text(n)
            if name in env or _keeps_meaning(it, name, a, frame):
                continue
            if out is None:
                out = dict(env)
            out[name] = UNKNOWN
    return env if out is None else out
