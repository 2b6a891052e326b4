"""The abstract interpreter: walks a method body (or top-level code) over the syntax tree with an
environment of variable types, flow-sensitively, and records a type for every value-bearing node.

Control flow: branches are analyzed with narrowed environments and joined; loops are iterated to
a fixpoint (bounded); `return`/`break`/`continue`/`throw` make the rest of a block unreachable.
Calls go to the file's own methods (analyzed per argument signature, memoized, recursion solved
by iteration), to Base's return-type table, or to the builtin rules. Work is bounded per file,
walks never recurse on nesting depth beyond a fixed limit, and unknown stays unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import (S_NA, F_ABSTRACT_FIELD, F_BOXED, F_DEFINITION, F_IN_MACRO, F_NONCONST_GLOBAL, F_QUOTED,
                      F_TYPE_POSITION, F_UNDEFINED)
from ..syntax.tree import Node
from ..types.hierarchy import WILD, TypeRegistry, make_tuple
from ..types.jtypes import (ANY, BOOL, BOTTOM, CHAR, EXPR, FLOAT32, FLOAT64, INT64, MISSING, NOTHING, STRING,
                            SYMBOL, UNKNOWN, DataT, FuncT, JType, SymbolValue, TypeT, UnionT, VarT, dt, make_union,
                            matrix, ordered_members, vector)
from . import arith, builtins
from .basemethods import known_function, match_table
from .definitions import FileDefs, MethodDef, Param, _assigned_names, _signature_core, parse_signature
from .names import CONSTANT_VALUES, MODULE_NAMES, base_names, stdlib_names
from .typeconv import TypeConverter, args_of, dotted_name, where_vars

BOX = dt("Core.Box")
MAX_LOOP_ITERS = 4
MAX_CALL_DEPTH = 6
MAX_EXPR_DEPTH = 200     # nesting beyond this is left unknown (each level costs a few Python frames)
WORK_BUDGET = 400_000     # node visits per file, summed over all analyses
METHOD_BUDGET = 40_000    # node visits for one method analysis

_OPS = {
    "PLUS": "+", "MINUS": "-", "STAR": "*", "SLASH": "/", "CARET": "^", "BACKSLASH": "\\", "PERCENT": "%",
    "EQ_EQ": "==", "EQ_EQ_EQ": "===", "NOT_EQ": "!=", "NOT_EQ_EQ": "!==", "LT": "<", "GT": ">", "LE": "<=",
    "GE": ">=", "AMP": "&", "PIPE": "|", "SLASH_SLASH": "//", "SHL": "<<", "SHR": ">>", "USHR": ">>>",
    "PIPE_GT": "|>", "BANG": "!", "TILDE": "~", "DOT_DOT": "..", "SUBTYPE": "<:", "SUPERTYPE": ">:",
}
_COMPOUND = {"PLUS_EQ": "+", "MINUS_EQ": "-", "STAR_EQ": "*", "SLASH_EQ": "/", "CARET_EQ": "^",
             "BACKSLASH_EQ": "\\", "PERCENT_EQ": "%", "SLASH_SLASH_EQ": "//", "AMP_EQ": "&", "PIPE_EQ": "|",
             "SHL_EQ": "<<", "SHR_EQ": ">>", "USHR_EQ": ">>>", "XOR_EQ": "⊻", "DIV_EQ": "÷"}
_TYPE_PRESERVING_MACROS = {
    "inbounds", "inline", "noinline", "views", "view", "simd", "fastmath", "propagate_inbounds", "boundscheck",
    "nospecialize", "specialize", "inferred", "time", "timed_value", "elapsed_value", "static", "eval_value",
    "polly", "muladd", "turbo", "tturbo", "avx", "avxt", "batch", "threads", "spawn", "async", "sync", "atomic",
    "preserve", "generated", "kwdef", "constprop", "assume_effects", "label", "goto", "noinfer", "nospecializeinfer",
    "debug_value", "lock", "showtime", "test_nowarn", "allow_unused", "unroll",
}
_NOTHING_MACROS = {"assert", "info", "warn", "error", "debug", "printf", "test", "testset", "test_throws",
                   "test_broken", "test_skip", "logmsg", "label", "goto", "warn_once"}
_TRIVIAL = frozenset({"LPAREN", "RPAREN", "LBRACKET", "RBRACKET", "LBRACE", "RBRACE", "COMMA", "SEMICOLON"})


class Budget(Exception):
    """Raised when an analysis runs out of work budget."""


@dataclass
class Binding:
    name: str
    whole: JType = BOTTOM        # join of every value assigned over the whole method
    n_assign: int = 0
    is_arg: bool = False
    declared: JType | None = None
    boxed: bool = False
    is_global: bool = False


@dataclass
class Frame:
    method: MethodDef | None
    record: bool
    bindings: dict = field(default_factory=dict)
    returns: JType = BOTTOM
    loops: list = field(default_factory=list)     # [(break_envs, continue_envs)]
    typevars: dict = field(default_factory=dict)  # static parameters in scope
    boxed: frozenset = frozenset()
    struct_type: JType | None = None              # for `new(...)` in inner constructors
    toplevel: bool = False
    visits: int = 0
    outer: "Frame | None" = None                  # enclosing frame of a closure
    dotted: bool = False                          # inside `@. expr`: operators broadcast


@dataclass
class LabelRec:
    type: JType
    flags: int = 0
    stab: object = None          # None: classify(type); int: fixed; Binding: its whole-method type


class Interpreter:
    def __init__(self, data: bytes, defs: FileDefs, package=None):
        self.data = data
        self.defs = defs
        self.reg: TypeRegistry = defs.registry
        self.conv = TypeConverter(self.reg, data)
        self.package = package                    # PackageIndex or None
        self.labels: dict[int, LabelRec] = {}
        self.range_flags: list[tuple[int, int, int]] = []  # (start, end, flags) for whole regions
        self.memo: dict = {}
        self.in_progress: dict = {}
        self.call_depth = 0
        self.work = 0
        self.const_types: dict[str, JType] = {}
        self.const_busy: set = set()
        self.toplevel_env: dict = {}
        self._lambda_defs: dict[int, MethodDef] = {}
        self._lambda_outer: dict[int, Frame] = {}
        self._param_cache: dict = {}
        known = set(base_names())
        for mod in defs.used_modules:
            names = stdlib_names(mod)
            if names is not None:
                known |= names
        self.visible_names = known
        self.undefined_ok = defs.opaque_using or (package is not None and package.opaque)

    # ============================================================ utilities
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
        if frame.visits > METHOD_BUDGET or (self.work > WORK_BUDGET and not frame.record):
            raise Budget()

    def join(self, a: JType, b: JType) -> JType:
        return self.reg.tmerge(a, b)

    def join_envs(self, envs: list) -> dict | None:
        live = [e for e in envs if e is not None]
        if not live:
            return None
        if len(live) == 1:
            return dict(live[0])
        out = dict(live[0])
        for e in live[1:]:
            for k, v in e.items():
                if k in out:
                    if out[k] != v:
                        out[k] = self.join(out[k], v)
                else:
                    out[k] = v
        return out

    def convert_type(self, node: Node, frame: Frame) -> JType:
        return self.conv.convert(node, frame.typevars)

    # ================================================================ types in type position
    def label_type_expr(self, node: Node, frame: Frame, typevars: dict | None = None) -> JType:
        """Label identifiers in a type expression with the types they name (type-position flag)."""
        typevars = frame.typevars if typevars is None else typevars
        t = self.conv.convert(node, typevars)
        if not frame.record:
            return t
        stack = [(node, t)]
        while stack:
            n, nt = stack.pop()
            kind = n.kind
            if kind == "NAME":
                name = self.text(n)
                own = typevars.get(name) if name in typevars else self.conv.convert(n, typevars)
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
                        stack.append((a, self.conv.param(a, typevars)))
            elif kind == "BINARY_EXPR" and len(n.children) == 3:
                if n.children[1].kind == "DOT":
                    self.put(frame, n.children[-1], nt, F_TYPE_POSITION, S_NA)
                else:
                    for c in (n.children[0], n.children[2]):
                        stack.append((c, self.conv.convert(c, typevars)))
            elif kind in ("UNARY_EXPR", "PAREN_EXPR", "WHERE_EXPR", "BRACES", "ARG"):
                for c in n.children:
                    if c.kind not in _TRIVIAL and c.kind not in ("SUBTYPE", "WHERE_KW"):
                        stack.append((c, self.conv.convert(c, typevars)))
            elif kind == "LITERAL":
                self.literal(n, frame)
            elif kind == "QUOTE_SYM":
                self.put(frame, n, SYMBOL)
        return t

    # ================================================================ literals
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

    # ================================================================ statements and blocks
    def block(self, node: Node, env: dict | None, frame: Frame) -> tuple[JType, dict | None]:
        result: JType = NOTHING
        for c in node.children:
            if env is None:
                break
            if c.kind in _TRIVIAL or c.kind in ("END_KW", "BEGIN_KW"):
                continue
            result, env = self.expr(c, env, frame)
        return result, env

    # ================================================================ expressions
    def expr(self, node: Node, env: dict, frame: Frame, depth: int = 0) -> tuple[JType, dict | None]:
        """Evaluate `node` in `env`; returns (type, env after). env None = unreachable after."""
        self.tick(frame)
        if depth > MAX_EXPR_DEPTH:
            return UNKNOWN, env
        kind = node.kind
        handler = _HANDLERS.get(kind)
        if handler is not None:
            return handler(self, node, env, frame, depth + 1)
        if kind in ("INTEGER", "FLOAT", "FLOAT32", "HEX_INT", "OCT_INT", "BIN_INT", "TRUE_KW", "FALSE_KW", "CHAR"):
            t = self.literal_token_type(node)
            self.put(frame, node, t)
            return t, env
        # unknown construct: still walk children so nested code gets labels
        for c in node.children:
            if env is None:
                break
            if c.kind not in _TRIVIAL:
                _, env = self.expr(c, env, frame, depth + 1)
        return UNKNOWN, env

    def sub(self, node: Node, env, frame, depth) -> tuple[JType, dict | None]:
        return self.expr(node, env, frame, depth)

    # ---------------------------------------------------------------- names
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
            t = TypeT(frame.typevars[name])
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
        f = frame.outer
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
        if isinstance(t, VarT) and t.name.startswith("#"):
            return t.ub if t.ub is not ANY else UNKNOWN
        if isinstance(t, UnionT) and any(isinstance(m, VarT) and m.name.startswith("#") for m in t.members):
            return UNKNOWN
        return t

    def global_value(self, name: str, node: Node, frame: Frame) -> JType:
        defs = self.defs
        if name in CONSTANT_VALUES:
            t = CONSTANT_VALUES[name]
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
        if self.reg.is_type_name(name) and name[:1] != "@":
            t = TypeT(self.conv.named(name))
            self.put(frame, node, t)
            return t
        if name in MODULE_NAMES or name in defs.modules or name in defs.used_modules:
            t = dt("Module")
            self.put(frame, node, t)
            return t
        if known_function(name):
            t = FuncT(name)
            self.put(frame, node, t)
            return t
        if self.package is not None:
            pt = self.package.global_type(name)
            if pt is not None:
                self.put(frame, node, pt)
                return pt
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
        if name in self.const_types:
            return self.const_types[name]
        entry = self.defs.consts.get(name)
        if entry is None or name in self.const_busy:
            return UNKNOWN
        _, rhs, tnode = entry
        if tnode is not None:
            t = self.conv.convert(tnode, {})
        elif rhs is None:
            t = UNKNOWN
        else:
            self.const_busy.add(name)
            frame = Frame(None, record=False, toplevel=True)
            try:
                t, _ = self.expr(rhs, {}, frame)
            except Budget:
                t = UNKNOWN
            self.const_busy.discard(name)
        self.const_types[name] = t
        return t

    # ---------------------------------------------------------------- assignment
    def bind(self, frame: Frame, name: str, t: JType, node: Node | None, env: dict, flags: int = F_DEFINITION) -> None:
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
            t = b.declared
        b.whole = self.join(b.whole, t)
        b.n_assign += 1
        env[name] = t
        if frame.toplevel:
            self.toplevel_env[name] = t
        if node is not None:
            self.put(frame, node, self._label_view(t) if not b.boxed else BOX,
                     flags | (F_BOXED if b.boxed else 0), b)

    def assign_target(self, target: Node, t: JType, env: dict, frame: Frame, depth: int) -> dict | None:
        kind = target.kind
        if kind == "NAME":
            self.bind(frame, self.text(target), t, target, env)
            return env
        if kind == "TYPE_ANNOTATION" and len(target.children) >= 3:
            name_node = target.children[0]
            decl = self.label_type_expr(target.children[-1], frame)
            if name_node.kind == "NAME":
                name = self.text(name_node)
                b = frame.bindings.get(name)
                if b is None:
                    b = Binding(name, is_global=frame.toplevel)
                    frame.bindings[name] = b
                if decl is not UNKNOWN:
                    b.declared = decl
                self.bind(frame, name, decl if decl is not UNKNOWN else t, name_node, env)
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
            if env is not None and len(target.children) > 1:
                for a in args_of(target.children[1]):
                    if env is None:
                        break
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

    def _check_abstract_container(self, frame: Frame, node: Node, t: JType) -> None:
        ap = builtins.array_params(t, self.reg)
        if ap is not None and isinstance(ap[0], JType) and self.reg.is_concrete(ap[0]) is False \
                and not isinstance(ap[0], VarT):
            self.flag(frame, node, F_ABSTRACT_FIELD)

    # ---------------------------------------------------------------- calls
    def call_value(self, f: JType, args: list[JType], frame: Frame | None = None) -> JType:
        """Result of calling a function value of type `f` with `args` (used by map, filter, ...)."""
        if isinstance(f, FuncT):
            if f.closure:
                uid = _closure_uid(f.name)
                lam = self._lambda_defs.get(uid)
                if lam is not None:
                    return self.infer_method(lam, args, {}, outer=self._lambda_outer.get(uid))
                return f.ret if f.ret is not None else UNKNOWN
            return self.call_named(f.name, args, {}, frame)
        if isinstance(f, TypeT):
            return self.construct(f.of, args, frame)
        return UNKNOWN

    def call_named(self, name: str, args: list[JType], kwargs: dict, frame: Frame | None,
                   qualified: str | None = None) -> JType:
        """Call of a function known by name (not a local variable)."""
        if name in self.defs.methods and (qualified is None or qualified.split(".")[0] not in ("Base", "Core")
                                          or not known_function(name)):
            r = self.dispatch(self.defs.methods[name], args, kwargs)
            if r is not None:
                return r
        if self.reg.is_type_name(name) and name[:1].isupper():
            return self.construct(self.conv.named(qualified or name), args, frame)
        special = self.special_call(name, args, kwargs)
        if special is not None:
            return special
        r = match_table(qualified or name, args, self.reg)
        if r is None and qualified is not None:
            r = match_table(name, args, self.reg)
        if r is not None:
            return r
        if self.package is not None:
            pr = self.package.return_type(name)
            if pr is not None:
                return pr
        return UNKNOWN

    def special_call(self, name: str, args: list[JType], kwargs: dict) -> JType | None:
        if len(args) == 2 and name in ("+", "-", "*", "/", "^", "÷", "%", "//", "\\", "==", "!=", "<", ">", "<=",
                                       ">=", "≤", "≥", "≠", "===", "!==", "≡", "&", "|", "⊻", "xor", "<<", ">>",
                                       ">>>", "div", "rem", "mod", "fld", "cld", "min", "max", "isless", "≈",
                                       "isequal", "hypot", "atan", "mod1", "gcd", "lcm", "copysign", "flipsign"):
            r = self.binary_op(name, args[0], args[1])
            if r is not UNKNOWN or name in ("+", "-", "*", "/"):
                return r
        if len(args) == 1 and name in ("-", "+", "!", "~", "√", "∛"):
            return self.unary_op(name, args[0])
        if len(args) > 2 and name in ("+", "*", "min", "max"):
            out = args[0]
            for a in args[1:]:
                out = self.binary_op(name, out, a)
            return out
        if name in ("getindex",) and args:
            return builtins.index_type(args[0], args[1:], self.reg)
        if name == "typeof" and len(args) == 1:
            a = args[0]
            if a is UNKNOWN or builtins.is_symbolic(a) or self.reg.is_concrete(a) is not True:
                return DataT("DataType")  # typeof of any value is a concrete DataType
            return TypeT(a)
        if name == "eltype" and len(args) == 1:
            a = args[0].of if isinstance(args[0], TypeT) else args[0]
            e = builtins.eltype_of(a, self.reg)
            return TypeT(e) if e is not UNKNOWN else UNKNOWN
        if name in ("isa", "===", "!==", "≡", "≢", "in", "∈", "∉", "haskey", "occursin", "startswith", "endswith",
                    "isequal", "<:", ">:", "issubset", "⊆") and len(args) == 2:
            return BOOL
        if name in ("isnothing", "ismissing", "isempty") and len(args) == 1:
            return BOOL
        if name in ("convert",) and len(args) == 2 and isinstance(args[0], TypeT):
            return args[0].of
        if name in ("zero", "one", "oneunit", "typemax", "typemin") and len(args) == 1 and isinstance(args[0], TypeT):
            return args[0].of
        r = builtins.higher_order(name, args, lambda f, a: self.call_value(f, a), self.reg)
        if r is not None:
            return r
        if name in ("identity",) and len(args) == 1:
            return args[0]
        if name in ("copy", "deepcopy") and len(args) == 1:
            return args[0]
        return None

    def binary_op(self, op: str, a: JType, b: JType) -> JType:
        if isinstance(a, UnionT) or isinstance(b, UnionT):  # union splitting
            am = ordered_members(a) if isinstance(a, UnionT) else (a,)
            bm = ordered_members(b) if isinstance(b, UnionT) else (b,)
            if len(am) * len(bm) <= 8:
                parts = [self.binary_op(op, x, y) for x in am for y in bm]
                if any(p is UNKNOWN for p in parts):
                    return UNKNOWN
                out = BOTTOM
                for p in parts:
                    out = self.join(out, p)
                return out
            return UNKNOWN
        if a is ANY or b is ANY:
            if op in ("===", "!==", "≡", "≢", "isa", "<:"):
                return BOOL
            return ANY
        r = arith.binary_arith(op, a, b)
        if r is not None:
            return r
        if op in ("==", "!=", "<", ">", "<=", ">=", "≤", "≥", "≠", "===", "!==", "≡", "≢", "isless", "isequal",
                  "≈"):
            if op in ("==", "!=", "≠") and (a == MISSING or b == MISSING):
                return MISSING
            return BOOL
        if a == CHAR or b == CHAR:
            if op == "-" and a == CHAR and b == CHAR:
                return INT64
            if op in ("+", "-") and a == CHAR and arith.is_integer(b):
                return CHAR
            if op == "+" and b == CHAR and arith.is_integer(a):
                return CHAR
        sa, sb = _strip_sym(a), _strip_sym(b)
        if op == "*" and sa in (STRING, CHAR) and sb in (STRING, CHAR) or (op == "*" and (
                (a == STRING and b in (STRING, CHAR)) or (b == STRING and a in (STRING, CHAR)))):
            return STRING
        if op == "^" and a in (STRING, CHAR) and arith.is_integer(b):
            return STRING
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        if _abstract_number(a, self.reg) or _abstract_number(b, self.reg):
            # a statically abstract operand (a field `x::Integer`): runtime dispatch, inferred as Any
            return ANY
        if op in ("+", "-", "*", "/", "\\"):
            r = self._array_arith(op, a, b)
            if r is not None:
                return r
        if op in ("÷", "div", "%", "rem", "mod", "fld", "cld") and (builtins.is_symbolic(a) or builtins.is_symbolic(b)):
            return builtins.symbolic()
        if builtins.is_symbolic(a) or builtins.is_symbolic(b):
            other = b if builtins.is_symbolic(a) else a
            if other is UNKNOWN or isinstance(other, (FuncT,)):
                return UNKNOWN
            # generic arithmetic on arguments: concrete for concrete inputs, type depends on them
            return builtins.symbolic()
        r = match_table(op, [a, b], self.reg)
        return r if r is not None else UNKNOWN

    def _array_arith(self, op: str, a: JType, b: JType) -> JType | None:
        pa = builtins.array_params(a, self.reg)
        pb = builtins.array_params(b, self.reg)
        if pa is None and pb is None:
            return None
        if op in ("+", "-") and pa is not None and pb is not None:
            elt = arith.binary_arith(op, pa[0], pb[0]) if isinstance(pa[0], JType) else None
            if elt is not None and isinstance(pa[1], int):
                return DataT("Array", (elt, pa[1]))
            return UNKNOWN
        if op == "*" and pa is not None and pb is not None:
            elt = arith.binary_arith("*", pa[0], pb[0])
            if elt is None:
                return UNKNOWN
            if pa[1] == 2 and pb[1] == 1:
                return vector(elt)
            if pa[1] == 2 and pb[1] == 2:
                return matrix(elt)
            return UNKNOWN
        if op in ("*", "/") and (pa is None) != (pb is None):
            arr, scal = (pa, b) if pa is not None else (pb, a)
            if op == "/" and pa is None:
                return UNKNOWN
            elt = arith.binary_arith(op, arr[0], scal) if isinstance(arr[0], JType) else None
            if elt is not None and isinstance(arr[1], int):
                return DataT("Array", (elt, arr[1]))
            return UNKNOWN
        return UNKNOWN

    def unary_op(self, op: str, a: JType) -> JType:
        if isinstance(a, UnionT):
            parts = [self.unary_op(op, m) for m in ordered_members(a)]
            if any(p is UNKNOWN for p in parts):
                return UNKNOWN
            out = BOTTOM
            for p in parts:
                out = self.join(out, p)
            return out
        if a is ANY:
            return BOOL if op == "!" else ANY
        r = arith.unary_arith(op, a)
        if r is not None:
            return r
        if op == "!":
            return BOOL if a is not UNKNOWN else UNKNOWN
        if builtins.is_symbolic(a):
            return builtins.symbolic()
        pa = builtins.array_params(a, self.reg)
        if op == "-" and pa is not None and isinstance(pa[1], int):
            return DataT("Array", (arith.unary_arith("-", pa[0]) or UNKNOWN, pa[1])) if isinstance(pa[0], JType) \
                else UNKNOWN
        return UNKNOWN

    def construct(self, t: JType, args: list[JType], frame: Frame | None) -> JType:
        """Calling a type: a constructor or conversion."""
        if isinstance(t, DataT):
            name = t.name
            decl = self.reg.decl(name)
            if name in self.defs.methods:
                r = self.dispatch(self.defs.methods[name], args, {}, curly=t.params if t.params else None)
                if r is not None:
                    return r
            if decl is not None and decl.user:
                return self.default_constructor(t, decl, args)
            r = builtins.base_constructor(t, args, self.reg)
            if r is not None:
                return r
            r = match_table(name, args, self.reg)
            if r is not None and r is not UNKNOWN:
                return r
            if self.reg.is_concrete(t):
                return t
            if decl is None:
                return t if not t.params or not any(isinstance(p, VarT) and p.name == "" for p in t.params) \
                    else UNKNOWN
            return UNKNOWN
        if isinstance(t, UnionT):
            return UNKNOWN
        return UNKNOWN

    def default_constructor(self, t: DataT, decl, args: list[JType]) -> JType:
        if decl.is_abstract:
            return UNKNOWN
        if not decl.params:
            return t
        given = [p for p in t.params if not (isinstance(p, VarT) and p.name == "")]
        if len(given) == len(decl.params):
            return t
        # infer parameters from the field types: Foo(1.0) for `struct Foo{T}; x::T end`
        env: dict = {p: t.params[i] for i, p in enumerate(decl.params)
                     if i < len(t.params) and not (isinstance(t.params[i], VarT) and t.params[i].name == "")}
        free = frozenset(p for p in decl.params if p not in env)
        if len(args) == len(decl.fields):
            for a, (_, ft) in zip(args, decl.fields):
                if a is UNKNOWN:
                    continue
                pat = ft
                if isinstance(pat, VarT) and pat.name in free and pat.name not in env:
                    env[pat.name] = a
                else:
                    self.reg.issub(a, pat, env, free)
        params = []
        for i, p in enumerate(decl.params):
            v = env.get(p)
            if v is None or v is UNKNOWN or (isinstance(v, VarT) and v.name.startswith("#")):
                return UNKNOWN
            params.append(v)
        return DataT(t.name, tuple(params))

    # ---------------------------------------------------------------- user methods
    def method_param_types(self, meth: MethodDef, args: list[JType]):
        """(pattern per positional arg, free typevar names, typevar scope) for matching `args`."""
        cached = self._param_cache.get(meth.uid)
        if cached is not None and cached[3] is meth:
            return cached[0], cached[1], cached[2]
        result = self._method_param_types(meth)
        self._param_cache[meth.uid] = (*result, meth)
        return result

    def _method_param_types(self, meth: MethodDef):
        scope = {}
        for name_node, bound in meth.where:
            ub = self.conv.convert(bound, scope) if bound is not None else ANY
            vname = self.text(name_node)
            scope[vname] = VarT(vname, ub, False)
        pats = []
        for p in meth.params:
            pt = self.conv.convert(p.type_node, scope) if p.type_node is not None else ANY
            if pt is UNKNOWN:
                pt = ANY
            pats.append((pt, p))
        return pats, frozenset(scope), scope

    def dispatch(self, methods: list[MethodDef], args: list[JType], kwargs: dict, curly=None) -> JType | None:
        n = len(args)
        definite = []
        maybe = []
        abstract_arg = False
        for meth in methods:
            if not (meth.min_args <= n <= meth.max_args):
                continue
            if (curly is None) != (meth.curly is None) and meth.curly is not None:
                continue
            pats, free, _ = self.method_param_types(meth, args)
            env: dict = {}
            ok = True
            uncertain = False
            for i, a in enumerate(args):
                if i < len(pats):
                    pt, p = pats[i]
                else:
                    pt, p = pats[-1]
                if p.vararg:
                    pt = pt
                if a is UNKNOWN or (isinstance(a, VarT) and a.name.startswith("#")):
                    ub = a.ub if isinstance(a, VarT) else ANY
                    if ub is not ANY and not (self.reg.issub(ub, pt) or self.reg.issub(pt if not isinstance(pt, VarT)
                                                                                          else pt.ub, ub)):
                        ok = False
                        break
                    if pt is not ANY and not (isinstance(pt, VarT) and pt.ub is ANY):
                        uncertain = True
                    continue
                if not self.reg.issub(a, pt, env, free):
                    # an abstract static argument type: methods for its subtypes may apply
                    pt_plain = pt.ub if isinstance(pt, VarT) else pt
                    if isinstance(a, DataT) and self.reg.is_concrete(a) is False and \
                            self.reg.issub(pt_plain, a):
                        uncertain = True
                        abstract_arg = True
                        continue
                    ok = False
                    break
            if not ok:
                continue
            score = sum(self.reg.depth(pt) if isinstance(pt, DataT) else 0 for pt, _ in pats)
            (maybe if uncertain else definite).append((score, meth))
        if definite:
            definite.sort(key=lambda x: -x[0])
            return self.infer_method(definite[0][1], args, kwargs)
        if not maybe:
            return None
        if len(maybe) > 3:
            return ANY if abstract_arg else UNKNOWN
        out = BOTTOM
        for _, meth in maybe:
            out = self.join(out, self.infer_method(meth, args, kwargs))
        return out

    def infer_method(self, meth: MethodDef, args: list[JType], kwargs: dict, outer: Frame | None = None) -> JType:
        key = (meth.uid, tuple(args), tuple(sorted(kwargs.items())) if kwargs else ())
        if key in self.memo:
            return self.memo[key]
        if meth.ret_node is not None:
            pats, free, scope = self.method_param_types(meth, args)
            env: dict = {}
            for i, a in enumerate(args[:len(pats)]):
                self.reg.issub(a, pats[i][0], env, free)
            rt = self.conv.convert(meth.ret_node, {**scope, **{k: v for k, v in env.items() if isinstance(v, JType)}})
            if rt is not UNKNOWN and not builtins.is_symbolic(rt) and not _has_free(rt):
                self.memo[key] = rt
                return rt
        if key in self.in_progress:
            self.in_progress[key] = True  # recursion seen
            return self.memo.get(("provisional",) + key, BOTTOM)
        if self.call_depth >= MAX_CALL_DEPTH or self.work > WORK_BUDGET:
            return UNKNOWN
        self.call_depth += 1
        result = BOTTOM
        try:
            for _ in range(3):
                self.in_progress[key] = False
                self.memo[("provisional",) + key] = result
                try:
                    new = self.analyze_method(meth, args, kwargs, record=False, outer=outer).returns
                except (Budget, RecursionError):
                    new = UNKNOWN
                recursed = self.in_progress.pop(key)
                if not recursed or new == result:
                    result = new
                    break
                result = self.join(result, new)
        finally:
            self.call_depth -= 1
            self.memo.pop(("provisional",) + key, None)
        if result is BOTTOM and meth.body is not None and not _always_throws(meth.body, self):
            result = result
        self.memo[key] = result
        return result

    # ---------------------------------------------------------------- method analysis
    def declared_arg_types(self, meth: MethodDef, frame: Frame | None = None) -> tuple[list, dict]:
        """Argument types of a method as declared (for labelling its body)."""
        _, _, scope = self.method_param_types(meth, [])
        static = {k: VarT(k, v.ub, True) for k, v in scope.items()}
        args = []
        for p in meth.params:
            args.append(self._declared_param_type(p, static))
        kw = {}
        for p in meth.kwparams:
            if p.name is None:
                continue
            if p.type_node is not None:
                t = self.conv.convert(p.type_node, static)
                kw[p.name] = t if self.reg.is_concrete(t) else VarT("#" + p.name, t if t is not UNKNOWN else ANY, True)
            else:
                kw[p.name] = VarT("#" + p.name, ANY, True)
        return args, kw

    def _declared_param_type(self, p: Param, static: dict) -> JType:
        if p.type_node is None:
            t = VarT("#" + (p.name or "_"), ANY, True)
        else:
            ann = self.conv.convert(p.type_node, static)
            if ann is UNKNOWN:
                t = VarT("#" + (p.name or "_"), ANY, True)
            elif self.reg.is_concrete(ann) or isinstance(ann, VarT) or isinstance(ann, TypeT):
                t = ann
            else:
                t = VarT("#" + (p.name or "_"), ann, True)
        if p.vararg:
            return DataT("Tuple", (DataT("Vararg", (t,)),))
        return t

    def analyze_method(self, meth: MethodDef, args: list[JType], kwargs: dict, record: bool,
                       outer: Frame | None = None) -> Frame:
        frame = Frame(meth, record=record, outer=outer)
        pats, free, scope = self.method_param_types(meth, args)
        env: dict = {}
        bound: dict = {}
        for i, a in enumerate(args[:len(pats)]):
            pt, p = pats[i]
            if not p.vararg:
                self.reg.issub(a, pt, bound, free)
        frame.typevars = {k: (bound[k] if isinstance(bound.get(k), JType) and not (
            isinstance(bound.get(k), VarT) and bound[k].name.startswith("#")) else VarT(k, v.ub, True))
            for k, v in scope.items()}
        if meth.curly is not None or meth.name in self.defs.structs:
            frame.struct_type = self._struct_type_for(meth, frame)
        frame.boxed = self.boxed_variables(meth)
        # bind positional arguments
        for i, p in enumerate(meth.params):
            if p.vararg:
                rest = args[i:]
                t = make_tuple(rest) if record is False or not rest else args[i] if i < len(args) else UNKNOWN
                if record:
                    t = args[i] if i < len(args) else UNKNOWN
            elif i < len(args):
                t = args[i]
            elif p.default is not None:
                t, _ = self.expr(p.default, dict(env), frame)
            else:
                t = UNKNOWN
            if p.type_node is not None and record:
                ann = self.label_type_expr(p.type_node, frame)
                if ann is UNKNOWN:
                    pass
            if p.default is not None and record:
                self.expr(p.default, dict(env), frame)
            if p.name is not None:
                b = Binding(p.name, is_arg=True, boxed=p.name in frame.boxed)
                b.whole = t
                b.n_assign = 1
                frame.bindings[p.name] = b
                env[p.name] = t
                if p.name_node is not None:
                    view = self._label_view(t)
                    self.put(frame, p.name_node, BOX if b.boxed else view, F_DEFINITION | (F_BOXED if b.boxed else 0),
                             3 if b.boxed else (1 if t is not UNKNOWN else None))
        for p in meth.kwparams:
            if p.name is None:
                continue
            if p.name in kwargs:
                t = kwargs[p.name]
            elif p.type_node is not None:
                t = self.conv.convert(p.type_node, frame.typevars)
                if not self.reg.is_concrete(t):
                    t = VarT("#" + p.name, t if t is not UNKNOWN else ANY, True)
            elif p.default is not None:
                t, _ = self.expr(p.default, dict(env), frame)
            else:
                t = VarT("#" + p.name, ANY, True)
            if record and p.type_node is not None:
                self.label_type_expr(p.type_node, frame)
            if record and p.default is not None and (p.type_node is not None or p.name in kwargs):
                self.expr(p.default, dict(env), frame)
            b = Binding(p.name, is_arg=True, boxed=p.name in frame.boxed)
            b.whole = t
            b.n_assign = 1
            frame.bindings[p.name] = b
            env[p.name] = t
            if p.name_node is not None:
                self.put(frame, p.name_node, self._label_view(t), F_DEFINITION, 1 if t is not UNKNOWN else None)
        if record:
            callee = meth.name_node.parent if meth.name_node is not None else None
            if callee is not None and callee.kind == "BINARY_EXPR":  # `function Base.show(...)`
                from .handlers import _label_module_heads
                _label_module_heads(self, callee, frame)
            for name_node, bnd in meth.where:
                self.put(frame, name_node, frame.typevars.get(self.text(name_node), UNKNOWN),
                         F_DEFINITION | F_TYPE_POSITION)
                if bnd is not None:
                    self.label_type_expr(bnd, frame)
            if meth.ret_node is not None:
                self.label_type_expr(meth.ret_node, frame)
            if meth.functor is not None:
                self.label_type_expr(meth.functor, frame)
        for b in frame.bindings.values():
            if b.name in frame.boxed:
                b.boxed = True
        body = meth.body
        if body is None:
            frame.returns = UNKNOWN
            return frame
        try:
            if body.kind == "BLOCK":
                val, out_env = self.block(body, env, frame)
            else:
                val, out_env = self.expr(body, env, frame)
        except (Budget, RecursionError):
            frame.returns = UNKNOWN
            return frame
        if out_env is not None:
            frame.returns = self.join(frame.returns, val)
        if meth.ret_node is not None:
            rt = self.conv.convert(meth.ret_node, frame.typevars)
            if rt is not UNKNOWN:
                frame.returns = rt
        return frame

    def _struct_type_for(self, meth: MethodDef, frame: Frame) -> JType | None:
        if meth.curly is not None:
            return self.conv.convert(meth.curly, frame.typevars)
        sd = self.defs.structs.get(meth.name)
        if sd is None:
            return None
        return self.reg.apply(sd.name, [frame.typevars.get(self.text(p), WILD) for p, _ in sd.params])

    # ---------------------------------------------------------------- closures and boxes
    def boxed_variables(self, meth: MethodDef) -> frozenset:
        """Locals captured by a closure and assigned more than once (or inside it): Core.Box."""
        body = meth.body
        if body is None:
            return frozenset()
        counts: dict[str, int] = {p.name: 1 for p in meth.params + meth.kwparams if p.name}
        closures = []
        stack = [(body, False)]
        while stack:  # one pass over the method's own scope; closures are examined separately
            node, in_loop = stack.pop()
            kind = node.kind
            if kind in _CLOSURE_KINDS:
                closures.append(node)
                continue
            if kind == "ASSIGNMENT_EXPR" and node.children:
                for tn, _ in _assigned_names(node.children[0]):
                    nm = self.text(tn)
                    counts[nm] = counts.get(nm, 0) + (2 if in_loop else 1)
            elif kind == "FOR_BINDING" and node.children:
                for tn, _ in _assigned_names(node.children[0]):
                    nm = self.text(tn)
                    counts[nm] = counts.get(nm, 0) + 2
            loop = in_loop or kind in ("FOR_EXPR", "WHILE_EXPR")
            for c in node.children:
                stack.append((c, loop))
        if not closures:
            return frozenset()
        boxed = set()
        for closure in closures:
            params = self._closure_params(closure)
            captured, assigned = set(), set()
            for n in closure.walk():
                if n.kind == "NAME":
                    nm = self.text(n)
                    if nm not in params:
                        captured.add(nm)
                elif n.kind == "ASSIGNMENT_EXPR" and n.children:
                    for tn, _ in _assigned_names(n.children[0]):
                        nm = self.text(tn)
                        if nm not in params:
                            assigned.add(nm)
            for nm in captured:
                if nm in counts and (counts[nm] > 1 or nm in assigned):
                    boxed.add(nm)
        return frozenset(boxed)

    def _closure_params(self, node: Node) -> set:
        out = set()
        kind = node.kind
        if kind == "ARROW_EXPR" and node.children:
            head = node.children[0]
            for n in head.walk():
                if n.kind == "NAME":
                    out.add(self.text(n))
        elif kind == "DO_EXPR":
            params = node.child("DO_PARAMS")
            if params is not None:
                for n in params.walk():
                    if n.kind == "NAME":
                        out.add(self.text(n))
        elif kind in ("COMPREHENSION", "GENERATOR", "TYPED_COMPREHENSION"):
            for c in node.children:
                if c.kind == "FOR_BINDING":
                    for cc in c.children:
                        if cc.kind == "IDENT":
                            break
                        for n in cc.walk():
                            if n.kind == "NAME":
                                out.add(self.text(n))
        elif kind in ("FUNCTION_DEF", "ASSIGNMENT_EXPR"):
            sig = node.child("SIGNATURE") if kind == "FUNCTION_DEF" else node.children[0]
            if sig is not None:
                for n in sig.walk():
                    if n.kind == "NAME":
                        out.add(self.text(n))
        for n in node.walk():
            if n.kind in ("LOCAL_STMT",):
                for m in n.walk():
                    if m.kind == "NAME":
                        out.add(self.text(m))
        return out

    def lambda_def(self, node: Node, frame: Frame) -> MethodDef | None:
        """A MethodDef for an anonymous function `x -> body` / `(a, b) -> body` / do-block."""
        uid = -(node.start + 1)
        cached = self._lambda_defs.get(uid)
        if cached is not None:
            return cached
        kind = node.kind
        params: list[Param] = []
        kwparams: list[Param] = []
        body = None
        if kind == "ARROW_EXPR" and len(node.children) >= 3:
            head, body = node.children[0], node.children[-1]
            if head.kind == "TUPLE_EXPR" or head.kind == "PAREN_EXPR":
                from .definitions import _param
                for c in head.children:
                    if c.kind == "ARG" and c.children:
                        params.append(_param(c.children[0], self.data))
                    elif c.kind == "KEYWORD_ARG":
                        params.append(_param(c, self.data))
                    elif c.kind == "PARAMETERS":
                        for k in c.children:
                            if k.kind in ("ARG", "KEYWORD_ARG"):
                                p = _param(k.children[0] if k.kind == "ARG" and k.children else k, self.data)
                                p.keyword = True
                                kwparams.append(p)
            else:
                from .definitions import _param
                params.append(_param(head, self.data))
        elif kind == "DO_EXPR":
            from .definitions import _param
            dp = node.child("DO_PARAMS")
            if dp is not None:
                for c in dp.children:
                    if c.kind in _TRIVIAL:
                        continue
                    if c.kind == "TUPLE_EXPR" and c.parent is dp and len(dp.children) == 1:
                        for cc in args_of(c):
                            params.append(_param(cc, self.data))
                    else:
                        params.append(_param(c, self.data))
            body = node.child("BLOCK")
        else:
            return None
        meth = MethodDef("#lambda", node, None, params, kwparams, [], None, body, uid=uid)
        self._lambda_defs[uid] = meth
        return meth


def n_children(node: Node) -> int:
    return len(node.children)


def _closure_uid(name: str) -> int:
    try:
        return int(name.rsplit("@", 1)[1])
    except (IndexError, ValueError):
        return 0


_ABSTRACT_NUMBERS = frozenset({"Number", "Real", "Integer", "Signed", "Unsigned", "AbstractFloat",
                               "AbstractIrrational"})


def _abstract_number(t: JType, reg) -> bool:
    return isinstance(t, DataT) and t.name in _ABSTRACT_NUMBERS


def _strip_sym(t: JType) -> JType:
    return t.ub if isinstance(t, VarT) else t


def _has_free(t: JType) -> bool:
    if isinstance(t, VarT):
        return True
    if isinstance(t, DataT):
        return any(_has_free(p) for p in t.params if isinstance(p, JType) and not (isinstance(p, VarT) and p.name == ""))
    if isinstance(t, UnionT):
        return any(_has_free(m) for m in t.members)
    if isinstance(t, TypeT):
        return _has_free(t.of)
    return False


def _always_throws(body: Node, interp) -> bool:
    return False


_CLOSURE_KINDS = frozenset({"ARROW_EXPR", "DO_EXPR", "COMPREHENSION", "GENERATOR", "TYPED_COMPREHENSION"})

from .handlers import HANDLERS as _HANDLERS  # noqa: E402  (handlers need Interpreter defined)
