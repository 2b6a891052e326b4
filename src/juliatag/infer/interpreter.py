"""The abstract interpreter: walks a method body (or top-level code) over the syntax tree with an
environment of variable types, flow-sensitively, and records a type for every value-bearing node.

Control flow: branches are analyzed with narrowed environments and joined; loops are iterated to
a fixpoint (bounded); `return`/`break`/`continue`/`throw` make the rest of a block unreachable.
Calls go to the file's own methods (analyzed per argument signature, memoized, recursion solved
by iteration), to Base's return-type table, or to the builtin rules. Work is bounded per file,
walks never recurse on nesting depth beyond a fixed limit, and unknown stays unknown.

Unreachable code: the environment None is the state where control cannot get. One test owns it,
`state.reachable`: every step that uses the environment (`expr` evaluating a node, `narrow`,
`assign_target`, `bind`, resolving a call, returning) passes it through `reachable`, which raises
`Unreachable` in that state, and `expr` catches it at the boundary of the construct that took the
step, which ends there with env None. So a construct stops at the first step after an operand that
cannot complete, with no test of its own; the joins (`join_envs`, `control.join_values`) drop None
paths, and the join points (`if`, loops, comprehensions) catch `Unreachable` from their conditions.
"""

from __future__ import annotations

from ..schema import (F_ABSTRACT_FIELD, F_BOXED, F_DEFINITION, F_NONCONST_GLOBAL, F_TYPE_POSITION,
                      F_UNDEFINED, S_NA)
from ..syntax.tree import Node
from ..types.registry import TypeRegistry
from ..types.jtypes import (ANY, BOOL, BOTTOM, CHAR, FLOAT32, FLOAT64, INT64, SYMBOL, UNKNOWN, DataT,
                            FuncT, JType, TypeT, UnionT, VarT, dt, is_arg_type, is_known, is_named_var, mentions)
from .base import builtins
from .base.methods import known_function
from .definitions import FileDefs, MethodDef
from .calls import Calls
from .methods import Methods
from .base.names import CONSTANT_VALUES, MODULE_NAMES, visible_names
from .base.scope import StdlibScope
from .operators import Operators
from .state import (BOX, MAX_EXPR_DEPTH, NOTHING_REACHED, WORK_BUDGET, Binding, Budget, Frame, LabelRec, RunLabels,
                    Unreachable, reachable, static_parameter_value)
from .verdicts import stability, worst
from .tokens import TRIVIAL
from .transfer import HANDLERS
from .transfer.access import field_type_of, property_type
from .transfer.common import statements, walk_all
from .typeconv import TypeConverter, args_of


_ABSENT = object()  # `join_envs`: a name one environment has and another has not


