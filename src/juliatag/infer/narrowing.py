"""Narrowing: the environments in which a condition is true and false (`isa`, `=== nothing`,
`isnothing`, `!`, `&&`, `||`), and the intersection/subtraction of a variable's type with a test."""

from __future__ import annotations

from ..syntax.tree import Node
from ..types.jtypes import (BOOL, COLON, MISSING, NOTHING, UNKNOWN, DataT, JType, SymbolValue, TypeT, UnionT, is_known,
                            is_named_var, mentions)
from ..types.lattice import meet, subtract
from .base import builtins
from .state import Unreachable, reachable
from .tokens import TRIVIAL
from .typeconv import args_of


def narrow(it, cond: Node, env: dict, frame, prune: bool = False) -> tuple[dict | None, dict | None]:
    """Environments where `cond` is true / false, refining local variables' types. With `prune`, a
    type test the variable's type decides (`ismissing(s)` of a Float64 s, `x isa Int` of an Int64)
    rules out one side, None, also within `&&` and `||` (`(ismissing(m) || iszero(m)) && return m`
    returns only where m is zero), as Julia's inference drops the branch a `Const` condition
    rules out."""
    reachable(env)  # a condition that cannot complete ends the construct that tests it
    kind = cond.kind
    kids = cond.children
    if kind == "PAREN_EXPR":
        inner = [c for c in kids if c.kind not in TRIVIAL]
        if len(inner) == 1:
            return narrow(it, inner[0], env, frame, prune)
    if kind == "UNARY_EXPR" and kids and kids[0].kind == "BANG":
        a, b = narrow(it, kids[-1], env, frame, prune)
        return b, a
    if kind == "BINARY_EXPR" and len(kids) == 3 and kids[1].kind in ("AND_AND", "OR_OR"):
        left, op, right = kids
        lt, lf = narrow(it, left, env, frame, prune)
        if op.kind == "AND_AND":
            rt, rf = narrow(it, right, lt, frame, prune) if lt is not None else (None, None)
            return rt, it.join_envs([lf, rf])
        rt, rf = narrow(it, right, lf, frame, prune) if lf is not None else (None, None)
        return it.join_envs([lt, rt]), rf
    t_env, f_env = _narrow_test(it, cond, env, frame)
    # (not at top level, where a global's type may be changed by a function that assigns it)
    if prune and frame is not None and not frame.toplevel:
        decided = type_test_constant(it, cond, env, frame)
        if decided is True:
            f_env = None
        elif decided is False:
            t_env = None
    return t_env, f_env


def _narrow_test(it, cond: Node, env: dict, frame) -> tuple[dict, dict]:
    """`narrow` of a condition that is not `!`, `&&` or `||`."""
    t_env, f_env = dict(env), dict(env)
    kind = cond.kind
    kids = cond.children
    if kind == "BINARY_EXPR" and len(kids) == 3:
        left, op, right = kids
        if left.kind == "NAME":
            name = it.text(left)
            if name not in env:
                return t_env, f_env
            cur = env[name]
            if op.kind == "IDENT" and it.text(op) == "isa":
                target = it.conv.convert(right, frame.typevars)
                if target is not UNKNOWN:
                    t_env[name] = meet(it.reg, cur, target)
                    f_env[name] = subtract(it.reg, cur, target)
                return t_env, f_env
            single = _singleton(it, right)
            if op.kind in ("EQ_EQ_EQ", "EQ_EQ", "NOT_EQ_EQ", "NOT_EQ") and single is not None:
                yes, no = meet(it.reg, cur, single), subtract(it.reg, cur, single)
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
                t_env[name] = meet(it.reg, env[name], single)
                f_env[name] = subtract(it.reg, env[name], single)
        if fname == "isa" and len(args) == 2 and args[0].kind == "NAME":
            name = it.text(args[0])
            target = it.conv.convert(args[1], frame.typevars)
            if name in env and target is not UNKNOWN:
                t_env[name] = meet(it.reg, env[name], target)
                f_env[name] = subtract(it.reg, env[name], target)
    return t_env, f_env


_SINGLETON_TESTS = {"isnothing": NOTHING, "ismissing": MISSING}


