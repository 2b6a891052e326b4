"""Expression macros a package defines, read as templates: the type of a call of one.

    macro if_move_fixed(a...)
        length(a) <= 1 && error("@if_move_fixed needs at least two arguments")
        h, v = esc.(a[1:end - 1]), esc(a[end])
        :(_is_fixed($(h...)) ? move_fixed($v) : $v)
    end

    return @if_move_fixed A SparseVector(n, I, V)

Julia expands the call to `_is_fixed(A) ? move_fixed(SparseVector(n, I, V)) : SparseVector(n, I, V)`
and compiles that. A macro whose body is such a template is read here as a `Template`: statements
that only check the arguments (`cond && error(...)`, `@assert`) or name parts of them (`esc(x)`,
`a[end]`, `a[2:end-1]`, `esc.(xs)`, `map(esc, xs)`), then one quoted expression (`:(...)` or
`quote ... end`, returned or last) that splices those parts where values go. The call's type is the
template's, evaluated by the interpreter of the macro's file (`expand`), each splice standing for
the type the caller's code gives its argument. Names the template writes itself resolve in the
macro's module and what it assigns stays its own, as Julia's hygiene has it; a template wrapped
whole in `esc` is not read (its names would be the caller's).

Anything else is no template, and the call stays unknown: a splice of something computed, one in a
place other than a value's (a field name, a type, a signature, an assignment's target), a template
that defines functions, types or modules, nests quotes, or leaves the caller's code (`return`,
`break`, `continue`), typed or defaulted macro parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..syntax.tree import Node
from ..types.jtypes import UNKNOWN, JType, is_known
from .state import METHOD_BUDGET, Frame
from .tokens import TRIVIAL, returned_value
from .typeconv import args_of

# what a template may not hold: definitions (of the caller's scope or the module's), nested quotes
# (their splices are another macro's), and what leaves the caller's code
_NOT_IN_TEMPLATE = frozenset({
    "FUNCTION_DEF", "STRUCT_DEF", "MACRO_DEF", "MODULE_DEF", "ABSTRACT_DEF", "PRIMITIVE_DEF", "CONST_STMT",
    "GLOBAL_STMT", "USING_STMT", "IMPORT_STMT", "EXPORT_STMT", "DOC", "QUOTE_SYM", "QUOTE_EXPR", "RETURN_EXPR",
    "BREAK_EXPR", "CONTINUE_EXPR"})
# the places a splice stands for a value: a call's or an index's argument, an operand, a statement,
# a tuple's or vector's element, a parenthesised expression, the right side of an assignment
_VALUE_PLACES = frozenset({"ARG", "TERNARY_EXPR", "BINARY_EXPR", "UNARY_EXPR", "BLOCK", "PAREN_EXPR",
                           "TUPLE_EXPR", "BARE_TUPLE_EXPR", "VECT_EXPR", "ASSIGNMENT_EXPR", "CONDITION"})
# calls that only stop the macro on bad arguments (`length(a) <= 1 && error(...)`)
_THROWING = frozenset({"error", "throw", "ArgumentError"})


@dataclass
class Template:
    """A macro's template: its parameters, and each splice's part of the call's arguments."""
    n_params: int                  # positional parameters, the last taking the rest when `vararg`
    vararg: bool
    body: Node                     # the quoted expression, evaluated as code
    holes: dict                    # INTERPOLATION start -> Part: what the splice stands for

    def accepts(self, n: int) -> bool:
        return n >= self.n_params - 1 if self.vararg else n == self.n_params


class _NotTemplate(Exception):
    """The macro's body is not a template this module reads."""


class Part:
    """Which of a call's arguments a macro-time name holds: one (`esc(x)`, `a[end]`), or a run of
    them (`a`, `a[1:end-1]`), as a function of the call's argument count."""

    def __init__(self, single: bool, pick):
        self.single = single
        self.pick = pick   # n -> [argument index], or None where the call gives too few

    def indices(self, n: int) -> list | None:
        out = self.pick(n)
        if out is None or any(not 0 <= i < n for i in out) or (self.single and len(out) != 1):
            return None
        return out


