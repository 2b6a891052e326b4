"""What a file defines: types, methods, constants, globals, imports and macros.

One pass over the top level (into modules, `begin` blocks, top-level `if`s and macro calls
that wrap definitions; not into function bodies) collects definitions before any body is
analyzed, so code can call functions and use types declared further down the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..syntax.tree import Node
from ..types.registry import TypeDecl, TypeRegistry
from ..types.jtypes import ANY, DataT, VarT
from .base.knowledge import (CALL_EVALUATING_MACROS, MACRO_RESULTS, NOTHING_MACROS, STDLIB_MODULES,
                             TYPE_PRESERVING_MACROS)
from .tokens import METHOD_OP_KINDS, TRIVIAL, macro_short_name
from .typeconv import TypeConverter, args_of, dotted_name, where_vars

@dataclass
class Param:
    name: str | None
    name_node: Node | None
    type_node: Node | None
    default: Node | None = None
    vararg: bool = False
    keyword: bool = False
    count_node: Node | None = None   # the N of `xs::Vararg{T, N}`: how many arguments it takes
    destructure: Node | None = None  # the `(a, b)` of a destructuring argument `(a, b)::Tuple{...}`
    # SimpleTraits' `@traitfn f(x::T::Trait)` / `f(x::::(!Trait))`: the method applies to the x of
    # type T for which the trait holds (or does not), which a type alone does not tell
    trait: bool = False
    trait_node: Node | None = None   # the trait written (`IsDirected`, `(!IsDirected)`)


@dataclass
class MethodDef:
    name: str
    node: Node
    name_node: Node | None
    params: list[Param]
    kwparams: list[Param]
    where: list            # [(name_node, bound_node | None)]
    ret_node: Node | None
    body: Node | None
    functor: Node | None = None    # the type node of `(x::Foo)(args) = ...`
    curly: Node | None = None      # `Foo{T}(x) where T = ...` constructors: the CURLY_EXPR
    uid: int = 0
    owner: str | None = None       # the module a qualified definition extends: "Base" for `Base.length(x) = ...`
    # an `@generated` function: its body computes the code a call runs (an Expr), not the result
    generated: bool = False
    # SimpleTraits' `@traitfn f(x::T) where {T; Trait{T}}`: one of the methods of a signature that
    # the trait of the argument's type picks between
    trait: bool = False
    qualified: Node | None = None  # the callee `Base.show` of `function Base.show(...)`, whose module parts are labelled

    @cached_property
    def min_args(self) -> int:
        return sum(1 for p in self.params if p.default is None and not p.vararg)

    @cached_property
    def max_args(self) -> float:
        return float("inf") if any(p.vararg for p in self.params) else len(self.params)

    @cached_property
    def forwards(self) -> bool:
        """Whether the body only passes values on to one call (`mul(A, B) = _mul(A, B)`,
        `function f(x) return g(x.data, 1) end`): arguments that are names, literals, fields of
        names, splats of names or keywords of those."""
        body = self.body
        if body is not None and body.kind == "BLOCK":
            stmts = [c for c in body.children if c.kind not in TRIVIAL]
            body = stmts[0] if len(stmts) == 1 else None
        if body is not None and body.kind == "RETURN_EXPR":
            stmts = [c for c in body.children if c.kind not in TRIVIAL and c.kind != "RETURN"]
            body = stmts[0] if len(stmts) == 1 else None
        if body is None or body.kind != "CALL_EXPR" or len(body.children) != 2 or \
                body.children[1].kind != "ARG_LIST":
            return False
        todo = args_of(body.children[1])
        while todo:
            a = todo.pop()
            if a.kind == "PARAMETERS":
                todo.extend(c for c in a.children if c.kind not in TRIVIAL)
            elif a.kind == "KEYWORD_ARG":
                todo.extend(c for c in a.children[2:] if c.kind not in TRIVIAL)
            elif a.kind == "SPLAT_EXPR":
                if a.children[0].kind != "NAME":
                    return False
            elif a.kind == "BINARY_EXPR":
                if [c.kind for c in a.children] != ["NAME", "DOT", "NAME"]:
                    return False
            elif a.kind not in ("NAME", "LITERAL"):
                return False
        return True


@dataclass
class StructDef:
    name: str
    node: Node
    name_node: Node
    fields: list            # [(name, name_node, type_node | None, default_node | None)]
    mutable: bool
    params: list            # [(name_node, bound_node | None)]
    super_node: Node | None


@dataclass
class FileDefs:
    registry: TypeRegistry
    methods: dict = field(default_factory=dict)          # name -> [MethodDef]
    structs: dict = field(default_factory=dict)          # name -> StructDef
    abstracts: list = field(default_factory=list)        # StructDef of abstract and primitive types
    consts: dict = field(default_factory=dict)           # name -> (name_node, rhs node, type node | None)
    typed_globals: dict = field(default_factory=dict)    # name -> type node
    globals: dict = field(default_factory=dict)          # name -> [assignment nodes]
    imported: set = field(default_factory=set)           # names brought in by using/import lists
    opaque_using: bool = False                           # a `using M` of a module we do not know
    used_modules: set = field(default_factory=set)
    macros: dict = field(default_factory=dict)           # name -> [MACRO_DEF node]
    # functions a macro not known here is given as a call (`@register_symbolic f(x, y::A)`): the
    # methods it defines are not known
    macro_methods: set = field(default_factory=set)
    modules: set = field(default_factory=set)
    enums: dict = field(default_factory=dict)            # value name -> enum type name
    definition_sites: dict = field(default_factory=dict)  # offset -> what is defined there
    definition_nodes: set = field(default_factory=set)    # start offsets of collected method definitions
    toplevel: list = field(default_factory=list)         # top-level statement nodes, in order
    root: Node | None = None                             # the file's tree

    def all_methods(self):
        for ms in self.methods.values():
            yield from ms


class DefinitionCollector:
    def __init__(self, data: bytes, registry: TypeRegistry):
        self.data = data
        self.defs = FileDefs(registry=registry)
        self.conv = TypeConverter(registry, data)
        self._uid = 0
        self._in_generated = False   # inside `@generated`: the methods made are generated functions
        self._pending_structs: list[StructDef] = []

    def text(self, node: Node) -> str:
        return self.data[node.start:node.end].decode("utf-8", "replace")

    # ------------------------------------------------------------------ walk
    def collect(self, root: Node) -> FileDefs:
        self.defs.root = root
        stack = [(root, True)]
        order: list[Node] = []
        while stack:
            node, top = stack.pop()
            kids = node.children
            if node.kind in ("ROOT", "BLOCK", "BEGIN_EXPR", "TOPLEVEL_SEMICOLON"):
                for c in reversed(kids):
                    stack.append((c, top))
                continue
            if node.kind == "MODULE_DEF":
                sig = node.child("SIGNATURE")
                if sig is not None and sig.children:
                    self.defs.modules.add(self.text(sig.children[0]))
                body = node.child("BLOCK")
                if body is not None:
                    for c in reversed(body.children):
                        stack.append((c, True))
                continue
            if node.kind == "IF_EXPR":  # conditional definitions at top level
                for c in reversed(kids):
                    if c.kind in ("BLOCK", "ELSEIF_CLAUSE", "ELSE_CLAUSE"):
                        stack.append((c, top))
                continue
            if node.kind in ("ELSEIF_CLAUSE", "ELSE_CLAUSE"):
                for c in reversed(kids):
                    if c.kind == "BLOCK":
                        stack.append((c, top))
                continue
            if node.kind == "MACRO_CALL" and node.child("IF_EXPR") is not None and \
                    macro_short_name(self.text(node.child("MACRO_NAME") or node)) == "static":
                stack.append((node.child("IF_EXPR"), top))   # `@static if`: conditional definitions too
                continue
            if node.kind == "DOC" and node.child("MODULE_DEF") is not None:  # a documented module
                stack.append((node.child("MODULE_DEF"), top))
                continue
            order.append(node)
            self.statement(node)
        self.defs.toplevel = order
        self._finish_structs()
        return self.defs

    def statement(self, node: Node) -> None:
        kind = node.kind
        if kind == "FUNCTION_DEF":
            self.function_def(node)
        elif kind == "ASSIGNMENT_EXPR":
            if not self.short_function(node):
                self.global_assignment(node)
        elif kind == "STRUCT_DEF":
            self.struct_def(node)
        elif kind in ("ABSTRACT_DEF", "PRIMITIVE_DEF"):
            self.abstract_def(node)
        elif kind == "CONST_STMT":
            self.const_stmt(node)
        elif kind == "GLOBAL_STMT":
            for c in node.children:
                if c.kind == "ASSIGNMENT_EXPR":
                    self.global_assignment(c)
        elif kind == "MACRO_CALL":
            self.macro_call(node)
        elif kind == "MACRO_DEF":
            sig = node.child("SIGNATURE")
            if sig is not None:
                call = sig.children[0] if sig.children else None
                if call is not None and call.kind == "CALL_EXPR" and call.children:
                    self.defs.macros.setdefault(self.text(call.children[0]), []).append(node)
        elif kind in ("USING_STMT", "IMPORT_STMT"):
            self.using(node)
        elif kind == "DOC":
            for c in node.children:
                if c.kind != "STRING_LITERAL":
                    self.statement(c)

    def macro_call(self, node: Node) -> None:
        name_node = node.child("MACRO_NAME")
        short = macro_short_name(self.text(name_node)) if name_node is not None else ""
        if short == "enum":
            self.enum(node)
            return
        if short == "deprecate":
            # `@deprecate old(x) new(x)` defines `old(x)`, which warns and returns `new(x)`
            parts = [c for c in node.children if c.kind != "MACRO_NAME" and c.kind not in TRIVIAL]
            if len(parts) == 1 and parts[0].kind == "ARG_LIST":
                parts = args_of(parts[0])
            if len(parts) >= 2 and parts[0].kind == "CALL_EXPR":
                self._method(node, parts[0], parts[1])
            return
        if short == "generated":
            outer, self._in_generated = self._in_generated, True
            try:
                for c in node.children:
                    if c.kind != "MACRO_NAME":
                        self.statement(c)
            finally:
                self._in_generated = outer
            return
        if short not in NOTHING_MACROS and short not in TYPE_PRESERVING_MACROS and short not in MACRO_RESULTS \
                and short not in CALL_EVALUATING_MACROS:
            for c in node.children:
                if c.kind == "CALL_EXPR" and c.children and c.children[0].kind == "NAME":
                    self.defs.macro_methods.add(self.text(c.children[0]))
        for c in node.children:
            if c.kind in ("FUNCTION_DEF", "STRUCT_DEF", "ASSIGNMENT_EXPR", "CONST_STMT", "MACRO_CALL",
                          "ABSTRACT_DEF", "BLOCK", "BEGIN_EXPR", "DOC"):
                if c.kind in ("BLOCK", "BEGIN_EXPR"):
                    for cc in c.children:
                        self.statement(cc)
                else:
                    self.statement(c)

    def enum(self, node: Node) -> None:
        items = [c for c in node.children if c.kind not in ("MACRO_NAME",)]
        if not items:
            return
        head = items[0]
        base = "Int32"
        if head.kind == "TYPE_ANNOTATION" and head.children:
            name_node = head.children[0]
            base = self.text(head.children[-1])
        else:
            name_node = head
        if name_node.kind != "NAME":
            return
        ename = self.text(name_node)
        reg = self.defs.registry
        decl = TypeDecl(ename, (), (), reg.apply("Enum", [reg.apply(base, [])]), "primitive", (), True)
        reg.add_decl(ename, decl)
        self.defs.definition_sites[name_node.start] = ("type", ename)
        for vn in enum_value_names(items[1:]):
            self.defs.enums[self.text(vn)] = ename
            self.defs.definition_sites[vn.start] = ("enum", ename)

    def using(self, node: Node) -> None:
        has_colon = node.child("COLON") is not None
        paths = node.children_of("IMPORT_PATH", "IMPORT_ALIAS")
        if not paths:
            return
        if has_colon:
            mod = self.text(paths[0]).lstrip(".")
            for p in paths[1:]:
                name = self.text(p)
                if p.kind == "IMPORT_ALIAS" or " as " in name:
                    name = name.split(" as ")[-1].strip()
                self.defs.imported.add(name.split(".")[-1].lstrip("@"))
            self.defs.used_modules.add(mod)
            return
        for p in paths:
            mod = self.text(p).strip()
            if " as " in mod:
                mod = mod.split(" as ")[-1].strip()
            last = mod.lstrip(".").split(".")[-1]
            self.defs.imported.add(last)
            self.defs.used_modules.add(last)
            if node.kind == "USING_STMT" and last not in STDLIB_MODULES and not mod.startswith("."):
                self.defs.opaque_using = True
            if node.kind == "USING_STMT" and mod.startswith("."):
                self.defs.opaque_using = True

    # --------------------------------------------------------------- globals
    def global_assignment(self, node: Node) -> None:
        kids = node.children
        if len(kids) < 3:
            return
        lhs = kids[0]
        if kids[1].kind != "EQ":
            return
        for name_node, type_node in assigned_names(lhs):
            name = self.text(name_node)
            if type_node is not None:
                self.defs.typed_globals[name] = type_node
            self.defs.globals.setdefault(name, []).append(node)

    def const_stmt(self, node: Node) -> None:
        for c in node.children:
            if c.kind == "ASSIGNMENT_EXPR" and len(c.children) >= 3:
                lhs, rhs = c.children[0], c.children[-1]
                if self.short_function(c):
                    continue
                targets = assigned_names(lhs)
                for name_node, type_node in targets:
                    name = self.text(name_node)
                    self.defs.consts[name] = (name_node, rhs if len(targets) == 1 else None, type_node)
                    self.defs.definition_sites[name_node.start] = ("const", name)
            elif c.kind == "GLOBAL_STMT":
                self.statement(c)

    # ------------------------------------------------------------- functions
    def short_function(self, node: Node) -> bool:
        kids = node.children
        if len(kids) < 3 or kids[1].kind != "EQ":
            return False
        lhs = kids[0]
        core = signature_core(lhs)
        if core is None or (core.kind != "CALL_EXPR" and _unary_operand(core) is None):
            return False
        self._method(node, lhs, kids[-1])
        return True

    def function_def(self, node: Node) -> None:
        sig = node.child("SIGNATURE")
        body = node.child("BLOCK")
        if sig is None or not sig.children:
            return
        inner = sig.children[0]
        if inner.kind == "NAME":  # `function foo end`
            name = self.text(inner)
            self.defs.methods.setdefault(name, [])
            return
        self._method(node, inner, body)

    def _method(self, node: Node, sig: Node, body: Node | None) -> MethodDef | None:
        parsed = parse_signature(sig, self.data)
        if parsed is None:
            return None
        self._uid += 1
        parsed.node = node
        parsed.body = body
        parsed.uid = self._uid
        parsed.generated = self._in_generated
        self.defs.methods.setdefault(parsed.name, []).append(parsed)
        self.defs.definition_nodes.add(node.start)
        if parsed.name_node is not None:
            self.defs.definition_sites[parsed.name_node.start] = ("function", parsed.name)
        return parsed

    # --------------------------------------------------------------- types
    def struct_def(self, node: Node) -> None:
        head = _type_head(node)
        if head is None:
            return
        name_node, params, super_node = head
        name = self.text(name_node)
        fields = []
        body = node.child("BLOCK")
        for stmt in (body.children if body is not None else []):
            self._struct_member(stmt, fields, name)
        sd = StructDef(name, node, name_node, fields, node.child("MUTABLE_KW") is not None, params, super_node)
        self.defs.structs[name] = sd
        self.defs.definition_sites[name_node.start] = ("type", name)
        reg = self.defs.registry
        reg.add_decl(name, TypeDecl(name, tuple(self.text(p) for p, _ in params), tuple(ANY for _ in params),
                                    ANY, "mutable" if sd.mutable else "struct", (), True))
        self._pending_structs.append(sd)

    def _struct_member(self, stmt: Node, fields: list, struct_name: str) -> None:
        kind = stmt.kind
        if kind == "TYPE_ANNOTATION" and len(stmt.children) >= 3 and stmt.children[0].kind == "NAME":
            fields.append((self.text(stmt.children[0]), stmt.children[0], stmt.children[-1], None))
        elif kind == "NAME":
            fields.append((self.text(stmt), stmt, None, None))
        elif kind == "CONST_STMT":
            for c in stmt.children:
                if c.kind != "CONST_KW":
                    self._struct_member(c, fields, struct_name)
        elif kind == "ASSIGNMENT_EXPR" and stmt.children:
            lhs = stmt.children[0]
            if signature_core(lhs) is not None and signature_core(lhs).kind == "CALL_EXPR":
                self.short_function(stmt)  # inner constructor
                return
            if lhs.kind == "TYPE_ANNOTATION" and lhs.children and lhs.children[0].kind == "NAME":
                fields.append((self.text(lhs.children[0]), lhs.children[0], lhs.children[-1], stmt.children[-1]))
            elif lhs.kind == "NAME":
                fields.append((self.text(lhs), lhs, None, stmt.children[-1]))
        elif kind == "FUNCTION_DEF":
            self.function_def(stmt)
        elif kind in ("MACRO_CALL", "DOC"):
            for c in stmt.children:
                if c.kind not in ("MACRO_NAME", "STRING_LITERAL"):
                    self._struct_member(c, fields, struct_name)

    def abstract_def(self, node: Node) -> None:
        head = _type_head(node)
        if head is None:
            return
        name_node, params, super_node = head
        name = self.text(name_node)
        kind = "abstract" if node.kind == "ABSTRACT_DEF" else "primitive"
        reg = self.defs.registry
        reg.add_decl(name, TypeDecl(name, tuple(self.text(p) for p, _ in params), tuple(ANY for _ in params),
                                    ANY, kind, (), True))
        self.defs.definition_sites[name_node.start] = ("type", name)
        sd = StructDef(name, node, name_node, [], False, params, super_node)
        self.defs.abstracts.append(sd)
        self._pending_structs.append(sd)

    def _finish_structs(self) -> None:
        """Resolve parameters' bounds, supertypes and field types once every name is declared."""
        reg = self.defs.registry
        for sd in self._pending_structs:
            decl = reg.decl(sd.name)
            if decl is None:
                continue
            scope = {}
            bounds = []
            for pnode, bnode in sd.params:
                ub = self.conv.convert(bnode, scope) if bnode is not None else ANY
                pname = self.text(pnode)
                scope[pname] = VarT(pname, ub, False)
                bounds.append(ub)
            decl.bounds = tuple(bounds)
            if sd.super_node is not None:
                sup = self.conv.convert(sd.super_node, scope)
                decl.super = sup if isinstance(sup, DataT) else ANY
            decl.fields = tuple(
                (fname, self.conv.convert(tnode, scope) if tnode is not None else ANY)
                for fname, _, tnode, _ in sd.fields
            )


