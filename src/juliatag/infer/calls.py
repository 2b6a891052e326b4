"""Call resolution: one ordered chain from a callee to a result type.

`resolve_call` (a callee expression) -> `call_value` (a function value) / `call_named` (a name) ->
the file's own methods (`methods.py`), constructors, the builtin rules (`special_call`), Base's
method table (`basemethods.match_table`)."""

from __future__ import annotations

import re

from ..syntax.tree import Node
from ..types.registry import base_registry, make_tuple, substitute
from ..types.jtypes import (ANY, BOOL, BOTTOM, COLON, INT64, NOTHING, NUMBER, UNKNOWN, DataT, FuncT, JType, TypeT, UnionT, VarT, has_vars, is_arg_type,
                            is_concrete_var, is_known, is_wildcard, make_union, mentions, ordered_members,
                            vector, wildcard)
from .base import arith, builtins
from .base.knowledge import (BROADCAST_STYLE_HOOKS, BROADCASTED_HOOKS, COLON_DEFAULT_KEYWORDS, CONTRACT_FUNCTIONS,
                             BROADCASTING_ARRAY_CALLS, DEFAULT_ARRAY_STYLE, DEFAULT_BROADCAST_STYLE, LAZY_BROADCAST,
                             LAZY_BROADCAST_COPIES, LAZY_BROADCAST_REDUCERS,
                             NO_METHOD_FOR_NOTHING, PROMOTION_FUNCTIONS, SHAPE_KEYWORDS, TRAIT_FALLBACKS)
from .base.methods import known_function, match_table
from .base.names import MODULE_NAMES, base_names, operator_names
from .definitions import operator_in
from .narrowing import constant_condition
from .state import MAX_CALL_UNION_SPLIT, MAX_ITERATE_STATES, MAX_SUPERTYPE_STEPS, NO_METHOD, TABLE_ANSWERS_KEPT, Frame
from .tokens import OPS, TRIVIAL, op_text, returned_value
from .transfer.access import is_module_name, label_module_heads, static_parameters
from .typeconv import args_of, dotted_name


def closure_uid(name: str) -> int:
    try:
        return int(name.rsplit("@", 1)[1])
    except (IndexError, ValueError):
        return 0


def union_split(args: list, reg) -> list | None:
    """The argument lists a call with a union-typed argument splits into (each union of concrete
    types, at most MAX_CALL_UNION_SPLIT lists in all), or None when there is no such argument."""
    out = [[]]
    split = False
    for a in args:
        if isinstance(a, UnionT) and all(is_known(m) and reg.is_concrete(m) is True for m in a.members):
            members = ordered_members(a)
            if len(out) * len(members) > MAX_CALL_UNION_SPLIT:
                return None
            out = [[*o, m] for o in out for m in members]
            split = True
        else:
            out = [[*o, a] for o in out]
    return out if split else None


LAZY_BROADCAST_NAME = re.compile(r"\bBroadcasted\b")
# Base functions whose generic method of an array passes the call on (`Calls.base_forward`)
BASE_FORWARDS = frozenset({"similar", "imag", "zero"})


def _key_value(t: JType) -> tuple | None:
    """(K, V) of `Pair{K, V}` or `Tuple{K, V}` with K and V fixed types (`Any` among them), else None."""
    if isinstance(t, DataT) and t.name in ("Pair", "Tuple") and len(t.params) == 2 and \
            all(isinstance(p, JType) and is_known(p) and not has_vars(p) for p in t.params):
        return t.params
    return None


