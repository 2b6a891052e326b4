"""Which lexeme carries the type of an expression's value, by the label schema (DESIGN.md).

- a literal, a name, a string, a quoted symbol: the lexeme itself (its first lexeme);
- a call `f(x)`, `A.f(x)`, `T{P}(x)`, `f.(x)`: the function's name (the last name of a qualified
  callee, the head of a parametric one);
- an operator expression `a + b`, `-x`, `x'`, `a + b + c`: the (last) operator;
- a field `a.b`: the field name; an index `a[i]`: the `[`; a range `a:b`: the first `:`;
- an array, matrix, tuple or comprehension literal: its opening bracket;
- `(x)`, a single-argument macro that keeps its argument's value (`@inferred f(x)`,
  `@inbounds x[i]`, `@views a[1:2]`): the inner expression;
- an assignment `x = rhs`: the assigned name (its label is the value bound), or the right-hand
  side when the left is not a plain name.
Anything else (blocks, `if`, `let`, other macros, comparisons chains with `&&`) has no anchor,
and its truth is not scored.
"""

from __future__ import annotations

from ..syntax.tree import Node

_KEEP_MACROS = frozenset({"inferred", "inbounds", "views", "view", "fastmath", "propagate_inbounds"})
_LITERAL_KINDS = frozenset({"LITERAL", "NAME", "STRING_LITERAL", "QUOTE_SYM"})
_BRACKET_KINDS = frozenset({"VECT_EXPR", "MATRIX_EXPR", "TYPED_MATRIX_EXPR", "TUPLE_EXPR", "COMPREHENSION",
                            "TYPED_COMPREHENSION"})
_NO_VALUE_OPS = frozenset({"AND_AND", "OR_OR", "EQ", "DOT"})


def macro_name(node: Node, data: bytes) -> str:
    """`test` for `@test ...`, `inferred` for `@Test.inferred ...` ('' if not a macro call)."""
    if node.kind != "MACRO_CALL":
        return ""
    name = node.child("MACRO_NAME")
    if name is None:
        return ""
    return name.text(data).lstrip("@").rsplit(".", 1)[-1]


def macro_args(node: Node) -> list[Node]:
    """The arguments of a macro call, both `@m a b` and `@m(a, b)` forms."""
    args = [c for c in node.children if c.kind != "MACRO_NAME"]
    if len(args) == 1 and args[0].kind == "ARG_LIST":
        args = [a.children[0] if a.kind == "ARG" and a.children else a for a in args[0].children]
    return args


def _callee_anchor(callee: Node) -> int | None:
    if callee.kind == "NAME":
        return callee.start
    if callee.kind == "BINARY_EXPR" and len(callee.children) == 3 and callee.children[1].kind == "DOT":
        last = callee.children[2]
        return last.start if last.kind in ("NAME", "QUOTE_SYM") else None
    if callee.kind == "CURLY_EXPR" and callee.children:
        return _callee_anchor(callee.children[0])
    return None


def value_anchor(node: Node, data: bytes, _depth: int = 0) -> int | None:
    """Byte offset of the lexeme whose label is the type of `node`'s value, or None."""
    if _depth > 16:
        return None
    kind = node.kind
    kids = node.children
    if kind in _LITERAL_KINDS:
        return node.start
    if kind in ("PAREN_EXPR", "ARG") and len(kids) == 1:
        return value_anchor(kids[0], data, _depth + 1)
    if kind == "CALL_EXPR" and kids:
        return _callee_anchor(kids[0])
    if kind == "DOT_CALL_EXPR" and kids:
        callee = kids[0]
        return callee.start if callee.kind == "NAME" else (callee.children[-1].start if callee.children else None)
    if kind == "BINARY_EXPR" and len(kids) >= 3 and len(kids) % 2 == 1:
        if len(kids) == 3 and kids[1].kind == "DOT":
            return kids[2].start if kids[2].kind == "NAME" else None
        if any(kids[i].kind in _NO_VALUE_OPS for i in range(1, len(kids), 2)):
            return None
        return kids[-2].start
    if kind == "UNARY_EXPR" and len(kids) >= 2:
        if kids[0].kind in ("SUBTYPE", "SUPERTYPE", "DOLLAR", "COLON_COLON"):
            return None
        return kids[0].start
    if kind == "POSTFIX_EXPR" and len(kids) >= 2:
        return kids[-1].start
    if kind == "INDEX_EXPR":
        arglist = node.child("ARG_LIST")
        return arglist.start if arglist is not None and kids and kids[0] is not arglist else None
    if kind == "RANGE_EXPR":
        colon = node.child("COLON")
        return colon.start if colon is not None else None
    if kind in _BRACKET_KINDS:
        return node.start
    if kind == "MACRO_CALL" and macro_name(node, data) in _KEEP_MACROS:
        args = macro_args(node)
        return value_anchor(args[0], data, _depth + 1) if len(args) == 1 else None
    if kind == "ASSIGNMENT_EXPR" and len(kids) == 3 and kids[1].kind == "EQ":
        if kids[0].kind == "NAME":
            return kids[0].start
        return value_anchor(kids[2], data, _depth + 1)
    return None