def _type_head(node: Node):
    """(name node, [(param node, bound node | None)], supertype node | None) of a type declaration
    (`struct Name{T<:Real} <: Super`, `abstract type Name{T} end`), or None."""
    sig = node.child("SIGNATURE")
    if sig is None or not sig.children:
        return None
    head = sig.children[0]
    super_node = None
    if head.kind == "BINARY_EXPR" and len(head.children) == 3 and head.children[1].kind == "SUBTYPE":
        head, super_node = head.children[0], head.children[2]
    params = []
    if head.kind == "CURLY_EXPR":
        name_node = head.children[0]
        for p in args_of(head.children[1]) if len(head.children) > 1 else []:
            if p.kind == "NAME":
                params.append((p, None))
            elif p.kind == "BINARY_EXPR" and len(p.children) == 3 and p.children[1].kind == "SUBTYPE":
                params.append((p.children[0], p.children[2]))
    else:
        name_node = head
    if name_node.kind != "NAME":
        return None
    return name_node, params, super_node


def enum_value_names(items) -> list[Node]:
    """The NAME nodes of an `@enum`'s values, after its type: `@enum E a b=2` or the block form
    `@enum E begin a; b end`."""
    out, pending = [], list(reversed(items))
    while pending:
        v = pending.pop()
        if v.kind in ("BLOCK", "BEGIN_EXPR"):
            pending.extend(reversed(v.children))
            continue
        vn = v.children[0] if v.kind == "ASSIGNMENT_EXPR" and v.children else v
        if vn.kind == "NAME":
            out.append(vn)
    return out