def _int_literal(text, node: Node) -> int | None:
    if node.kind == "LITERAL" and len(node.children) == 1 and node.children[0].kind == "INTEGER":
        s = text(node).replace("_", "")
        return int(s) if s.isdigit() else None
    return None


def _bound(text, node: Node):
    """An index into a run (`3`, `end`, `end - 1`): (from the end?, offset), or None."""
    k = _int_literal(text, node)
    if k is not None:
        return (False, k - 1) if k >= 1 else None
    if node.kind == "END_MARKER":
        return True, 0
    kids = [c for c in node.children if c.kind not in TRIVIAL]
    if node.kind == "BINARY_EXPR" and len(kids) == 3 and kids[0].kind == "END_MARKER" and kids[1].kind == "MINUS":
        k = _int_literal(text, kids[2])
        if k is not None:
            return True, k
    return None


def _at(run: list, bound) -> int:
    from_end, k = bound
    return len(run) - 1 - k if from_end else k


def _index(part: Part, sub: Node, text) -> Part:
    """`a[i]` or `a[i:j]` of a run `a`."""
    if part.single:
        raise _NotTemplate
    kids = [c for c in sub.children if c.kind not in TRIVIAL]
    if sub.kind == "BINARY_EXPR" and len(kids) == 3 and kids[1].kind == "COLON":
        lo, hi = _bound(text, kids[0]), _bound(text, kids[2])
        if lo is None or hi is None:
            raise _NotTemplate

        def pick_range(n, lo=lo, hi=hi):
            run = part.pick(n)
            if run is None:
                return None
            i, j = _at(run, lo), _at(run, hi)
            if i > j:
                return []   # `a[2:end]` of one argument
            return run[i:j + 1] if 0 <= i and j < len(run) else None
        return Part(False, pick_range)
    b = _bound(text, sub)
    if b is None:
        raise _NotTemplate

    def pick_one(n, b=b):
        run = part.pick(n)
        if run is None:
            return None
        i = _at(run, b)
        return [run[i]] if 0 <= i < len(run) else None
    return Part(True, pick_one)


def _args(node: Node) -> list:
    al = node.child("ARG_LIST")
    if al is None:
        return []
    out = []
    for c in al.children:
        if c.kind == "ARG" and len(c.children) == 1:
            out.append(c.children[0])
        elif c.kind not in TRIVIAL:
            raise _NotTemplate   # a keyword argument, a generator
    return out


def _value(node: Node, names: dict, text) -> Part:
    """The part of the call's arguments a macro-time expression names."""
    kind = node.kind
    if kind in ("NAME", "IDENT"):
        part = names.get(text(node))
        if part is None:
            raise _NotTemplate
        return part
    if kind == "PAREN_EXPR":
        kids = [c for c in node.children if c.kind not in TRIVIAL]
        if len(kids) == 1:
            return _value(kids[0], names, text)
        raise _NotTemplate
    if kind in ("CALL_EXPR", "DOT_CALL_EXPR") and node.children and node.children[0].kind == "NAME":
        fname = text(node.children[0])
        args = _args(node)
        if fname == "esc" and len(args) == 1:
            part = _value(args[0], names, text)
            if kind == "DOT_CALL_EXPR" and part.single:
                raise _NotTemplate
            return part
        if kind == "CALL_EXPR" and fname == "map" and len(args) == 2 and args[0].kind == "NAME" and \
                text(args[0]) == "esc":
            part = _value(args[1], names, text)
            if part.single:
                raise _NotTemplate
            return part
        raise _NotTemplate
    if kind == "INDEX_EXPR" and node.children:
        subs = args_of(node.children[-1]) if node.children[-1].kind == "ARG_LIST" else []
        if len(subs) != 1:
            raise _NotTemplate
        return _index(_value(node.children[0], names, text), subs[0], text)
    raise _NotTemplate


