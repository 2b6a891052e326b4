"""Convert type expressions in the syntax tree (`Vector{<:Real}`, `Union{T, Nothing}`) to JTypes."""

from __future__ import annotations

from ..syntax.tree import Node
from ..types.registry import TypeRegistry, make_tuple
from ..types.jtypes import ANY, BOTTOM, COLON, UNKNOWN, DataT, FuncT, JType, SymbolValue, TypeT, make_union
from ..types.jtypes import WILD, wildcard
from .tokens import OPS

_MODULE_PREFIXES = {"Base", "Core", "LinearAlgebra", "SparseArrays", "Dates", "Random", "Statistics",
                    "Threads", "Base.Threads", "Iterators", "Base.Iterators", "Meta", "Base.Meta"}


def dotted_name(node: Node, data: bytes) -> str | None:
    """`A.B.c` as a string, or None if `node` is not a plain dotted name (iterative: chains can be long)."""
    parts = []
    cur = node
    while cur.kind == "BINARY_EXPR" and len(cur.children) == 3 and cur.children[1].kind == "DOT":
        right = cur.children[2]
        if right.kind == "NAME":
            parts.append(data[right.start:right.end].decode("utf-8", "replace"))
        elif right.kind == "QUOTE_SYM" and right.children and right.children[-1].kind == "NAME":
            r = right.children[-1]
            parts.append(data[r.start:r.end].decode("utf-8", "replace"))
        else:
            return None
        cur = cur.children[0]
    if cur.kind != "NAME":
        return None
    parts.append(data[cur.start:cur.end].decode("utf-8", "replace"))
    return ".".join(reversed(parts))


def args_of(node: Node) -> list[Node]:
    """The expressions inside an ARG_LIST / BRACES / TUPLE (ARG wrappers removed)."""
    out = []
    for c in node.children:
        if c.kind == "ARG":
            if c.children:
                out.append(c.children[0])
        elif c.kind not in ("LPAREN", "RPAREN", "LBRACE", "RBRACE", "LBRACKET", "RBRACKET", "COMMA",
                            "SEMICOLON"):
            out.append(c)
    return out


