"""Expression handlers of the abstract interpreter, one per syntax-node kind.

Each handler is `h(interp, node, env, frame, depth) -> (type, env_after)`; env_after is None
when control cannot continue past the node (return, break, throw).
"""

from __future__ import annotations

from ..schema import F_ABSTRACT_FIELD, F_DEFINITION, F_DOCSTRING, F_IN_MACRO, F_QUOTED, F_TYPE_POSITION
from ..syntax.tree import Node
from ..types.hierarchy import WILD, make_tuple
from ..types.jtypes import (ANY, BOOL, BOTTOM, CHAR, EXPR, FLOAT64, INT64, MISSING, NOTHING, STRING, SYMBOL,
                            UNKNOWN, DataT, FuncT, JType, SymbolValue, TypeT, UnionT, VarT, dt, make_union, matrix,
                            vector)
from . import arith, builtins
from .definitions import _assigned_names, _signature_core, parse_signature
from .interpreter import _OPS, _COMPOUND, _NOTHING_MACROS, _TRIVIAL, _TYPE_PRESERVING_MACROS, BOX, Binding, Frame
from .names import MODULE_NAMES
from .typeconv import args_of, dotted_name

HANDLERS: dict = {}


def handler(*kinds):
    def deco(fn):
        for k in kinds:
            HANDLERS[k] = fn
        return fn
    return deco


def _op_text(it, node: Node) -> str:
    return _OPS.get(node.kind) or it.text(node)


# ============================================================================ atoms

@handler("LITERAL")
def h_literal(it, node, env, frame, depth):
    return it.literal(node, frame), env


@handler("NAME")
def h_name(it, node, env, frame, depth):
    return it.name_value(node, env, frame), env


@handler("IDENT")
def h_ident(it, node, env, frame, depth):  # `$x` in strings
    return it.name_value(node, env, frame), env


@handler("NONSTANDARD_IDENTIFIER")
def h_var_ident(it, node, env, frame, depth):
    return UNKNOWN, env


@handler("STRING_LITERAL")
def h_string(it, node, env, frame, depth):
    prefix = node.child("STRING_PREFIX")
    t = STRING
    if prefix is not None:
        p = it.text(prefix)
        t = {"r": dt("Regex"), "raw": STRING, "s": DataT("SubstitutionString", (STRING,)), "v": dt("VersionNumber"),
             "b": DataT("Base.CodeUnits", (dt("UInt8"), STRING)), "big": dt("BigInt"),
             "L": UNKNOWN, "html": dt("HTML"), "text": dt("Text"), "int128": dt("Int128"),
             "uint128": dt("UInt128"), "lazy": dt("LazyString"), "MIME": UNKNOWN}.get(p, UNKNOWN)
        it.put(frame, prefix, t)
    for c in node.children:
        if c.kind == "INTERPOLATION" and env is not None:
            for cc in c.children:
                if cc.kind != "DOLLAR" and env is not None:
                    _, env = it.expr(cc, env, frame, depth)
        elif c.kind == "STRING_DELIM_OPEN":
            it.put(frame, c, t)
        elif c.kind == "STRING_CONTENT" and prefix is None:
            it.put(frame, c, t)
    return t, env


@handler("CMD_LITERAL")
def h_cmd(it, node, env, frame, depth):
    for c in node.children:
        if c.kind == "INTERPOLATION" and env is not None:
            for cc in c.children:
                if cc.kind != "DOLLAR":
                    _, env = it.expr(cc, env, frame, depth)
        elif c.kind == "CMD_DELIM_OPEN":
            it.put(frame, c, dt("Cmd"))
    return dt("Cmd"), env


@handler("QUOTE_SYM")
def h_quote_sym(it, node, env, frame, depth):
    kids = [c for c in node.children if c.kind != "COLON"]
    if len(kids) == 1 and kids[0].kind == "PAREN_EXPR":
        inner = [c for c in kids[0].children if c.kind not in _TRIVIAL]
        if len(inner) == 1 and inner[0].kind == "LITERAL":
            t = it.literal(inner[0], frame)
            return t, env
        t = SYMBOL if len(inner) == 1 and inner[0].kind in ("NAME", "OPERATOR_ATOM") else EXPR
        _flag_quoted(it, kids[0], frame)
        it.put(frame, node, t)
        return t, env
    it.put(frame, node, SYMBOL)
    for k in kids:
        it.put(frame, k, SYMBOL)
    return SYMBOL, env


def _flag_quoted(it, node, frame):
    it.flag_range(frame, node, F_QUOTED)


@handler("QUOTE_EXPR")
def h_quote_expr(it, node, env, frame, depth):
    _flag_quoted(it, node, frame)
    return EXPR, env


@handler("OPERATOR_ATOM")
def h_operator_atom(it, node, env, frame, depth):
    name = it.text(node).strip("()")
    t = FuncT(name)
    it.put(frame, node, t)
    return t, env


@handler("END_MARKER", "BEGIN_MARKER")
def h_end_marker(it, node, env, frame, depth):
    return INT64, env


@handler("INTERPOLATION")
def h_interp(it, node, env, frame, depth):
    for c in node.children:
        if c.kind != "DOLLAR" and env is not None:
            _, env = it.expr(c, env, frame, depth)
    return UNKNOWN, env


# ============================================================================ operators

@handler("BINARY_EXPR")
def h_binary(it, node, env, frame, depth):
    kids = node.children
    if len(kids) > 3 and len(kids) % 2 == 1:
        return nary(it, node, env, frame, depth)
    if len(kids) != 3:
        return _walk_all(it, node, env, frame, depth)
    left, opn, right = kids
    ok = opn.kind
    if ok == "DOT":
        return field_access(it, node, left, right, env, frame, depth)
    if ok == "AND_AND" or ok == "OR_OR":
        return short_circuit(it, node, left, right, ok == "AND_AND", env, frame, depth)
    if ok == "IDENT" and it.text(opn) == "isa":
        lt, env = it.expr(left, env, frame, depth)
        it.label_type_expr(right, frame)
        it.put(frame, opn, BOOL)
        return BOOL, env
    if ok == "SUBTYPE" or ok == "SUPERTYPE":
        lt, env = it.expr(left, env, frame, depth)
        if env is not None:
            rt, env = it.expr(right, env, frame, depth)
        it.put(frame, opn, BOOL)
        return BOOL, env
    if ok == "COLON":
        return range_expr(it, node, [left, right], env, frame, depth)
    if ok == "FAT_ARROW":
        a, env = it.expr(left, env, frame, depth)
        b, env = it.expr(right, env, frame, depth) if env is not None else (UNKNOWN, None)
        t = DataT("Pair", (a, b)) if a is not UNKNOWN and b is not UNKNOWN and not builtins.is_symbolic(a) \
            and not builtins.is_symbolic(b) else UNKNOWN
        it.put(frame, opn, t)
        return t, env
    if ok == "PIPE_GT":
        a, env = it.expr(left, env, frame, depth)
        if env is None:
            return UNKNOWN, None
        f, env = it.expr(right, env, frame, depth)
        t = it.call_value(f, [a], frame) if f is not UNKNOWN else UNKNOWN
        it.put(frame, opn, t)
        return t, env
    a, env = it.expr(left, env, frame, depth)
    if env is None:
        return UNKNOWN, None
    b, env = it.expr(right, env, frame, depth)
    op = _op_text(it, opn)
    if ok.startswith("DOT_") and op.startswith("."):
        t = broadcast_op(it, op[1:], [a, b])
    elif frame.dotted and op in ("+", "-", "*", "/", "^", "÷", "%", "==", "!=", "<", ">", "<=", ">=", "&", "|"):
        t = broadcast_op(it, op, [a, b])
    elif op in ("in", "∈", "∉", "∋", "⊆", "⊇", "⊂", "⊃", "≈", "≉", "≠", "≡", "≢"):
        t = BOOL if op != "≈" or a is not UNKNOWN else BOOL
    elif op == "∘":
        t = DataT("Base.ComposedFunction", (a, b)) if a is not UNKNOWN and b is not UNKNOWN else UNKNOWN
    elif op in ("∪", "∩"):
        r = it.call_named("union" if op == "∪" else "intersect", [a, b], {}, frame)
        t = r
    elif op in ("×", "⋅"):
        t = it.call_named("cross" if op == "×" else "dot", [a, b], {}, frame)
    elif op == "=>":
        t = DataT("Pair", (a, b))
    else:
        t = it.binary_op(op, a, b)
        if t is UNKNOWN and op in it.defs.methods:
            t = it.dispatch(it.defs.methods[op], [a, b], {}) or UNKNOWN
    it.put(frame, opn, t)
    return t, env


