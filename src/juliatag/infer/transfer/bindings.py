"""Transfer functions for bindings: assignment, loop variables, local methods and closures,
type assertions and declarations.
"""

from __future__ import annotations

from ...schema import F_DEFINITION, F_DOCSTRING
from ...syntax.tree import Node, ancestors
from ...types.jtypes import NOTHING, UNKNOWN, FuncT, arg_type, dt
from ...types.lattice import meet
from ..definitions import assigned_names, parse_signature, signature_core
from ..typeconv import args_of
from ..state import Budget, Frame, reachable
from ..tokens import COMPOUND, macro_short_name
from .common import registrar, walk_all
from .call_sites import h_call

HANDLERS: dict = {}
handler = registrar(HANDLERS)


@handler("ASSIGNMENT_EXPR")
def h_assign(it, node, env, frame, depth):
    kids = node.children
    if len(kids) < 3:
        return walk_all(it, node, env, frame, depth)
    lhs, opn, rhs = kids[0], kids[1], kids[-1]
    ok = opn.kind
    core = signature_core(lhs)
    if ok == "EQ" and core is not None and core.kind == "CALL_EXPR":
        return local_function(it, node, lhs, rhs, env, frame)
    if ok == "EQ":
        t, env = it.expr(rhs, env, frame, depth)
        env = it.assign_target(lhs, t, env, frame, depth)
        return t, env
    if ok in COMPOUND:
        cur, env = it.expr(lhs, env, frame, depth) if lhs.kind != "NAME" else (env.get(it.text(lhs), UNKNOWN), env)
        val, env = it.expr(rhs, env, frame, depth)
        reachable(env)  # the update below is an assignment
        t = it.binary_op(COMPOUND[ok], cur, val)
        it.put(frame, opn, t)
        if lhs.kind == "NAME":
            it.bind(frame, it.text(lhs), t, lhs, env, flags=0)
        elif lhs.kind != "INDEX_EXPR":
            env = it.assign_target(lhs, t, env, frame, depth)
        return t, env
    if ok.startswith("DOT_") and ok.endswith("EQ"):  # .= .+= broadcast assignment
        tgt, env = it.expr(lhs, env, frame, depth)
        val, env = it.expr(rhs, env, frame, depth)
        it.put(frame, opn, tgt)
        return tgt, env
    if ok in ("COLON_EQ", "UNICODE_ASSIGN_OP", "TILDE"):
        return walk_all(it, node, env, frame, depth)
    t, env = it.expr(rhs, env, frame, depth)
    env = it.assign_target(lhs, t, env, frame, depth)
    return t, env


def iteration(it, binding: Node, env, frame, depth, iterated: list | None = None):
    """Bind the loop variables of one FOR_BINDING (`x in xs`, `(i, v) in enumerate(xs)`, `i = 1:n`);
    the iterators' types are appended to `iterated` when given."""
    for target, iterator in binding_pairs(binding):
        env = bind_iteration(it, target, iterator, env, frame, depth, iterated)
    return env


def binding_pairs(binding: Node) -> list:
    """The (target, iterator) pairs of one FOR_BINDING: target `in`|`=`|`∈` iterator (the iterator
    None where it is missing)."""
    kids = [c for c in binding.children if c.kind not in ("FOR_KW", "COMMA", "OUTER_BINDING")]
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
    return pairs


def bind_iteration(it, target: Node, iterator: Node | None, env, frame, depth, iterated: list | None = None):
    """Bind `target` to an element of `iterator` (its type appended to `iterated` when given)."""
    if iterator is None:
        return env
    itype, env = it.expr(iterator, env, frame, depth)
    if iterated is not None:
        iterated.append(itype)
    et = it.iterated_element(itype, frame)
    return it.assign_target(target, et, env, frame, depth)


def collected(it, node) -> bool:
    return node.start in it.defs.definition_nodes


def local_function(it, node, sig, body, env, frame):
    """`f(x) = ...` inside a function or at top level (its body is analyzed as a method)."""
    core = signature_core(sig)
    callee = core.children[0] if core is not None and core.children else None
    if (frame.toplevel or frame.method is None) and collected(it, node):
        return NOTHING, env
    meth = parse_signature(sig, it.data)
    if meth is None:
        return UNKNOWN, env
    return define_local_method(it, meth, node, body, env, frame,
                                callee if callee is not None and callee.kind == "NAME" else None)