class TypeConverter:
    """Turns CST type expressions into JTypes against a registry and a type-variable scope."""

    def __init__(self, registry: TypeRegistry, data: bytes):
        self.registry = registry
        self.data = data

    def text(self, node: Node) -> str:
        return self.data[node.start:node.end].decode("utf-8", "replace")

    def convert(self, node: Node, typevars: dict | None = None, values: dict | None = None) -> JType:
        """The type `node` denotes; `typevars` are the names of types in scope (static parameters,
        locals holding types), `values` the types of local variables (by name, for `typeof(x)`) and
        of parameter expressions evaluated where they stand (by node: `T{eltype(A)}`)."""
        if values and node in values:
            return values[node]
        typevars = typevars or {}
        kind = node.kind
        if kind == "NAME":
            name = self.text(node)
            if name in typevars:
                return typevars[name]
            return self.named(name)
        if kind == "BINARY_EXPR":
            kids = node.children
            if len(kids) == 3 and kids[1].kind == "DOT":
                name = dotted_name(node, self.data)
                if name is None:
                    return UNKNOWN
                return self.named(name)
            if len(kids) == 3 and kids[1].kind == "SUBTYPE":  # `T <: X` inside braces: a bounded wildcard
                return wildcard(self.convert(kids[2], typevars))
            return UNKNOWN
        if kind == "CURLY_EXPR":
            head = node.children[0]
            name = dotted_name(head, self.data)
            if name is None:
                return UNKNOWN
            arglist = node.children[1] if len(node.children) > 1 else None
            params = [self.param(a, typevars, values) for a in args_of(arglist)] if arglist is not None else []
            if name in typevars:
                return UNKNOWN
            short = name.rsplit(".", 1)[-1] if name.split(".", 1)[0] in _MODULE_PREFIXES else name
            if short == "Union":
                return make_union([p for p in params if isinstance(p, JType)])
            if short == "Type":
                return TypeT(params[0] if params and isinstance(params[0], JType) else WILD)
            if short == "Tuple":
                return make_tuple(params)
            return self.registry.apply(self._canon_name(name), params)
        if kind == "UNARY_EXPR" and node.children and node.children[0].kind == "SUBTYPE":
            return wildcard(self.convert(node.children[-1], typevars))
        if kind == "WHERE_EXPR":
            scope = dict(typevars)
            body = node.children[0]
            for v in where_vars(node):
                name, bound = v
                ub = self.convert(bound, scope) if bound is not None else ANY
                scope[self.text(name)] = wildcard(ub)
            return self.convert(body, scope)
        if kind == "CALL_EXPR" and node.children and self.text(node.children[0]) == "typeof":
            args = args_of(node.children[1]) if len(node.children) > 1 else []
            if len(args) == 1 and args[0].kind == "NAME":
                name = self.text(args[0])
                if values is not None and name in values:
                    return values[name]   # `typeof(v)` of a local variable: its type
                return FuncT(name)
            if len(args) == 1:
                return self._function_type(args[0])
            return UNKNOWN
        if kind == "PAREN_EXPR" and len(node.children) >= 2:
            return self.convert(node.children[1], typevars)
        return UNKNOWN

    def _function_type(self, node: Node) -> JType:
        """`typeof(f)` of a function written as an operator (`typeof(!)`, `typeof(+)`, `typeof(:)`)
        or through its module (`typeof(Base.sum)`): the function's singleton type."""
        kind = node.kind
        if kind == "PAREN_EXPR":
            inner = [c for c in node.children if c.kind not in ("LPAREN", "RPAREN")]
            return self._function_type(inner[0]) if len(inner) == 1 else UNKNOWN
        if kind in ("OPERATOR_ATOM", "COLON") or kind in OPS:
            name = self.text(node).strip("()")
            return COLON if name == ":" else FuncT(name) if name else UNKNOWN
        if kind == "BINARY_EXPR":
            dotted = dotted_name(node, self.data)
            last = dotted.rsplit(".", 1)[-1] if dotted is not None else ""
            if last[:1].islower():
                return FuncT(last)
        return UNKNOWN

    def param(self, node: Node, typevars: dict, values: dict | None = None):
        kind = node.kind
        if kind == "LITERAL" and node.children:
            tok = node.children[-1]
            text = self.text(node)
            if tok.kind in ("INTEGER", "HEX_INT", "OCT_INT", "BIN_INT"):
                try:
                    return int(text.replace("_", ""), 0)
                except ValueError:
                    return UNKNOWN
            if tok.kind == "TRUE_KW":
                return True
            if tok.kind == "FALSE_KW":
                return False
            return UNKNOWN
        if kind == "QUOTE_SYM" and node.children and node.children[-1].kind == "NAME":
            return SymbolValue(self.text(node.children[-1]))
        if kind == "NAME" and self.text(node) == "Any":
            return ANY
        return self.convert(node, typevars, values)

    def apply(self, name: str, params: list) -> JType:
        """`name{params...}` for a type written `name` (qualified or not), its parameters given."""
        return self.registry.apply(self._canon_name(name), params)

    def _canon_name(self, name: str) -> str:
        if "." in name:
            canon = self.registry.canonical(name)
            if canon is not None:
                return canon
            mod, _, short = name.rpartition(".")
            if mod in _MODULE_PREFIXES:
                return self.registry.canonical(short) or name
        return name

    def named(self, name: str) -> JType:
        if name == "Any" or name == "Core.Any" or name == "Base.Any":
            return ANY
        if name in ("Union{}", "Bottom"):
            return BOTTOM
        if name in ("Union",):
            return DataT("Union")
        if name == "Function" or name == "Base.Function":
            return DataT("Function")
        if name == "Type":
            return TypeT(WILD)
        return self.registry.apply(self._canon_name(name), [])


def where_vars(node: Node) -> list[tuple[Node, Node | None]]:
    """(name node, bound node or None) for each variable of a WHERE_EXPR (SimpleTraits' trait
    constraints after a `;` left out)."""
    out = []
    started = False
    for c in node.children:
        if c.kind == "WHERE_KW":
            started = True
            continue
        if not started:
            continue
        if c.kind == "BRACESCAT_EXPR":   # `{AG<:AbstractGraph; IsDirected{AG}}`: a trait after the `;`
            items = []
            for k in c.children:
                if k.kind == "SEMICOLON":
                    break
                if k.kind == "ARG" and k.children:
                    items.append(k.children[0])
        else:
            items = args_of(c) if c.kind == "BRACES" else [c]
        for it in items:
            if it.kind == "NAME":
                out.append((it, None))
            elif it.kind == "BINARY_EXPR" and len(it.children) == 3 and it.children[1].kind == "SUBTYPE" \
                    and it.children[0].kind == "NAME":
                out.append((it.children[0], it.children[2]))
    return out