class Interpreter(Calls, Methods, Operators):
    """One file's abstract interpreter: the walk (`expr` dispatches to `transfer.HANDLERS`), names,
    assignment and label recording; calls, methods and operators come from the mixins."""

    def __init__(self, data: bytes, defs: FileDefs, package=None, program=None, ledger=None,
                 source_id: str | None = None):
        self.data = data
        self.defs = defs
        self.reg: TypeRegistry = defs.registry
        self.conv = TypeConverter(self.reg, data)
        self.package = package                    # PackageIndex or None
        self.program = program                    # the package's other files (program.py), or None
        # set for the interpreters of a package's other files (program.py), which live as long as
        # the worker: what their memo may keep; they have no per-file work budget
        self.ledger = ledger
        # this file in the ledger's keys: its sha256 for a program's file (the same whoever's
        # interpreter it is, after a file was packed and comes back)
        self.source_id = source_id if source_id is not None else id(self)
        self.work_budget = WORK_BUDGET if ledger is None else float("inf")
        self._new_caches()
        self.parse_result = None                  # the file's ParseResult, for the interpreters of program.py
        self.labels: dict[int, LabelRec] = {}
        self.range_flags: list[tuple[int, int, int]] = []  # (start, end, flags) for whole regions
        self.call_depth = 0
        self.work = 0
        self.unrolled_work = 0   # node visits of loops run once per value, beyond what `work` counts
        self.const_busy: set = set()
        self._closure_frames_file = None           # the ledger's file `closure_frames` are for (`frames_of_closures`)
        self.visible_names = visible_names(frozenset(defs.used_modules))
        self.stdlib_scope = StdlibScope.of(defs, package)   # the stdlib functions a plain call reaches
        self.undefined_ok = defs.opaque_using or (package is not None and package.opaque)

    def _new_caches(self) -> None:
        """What the interpreter keeps for reuse while its file is analysed, each empty."""
        self.provisional: dict = {}               # key -> return type so far, of a method being inferred
        self.selections: dict = {}                # (method list, argument types) -> `Methods.select`'s choice
        # id of a method list -> (the list, {(argument count, curly call?): its methods that take them}),
        # `Methods._fitting`'s answers
        self.select_index: dict = {}
        self.table_answers: dict = {}              # `Calls.table_rule`'s answers
        # (name, qualified) -> (program generation, methods, complete): `Calls._methods_of`'s answer
        self.methods_found: dict = {}
        self.memo: dict = {}
        self.in_progress: dict = {}
        # name -> (type, 0, node visits working it out cost, labelled file it was worked out for): as
        # the memo's entries (`Ledger.may_reuse`)
        self.const_types: dict[str, tuple] = {}
        self.toplevel_env: dict = {}
        self.closures: dict[int, MethodDef] = {}           # uid -> method of an anonymous/local function
        self.closure_outers: dict[int, Frame | None] = {}  # uid -> the frame it closes over
        # id -> every frame a closure inferred here closed over, kept alive so that the memo's keys of
        # closure results (which name the frame by id: the result depends on it) stay unique
        self.closed_over: dict[int, Frame] = {}
        self.closure_frames: dict = {}             # a closure's FuncT (with its captures) -> the frame it was made in
        self.sealed_frames: dict = {}              # a sealed closure's FuncT -> the frame of its captures
        self._captured: dict = {}                  # closure uid -> (`captured_names`, the method)
        self._param_cache: dict = {}
        self.boxed: dict[int, tuple] = {}         # method uid -> (its `boxed_variables`, the method)
        self._constant_params: dict = {}           # method uid -> (its `constant_parameters`, the method)
        self._throws: dict = {}                    # method uid -> (its `surely_throws`, the method)
        self._default_style: dict = {}             # type name -> `takes_default_broadcast`
        self.templates: dict = {}                  # MACRO_DEF start -> its `templates.Template`, or None

    def release(self) -> None:
        """Drop what this interpreter keeps for reuse, once its file is done (the labelled file's
        analysis, or a program's file leaving the live ones). Those caches name the interpreter
        itself (a dispatch choice is (interpreter, method)), so with them the interpreter and all it
        holds (its file's tree, labels and results) would form one reference cycle, freed only by
        Python's cycle collector, whose full passes over a worker's long-lived objects cost a third
        of an ingest. New empty containers, not cleared ones: a packed file keeps its memo."""
        self._new_caches()

    def text(self, node: Node) -> str:
        return self.data[node.start:node.end].decode("utf-8", "replace")

    def put(self, frame: Frame, node: Node, t: JType, flags: int = 0, stab=None) -> None:
        if not frame.record:
            return
        rec = self.labels.get(node.start)
        if rec is None:
            self.labels[node.start] = LabelRec(t, flags, stab)
        else:
            rec.type = t
            rec.flags |= flags
            rec.stab = stab

    def start_run(self, outer: dict) -> RunLabels:
        """Code about to run once of several (a loop run once per value): its labels go to a layer of
        their own over the labels `outer`, which is returned (give the layers to `join_runs`)."""
        self.labels = RunLabels(outer)
        return self.labels

    def join_runs(self, outer: dict, runs: list) -> None:
        """Back to the labels `outer` after the runs whose layers are `runs`: a lexeme's label joins
        what the runs that reached it gave it (a type they disagree on becomes their join), where
        within one run the last write wins. Its stability is the worst any run gave it (none where
        a run gave none): a call stable in each run is stable, whatever type each run gives it. A
        variable's lexeme keeps the verdict on the variable's type over all its assignments."""
        joined: dict = {}
        for run in runs:
            for start, rec in run.items():
                have = joined.get(start)
                if have is None:
                    joined[start] = rec
                    continue
                have.flags |= rec.flags
                if not isinstance(have.stab, Binding) and not isinstance(rec.stab, Binding):
                    runs_say = (self._run_stability(have), self._run_stability(rec))
                    have.stab = S_NA if S_NA in runs_say else worst(runs_say)
                elif have.stab is not rec.stab:
                    have.stab = None
                have.type = self.join(have.type, rec.type)
        outer.update(joined)
        self.labels = outer

    def _run_stability(self, rec: LabelRec) -> int:
        return rec.stab if isinstance(rec.stab, int) else stability(rec.type, self.reg)

    def flag(self, frame: Frame, node: Node, flags: int) -> None:
        if not frame.record:
            return
        rec = self.labels.get(node.start)
        if rec is None:
            self.labels[node.start] = LabelRec(UNKNOWN, flags, None)
        else:
            rec.flags |= flags

    def flag_range(self, frame: Frame, node: Node, flags: int) -> None:
        if frame.record:
            self.range_flags.append((node.start, node.end, flags))

    def tick(self, frame: Frame) -> None:
        self.work += 1
        frame.visits += 1
        if frame.visits > frame.budget or (self.work > self.work_budget and not frame.record):
            raise Budget()

    def join(self, a: JType, b: JType) -> JType:
        return self.reg.tmerge(a, b)

    def join_envs(self, envs: list) -> dict | None:
        """Join the environments of paths that meet; unreachable (None) paths drop out."""
        live = [e for e in envs if e is not None]
        if not live:
            return None
        if len(live) == 1:
            return dict(live[0])
        first = live[0]
        out = dict(first)
        for e in live[1:]:
            if e is first:
                continue
            for k, v in e.items():
                old = out.get(k, _ABSENT)
                if old is v:
                    continue
                if old is _ABSENT:
                    out[k] = v
                elif old != v:
                    out[k] = self.join(old, v)
        return out

    def convert_type(self, node: Node, frame: Frame) -> JType:
        return self.conv.convert(node, frame.typevars)

    def label_type_expr(self, node: Node, frame: Frame, typevars: dict | None = None,
                        values: dict | None = None) -> JType:
        """Label identifiers in a type expression with the types they name (type-position flag);
        `typevars` and `values` as `TypeConverter.convert` reads them."""
        typevars = frame.typevars if typevars is None else typevars
        t = self.conv.convert(node, typevars, values)
        if not frame.record:
            return t
        stack = [(node, t)]
        while stack:
            n, nt = stack.pop()
            kind = n.kind
            if kind == "NAME":
                name = self.text(n)
                own = typevars.get(name) if name in typevars else self.conv.convert(n, typevars)
                if not isinstance(own, JType):   # a value parameter (`N` of `Array{T, N}`)
                    own = static_parameter_value(own)
                if own is UNKNOWN and not self.reg.is_type_name(name) and name not in typevars:
                    own = DataT(name) if name[:1].isupper() else UNKNOWN
                self.put(frame, n, own, F_TYPE_POSITION, S_NA)
            elif kind == "CURLY_EXPR" and n.children:
                head = n.children[0]
                if head.kind == "NAME":
                    self.put(frame, head, nt, F_TYPE_POSITION, S_NA)
                elif head.kind == "BINARY_EXPR":
                    self.put(frame, head.children[-1], nt, F_TYPE_POSITION, S_NA)
                if len(n.children) > 1:
                    for a in args_of(n.children[1]):
                        stack.append((a, self.conv.param(a, typevars, values)))
            elif kind == "BINARY_EXPR" and len(n.children) == 3:
                if n.children[1].kind == "DOT":
                    self.put(frame, n.children[-1], nt, F_TYPE_POSITION, S_NA)
                else:
                    for c in (n.children[0], n.children[2]):
                        stack.append((c, self.conv.convert(c, typevars)))
            elif kind in ("UNARY_EXPR", "PAREN_EXPR", "WHERE_EXPR", "BRACES", "ARG"):
                for c in n.children:
                    if c.kind not in TRIVIAL and c.kind not in ("SUBTYPE", "WHERE_KW"):
                        stack.append((c, self.conv.convert(c, typevars)))
            elif kind == "LITERAL":
                self.literal(n, frame)
            elif kind == "QUOTE_SYM":
                self.put(frame, n, SYMBOL)
        return t

    def literal(self, node: Node, frame: Frame) -> JType:
        kids = node.children
        tok = kids[-1] if kids else node
        t = self.literal_token_type(tok)
        self.put(frame, tok, t)
        if len(kids) == 2 and kids[0].kind in ("MINUS", "PLUS"):
            self.put(frame, kids[0], t)
        return t

    def literal_token_type(self, tok: Node) -> JType:
        kind = tok.kind
        if kind == "INTEGER":
            digits = self.text(tok).replace("_", "")
            try:
                v = int(digits)
            except ValueError:
                return INT64
            if v <= 2**63 - 1:
                return INT64
            if v <= 2**127 - 1:
                return dt("Int128")
            return dt("BigInt")
        if kind == "FLOAT":
            return FLOAT64
        if kind == "FLOAT32":
            return FLOAT32
        if kind in ("HEX_INT", "OCT_INT", "BIN_INT"):
            body = self.text(tok)[2:].replace("_", "")
            if kind == "HEX_INT":
                bits = 4 * len(body)
            elif kind == "BIN_INT":
                bits = len(body)
            else:
                try:
                    bits = int(body, 8).bit_length()
                except ValueError:
                    bits = 3 * len(body)
            for n in (8, 16, 32, 64, 128):
                if bits <= n:
                    return dt(f"UInt{n}")
            return dt("BigInt")
        if kind in ("TRUE_KW", "FALSE_KW"):
            return BOOL
        if kind == "CHAR":
            return CHAR
        return UNKNOWN

    def block(self, node: Node, env: dict, frame: Frame) -> tuple[JType, dict | None]:
        """A method body's statements (the body node itself is not a step): (type, env after)."""
        try:
            return statements(self, node, env, frame, 0)
        except Unreachable:  # a statement after one that cannot complete
            return UNKNOWN, None

    def expr(self, node: Node, env: dict | None, frame: Frame, depth: int = 0) -> tuple[JType, dict | None]:
        """Evaluate `node` in `env`: (its type, env after), env None when control cannot continue
        past it. In the unreachable state nothing is evaluated: `reachable` raises `Unreachable` to
        the construct that asked (caught below, one level up), which ends as (UNKNOWN, None)."""
        reachable(env)
        self.tick(frame)
        if depth > MAX_EXPR_DEPTH:
            return UNKNOWN, env
        kind = node.kind
        handler = HANDLERS.get(kind)
        try:
            if handler is not None:
                return handler(self, node, env, frame, depth + 1)
            if kind in ("INTEGER", "FLOAT", "FLOAT32", "HEX_INT", "OCT_INT", "BIN_INT", "TRUE_KW", "FALSE_KW",
                        "CHAR"):
                t = self.literal_token_type(node)
                self.put(frame, node, t)
                return t, env
            # unknown construct: still walk children so nested code gets labels
            return walk_all(self, node, env, frame, depth + 1)
        except Unreachable as u:  # a step after an operand that cannot complete
            return u.value, None

    def sub(self, node: Node, env, frame, depth) -> tuple[JType, dict | None]:
        return self.expr(node, env, frame, depth)

    def name_value(self, node: Node, env: dict, frame: Frame) -> JType:
        name = self.text(node)
        if name in env:
            t = env[name]
            b = frame.bindings.get(name)
            if b is not None and b.boxed and not frame.toplevel:
                self.put(frame, node, ANY, F_BOXED, None)
                return ANY
            self.put(frame, node, self._label_view(t), 0, b)
            return t
        if frame.outer is not None:
            t = self.lookup_outer(name, frame)
            if t is not None:
                self.put(frame, node, self._label_view(t), F_BOXED if t is ANY and self._outer_boxed(name, frame)
                         else 0, None)
                return t
        if name in frame.typevars:
            t = static_parameter_value(frame.typevars[name])
            self.put(frame, node, t)
            return t
        t = self.global_value(name, node, frame)
        return t

    def _outer_boxed(self, name: str, frame: Frame) -> bool:
        f = frame.outer
        while f is not None:
            b = f.bindings.get(name)
            if b is not None:
                return b.boxed
            f = f.outer
        return False

    def lookup_outer(self, name: str, frame: Frame) -> JType | None:
        """The type of `name` in the frames `frame` closes over, or None where none binds it."""
        return self.bound_from(name, frame.outer)

    @staticmethod
    def bound_from(name: str, f: Frame | None) -> JType | None:
        """The type of `name` in frame `f` or the frames it closes over (Any where it is boxed), or
        None where none binds it."""
        while f is not None:
            b = f.bindings.get(name)
            if b is not None:
                if b.boxed:
                    return ANY
                return b.whole if b.whole is not BOTTOM else UNKNOWN
            f = f.outer
        return None

    def _label_view(self, t: JType) -> JType:
        """What a label shows for an internal type: symbolic argument types show their bound."""
        if is_arg_type(t):
            return t.ub if t.ub is not ANY else UNKNOWN
        if isinstance(t, UnionT) and any(is_arg_type(m) for m in t.members):
            return UNKNOWN
        return t

    def global_value(self, name: str, node: Node, frame: Frame) -> JType:
        defs = self.defs
        if name in CONSTANT_VALUES:
            t = CONSTANT_VALUES[name]
            self.put(frame, node, t)
            return t
        if self.reg.is_type_name(name) and name[:1] != "@" and name not in defs.consts and \
                name not in defs.globals:
            # a type's name is bound to the type, its constructors' methods notwithstanding
            t = TypeT(self.conv.named(name))
            self.put(frame, node, t)
            return t
        if name in defs.methods or (self.package is not None and name in self.package.functions
                                    and name not in defs.consts and name not in defs.globals):
            t = FuncT(name)
            self.put(frame, node, t)
            return t
        if name in defs.consts:
            t = self.const_type(name)
            self.put(frame, node, t)
            return t
        if name in defs.typed_globals:
            t = self.convert_type(defs.typed_globals[name], frame)
            self.put(frame, node, t)
            return t
        if name in defs.globals:
            if frame.toplevel:
                t = self.toplevel_env.get(name, UNKNOWN)
                self.put(frame, node, t)
                return t
            self.put(frame, node, ANY, F_NONCONST_GLOBAL, None)
            return ANY
        if name in defs.enums:
            t = self.reg.apply(defs.enums[name], [])
            self.put(frame, node, t)
            return t
        if name in MODULE_NAMES or name in defs.modules or name in defs.used_modules:
            t = dt("Module")
            self.put(frame, node, t)
            return t
        if self.package is not None:  # the package's own constant (an enum value in another file) first
            pt = self.package.global_type(name)
            if pt is None:
                pt = self.package.used_global_type(name)   # then one a package it uses exports
            if pt is not None:
                self.put(frame, node, pt)
                return pt
        if known_function(name, self.stdlib_scope):
            t = FuncT(name)
            self.put(frame, node, t)
            return t
        if name in self.visible_names or name in defs.imported or name in defs.macros:
            t = FuncT(name) if name[:1].islower() else UNKNOWN
            self.put(frame, node, t)
            return t
        flags = 0 if self.undefined_ok or self._defined_somewhere(name) else F_UNDEFINED
        self.put(frame, node, UNKNOWN, flags, 0)
        return UNKNOWN

    def _defined_somewhere(self, name: str) -> bool:
        return self.package is not None and self.package.defines(name)

    def const_type(self, name: str) -> JType:
        kept = self.const_types.get(name)
        # (a constant is worked out at call depth 0, with nothing in progress, wherever it is used)
        if kept is not None and (self.ledger is None or self.ledger.may_reuse(kept, 0)):
            if self.ledger is not None:
                self.ledger.visits += kept[2]   # what working it out cost, as a first use pays
                self.ledger.reuse(0, ("const", self.source_id, name), kept[4], None)
            return kept[0]
        entry = self.defs.consts.get(name)
        if entry is None:
            return UNKNOWN
        if name in self.const_busy:
            if self.ledger is not None:
                self.ledger.taint()  # which constant of a cycle is unknown depends on which came first
            return UNKNOWN
        _, rhs, tnode = entry
        cost = 0
        footprint: tuple | None = NOTHING_REACHED
        if tnode is not None:
            t = self.conv.convert(tnode, {})
        elif rhs is None:
            t = UNKNOWN
        else:
            self.const_busy.add(name)
            frame = Frame(None, record=False, toplevel=True)
            ledger = self.ledger
            if ledger is not None:  # a constant's value is worked out the same wherever it is first used
                saved_stack, saved_depth = ledger.stack, self.call_depth
                ledger.stack, self.call_depth = [], 0
                ledger.push(("const", self.source_id, name), 0)
                start = ledger.visits
            try:
                t, _ = self.expr(rhs, {}, frame)
            except Budget:
                t = UNKNOWN
            finally:
                self.const_busy.discard(name)
                if ledger is not None:
                    tainted, limited, _, footprint = ledger.pop()
                    tainted = tainted or limited
                    ledger.stack, self.call_depth = saved_stack, saved_depth
            if ledger is not None and tainted:
                ledger.taint()
                return t
            if ledger is not None:
                cost = ledger.visits - start
        if self.ledger is not None:
            # what working it out reached counts for the inference that asked
            self.ledger.reuse(0, ("const", self.source_id, name), footprint, None)
        self.const_types[name] = (t, 0, cost, self.ledger.file_no if self.ledger is not None else None, footprint)
        return t

    def bind(self, frame: Frame, name: str, t: JType, node: Node | None, env: dict, flags: int = F_DEFINITION) -> None:
        reachable(env)
        b = frame.bindings.get(name)
        if b is None and frame.outer is not None and not frame.toplevel:
            # assignment to a captured outer variable from inside a closure
            f = frame.outer
            while f is not None:
                ob = f.bindings.get(name)
                if ob is not None:
                    ob.whole = self.join(ob.whole, t)
                    ob.n_assign += 1
                    if node is not None:
                        self.put(frame, node, ANY if ob.boxed else self._label_view(t), flags | F_BOXED, None)
                    env[name] = t
                    return
                f = f.outer
        if b is None:
            b = Binding(name, is_global=frame.toplevel, boxed=name in frame.boxed)
            frame.bindings[name] = b
        if b.declared is not None:
            t = self.declared_value(b.declared, t, frame)
        b.whole = self.join(b.whole, t)
        b.n_assign += 1
        env[name] = t
        if frame.toplevel:
            self.toplevel_env[name] = t
        if node is not None:
            self.put(frame, node, self._label_view(t) if not b.boxed else BOX,
                     flags | (F_BOXED if b.boxed else 0), b)

    def declared_value(self, declared: JType, t: JType, frame: Frame) -> JType:
        """What a variable declared `x::T` holds once assigned a value of type `t`. Julia lowers the
        assignment to `x = typeassert(convert(T, rhs), T)`: a value already of type T converts to
        itself, so a local keeps the value's narrower type (`szs::Dims = size(A)` is a
        Tuple{Int64}); anything else is converted to T. A typed global always has its declared type."""
        if declared is UNKNOWN or frame.toplevel or t is UNKNOWN or t is ANY or not is_known(t):
            return declared
        return t if self.reg.issub(t, declared) and t is not BOTTOM else declared

    def written_type(self, node: Node, env: dict, frame: Frame, depth: int) -> tuple[JType, dict]:
        """The type an annotation `::T` Julia evaluates writes at `node` (a declaration `x::T = v`,
        a type assertion `x::T`), and the environment after it. Julia evaluates T at run time, so
        it may be a call (`sum::promote_type(Float64, T) = ...`) or a local variable holding a type:
        the type such a value is where it is known (else unknown)."""
        if node.kind == "CALL_EXPR" or (node.kind == "NAME" and self.text(node) in env):
            value, env = self.expr(node, env, frame, depth)
            if isinstance(value, TypeT) and is_known(value.of) and not mentions(value.of, is_named_var):
                return value.of, env
            return UNKNOWN, env
        return self.label_type_expr(node, frame), env

    def assign_target(self, target: Node, t: JType, env: dict, frame: Frame, depth: int) -> dict | None:
        reachable(env, t)  # an assignment after code that cannot complete: the construct ends with `t`
        kind = target.kind
        if kind == "NAME":
            self.bind(frame, self.text(target), t, target, env)
            return env
        if kind == "TYPE_ANNOTATION" and len(target.children) >= 3:
            name_node = target.children[0]
            decl, env = self.written_type(target.children[-1], env, frame, depth)
            if name_node.kind == "NAME":
                name = self.text(name_node)
                b = frame.bindings.get(name)
                if b is None:
                    b = Binding(name, is_global=frame.toplevel)
                    frame.bindings[name] = b
                # (a T not known here is kept too: the values assigned are `convert(T, v)`, of
                # a type not known either)
                b.declared = decl
                self.bind(frame, name, t, name_node, env)
                return env
            return self.assign_target(name_node, decl, env, frame, depth)
        if kind in ("BARE_TUPLE_EXPR", "TUPLE_EXPR", "PAREN_EXPR"):
            parts = args_of(target)
            if kind == "PAREN_EXPR" and len(parts) == 1:
                return self.assign_target(parts[0], t, env, frame, depth)
            named = [p for p in parts if p.kind == "PARAMETERS"]
            if named:  # (; a, b) = nt  -- property destructuring
                for p in args_of(named[0]):
                    if p.kind == "NAME":
                        ft = self.property_type(t, self.text(p))
                        self.bind(frame, self.text(p), ft, p, env)
                return env
            for i, p in enumerate(parts):
                if p.kind == "SPLAT_EXPR":
                    env = self.assign_target(p.children[0], UNKNOWN, env, frame, depth) if p.children else env
                    continue
                et = builtins.index_type(t, [INT64], self.reg, literal=i + 1) if not isinstance(t, UnionT) \
                    else UNKNOWN
                if isinstance(t, DataT) and t.name not in ("Tuple", "Pair", "NamedTuple"):
                    et = builtins.eltype_of(t, self.reg)
                env = self.assign_target(p, et, env, frame, depth)
            return env
        if kind == "INDEX_EXPR":
            obj_t, env = self.sub(target.children[0], env, frame, depth)
            if len(target.children) > 1:
                for a in args_of(target.children[1]):
                    _, env = self.sub(a, env, frame, depth)
            self._check_abstract_container(frame, target.children[0], obj_t)
            return env
        if kind == "BINARY_EXPR" and len(target.children) == 3 and target.children[1].kind == "DOT":
            obj_t, env = self.sub(target.children[0], env, frame, depth)
            field_node = target.children[2]
            if field_node.kind == "NAME":
                ft = self.property_type(obj_t, self.text(field_node))
                self.put(frame, field_node, ft if ft is not UNKNOWN else t)
            return env
        if kind == "CALL_EXPR" or kind == "WHERE_EXPR":  # local function definition `f(x) = ...`
            return env
        _, env = self.sub(target, env, frame, depth)
        return env

    def property_type(self, obj: JType, fname: str) -> JType:
        """The type of `obj.fname` for a value of type `obj`."""
        return property_type(self, obj, fname)

    def field_type_of(self, obj: JType, fname: str) -> JType:
        """The type of field `fname` of a value of type `obj` (`getfield(obj, :fname)`)."""
        return field_type_of(self, obj, fname)

    def _check_abstract_container(self, frame: Frame, node: Node, t: JType) -> None:
        ap = builtins.array_params(t, self.reg)
        if ap is not None and isinstance(ap[0], JType) and self.reg.is_concrete(ap[0]) is False \
                and not isinstance(ap[0], VarT):
            self.flag(frame, node, F_ABSTRACT_FIELD)