def nary(it, node, env, frame, depth):
    """`a + b + c` / `a * b * c`: one call of the operator on all operands (Julia parses it n-ary)."""
    kids = node.children
    ops = kids[1::2]
    t, env = it.expr(kids[0], env, frame, depth)
    for operand in kids[2::2]:
        if env is None:
            return UNKNOWN, None
        b, env = it.expr(operand, env, frame, depth)
        op = _op_text(it, ops[0])
        if op.startswith(".") and len(op) > 1:
            t = broadcast_op(it, op[1:], [t, b])
        elif getattr(frame, "dotted", False):
            t = broadcast_op(it, op, [t, b])
        else:
            t = it.binary_op(op, t, b)
    for o in ops:
        it.put(frame, o, t)
    return t, env


def broadcast_op(it, op: str, args: list[JType]) -> JType:
    tup = _tuple_broadcast(it, args, lambda xs: it.binary_op(op, *xs) if len(xs) == 2 else it.unary_op(op, xs[0]))
    if tup is not None:
        return tup
    elts = builtins.broadcast_elements(args, it.reg)
    nd = builtins.broadcast_shape(args, it.reg)
    if any(e is UNKNOWN for e in elts):
        return UNKNOWN
    if len(elts) == 2:
        r = it.binary_op(op, elts[0], elts[1])
    elif len(elts) == 1:
        r = it.unary_op(op, elts[0])
    else:
        r = UNKNOWN
    if nd is not None and builtins.is_symbolic(r):
        return UNKNOWN
    return builtins.broadcast_result(r, nd)


def _tuple_broadcast(it, args: list[JType], fn) -> JType | None:
    """Broadcasting over tuples (and scalars) gives a tuple: `(1, 2) .+ 1` is `Tuple{Int64, Int64}`."""
    tuples = [a for a in args if isinstance(a, DataT) and a.name == "Tuple"]
    if not tuples or any(builtins.array_params(a, it.reg) is not None for a in args):
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


def short_circuit(it, node, left, right, is_and, env, frame, depth):
    ct, env = it.expr(left, env, frame, depth)
    if env is None:
        return UNKNOWN, None
    env_t, env_f = narrow(it, left, env, frame)
    go = env_t if is_and else env_f
    stay = env_f if is_and else env_t
    bt, go_after = it.expr(right, dict(go), frame, depth)
    if go_after is None:
        t = BOOL if ct == BOOL else ct
    elif bt == BOOL or bt is BOTTOM:
        t = BOOL
    else:
        t = it.join(BOOL, bt) if bt is not UNKNOWN else UNKNOWN
    return t, it.join_envs([stay, go_after])


def narrow(it, cond: Node, env: dict, frame) -> tuple[dict, dict]:
    """Environments where `cond` is true / false, refining local variables' types."""
    t_env, f_env = dict(env), dict(env)
    kind = cond.kind
    kids = cond.children
    if kind == "PAREN_EXPR":
        inner = [c for c in kids if c.kind not in _TRIVIAL]
        if len(inner) == 1:
            return narrow(it, inner[0], env, frame)
    if kind == "UNARY_EXPR" and kids and kids[0].kind == "BANG":
        a, b = narrow(it, kids[-1], env, frame)
        return b, a
    if kind == "BINARY_EXPR" and len(kids) == 3:
        left, op, right = kids
        if op.kind == "AND_AND":
            lt, lf = narrow(it, left, env, frame)
            rt, rf = narrow(it, right, lt, frame)
            return rt, it.join_envs([lf, rf])
        if op.kind == "OR_OR":
            lt, lf = narrow(it, left, env, frame)
            rt, rf = narrow(it, right, lf, frame)
            return it.join_envs([lt, rt]), rf
        if left.kind == "NAME":
            name = it.text(left)
            if name not in env:
                return t_env, f_env
            cur = env[name]
            if op.kind == "IDENT" and it.text(op) == "isa":
                target = it.conv.convert(right, frame.typevars)
                if target is not UNKNOWN:
                    t_env[name] = _intersect(it, cur, target)
                    f_env[name] = _subtract(it, cur, target)
                return t_env, f_env
            if op.kind in ("EQ_EQ_EQ", "EQ_EQ", "NOT_EQ_EQ", "NOT_EQ") and right.kind == "NAME" and \
                    it.text(right) in ("nothing", "missing"):
                single = NOTHING if it.text(right) == "nothing" else MISSING
                yes, no = _intersect(it, cur, single), _subtract(it, cur, single)
                if op.kind in ("NOT_EQ_EQ", "NOT_EQ"):
                    yes, no = no, yes
                t_env[name], f_env[name] = yes, no
                return t_env, f_env
    if kind == "CALL_EXPR" and len(kids) >= 2 and kids[0].kind == "NAME":
        fname = it.text(kids[0])
        args = args_of(kids[1])
        if fname in ("isnothing", "ismissing") and len(args) == 1 and args[0].kind == "NAME":
            name = it.text(args[0])
            if name in env:
                single = NOTHING if fname == "isnothing" else MISSING
                t_env[name] = _intersect(it, env[name], single)
                f_env[name] = _subtract(it, env[name], single)
        if fname == "isa" and len(args) == 2 and args[0].kind == "NAME":
            name = it.text(args[0])
            target = it.conv.convert(args[1], frame.typevars)
            if name in env and target is not UNKNOWN:
                t_env[name] = _intersect(it, env[name], target)
                f_env[name] = _subtract(it, env[name], target)
    return t_env, f_env