def assigned_names(lhs: Node) -> list[tuple[Node, Node | None]]:
    """Names bound by an assignment target (`x`, `x::T`, `a, b`, `(a, b)`)."""
    if lhs.kind == "NAME":
        return [(lhs, None)]
    if lhs.kind == "TYPE_ANNOTATION" and len(lhs.children) >= 3 and lhs.children[0].kind == "NAME":
        return [(lhs.children[0], lhs.children[-1])]
    if lhs.kind in ("BARE_TUPLE_EXPR", "TUPLE_EXPR", "PAREN_EXPR"):
        out = []
        for c in args_of(lhs):
            out.extend(assigned_names(c))
        return out
    return []


def signature_core(node: Node) -> Node | None:
    """Strip WHERE_EXPR / TYPE_ANNOTATION wrappers of a signature down to its CALL_EXPR."""
    for _ in range(8):
        if node.kind == "WHERE_EXPR" and node.children:
            node = node.children[0]
        elif node.kind == "TYPE_ANNOTATION" and len(node.children) >= 3 and node.children[0].kind in (
                "CALL_EXPR", "WHERE_EXPR"):
            node = node.children[0]
        else:
            return node
    return node


def _method_operator(node: Node) -> bool:
    """Whether `node` is an operator a method may be defined for (`+`, `∘`, `(+)`'s inside)."""
    return node.kind in METHOD_OP_KINDS or node.kind in ("UNICODE_OP", "OPERATOR_ATOM")