def _singleton(it, node: Node):
    """The type of the one value `node` writes that is the only instance of its type: `nothing`,
    `missing`, `(:)` (`x === nothing` tests x's type)."""
    if node.kind == "NAME" and it.text(node) in ("nothing", "missing"):
        return NOTHING if it.text(node) == "nothing" else MISSING
    if node.kind == "PAREN_EXPR":
        inner = [c for c in node.children if c.kind not in TRIVIAL and c.kind not in ("LPAREN", "RPAREN")]
        if len(inner) == 1 and (inner[0].kind == "COLON" or (inner[0].kind == "OPERATOR_ATOM" and
                                                             it.text(inner[0]) == ":")):
            return COLON
    return None


def _same_singleton(it, left: Node, right: Node, env: dict) -> bool | None:
    """`x === nothing` (`missing`, `(:)`) of a local variable whose type decides it, as Julia's `===`
    does: true where x is of that singleton's type, false where its type cannot hold that value."""
    single = _singleton(it, right)
    if single is not None:
        return _is_singleton(it, left, single, env)
    if _bool_literal(right):
        # `viewhint === true` of a keyword left at its default `nothing`: false, whatever its value
        # (a Bool may be either value: only a type that holds no Bool decides it)
        return False if _is_singleton(it, left, BOOL, env) is False else None
    return None


def _bool_literal(node: Node) -> bool:
    """Whether `node` writes `true` or `false`."""
    while node.kind == "LITERAL" and len(node.children) == 1:
        node = node.children[0]
    return node.kind in ("TRUE_KW", "FALSE_KW")


def _is_singleton(it, left: Node, single: JType, env: dict) -> bool | None:
    """Whether local variable `left` holds the one value of type `single` (`nothing`, `missing`),
    where its type decides it (`_same_singleton`; `isnothing(x)`, `ismissing(x)`)."""
    if left.kind != "NAME":
        return None
    cur = env.get(it.text(left))
    if cur is None or not isinstance(cur, (DataT, UnionT)) or not is_known(cur):
        return None
    if cur == single:
        return True
    if not it.reg.may_intersect(cur, single):
        return False
    return None


def _written_type(it, node: Node, env: dict, frame):
    """The type written out at `node` in a condition (`AbstractVector{<:Pair}`), as the registry
    converts it; None where it is not fully known or names a type variable, and where a name in it is
    a local variable (`AbstractDict{K,V}` of locals K and V: the text does not say their values)."""
    if any(n.kind == "NAME" and it.text(n) in env for n in node.walk()):
        return None
    t = it.conv.convert(node, frame.typevars)
    if t is UNKNOWN or not is_known(t) or mentions(t, is_named_var):
        return None
    return t


def _type_value(it, node: Node, env: dict, frame, unions: bool = False):
    """The type an operand of `==`, `===`, `<:` (...) is, where it is one Julia knows as a constant: a
    local variable holding exactly one type (`Type{T}`: a loop's `for T in (Tridiagonal,
    SymTridiagonal)`), `eltype(v)` or `typeof(v)` of a local whose type fixes it, or a type written
    out that the registry declares (with `unions`, a union of such); None otherwise, and for a type
    with a type variable in it or one not fully known."""
    if node.kind == "NAME" and it.text(node) in env:
        cur = env[it.text(node)]
        t = cur.of if isinstance(cur, TypeT) else None
    elif _is_call_of(it, node, ("eltype", "typeof")):
        # `eltype(v)` / `typeof(v)` of a local variable, a constant where its type fixes it
        local = _local_argument(it, node, env)
        if local is None:
            return None
        cur = it.call_named(it.text(node.children[0]), [local], {}, frame)
        t = cur.of if isinstance(cur, TypeT) else None
    elif frame is not None and (node.kind in ("NAME", "CURLY_EXPR") or (  # `LinearAlgebra.BlasReal` too
            node.kind == "BINARY_EXPR" and len(node.children) == 3 and node.children[1].kind == "DOT")):
        t = _written_type(it, node, env, frame)
        if t is None:
            return None
        written = t.members if unions and isinstance(t, UnionT) else (t,)
        if not all(isinstance(m, DataT) and it.reg.decl(m.name) is not None for m in written):
            return None
    else:
        return None
    if not (isinstance(t, DataT) or (unions and isinstance(t, UnionT))) or not is_known(t) or \
            mentions(t, is_named_var):
        return None
    return t