def _intersect(it, cur: JType, target: JType) -> JType:
    if isinstance(cur, UnionT):
        keep = [m for m in cur.members if it.reg.issub(m, target)]
        return make_union(keep) if keep else target
    if isinstance(cur, VarT):
        ub = cur.ub
        if isinstance(ub, UnionT):
            keep = [m for m in ub.members if it.reg.issub(m, target)]
            if len(keep) == 1 and it.reg.is_concrete(keep[0]):
                return keep[0]
        if it.reg.is_concrete(target):
            return target
        return VarT(cur.name, target if ub is ANY else (target if it.reg.issub(target, ub) else ub), cur.concrete)
    if cur is UNKNOWN or cur is ANY:
        return target
    if it.reg.issub(cur, target):
        return cur
    return target


def _subtract(it, cur: JType, target: JType) -> JType:
    if isinstance(cur, UnionT):
        keep = [m for m in cur.members if not it.reg.issub(m, target)]
        return make_union(keep) if keep else BOTTOM
    if isinstance(cur, VarT) and isinstance(cur.ub, UnionT):
        keep = [m for m in cur.ub.members if not it.reg.issub(m, target)]
        if len(keep) == 1 and it.reg.is_concrete(keep[0]):
            return keep[0]
        if keep:
            return VarT(cur.name, make_union(keep), cur.concrete)
    return cur


@handler("UNARY_EXPR")
def h_unary(it, node, env, frame, depth):
    kids = node.children
    if len(kids) < 2:
        return _walk_all(it, node, env, frame, depth)
    opn, arg = kids[0], kids[-1]
    if opn.kind in ("SUBTYPE", "SUPERTYPE"):
        return UNKNOWN, env
    if opn.kind == "DOLLAR":
        return _walk_all(it, node, env, frame, depth)
    if opn.kind == "COLON_COLON":
        t = it.label_type_expr(arg, frame)
        return t, env
    a, env = it.expr(arg, env, frame, depth)
    op = _op_text(it, opn)
    if op.startswith(".") and len(op) > 1:
        t = broadcast_op(it, op[1:], [a])
    else:
        t = it.unary_op(op, a)
    it.put(frame, opn, t)
    return t, env


@handler("POSTFIX_EXPR")
def h_postfix(it, node, env, frame, depth):
    kids = node.children
    a, env = it.expr(kids[0], env, frame, depth)
    t = UNKNOWN
    if arith.is_number(a):
        t = a
    else:
        ap = builtins.array_params(a, it.reg)
        if ap is not None and ap[1] in (1, 2) and isinstance(a, DataT):
            t = DataT("Adjoint", (ap[0], a))
        elif isinstance(a, DataT) and a.name == "Adjoint" and len(a.params) == 2:
            t = a.params[1]
    if len(kids) > 1:
        it.put(frame, kids[-1], t)
    return t, env


@handler("COMPARISON_EXPR")
def h_comparison(it, node, env, frame, depth):
    for c in node.children:
        if env is None:
            break
        if c.kind in _OPS or c.kind in ("UNICODE_OP", "IDENT") and it.text(c) in ("in", "isa", "≤", "≥", "≠", "∈"):
            it.put(frame, c, BOOL)
            continue
        _, env = it.expr(c, env, frame, depth)
    return BOOL, env


@handler("RANGE_EXPR")
def h_range(it, node, env, frame, depth):
    parts = [c for c in node.children if c.kind != "COLON"]
    return range_expr(it, node, parts, env, frame, depth)


def range_expr(it, node, parts, env, frame, depth):
    types = []
    for p in parts:
        if env is None:
            return UNKNOWN, None
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
    elif any(builtins.is_symbolic(x) for x in types) and all(
            arith.is_integer(x) or (isinstance(x, VarT) and it.reg.issub(x.ub, dt("Integer"))) for x in types):
        t = UNKNOWN
    for c in node.children:
        if c.kind == "COLON":
            it.put(frame, c, t)
    return t, env


@handler("JUXTAPOSE_EXPR")
def h_juxtapose(it, node, env, frame, depth):
    kids = [c for c in node.children if c.kind not in _TRIVIAL]
    types = []
    for c in kids:
        if env is None:
            return UNKNOWN, None
        t, env = it.expr(c, env, frame, depth)
        types.append(t)
    t = types[0] if types else UNKNOWN
    for x in types[1:]:
        t = broadcast_op(it, "*", [t, x]) if frame.dotted else it.binary_op("*", t, x)
    return t, env  # `2im` has no operator lexeme: `2` and `im` keep their own types


# ============================================================================ field access

def is_module_name(it, name: str, env, frame) -> bool:
    """Whether `name` (the head of `name.x`) refers to a module rather than a value."""
    if name in env or (frame.outer is not None and it.lookup_outer(name, frame) is not None):
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


def _label_module_heads(it, node, frame):
    """Label every module part of a dotted name `A.B.c` (all but the last) as a Module."""
    cur = node
    while cur.kind == "BINARY_EXPR" and len(cur.children) == 3 and cur.children[1].kind == "DOT":
        cur = cur.children[0]
    if cur.kind == "NAME":
        it.put(frame, cur, dt("Module"))
    n = cur.parent
    while n is not None and n is not node and n.kind == "BINARY_EXPR":
        if n.children[-1].kind == "NAME":
            it.put(frame, n.children[-1], dt("Module"))
        n = n.parent


def field_access(it, node, left, right, env, frame, depth):
    qualified = dotted_name(node, it.data)
    if qualified is not None:
        head = qualified.split(".", 1)[0]
        if is_module_name(it, head, env, frame):
            _label_module_heads(it, node, frame)
            return qualified_value(it, node, qualified, right, frame), env
    obj, env = it.expr(left, env, frame, depth)
    if right.kind == "NAME":
        fname = it.text(right)
    elif right.kind == "QUOTE_SYM" and right.children:
        fname = it.text(right.children[-1])
    elif right.kind == "PAREN_EXPR":  # x.(f) broadcast-like property access via expression
        return UNKNOWN, env
    else:
        return UNKNOWN, env
    t = it.property_type(obj, fname)
    flags = 0
    if t is ANY and isinstance(obj, DataT):
        flags = 0
    it.put(frame, right, t, flags)
    return t, env


def qualified_value(it, node, qualified: str, name_node: Node, frame) -> JType:
    mod, _, name = qualified.rpartition(".")
    if it.reg.is_type_name(qualified) or (it.reg.is_type_name(name) and name[:1].isupper()
                                          and mod in ("Base", "Core", "LinearAlgebra", "Dates", "Random")):
        t = TypeT(it.conv.named(qualified if it.reg.is_type_name(qualified) else name))
    elif name in ("pi", "π", "ℯ", "Inf", "NaN", "nothing", "missing", "stdout", "stderr", "stdin"):
        from .names import CONSTANT_VALUES
        t = CONSTANT_VALUES[name]
    elif mod in it.defs.modules and name in it.defs.methods:
        t = FuncT(name)
    else:
        t = FuncT(name) if name[:1].islower() or not name[:1].isalpha() else UNKNOWN
    it.put(frame, name_node if name_node.kind != "QUOTE_SYM" else name_node, t)
    return t


