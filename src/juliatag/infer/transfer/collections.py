"""Transfer functions for collections: ranges, vectors, matrices, comprehensions, tuples and
named tuples, parenthesised blocks, splats and keyword arguments.
"""

from __future__ import annotations

from ...schema import F_ABSTRACT_FIELD, F_DEFINITION
from ...syntax.tree import Node
from ...types.registry import make_tuple
from ...types.jtypes import (ANY, BOOL, BOTTOM, CHAR, COLON, FLOAT64, INT64, NOTHING, UNKNOWN, DataT, FuncT, JType, TypeT,
                             SymbolValue, VarT, dt, is_concrete_var, matrix, vector)
from ..base import arith, builtins
from ..typeconv import args_of
from ..tokens import TRIVIAL
from ..state import Unreachable
from .common import registrar, splatted_elements, statements, walk_all
from ..narrowing import narrow
from .bindings import iteration

HANDLERS: dict = {}
handler = registrar(HANDLERS)


@handler("RANGE_EXPR")
def h_range(it, node, env, frame, depth):
    parts = [c for c in node.children if c.kind != "COLON"]
    return range_expr(it, node, parts, env, frame, depth)


def range_expr(it, node, parts, env, frame, depth):
    types = []
    for p in parts:
        t, env = it.expr(p, env, frame, depth)
        types.append(t)
    t = UNKNOWN
    if all(arith.is_integer(x) for x in types):
        p = types[0]
        for x in types[1:]:
            p = arith.promote_type(p, x) or p
        if p == BOOL:
            p = INT64
        t = DataT("UnitRange", (p,)) if len(types) == 2 else DataT("StepRange", (p, p))
    elif all(arith.is_real(x) for x in types):
        p = types[0]
        for x in types[1:]:
            p = arith.promote_type(p, x) or p
        f = arith.float_type(p) or FLOAT64
        if f in (FLOAT64, dt("Float32"), dt("Float16")):
            tw = DataT("Base.TwicePrecision", (f,))
            t = DataT("StepRangeLen", (f, tw, tw, INT64))
        else:
            t = DataT("StepRangeLen", (f, f, f, INT64))
    elif types and all(x == CHAR for x in types):
        t = DataT("StepRange", (CHAR, INT64))
    elif any(is_concrete_var(x) for x in types) and all(
            arith.is_integer(x) or (isinstance(x, VarT) and it.reg.issub(x.ub, dt("Integer"))) for x in types):
        t = UNKNOWN
    for c in node.children:
        if c.kind == "COLON":
            it.put(frame, c, t)
    return t, env


@handler("VECT_EXPR")
def h_vect(it, node, env, frame, depth):
    elts = []
    splat = False
    for a in args_of(node):
        if a.kind == "SPLAT_EXPR" and a.children:
            t, env = it.expr(a.children[0], env, frame, depth)
            elts.append(builtins.eltype_of(t, it.reg))
            splat = True
            continue
        t, env = it.expr(a, env, frame, depth)
        elts.append(t)
    if not elts:
        t = vector(ANY)
    else:
        e = it.promoted_elements(elts)
        t = vector(e) if e is not UNKNOWN and not is_concrete_var(e) else UNKNOWN
        if splat and e is UNKNOWN:
            t = UNKNOWN
    it.put(frame, node, t)
    if t is not UNKNOWN and t.params and t.params[0] is ANY:
        it.flag(frame, node, F_ABSTRACT_FIELD)
    return t, env


TYPED_CONCATENATIONS = ("typed_hvcat", "typed_vcat", "typed_hcat", "typed_hvncat")


def _own_typed_concatenation(it, typed: JType) -> bool:
    """Whether `T[a b; c d]` may reach a package's method of what Julia lowers it to
    (`Base.typed_hvcat(::Type{SA}, ...)`: StaticArrays' `SA[1 2; 3 4]` is an SMatrix)."""
    if it.package is None or typed is UNKNOWN:
        return False
    for name in TYPED_CONCATENATIONS:
        for item in it.methods_of(name)[0]:
            owner, meth = item if isinstance(item, tuple) else (it, item)
            pats = owner.method_param_types(meth, [])[0]
            if pats and it.reg.may_intersect(TypeT(typed), pats[0][0]):
                return True
    return False