def _is_check(node: Node, text) -> bool:
    """A statement that only stops the macro on bad arguments."""
    if node.kind == "MACRO_CALL":
        name = node.child("MACRO_NAME")
        return name is not None and text(name).lstrip("@") == "assert"
    kids = [c for c in node.children if c.kind not in TRIVIAL]
    if node.kind == "BINARY_EXPR" and len(kids) == 3 and kids[1].kind in ("AND_AND", "OR_OR"):
        last = kids[2]
        return last.kind == "CALL_EXPR" and bool(last.children) and last.children[0].kind == "NAME" and \
            text(last.children[0]) in _THROWING
    return False


def _assign(node: Node, names: dict, text) -> None:
    kids = [c for c in node.children if c.kind not in TRIVIAL]
    if len(kids) != 3 or kids[1].kind != "EQ":
        raise _NotTemplate
    target, rhs = kids[0], kids[2]
    if target.kind in ("NAME", "IDENT"):
        names[text(target)] = _value(rhs, names, text)
        return
    if target.kind in ("BARE_TUPLE_EXPR", "TUPLE_EXPR") and rhs.kind in ("BARE_TUPLE_EXPR", "TUPLE_EXPR"):
        ts = [c for c in target.children if c.kind not in TRIVIAL and c.kind != "COMMA"]
        rs = [c for c in rhs.children if c.kind not in TRIVIAL and c.kind != "COMMA"]
        if len(ts) != len(rs) or any(t.kind not in ("NAME", "IDENT") for t in ts):
            raise _NotTemplate
        values = [_value(r, names, text) for r in rs]
        for t, v in zip(ts, values, strict=True):
            names[text(t)] = v
        return
    raise _NotTemplate


def _quoted(node: Node) -> Node | None:
    """The code a `:(...)` or `quote ... end` quotes, or None for another expression."""
    if node.kind == "QUOTE_SYM":
        inner = [c for c in node.children if c.kind not in TRIVIAL and c.kind != "COLON"]
        return inner[0] if len(inner) == 1 and inner[0].kind == "PAREN_EXPR" else None
    if node.kind == "QUOTE_EXPR":
        return node.child("BLOCK")
    return None


def _hole(interp: Node, parent: Node, names: dict, text) -> Part:
    kids = [c for c in interp.children if c.kind not in TRIVIAL and c.kind != "DOLLAR"]
    if len(kids) != 1:
        raise _NotTemplate
    inner = kids[0]
    if inner.kind == "PAREN_EXPR":
        pk = [c for c in inner.children if c.kind not in TRIVIAL]
        if len(pk) == 1 and pk[0].kind == "SPLAT_EXPR":
            # `f($(xs...))`: the run's arguments spliced as the call's arguments
            sk = [c for c in pk[0].children if c.kind not in TRIVIAL and c.kind != "DOT_DOT_DOT"]
            if parent.kind != "ARG" or len(sk) != 1:
                raise _NotTemplate
            part = _value(sk[0], names, text)
            if part.single:
                raise _NotTemplate
            return part
    part = _value(inner, names, text)
    if not part.single:
        raise _NotTemplate
    return part


def _in_place(node: Node, parent: Node, kids_of_parent: list) -> bool:
    """Whether a splice stands for a value, or for the function a call calls (`$(esc(f))(x)`)."""
    if parent.kind == "CALL_EXPR":
        return bool(kids_of_parent) and kids_of_parent[0] is node
    if parent.kind not in _VALUE_PLACES:
        return False
    if parent.kind == "BINARY_EXPR":
        return not any(c.kind in ("DOT", "COLON_COLON") for c in kids_of_parent)   # `a.$f`, `x::$T`
    if parent.kind == "ASSIGNMENT_EXPR":
        return bool(kids_of_parent) and kids_of_parent[0] is not node       # not its target
    return True