class Calls:
    """Call resolution, mixed into `Interpreter` (uses its registry, definitions and `expr`)."""

    def call_value(self, f: JType, args: list[JType], frame: Frame | None = None) -> JType:
        """Result of calling a function value of type `f` with `args` (used by map, filter, ...)."""
        if isinstance(f, FuncT):
            if f.closure:
                uid = closure_uid(f.name)
                lam = self.closures.get(uid)
                if lam is not None:
                    frames = self.frames_of_closures()
                    # a sealed closure is analysed from its captures alone, wherever it is called
                    outer = (self.sealed_frame(f) if f.sealed else frames[f] if f in frames
                             else self.closure_outers.get(uid))
                    return self.infer_method(lam, args, {}, outer=outer)
                return f.ret if f.ret is not None else UNKNOWN
            return self.call_named(f.name, args, {}, frame)
        if isinstance(f, TypeT):
            return self.construct(f.of, args, frame)
        if f.__class__ is DataT and f.name == "Base.ComposedFunction" and len(f.params) == 2:
            # `(float ∘ norm)(x)` is `float(norm(x))`
            inner = self.call_value(f.params[1], args, frame)
            if inner is UNKNOWN or inner is BOTTOM:
                return inner
            return self.call_value(f.params[0], [inner], frame)
        fixed = builtins.fixed_argument_call(f, args)
        if fixed is not None:
            return self.call_value(fixed[0], fixed[1], frame)
        return UNKNOWN

    def call_named(self, name: str, args: list[JType], kwargs: dict, frame: Frame | None,
                   qualified: str | None = None, consts: tuple = ()) -> JType:
        """Call of a function known by name (not a local variable). An argument of a small union of
        concrete types is split, as Julia's inference does (`f(x)` of an `x::Union{A, B}` is the
        union of `f(::A)` and `f(::B)`). `consts`: the arguments written as constants (see
        `Methods.dispatch`)."""
        split = union_split(args, self.reg)
        if split is None:
            return self.call_named_once(name, args, kwargs, frame, qualified, consts)
        out = BOTTOM
        for each in split:
            if self.throws_for_nothing(name, each, qualified):
                continue   # `x.idx[i]` of an `idx::Union{Vector{Int}, Nothing}`: nothing[i] throws
            r = self.call_named_once(name, each, kwargs, frame, qualified, consts)
            if r is UNKNOWN:
                return UNKNOWN
            out = self.join(out, r)
        return out if out is not BOTTOM else UNKNOWN

    def split_arguments(self, args: list[JType]) -> list | None:
        """The argument lists a call with a union-typed argument splits into (`union_split`)."""
        return union_split(args, self.reg)

    def throws_for_nothing(self, name: str, args: list[JType], qualified: str | None) -> bool:
        """Whether calling Base's `name` with `nothing` first surely throws a MethodError: Base has no
        such method (NO_METHOD_FOR_NOTHING) and none of the package's methods may take it."""
        if not args or args[0] != NOTHING or name not in NO_METHOD_FOR_NOTHING or \
                (qualified is not None and "." in qualified and qualified.split(".", 1)[0] != "Base"):
            return False
        cands, _ = self.methods_of(name, qualified, args)
        return not cands or self.select(cands, args) is NO_METHOD

    def call_named_once(self, name: str, args: list[JType], kwargs: dict, frame: Frame | None,
                        qualified: str | None = None, consts: tuple = ()) -> JType:
        if name in self.defs.macro_methods and qualified is None:
            return UNKNOWN   # a macro of this file defines methods of it, which are not known
        cands, complete = self.methods_of(name, qualified, args)
        r = None
        if cands and not kwargs and name[:1].isupper() and self.reg.is_type_name(name):
            t = self.conv.named(qualified or name)
            if isinstance(t, DataT):
                r = self.outranking_default(t, cands, args)
                if r is not None:
                    return r
        if cands:
            r = self.dispatch(cands, args, kwargs, closed=self.closed_function(name, cands),
                              cache_key=("call", name, qualified), consts=consts)
            if r is UNKNOWN and name[:1].isupper() and self.reg.is_type_name(name):
                # a constructor whose result is not known: a type makes itself (`construct`)
                t = self.conv.named(qualified or name)
                if isinstance(t, DataT):
                    r = self.instance_of(t)
            if r is not None and not (name in CONTRACT_FUNCTIONS and r is UNKNOWN):
                return r
            # Base's `f(x) = f(typeof(x))` reaches the package's `f(::Type{...})` methods; the type of
            # an argument concrete per call (`g::SimpleGraph` of a loop over graphs) is its declared
            # type with each open parameter one unknown type (`SimpleGraph{T}`)
            if r is None and name in TRAIT_FALLBACKS and len(args) == 1 and not kwargs:
                ground = static_parameters(self.reg, args[0].ub) if is_arg_type(args[0]) else args[0]
                if self._ground(ground):
                    r = self.dispatch(cands, [TypeT(ground)], kwargs, closed=self.closed_function(name, cands),
                                      cache_key=("call", name, qualified))
                    if r is not None and r is not UNKNOWN:
                        # the parameters named for the argument's type mean nothing to the caller
                        return self.own_result(r, args, None) if ground is not args[0] else r
        if r is None and not kwargs and qualified in (None, "Base." + name) and name in BASE_FORWARDS:
            # none of the package's methods applies (or it has none): Base's generic method runs
            forwarded = self.base_forward(name, args)
            if forwarded is not None:
                return self.call_named(forwarded[0], forwarded[1], {}, frame)
        if name == "Val" and not cands and qualified in (None, "Base.Val") and len(args) == 1 and not kwargs:
            # `Val(x) = Val{x}()`: of a constant, constant propagation gives `Val{true}`, `Val{:name}`
            value = dict(consts).get(0)
            if value is not None:
                return DataT("Val", (value,))
        if self.reg.is_type_name(name) and name[:1].isupper():
            return self.construct(self.conv.named(qualified or name), args, frame)
        if not kwargs and qualified in (None, "Base." + name):
            broadcast = self.array_call_broadcast(name, args)
            if broadcast is not None:
                return broadcast
        # with every method of the package's function at hand and none applying, Julia reaches
        # another module's method: Base's rules may answer, unless an argument's type is open (not
        # known, or a variable a package type may be): Base's method may then pass it on to one of
        # the package's (`similar(a, T, n::Integer)` calls `similar(a, T, (n,))`, which a package
        # array type defines)
        if name not in CONTRACT_FUNCTIONS and self.package_may_own_call(name, args, kwargs) and (
                not (complete and self.program is not None and self.program.defines(name))
                or (any(a is UNKNOWN or (isinstance(a, VarT) and not self.of_base_types(a)) for a in args)
                    and not self.first_argument_rules_out(name, cands, args))):
            return UNKNOWN
        if qualified is not None and "." in qualified and \
                (qualified.split(".", 1)[0] not in MODULE_NAMES or qualified.startswith("Main.")):
            # `CUDA.ones(2, 3)`: a function another module names, which none of its methods known
            # here defines; Base's `ones` only if that module took it from Base, which is not known
            return UNKNOWN
        if any(kwargs.get(k) == COLON for k in COLON_DEFAULT_KEYWORDS):   # Base's: `dims=:` is no `dims`
            kwargs = {k: v for k, v in kwargs.items() if not (k in COLON_DEFAULT_KEYWORDS and v == COLON)}
        if name == "product" and args and not kwargs and qualified in ("Iterators.product", "Base.Iterators.product"):
            return DataT("Base.Iterators.ProductIterator", (make_tuple(args),))
        if name in ("tail", "front") and not kwargs and (
                qualified == "Base." + name or (qualified is None and name in self.stdlib_scope.imported)):
            special = builtins.reordered_tuple(name, args)   # not exported: `Base.tail`, or imported
            if special is not None:
                return special
        if name == "return_type" and qualified == "Core.Compiler.return_type" and len(args) == 2 and not kwargs:
            return self.inferred_return_type(args[0], args[1], frame)
        if name == "to_indices" and len(args) == 2 and not kwargs:
            special = self.indices_with_colons(args[0], args[1], frame)
            if special is not None:
                return special
        special = self.special_call(name, args, kwargs)
        if special is not None:
            return special
        r = self.table_rule(qualified or name, args, kwargs)
        if r is None and qualified is not None:
            r = self.table_rule(name, args, kwargs)
        if r is not None:
            return r
        return UNKNOWN

    def table_rule(self, name: str, args: list[JType], kwargs: dict) -> JType | None:
        """`match_table` of Base's function `name` for `args` and `kwargs` in this file's scope, kept per
        (name, argument types) while the types its registry declares stay the same."""
        key = (name, tuple(args), tuple(sorted(kwargs.items())) if kwargs else (), self.reg.generation())
        answers = self.table_answers
        if key in answers:
            return answers[key]
        if len(answers) >= TABLE_ANSWERS_KEPT:
            answers.clear()
        r = answers[key] = match_table(name, args, self.reg, kwargs=kwargs, scope=self.stdlib_scope)
        return r

    def indices_with_colons(self, a: JType, inds: JType, frame: Frame | None) -> JType | None:
        """Base's `to_indices(A, I)` where I holds colons, Ints and Int arrays: a colon at dimension d
        is `Base.Slice(axes(A)[d])`, the others stay as they are (base/indices.jl). None where I
        holds no colon (the table's rule answers) or another index; unknown where A's axes are."""
        if not (isinstance(inds, DataT) and inds.name == "Tuple" and COLON in inds.params) or \
                not builtins.fixed_tuple(inds):
            return None
        if not all(p == COLON or p == INT64 or (isinstance(p, DataT) and is_known(p) and
                                                 self.reg.issub(p, self.reg.apply("AbstractArray", [INT64])))
                   for p in inds.params):
            return None
        axes = self.call_named("axes", [a], {}, frame)
        if not (isinstance(axes, DataT) and axes.name == "Tuple" and builtins.fixed_tuple(axes)
                and len(axes.params) == len(inds.params) and is_known(axes)):
            return UNKNOWN
        return DataT("Tuple", tuple(DataT("Base.Slice", (ax,)) if p == COLON else p
                                    for p, ax in zip(inds.params, axes.params, strict=True)))

    def inferred_return_type(self, f: JType, sig: JType, frame: Frame | None) -> JType:
        """`Core.Compiler.return_type(f, Tuple{A, B})`: Julia's inference of the call, as this
        analysis infers it (StatsBase's `pairwise` makes its result `Matrix{T}` of it); a concrete
        type only, else unknown (Julia's own inference may give a wider type than this one's)."""
        if not isinstance(sig, TypeT) or not builtins.fixed_tuple(sig.of):
            return UNKNOWN
        r = self.call_value(f, list(sig.of.params), frame)
        if isinstance(r, DataT) and is_known(r) and self.reg.is_concrete(r) is True:
            return TypeT(r)
        return UNKNOWN

    def base_forward(self, name: str, args: list) -> tuple | None:
        """Base's generic method a call of a package array reaches where none of the package's
        methods applies, as the call it makes (base/abstractarray.jl: `similar(a, dims::Dims) =
        similar(a, eltype(a), dims)`, `similar(a) = similar(a, eltype(a))`, `similar(a, ::Type{T}) =
        similar(a, T, axes(a))`, `similar(a, T, axes) = similar(a, T, to_shape(axes))`; base/abstractarraymath.jl: `imag(x::AbstractArray{<:Real}) =
        zero(x)`, `zero(x::AbstractArray{T}) where {T<:Number} = fill!(similar(x, typeof(zero(T))),
        zero(T))`), so the package's own methods of that call answer; None for any other call."""
        if not args or not isinstance(args[0], DataT) or self.of_base_types(args[0]) or not is_known(args[0]):
            return None
        if name == "zero":
            return self._zero_by_similar(args)
        a = args[0]
        ap = builtins.array_params(a, self.reg)
        if ap is None or not is_known(ap[0]):
            return None
        elt = ap[0]
        if name == "similar" and len(args) == 1:
            return "similar", [a, TypeT(elt)]
        if name == "similar" and len(args) == 2 and builtins.fixed_tuple(args[1]) and \
                all(arith.is_integer(d) for d in args[1].params):
            return "similar", [a, TypeT(elt), args[1]]
        if name == "similar" and len(args) == 2 and isinstance(args[1], TypeT) and isinstance(ap[1], int):
            axes = self.call_named("axes", [a], {}, None)
            return ("similar", [a, args[1], axes]) if builtins.fixed_tuple(axes) else None
        if name == "similar" and len(args) == 3 and isinstance(args[1], TypeT) and builtins.fixed_tuple(args[2]) and \
                args[2].params and all(isinstance(d, DataT) and d.name == "Base.OneTo" for d in args[2].params):
            # `similar(a, T, axes)` of one-based axes: `similar(a, T, to_shape(axes))`, their lengths
            return "similar", [a, args[1], DataT("Tuple", tuple(INT64 for _ in args[2].params))]
        if name == "imag" and len(args) == 1 and self.reg.issub(elt, DataT("Real", ())):
            return "zero", [a]
        return None

    def _zero_by_similar(self, args: list) -> tuple | None:
        """Base's `zero(x::AbstractArray{T}) where {T<:Number}` as the `similar(x, T)` call it makes
        (`zero(::T)` of a number is a T, the contract of `zero`), for an array of a known concrete
        number type; None for anything else."""
        if len(args) != 1:
            return None
        ap = builtins.array_params(args[0], self.reg)
        if ap is None or not isinstance(ap[0], DataT) or self.reg.is_concrete(ap[0]) is not True or \
                not self.reg.issub(ap[0], NUMBER):
            return None
        return "similar", [args[0], TypeT(ap[0])]

    def _ground(self, t: JType) -> bool:
        """Whether `t` is the type a value has at run time (concrete), so that `typeof(x)` is it."""
        return isinstance(t, DataT) and self.reg.is_concrete(t) is True

    def methods_of(self, name: str, qualified: str | None = None, args: list | None = None) -> tuple[list, bool]:
        """(methods a call of `name` may reach among the package's: this file's MethodDefs and
        (interpreter, MethodDef) pairs of its other files; whether every file defining `name` was
        read). A call qualified by Base or Core reaches only the methods that extend Base's function;
        one qualified by another module, this file's methods and the methods extending that module's
        function. With the call's `args`, a call of Base's function also reaches the methods a
        package this one uses adds to it, where an argument is of a type that package declares
        (`length(p)` of a dependency's `p::Pt` is its `Base.length(::Pt)`, not Base's rule)."""
        found, complete = self._methods_of(name, qualified)
        if args and self.program is not None and self.package.dependencies() and \
                (qualified is None or qualified.split(".", 1)[0] in ("Base", "Core")) and self.base_function(name):
            extra, read = self.dependency_extensions(name, args)
            if extra:
                seen = {id(m[1] if isinstance(m, tuple) else m) for m in found}
                found = [*found, *(m for m in extra if id(m[1]) not in seen)]
                complete = complete and read
        return found, complete

    def dependency_extensions(self, name: str, args: list) -> tuple[list, bool]:
        """The methods of Base's function `name` that the packages this one uses (in the corpus)
        define, from those that declare a type (not Base's or the standard library's) one of `args`
        names; whether each could be read."""
        names: set = set()
        for a in args:
            mentions(a, lambda t: isinstance(t, DataT) and names.add(t.name) is not None)
        out: list = []
        complete = True
        if not names:
            return out, complete
        # (a type Base or the standard library declares, which the tables know, is not one of them)
        names = {n for n in names if base_registry().decl(n) is None}
        if not names:
            return out, complete
        for _, dep in self.program.dependencies():
            if dep.defines(name) and any(n in dep.index.registry.decls for n in names):
                methods, read = dep.methods(name)
                out.extend(methods)
                complete = complete and read
        return out, complete

    def _methods_of(self, name: str, qualified: str | None = None) -> tuple[list, bool]:
        """`_find_methods`, kept per (name, qualified) while the program's files stay the same (the
        lists are never changed by their users)."""
        generation = self.program.generation if self.program is not None else 0
        hit = self.methods_found.get((name, qualified))
        if hit is not None and hit[0] == generation:
            return hit[1], hit[2]
        found, complete = self._find_methods(name, qualified)
        self.methods_found[(name, qualified)] = (generation, found, complete)
        return found, complete

    def _find_methods(self, name: str, qualified: str | None = None) -> tuple[list, bool]:
        local = self.defs.methods.get(name, [])
        head = qualified.rsplit(".", 1)[0] if qualified is not None and "." in qualified else None
        root = head.split(".", 1)[0] if head is not None else None
        # `import Statistics: mean` then `mean(x::W) = ...`: a method of Statistics' function
        extends = self.package.extended.get(name) if self.package is not None else None

        def owner_of(m) -> str | None:
            return m.owner if m.owner is not None else extends

        if root in ("Base", "Core") and known_function(name):
            local = [m for m in local if owner_of(m) is not None and owner_of(m).split(".", 1)[0] in ("Base", "Core")]
        if self.program is None:
            return list(local), True
        if head is not None and root not in ("Base", "Core") and not self._own_module(root):
            # `Dep.f(...)`: the function of module `Dep`, whatever this package names `f`: Dep's own
            # methods (a package in the corpus) and those this package adds to Dep's function
            local = [m for m in local if owner_of(m) == head]
            found, complete = self.dependency_methods(name, root)
            if self.program.defines(name):
                others, read = self.program.methods(name, self)
                found = [*(om for om in others if owner_of(om[1]) == head), *found]
                complete = complete and read
            return [*local, *found], complete
        if not self.program.defines(name):
            if local:
                return list(local), True
            return self.dependency_methods(name, root if head is not None else None)
        if local and self.program.test_only(name):
            return list(local), True   # a test file's own helper: another test file's of that name is not it
        others, complete = self.program.methods(name, self)
        if root in ("Base", "Core"):
            others = [(o, m) for o, m in others if owner_of(m) is not None and owner_of(m).split(".", 1)[0] == root]
            return [*local, *others], complete
        # methods the package adds to a function of a package it uses (`import Statistics: cor` then
        # `cor(ce::CovarianceEstimator, x, y)`): that package's own methods of it are reached too
        found = [*local, *others]
        owned = (owner_of(m[1] if isinstance(m, tuple) else m) for m in found)
        owners = sorted({o.split(".", 1)[0] for o in owned if o is not None} - {"Base", "Core"})
        for module in owners:
            if module != root and not self._own_module(module):
                extra, read = self.dependency_methods(name, module)
                found.extend(extra)
                complete = complete and read
        return found, complete

    def dependency_methods(self, name: str, module: str | None) -> tuple[list, bool]:
        """The methods of `name` in a package this one uses (in the corpus): the first, in the order
        the package uses them, that exports the name (or is `module`, for `Dep.name(...)`)."""
        for dep_name, dep in self.program.dependencies():
            if (dep_name == module if module is not None else name in dep.index.exports) and dep.defines(name):
                return dep.methods(name)
        return [], True

    def lazy_broadcast(self, name: str, args: list[JType], kwargs: dict) -> JType | None:
        """Base's lazy broadcasting: `Broadcast.broadcasted(f, xs...)` of arrays that take the default
        style is a `Broadcasted{DefaultArrayStyle{N}, Nothing, F, Tuple{xs...}}`, `instantiate` gives
        it its axes (unknown here: a type with that parameter open), and `sum`, `prod`, `maximum`,
        `minimum`, `copy`, `collect` and `materialize` of one are those of the array it makes, of
        elements `f(x...)` (`sum(Broadcast.instantiate(Broadcast.broadcasted(f, v, w)))`). None
        where something else answers."""
        if kwargs or not args:
            return None   # `Pkg.instantiate()`: another function of that name
        if name == "broadcasted":
            if len(args) < 2 or not isinstance(args[0], FuncT) or any(builtins.is_range(a, self.reg) for a in args[1:]):
                return UNKNOWN
            nd = builtins.broadcast_shape(args[1:], self.reg, self.takes_default_broadcast)
            if not isinstance(nd, int) or isinstance(nd, bool):
                return UNKNOWN
            return DataT(LAZY_BROADCAST, (DataT(DEFAULT_ARRAY_STYLE, (nd,)), NOTHING, args[0], DataT("Tuple", tuple(args[1:]))))
        bc = args[0]
        if not (isinstance(bc, DataT) and bc.name == LAZY_BROADCAST and len(bc.params) == 4 and len(args) == 1):
            return None
        style, _, f, xs = bc.params
        if not (isinstance(style, DataT) and style.name == DEFAULT_ARRAY_STYLE and isinstance(f, FuncT)
                and isinstance(xs, DataT) and xs.name == "Tuple"):
            return UNKNOWN
        if name == "instantiate":
            return DataT(LAZY_BROADCAST, (style, UNKNOWN, f, xs))
        if name not in LAZY_BROADCAST_REDUCERS and name not in LAZY_BROADCAST_COPIES:
            return None
        elt = self.call_value(f, builtins.broadcast_elements(list(xs.params), self.reg))
        made = builtins.broadcast_result(elt, style.params[0], self.reg)
        if made is UNKNOWN:
            return UNKNOWN
        return made if name in LAZY_BROADCAST_COPIES else self.call_named(name, [made], {}, None)

    def package_broadcast(self, f: JType, args: list[JType]) -> JType | None:
        """`f.(xs...)` is `materialize(broadcasted(f, xs...))`, whose `broadcasted(f, xs...)` calls
        `broadcasted(combine_styles(xs...), f, xs...)`. Where an argument is an array of the
        package's own type to which it gives no `BroadcastStyle` (so Base's default style,
        `DefaultArrayStyle{N}`), and the others are arrays of Base's default style or numbers, the
        package's `broadcasted` methods for that style may answer (FillArrays'
        `broadcasted(::DefaultArrayStyle, ::typeof(*), a::AbstractZeros, b::AbstractArray)` makes a
        `Zeros`): the result of the one that applies, UNKNOWN where it is a lazy `Broadcasted` (what
        it makes is not known here) or one only may apply; None where none applies (Base's rules
        answer, `takes_default_broadcast`), or the style is not known."""
        if not isinstance(f, FuncT) or not args or self.package is None:
            return None
        own = False
        nd = 0
        for a in args:
            if not isinstance(a, DataT):
                return None
            decl = self.reg.decl(a.name)
            if decl is None:
                return None
            ap = builtins.array_params(a, self.reg)
            if ap is None:
                if arith.is_number(a) and not decl.user:
                    continue   # a number broadcasts as itself, of style DefaultArrayStyle{0}
                return None
            if not isinstance(ap[1], int) or isinstance(ap[1], bool):
                return None
            if decl.user:
                styles, complete = self.methods_of("BroadcastStyle", None, [TypeT(a)])
                if not complete:
                    return None
                style = self.dispatch(styles, [TypeT(a)], {}, closed=False,
                                      cache_key=("call", "BroadcastStyle", None)) if styles else None
                if style is not None and not (isinstance(style, DataT) and style.name == DEFAULT_ARRAY_STYLE):
                    return None   # its own style
                own = True
            elif self.reg.canonical(a.name) not in DEFAULT_BROADCAST_STYLE:
                return None
            nd = max(nd, ap[1])
        if not own:
            return None
        cands, _ = self.methods_of("broadcasted", None, args)
        if not cands:
            return None
        r = self.dispatch(cands, [DataT(DEFAULT_ARRAY_STYLE, (nd,)), f, *args], {}, closed=False,
                          cache_key=("call", "broadcasted", None))
        if r is None:
            return None
        return UNKNOWN if isinstance(r, DataT) and r.name == LAZY_BROADCAST else r

    def array_call_broadcast(self, name: str, args: list[JType]) -> JType | None:
        """A call of Base's `name` that Base's method answers by broadcasting `name` over the
        arguments (`BROADCASTING_ARRAY_CALLS`: `-A`, `A + B`, `conj(A)` ...), as `package_broadcast`
        gives it where the package's `broadcasted` methods answer for its arrays (FillArrays'
        `conj(Zeros{ComplexF64}(3))` is a `Zeros`); None elsewhere."""
        forms = BROADCASTING_ARRAY_CALLS.get(name)
        if forms is None or not 1 <= len(args) <= 2:
            return None
        shapes = [builtins.array_params(a, self.reg) for a in args]
        if len(args) == 1:
            ap = shapes[0]
            form = None if ap is None else "c" if isinstance(ap[0], DataT) and ap[0].name == "Complex" else "a"
        else:
            form = "".join("a" if ap is not None else "n" if arith.is_number(a) else "?" for a, ap in zip(args, shapes))
        if form not in forms and not (form == "c" and "a" in forms):
            return None
        return self.package_broadcast(FuncT(name), args)

    def takes_default_broadcast(self, name: str) -> bool:
        """Whether broadcasting over an array of the package's own type `name` takes Base's default
        style (`DefaultArrayStyle`) and makes an Array, as Julia's does where the package neither
        gives the type a style nor sends its broadcasts elsewhere: the type and each of its
        supertypes up to `AbstractArray` (or `DenseArray`) are the package's own, none of the
        package's `BroadcastStyle`, `broadcasted` or `materialize` methods (all of them read) names
        one of them (FillArrays' `broadcasted(::DefaultArrayStyle, ::typeof(+), ::AbstractZeros...)`),
        and none of its `similar`, `copy` or `copyto!` methods takes a `Broadcasted`."""
        hit = self._default_style.get(name)
        if hit is None:
            hit = self._default_style[name] = self._takes_default_broadcast(name)
        return hit

    def _takes_default_broadcast(self, name: str) -> bool:
        if self.package is None:
            return False
        own = self.package.registry.decls
        names = []
        cur = name
        for _ in range(MAX_SUPERTYPE_STEPS):
            if cur in ("AbstractArray", "DenseArray"):
                break
            decl = own.get(cur) or self.defs.registry.decls.get(cur)
            if decl is None or not isinstance(decl.super, DataT):
                return False
            names.append(cur.rsplit(".", 1)[-1])
            cur = decl.super.name
        else:
            return False
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        hooks = [(f, True) for f in BROADCAST_STYLE_HOOKS] + [(f, False) for f in BROADCASTED_HOOKS]
        for function, named in hooks:
            cands, complete = self.methods_of(function)
            if not complete:
                return False
            for c in cands:
                owner, meth = c if isinstance(c, tuple) else (self, c)
                if (pattern if named else LAZY_BROADCAST_NAME).search(owner.text(meth.node)):
                    return False
        return True

    def own_promotion_rules(self) -> bool:
        """Whether a promotion rule of the package's may apply: this file, the package or a package
        it uses defines `promote_rule` or `promote_type` methods."""
        return any(n in self.defs.methods or (self.package is not None and self.package.defines_in_reach(n))
                   for n in PROMOTION_FUNCTIONS)

    def promoted_elements(self, types: list[JType]) -> JType:
        """`builtins.promote_elements` (Julia's `promote_type` over `types`, the element type of
        `[a, b]`), with the package's own `promote_rule` methods where Base's rules leave a pair not
        known (`promoted_by_rule`)."""
        own = self.own_promotion_rules()
        return builtins.promote_elements(types, self.reg, own, self.promoted_by_rule if own else None)

    def promoted_by_rule(self, a: DataT, b: DataT) -> JType:
        """What the package's `promote_rule` methods promote two types to: FillArrays'
        `promote_rule(::Type{<:AbstractFill{T, N, Axes}}, ::Type{<:AbstractFill{V, N, Axes}})` makes
        `[Zeros(3), Ones(3)]` a Vector of `Fill`s. The result of the rule that applies (in either
        order), where that is a concrete type, and both agree where both apply; else UNKNOWN."""
        pair = [TypeT(a), TypeT(b)]
        cands, complete = self.methods_of("promote_rule", None, pair)
        if not cands or not complete:
            return UNKNOWN
        found = []
        for args in (pair, pair[::-1]):
            r = self.dispatch(cands, args, {}, closed=False, cache_key=("call", "promote_rule", None))
            if r is None:
                continue   # Base's fallback: Union{}, no rule
            if not isinstance(r, TypeT) or not is_known(r.of) or self.reg.is_concrete(r.of) is not True:
                return UNKNOWN
            found.append(r.of)
        if not found or any(f != found[0] for f in found):
            return UNKNOWN
        return found[0]

    def constant_result(self, name: str, args: list, depth: int) -> bool | None:
        """The constant Bool a call of the package's own function `name` with `args` returns, where
        its one applicable method (the most specific, among every method of the function) returns
        one (see `narrowing.constant_condition`); else None."""
        cands, complete = self.methods_of(name)
        if not cands or not complete or not self.closed_function(name, cands):
            return None
        choice = self.select(cands, args)
        if choice is NO_METHOD or choice[0] is None:
            return None
        owner, meth = choice[0]
        return owner.method_constant(meth, args, depth)

    def method_constant(self, meth, args: list, depth: int) -> bool | None:
        """The constant Bool method `meth` of this file returns for `args`: its body is one
        expression (or `return` of one) that `constant_condition` knows, over its positional
        arguments."""
        body = meth.body
        if body is None or meth.kwparams or len(meth.params) != len(args) or any(p.vararg for p in meth.params):
            return None
        if body.kind == "BLOCK":
            stmts = [c for c in body.children if c.kind not in TRIVIAL]
            if len(stmts) != 1:
                return None
            body = stmts[0]
        if body.kind == "RETURN_EXPR":
            body = returned_value(body)
            if body is None:
                return None
        # the static parameters the arguments bind, as the types they name (`is_directed(::G)
        # where {G} = is_directed(G)`), then the arguments
        bound = self.static_bindings(meth, args)
        env = {k: TypeT(v) for k, v in bound.items() if isinstance(v, JType) and is_known(v)}
        env.update({p.name: a for p, a in zip(meth.params, args, strict=True) if p.name is not None})
        return constant_condition(self, body, env, depth + 1)

    @staticmethod
    def base_function(name: str) -> bool:
        """Whether `name` is one of Base's functions (an operator among them), which packages extend."""
        return known_function(name) or name in base_names() or name in operator_names()

    def closed_function(self, name: str, cands: list) -> bool:
        """Whether `cands` are every method of the function: the package's own function, not one of
        Base's or the standard library's that it extends (whose other methods it does not see)."""
        if self.base_function(name):
            return False
        owners = {(c[1] if isinstance(c, tuple) else c).owner for c in cands}
        # `Graphs.is_directed(::Type{<:GenericGraph}) = false` in a submodule: still the package's
        return all(o is None or self._own_module(o.split(".", 1)[0]) for o in owners)

    def _own_module(self, name: str | None) -> bool:
        """Whether `name` is the package's module or one of the modules its files declare (this
        file's, or, named by the package's summary, another file's: a test file's `CHOLMOD.zeros`)."""
        return name is not None and self.package is not None and (
            name == self.package.summary.name or name in self.defs.modules
            or (name in self.package.names and not self.reg.is_type_name(name)))

    def package_may_own_call(self, name: str, args: list[JType], kwargs: dict) -> bool:
        """Whether a method the package defines (in any of its files) could be the one Julia calls,
        so that no Base/stdlib rule may answer: the package has a function of this name (its own,
        or a method it adds to Base's) and an argument is not known to be of a Base/stdlib type.
        Julia would pick the package's method wherever it is more specific, and its return type
        is not known here."""
        if self.package is None or name not in self.package.functions:
            return False
        return any(not self.of_base_types(a) for a in (*args, *kwargs.values()))

    def first_argument_rules_out(self, name: str, cands: list, args: list[JType]) -> bool:
        """Whether none of the package's methods `cands` (all its methods of `name`) can be reached
        from Base's method a call with `args` reaches, because none takes the call's first argument,
        of a Base type: Base's generic methods pass their first argument on as it is (`sort!(v, alg,
        order)` calls `sort!(v, lo, hi, alg, order)`). Not for operators, whose Base methods promote
        every argument (`1 + x` calls `+(promote(1, x)...)`)."""
        if not args or not cands or name in operator_names():
            return False
        first = args[0]
        if not isinstance(first, (DataT, TypeT)) or not is_known(first) or not self.of_base_types(first):
            return False
        for c in cands:
            owner, meth = c if isinstance(c, tuple) else (self, c)
            pats = owner._patterns(meth)[0]
            if not pats:
                continue   # a method of no positional parameters is never called with arguments
            pt = pats[0][0]
            if pt is ANY or self.reg.may_intersect(first, pt.ub if isinstance(pt, VarT) else pt):
                return False
        return True

    def of_base_types(self, t) -> bool:
        """Whether every value of type `t` is of a type Base or the standard library declares
        (unknown, Any and unbounded argument types could be the package's own)."""
        if t is UNKNOWN or t is ANY:
            return False
        if isinstance(t, VarT):
            # a type variable may be any subtype of its bound: one the package declares too
            return t.ub is not ANY and self.of_base_types(t.ub) and not (
                isinstance(t.ub, DataT) and self.reg.declares_subtype_of(t.ub.name))
        if isinstance(t, UnionT):
            return all(self.of_base_types(m) for m in t.members)
        if isinstance(t, TypeT):
            return self.of_base_types(t.of)
        if isinstance(t, FuncT):
            # a closure's type is anonymous: no method names it, only Function or Any do
            return t.closure or t.name not in self.package.functions
        if isinstance(t, DataT):
            decl = self.reg.decl(t.name)
            if decl is None or decl.user:
                return False
            return all(self.of_base_types(p) for p in t.params if isinstance(p, JType) and not is_wildcard(p))
        return False

    def iteration_dims(self, t: JType) -> int | None:
        """`builtins.iteration_ndims`, and for a package's own iterator what its `IteratorSize`
        says (`HasShape{N}`: N; a length or no size: one dimension), Base's default (a length) where
        the package defines no `IteratorSize`."""
        n = builtins.iteration_ndims(t, self.reg)
        if n is not None or not isinstance(t, DataT):
            return n
        decl = self.reg.decl(t.name)
        if decl is None or not decl.user or decl.is_abstract:
            return None
        if self.package is None or not self.package.defines_in_reach("IteratorSize"):
            return 1
        cands, complete = self.methods_of("IteratorSize", "Base.IteratorSize", [t])
        if complete and self.select(cands, [t]) is NO_METHOD and self.select(cands, [TypeT(t)]) is NO_METHOD:
            return 1   # none of the package's methods is for this type: Base's default
        size = self.call_named("IteratorSize", [t], {}, None, qualified="Base.IteratorSize")
        if isinstance(size, DataT) and size.name in ("Base.HasLength", "Base.SizeUnknown"):
            return 1
        if isinstance(size, DataT) and size.name == "Base.HasShape" and size.params and \
                isinstance(size.params[0], int) and not isinstance(size.params[0], bool):
            return size.params[0]
        return None

    def iterated_element(self, t: JType, frame: Frame | None) -> JType:
        """The type of `x` in `for x in itr` for an `itr` of type `t`: Base's knowledge
        (`builtins.eltype_of`), and for a type of the package's with its own `iterate` methods, what
        they return, as Julia's loop calls them: `iterate(itr)`, then `iterate(itr, state)` for each
        state that gives, to a fixpoint of the states (MAX_ITERATE_STATES). UNKNOWN where any of it
        is not known."""
        et = builtins.eltype_of(t, self.reg)
        if et is not UNKNOWN or not self._own_iterate(t):
            return et
        elements: JType = BOTTOM
        seen: list = []
        pending = [None]
        while pending:
            steps = self._iterate_steps(t, pending.pop(0), frame)
            if steps is None:
                return UNKNOWN
            for elt, state in steps:
                if not all(isinstance(p, JType) and is_known(p) for p in (elt, state)):
                    return UNKNOWN
                elements = self.join(elements, elt)
                if state not in seen:
                    if len(seen) >= MAX_ITERATE_STATES:
                        return UNKNOWN
                    seen.append(state)
                    pending.append(state)
        return elements if elements is not BOTTOM else UNKNOWN

    def _own_iterate(self, t: JType) -> bool:
        """Whether `t` is a type of the package's with `iterate` methods of the package's own."""
        return isinstance(t, DataT) and not self.of_base_types(t) and bool(self.methods_of("iterate", args=[t])[0])

    def _iterate_steps(self, t: JType, state, frame: Frame | None) -> list | None:
        """The (element, state) parameters of the tuples `iterate(itr)` (`state` None) or
        `iterate(itr, state)` returns for an `itr` of type `t`, `nothing` (the end) left out; None
        where it may return anything else."""
        r = self.call_named("iterate", [t] if state is None else [t, state], {}, frame)
        steps = []
        for m in (ordered_members(r) if isinstance(r, UnionT) else [r]):
            if m == NOTHING:
                continue
            if not (isinstance(m, DataT) and m.name == "Tuple" and len(m.params) == 2):
                return None
            steps.append(m.params)
        return steps

    def collect_iterator(self, t: DataT) -> JType | None:
        """`collect(x)` of an iterator of a package's type, as Base's `collect` builds it: an array of
        `eltype(x)` where the package's own `eltype` method gives it (without one Base's default
        would give a Vector{Any}, but not if a method not seen here, one a macro writes, exists),
        where its `IteratorEltype` is not `EltypeUnknown` (then the elements' own types decide),
        shaped as its `IteratorSize` says: `HasLength` (Base's default) or `SizeUnknown` a Vector,
        `HasShape{N}` an Array of N dimensions. None where any of it is not known."""
        own, _ = self.methods_of("eltype", args=[t])
        if not own:
            return None
        elt = self.call_named("eltype", [t], {}, None)
        if not isinstance(elt, TypeT) or not is_known(elt.of) or self.reg.is_concrete(elt.of) is not True:
            return None
        traits = []
        for trait, default in (("IteratorEltype", "Base.HasEltype"), ("IteratorSize", "Base.HasLength")):
            methods, complete = self.methods_of(trait, args=[t])
            if complete and all(self.select(methods, [a]) is NO_METHOD for a in (t, TypeT(t))):
                traits.append(DataT(default))   # no method of the package's for it: Base's default
                continue
            traits.append(self.call_named(trait, [t], {}, None))
        has_eltype, size = traits
        if not (isinstance(has_eltype, DataT) and has_eltype.name == "Base.HasEltype"):
            return None
        if isinstance(size, DataT) and size.name in ("Base.HasLength", "Base.SizeUnknown"):
            return vector(elt.of)
        if isinstance(size, DataT) and size.name == "Base.HasShape" and size.params and isinstance(size.params[0], int):
            return DataT("Array", (elt.of, size.params[0]))
        return None

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
        if name == "length" and len(args) == 1 and not kwargs:
            r = builtins.unit_range_length(args[0], self.reg)
            if r is not None:
                return r
        if name == "ccall" and len(args) >= 2 and not kwargs:   # `ccall(f, Ret, (Args...), args...)`
            return builtins.foreign_result(args[1].of) if isinstance(args[1], TypeT) else UNKNOWN
        if name == "first" and len(args) == 1 and not kwargs and isinstance(args[0], DataT) and \
                not self.of_base_types(args[0]) and builtins.eltype_of(args[0], self.reg) is UNKNOWN:
            # Base's `first(itr)` is the element `iterate(itr)` gives (it throws where that is nothing)
            steps = self._iterate_steps(args[0], None, None) if self._own_iterate(args[0]) else None
            if steps and all(isinstance(elt, JType) and is_known(elt) for elt, _ in steps):
                return make_union(elt for elt, _ in steps)
            return UNKNOWN
        if name == "collect" and len(args) == 1 and not kwargs and isinstance(args[0], DataT) and \
                not self.of_base_types(args[0]):
            r = self.collect_iterator(args[0])
            if r is not None:
                return r
        if name == "merge" and len(args) >= 2 and not kwargs:
            r = builtins.merged_named_tuple(args)
            if r is not None:
                return r
        if name == "dict_with_eltype" and len(args) == 3 and not kwargs:
            return self.dict_with_eltype(*args)
        if name == "promote_shape" and len(args) == 2 and not kwargs:
            return self.promoted_shape(args[0], args[1])
        if name == "promote_op" and len(args) >= 2 and not kwargs and all(
                isinstance(a, TypeT) and self.reg.is_concrete(a.of) is True for a in args[1:]):
            # `Base.promote_op(f, S...)` is the type inference gives `f(::S...)`: here, where that
            # is a concrete type (LinearAlgebra's `Transpose{promote_op(transpose, eltype(A))}`)
            r = self.call_value(args[0], [a.of for a in args[1:]])
            return TypeT(r) if r is not UNKNOWN and self.reg.is_concrete(r) is True else UNKNOWN
        if name == "repeat":
            r = builtins.repeated_array(args, kwargs, self.reg)
            if r is not None:
                return r
        if name == "reverse" and not kwargs:
            r = builtins.reordered_tuple(name, args)
            if r is not None:
                return r
        if name in ("broadcasted", "instantiate") or isinstance(args[0] if args else None, DataT) and \
                args[0].name == LAZY_BROADCAST:
            r = self.lazy_broadcast(name, args, kwargs)
            if r is not None:
                return r
        if name == "view" and not kwargs:
            r = builtins.view_type(args)
            if r is not None:
                return r
        if name == "typeof" and len(args) == 1:
            a = args[0]
            if a is UNKNOWN or is_concrete_var(a) or self.reg.is_concrete(a) is not True:
                return DataT("DataType")  # typeof of any value is a concrete DataType
            return TypeT(a)
        if name == "eltype" and len(args) == 1:
            a = args[0].of if isinstance(args[0], TypeT) else args[0]
            whole = a.ub if isinstance(a, VarT) and not isinstance(args[0], TypeT) else a
            members = whole.members if isinstance(whole, UnionT) and not isinstance(args[0], TypeT) else (a,)
            types = [builtins.eltype_value(m, self.reg) for m in members]
            if a is ANY or any(e is UNKNOWN or mentions(e, is_wildcard) for e in types):
                return UNKNOWN  # `eltype(x)` of x::AbstractVector{<:Real}: Type{T} of a T not known
            return make_union(TypeT(e) for e in types)  # x::Union{A, B}: eltype(A) or eltype(B)
        if name in ("isa", "===", "!==", "≡", "≢", "in", "∈", "∉", "haskey", "occursin", "startswith", "endswith",
                    "isequal", "<:", ">:", "issubset", "⊆") and len(args) == 2:
            return BOOL
        if name in ("isnothing", "ismissing", "isempty") and len(args) == 1:
            return BOOL
        if name in ("convert",) and len(args) == 2 and isinstance(args[0], TypeT):
            # `convert(T, x)` is a T: T itself when T is concrete, x unchanged when it already is a T
            # (`convert(::Type{T}, x::T) = x`), otherwise some subtype of T that is not known here
            target, value = args[0].of, args[1]
            if self.reg.is_concrete(target) is True:
                return target
            if value is not UNKNOWN and not is_arg_type(value) and self.reg.is_concrete(value) is True and \
                    self.reg.issub(value, target) is True:
                return value
            return UNKNOWN
        if name in ("zero", "one", "oneunit", "typemax", "typemin") and len(args) == 1 and isinstance(args[0], TypeT):
            return args[0].of
        if known_function(name, self.stdlib_scope):  # Statistics' `mean(f, A)`, where the file sees it
            r = builtins.statistics_of_function(name, args, kwargs, lambda f, a: self.call_value(f, a), self.reg)
            if r is not None:
                return r
        if SHAPE_KEYWORDS.isdisjoint(kwargs):  # `sum(A; dims=1)`: the builtin rules know no keywords
            r = builtins.higher_order(name, args, lambda f, a: self.call_value(f, a), self.reg)
            if r is not None:
                return r
        elif set(kwargs) == {"dims"} and name in builtins.DIMS_REDUCERS and args and isinstance(args[-1], DataT) \
                and args[-1].name == "Array" and len(args[-1].params) == 2 and isinstance(args[-1].params[1], int):
            # `sum(f, A; dims=1)` of an Array: an Array of as many dimensions, of what the reduction
            # over all of it gives (a number)
            r = builtins.higher_order(name, args, lambda f, a: self.call_value(f, a), self.reg)
            if r is not None and arith.is_number(r) and self.reg.is_concrete(r) is True:
                return DataT("Array", (r, args[-1].params[1]))
        if name in ("identity",) and len(args) == 1:
            return args[0]
        if name == "deepcopy" and len(args) == 1:
            return args[0]   # Base asserts `deepcopy(x)::typeof(x)`
        return None

    def dict_with_eltype(self, make: JType, kv: JType, elt: JType) -> JType:
        """Base's `dict_with_eltype(DT_apply, kv, eltype(kv))`, how a Dict-like type is built from an
        iterator of pairs or 2-tuples: where the element type is `Pair{K, V}` or `Tuple{K, V}` (K and
        V any fixed types, `Any` among them), the type `DT_apply(K, V)` gives, called with `kv`;
        otherwise (its keys and values are found as it is filled) not known."""
        kv_types = _key_value(elt.of) if isinstance(elt, TypeT) else None
        if kv_types is None:
            return self.dict_grown(make, kv)
        made = self.call_value(make, [TypeT(p) for p in kv_types])
        return self.call_value(made, [kv]) if isinstance(made, TypeT) else UNKNOWN

    def dict_grown(self, make: JType, kv: JType) -> JType:
        """Base's `grow_to!` of `dict_with_eltype` where the element type names no one K and V (pairs
        of several types): an empty `DT_apply(Any, Any)()` that `empty(d, K, V)` widens as the pairs
        come, K and V the `promote_typejoin` of their keys and values (`RobinDict(1 => 1, 2 => 2.0)`
        is a RobinDict{Int64, Real}). Known for a tuple of pairs or 2-tuples of known types."""
        if not builtins.fixed_tuple(kv) or not kv.params:
            return UNKNOWN
        keys, values = [], []
        for p in kv.params:
            kv_types = _key_value(p)
            if kv_types is None:
                return UNKNOWN
            keys.append(kv_types[0])
            values.append(kv_types[1])
        made = self.call_value(make, [TypeT(ANY), TypeT(ANY)])
        if not isinstance(made, TypeT):
            return UNKNOWN
        start = self.call_value(made, [])
        if not isinstance(start, DataT) or not is_known(start):
            return UNKNOWN
        k = builtins.promote_typejoin_elements(keys, self.reg)
        v = builtins.promote_typejoin_elements(values, self.reg)
        return self.call_named("empty", [start, TypeT(k), TypeT(v)], {}, None)

    def promoted_shape(self, a: JType, b: JType) -> JType:
        """Base's `promote_shape(a, b)`: of two arrays, that of their `axes` (the package's `axes`
        methods where they have them); of two tuples of axes or sizes, the longer (the first where
        they are as long), which it returns once it has checked that they agree."""
        if isinstance(a, DataT) and isinstance(b, DataT) and a.name != "Tuple" and b.name != "Tuple":
            if not (self.reg.issub(a, DataT("AbstractArray")) and self.reg.issub(b, DataT("AbstractArray"))):
                return UNKNOWN
            a = self.call_named("axes", [a], {}, None)
            b = self.call_named("axes", [b], {}, None)
        lengths = [len(t.params) if builtins.fixed_tuple(t) and is_known(t) else None for t in (a, b)]
        if None in lengths:
            return UNKNOWN
        return a if lengths[0] >= lengths[1] else b

    def construct(self, t: JType, args: list[JType], frame: Frame | None) -> JType:
        """Calling a type: a constructor or conversion."""
        if isinstance(t, DataT):
            name = t.name
            decl = self.reg.decl(name)
            cands, _ = self.methods_of(name)
            r = self.outranking_default(t, cands, args) if cands else None
            if r is not None:
                return r
            if cands:
                # a type's bare name held in a variable (`for T in (Tridiagonal, SymTridiagonal)`,
                # every parameter open) is called as the name is: `T(x)`, not `T{P}(x)`
                curly = t.params if t.params and not all(is_wildcard(p) for p in t.params) else None
                r = self.dispatch(cands, args, {}, curly=curly, cache_key=("call", name, None))
                if r is not None and r is not UNKNOWN:
                    return r
                if r is UNKNOWN:  # a method applies but its result is not known: a type makes itself
                    return self.instance_of(t)
                if self.inner_constructor(name, cands):
                    return UNKNOWN  # no default constructor beside an inner one
            if decl is not None and decl.user:
                return self.default_constructor(t, decl, args)
            r = builtins.base_constructor(t, args, self.reg)
            if r is not None:
                return r
            # `Ref{Any}(x)` is answered by the table's `Ref{T}(...)` methods, never by `Ref(x)`
            written = [p for p in t.params if not is_wildcard(p)]
            r = match_table(name, args, self.reg, curly=list(t.params) if written else None, scope=self.stdlib_scope)
            if r is not None and r is not UNKNOWN:
                return r
            if self.reg.is_concrete(t):
                return t
            if decl is None:
                if self.package is not None and name in self.package.modules:
                    return UNKNOWN   # an alias of something not known here (`const Other = Elsewhere.Thing`)
                return t if not t.params or not any(is_wildcard(p) for p in t.params) \
                    else UNKNOWN
            return UNKNOWN
        return UNKNOWN

    def instance_of(self, t: DataT) -> JType:
        """The type of a value a constructor of the struct `t` makes, its result not known
        otherwise: `t` where it is concrete; else, its parameters open (or some of them), that
        struct, each open parameter not known (`partly_known` shows the UnionAll, and tells no
        concreteness or stability)."""
        if self.reg.is_concrete(t) is True:
            return t
        decl = self.reg.decl(t.name)
        if decl is None or decl.is_abstract or len(t.params) > len(decl.params):
            return UNKNOWN
        params = [UNKNOWN if is_wildcard(p) else p for p in t.params]
        params += [UNKNOWN] * (len(decl.params) - len(params))
        return DataT(t.name, tuple(params))

    def outranking_default(self, t: DataT, cands: list, args: list[JType]) -> JType | None:
        """`T(args...)` of a package's struct T (no parameters written), where its default
        constructor is the method called: the struct has no inner constructor, there is one
        argument per field, of the field's type, and the package's methods that apply take varargs
        (`Foo(data::Array{T, N}, axes...) = Foo(data, axes, 1)` calls the default `Foo(data, axes,
        n)` for three arguments, being the more specific). None otherwise."""
        decl = self.reg.decl(t.name)
        if decl is None or not decl.user or any(not is_wildcard(p) for p in t.params) or \
                not self._default_outranks(t.name, decl, cands, args):
            return None
        return self.default_constructor(t, decl, args)

    def _default_outranks(self, name: str, decl, cands: list, args: list[JType]) -> bool:
        if decl.is_abstract or len(args) != len(decl.fields) or not decl.fields:
            return False
        free = frozenset(decl.params)
        env: dict = {}
        for a, (_, ft) in zip(args, decl.fields, strict=True):
            if not isinstance(a, JType) or not is_known(a) or is_arg_type(a) or not self.reg.issub(a, ft, env, free):
                return False
        choice = self.select(cands, args)
        if choice is NO_METHOD or choice[0] is None or self.inner_constructor(name, cands):
            return False
        owner, meth = choice[0]
        if meth.max_args == float("inf"):
            return True
        # the default `T(f1::F1, ...)`, the struct's parameters free, against the method's signature:
        # more specific where each field's type is within the method's and one is narrower
        # (`Acc(map::Dict{T, V})` beats `Acc(map::AbstractDict) = Acc(Dict(map))`)
        pats = owner.method_param_types(meth, args)[0]
        if len(pats) != len(decl.fields):
            return False
        free_of = {p: wildcard(b) for p, b in zip(decl.params, decl.bounds or (ANY,) * len(decl.params), strict=False)}
        fields = [substitute(ft, free_of) for _, ft in decl.fields]
        fields = [f.ub if isinstance(f, VarT) else f for f in fields]
        declared = [self._plain(p) for p, _ in pats]
        if any(not is_known(f) or not is_known(d) for f, d in zip(fields, declared, strict=True)):
            return False
        if not all(self.reg.issub(f, d) for f, d in zip(fields, declared, strict=True)):
            return False
        if any(not self.reg.issub(d, f) for f, d in zip(fields, declared, strict=True)):
            return True
        # the same field types, but the default ties fields of one parameter together (`struct
        # Q{T<:Real}; x::T; y::T end` has `Q(x::T, y::T) where T`): the more specific, as Julia ranks
        # a diagonal signature above `Q(x::Real, y::Real) = Q(promote(x, y)...)`, whose patterns name
        # no type variable
        tied = [ft.name for _, ft in decl.fields if isinstance(ft, VarT) and ft.name in decl.params]
        return len(tied) != len(set(tied)) and not any(isinstance(p, VarT) for p, _ in pats)

    def inner_constructor(self, name: str, cands: list) -> bool:
        """Whether one of `cands` is an inner constructor of struct `name` (which then has no default
        constructor)."""
        for c in cands:
            owner, meth = c if isinstance(c, tuple) else (self, c)
            sd = owner.defs.structs.get(name)
            if sd is not None and sd.node.start <= meth.node.start < sd.node.end:
                return True
        return False

    def default_constructor(self, t: DataT, decl, args: list[JType]) -> JType:
        if decl.is_abstract:
            return UNKNOWN
        if not decl.params:
            return t
        given = [p for p in t.params if not is_wildcard(p)]
        if len(given) == len(decl.params):
            return t
        # infer parameters from the field types: Foo(1.0) for `struct Foo{T}; x::T end`
        env: dict = {p: t.params[i] for i, p in enumerate(decl.params)
                     if i < len(t.params) and not is_wildcard(t.params[i])}
        free = frozenset(p for p in decl.params if p not in env)
        not_known: set = set()   # the parameters a field given a value not known names
        if len(args) == len(decl.fields):
            for a, (_, ft) in zip(args, decl.fields, strict=True):
                if a is UNKNOWN:
                    mentions(ft, lambda x: isinstance(x, VarT) and x.name in free and not_known.add(x.name) is None)
                    continue
                pat = ft
                if isinstance(pat, VarT) and pat.name in free and pat.name not in env:
                    # `x::G` given a value of an abstract static type: G is its run-time type, some
                    # subtype of that (`SimpleEdgeIter(g)` of a `g::SimpleGraph` is a
                    # `SimpleEdgeIter{<:SimpleGraph}`)
                    env[pat.name] = wildcard(a) if isinstance(a, (DataT, UnionT)) and \
                        self.reg.is_concrete(a) is False else a
                else:
                    self.reg.issub(a, pat, env, free)
        params = []
        for i, p in enumerate(decl.params):
            v = env.get(p)
            if (v is None or v is UNKNOWN) and p in not_known:
                # `Point(x)` of an `x` not known: a Point, that parameter not known (`partly_known`)
                params.append(UNKNOWN)
                continue
            if v is None or v is UNKNOWN:
                return UNKNOWN
            bound = decl.bounds[i] if i < len(decl.bounds) else ANY
            if is_arg_type(v) and not (bound is ANY or (not has_vars(bound) and self.reg.issub(v.ub, bound))):
                # an argument's unknown concrete type is the parameter (concrete per call) only where
                # every type it may be is within the parameter's bound
                return UNKNOWN
            if isinstance(v, JType) and bound is not ANY and not has_vars(bound) and self.reg.issub(v, bound) is False:
                return UNKNOWN  # outside the parameter's bound: not the default constructor's type
            params.append(v)
        return DataT(t.name, tuple(params))

    def resolve_call(self, callee: Node, args, pos, kws, env, frame, depth, consts: tuple = ()):
        """(result type, node to label, env) for calling `callee`. `args` is None with splatting."""
        kind = callee.kind
        if kind == "NAME":
            name = self.text(callee)
            if name in env:
                f = env[name]
                self.name_value(callee, env, frame)
                if args is None:
                    return UNKNOWN, callee, env
                if isinstance(f, FuncT):
                    return self.call_value(f, args, frame), callee, env
                if isinstance(f, TypeT):
                    return self.construct(f.of, args, frame), callee, env
                if isinstance(f, UnionT) and all(isinstance(m, (FuncT, TypeT)) for m in f.members):
                    # `for fun in (dropmissing, unique); fun(df); end`: each function may be the one
                    out = BOTTOM
                    for m in ordered_members(f):
                        r = self.call_value(m, args, frame)
                        if r is UNKNOWN:
                            return UNKNOWN, callee, env
                        out = self.join(out, r)
                    return out, callee, env
                fixed = builtins.fixed_argument_call(f, args)
                if fixed is not None:
                    return self.call_value(fixed[0], fixed[1], frame), callee, env
                if isinstance(f, DataT) and "(functor)" in self.defs.methods:
                    r = self.dispatch(self.defs.methods["(functor)"], [f] + args, kws)
                    return (r if r is not None else UNKNOWN), callee, env
                return UNKNOWN, callee, env
            if frame.outer is not None and self.lookup_outer(name, frame) is not None:
                f = self.lookup_outer(name, frame)
                if isinstance(f, FuncT) and args is not None:
                    return self.call_value(f, args, frame), callee, env
                return UNKNOWN, callee, env
            if name == "new" and frame.struct_type is not None:
                return self.new_call(frame, args), callee, env
            if args is None:
                return self.splat_call(name, pos, frame), callee, env
            if name in frame.typevars:
                t = frame.typevars[name]   # `T(x)` with T a static parameter bound to a type
                if isinstance(t, DataT) and self.reg.is_concrete(t) is True:
                    return self.construct(t, args, frame), callee, env
                if is_concrete_var(t) and (t.ub is ANY or self.reg.issub(t.ub, NUMBER)) and len(args) == 1 and \
                        not kws and isinstance(args[0], JType) and self.reg.issub(args[0], NUMBER):
                    # `T(n)` converts a number to the number type T (Base's `(::Type{T})(x::Number)
                    # where T<:Number`, which every number type's constructor keeps to); a T of no
                    # declared bound called on a number is used as one (`T(length(fadj(g)))` of a
                    # graph whose T is its vertex type)
                    return t, callee, env
                return UNKNOWN, callee, env
            if name not in self.defs.methods and not self.reg.is_type_name(name) and name not in self.defs.consts \
                    and name not in self.defs.globals:
                self.global_value(name, callee, frame)  # flags undefined names
            if name in self.defs.globals and name not in self.defs.methods and not frame.toplevel:
                self.put(frame, callee, ANY)
                return ANY, callee, env
            return self.call_named(name, args, kws, frame, consts=consts), callee, env
        if kind == "BINARY_EXPR" and len(callee.children) == 3 and callee.children[1].kind == "DOT":
            qualified = dotted_name(callee, self.data)
            last = callee.children[-1]
            if qualified is not None:
                head = qualified.split(".", 1)[0]
                if is_module_name(self, head, env, frame):
                    label_module_heads(self, callee, frame)
                    qualified = self.module_alias(qualified)
                    name = qualified.rsplit(".", 1)[-1]
                    if last.kind == "QUOTE_SYM":
                        name = operator_in(last, self.data) or name
                    if args is None:
                        return UNKNOWN, last, env
                    return self.call_named(name, args, kws, frame, qualified=qualified, consts=consts), last, env
            f, env = self.expr(callee, env, frame, depth)
            if args is None:
                return UNKNOWN, last, env
            return self.call_value(f, args, frame), last, env
        if kind == "CURLY_EXPR":
            head = callee.children[0]
            label = head if head.kind == "NAME" else head.children[-1] if head.children else head
            if head.kind == "NAME" and self.text(head) == "new" and frame.struct_type is not None:
                return self.new_curly_call(callee, env, frame, args), label, env
            scope, values = self.curly_scope(callee, env, frame)
            t = self.label_type_expr(callee, frame, scope, values)
            if args is None:
                # `T{K, V}(xs...)`: a concrete type's constructor makes that type, whatever the arguments
                return (t if isinstance(t, DataT) and self.reg.is_concrete(t) is True else UNKNOWN), label, env
            if isinstance(t, DataT):
                name = t.name
                cands, _ = self.methods_of(name)
                if cands:
                    r = self.dispatch(cands, args, kws, curly=t.params, cache_key=("call", name, None))
                    if r is not None and r is not UNKNOWN:
                        # a concrete type's constructor makes that type, where what its method
                        # returns is only partly known (`SimpleGraph{Int32}(g)` building `SimpleGraph{?}`)
                        return (t if not is_known(r) and self.reg.is_concrete(t) is True else r), label, env
                r = match_table(name.rsplit(".", 1)[-1], args, self.reg, curly=list(t.params), kwargs=kws,
                                scope=self.stdlib_scope)
                if r is not None and r is not UNKNOWN:
                    return r, label, env
                return self.construct(t, args, frame), label, env
            return UNKNOWN, label, env
        if kind in OPS or kind == "UNICODE_OP":
            name = op_text(self, callee)
            if args is None:
                return UNKNOWN, callee, env
            r = self.special_call(name, args, kws)
            if r is None:
                r = match_table(name, args, self.reg)
            return (r if r is not None else UNKNOWN), callee, env
        if kind == "PAREN_EXPR":
            f, env = self.expr(callee, env, frame, depth)
            if args is None:
                return UNKNOWN, None, env
            return self.call_value(f, args, frame), None, env
        f, env = self.expr(callee, env, frame, depth)
        if args is None:
            return UNKNOWN, None, env
        return self.call_value(f, args, frame), None, env

    def module_alias(self, qualified: str) -> str:
        """`LET.f` where `const LET = Graphs.Experimental.Traversals` (in this file, or in the
        package's sources, `const MOI = MathOptInterface`): `Graphs.Experimental.Traversals.f`."""
        root, dot, rest = qualified.partition(".")
        if not dot:
            return qualified
        target = None
        entry = self.defs.consts.get(root)
        if entry is not None and entry[1] is not None:
            target = dotted_name(entry[1], self.data)
        elif self.package is not None:
            target = self.package.module_aliases.get(root)
        if target is None or target == root or self.reg.is_type_name(target):
            return qualified
        return f"{target}.{rest}"

    def splat_call(self, name: str, pos: list, frame) -> JType:
        # a splatted call: only names whose result does not depend on the arguments
        r = match_table(name, [UNKNOWN], self.reg, scope=self.stdlib_scope)
        if r is not None and r is not UNKNOWN and name not in self.defs.methods:
            return r
        if self.reg.is_type_name(name) and name[:1].isupper():
            t = self.conv.named(name)
            if self.reg.is_concrete(t):
                return t
        return UNKNOWN

    def curly_scope(self, callee: Node, env: dict, frame, others_unknown: bool = True) -> tuple[dict, dict]:
        """(the names of types a call's `T{A, typeof(b)}` reads: static parameters and local variables
        holding types (`Tv = eltype(x); SparseMatrixCSC{Tv, Ti}(...)`), a local holding any other
        value unknown where `others_unknown` (else read as a type expression reads it); the types of
        the locals `typeof(b)` reads, unknown where not the run-time type)."""
        scope = frame.typevars
        values: dict = {}
        arglist = callee.children[1] if len(callee.children) > 1 else None
        todo = list(args_of(arglist) if arglist is not None else [])
        while todo:
            a = todo.pop(0)
            if a.kind == "CURLY_EXPR" and len(a.children) > 1:
                todo.extend(args_of(a.children[1]))   # a nested `Tridiagonal{T, V}` reads them too
                continue
            if a.kind == "NAME":
                name = self.text(a)
                if name in env and name not in frame.typevars:
                    v = env[name]
                    held = isinstance(v, TypeT) and not is_wildcard(v.of)
                    if not held and not others_unknown:
                        continue
                    if scope is frame.typevars:
                        scope = dict(scope)
                    scope[name] = v.of if held else UNKNOWN
            elif a.kind == "CALL_EXPR" and self.text(a.children[0]) == "typeof":
                inner = args_of(a.children[1]) if len(a.children) > 1 else []
                if len(inner) == 1 and inner[0].kind == "NAME" and self.text(inner[0]) in env:
                    v = env[self.text(inner[0])]
                    values[self.text(inner[0])] = v if self._ground(v) else UNKNOWN
                elif len(inner) == 1 and inner[0].kind != "NAME":
                    # `Cholesky{T, typeof(L.data)}(...)`: the run-time type of the value computed
                    v, _ = self.expr(inner[0], env, frame)
                    values[a] = v if self._ground(v) else UNKNOWN
            elif a.kind == "CALL_EXPR":
                # a call in a parameter position runs: `UpperHessenberg{eltype(A), typeof(A)}(A)`
                v, _ = self.expr(a, env, frame)
                # (a type concrete per call too: `GenericEdge{eltype(g)}` of a run-time `g`)
                fixed = isinstance(v, TypeT) and (v.of is ANY or is_concrete_var(v.of) or isinstance(v.of, DataT)
                                                  and is_known(v.of) and not mentions(v.of, _open_var))
                values[a] = v.of if fixed else UNKNOWN
        return scope, values

    def new_curly_call(self, callee, env: dict, frame, args) -> JType:
        """`new{P...}(...)` in an inner constructor: the struct with those parameters."""
        st = frame.struct_type
        arglist = callee.children[1] if len(callee.children) > 1 else None
        scope, values = self.curly_scope(callee, env, frame)
        params = []
        for a in (args_of(arglist) if arglist is not None else []):
            params.append(self.conv.param(a, scope, values))
            self.label_type_expr(a, frame, scope, values)
        if not isinstance(st, DataT) or args is None:
            return UNKNOWN
        if any(p is UNKNOWN for p in params):
            # `new{typeof(be)}(...)` of a `be` not known: that struct, its parameter not known
            # (`partly_known` shows it as the UnionAll; concreteness and stability stay unknown)
            decl = self.reg.decl(st.name)
            return DataT(st.name, tuple(params)) if decl is not None and len(decl.params) == len(params) else UNKNOWN
        t = self.reg.apply(st.name, params)
        return t if isinstance(t, DataT) and t.name == st.name else UNKNOWN

    def new_call(self, frame, args) -> JType:
        st = frame.struct_type
        if st is None:
            return UNKNOWN
        if isinstance(st, DataT) and any(is_wildcard(p) for p in st.params):
            decl = self.reg.decl(st.name)
            if decl is not None and args is not None:
                return self.default_constructor(st, decl, args)
            return UNKNOWN
        return st


def _open_var(t) -> bool:
    """A type variable that is not one concrete type per call (a wildcard, a static parameter not bound)."""
    return isinstance(t, VarT) and not t.concrete