def _property_type(it, obj: JType, fname: str) -> JType:
    reg = it.reg
    if obj is UNKNOWN:
        return UNKNOWN
    if obj is ANY:
        return ANY
    if isinstance(obj, UnionT):
        parts = [_property_type(it, m, fname) for m in obj.members]
        return make_union(parts) if all(p is not UNKNOWN for p in parts) else UNKNOWN
    if isinstance(obj, VarT):
        return _property_type(it, obj.ub, fname) if obj.ub is not ANY else UNKNOWN
    if isinstance(obj, DataT):
        if obj.name == "NamedTuple" and len(obj.params) == 2 and isinstance(obj.params[0], tuple):
            return builtins.index_type(obj, [], reg, symbol=fname)
        if obj.name == "Module":
            return UNKNOWN
        ft = reg.field_type(obj, fname)
        if ft is not None:
            if isinstance(ft, VarT) and ft.name == "":
                return ANY if ft.ub is ANY else ft.ub
            return ft
        decl = reg.decl(obj.name)
        if decl is not None and decl.user and not decl.is_abstract and decl.fields:
            return UNKNOWN  # a property computed by getproperty, not a field
        return UNKNOWN
    if isinstance(obj, TypeT):
        return UNKNOWN
    return UNKNOWN


def _install_property():
    from .interpreter import Interpreter
    Interpreter.property_type = _property_type


_install_property()


# ============================================================================ calls

def _call_args(it, arglist: Node | None, env, frame, depth):
    """Evaluate call arguments: (positional types, splat flags, keyword types, env)."""
    pos, splat, kws = [], [], {}
    if arglist is None:
        return pos, splat, kws, env
    for c in arglist.children:
        if env is None:
            break
        if c.kind == "ARG" and c.children:
            a = c.children[0]
            if a.kind == "SPLAT_EXPR" and a.children:
                t, env = it.expr(a.children[0], env, frame, depth)
                pos.append(t)
                splat.append(True)
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
                if env is None:
                    break
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
        elif c.kind not in _TRIVIAL:
            t, env = it.expr(c, env, frame, depth)
            pos.append(t)
            splat.append(False)
    return pos, splat, kws, env


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
        if env is None:
            break
        t, env = it.expr(r, env, frame, depth)
        pos.append(t)
        splat.append(False)
    if env is None:
        return UNKNOWN, None
    if extra_first is not None:
        pos.insert(0, extra_first)
        splat.insert(0, False)
    if any(splat):
        args = None
    else:
        args = pos
    t, label_node, env = resolve_call(it, callee, args, pos, kws, env, frame, depth)
    if label_node is not None:
        it.put(frame, label_node, t)
    if t is BOTTOM:
        return BOTTOM, None
    return t, env


def resolve_call(it, callee: Node, args, pos, kws, env, frame, depth):
    """(result type, node to label, env) for calling `callee`. `args` is None with splatting."""
    kind = callee.kind
    if kind == "NAME":
        name = it.text(callee)
        if name in env:
            f = env[name]
            it.name_value(callee, env, frame)
            if args is None:
                return UNKNOWN, callee, env
            if isinstance(f, FuncT):
                return it.call_value(f, args, frame), callee, env
            if isinstance(f, TypeT):
                return it.construct(f.of, args, frame), callee, env
            if isinstance(f, DataT) and "(functor)" in it.defs.methods:
                r = it.dispatch(it.defs.methods["(functor)"], [f] + args, kws)
                return (r if r is not None else UNKNOWN), callee, env
            return UNKNOWN, callee, env
        if frame.outer is not None and it.lookup_outer(name, frame) is not None:
            f = it.lookup_outer(name, frame)
            if isinstance(f, FuncT) and args is not None:
                return it.call_value(f, args, frame), callee, env
            return UNKNOWN, callee, env
        if name == "new" and frame.struct_type is not None:
            return _new_call(it, frame, args), callee, env
        if args is None:
            return _splat_call(it, name, pos, frame), callee, env
        if name in frame.typevars:
            return TypeT(frame.typevars[name]) if False else UNKNOWN, callee, env
        if name not in it.defs.methods and not it.reg.is_type_name(name) and name not in it.defs.consts \
                and name not in it.defs.globals:
            it.global_value(name, callee, frame)  # flags undefined names
        if name in it.defs.globals and name not in it.defs.methods and not frame.toplevel:
            it.put(frame, callee, ANY)
            return ANY, callee, env
        return it.call_named(name, args, kws, frame), callee, env
    if kind == "BINARY_EXPR" and len(callee.children) == 3 and callee.children[1].kind == "DOT":
        qualified = dotted_name(callee, it.data)
        last = callee.children[-1]
        if qualified is not None:
            head = qualified.split(".", 1)[0]
            if is_module_name(it, head, env, frame):
                _label_module_heads(it, callee, frame)
                name = qualified.rsplit(".", 1)[-1]
                if last.kind == "QUOTE_SYM":
                    from .definitions import _operator_in
                    name = _operator_in(last, it.data) or name
                if args is None:
                    return UNKNOWN, last, env
                return it.call_named(name, args, kws, frame, qualified=qualified), last, env
        f, env = it.expr(callee, env, frame, depth)
        if args is None or env is None:
            return UNKNOWN, last, env
        return it.call_value(f, args, frame), last, env
    if kind == "CURLY_EXPR":
        t = it.label_type_expr(callee, frame)
        head = callee.children[0]
        label = head if head.kind == "NAME" else head.children[-1] if head.children else head
        if args is None:
            return UNKNOWN, label, env
        if isinstance(t, DataT):
            name = t.name
            if name in it.defs.methods:
                r = it.dispatch(it.defs.methods[name], args, kws, curly=t.params)
                if r is not None:
                    return r, label, env
            from .basemethods import match_table
            r = match_table(name.rsplit(".", 1)[-1], args, it.reg, curly=list(t.params))
            if r is not None and r is not UNKNOWN:
                return r, label, env
            return it.construct(t, args, frame), label, env
        if isinstance(t, TypeT):
            return UNKNOWN, label, env
        return UNKNOWN, label, env
    if kind in _OPS or kind == "UNICODE_OP":
        name = _op_text(it, callee)
        if args is None:
            return UNKNOWN, callee, env
        r = it.special_call(name, args, kws)
        if r is None:
            from .basemethods import match_table
            r = match_table(name, args, it.reg)
        return (r if r is not None else UNKNOWN), callee, env
    if kind == "PAREN_EXPR":
        f, env = it.expr(callee, env, frame, depth)
        if args is None or env is None:
            return UNKNOWN, None, env
        return it.call_value(f, args, frame), None, env
    f, env = it.expr(callee, env, frame, depth)
    if args is None or env is None:
        return UNKNOWN, None, env
    return it.call_value(f, args, frame), None, env


def _splat_call(it, name: str, pos: list, frame) -> JType:
    from .basemethods import match_table
    # a splatted call: only names whose result does not depend on the arguments
    r = match_table(name, [UNKNOWN], it.reg)
    if r is not None and r is not UNKNOWN and name not in it.defs.methods:
        return r
    if it.reg.is_type_name(name) and name[:1].isupper():
        t = it.conv.named(name)
        if it.reg.is_concrete(t):
            return t
    return UNKNOWN