@handler("MATRIX_EXPR", "TYPED_MATRIX_EXPR")
def h_matrix(it, node, env, frame, depth):
    kids = node.children
    typed = None
    if node.kind == "TYPED_MATRIX_EXPR" and kids:
        typed = it.conv.convert(kids[0], frame.typevars)
        it.label_type_expr(kids[0], frame)
        kids = kids[1:]
    shape = node   # the rows and `;`s: `T[a b; c d]` holds them in a MATRIX_EXPR after T
    if len(kids) == 1 and kids[0].kind == "MATRIX_EXPR":
        shape = kids[0]
        kids = shape.children
    rows = [c for c in kids if c.kind == "MATRIX_ROW"]
    if not rows and not any(c.kind == "SEMICOLON" for c in kids):
        rows = [shape]  # `[a b c]`: one row, horizontal concatenation
    elems = []
    ncols = 1
    arrays = False
    for r in (rows if rows else [shape]):
        items = args_of(r) if r is not shape else [c.children[0] for c in kids if c.kind == "ARG" and c.children]
        if r is shape and rows:
            ncols = max(ncols, len(items))
        ncols = max(ncols, len(items))
        for a in items:
            t, env = it.expr(a, env, frame, depth)
            ap = builtins.array_params(t, it.reg)
            if ap is not None:
                arrays = True
                elems.append(ap[0])
            else:
                elems.append(t)
    e = typed if typed is not None and typed is not UNKNOWN else \
        it.promoted_elements(elems)
    if typed is not None and _own_typed_concatenation(it, typed):
        e = UNKNOWN
    run = _semicolon_run(shape)
    if e is UNKNOWN:
        t = UNKNOWN
    elif run >= 2:
        # `[a ;; b]` concatenates along dimension 2, `;;;` along 3: an Array of that many
        # dimensions (a row of several items, `[1 2 ;;; 3 4]`, has at least 2)
        spaced = any(len([c for c in r.children if c.kind == "ARG"]) > 1 and not any(
            c.kind == "SEMICOLON" for c in r.children) for r in rows)
        t = UNKNOWN if arrays else DataT("Array", (e, max(run, 2 if spaced else 1)))
    elif rows and (ncols > 1 or len(rows) > 1) and not (arrays and ncols == 1):
        t = matrix(e)
    elif rows and ncols > 1:
        t = matrix(e)
    else:
        t = vector(e) if not (arrays and rows and ncols > 1) else matrix(e)
    it.put(frame, node, t)
    return t, env


def _semicolon_run(node: Node) -> int:
    """The longest run of adjacent `;` in an array literal (in it or its rows): 2 for `[a ;; b]`."""
    best = 0
    for part in (node, *[c for c in node.children if c.kind == "MATRIX_ROW"]):
        run, end = 0, -1
        for c in part.children:
            if c.kind == "SEMICOLON":
                run = run + 1 if c.start == end else 1
                end = c.end
                best = max(best, run)
            elif c.kind not in TRIVIAL:
                run, end = 0, -1
    return best


@handler("BRACESCAT_EXPR", "BRACES")
def h_braces(it, node, env, frame, depth):
    return walk_all(it, node, env, frame, depth)


def comprehension_parts(node: Node):
    body = None
    bindings = []
    conds = []
    for c in node.children:
        if c.kind in TRIVIAL:
            continue
        if c.kind == "FOR_BINDING":
            bindings.append(c)
        elif c.kind == "COMPREHENSION_IF":
            conds.append(c)
        elif c.kind == "GENERATOR":
            return comprehension_parts(c)
        elif body is None:
            body = c
    return body, bindings, conds


@handler("COMPREHENSION", "TYPED_COMPREHENSION", "GENERATOR")
def h_comprehension(it, node, env, frame, depth):
    typed = None
    kids = node.children
    if node.kind == "TYPED_COMPREHENSION" and kids:
        typed = it.label_type_expr(kids[0], frame)
        inner = node.child("GENERATOR") or node
    else:
        inner = node
    body, bindings, conds = comprehension_parts(inner)
    scope = dict(env)
    iterated: list = []
    try:  # they run inside the generator: code after the comprehension stays reachable
        for b in bindings:
            scope = iteration(it, b, scope, frame, depth, iterated)
        for c in conds:
            for cc in c.children:
                if cc.kind != "IF_KW":
                    _, scope = it.expr(cc, scope, frame, depth)
                    scope, _ = narrow(it, cc, scope, frame)
    except Unreachable:
        return UNKNOWN, env
    et, _ = it.expr(body, scope, frame, depth) if body is not None else (UNKNOWN, scope)
    elt = typed if typed is not None and typed is not UNKNOWN else et
    if typed is None and not (inner.kind == "GENERATOR" and node.kind == "GENERATOR"):
        elt = builtins.collected_eltype(elt, it.reg)
    ndim = 1
    if len(bindings) == 1:
        b = bindings[0]
        n_iters = sum(1 for c in b.children if c.kind in ("IDENT", "EQ") or (
            c.kind == "UNICODE_OP" and it.text(c) == "∈"))
        if n_iters > 1 and not conds:
            ndim = n_iters
        elif len(iterated) == 1 and not conds and iterated[0] is not UNKNOWN and not (
                isinstance(iterated[0], VarT) and iterated[0].ub is ANY):
            # `[f(x) for x in A]` has A's shape (`Iterators.product(a, b)`'s is two-dimensional);
            # None: a collection whose shape is not known here
            ndim = it.iteration_dims(iterated[0])
    if inner.kind == "GENERATOR" and node.kind == "GENERATOR":
        # Generator{I, F}: I the iterated collection's type, where it is one without a filter
        # (with a filter, `Iterators.Filter{F, I}`: one dimension, whatever I's shape)
        source = iterated[0] if len(bindings) == 1 and len(iterated) == 1 and isinstance(iterated[0], JType) \
            and iterated[0] is not UNKNOWN else UNKNOWN
        if conds and source is not UNKNOWN:
            source = DataT("Base.Iterators.Filter", (FuncT(f"#filter@{node.start}", True), source))
        t = DataT("Base.Generator", (source, FuncT(f"#gen@{node.start}", True, elt if elt is not BOTTOM else UNKNOWN)))
        return t, env
    if elt is UNKNOWN or ndim is None:
        t = UNKNOWN
    else:   # (an element type concrete per call too: a comprehension is never a BitArray)
        t = DataT("Array", (elt, ndim))
    it.put(frame, node, t)
    return t, env


