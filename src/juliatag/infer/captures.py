"""Which locals of a method Julia keeps in a `Core.Box`: those a closure captures and that are assigned
more than once, or assigned inside a closure.

The variables are found as Julia's lowering scopes them, not by name alone:
- a `let` binds new variables for its body (`let m = m ... end`: the `m` its closures capture is not
  the method's `m`);
- a `for` loop's iteration variables are new variables each iteration (unless declared `outer`), and
  so are the locals its body introduces, or a `while` body's: names no enclosing scope assigns;
- a closure (`x -> ...`, a do-block, a comprehension, a local function) has its own parameters and
  locals; a name it assigns that an enclosing scope has is that scope's variable.
An assignment inside a loop to a variable of a scope outside the loop counts as more than one.
"""

from __future__ import annotations

from ..syntax.tree import Node
from .definitions import assigned_names, signature_core

CLOSURE_KINDS = frozenset({"ARROW_EXPR", "DO_EXPR", "COMPREHENSION", "GENERATOR", "TYPED_COMPREHENSION"})
_LOOP_KINDS = frozenset({"FOR_EXPR", "WHILE_EXPR"})


class _Var:
    __slots__ = ("name", "assigns", "assigned_in_closure", "captured")

    def __init__(self, name: str, assigns: int = 0):
        self.name = name
        self.assigns = assigns
        self.assigned_in_closure = False
        self.captured = False


class _Scope:
    __slots__ = ("parent", "kind", "vars")

    def __init__(self, parent: _Scope | None, kind: str):
        self.parent = parent
        self.kind = kind          # "method", "let", "loop" or "closure"
        self.vars: dict[str, _Var] = {}

    def resolve(self, name: str) -> tuple[_Var | None, bool, bool]:
        """(the variable `name` names here, whether a loop lies between here and its scope,
        whether a closure does)."""
        s, loop, closure = self, False, False
        while s is not None:
            v = s.vars.get(name)
            if v is not None:
                return v, loop, closure
            loop = loop or s.kind == "loop"
            closure = closure or s.kind == "closure"
            s = s.parent
        return None, loop, closure


def closure_param_names(node: Node, text) -> set:
    """The names a closure node binds as its own parameters (and its `local`s)."""
    out = set()
    kind = node.kind
    if kind == "ARROW_EXPR" and node.children:
        out.update(text(n) for n in node.children[0].walk() if n.kind == "NAME")
    elif kind == "DO_EXPR":
        params = node.child("DO_PARAMS")
        if params is not None:
            out.update(text(n) for n in params.walk() if n.kind == "NAME")
    elif kind in ("COMPREHENSION", "GENERATOR", "TYPED_COMPREHENSION"):
        for c in node.children:
            if c.kind == "FOR_BINDING":
                for cc in c.children:
                    if cc.kind == "IDENT":
                        break
                    out.update(text(n) for n in cc.walk() if n.kind == "NAME")
    elif kind in ("FUNCTION_DEF", "ASSIGNMENT_EXPR"):
        sig = node.child("SIGNATURE") if kind == "FUNCTION_DEF" else node.children[0]
        if sig is not None:
            out.update(text(n) for n in sig.walk() if n.kind == "NAME")
    for n in node.walk():
        if n.kind == "LOCAL_STMT":
            out.update(text(m) for m in n.walk() if m.kind == "NAME")
    return out


def _loop_targets(binding: Node) -> tuple[list[Node], list[Node], list[Node]]:
    """A FOR_BINDING's (targets, iterated expressions, `outer` targets): `i in x, (a, b) = y`."""
    targets, iters, outer = [], [], []
    kids = binding.children
    i = 0
    while i < len(kids):
        c = kids[i]
        if c.kind == "ASSIGNMENT_EXPR" and len(c.children) >= 3:   # `i = 1:3`
            targets.append(c.children[0])
            iters.append(c.children[-1])
            i += 1
        elif i + 2 < len(kids) and kids[i + 1].kind in ("IDENT", "UNICODE_OP", "EQ"):   # `i in x`, `i ∈ x`
            (outer if c.kind == "OUTER_BINDING" else targets).append(c)
            iters.append(kids[i + 2])
            i += 3
        else:
            iters.append(c)
            i += 1
    return targets, iters, outer