def _unary_operand(node: Node) -> Node | None:
    """The parameter of a `-(a::T)` signature (an operator applied to one parenthesised name or
    annotated name), or None."""
    if node.kind != "UNARY_EXPR" or len(node.children) != 2:
        return None
    op, paren = node.children
    if not _method_operator(op) or paren.kind != "PAREN_EXPR":
        return None
    inner = [c for c in paren.children if c.kind not in ("LPAREN", "RPAREN")]
    if len(inner) != 1 or inner[0].kind not in ("NAME", "TYPE_ANNOTATION"):
        return None
    return inner[0]


def parse_signature(sig: Node, data: bytes) -> MethodDef | None:
    """Parse `f(x::T, y=1; k) :: R where {T}` (any wrapper order) into a MethodDef."""
    where = []
    ret = None
    node = sig
    trait = False
    for _ in range(8):
        if node.kind == "WHERE_EXPR" and node.children:
            where.extend(where_vars(node))
            trait = trait or any(c.kind == "BRACESCAT_EXPR" and any(k.kind == "SEMICOLON" for k in c.children)
                                 for c in node.children)
            node = node.children[0]
        elif node.kind == "TYPE_ANNOTATION" and len(node.children) >= 3 and node.children[0].kind in (
                "CALL_EXPR", "WHERE_EXPR"):
            rt = node.children[-1]
            if rt.kind == "WHERE_EXPR" and rt.children:
                where.extend(where_vars(rt))
                rt = rt.children[0]
            ret = rt
            node = node.children[0]
        else:
            break
    operand = _unary_operand(node)
    if operand is not None:
        # `-(a::AbstractFill) = ...`: a one-argument method of the operator
        op = node.children[0]
        return MethodDef(data[op.start:op.end].decode("utf-8", "replace"), sig, op, [param_of(operand, data)], [],
                         where, ret, None)
    if node.kind != "CALL_EXPR" or not node.children:
        return None
    callee = node.children[0]
    functor = None
    curly = None
    name_node = None
    owner = None
    if callee.kind == "BINARY_EXPR" and callee.children:
        head = callee.children[0]
        owner = dotted_name(head, data) if head.kind == "BINARY_EXPR" else \
            data[head.start:head.end].decode("utf-8", "replace") if head.kind == "NAME" else None
    if callee.kind == "NAME":
        name = data[callee.start:callee.end].decode("utf-8", "replace")
        name_node = callee
    elif callee.kind == "BINARY_EXPR":
        dn = dotted_name(callee, data)
        last = callee.children[-1]
        if last.kind == "QUOTE_SYM":
            op = operator_in(last, data)
            if op is None:
                return None
            name = op
            name_node = last
        elif dn is None:
            return None
        else:
            name = dn.rsplit(".", 1)[-1]
            name_node = callee.children[-1]
    elif callee.kind == "CURLY_EXPR" and callee.children and callee.children[0].kind == "NAME":
        name = data[callee.children[0].start:callee.children[0].end].decode()
        name_node = callee.children[0]
        curly = callee
    elif callee.kind == "CURLY_EXPR" and callee.children and callee.children[0].kind == "BINARY_EXPR" and \
            callee.children[0].children and dotted_name(callee.children[0], data) is not None:
        # `Base.AbstractArray{T}(F::Zeros) where T = ...`: a constructor of another module's type
        head = callee.children[0]
        dn = dotted_name(head, data)
        name, owner = dn.rsplit(".", 1)[-1], dn.rsplit(".", 1)[0]
        name_node = head.children[-1]
        curly = callee
    elif callee.kind == "PAREN_EXPR":
        inner = [c for c in callee.children if c.kind not in ("LPAREN", "RPAREN")]
        if inner and inner[0].kind == "TYPE_ANNOTATION":
            functor = inner[0].children[-1]
            name = "(functor)"
        elif len(inner) == 1 and _method_operator(inner[0]):
            # `(+)(a::Foo, b::Foo) = ...`: a method of the operator, as Base's own files write them
            name = data[inner[0].start:inner[0].end].decode("utf-8", "replace").strip("()")
            name_node = inner[0]
        else:
            return None
    elif _method_operator(callee):
        name = data[callee.start:callee.end].decode("utf-8", "replace")
        name_node = callee
    else:
        return None
    params: list[Param] = []
    kwparams: list[Param] = []
    arglist = node.children[1] if len(node.children) > 1 else None
    if arglist is not None:
        for c in arglist.children:
            if c.kind == "ARG" and c.children:
                params.append(param_of(c.children[0], data))
            elif c.kind == "KEYWORD_ARG":
                params.append(param_of(c, data))
            elif c.kind == "PARAMETERS":
                for k in c.children:
                    if k.kind == "ARG" and k.children:
                        p = param_of(k.children[0], data)
                    elif k.kind == "KEYWORD_ARG":
                        p = param_of(k, data)
                    else:
                        continue
                    p.keyword = True
                    kwparams.append(p)
    return MethodDef(name, sig, name_node, params, kwparams, where, ret, None, functor, curly, owner=owner,
                     qualified=callee if callee.kind == "BINARY_EXPR" else
                     callee.children[0] if curly is not None and callee.children[0].kind == "BINARY_EXPR" else None,
                     trait=trait or any(p.trait for p in params))