def _same_type(it, left: Node, right: Node, env: dict, frame) -> bool | None:
    """`T == Tridiagonal` (`===`, `!=`, `!==`) of two types Julia knows as constants, which it folds
    (`jl_types_equal`): true for the same type; false for two that are not, where neither is a
    subtype of the other (a bare name's open parameters, `Tridiagonal{<:Any, <:AbstractVector}`,
    stand for all its instances, so only such a pair is surely unequal); else None."""
    a = _type_value(it, left, env, frame)
    if a is None:
        return None
    b = _type_value(it, right, env, frame)
    if b is None:
        return None
    if a == b:
        return True
    if not it.reg.issub(a, b) and not it.reg.issub(b, a):
        return False
    return None


def _constant_subtype(it, left: Node, right: Node, env: dict, frame) -> bool | None:
    """`T <: Complex` (`>:`) of a type Julia knows as a constant (a run's `for T in (Float32,
    ComplexF64)`) and a type written out (a union too: `T <: Union{Float32, Float64}`), which
    Julia folds: true where it is a subtype; false where it is a concrete type that is not, or no
    type can be both; else None."""
    a = _type_value(it, left, env, frame)
    if a is None:
        return None
    b = _type_value(it, right, env, frame, unions=True)
    if b is None:
        return None
    if it.reg.issub(a, b):
        return True
    if it.reg.is_concrete(a) is True or not it.reg.may_intersect(a, b):
        return False
    return None


# how many calls deep `constant_condition` follows a method whose body is a call
MAX_CONSTANT_CALL_DEPTH = 4


def literal_constant(node: Node, text) -> bool | SymbolValue | None:
    """The value of a `true`/`false` or `:name` literal, as constant propagation carries it into a
    call (`view=true`, `getproperty(x, :name)`); None for anything else."""
    kind = node.kind
    if kind == "LITERAL" and len(node.children) == 1:
        node = node.children[0]
        kind = node.kind
    if kind == "TRUE_KW":
        return True
    if kind == "FALSE_KW":
        return False
    if kind == "QUOTE_SYM" and len(node.children) == 2 and node.children[-1].kind == "NAME":
        return SymbolValue(text(node.children[-1]))
    return None


_EQUALITY = {"EQ_EQ_EQ": True, "EQ_EQ": True, "NOT_EQ_EQ": False, "NOT_EQ": False}


def _constant_value(it, node: Node, frame) -> bool | SymbolValue | None:
    """A literal, or a parameter the call gave a constant (`Frame.constants`)."""
    if node.kind == "NAME":
        return frame.constants.get(it.text(node)) if frame is not None else None
    return literal_constant(node, it.text)


def _constant_comparison(it, cond: Node, frame) -> bool | None:
    """`f === :name`, `f != :name`, `flag == true`, `f in (:a, :b)` of a constant parameter."""
    kids = cond.children
    op = kids[1]
    left = _constant_value(it, kids[0], frame)
    if left is None:
        return None
    if op.kind in _EQUALITY:
        right = _constant_value(it, kids[2], frame)
        if right is None or type(right) is not type(left):
            return None
        return (left == right) == _EQUALITY[op.kind]
    if it.text(op) in ("in", "∈", "∉") and kids[2].kind in ("TUPLE_EXPR", "VECT_EXPR"):
        items = [literal_constant(a, it.text) for a in args_of(kids[2])]
        if any(v is None for v in items):
            return None
        return (left in items) == (it.text(op) != "∉")
    return None


def type_test_constant(it, cond: Node, env: dict, frame) -> bool | None:
    """The value of a type test of a local variable where its type decides it, as Julia's `===` and
    `isa` give it (`Const`): `x === nothing` / `x !== missing` (also `(:)`), `isnothing(x)`,
    `ismissing(x)` (`x === missing`: false for a Float64 x; within a method only), `x isa T`,
    `isa(x, T)`; else None."""
    kids = cond.children
    if cond.kind == "BINARY_EXPR" and len(kids) == 3:
        if kids[1].kind in ("EQ_EQ_EQ", "NOT_EQ_EQ"):
            same = _same_singleton(it, kids[0], kids[2], env)
            return None if same is None else same == (kids[1].kind == "EQ_EQ_EQ")
        if kids[1].kind == "IDENT" and it.text(kids[1]) == "isa":
            return _constant_isa(it, kids[0], kids[2], env, frame)
        return None
    if cond.kind == "CALL_EXPR" and len(kids) >= 2 and kids[0].kind == "NAME" and kids[1].kind == "ARG_LIST":
        name = it.text(kids[0])
        if name in _SINGLETON_TESTS and frame is not None and not frame.toplevel:
            args = args_of(kids[1])
            return _is_singleton(it, args[0], _SINGLETON_TESTS[name], env) if len(args) == 1 else None
        if name == "isa":
            args = args_of(kids[1])
            return _constant_isa(it, args[0], args[1], env, frame) if len(args) == 2 else None
    return None