class _Walker:
    def __init__(self, text):
        self.text = text
        self.all_vars: list[_Var] = []

    def new_var(self, scope: _Scope, name: str, assigns: int = 0) -> _Var:
        v = _Var(name, assigns)
        scope.vars[name] = v
        self.all_vars.append(v)
        return v

    # --- declaring the locals of a scope -------------------------------------------------------
    def declare(self, body: Node | None, scope: _Scope, forced: bool) -> None:
        """Make the names `body` assigns directly (not in a nested scope) variables of `scope`: all of
        them when `forced` (a method's own scope), else those no enclosing scope has; `local x`
        always."""
        if body is None:
            return
        stack = [body]
        while stack:
            n = stack.pop()
            kind = n.kind
            if kind == "LOCAL_STMT":
                for m in n.walk():
                    if m.kind == "NAME" and not _is_rhs_name(m, n):
                        if self.text(m) not in scope.vars:
                            self.new_var(scope, self.text(m))
                continue
            if kind in CLOSURE_KINDS or kind in _LOOP_KINDS or kind == "LET_EXPR" or kind == "FUNCTION_DEF":
                continue
            if kind == "ASSIGNMENT_EXPR" and n.children:
                lhs = n.children[0]
                core = signature_core(lhs)
                if core is not None and core.kind == "CALL_EXPR":
                    continue  # a local method `g(x) = ...`
                for tn, _ in assigned_names(lhs):
                    name = self.text(tn)
                    if name in scope.vars:
                        continue
                    if forced or scope.parent is None or scope.parent.resolve(name)[0] is None:
                        self.new_var(scope, name)
            stack.extend(n.children)

    # --- the walk ---------------------------------------------------------------------------
    def walk(self, node: Node, scope: _Scope) -> None:
        kind = node.kind
        if kind == "NAME":
            v, _, closure = scope.resolve(self.text(node))
            if v is not None and closure:
                v.captured = True
            return
        if kind == "ASSIGNMENT_EXPR" and node.children:
            lhs = node.children[0]
            core = signature_core(lhs)
            if core is not None and core.kind == "CALL_EXPR":
                self.closure(node, node.children[-1], scope)
                return
            for tn, _ in assigned_names(lhs):
                self.assign(self.text(tn), scope)
            for c in node.children:
                self.walk(c, scope)
            return
        if kind == "LET_EXPR":
            inner = _Scope(scope, "let")
            binds = node.child("LET_BINDINGS")
            if binds is not None:
                for c in binds.children:
                    if c.kind == "ASSIGNMENT_EXPR" and len(c.children) >= 3:
                        self.walk(c.children[-1], scope)   # the right side is the enclosing scope's
                        for tn, _ in assigned_names(c.children[0]):
                            self.new_var(inner, self.text(tn), 1)
                    elif c.kind == "NAME":
                        self.new_var(inner, self.text(c), 1)
            body = node.child("BLOCK")
            self.declare(body, inner, False)
            if body is not None:
                self.walk(body, inner)
            return
        if kind in _LOOP_KINDS:
            inner = _Scope(scope, "loop")
            binding = node.child("FOR_BINDING")
            if binding is not None:
                targets, iters, outer = _loop_targets(binding)
                for it in iters:
                    self.walk(it, scope)
                for t in outer:
                    for m in t.walk():
                        if m.kind == "NAME":
                            self.assign(self.text(m), inner)
                for t in targets:
                    for tn, _ in assigned_names(t):
                        self.new_var(inner, self.text(tn), 1)
            else:
                for c in node.children:
                    if c.kind != "BLOCK":
                        self.walk(c, inner)   # a `while` condition runs each round
            body = node.child("BLOCK")
            self.declare(body, inner, False)
            if body is not None:
                self.walk(body, inner)
            return
        if kind in CLOSURE_KINDS or kind == "FUNCTION_DEF":
            self.closure(node, None, scope)
            return
        for c in node.children:
            self.walk(c, scope)

    def assign(self, name: str, scope: _Scope) -> None:
        v, loop, closure = scope.resolve(name)
        if v is None:
            v = self.new_var(scope, name)
            loop = closure = False
        v.assigns += 2 if loop else 1
        if closure:
            v.assigned_in_closure = True
            v.captured = True

    def closure(self, node: Node, body: Node | None, scope: _Scope) -> None:
        inner = _Scope(scope, "closure")
        for name in closure_param_names(node, self.text):
            self.new_var(inner, name, 1)
        if node.kind in ("COMPREHENSION", "GENERATOR", "TYPED_COMPREHENSION"):
            for c in node.children:
                if c.kind == "FOR_BINDING":
                    for it in _loop_targets(c)[1]:
                        self.walk(it, inner)
                else:
                    self.walk(c, inner)
            return
        if body is None:
            body = node.child("BLOCK") if node.kind in ("FUNCTION_DEF", "DO_EXPR") else (
                node.children[-1] if node.children else None)
        if body is None:
            return
        self.declare(body, inner, False)
        self.walk(body, inner)


def _is_rhs_name(name: Node, local_stmt: Node) -> bool:
    """Whether `name` is inside the value of an assignment in a `local` statement (`local y = x`)."""
    for a in local_stmt.walk():
        if a.kind == "ASSIGNMENT_EXPR" and len(a.children) >= 3:
            rhs = a.children[-1]
            if rhs.start <= name.start and name.end <= rhs.end:
                return True
    return False


def boxed_names(body: Node | None, param_names, text) -> frozenset:
    """The names of the variables of a method (parameters `param_names`, body `body`) that Julia
    boxes: captured by a closure and assigned more than once or inside a closure."""
    if body is None:
        return frozenset()
    if not any(n.kind in CLOSURE_KINDS or n.kind == "FUNCTION_DEF" for n in body.walk()):
        return frozenset()
    w = _Walker(text)
    top = _Scope(None, "method")
    for name in param_names:
        w.new_var(top, name, 1)
    w.declare(body, top, True)
    w.walk(body, top)
    return frozenset(v.name for v in w.all_vars
                     if v.captured and (v.assigns > 1 or v.assigned_in_closure))