def define_local_method(it, meth, node, body, env, frame, name_node):
    """Register a method defined inside a function (or analyzed as one) as a closure, bind its
    name at `name_node` (when given) and, when recording, analyze its body with declared types."""
    meth.node = node
    meth.body = body
    meth.uid = -(node.start + 1)
    outer = None if frame.toplevel else frame
    it.register_closure(meth, outer)
    t = it.closure_type(f"#{meth.name}@{meth.uid}", meth, outer)
    if name_node is not None:
        it.bind(frame, meth.name, t, name_node, env)
    if frame.record:
        args, kw = it.declared_arg_types(meth)
        inner = it.analyze_method(meth, args, kw, record=True, outer=outer)
        if meth.name_node is not None:
            it.put(inner, meth.name_node, inner.returns, F_DEFINITION)
    return t, reassigned_by_closure(it, node, env, frame)


@handler("FUNCTION_DEF")
def h_function_def(it, node, env, frame, depth):
    if (frame.toplevel or frame.method is None) and collected(it, node):
        return NOTHING, env
    sig = node.child("SIGNATURE")
    body = node.child("BLOCK")
    if sig is None or not sig.children:
        return NOTHING, env
    meth = parse_signature(sig.children[0], it.data)
    if meth is None:
        return UNKNOWN, env
    return define_local_method(it, meth, node, body, env, frame, meth.name_node)


@handler("ARROW_EXPR", "DO_EXPR")
def h_lambda(it, node, env, frame, depth):
    if node.kind == "DO_EXPR":
        call = node.children[0] if node.children else None
        meth = it.lambda_def(node, frame)
        ft = FuncT("#do", True)
        if meth is not None:
            it.register_closure(meth, frame)
            ft = it.closure_type(f"#do@{meth.uid}", meth, frame)
        if meth is not None and frame.record:
            # analyze the do-block body with parameter types derived from the call when possible
            args = do_param_types(it, call, env, frame, meth)
            it.analyze_method(meth, args, {}, record=True, outer=frame)
        if call is not None and call.kind == "CALL_EXPR":
            t, env = h_call(it, call, env, frame, depth, extra_first=ft)
            return t, reassigned_by_closure(it, node, env, frame)
        if call is not None:
            _, env = it.expr(call, env, frame, depth)
        return UNKNOWN, reassigned_by_closure(it, node, env, frame)
    meth = it.lambda_def(node, frame)
    if meth is None:
        return walk_all(it, node, env, frame, depth)
    it.register_closure(meth, frame)
    ft = it.closure_type(f"#lambda@{meth.uid}", meth, frame)
    if frame.record:
        args = [arg_type(p.name or "_") for p in meth.params]
        it.analyze_method(meth, args, {}, record=True, outer=frame)
    arrow = node.child("ARROW")
    if arrow is not None:
        it.put(frame, arrow, ft)
    return ft, reassigned_by_closure(it, node, env, frame)


def _assigned(it, node: Node, skip: Node | None = None) -> set:
    """Names assigned anywhere inside `node` (not inside `skip`), by `=`, `op=` or a `let` binding;
    the signature of a short function definition `g(x) = ...` assigns nothing."""
    out = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if n is skip:
            continue
        if n.kind == "ASSIGNMENT_EXPR" and n.children:
            lhs = n.children[0]
            core = signature_core(lhs)
            if core is None or core.kind != "CALL_EXPR":
                out.update(it.text(tn) for tn, _ in assigned_names(lhs))
        elif n.kind == "LET_BINDINGS":
            out.update(it.text(c) for c in n.children if c.kind == "NAME")
        stack.extend(n.children)
    return out


def _local_scope_of(it, node: Node, around: list[Node], name: str) -> bool:
    """At top level: whether `name` is a local of a `let` (or `@testset`, whose body Julia runs in a
    `let`) around `node` (`around`: its ancestors), assigned there outside `node`. A top-level global
    is not: a closure's assignment to it makes a local of the closure (hard scope)."""
    for a in around:
        if a.kind == "LET_EXPR" or (a.kind == "MACRO_CALL" and
                                    macro_short_name(it.text(a.child("MACRO_NAME") or a)) == "testset"):
            if name in _assigned(it, a, skip=node):
                return True
    return False