def _new_call(it, frame, args) -> JType:
    st = frame.struct_type
    if st is None:
        return UNKNOWN
    if isinstance(st, DataT) and any(isinstance(p, VarT) and p.name == "" for p in st.params):
        decl = it.reg.decl(st.name)
        if decl is not None and args is not None:
            return it.default_constructor(st, decl, args)
        return UNKNOWN
    return st


@handler("DOT_CALL_EXPR")
def h_dot_call(it, node, env, frame, depth):
    kids = node.children
    callee = kids[0]
    arglist = node.child("ARG_LIST")
    pos, splat, kws, env = _call_args(it, arglist, env, frame, depth)
    if env is None:
        return UNKNOWN, None
    f, env = it.expr(callee, env, frame, depth)
    label = callee if callee.kind == "NAME" else (callee.children[-1] if callee.children else callee)
    tup = None if any(splat) or f is UNKNOWN else _tuple_broadcast(it, pos, lambda xs: it.call_value(f, xs, frame))
    if tup is not None:
        t = tup
    elif any(splat) or f is UNKNOWN:
        t = UNKNOWN
    else:
        elts = builtins.broadcast_elements(pos, it.reg)
        nd = builtins.broadcast_shape(pos, it.reg)
        r = it.call_value(f, elts, frame) if all(e is not UNKNOWN for e in elts) else UNKNOWN
        t = builtins.broadcast_result(r, nd) if not (nd is not None and builtins.is_symbolic(r)) else UNKNOWN
    it.put(frame, label, t)
    return t, env


@handler("INDEX_EXPR")
def h_index(it, node, env, frame, depth):
    kids = node.children
    obj_node = kids[0]
    arglist = kids[1] if len(kids) > 1 else None
    obj, env = it.expr(obj_node, env, frame, depth)
    if env is None:
        return UNKNOWN, None
    idx_nodes = args_of(arglist) if arglist is not None else []
    if isinstance(obj, TypeT):
        # typed array literal: Float64[], Int[1, 2]
        for a in idx_nodes:
            if env is None:
                break
            _, env = it.expr(a, env, frame, depth)
        t = vector(obj.of)
        it.put(frame, obj_node if obj_node.kind == "NAME" else obj_node, t, F_TYPE_POSITION)
        return t, env
    idx = []
    literal = None
    symbol = None
    for a in idx_nodes:
        if env is None:
            return UNKNOWN, None
        if a.kind == "COLON" or (a.kind == "OPERATOR_ATOM" and it.text(a) == ":"):
            idx.append(DataT("Colon"))
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
    t = builtins.index_type(obj, idx, it.reg, literal=literal, symbol=symbol)
    ap = builtins.array_params(obj, it.reg)
    if ap is not None and isinstance(ap[0], JType) and it.reg.is_concrete(ap[0]) is False and not isinstance(
            ap[0], VarT) and ap[0] is not UNKNOWN:
        it.flag(frame, obj_node, F_ABSTRACT_FIELD)
    if arglist is not None:
        it.put(frame, arglist, t)  # the `[` carries the getindex result
    return t, env


@handler("CURLY_EXPR")
def h_curly(it, node, env, frame, depth):
    t = it.label_type_expr(node, frame)
    return (TypeT(t) if t is not UNKNOWN else UNKNOWN), env


@handler("WHERE_EXPR")
def h_where(it, node, env, frame, depth):
    t = it.label_type_expr(node, frame)
    return (TypeT(t) if t is not UNKNOWN else UNKNOWN), env


# ============================================================================ collections

@handler("VECT_EXPR")
def h_vect(it, node, env, frame, depth):
    elts = []
    splat = False
    for a in args_of(node):
        if env is None:
            return UNKNOWN, None
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
        e = builtins.promote_elements(elts, it.reg)
        t = vector(e) if e is not UNKNOWN and not builtins.is_symbolic(e) else UNKNOWN
        if splat and e is UNKNOWN:
            t = UNKNOWN
    it.put(frame, node, t)
    if t is not UNKNOWN and t.params and t.params[0] is ANY:
        it.flag(frame, node, F_ABSTRACT_FIELD)
    return t, env


@handler("MATRIX_EXPR", "TYPED_MATRIX_EXPR")
def h_matrix(it, node, env, frame, depth):
    kids = node.children
    typed = None
    if node.kind == "TYPED_MATRIX_EXPR" and kids:
        typed = it.conv.convert(kids[0], frame.typevars)
        it.label_type_expr(kids[0], frame)
        kids = kids[1:]
    rows = [c for c in kids if c.kind == "MATRIX_ROW"]
    if not rows and not any(c.kind == "SEMICOLON" for c in kids):
        rows = [node]  # `[a b c]`: one row, horizontal concatenation
    elems = []
    ncols = 1
    arrays = False
    for r in (rows if rows else [node]):
        items = args_of(r) if r is not node else [c.children[0] for c in kids if c.kind == "ARG" and c.children]
        if r is node and rows:
            ncols = max(ncols, len(items))
        ncols = max(ncols, len(items))
        for a in items:
            if env is None:
                return UNKNOWN, None
            t, env = it.expr(a, env, frame, depth)
            ap = builtins.array_params(t, it.reg)
            if ap is not None:
                arrays = True
                elems.append(ap[0])
            else:
                elems.append(t)
    e = typed if typed is not None and typed is not UNKNOWN else builtins.promote_elements(elems, it.reg)
    if e is UNKNOWN:
        t = UNKNOWN
    elif rows and (ncols > 1 or len(rows) > 1) and not (arrays and ncols == 1):
        t = matrix(e)
    elif rows and ncols > 1:
        t = matrix(e)
    else:
        t = vector(e) if not (arrays and rows and ncols > 1) else matrix(e)
    it.put(frame, node, t)
    return t, env


@handler("BRACESCAT_EXPR", "BRACES")
def h_braces(it, node, env, frame, depth):
    return _walk_all(it, node, env, frame, depth)


def _comprehension_parts(node: Node):
    body = None
    bindings = []
    conds = []
    for c in node.children:
        if c.kind in _TRIVIAL:
            continue
        if c.kind == "FOR_BINDING":
            bindings.append(c)
        elif c.kind == "COMPREHENSION_IF":
            conds.append(c)
        elif c.kind == "GENERATOR":
            return _comprehension_parts(c)
        elif body is None:
            body = c
    return body, bindings, conds


def _iteration(it, binding: Node, env, frame, depth):
    """Bind the loop variables of one FOR_BINDING (`x in xs`, `(i, v) in enumerate(xs)`, `i = 1:n`)."""
    kids = [c for c in binding.children if c.kind not in ("FOR_KW", "COMMA", "OUTER_BINDING")]
    # split into (target, iterator) pairs: target `in`|`=`|`∈` iterator
    pairs = []
    i = 0
    while i < len(kids):
        target = kids[i]
        if target.kind == "OUTER_BINDING" and target.children:
            target = target.children[-1]
        if i + 2 < len(kids) + 1 and i + 1 < len(kids) and (kids[i + 1].kind in ("IDENT", "EQ", "UNICODE_OP")):
            pairs.append((target, kids[i + 2] if i + 2 < len(kids) else None))
            i += 3
        elif target.kind == "BINARY_EXPR" and len(target.children) == 3 and (
                target.children[1].kind in ("IDENT", "EQ", "UNICODE_OP")):
            pairs.append((target.children[0], target.children[2]))
            i += 1
        elif target.kind == "ASSIGNMENT_EXPR" and len(target.children) >= 3:
            pairs.append((target.children[0], target.children[-1]))
            i += 1
        else:
            i += 1
    for target, iterator in pairs:
        if env is None:
            return None
        if iterator is None:
            continue
        itype, env = it.expr(iterator, env, frame, depth)
        if env is None:
            return None
        et = builtins.eltype_of(itype, it.reg)
        env = it.assign_target(target, et, env, frame, depth)
    return env