def _holes(body: Node, names: dict, text) -> dict:
    holes = {}

    def visit(node: Node, parent: Node | None) -> None:
        if node.kind in _NOT_IN_TEMPLATE:
            raise _NotTemplate
        if node.kind == "STRING_LITERAL":
            return   # `"$x"` in a quote is the quoted code's own interpolation, not a splice
        if node.kind == "ASSIGNMENT_EXPR" and node.children and node.children[0].kind in ("CALL_EXPR", "WHERE_EXPR"):
            raise _NotTemplate   # `f(x) = ...`: a method definition
        if node.kind == "INTERPOLATION":
            kids = [c for c in parent.children if c.kind not in TRIVIAL] if parent is not None else []
            if parent is None or not _in_place(node, parent, kids):
                raise _NotTemplate
            holes[node.start] = _hole(node, parent, names, text)
            return
        for c in node.children:
            visit(c, node)

    visit(body, None)
    return holes


def read_template(macro: Node, text) -> Template | None:
    """The template of a MACRO_DEF node (its file's `text(node)`), or None where its body is not one."""
    try:
        return _read(macro, text)
    except _NotTemplate:
        return None


def _read(macro: Node, text) -> Template:
    sig = macro.child("SIGNATURE")
    call = sig.children[0] if sig is not None and sig.children else None
    if call is None or call.kind != "CALL_EXPR":
        raise _NotTemplate
    params = _args(call)
    names: dict = {}
    vararg = False
    for j, p in enumerate(params):
        if p.kind == "NAME":
            names[text(p)] = Part(True, lambda n, j=j: [j] if j < n else None)
        elif p.kind == "SPLAT_EXPR" and j == len(params) - 1 and p.children and p.children[0].kind == "NAME":
            vararg = True
            names[text(p.children[0])] = Part(False, lambda n, j=j: list(range(j, n)))
        else:
            raise _NotTemplate   # a typed or defaulted parameter: the macro dispatches on it
    block = macro.child("BLOCK")
    stmts = [c for c in block.children if c.kind not in TRIVIAL] if block is not None else []
    if not stmts:
        raise _NotTemplate
    *checks, last = stmts
    for st in checks:
        if _is_check(st, text):
            continue
        if st.kind == "ASSIGNMENT_EXPR":
            _assign(st, names, text)
            continue
        raise _NotTemplate
    if last.kind == "RETURN_EXPR":
        last = returned_value(last)
        if last is None:
            raise _NotTemplate
    body = _quoted(last)
    if body is None:
        raise _NotTemplate
    return Template(len(params), vararg, body, _holes(body, names, text))


def expand(owner, template: Template, arg_types: list, depth: int) -> JType:
    """The type of the template's code with the call's argument types spliced in, evaluated by the
    interpreter `owner` of the macro's file (no labels written). UNKNOWN where it cannot be told."""
    n = len(arg_types)
    holes = {}
    for start, part in template.holes.items():
        ix = part.indices(n)
        if ix is None:
            return UNKNOWN
        holes[start] = arg_types[ix[0]] if part.single else [arg_types[i] for i in ix]
    frame = Frame(None, record=False, budget=METHOD_BUDGET)
    frame.holes = holes
    t, env = owner.expr(template.body, {}, frame, depth)
    return t if env is not None and is_known(t) else UNKNOWN


_UNREAD = object()


def find(it, name: str, n: int):
    """(interpreter of the macro's file, Template) of the macro `name` (without its `@`) that a call
    with `n` arguments in `it`'s file reaches: the file's own macro of that name, else the package's
    (its other source files, then a package it uses that exports the macro). None where there is
    none, where one of them is not a template, or where more than one takes `n` arguments."""
    defs = [(it, node) for node in it.defs.macros.get(name, ())]
    if not defs and it.program is not None:
        defs = it.program.macro_definitions(name)
    found = None
    for owner, node in defs:
        template = owner.templates.get(node.start, _UNREAD)
        if template is _UNREAD:
            template = owner.templates[node.start] = read_template(node, owner.text)
        if template is None:
            return None
        if template.accepts(n):
            if found is not None:
                return None
            found = (owner, template)
    return found