def operator_in(node: Node, data: bytes) -> str | None:
    """The operator or name a quoted method name holds (`:(==)` is `==`, `:+` is `+`, `:(:)` is `:`)."""
    quote_colons = {id(q.children[0]) for q in node.walk() if q.kind == "QUOTE_SYM" and len(q.children) > 1}
    for n in node.walk():
        if n.kind == "COLON" and id(n) in quote_colons:
            continue   # the quote's own colon
        if n.kind in METHOD_OP_KINDS or n.kind == "UNICODE_OP":
            return data[n.start:n.end].decode("utf-8", "replace")
        if n.kind == "NAME" and n is not node:
            return data[n.start:n.end].decode("utf-8", "replace")
    return None


def param_of(node: Node, data: bytes) -> Param:
    kind = node.kind
    if kind == "NAME":
        return Param(data[node.start:node.end].decode("utf-8", "replace"), node, None)
    if kind == "TYPE_ANNOTATION":
        kids = node.children
        if kids and kids[0].kind == "COLON_COLON":  # `::Type{T}`
            return Param(None, None, kids[-1])
        if kids and kids[0].kind == "TYPE_ANNOTATION":   # `x::T::Trait`
            p = param_of(kids[0], data)
            p.trait = True
            p.trait_node = kids[-1]
            return p
        if len(kids) >= 3 and kids[0].kind == "NAME" and kids[-1].kind == "TYPE_ANNOTATION" and \
                kids[-1].children and kids[-1].children[0].kind == "COLON_COLON":   # `x::::Trait`
            return Param(data[kids[0].start:kids[0].end].decode("utf-8", "replace"), kids[0], None, trait=True,
                         trait_node=kids[-1].children[-1])
        if kids and kids[0].kind == "NAME":
            p = Param(data[kids[0].start:kids[0].end].decode("utf-8", "replace"), kids[0], kids[-1])
            return _vararg_annotation(p, data)
        if kids and kids[0].kind == "TUPLE_EXPR":   # `(a, b)::Tuple{Real, Real}`
            return Param(None, None, kids[-1], destructure=kids[0])
        return _vararg_annotation(Param(None, None, kids[-1] if kids else None), data)
    if kind in ("ASSIGNMENT_EXPR", "KEYWORD_ARG") and len(node.children) >= 3:
        p = param_of(node.children[0], data)
        p.default = node.children[-1]
        return p
    if kind == "SPLAT_EXPR" and node.children:
        p = param_of(node.children[0], data)
        p.vararg = True
        return p
    if kind == "TUPLE_EXPR":  # destructuring argument `(a, b)`
        return Param(None, None, None, destructure=node)
    if kind == "MACRO_CALL":  # `@nospecialize(x::T)`, `@nospecialize args...`: the argument itself
        inner = _specialization_hint_argument(node, data)
        if inner is not None:
            return param_of(inner, data)
    return Param(None, None, None)