@handler("COMPREHENSION", "TYPED_COMPREHENSION", "GENERATOR")
def h_comprehension(it, node, env, frame, depth):
    typed = None
    kids = node.children
    if node.kind == "TYPED_COMPREHENSION" and kids:
        typed = it.label_type_expr(kids[0], frame)
        inner = node.child("GENERATOR") or node
    else:
        inner = node
    body, bindings, conds = _comprehension_parts(inner)
    scope = dict(env)
    shadow = {}
    for name in list(frame.bindings):
        shadow[name] = frame.bindings[name]
    for b in bindings:
        scope = _iteration(it, b, scope, frame, depth)
        if scope is None:
            return UNKNOWN, env
    for c in conds:
        for cc in c.children:
            if cc.kind != "IF_KW" and scope is not None:
                _, scope = it.expr(cc, scope, frame, depth)
                env_t, _ = narrow(it, cc, scope, frame) if scope is not None else (None, None)
                scope = env_t if env_t is not None else scope
    if scope is None:
        return UNKNOWN, env
    et, _ = it.expr(body, scope, frame, depth) if body is not None else (UNKNOWN, scope)
    # names bound by the comprehension are local to it
    for name in list(frame.bindings):
        if name not in shadow and name not in env:
            pass
    elt = typed if typed is not None and typed is not UNKNOWN else et
    ndim = 1
    if len(bindings) == 1:
        b = bindings[0]
        n_iters = sum(1 for c in b.children if c.kind in ("IDENT", "EQ") or (
            c.kind == "UNICODE_OP" and it.text(c) == "∈"))
        if n_iters > 1 and not conds:
            ndim = n_iters
    if inner.kind == "GENERATOR" and node.kind == "GENERATOR":
        gen_iter = UNKNOWN
        t = DataT("Base.Generator", (gen_iter, FuncT(f"#gen@{node.start}", True, elt if elt is not BOTTOM else UNKNOWN)))
        return t, env
    if elt is UNKNOWN or builtins.is_symbolic(elt):
        t = UNKNOWN
    else:
        t = DataT("Array", (elt, ndim))
    it.put(frame, node, t)
    return t, env


@handler("TUPLE_EXPR", "BARE_TUPLE_EXPR")
def h_tuple(it, node, env, frame, depth):
    items = [c for c in node.children if c.kind not in _TRIVIAL]
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
            if env is None:
                return UNKNOWN, None
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
                return _walk_all(it, node, env, frame, depth)
        if any(t is UNKNOWN or builtins.is_symbolic(t) for t in types):
            return UNKNOWN, env
        t = DataT("NamedTuple", (tuple(names), make_tuple(types)))
        it.put(frame, node, t)
        return t, env
    types = []
    for c in plain:
        if env is None:
            return UNKNOWN, None
        if c.kind == "SPLAT_EXPR":
            _, env = it.expr(c.children[0], env, frame, depth) if c.children else (UNKNOWN, env)
            types.append(None)
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
    inner = [c for c in node.children if c.kind not in _TRIVIAL]
    if len(inner) == 1:
        return it.expr(inner[0], env, frame, depth)
    return h_block_like(it, node, env, frame, depth)


@handler("BLOCK", "BEGIN_EXPR", "PAREN_BLOCK", "TOPLEVEL_SEMICOLON")
def h_block_like(it, node, env, frame, depth):
    result = NOTHING
    for c in node.children:
        if env is None:
            break
        if c.kind in _TRIVIAL or c.kind in ("END_KW", "BEGIN_KW"):
            continue
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


# ============================================================================ control flow

@handler("TERNARY_EXPR")
def h_ternary(it, node, env, frame, depth):
    parts = [c for c in node.children if c.kind not in ("QUESTION", "COLON")]
    if len(parts) != 3:
        return _walk_all(it, node, env, frame, depth)
    cond, a, b = parts
    _, env = it.expr(cond, env, frame, depth)
    if env is None:
        return UNKNOWN, None
    env_t, env_f = narrow(it, cond, env, frame)
    ta, ea = it.expr(a, env_t, frame, depth)
    tb, eb = it.expr(b, env_f, frame, depth)
    t = _join_values(it, [(ta, ea), (tb, eb)])
    return t, it.join_envs([ea, eb])


def _join_values(it, pairs) -> JType:
    out = BOTTOM
    for t, e in pairs:
        if e is None:
            continue
        out = it.join(out, t)
    return out


@handler("IF_EXPR")
def h_if(it, node, env, frame, depth):
    branches = []
    cur = env
    has_else = False
    cond_node = node.child("CONDITION")
    then_block = node.child("BLOCK")
    clauses = [(cond_node, then_block)]
    for c in node.children:
        if c.kind == "ELSEIF_CLAUSE":
            clauses.append((c.child("CONDITION"), c.child("BLOCK")))
        elif c.kind == "ELSE_CLAUSE":
            clauses.append((None, c.child("BLOCK")))
            has_else = True
    for cond, blk in clauses:
        if cur is None:
            break
        if cond is not None:
            inner = cond.children[0] if cond.children else None
            if inner is not None:
                _, cur = it.expr(inner, cur, frame, depth)
                if cur is None:
                    break
                env_t, env_f = narrow(it, inner, cur, frame)
            else:
                env_t, env_f = cur, cur
            if blk is not None:
                t, e = it.expr(blk, dict(env_t), frame, depth)
            else:
                t, e = NOTHING, env_t
            branches.append((t, e))
            cur = env_f
        else:
            t, e = it.expr(blk, dict(cur), frame, depth) if blk is not None else (NOTHING, cur)
            branches.append((t, e))
            cur = None
    if not has_else and cur is not None:
        branches.append((NOTHING, cur))
    t = _join_values(it, branches)
    return t, it.join_envs([e for _, e in branches])


def _loop(it, env, frame, depth, body_fn, cond_node=None):
    """Iterate a loop body to a fixpoint of the loop-head environment."""
    head = dict(env)
    after_envs = []
    for iteration in range(5):
        frame.loops.append(([], []))
        body_env = body_fn(dict(head))
        breaks, continues = frame.loops.pop()
        new_head = it.join_envs([env, body_env] + continues)
        if new_head is None:
            new_head = dict(env)
        after_envs = breaks
        if new_head == head:
            break
        if iteration >= 3:
            for k, v in new_head.items():
                if head.get(k) != v:
                    new_head[k] = it.reg.typejoin(head.get(k, v), v) if head.get(k) is not None else v
        head = new_head
    return head, after_envs