@handler("TUPLE_EXPR", "BARE_TUPLE_EXPR")
def h_tuple(it, node, env, frame, depth):
    items = [c for c in node.children if c.kind not in TRIVIAL]
    kw_items = []
    plain = []
    for c in items:
        if c.kind == "ARG" and c.children:
            plain.append(c.children[0])
        elif c.kind == "KEYWORD_ARG":
            kw_items.append(c)
        elif c.kind == "PARAMETERS":
            kw_items.extend(k for k in c.children if k.kind in ("KEYWORD_ARG", "ARG"))
        else:
            plain.append(c)
    if kw_items and not plain:
        names, types = [], []
        for k in kw_items:
            if k.kind == "KEYWORD_ARG" and len(k.children) >= 3 and k.children[0].kind == "NAME":
                t, env = it.expr(k.children[-1], env, frame, depth)
                it.put(frame, k.children[0], t, F_DEFINITION)
                names.append(SymbolValue(it.text(k.children[0])))
                types.append(t)
            elif k.kind == "ARG" and k.children and k.children[0].kind == "NAME":
                t, env = it.expr(k.children[0], env, frame, depth)
                names.append(SymbolValue(it.text(k.children[0])))
                types.append(t)
            else:
                return walk_all(it, node, env, frame, depth)
        if any(t is UNKNOWN or is_concrete_var(t) for t in types):
            return UNKNOWN, env
        t = DataT("NamedTuple", (tuple(names), make_tuple(types)))
        it.put(frame, node, t)
        return t, env
    types = []
    for c in plain:
        if c.kind == "SPLAT_EXPR":
            # `(t1, t2...)`: a tuple of known length splatted gives its elements
            t, env = it.expr(c.children[0], env, frame, depth) if c.children else (UNKNOWN, env)
            elements = splatted_elements(t)
            types.extend(elements if elements is not None else [None])
            continue
        t, env = it.expr(c, env, frame, depth)
        types.append(t)
    if any(t is None or t is UNKNOWN for t in types):
        t = UNKNOWN
    else:
        t = make_tuple(types)
    it.put(frame, node, t)
    return t, env


@handler("PAREN_EXPR")
def h_paren(it, node, env, frame, depth):
    inner = [c for c in node.children if c.kind not in TRIVIAL]
    if len(inner) == 1 and inner[0].kind == "COLON":   # `(:)`, the singleton of Base's `Colon` type
        it.put(frame, inner[0], COLON)
        return COLON, env
    if len(inner) == 1:
        return it.expr(inner[0], env, frame, depth)
    return h_block_like(it, node, env, frame, depth)


@handler("BLOCK", "BEGIN_EXPR", "TOPLEVEL_SEMICOLON")
def h_block_like(it, node, env, frame, depth):
    return statements(it, node, env, frame, depth)


def _paren_block_items(node):
    """The statements of `(a = f(x); (a, a))`, which the parser reads as a keyword argument followed
    by parameters (`;`-separated ARGs and KEYWORD_ARGs)."""
    for c in node.children:
        if c.kind in TRIVIAL or c.kind in ("LPAREN", "RPAREN", "SEMICOLON", "COMMA"):
            continue
        if c.kind == "PARAMETERS":
            yield from _paren_block_items(c)
        elif c.kind == "ARG":
            if c.children:
                yield c.children[0]
        else:
            yield c


@handler("PAREN_BLOCK")
def h_paren_block(it, node, env, frame, depth):
    result = NOTHING
    for c in _paren_block_items(node):
        if c.kind == "KEYWORD_ARG" and len(c.children) >= 3 and c.children[0].kind == "NAME":
            # `a = f(x)` as a statement of the block: an assignment
            result, env = it.expr(c.children[-1], env, frame, depth)
            env = it.assign_target(c.children[0], result, env, frame, depth)
        else:
            result, env = it.expr(c, env, frame, depth)
    return result, env


@handler("SPLAT_EXPR")
def h_splat(it, node, env, frame, depth):
    if node.children:
        _, env = it.expr(node.children[0], env, frame, depth)
    return UNKNOWN, env


@handler("KEYWORD_ARG")
def h_kwarg(it, node, env, frame, depth):
    if len(node.children) >= 3:
        t, env = it.expr(node.children[-1], env, frame, depth)
        if node.children[0].kind == "NAME":
            it.put(frame, node.children[0], t)
        return t, env
    return UNKNOWN, env