def _vararg_annotation(p: Param, data: bytes) -> Param:
    """`xs::Vararg{T, N}` (or `Vararg{T}`, `Vararg`) is `xs::T...`: a vararg of element type T."""
    t = p.type_node
    if t is None:
        return p
    if t.kind == "NAME" and data[t.start:t.end] == b"Vararg":
        p.type_node = None
        p.vararg = True
    elif t.kind == "CURLY_EXPR" and t.children and t.children[0].kind == "NAME" and \
            data[t.children[0].start:t.children[0].end] == b"Vararg":
        params = [c for c in t.children[1:] if c.kind not in ("LBRACE", "RBRACE", "COMMA")]
        if len(params) == 1 and params[0].kind == "ARG_LIST":
            params = [a.children[0] for a in params[0].children if a.kind == "ARG" and a.children]
        if 1 <= len(params) <= 2:
            p.type_node = params[0]
            p.vararg = True
            p.count_node = params[1] if len(params) == 2 else None
    return p


# Macros on a parameter that change how Julia compiles the method, not what the parameter is
SPECIALIZATION_HINTS = frozenset({"nospecialize", "specialize"})


def _specialization_hint_argument(node: Node, data: bytes) -> Node | None:
    """The one argument of `@nospecialize(x)` or `@nospecialize x` (also `Base.@nospecialize`)."""
    kids = node.children
    if not kids or kids[0].kind != "MACRO_NAME":
        return None
    name = data[kids[0].start:kids[0].end].decode("utf-8", "replace").rsplit("@", 1)[-1]
    if name not in SPECIALIZATION_HINTS:
        return None
    rest = kids[1:]
    if len(rest) == 1 and rest[0].kind == "ARG_LIST":
        rest = [a for a in rest[0].children if a.kind in ("ARG", "KEYWORD_ARG")]
        if len(rest) != 1:
            return None
        return rest[0] if rest[0].kind == "KEYWORD_ARG" else (rest[0].children[0] if rest[0].children else None)
    return rest[0] if len(rest) == 1 else None