@handler("FOR_EXPR")
def h_for(it, node, env, frame, depth):
    bindings = [c for c in node.children if c.kind == "FOR_BINDING"]
    body = node.child("BLOCK")

    def run(e):
        for b in bindings:
            if e is None:
                return None
            e = _iteration(it, b, e, frame, depth)
        if e is None or body is None:
            return e
        _, e = it.expr(body, e, frame, depth)
        return e

    head, breaks = _loop(it, env, frame, depth, run)
    return NOTHING, it.join_envs([head] + breaks)


@handler("WHILE_EXPR")
def h_while(it, node, env, frame, depth):
    cond = node.child("CONDITION")
    body = node.child("BLOCK")
    cond_inner = cond.children[0] if cond is not None and cond.children else None

    def run(e):
        if cond_inner is not None:
            _, e = it.expr(cond_inner, e, frame, depth)
            if e is None:
                return None
            e, _ = narrow(it, cond_inner, e, frame)
        if body is not None and e is not None:
            _, e = it.expr(body, e, frame, depth)
        return e

    head, breaks = _loop(it, env, frame, depth, run)
    exit_env = head
    if cond_inner is not None:
        _, exit_env = narrow(it, cond_inner, head, frame)
        if cond_inner.kind == "LITERAL" and it.text(cond_inner) == "true":
            exit_env = None
    return NOTHING, it.join_envs([exit_env] + breaks)


@handler("BREAK_EXPR")
def h_break(it, node, env, frame, depth):
    if frame.loops:
        frame.loops[-1][0].append(env)
    return BOTTOM, None


@handler("CONTINUE_EXPR")
def h_continue(it, node, env, frame, depth):
    if frame.loops:
        frame.loops[-1][1].append(env)
    return BOTTOM, None


@handler("RETURN_EXPR")
def h_return(it, node, env, frame, depth):
    vals = [c for c in node.children if c.kind != "RETURN_KW"]
    t = NOTHING
    if vals:
        t, env = it.expr(vals[0], env, frame, depth)
        if env is None:
            return BOTTOM, None
    kw = node.child("RETURN_KW")
    frame.returns = it.join(frame.returns, t)
    return BOTTOM, None


@handler("LET_EXPR")
def h_let(it, node, env, frame, depth):
    scope = dict(env)
    binds = node.child("LET_BINDINGS")
    if binds is not None:
        for c in binds.children:
            if scope is None:
                break
            if c.kind == "ASSIGNMENT_EXPR" and len(c.children) >= 3:
                t, scope = it.expr(c.children[-1], scope, frame, depth)
                if scope is not None:
                    scope = it.assign_target(c.children[0], t, scope, frame, depth)
            elif c.kind == "NAME":
                name = it.text(c)
                t = env.get(name, UNKNOWN)
                it.bind(frame, name, t, c, scope)
    body = node.child("BLOCK")
    t = NOTHING
    if body is not None and scope is not None:
        t, scope = it.expr(body, scope, frame, depth)
    if scope is None:
        return t, None
    out = dict(env)
    for k in env:
        if k in scope:
            out[k] = scope[k]
    return t, out


@handler("TRY_EXPR")
def h_try(it, node, env, frame, depth):
    body = node.child("BLOCK")
    t, e_body = it.expr(body, dict(env), frame, depth) if body is not None else (NOTHING, env)
    results = [(t, e_body)]
    catch = node.child("CATCH_CLAUSE")
    if catch is not None:
        cenv = it.join_envs([env, e_body]) or dict(env)
        var = catch.child("NAME")
        if var is not None:
            it.bind(frame, it.text(var), ANY, var, cenv)
        cb = catch.child("BLOCK")
        tc, ec = it.expr(cb, cenv, frame, depth) if cb is not None else (NOTHING, cenv)
        results.append((tc, ec))
    els = node.child("ELSE_CLAUSE")
    if els is not None and e_body is not None:
        eb = els.child("BLOCK")
        if eb is not None:
            results[0] = it.expr(eb, e_body, frame, depth)
    fin = node.child("FINALLY_CLAUSE")
    out_env = it.join_envs([e for _, e in results])
    if fin is not None:
        fb = fin.child("BLOCK")
        if fb is not None:
            _, fenv = it.expr(fb, dict(out_env if out_env is not None else env), frame, depth)
            if fenv is None:
                return BOTTOM, None
    return _join_values(it, results), out_env


# ============================================================================ assignment & declarations

@handler("ASSIGNMENT_EXPR")
def h_assign(it, node, env, frame, depth):
    kids = node.children
    if len(kids) < 3:
        return _walk_all(it, node, env, frame, depth)
    lhs, opn, rhs = kids[0], kids[1], kids[-1]
    ok = opn.kind
    core = _signature_core(lhs)
    if ok == "EQ" and core is not None and core.kind == "CALL_EXPR":
        return local_function(it, node, lhs, rhs, env, frame)
    if ok == "EQ":
        t, env = it.expr(rhs, env, frame, depth)
        if env is None:
            return t, None
        env = it.assign_target(lhs, t, env, frame, depth)
        return t, env
    if ok in _COMPOUND:
        cur, env = it.expr(lhs, env, frame, depth) if lhs.kind != "NAME" else (env.get(it.text(lhs), UNKNOWN), env)
        if env is None:
            return UNKNOWN, None
        val, env = it.expr(rhs, env, frame, depth)
        if env is None:
            return UNKNOWN, None
        t = it.binary_op(_COMPOUND[ok], cur, val)
        it.put(frame, opn, t)
        if lhs.kind == "NAME":
            it.bind(frame, it.text(lhs), t, lhs, env, flags=0)
        elif lhs.kind != "INDEX_EXPR":
            env = it.assign_target(lhs, t, env, frame, depth)
        return t, env
    if ok.startswith("DOT_") and ok.endswith("EQ"):  # .= .+= broadcast assignment
        tgt, env = it.expr(lhs, env, frame, depth)
        if env is None:
            return UNKNOWN, None
        val, env = it.expr(rhs, env, frame, depth)
        it.put(frame, opn, tgt)
        return tgt, env
    if ok in ("COLON_EQ", "UNICODE_ASSIGN_OP", "TILDE"):
        return _walk_all(it, node, env, frame, depth)
    t, env = it.expr(rhs, env, frame, depth)
    if env is not None:
        env = it.assign_target(lhs, t, env, frame, depth)
    return t, env


def _collected(it, node) -> bool:
    return node.start in it.defs.definition_nodes


def local_function(it, node, sig, body, env, frame):
    """`f(x) = ...` inside a function or at top level (its body is analyzed as a method)."""
    core = _signature_core(sig)
    callee = core.children[0] if core is not None and core.children else None
    if (frame.toplevel or frame.method is None) and _collected(it, node):
        return NOTHING, env
    meth = parse_signature(sig, it.data)
    if meth is None:
        return UNKNOWN, env
    return _define_local_method(it, meth, node, body, env, frame,
                                callee if callee is not None and callee.kind == "NAME" else None)


