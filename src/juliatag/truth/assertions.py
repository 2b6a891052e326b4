"""Type truths from the assertions of a package's passing test suite.

Read from the parse tree of each file under `test/`:

- `@test x isa T`, `@test isa(x, T)`            -> the value of `x` is a `T`
- `@test typeof(x) == T` (or `===`, either side) -> the type of `x` is exactly `T`
- `@test typeof(x) <: T`                        -> the value of `x` is a `T`
- `@test eltype(x) == T` (or `===`)             -> `eltype(x)` is the value `T` (type `Type{T}`)
- `@inferred f(x)`, `@inferred(f(x))`           -> the call is type stable

Left out: `@test ... broken=...` and `skip=...`; anything inside `@test_broken`, `@test_skip` or
`@test_throws`; `@inferred T f(x)` (it allows a union); and version-dependent tests: anything
inside an `if`/`elseif`/ternary/`&&`/`||` whose condition mentions `VERSION` (with `@static` or
not), and any assertion whose own text mentions `VERSION`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..syntax.tree import Node, parents
from .anchor import macro_args, macro_name

KIND_ISA = "isa"          # x isa T: the value's type is a subtype of T
KIND_TYPEOF = "typeof"    # typeof(x) == T: the value's type is T
KIND_ELTYPE = "eltype"    # eltype(x) == T: the expression eltype(x) has type Type{T}
KIND_INFERRED = "inferred"

_EXCLUDING_MACROS = frozenset({"test_broken", "test_skip", "test_throws"})
_EQ_OPS = frozenset({"EQ_EQ", "EQ_EQ_EQ"})


@dataclass
class Assertion:
    kind: str
    node: Node                 # the expression whose value the truth is about
    type_text: str | None      # the asserted type (None for @inferred)
    line: int                  # 1-based line of the assertion


def _mentions_version(node: Node, data: bytes) -> bool:
    return b"VERSION" in data[node.start:node.end]


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _conditions(node: Node) -> list[Node]:
    """The conditions of an `if` (its `elseif` clauses included) or of a ternary."""
    if node.kind == "TERNARY_EXPR":
        return node.children[:1]
    out = []
    for c in node.children:
        if c.kind == "CONDITION":
            out.append(c)
        elif c.kind == "ELSEIF_CLAUSE":
            out.extend(cc for cc in c.children if cc.kind == "CONDITION")
    return out


def _test_left_out(node: Node, data: bytes) -> bool:
    """`@test` with more than its expression (`broken=...`, `skip=...`, a message) or with VERSION."""
    return len(macro_args(node)) != 1 or _mentions_version(node, data)


def _excluded_context(node: Node, data: bytes, parent_of: dict) -> bool:
    """Inside a conditional whose condition mentions VERSION, or inside an excluded test
    (`parent_of`: id of a node -> its parent, `parents(root)`)."""
    cur = parent_of.get(id(node))
    while cur is not None:
        if cur.kind in ("IF_EXPR", "TERNARY_EXPR") and any(_mentions_version(c, data) for c in _conditions(cur)):
            return True
        if cur.kind == "BINARY_EXPR" and len(cur.children) == 3 and cur.children[1].kind in ("AND_AND", "OR_OR") \
                and _mentions_version(cur.children[0], data):
            return True
        if cur.kind == "MACRO_CALL":
            name = macro_name(cur, data)
            if name in _EXCLUDING_MACROS or name == "test" and _test_left_out(cur, data):
                return True
        cur = parent_of.get(id(cur))
    return False


def _call_parts(node: Node, data: bytes) -> tuple[str, list[Node]] | None:
    """(function name, argument nodes) of a plain call `f(a, b)`; keyword arguments excluded."""
    if node.kind != "CALL_EXPR" or not node.children or node.children[0].kind != "NAME":
        return None
    arglist = node.child("ARG_LIST")
    if arglist is None:
        return None
    args = []
    for a in arglist.children:
        if a.kind != "ARG" or len(a.children) != 1:
            return None
        args.append(a.children[0])
    return node.children[0].text(data), args


def _from_test_body(body: Node, data: bytes) -> tuple[str, Node, str] | None:
    kids = body.children
    if body.kind == "BINARY_EXPR" and len(kids) == 3:
        left, op, right = kids
        if op.kind == "IDENT" and op.text(data) == "isa":
            return KIND_ISA, left, right.text(data)
        if op.kind in _EQ_OPS or op.kind == "SUBTYPE":
            for a, b in ((left, right), (right, left)):
                parts = _call_parts(a, data)
                if parts is None or len(parts[1]) != 1:
                    continue
                fname, (arg,) = parts
                if fname == "typeof" and op.kind in _EQ_OPS:
                    return KIND_TYPEOF, arg, b.text(data)
                if fname == "typeof" and op.kind == "SUBTYPE" and a is left:
                    return KIND_ISA, arg, b.text(data)
                if fname == "eltype" and op.kind in _EQ_OPS:
                    return KIND_ELTYPE, a, b.text(data)
        return None
    parts = _call_parts(body, data)
    if parts is not None and parts[0] == "isa" and len(parts[1]) == 2:
        return KIND_ISA, parts[1][0], parts[1][1].text(data)
    return None


def find_assertions(root: Node, data: bytes) -> list[Assertion]:
    """Every type assertion in a test file's tree, in source order."""
    out: list[Assertion] = []
    parent_of = parents(root)
    for node in root.walk():
        if node.kind != "MACRO_CALL":
            continue
        name = macro_name(node, data)
        if name == "test":
            if _test_left_out(node, data) or _excluded_context(node, data, parent_of):
                continue  # broken=..., skip=..., VERSION-dependent: left out
            args = macro_args(node)
            found = _from_test_body(args[0], data)
            if found is not None:
                kind, expr, ttext = found
                out.append(Assertion(kind, expr, ttext.strip(), _line_of(data, node.start)))
        elif name == "inferred":
            args = macro_args(node)
            if len(args) != 1 or args[0].kind != "CALL_EXPR":
                continue
            if _mentions_version(node, data) or _excluded_context(node, data, parent_of):
                continue
            out.append(Assertion(KIND_INFERRED, args[0], None, _line_of(data, node.start)))
    return out