def constant_condition(it, cond: Node, env: dict, depth: int = 0, frame=None) -> bool | None:
    """The value of condition `cond` where Julia's inference knows it as a constant (its `Const`
    lattice element), else None: `true`/`false`, `!c`, `a && b`, `a || b`, and a call of the
    package's own function, with arguments that are local variables (or `typeof` of one), whose
    one applicable method returns such a constant (`is_directed(g::SimpleGraph)`, through
    `is_directed(::Type{<:SimpleGraph}) = false`). A branch it rules out is dead code, as
    Julia's inference finds it (`is_directed(g) ? DiGraph(g) : Graph(g)` is a Graph)."""
    kind = cond.kind
    kids = [c for c in cond.children if c.kind not in TRIVIAL]
    if kind == "TRUE_KW":
        return True
    if kind == "FALSE_KW":
        return False
    if kind == "LITERAL" and len(kids) == 1:
        return constant_condition(it, kids[0], env, depth, frame)
    if kind == "PAREN_EXPR" and len(kids) == 1:
        return constant_condition(it, kids[0], env, depth, frame)
    if kind == "UNARY_EXPR" and len(cond.children) == 2 and cond.children[0].kind == "BANG":
        v = constant_condition(it, cond.children[-1], env, depth, frame)
        return None if v is None else not v
    if kind == "NAME" and frame is not None:
        value = frame.constants.get(it.text(cond))
        return value if isinstance(value, bool) else None
    if kind == "BINARY_EXPR" and len(cond.children) == 3 and cond.children[1].kind in ("AND_AND", "OR_OR"):
        left = constant_condition(it, cond.children[0], env, depth, frame)
        right = constant_condition(it, cond.children[2], env, depth, frame)
        if cond.children[1].kind == "AND_AND":
            return False if False in (left, right) else (True if left is True and right is True else None)
        return True if True in (left, right) else (False if left is False and right is False else None)
    if kind == "BINARY_EXPR" and len(cond.children) == 3 and cond.children[1].kind in ("EQ_EQ_EQ", "NOT_EQ_EQ"):
        same = type_test_constant(it, cond, env, frame)
        if same is not None:
            return same
    if kind == "BINARY_EXPR" and len(cond.children) == 3 and cond.children[1].kind in ("SUBTYPE", "SUPERTYPE"):
        left, right = cond.children[0], cond.children[2]
        if cond.children[1].kind == "SUPERTYPE":
            left, right = right, left
        return _constant_subtype(it, left, right, env, frame)
    if kind == "BINARY_EXPR" and len(cond.children) == 3 and cond.children[1].kind in _EQUALITY:
        same = _same_type(it, cond.children[0], cond.children[2], env, frame)
        if same is not None:
            return same == _EQUALITY[cond.children[1].kind]
    if kind == "BINARY_EXPR" and len(cond.children) == 3 and cond.children[1].kind == "IDENT" and \
            it.text(cond.children[1]) == "isa":
        return type_test_constant(it, cond, env, frame)
    if kind == "BINARY_EXPR" and len(cond.children) == 3 and frame is not None and frame.constants:
        return _constant_comparison(it, cond, frame)
    if kind == "CALL_EXPR" and len(cond.children) >= 2 and cond.children[0].kind == "NAME" and \
            it.text(cond.children[0]) in ("isa", *_SINGLETON_TESTS) and cond.children[1].kind == "ARG_LIST":
        return type_test_constant(it, cond, env, frame)
    if kind == "CALL_EXPR" and depth < MAX_CONSTANT_CALL_DEPTH and len(cond.children) >= 2 and \
            cond.children[0].kind == "NAME" and cond.children[1].kind == "ARG_LIST":
        args = _constant_call_args(it, args_of(cond.children[1]), env, frame)
        if args is None:
            return None
        return it.constant_result(it.text(cond.children[0]), args, depth)
    return None