def reassigned_by_closure(it, node: Node, env, frame):
    """`env` after the closure `node` (an anonymous function, do-block or local function) is created:
    the enclosing scope's variables it assigns are shared with it (Julia boxes them, Core.Box), and
    may change whenever it runs, so their type is no longer known."""
    if env is None:
        return env
    names = (_assigned(it, node) - it._closure_params(node)) & env.keys()
    if frame.toplevel and names:
        around = ancestors(it.defs.root, node)
        hits = [nm for nm in names if _local_scope_of(it, node, around, nm)]
    else:
        hits = list(names)
    if not hits:
        return env
    env = dict(env)
    for nm in hits:
        env[nm] = UNKNOWN
    return env


def do_param_types(it, call, env, frame, meth):
    n = len(meth.params)
    args = [arg_type(p.name or "_") for p in meth.params]
    if call is None or call.kind != "CALL_EXPR" or not call.children or call.children[0].kind != "NAME":
        return args
    fname = it.text(call.children[0])
    arglist = call.child("ARG_LIST")
    argn = args_of(arglist) if arglist is not None else []
    try:
        if fname in ("map", "foreach", "filter", "any", "all", "count", "sum", "findfirst", "findall", "map!",
                     "mapreduce", "maximum", "minimum", "prod", "sort") and argn and n == 1:
            probe = Frame(frame.method, record=False, outer=frame.outer, typevars=frame.typevars)
            t, _ = it.expr(argn[-1], dict(env), probe, 0)
            e = it.iterated_element(t, probe)
            if e is not UNKNOWN:
                args[0] = e
        elif fname == "open" and n == 1:
            args[0] = dt("IOStream")
    except (Budget, RecursionError):  # the parameter types stay unknown
        pass
    return args


@handler("TYPE_ANNOTATION")
def h_typeassert(it, node, env, frame, depth):
    kids = node.children
    if len(kids) >= 3:
        v, env = it.expr(kids[0], env, frame, depth)
        if env is None:   # `error("...")::Int`: the value never comes
            return v, env
        t, env = it.written_type(kids[-1], env, frame, depth)
        # `x::T` is x's value where it is a T (else it throws): Julia's typeassert gives the
        # intersection (`mean::Number` of a Float64 is a Float64), and x is a T from there on
        if t is UNKNOWN:
            return (v if it.reg.is_concrete(v) is True else UNKNOWN), env
        if v is not UNKNOWN:
            t = meet(it.reg, v, t)
        if kids[0].kind == "NAME":
            name = it.text(kids[0])
            if name in env and env[name] is not UNKNOWN:
                env = {**env, name: meet(it.reg, env[name], t)}
        return t, env
    if len(kids) == 2:
        return it.label_type_expr(kids[-1], frame), env
    return UNKNOWN, env


@handler("CONST_STMT", "GLOBAL_STMT", "LOCAL_STMT")
def h_decl_stmt(it, node, env, frame, depth):
    t = NOTHING
    for c in node.children:
        if c.kind in ("CONST_KW", "GLOBAL_KW", "LOCAL_KW", "COMMA"):
            continue
        if c.kind == "NAME" and node.kind == "LOCAL_STMT":
            reachable(env, t)  # declaring is a step too
            it.put(frame, c, UNKNOWN, F_DEFINITION)
            continue
        if c.kind == "NAME" and node.kind == "GLOBAL_STMT":
            continue
        t, env = it.expr(c, env, frame, depth)
    return t, env


@handler("DOC")
def h_doc(it, node, env, frame, depth):
    for c in node.children:
        if c.kind == "STRING_LITERAL":
            it.flag_range(frame, c, F_DOCSTRING)
            continue
        _, env = it.expr(c, env, frame, depth)
    return NOTHING, env


@handler("STRUCT_DEF", "ABSTRACT_DEF", "PRIMITIVE_DEF", "MODULE_DEF", "USING_STMT", "IMPORT_STMT", "EXPORT_STMT",
         "PUBLIC_STMT", "MACRO_DEF")
def h_definition_stmt(it, node, env, frame, depth):
    return NOTHING, env