def _define_local_method(it, meth, node, body, env, frame, name_node):
    """Register a method defined inside a function (or analyzed as one) as a closure, bind its
    name at `name_node` (when given) and, when recording, analyze its body with declared types."""
    meth.node = node
    meth.body = body
    meth.uid = -(node.start + 1)
    outer = None if frame.toplevel else frame
    it._lambda_defs[meth.uid] = meth
    it._lambda_outer[meth.uid] = outer
    t = FuncT(f"#{meth.name}@{meth.uid}", True)
    if name_node is not None:
        it.bind(frame, meth.name, t, name_node, env)
    if frame.record:
        args, kw = it.declared_arg_types(meth)
        inner = it.analyze_method(meth, args, kw, record=True, outer=outer)
        if meth.name_node is not None:
            it.put(inner, meth.name_node, inner.returns, F_DEFINITION)
    return t, env


@handler("FUNCTION_DEF")
def h_function_def(it, node, env, frame, depth):
    if (frame.toplevel or frame.method is None) and _collected(it, node):
        return NOTHING, env
    sig = node.child("SIGNATURE")
    body = node.child("BLOCK")
    if sig is None or not sig.children:
        return NOTHING, env
    meth = parse_signature(sig.children[0], it.data)
    if meth is None:
        return UNKNOWN, env
    return _define_local_method(it, meth, node, body, env, frame, meth.name_node)


@handler("ARROW_EXPR", "DO_EXPR")
def h_lambda(it, node, env, frame, depth):
    if node.kind == "DO_EXPR":
        call = node.children[0] if node.children else None
        meth = it.lambda_def(node, frame)
        ft = FuncT(f"#do@{meth.uid}" if meth is not None else "#do", True)
        if meth is not None:
            it._lambda_outer[meth.uid] = frame
        if meth is not None and frame.record:
            # analyze the do-block body with parameter types derived from the call when possible
            args = _do_param_types(it, call, env, frame, meth)
            it.analyze_method(meth, args, {}, record=True, outer=frame)
        if call is not None and call.kind == "CALL_EXPR":
            return h_call(it, call, env, frame, depth, extra_first=ft)
        if call is not None:
            _, env = it.expr(call, env, frame, depth)
        return UNKNOWN, env
    meth = it.lambda_def(node, frame)
    if meth is None:
        return _walk_all(it, node, env, frame, depth)
    ft = FuncT(f"#lambda@{meth.uid}", True)
    it._lambda_outer[meth.uid] = frame
    if frame.record:
        args = [VarT("#" + (p.name or "_"), ANY, True) for p in meth.params]
        it.analyze_method(meth, args, {}, record=True, outer=frame)
    arrow = node.child("ARROW")
    if arrow is not None:
        it.put(frame, arrow, ft)
    return ft, env


def _do_param_types(it, call, env, frame, meth):
    n = len(meth.params)
    args = [VarT("#" + (p.name or "_"), ANY, True) for p in meth.params]
    if call is None or call.kind != "CALL_EXPR" or not call.children or call.children[0].kind != "NAME":
        return args
    fname = it.text(call.children[0])
    arglist = call.child("ARG_LIST")
    argn = args_of(arglist) if arglist is not None else []
    try:
        if fname in ("map", "foreach", "filter", "any", "all", "count", "sum", "findfirst", "findall", "map!",
                     "mapreduce", "maximum", "minimum", "prod", "sort") and argn and n == 1:
            t, _ = it.expr(argn[-1], dict(env), Frame(frame.method, record=False, outer=frame.outer,
                                                       typevars=frame.typevars), 0)
            e = builtins.eltype_of(t, it.reg)
            if e is not UNKNOWN:
                args[0] = e
        elif fname == "open" and n == 1:
            args[0] = dt("IOStream")
        elif fname in ("get!", "get") and n == 0:
            pass
        elif fname == "redirect_stdout" and n == 0:
            pass
    except Exception:
        pass
    return args


@handler("TYPE_ANNOTATION")
def h_typeassert(it, node, env, frame, depth):
    kids = node.children
    if len(kids) >= 3:
        _, env = it.expr(kids[0], env, frame, depth)
        t = it.label_type_expr(kids[-1], frame)
        return t, env
    if len(kids) == 2:
        return it.label_type_expr(kids[-1], frame), env
    return UNKNOWN, env


@handler("CONST_STMT", "GLOBAL_STMT", "LOCAL_STMT")
def h_decl_stmt(it, node, env, frame, depth):
    t = NOTHING
    for c in node.children:
        if env is None:
            break
        if c.kind in ("CONST_KW", "GLOBAL_KW", "LOCAL_KW", "COMMA"):
            continue
        if c.kind == "NAME" and node.kind == "LOCAL_STMT":
            it.put(frame, c, UNKNOWN, F_DEFINITION)
            continue
        if c.kind == "NAME" and node.kind == "GLOBAL_STMT":
            continue
        t, env = it.expr(c, env, frame, depth)
    return t, env


# macros whose result type is fixed, whatever their arguments
_MACRO_RESULTS = {"sprintf": STRING, "elapsed": FLOAT64, "allocated": INT64, "allocations": INT64,
                  "time_ns": dt("UInt64"), "spawn": dt("Task"), "async": dt("Task"), "task": dt("Task")}


@handler("MACRO_CALL")
def h_macro(it, node, env, frame, depth):
    name_node = node.child("MACRO_NAME")
    mname = it.text(name_node).lstrip("@") if name_node is not None else ""
    short = mname.rsplit(".", 1)[-1] if mname != "." else "."
    args = [c for c in node.children if c.kind not in ("MACRO_NAME",) and c.kind not in _TRIVIAL]
    if len(args) == 1 and args[0].kind == "ARG_LIST":
        args = args_of(args[0])
    for a in args:
        it.flag_range(frame, a, F_IN_MACRO)
    if short in ("enum", "doc", "eval", "generated_quote") and frame.toplevel:
        return NOTHING, env
    if short == "eval":
        return UNKNOWN, env
    dotted = short in ("__dot__", ".")  # @. turns every operator and call into a broadcast
    saved = frame.dotted
    frame.dotted = frame.dotted or dotted
    last = NOTHING
    try:
        for a in args:
            if env is None:
                break
            last, env = it.expr(a, env, frame, depth)
    finally:
        frame.dotted = saved
    if short in _MACRO_RESULTS:
        return _MACRO_RESULTS[short], env
    if dotted or short in _TYPE_PRESERVING_MACROS or short == "show":
        return last, env
    if short in _NOTHING_MACROS:
        return NOTHING, env
    return UNKNOWN, env  # an unknown macro may rewrite its arguments: the result is not known


@handler("DOC")
def h_doc(it, node, env, frame, depth):
    for c in node.children:
        if env is None:
            break
        if c.kind == "STRING_LITERAL":
            it.flag_range(frame, c, F_DOCSTRING)
            continue
        _, env = it.expr(c, env, frame, depth)
    return NOTHING, env


@handler("STRUCT_DEF", "ABSTRACT_DEF", "PRIMITIVE_DEF", "MODULE_DEF", "USING_STMT", "IMPORT_STMT", "EXPORT_STMT",
         "PUBLIC_STMT", "MACRO_DEF")
def h_definition_stmt(it, node, env, frame, depth):
    return NOTHING, env


def _walk_all(it, node, env, frame, depth):
    for c in node.children:
        if env is None:
            break
        if c.kind not in _TRIVIAL:
            _, env = it.expr(c, env, frame, depth)
    return UNKNOWN, env