def _constant_isa(it, value: Node, typ: Node, env: dict, frame) -> bool | None:
    """`x isa T` of a local variable whose type decides it, as Julia's `isa` does for the type it
    infers for x: true where that type is a subtype of T, false where no value of it can be a T
    (`c isa AbstractVector{<:Pair}` of a `Vector{Symbol}`); None where either type is not known or T
    names a type variable."""
    if frame is None:
        return None
    if value.kind == "CALL_EXPR" and not any(n.kind in ("ASSIGNMENT_EXPR", "DO_EXPR", "ARROW_EXPR")
                                             for n in value.walk()):
        # a call's value of a concrete type (`IndexStyle(f) isa IndexCartesian`), worked out unlabelled
        # (the condition itself is evaluated, and labelled, as any other)
        saved = frame.record
        frame.record = False
        try:
            cur, _ = it.expr(value, dict(env), frame)
        except Unreachable:
            return None
        finally:
            frame.record = saved
        if not isinstance(cur, DataT) or not is_known(cur) or it.reg.is_concrete(cur) is not True:
            return None
    elif value.kind == "NAME":
        cur = env.get(it.text(value))
    else:
        return None
    if not isinstance(cur, (DataT, UnionT)) or not is_known(cur):
        return None
    target = _written_type(it, typ, env, frame)
    if target is None:
        return None
    if it.reg.issub(cur, target):
        return True
    if not it.reg.may_intersect(cur, target):
        return False
    return None


def _is_call_of(it, node: Node, names: tuple) -> bool:
    """Whether `node` is a call `f(...)` of a function written as one of `names`."""
    return node.kind == "CALL_EXPR" and len(node.children) >= 2 and node.children[0].kind == "NAME" and \
        it.text(node.children[0]) in names and node.children[1].kind == "ARG_LIST"


def _local_argument(it, call: Node, env: dict):
    """The type of the one argument of `call` where it is a local variable (`typeof(x)`); else None."""
    args = args_of(call.children[1])
    if len(args) != 1 or args[0].kind != "NAME" or it.text(args[0]) not in env:
        return None
    return env[it.text(args[0])]


def _constant_call_args(it, nodes: list, env: dict, frame=None) -> list | None:
    """The types of a call's arguments where each is a local variable or `typeof` of one (or, in a
    template macro's expansion, a splice of the call's arguments)."""
    out = []
    for a in nodes:
        if a.kind == "NAME" and it.text(a) in env:
            out.append(env[it.text(a)])
        elif a.kind == "INTERPOLATION" and frame is not None and frame.holes is not None and a.start in frame.holes:
            spliced = frame.holes[a.start]
            if isinstance(spliced, list):
                out.extend(spliced)
            else:
                out.append(spliced)
        elif _is_call_of(it, a, ("typeof",)):
            local = _local_argument(it, a, env)
            if local is None:
                return None
            out.append(TypeT(local))
        else:
            return None
    if any(t is UNKNOWN or not is_known(t) for t in out):
        return None
    return out


def unshadowed_base_function(it, name: str) -> bool:
    """Whether `name` in this file is Base's function: neither the file nor its package defines one."""
    return name not in it.defs.methods and (it.package is None or name not in it.package.functions)


def constant_integer(it, node: Node, env: dict, frame) -> int | None:
    """The value of an integer Julia knows as a constant where `node` stands: a literal, a static
    parameter's value (`N`), `ndims(A)` of an array whose type fixes its dimensions, `length(t)` of
    a tuple of fixed length (as constant propagation folds them); None for anything else."""
    kind = node.kind
    if kind == "LITERAL" and len(node.children) == 1:
        node = node.children[0]
        kind = node.kind
    if kind == "INTEGER":
        try:
            return int(it.text(node).replace("_", ""))
        except ValueError:
            return None
    if kind == "NAME":
        v = frame.typevars.get(it.text(node))
        return v if isinstance(v, int) and not isinstance(v, bool) else None
    if kind == "CALL_EXPR" and len(node.children) == 2 and node.children[0].kind == "NAME":
        fname = it.text(node.children[0])
        inner = args_of(node.children[1]) if node.children[1].kind == "ARG_LIST" else []
        if fname in ("ndims", "length") and len(inner) == 1 and inner[0].kind == "NAME" and \
                unshadowed_base_function(it, fname):
            t = env.get(it.text(inner[0]))
            if fname == "ndims":
                ap = builtins.array_params(t, it.reg) if isinstance(t, JType) else None
                return ap[1] if ap is not None and isinstance(ap[1], int) else None
            if builtins.fixed_tuple(t):
                return len(t.params)
    return None
