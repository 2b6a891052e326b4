"""Methods: dispatch over the file's own methods, per-signature method inference (memoized,
recursion solved by bounded iteration), method-body analysis, and closures (anonymous
functions, do-blocks, local methods, captured and boxed variables)."""

from __future__ import annotations

from ..schema import F_BOXED, F_DEFINITION, F_TYPE_POSITION
from ..syntax.tree import Node
from ..types.registry import make_tuple
from ..types.jtypes import (has_anonymous_vars, has_vars, is_known, is_named_var, is_unsealed_closure, mentions,
                            without_closure_ids)
from ..types.jtypes import (ANY, BOTTOM, SYMBOL, UNKNOWN, WILD, DataT, FuncT, JType, SymbolValue, TypeT, UnionT,
                            ARG_PREFIX, VarT, arg_type, is_arg_type, is_concrete_var, is_static_param, is_wildcard, wildcard)
from .captures import boxed_names, closure_param_names
from .definitions import MethodDef, Param, assigned_names, param_of
from .narrowing import literal_constant
from .state import (BOX, CALL_STEP, FORWARD_STEP, NO_METHOD, LABELLED_CODE_BUDGET, MAX_CALL_DEPTH, METHOD_BUDGET,
                    MAX_DISPATCH_CANDIDATES, MAX_RECURSION_ROUNDS, NOTHING_REACHED, SELECT_INDEX_LISTS, Binding,
                    Budget, Frame, ResultUnknown, static_parameter_value)
from .base.knowledge import THROWING_FUNCTIONS
from .tokens import TRIVIAL
from .transfer.access import label_module_heads
from .verdicts import partly_known
from .typeconv import args_of


def has_free(t: JType) -> bool:
    if isinstance(t, VarT):
        return True
    if isinstance(t, DataT):
        return any(has_free(p) for p in t.params if isinstance(p, JType) and not is_wildcard(p))
    if isinstance(t, UnionT):
        return any(has_free(m) for m in t.members)
    if isinstance(t, TypeT):
        return has_free(t.of)
    return False


def _anonymous_vars(t, passed: set):
    """`t` with its concrete type variables that are not in `passed` made anonymous
    (`arg_type()`); UNKNOWN if another variable is not in `passed`."""
    if isinstance(t, VarT):
        if t in passed or is_wildcard(t):
            return t
        if not t.concrete:
            return UNKNOWN
        ub = _anonymous_vars(t.ub, passed)
        return arg_type("", ub if ub is not UNKNOWN else ANY)
    if isinstance(t, DataT) and t.params:
        params = tuple(_anonymous_vars(p, passed) if isinstance(p, JType) else p for p in t.params)
        return UNKNOWN if UNKNOWN in params else DataT(t.name, params)
    if isinstance(t, UnionT):
        members = [_anonymous_vars(m, passed) for m in t.members]
        return UNKNOWN if UNKNOWN in members else UnionT(frozenset(members))
    if isinstance(t, TypeT):
        of = _anonymous_vars(t.of, passed)
        return UNKNOWN if of is UNKNOWN else TypeT(of)
    return t



def _positional_names(meth: MethodDef) -> dict:
    """Position -> name of `meth`'s positional parameters, its vararg left out."""
    return {i: p.name for i, p in enumerate(meth.params) if not p.vararg}


def _static_params_of(pats) -> set:
    """The names of the static parameters (`where` variables) a method's argument patterns use."""
    names: set = set()
    for pt, _ in pats:
        mentions(pt, lambda x: is_static_param(x) and names.add(x.name) is not None)
    return names


def _enclosing(frame: Frame | None):
    """`frame` and the frames it closes over, innermost first."""
    while frame is not None:
        yield frame
        frame = frame.outer


def _in_constructor(frame: Frame) -> bool:
    """Whether `frame` or one it closes over is an inner constructor's (`new` means its type)."""
    return any(f.struct_type is not None for f in _enclosing(frame))


def _passed_names(arglist: Node, text) -> list:
    """The names a call's argument list passes on as they are (`f(x, flag)`, `g(; copycols=copycols)`,
    `g(; copycols)`): a constant parameter passed on is one the callee may branch on."""
    out = []
    for c in arglist.children:
        for k in (c.children if c.kind == "PARAMETERS" else (c,)):
            if k.kind == "ARG" and len(k.children) == 1 and k.children[0].kind == "NAME":
                out.append(text(k.children[0]))
            elif k.kind == "KEYWORD_ARG" and len(k.children) >= 3 and k.children[-1].kind == "NAME":
                out.append(text(k.children[-1]))
    return out


def _constant_in(name: str, frame: Frame) -> bool:
    """Whether `name` is a constant parameter (`Frame.constants`) of `frame` or one it closes over."""
    return any(name in f.constants for f in _enclosing(frame))


def fixed_bound(t: JType) -> bool:
    """Whether `t`, inferred in another file, is a datatype that names no variable of the callee
    (`SubArray`, `AbstractVector{Int64}`, `Vector{<:Real}`): it comes from what the callee
    declares (a field's or a rule's type), and the call's value is surely of it, so it labels the
    call as an abstract type. Any, a union (a join of what the analysis could not tell apart) and
    a type naming the callee's variables are not bounds the caller can use."""
    return isinstance(t, DataT) and is_known(t) and not mentions(t, is_named_var)


def _anonymous_arg_type(t) -> bool:
    return is_arg_type(t) and t.name == ARG_PREFIX


class Methods:
    """Dispatch, method inference and closures, mixed into `Interpreter`."""

    def method_param_types(self, meth: MethodDef, args: list[JType]):
        """(pattern per positional arg, free typevar names, typevar scope) for matching `args`."""
        cached = self._patterns(meth)
        return cached[0], cached[1], cached[2]

    def _patterns(self, meth: MethodDef) -> tuple:
        """(patterns, free typevar names, typevar scope, the method, whether each pattern binds no
        free typevar, whether it is one of a `@traitfn`'s methods), worked out once per method."""
        cached = self._param_cache.get(meth.uid)
        if cached is not None and cached[3] is meth:
            return cached
        pats, free, scope = self._method_param_types(meth)
        closed = tuple(not mentions(pt, lambda x: isinstance(x, VarT) and x.name in free) for pt, _ in pats)
        cached = self._param_cache[meth.uid] = (pats, free, scope, meth, closed, meth.trait)
        return cached

    def _method_param_types(self, meth: MethodDef):
        pats, scope = self._converted_signature(meth, {})
        implied = self._implied_bounds(pats, scope)
        if implied:
            # `f(g::SG{S}) where S` of `struct SG{T<:Integer}`: S is an Integer wherever f is called
            pats, scope = self._converted_signature(meth, implied)
        return pats, frozenset(scope), scope

    def _converted_signature(self, meth: MethodDef, implied: dict) -> tuple[list, dict]:
        """([(pattern, param)], typevar scope) of `meth`; `implied`: bounds of where-variables
        written without one that the signature implies."""
        scope = {}
        for name_node, bound in meth.where:
            vname = self.text(name_node)
            ub = self.conv.convert(bound, scope) if bound is not None else implied.get(vname, ANY)
            scope[vname] = VarT(vname, ub, False)
        pats = []
        for p in meth.params:
            pt = self.conv.convert(p.type_node, scope) if p.type_node is not None else ANY
            if pt is UNKNOWN:
                pt = ANY
            pats.append((pt, p))
        return pats, scope

    def _implied_bounds(self, pats: list, scope: dict) -> dict:
        """Bounds of where-variables without one that a struct's declared parameter bounds impose:
        a variable that is a parameter of a struct in an argument's pattern is within that
        parameter's bound (`SG{S}` of `struct SG{T<:Integer}`: `S<:Integer`), known and naming
        no variable."""
        out: dict = {}
        stack = [pt for pt, _ in pats]
        while stack:
            t = stack.pop()
            if isinstance(t, UnionT):
                stack.extend(t.members)
                continue
            if isinstance(t, TypeT):
                stack.append(t.of)
                continue
            if not isinstance(t, DataT) or not t.params:
                continue
            decl = self.reg.decl(t.name)
            bounds = decl.bounds if decl is not None else ()
            for i, q in enumerate(t.params):
                if isinstance(q, VarT) and q.name in scope and scope[q.name].ub is ANY and i < len(bounds):
                    b = bounds[i]
                    if b is not ANY and isinstance(b, JType) and is_known(b) and not mentions(b, is_named_var):
                        out.setdefault(q.name, b)
                elif isinstance(q, JType):
                    stack.append(q)
        return out

    def dispatch(self, methods: list, args: list[JType], kwargs: dict, curly=None, closed: bool = True,
                 cache_key=None, otherwise: JType | None = None, consts: tuple = ()) -> JType | None:
        """The return type of calling one of `methods` (MethodDefs of this file, or (interpreter,
        MethodDef) pairs of the package's other files) with `args`; None when none applies. Among
        the methods that surely apply the most specific wins; methods that only may apply are
        joined (up to MAX_DISPATCH_CANDIDATES) when `closed` (they are all the function's methods),
        else the call is unknown (another module's method may be the one called). `cache_key`
        names the method list, when it is always the same for that key, so that the choice is
        made once per argument types. `otherwise` is the type of the call where another module's
        method is the one called (Base's rule): when it and every method that may apply agree,
        the call has that type whichever is called. `consts` are the arguments the call gives as
        constants ((position or keyword name, value)), which the method called may branch on."""
        if cache_key is not None:
            key = (cache_key, tuple(args), tuple(curly) if curly is not None else None)
            choice = self.selections.get(key)
            if choice is None:
                choice = self.select(methods, args, curly)
                self.selections[key] = choice
        else:
            choice = self.select(methods, args, curly)
        if choice is NO_METHOD:
            return None
        definite, maybe, abstract_arg = choice
        if definite is not None:
            return self.infer_in(definite[0], definite[1], args, kwargs, curly, consts)
        if not closed and not all(owner._patterns(meth)[5] for owner, meth in maybe):
            if otherwise is None or otherwise is UNKNOWN or len(maybe) > MAX_DISPATCH_CANDIDATES:
                return UNKNOWN
            # the first method that disagrees settles it: the others are not inferred
            for owner, meth in maybe:
                if owner.surely_throws(meth):
                    continue   # (it adds nothing to the call's type)
                if self._infer_maybe(owner, meth, args, kwargs, curly, consts) != otherwise:
                    return UNKNOWN
            return otherwise
        if len(maybe) > MAX_DISPATCH_CANDIDATES:
            return ANY if abstract_arg else UNKNOWN
        # one of several methods will be called: their union is not a type Julia infers for the call,
        # so they must all agree, and the first that does not (or is unknown) settles it
        first = None
        throws = False
        for owner, meth in maybe:
            if owner.surely_throws(meth):
                # a fallback whose body only throws (`f(x) = error("not implemented")`): a method the
                # package's files do not show (a test file's) may be the one called for the
                # arguments it is chosen for, so it never makes the call throw, but where another
                # method may be called instead, that one gives the call's type (a method of this
                # file's, whose callers the file shows, makes it throw where no other may be called)
                throws = throws or owner is self
                continue
            r = self._infer_maybe(owner, meth, args, kwargs, curly, consts)
            if r is BOTTOM:
                throws = True   # a method that only throws adds nothing to the call's type
                continue
            if r is UNKNOWN or (first is not None and r != first):
                return UNKNOWN
            first = r
        return first if first is not None else BOTTOM if throws else UNKNOWN

    def _infer_maybe(self, owner, meth: MethodDef, args: list[JType], kwargs: dict, curly, consts: tuple) -> JType:
        """The return type of a method that only may apply, inferred with the arguments as the call
        gives them; where that is not known and the call is the labelled code's own (call depth 0:
        deeper, the work it adds would take from the file's budgets the labelled code's later
        calls need), with the arguments it sees where it is the one called (`within_patterns`),
        unless that says it throws or gives a type known only as some type within a bound (`x ÷ 2` of
        an Integer: two methods that give one such type need not give the same). An argument of an
        abstract type is, in the method, of its pattern where that is narrower (`area(s)` of an
        `s::Shape` calls `area(c::Circle)` with a Circle), as Julia infers each method that may
        apply with the intersection of the call's and the method's signatures."""
        args = owner.abstract_within_patterns(meth, args)
        r = self.infer_in(owner, meth, args, kwargs, curly, consts)
        if r is UNKNOWN and self.call_depth == 0:
            narrowed = owner.within_patterns(meth, args)
            if narrowed is not args:
                within = self.infer_in(owner, meth, narrowed, kwargs, curly, consts)
                if within is not BOTTOM and not mentions(within, _anonymous_arg_type):
                    r = within
        return r

    def abstract_within_patterns(self, meth: MethodDef, args: list[JType]) -> list[JType]:
        """`args`, each of an abstract datatype the method's pattern for it narrows (a known datatype
        within it that names no static parameter) replaced by the pattern (`_infer_maybe`)."""
        pats, _, _, _, closed, _ = self._patterns(meth)
        if not pats:
            return args
        out = None
        last = len(pats) - 1
        for i, a in enumerate(args):
            if a.__class__ is not DataT:
                continue
            j = i if i <= last else last
            pt = pats[j][0]
            if pt is ANY or not closed[j] or pt.__class__ is not DataT or not is_known(pt) or \
                    self.reg.is_concrete(a) is not False or not self.reg.issub(pt, a) or self.reg.issub(a, pt):
                continue
            if out is None:
                out = list(args)
            out[i] = pt
        return out if out is not None else args

    def within_patterns(self, meth: MethodDef, args: list[JType]) -> list[JType]:
        """The argument types a method that only may apply (`select`'s maybe) sees where it is the one
        called: an argument whose type is not known is, there, of some type within the method's
        pattern for it (`plot(plt::Plot, args...)` called with an unknown argument has a `Plot`), as
        the argument's unknown concrete type bounded by the pattern. Patterns that name the
        method's static parameters, and `Any`, leave it unknown."""
        if UNKNOWN not in args:
            return args
        pats, _, _, _, closed, _ = self._patterns(meth)
        if not pats:
            return args
        out = list(args)
        changed = False
        last = len(pats) - 1
        for i, a in enumerate(args):
            if a is not UNKNOWN:
                continue
            j = i if i <= last else last
            pt, param = pats[j]   # (a vararg's pattern is its elements')
            if pt is ANY or not closed[j] or not isinstance(pt, DataT) or not is_known(pt):
                continue
            out[i] = arg_type(param.name or "", pt)
            changed = True
        return out if changed else args

    def _fitting(self, methods: list, n: int, plain: bool) -> list:
        """[(owner, method, head)] of `methods` that take `n` positional arguments, called with curly
        parameters (`T{P}(x)` calls the methods of `T{P}`) or not (`plain`), in their order; `head`: the
        name of the datatype a method's pattern for the first argument is, where the pattern binds no
        free type variable (else None). Kept per method list (`Interpreter.select_index`): the lists
        a call is given are kept and never changed by their users."""
        index = self.select_index
        entry = index.get(id(methods))
        if entry is None or entry[0] is not methods:
            if len(index) >= SELECT_INDEX_LISTS:
                index.clear()
            entry = index[id(methods)] = (methods, {})
        fitting = entry[1].get((n, plain))
        if fitting is None:
            fitting = []
            for item in methods:
                owner, meth = item if isinstance(item, tuple) else (self, item)
                if not (meth.min_args <= n <= meth.max_args) or plain != (meth.curly is None):
                    continue
                head = None
                if n:
                    pats, _, _, _, closed, _ = owner._patterns(meth)
                    if pats and closed[0] and pats[0][0].__class__ is DataT:
                        head = pats[0][0].name
                fitting.append((owner, meth, head))
            entry[1][(n, plain)] = fitting
        return fitting

    def select(self, methods: list, args: list[JType], curly=None):
        """Which of `methods` a call with `args` reaches: NO_METHOD, or ((owner, method) that surely
        applies and is the most specific, or None; [(owner, method)] that may apply; whether an
        abstract argument type made them uncertain)."""
        n = len(args)
        definite = []
        maybe = []
        abstract_arg = False
        # what is asked of an argument's type when a method's pattern does not take it: worked out
        # once per call, not once per method
        facts: dict = {}

        def fact(i: int, a: DataT) -> tuple:
            hit = facts.get(i)
            if hit is None:
                hit = facts[i] = (self.reg.is_concrete(a) is False, has_anonymous_vars(a), self._partial(a))
            return hit

        # an argument of a known struct some of whose parameters are not known (`Plot{?}` of
        # `new{typeof(be)}(be)`) is one of the UnionAll over them, and matched as that
        args = [partly_known(a, self.reg) if a.__class__ is DataT and not is_known(a) else a for a in args]
        unknown = [a is UNKNOWN or is_arg_type(a) for a in args]
        # what still holds a type not known (`Type{Dir{Float32, ?}}`): a method it does not surely
        # meet may still be the one called (its pattern may name what is not known)
        vague = [not u and not is_known(a) for a, u in zip(args, unknown, strict=True)]
        # a first argument of a known concrete type is taken only by a pattern of its name or of one of
        # its supertypes' names (or one that names no datatype), as the loop below finds: the others
        # are passed over without a look
        first_names = None
        if n and args[0].__class__ is DataT and not unknown[0] and not vague[0]:
            is_abstract, anonymous, partial = fact(0, args[0])
            if not (is_abstract or anonymous or partial):
                first_names = self.reg.ancestor_names(args[0].name)
        first = args[0].name if first_names is not None else None
        for owner, meth, head in self._fitting(methods, n, curly is None):
            if head is not None and first is not None and head != first and head not in first_names:
                continue
            uncertain = False
            env: dict = {}
            if curly is not None:
                match = owner.curly_match(meth, curly)
                if match is None:
                    continue
                uncertain = match[1]
                # the where-variables the call's parameters bind hold in the arguments' patterns too
                # (`AbstractArray{T}(F::Zeros{T}) where T` is not the method for AbstractArray{Float64}
                # of a Zeros{Int64})
                env = {k: v for k, v in match[0].items() if isinstance(v, JType) and is_known(v)
                       and not isinstance(v, VarT)}
            pats, free, _, _, closed, _ = owner._patterns(meth)
            ok = True
            last = len(pats) - 1
            for i, a in enumerate(args):
                j = i if i <= last else last
                pt = pats[j][0]
                if unknown[i]:
                    ub = a.ub if isinstance(a, VarT) else ANY
                    if ub is not ANY and not self.reg.may_intersect(ub, pt):
                        ok = False
                        break
                    if pt is not ANY and not (isinstance(pt, VarT) and pt.ub is ANY) and not (
                            ub is not ANY and self.reg.issub(ub, pt, dict(env), free)):
                        uncertain = True   # unless every run-time type the argument may have is `pt`'s
                    continue
                if pt is ANY:
                    continue
                if closed[j]:
                    # (a datatype is a subtype of another only if that one's name is among its
                    # supertypes' names: most methods are ruled out so, without the pair's cache)
                    if (a.__class__ is not DataT or pt.__class__ is not DataT or a.name == pt.name
                            or pt.name in self.reg.ancestor_names(a.name)) and self.reg.issub_closed(a, pt):
                        continue
                elif self.reg.issub(a, pt, env, free):
                    continue
                if isinstance(a, VarT) and a.concrete:
                    # a static parameter of the caller (concrete per call, its value not known here):
                    # a method for some of the types it may be may apply
                    if self.reg.may_intersect(a.ub, pt.ub if isinstance(pt, VarT) else pt):
                        uncertain = True
                        continue
                elif isinstance(a, DataT):
                    # an abstract static argument type: methods for its subtypes may apply
                    pt_plain = pt.ub if isinstance(pt, VarT) else pt
                    is_abstract, anonymous, partial = fact(i, a)
                    if is_abstract and self.reg.issub(pt_plain, a):
                        uncertain = True
                        abstract_arg = True
                        continue
                    if anonymous and isinstance(pt_plain, DataT) and \
                            self.reg.issub(self.reg.apply(a.name, []), self.reg.apply(pt_plain.name, [])):
                        uncertain = True   # a parameter of unknown name (`SymTridiagonal{Float64, #}`) may fit
                        continue
                    if partial and self.reg.may_intersect(a, pt_plain):
                        uncertain = True   # `SubArray{Symbol}`, its other parameters not known, may fit
                        continue
                if vague[i]:
                    uncertain = True
                    continue
                ok = False
                break
            if not ok:
                continue
            score = sum(self.reg.depth(pt) if isinstance(pt, DataT) else 0 for pt, _ in pats)
            (maybe if uncertain else definite).append((score, owner, meth, pats))
        if definite:
            best = self._most_specific(definite, n)
            if best[1]._patterns(best[2])[5]:
                # SimpleTraits' `@traitfn`: methods of one signature, one per trait value, of which
                # the trait of the argument's type picks one
                sig = [pt for pt, _ in best[3]]
                siblings = [c for c in definite if c is not best and c[1]._patterns(c[2])[5]
                            and [pt for pt, _ in c[3]] == sig]
                if siblings:
                    picked = self._trait_pick([best, *siblings], args)
                    if picked is None:
                        return None, [(c[1], c[2]) for c in (best, *siblings)], abstract_arg
                    best = picked
            # a method that only may apply (an argument's type is not known well enough) and is not
            # less specific than the chosen one may be the one Julia calls
            rivals = [m for m in maybe if not self._covers(m, best, n)]
            if not rivals:
                return (best[1], best[2]), [], abstract_arg
            return None, [(owner, meth) for _, owner, meth, _ in [best, *rivals]], abstract_arg
        if not maybe:
            return NO_METHOD
        return None, [(owner, meth) for _, owner, meth, _ in maybe], abstract_arg

    def _trait_pick(self, cands: list, args: list[JType]):
        """Of a `@traitfn`'s methods of one signature, the one for the trait the argument's type has
        (`g::::IsDirected` or `g::::(!IsDirected)`), as SimpleTraits dispatches: the trait holds for
        a type where the function its `@traitimpl Trait{X} <- f(X)` names returns true for that type
        (a constant `constant_result` finds: `is_directed(::Type{<:SimpleGraph}) = false`). None
        where that cannot be told."""
        picked = None
        for cand in cands:
            owner, meth = cand[1], cand[2]
            marked = [(i, p) for i, p in enumerate(meth.params) if p.trait and p.trait_node is not None]
            if len(marked) != 1 or marked[0][0] >= len(args) or owner.package is None:
                return None
            i, param = marked[0]
            written = owner.text(param.trait_node).replace(" ", "")
            while written.startswith("(") and written.endswith(")"):
                written = written[1:-1]
            function = owner.package.traits.get(written.lstrip("!"))
            arg = args[i]
            if function is None or not isinstance(arg, DataT) or self.reg.is_concrete(arg) is not True:
                return None
            holds = self.constant_result(function, [TypeT(arg)], 0)
            if holds is None:
                return None
            if holds != written.startswith("!"):
                if picked is not None:
                    return None
                picked = cand
        return picked

    @staticmethod
    def _partial(t: DataT) -> bool:
        """Whether some of `t`'s parameters are not known (`SubArray{Symbol}`)."""
        return any(is_wildcard(p) for p in t.params)

    def _most_specific(self, cands: list, n: int):
        """The candidate whose signature is a subtype of every other's at the `n` argument
        positions (Julia's specificity); when there is no single one, the deepest declared types."""
        if len(cands) > 1:
            def sig(pats):
                return [self._plain(pats[i][0] if i < len(pats) else pats[-1][0]) for i in range(n)]
            def diagonal(pats) -> int:
                # positions whose types name a `where` variable another position names too
                # (`f(x::T, y::T)`, `f(v::Vector{T}, x::T)`): the signature is then a subtype of the
                # one without that constraint (`f(v::Vector{T}, x::Real)`)
                names = [_static_params_of([pats[i]]) if i < len(pats) else set() for i in range(n)]
                return sum(1 for i, mine in enumerate(names)
                           if any(mine & other for j, other in enumerate(names) if j != i))
            sigs = [(sig(c[3]), c[2].max_args == float("inf"), diagonal(c[3])) for c in cands]

            def at_least(s, va, dg, t, tva, tdg) -> bool:
                # a subtype at each position; where the types are the same at every position, a
                # vararg method loses to one without (`f(x::Int)` beats `f(xs::Int...)`), and one
                # whose positions share a variable beats one whose do not (`f(x::T, y::T)`)
                if not all(self.reg.issub(x, y) for x, y in zip(s, t, strict=True)):
                    return False
                if any(not self.reg.issub(y, x) for x, y in zip(s, t, strict=True)):
                    return True
                if va != tva:
                    return not va
                return dg >= tdg

            best = [c for c, (s, va, dg) in zip(cands, sigs, strict=True)
                    if all(at_least(s, va, dg, t, tva, tdg) for t, tva, tdg in sigs)]
            if len(best) == 1:
                return best[0]
            if best:
                # alike at these positions (`f(ps::Pair{K,V}...) where {K,V}` and `f(ps::Pair...)`
                # for one Pair): the one that constrains its arguments by more variables, whose
                # tuple of argument types is the smaller
                return sorted(best, key=lambda c: (-c[0], -len(_static_params_of(c[3]))))[0]
        ranked = sorted(cands, key=lambda c: (c[2].max_args == float("inf"), -c[0]))
        return ranked[0]

    def curly_match(self, meth: MethodDef, curly) -> tuple[dict, bool] | None:
        """How a call `T{P...}(x)` meets a method defined as `T{A...}(...) where {...}`: (the
        where-variables the call's parameters bind, whether the method only may be the one for
        those parameters), or None when it is not (another count of parameters, a bound or a fixed
        parameter the call's does not meet)."""
        if meth.curly is None or len(meth.curly.children) < 2:
            return None
        nodes = args_of(meth.curly.children[1])
        if len(nodes) < len(curly) and all(is_wildcard(c) for c in curly[len(nodes):]):
            curly = curly[:len(nodes)]   # `Fill{T, N}(x, sz)`: the type's other parameters not written
        if len(nodes) != len(curly):
            return None
        _, _, scope = self.method_param_types(meth, [])
        bound: dict = {}
        uncertain = False
        for node, value in zip(nodes, curly, strict=True):
            name = self.text(node) if node.kind == "NAME" else None
            if name in scope:
                ub = scope[name].ub
                if isinstance(value, JType):
                    if is_concrete_var(value) and (ub is ANY or self.reg.issub(value.ub, ub)):
                        # a type known only as concrete within the bound (an argument's, `T` of a
                        # call `SimpleEdge{T}(p)` in a method of `g::SimpleGraph{T}`): it binds the
                        # method's variable, as a concrete type would
                        bound[name] = value
                        continue
                    if value is UNKNOWN or is_wildcard(value) or is_arg_type(value):
                        uncertain = True
                        continue
                    if ub is not ANY and not self.reg.issub(value, ub):
                        if isinstance(value, VarT) or self.reg.is_concrete(value) is not True:
                            uncertain = True
                            continue
                        return None
                elif ub is not ANY:
                    uncertain = True   # a value parameter (`Val{3}`-like) against a type bound
                    continue
                if name in bound and bound[name] != value:
                    if isinstance(value, JType) and not is_known(value) or \
                            isinstance(bound[name], JType) and not is_known(bound[name]):
                        uncertain = True
                        continue
                    return None   # `SizedArray{S,T,N,N}` is not the one of `SizedArray{S,T,2,1}`
                bound[name] = value
                continue
            fixed = self.conv.param(node, scope)
            if fixed == value:
                continue
            if not isinstance(value, JType) or not isinstance(fixed, JType) or fixed is UNKNOWN:
                if isinstance(value, JType) and (value is UNKNOWN or isinstance(value, VarT)):
                    uncertain = True
                    continue
                return None
            if isinstance(value, VarT) or value is UNKNOWN or is_wildcard(value) or is_arg_type(value):
                uncertain = True
                continue
            return None
        return bound, uncertain

    def curly_bindings(self, meth: MethodDef, curly) -> dict:
        if curly is None:
            return {}
        match = self.curly_match(meth, curly)
        return match[0] if match is not None else {}

    def _covers(self, wide, narrow, n: int) -> bool:
        """Whether candidate `wide`'s signature holds `narrow`'s at every one of the `n` positions (so
        `wide` is never the more specific of the two)."""
        def at(pats, i):
            return self._plain(pats[i][0] if i < len(pats) else pats[-1][0])
        return all(self.reg.issub(at(narrow[3], i), at(wide[3], i)) for i in range(n))

    @staticmethod
    def _plain(t: JType) -> JType:
        return t.ub if isinstance(t, VarT) else t

    def infer_in(self, owner, meth: MethodDef, args: list[JType], kwargs: dict, curly=None,
                 consts: tuple = ()) -> JType:
        """`infer_method` in the interpreter of the method's own file. From the labelled file into the
        package's other files, one call of the labelled file is one unit of work there (its
        `Ledger` root), started at the labelled file's call depth; between those files, the call
        depth carries across."""
        if curly is not None:
            curly = tuple(without_closure_ids(c) if isinstance(c, JType) else c for c in curly)
        if consts:
            consts = owner.constants_for(meth, consts)
        if owner is self:
            return self.own_result(self.infer_method(meth, args, kwargs, curly=curly, consts=consts), args, curly)
        if owner.package.summary.name != self.package.summary.name:
            return self.infer_in_dependency(owner, meth, args, kwargs, curly, consts)
        depth = owner.call_depth
        owner.call_depth = self.call_depth
        root = self.ledger is None and owner.ledger is not None
        # closures are known by their file's interpreter only
        args = [without_closure_ids(a) for a in args]
        kwargs = {k: without_closure_ids(v) for k, v in kwargs.items()}
        try:
            r = owner.infer_method(meth, args, kwargs, curly=curly, consts=consts)
        except RecursionError:
            if not root:
                raise
            owner.program.reset()  # Python's stack ran out part-way: nothing half-done is kept
            r = UNKNOWN
        finally:
            owner.call_depth = depth
            if root:
                owner.ledger.end_root()
        r = without_closure_ids(r)   # a closure of the other file is called there only
        # the callee's own static parameters the call did not bind mean nothing here (a `T` of
        # `SimpleEdge{T}(p) where T` left open is not the caller's `T`)
        r = self.for_caller(r, args, curly) if root else self.own_result(r, args, curly)
        # "always throws" from another file is not trusted to cut the caller's code short
        return UNKNOWN if r is BOTTOM else r

    def infer_in_dependency(self, owner, meth: MethodDef, args: list[JType], kwargs: dict, curly=None,
                            consts: tuple = ()) -> JType:
        """A call into a package this one uses: inferred there from scratch (call depth 0, nothing
        kept but what depends on the method and the argument types alone), so the result is the
        same wherever and whenever the call is made."""
        ledger = owner.ledger
        depth = owner.call_depth
        ledger.new_file()
        owner.call_depth = 0
        args = [without_closure_ids(a) for a in args]
        kwargs = {k: without_closure_ids(v) for k, v in kwargs.items()}
        try:
            r = owner.infer_method(meth, args, kwargs, curly=curly, consts=consts)
        except RecursionError:
            owner.program.reset()  # Python's stack ran out part-way: nothing half-done is kept
            r = UNKNOWN
        finally:
            owner.call_depth = depth
            ledger.new_file()
            ledger.end_root()
        r = without_closure_ids(r)   # a closure of the dependency is called there only
        return self.for_caller(r, args, curly) if r is not BOTTOM else UNKNOWN

    @staticmethod
    def own_result(t: JType, args: list, curly) -> JType:
        """A method's result as its caller sees it: the method's own static parameters that the
        call did not bind (not named in the arguments) are anonymous, concrete per call, or UNKNOWN
        where one may be abstract (see `_anonymous_vars`); they mean nothing in the caller."""
        if not isinstance(t, JType) or not has_vars(t):
            return t
        passed: set = set()
        for a in (*args, *(curly or ())):
            if isinstance(a, JType):
                mentions(a, lambda x: isinstance(x, VarT) and passed.add(x) is not None)
        return _anonymous_vars(t, passed)

    def for_caller(self, t: JType, args: list, curly) -> JType:
        """A type inferred in another file, as the caller may use it: UNKNOWN unless `exact_enough`
        or a `fixed_bound`; the callee's own static parameters in it (not bound by the call: they
        mean nothing in the caller) become anonymous, concrete per call as Julia specialises
        (`Vector{Vector{T}}` is a concrete type of unknown name), or UNKNOWN if one may be
        abstract."""
        if not (self.exact_enough(t) or fixed_bound(t)):
            return UNKNOWN
        return self.own_result(t, args, curly)

    def exact_enough(self, t: JType) -> bool:
        """Whether a type inferred in the package's other files is one to label a call with as it
        is: concrete, a static parameter, or a union of concrete types."""
        if not isinstance(t, JType):
            return False
        if is_concrete_var(t) or isinstance(t, TypeT):
            return True
        if isinstance(t, UnionT):
            return all(self.exact_enough(m) for m in t.members)
        return self.reg.is_concrete(t) is True

    def infer_method(self, meth: MethodDef, args: list[JType], kwargs: dict, outer: Frame | None = None,
                     curly: tuple | None = None, consts: tuple = ()) -> JType:
        if meth.generated:
            return UNKNOWN   # the code an `@generated` function makes is not known here
        key = (meth.uid, tuple(args), tuple(sorted(kwargs.items())) if kwargs else (), curly)
        if consts:
            key = (*key, consts)   # constant propagation: inferred apart for these constants
        if outer is not None:
            # a closure's result depends on the frame it closes over (its variables and static
            # parameters), as well as on its arguments (kept only without a ledger, see below)
            if self.ledger is None:
                self.closed_over[id(outer)] = outer
            key = (*key, id(outer))
        ledger = self.ledger
        if ledger is not None and key in self.in_progress:
            # recursion, before any kept result: a worker that kept one from an earlier file must
            # do what a worker that did not does
            self.in_progress[key] = True
            ledger.recursion((self.source_id, key))
            return self.provisional.get(key, BOTTOM)
        if ledger is not None and outer is None:
            at_depth = (key, self.call_depth)
            if (self.source_id, at_depth) in ledger.temp:
                # a tainted result kept for this file, before any kept result: a worker that kept
                # one from an earlier file must do what a worker that did not does
                ledger.taint()
                return ledger.temp[(self.source_id, at_depth)]
            # a kept result is reused only where computing it afresh would give the same
            # (`Ledger.may_reuse`), and costs what it cost then
            # (once per labelled file for a call the file itself makes: `Ledger.charge`)
            lkey = (self.source_id, key)
            kept = self.memo.get(key)
            if (kept is not None and kept[1] <= MAX_CALL_DEPTH - self.call_depth
                    and ledger.may_reuse(kept, self.call_depth, ledger.cost_of(lkey, kept[2]))):
                ledger.reuse(kept[1], lkey, kept[4], self.call_depth)
                ledger.charge(lkey, kept[2])
                return kept[0]
            # one kept at the depth limit is another inference than the one kept whole: the file
            # pays for each (a worker that computed the whole one here and meets the call deeper
            # computes this one, and pays)
            kept = self.memo.get(at_depth)
            paid_as = (self.source_id, at_depth)
            if kept is not None and ledger.may_reuse(kept, self.call_depth, ledger.cost_of(paid_as, kept[2])):
                ledger.reuse(kept[1], lkey, kept[4], self.call_depth, limited=True)
                ledger.charge(paid_as, kept[2])
                return kept[0]
        elif key in self.memo:
            return self.memo[key]
        if meth.ret_node is not None:
            pats, free, scope = self.method_param_types(meth, args)
            env: dict = {}
            for i, a in enumerate(args[:len(pats)]):
                self._bind_static(a, pats[i][0], env, free)
            env.update(self.curly_bindings(meth, curly))
            rt = self.conv.convert(meth.ret_node, {**scope, **{k: v for k, v in env.items() if isinstance(v, JType)}})
            if rt is not UNKNOWN and not is_concrete_var(rt) and not has_free(rt):
                self.memo[key] = rt if ledger is None else (rt, 0, 0, None, NOTHING_REACHED)
                return rt
        if key in self.in_progress:   # (with a ledger, seen at the top)
            self.in_progress[key] = True  # recursion seen
            return self.provisional.get(key, BOTTOM)
        if self.call_depth >= MAX_CALL_DEPTH or self.work > self.work_budget:
            if ledger is not None:
                ledger.limit((self.source_id, key), self.call_depth)
            return UNKNOWN
        if ledger is None:
            result = self._infer_fresh(meth, args, kwargs, outer, key, curly, consts)
            self.memo[key] = result
            return result
        if ledger.spent():  # the labelled file's share of work here is used up
            ledger.taint()
            return UNKNOWN
        depth = self.call_depth
        start = ledger.visits
        at_root = not ledger.stack
        ledger.push((self.source_id, key), depth, self._step(meth, len(args)))
        try:
            result = self._infer_fresh(meth, args, kwargs, outer, key, curly, consts)
        finally:
            tainted, limited, used, footprint = ledger.pop()
        if at_root:   # the file's own call paid for the inference it kept (`Ledger.charge`)
            ledger.computed_at_root((self.source_id, (key, depth)) if limited else (self.source_id, key))
        if outer is not None:
            return result  # a closure: its result depends on the frame it closes over; never kept
        # a closure made by this analysis leaves it without its identity (a later call of it would use
        # whichever frame it closed over last), unless it is sealed: its captures are all it needs
        result = without_closure_ids(result, keep_sealed=True)
        cost = ledger.visits - start
        if tainted:
            ledger.keep_tainted(self.source_id, (key, depth), result)
        elif limited:
            self.memo[(key, depth)] = (result, used, cost, ledger.file_no, footprint)
        else:
            self.memo[key] = (result, used, cost, ledger.file_no, footprint)
        return result

    @staticmethod
    def _step(meth: MethodDef, n_args: int) -> int:
        """The call depth an analysis of `meth` for `n_args` arguments adds: FORWARD_STEP for a
        method that only passes its arguments on, and for a call that leaves positional defaults
        (`f(a, b=1)` called as `f(a)` is Julia's `f(a) = f(a, 1)`), else CALL_STEP."""
        if meth.forwards or (n_args < sum(1 for p in meth.params if not p.vararg) and meth.functor is None
                             and meth.curly is None):
            return FORWARD_STEP
        return CALL_STEP

    def _infer_fresh(self, meth: MethodDef, args: list[JType], kwargs: dict, outer: Frame | None, key,
                     curly: tuple | None = None, consts: tuple = ()) -> JType:
        """Analyze the method for `args`, again while it is recursive and its return type still grows."""
        step = self._step(meth, len(args))
        self.call_depth += step
        result = BOTTOM
        try:
            for _ in range(MAX_RECURSION_ROUNDS):
                self.in_progress[key] = False
                self.provisional[key] = result
                try:
                    done = self.analyze_method(meth, args, kwargs, record=False, outer=outer, curly=curly,
                                               consts=consts)
                    new = done.returns
                    if self.ledger is not None:
                        self.ledger.visits += done.visits
                except Budget:
                    new = UNKNOWN
                    if self.ledger is not None:
                        self.ledger.visits += METHOD_BUDGET
                except RecursionError:
                    new = UNKNOWN
                    if self.ledger is not None:
                        self.ledger.taint()  # Python's stack depends on where the call was made
                recursed = self.in_progress.pop(key)
                if not recursed or new == result:
                    result = new
                    break
                result = self.join(result, new)
        finally:
            self.call_depth -= step
            self.provisional.pop(key, None)
        return result

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
                kw[p.name] = t if self.reg.is_concrete(t) else arg_type(p.name, t if t is not UNKNOWN else ANY)
            else:
                kw[p.name] = arg_type(p.name)
        return args, kw

    def _declared_param_type(self, p: Param, static: dict) -> JType:
        if p.type_node is None:
            t = arg_type(p.name or "_")
        else:
            ann = self.conv.convert(p.type_node, static)
            if ann is UNKNOWN:
                t = arg_type(p.name or "_")
            elif self.reg.is_concrete(ann) or isinstance(ann, VarT) or isinstance(ann, TypeT):
                t = ann
            else:
                t = arg_type(p.name or "_", ann)
        if p.vararg:
            return DataT("Tuple", (DataT("Vararg", (t,)),))
        return t

    def _bind_static(self, a: JType, pt: JType, bound: dict, free) -> None:
        """Bind the static parameters `free` that matching argument type `a` to `pt` fixes. Of an
        argument's unknown concrete type (`g::SimpleGraph` passed on: some `SimpleGraph{X}`), a
        parameter its bound leaves open is fixed per call as Julia specialises (`T` of
        `nv(g::AbstractSimpleGraph{T})` is the X of that call): concrete per call, not a wildcard."""
        if not is_arg_type(a):
            fresh = isinstance(pt, VarT) and pt.name in free and pt.name not in bound
            self.reg.issub(a, pt, bound, free)
            if fresh and bound.get(pt.name) == a and isinstance(a, (DataT, UnionT)) and \
                    self.reg.is_concrete(a) is False:
                # `f(x::G) where G` given an `x` of an abstract static type: G is the type of the
                # value at run time, some subtype of it, not that abstract type
                bound[pt.name] = wildcard(a)
            return
        mine: dict = {}
        self.reg.issub(a, pt, mine, free)
        for k, v in mine.items():
            if k in bound:
                continue
            bound[k] = VarT(k, v.ub, True) if is_wildcard(v) else v

    def _narrower(self, arg, ub: JType) -> JType:
        """The bound of a static parameter that an argument of an unknown concrete type fixes
        (`zero(g::G) where {G<:AbstractGraph}` given a `g` that is some SimpleGraph: G<:SimpleGraph),
        where that argument's bound is the narrower; else the declared `ub`."""
        if is_arg_type(arg) and arg.ub is not ANY and isinstance(arg.ub, DataT) and self.reg.issub(arg.ub, ub):
            return arg.ub
        return ub

    def static_bindings(self, meth: MethodDef, args: list[JType], call: bool = True) -> dict:
        """The static parameters of `meth` that `args` bind (`_bind_static`), a vararg's from every
        argument it takes (`ps::Pair{K,V}...` binds K, V from every one), and for a `call` (not the
        method's declared types) the count of a `Vararg{T, N}` (N, an Int)."""
        pats, free, _ = self.method_param_types(meth, args)
        bound: dict = {}
        for i, a in enumerate(args):
            pt, p = pats[min(i, len(pats) - 1)] if pats else (None, None)
            if p is not None and (i < len(pats) or p.vararg):
                self._bind_static(a, pt, bound, free)
        last = pats[-1][1] if pats else None
        if call and last is not None and last.vararg and last.count_node is not None and \
                last.count_node.kind == "NAME":
            count = self.text(last.count_node)   # `sz::Vararg{Integer, N}`: N is how many it takes
            if count in free and count not in bound and len(args) >= len(pats) - 1:
                bound[count] = len(args) - (len(pats) - 1)
        return bound

    def analyze_method(self, meth: MethodDef, args: list[JType], kwargs: dict, record: bool,
                       outer: Frame | None = None, curly: tuple | None = None, consts: tuple = ()) -> Frame:
        frame = Frame(meth, record=record, outer=outer, budget=LABELLED_CODE_BUDGET if record else METHOD_BUDGET)
        if consts:
            frame.constants = self._bound_constants(meth, consts)
        if not record:
            # a default the call leaves in place is a constant too (`view::Bool=false`)
            frame.constants.update(self._default_constants(meth, len(args), kwargs))
        pats, free, scope = self.method_param_types(meth, args)
        env: dict = {}
        bound = self.static_bindings(meth, args, call=not record)
        bound.update(self.curly_bindings(meth, curly))
        # a closure sees the static parameters of the methods around it
        frame.typevars = {**(outer.typevars if outer is not None else {}),
                          **{k: (bound[k] if isinstance(bound.get(k), JType) and not is_arg_type(bound[k])
                                 # a value parameter (`N` of `AbstractArray{T, N}`): the value itself
                                 else bound[k] if isinstance(bound.get(k), int)
                                 # the caller's own unknown concrete type, where its bound is the
                                 # narrower: a result that names it means it to the caller too
                                 else bound[k] if is_arg_type(bound.get(k)) and self._narrower(bound[k], v.ub) == bound[k].ub
                                 else VarT(k, self._narrower(bound.get(k), v.ub), True))
                             for k, v in scope.items()}}
        if meth.curly is not None or meth.name in self.defs.structs:
            frame.struct_type = self._struct_type_for(meth, frame)
        frame.boxed = self._per_method(self.boxed, meth, self.boxed_variables)
        # bind positional arguments
        defaulted: list | None = None   # every positional argument, where the call left defaults
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
                if defaulted is None:
                    defaulted = list(args[:i])
            else:
                t = UNKNOWN
            if defaulted is not None and i >= len(args) and not p.vararg:
                defaulted.append(t)
            if p.type_node is not None and record:
                self.label_type_expr(p.type_node, frame)
            if p.default is not None and record:
                self.expr(p.default, dict(env), frame)
            if p.name is not None:
                b = self._bind_argument(frame, env, p.name, t)
                if p.name_node is not None:
                    view = self._label_view(t)
                    self.put(frame, p.name_node, BOX if b.boxed else view, F_DEFINITION | (F_BOXED if b.boxed else 0),
                             3 if b.boxed else (1 if t is not UNKNOWN else None))
            elif p.destructure is not None and not p.vararg:
                # `_add((x1, x2)::Tuple{<:Real, <:Real}, ...)`: the argument is unpacked as `(x1, x2) = arg`
                env = self.assign_target(p.destructure, self._unpacked_argument(t), env, frame, 0)
        for p in meth.kwparams:
            if p.name is None:
                continue
            if p.vararg and not record:
                t = self._keyword_splat(meth, kwargs)
            elif p.name in kwargs:
                t = kwargs[p.name]
            elif p.type_node is not None:
                t = self.conv.convert(p.type_node, frame.typevars)
                dt = self.expr(p.default, dict(env), frame)[0] if p.default is not None and not record and \
                    self.reg.is_concrete(t) is not True else UNKNOWN
                if is_known(dt) and self.reg.is_concrete(dt) is True and (t is UNKNOWN or self.reg.issub(dt, t)):
                    t = dt   # a keyword the call leaves out is its default (`dims::Union{Colon, Int}=:`)
                elif not self.reg.is_concrete(t):
                    t = arg_type(p.name, t if t is not UNKNOWN else ANY)
            elif p.default is not None:
                t, _ = self.expr(p.default, dict(env), frame)
            else:
                t = arg_type(p.name)
            if record and p.type_node is not None:
                self.label_type_expr(p.type_node, frame)
            if record and p.default is not None and (p.type_node is not None or p.name in kwargs):
                self.expr(p.default, dict(env), frame)
            self._bind_argument(frame, env, p.name, t)
            if p.name_node is not None:
                self.put(frame, p.name_node, self._label_view(t), F_DEFINITION, 1 if t is not UNKNOWN else None)
        if record:
            if meth.qualified is not None:  # `function Base.show(...)`
                label_module_heads(self, meth.qualified, frame)
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
        if defaulted is not None and not record and self._redispatches(meth, defaulted):
            # `f(a, b=1) = body` defines `f(a) = f(a, 1)`: the call with the defaults filled in
            # is dispatched again, to the most specific method of the full arity
            qualified = f"{meth.owner}.{meth.name}" if meth.owner else None
            frame.returns = self.call_named(meth.name, defaulted, kwargs, frame, qualified=qualified,
                                            consts=self._passed_constants(meth, len(args), frame))
            return frame
        body = meth.body
        if body is None:
            frame.returns = UNKNOWN
            return frame
        # inferred for its result alone, and with no declared return type, the analysis ends at the
        # first `return` of an unknown type: the result is then unknown whatever the rest returns
        frame.ends_unknown = not record and meth.ret_node is None
        try:
            if body.kind == "BLOCK":
                val, out_env = self.block(body, env, frame)
            else:
                val, out_env = self.expr(body, env, frame)
        except (Budget, RecursionError, ResultUnknown):
            frame.returns = UNKNOWN
            return frame
        if out_env is not None:
            frame.returns = self.join(frame.returns, val)
        if meth.ret_node is not None:
            rt = self.conv.convert(meth.ret_node, frame.typevars)
            if rt is not UNKNOWN:
                frame.returns = rt
        return frame

    def _unpacked_argument(self, t: JType) -> JType:
        """The type a destructuring argument is unpacked from: an argument of a declared tuple type
        (`Tuple{<:Real, <:Real}`) holds values each of one concrete type per call, bound by the
        element's declared type."""
        ub = t.ub if is_arg_type(t) else t
        if not (isinstance(ub, DataT) and ub.name == "Tuple" and ub.params) or any(
                isinstance(q, DataT) and q.name == "Vararg" for q in ub.params):
            return t
        return DataT("Tuple", tuple(
            q if self.reg.is_concrete(q) is True or is_concrete_var(q) else arg_type("", q.ub if isinstance(q, VarT) else q)
            for q in ub.params))

    @staticmethod
    def _bind_argument(frame: Frame, env: dict, name: str, t: JType) -> Binding:
        """Bind an argument of the method being analysed to its type (assigned once, on entry)."""
        b = Binding(name, is_arg=True, boxed=name in frame.boxed)
        b.whole = t
        b.n_assign = 1
        frame.bindings[name] = b
        env[name] = t
        return b

    def _struct_type_for(self, meth: MethodDef, frame: Frame) -> JType | None:
        if meth.curly is not None:
            return self.conv.convert(meth.curly, frame.typevars)
        sd = self.defs.structs.get(meth.name)
        if sd is None:
            return None
        return self.reg.apply(sd.name, [frame.typevars.get(self.text(p), WILD) for p, _ in sd.params])

    def constants_for(self, meth: MethodDef, consts: tuple) -> tuple:
        """The call's constant arguments that `meth` may branch on: those bound to a parameter it
        tests in a condition or reads a field by (`getfield(x, f)`) and never assigns. The others
        would only make more inferences that give the same."""
        used = self.constant_parameters(meth)
        if not used:
            return ()
        names = _positional_names(meth)
        out = []
        for slot, value in consts:
            name = names.get(slot) if isinstance(slot, int) else slot
            if name in used and (isinstance(slot, int) or any(p.name == slot for p in meth.kwparams)):
                out.append((slot, value))
        return tuple(out)

    @staticmethod
    def _bound_constants(meth: MethodDef, consts: tuple) -> dict:
        names = _positional_names(meth)
        return {names[slot] if isinstance(slot, int) else slot: value for slot, value in consts}

    def _keyword_splat(self, meth: MethodDef, kwargs: dict) -> JType:
        """`kw...` of a call: the keywords no other keyword parameter takes, in the call's order, as
        `Base.Pairs{Symbol, V, NTuple{N, Symbol}, NamedTuple{names, T}}` (`pairs` of their
        NamedTuple, V its element type)."""
        named = {p.name for p in meth.kwparams if not p.vararg}
        rest = [(k, v) for k, v in kwargs.items() if k not in named]
        types = [v for _, v in rest]
        if any(not is_known(v) or is_concrete_var(v) or isinstance(v, VarT) for v in types):
            return UNKNOWN
        nt = DataT("NamedTuple", (tuple(SymbolValue(k) for k, _ in rest), make_tuple(types)))
        elt = BOTTOM
        for v in types:
            elt = v if elt is BOTTOM else self.reg.typejoin(elt, v)
        return DataT("Base.Pairs", (SYMBOL, elt, make_tuple([SYMBOL] * len(rest)), nt))

    def _passed_constants(self, meth: MethodDef, n_args: int, frame: Frame) -> tuple:
        """The constants of a call that `meth` passes on with its defaults filled in: those it was
        given, and the literal defaults (`view::Bool=false`)."""
        out = []
        for i, p in enumerate(meth.params):
            if p.vararg:
                break
            value = frame.constants.get(p.name) if i < n_args else literal_constant(p.default, self.text) \
                if p.default is not None else None
            if value is not None:
                out.append((i, value))
        out.extend((p.name, frame.constants[p.name]) for p in meth.kwparams if p.name in frame.constants)
        return tuple(out)

    def _redispatches(self, meth: MethodDef, full: list) -> bool:
        """Whether a call of `meth` that left positional defaults is dispatched again with them (a
        method of the file's own top-level function, every default's type known)."""
        if meth.functor is not None or meth.curly is not None or meth.generated:
            return False
        if not any(m is meth for m in self.defs.methods.get(meth.name, ())):
            return False   # a local function, a closure
        if any(not is_known(t) for t in full):
            return False
        return len(full) == sum(1 for p in meth.params if not p.vararg)

    def _default_constants(self, meth: MethodDef, n_args: int, kwargs: dict) -> dict:
        used = self.constant_parameters(meth)
        if not used:
            return {}
        out = {}
        for i, p in enumerate(meth.params):
            if i >= n_args and p.name in used and p.default is not None:
                value = literal_constant(p.default, self.text)
                if value is not None:
                    out[p.name] = value
        for p in meth.kwparams:
            if p.name in used and p.name not in kwargs and p.default is not None:
                value = literal_constant(p.default, self.text)
                if value is not None:
                    out[p.name] = value
        return out

    @staticmethod
    def _per_method(cache: dict, meth: MethodDef, work_out):
        """`work_out(meth)`, kept in `cache` under the method's uid (with the method, as uids are a
        file's own) and worked out once per method."""
        cached = cache.get(meth.uid)
        if cached is None or cached[1] is not meth:
            cached = cache[meth.uid] = (work_out(meth), meth)
        return cached[0]

    def constant_parameters(self, meth: MethodDef) -> frozenset:
        """The parameters of `meth` that a condition tests or `getfield` reads a field by, and that
        the body never assigns (worked out once per method)."""
        return self._per_method(self._constant_params, meth, self._constant_parameters)

    def _constant_parameters(self, meth: MethodDef) -> frozenset:
        params = {p.name for p in (*meth.params, *meth.kwparams) if p.name is not None and not p.vararg}
        used: set = set()
        assigned: set = set()
        if meth.body is not None and params:
            for n in meth.body.walk():
                kind = n.kind
                if kind == "ASSIGNMENT_EXPR" and n.children:
                    assigned.update(self.text(tn) for tn, _ in assigned_names(n.children[0]))
                elif kind == "FOR_BINDING" and n.children:
                    assigned.update(self.text(tn) for tn, _ in assigned_names(n.children[0]))
                elif kind in ("CONDITION", "TERNARY_EXPR") or (
                        kind == "CALL_EXPR" and n.children and self.text(n.children[0]) in ("getfield", "Core.getfield")):
                    part = n.children[0] if kind == "TERNARY_EXPR" and n.children else n
                    used.update(self.text(m) for m in part.walk() if m.kind == "NAME" and self.text(m) in params)
                elif kind == "ARG_LIST":
                    used.update(name for name in _passed_names(n, self.text) if name in params)
        return frozenset(used - assigned)

    def surely_throws(self, meth: MethodDef) -> bool:
        """Whether every call of `meth` throws, whatever its argument types: its body has no `return`
        and ends in a call of one of Base's functions that never return (`THROWING_FUNCTIONS`), which
        neither the package nor the file names a function of its own (a package's fallback
        `f(x) = error("not implemented")`). Worked out once per method."""
        return self._per_method(self._throws, meth, self._surely_throws)

    def _surely_throws(self, meth: MethodDef) -> bool:
        body = meth.body
        if body is None or meth.generated:
            return False
        last = body
        if body.kind == "BLOCK":
            stmts = [c for c in body.children if c.kind not in TRIVIAL and c.kind not in ("END_KW", "BEGIN_KW")]
            last = stmts[-1] if stmts else None
        if last is None or last.kind != "CALL_EXPR" or not last.children:
            return False
        callee = self.text(last.children[0])
        own = self.package.functions if self.package is not None else ()
        plain = callee.rsplit(".", 1)[-1]
        return (callee in THROWING_FUNCTIONS and plain not in own and plain not in self.defs.methods
                and not any(n.kind == "RETURN_EXPR" for n in body.walk()))

    def boxed_variables(self, meth: MethodDef) -> frozenset:
        """Locals captured by a closure and assigned more than once (or inside it): Core.Box."""
        return boxed_names(meth.body, [p.name for p in meth.params + meth.kwparams if p.name], self.text)

    def _closure_params(self, node: Node) -> set:
        return closure_param_names(node, self.text)

    def captured_names(self, meth: MethodDef) -> tuple:
        """The names a closure's body uses that are not its own parameters (sorted, worked out once)."""
        cached = self._captured.get(meth.uid)
        if cached is not None and cached[1] is meth:
            return cached[0]
        params = self._closure_params(meth.node)
        names = set()
        for part in (meth.body, *(p.default for p in meth.params if p.default is not None)):
            if part is not None:
                names.update(self.text(n) for n in part.walk() if n.kind == "NAME")
        out = tuple(sorted(names - params))
        self._captured[meth.uid] = (out, meth)
        return out

    def closure_type(self, name: str, meth: MethodDef, frame: Frame | None) -> FuncT:
        """The type of closure `meth` made in `frame`. As Julia's closure types, it holds the types
        of what it captures (the outer variables and static parameters its body names), so a method
        it is passed to is inferred for each (`(r, i) -> rand(r, T, i)` of `T = Float32` is not that
        of `T = Float64`), and a call of it analyses it in the frame it was made in."""
        captures = []
        sealed = frame is not None and not _in_constructor(frame)
        if frame is not None:
            for n in self.captured_names(meth):
                t = self.bound_from(n, frame)
                if t is None and n in frame.typevars:
                    t = static_parameter_value(frame.typevars[n])
                    sealed = False
                elif t is ANY or (t is not None and mentions(t, is_unsealed_closure)) or _constant_in(n, frame):
                    sealed = False   # boxed (or Any), a closure that needs its own frame, or a constant
                if t is not None:
                    captures.append((n, t))
        ft = FuncT(name, True, None, tuple(captures), sealed)
        self.frames_of_closures()[ft] = frame
        return ft

    def sealed_frame(self, f: FuncT) -> Frame:
        """The frame a sealed closure is analysed in once the one it was made in is gone: its
        captured variables bound to their captured types (one per closure type, kept)."""
        frame = self.sealed_frames.get(f)
        if frame is None:
            frame = Frame(None, record=False)
            for n, t in f.captures:
                frame.bindings[n] = Binding(n, whole=t, n_assign=1)
            self.sealed_frames[f] = frame
        return frame

    def frames_of_closures(self) -> dict:
        """A closure's FuncT -> the frame it was made in. With a ledger, for the labelled file's
        analysis only: no kept result holds a closure's identity (`without_closure_ids`)."""
        if self.ledger is not None and self._closure_frames_file != self.ledger.file_no:
            self.closure_frames.clear()
            self._closure_frames_file = self.ledger.file_no
        return self.closure_frames

    def register_closure(self, meth: MethodDef, outer: Frame | None) -> None:
        """Record a local method or anonymous function and the frame it closes over."""
        self.closures[meth.uid] = meth
        self.closure_outers[meth.uid] = outer

    def lambda_def(self, node: Node, frame: Frame) -> MethodDef | None:
        """A MethodDef for an anonymous function `x -> body` / `(a, b) -> body` / do-block."""
        uid = -(node.start + 1)
        cached = self.closures.get(uid)
        if cached is not None:
            return cached
        kind = node.kind
        params: list[Param] = []
        kwparams: list[Param] = []
        body = None
        if kind == "ARROW_EXPR" and len(node.children) >= 3:
            head, body = node.children[0], node.children[-1]
            if head.kind == "TUPLE_EXPR" or head.kind == "PAREN_EXPR":
                for c in head.children:
                    if c.kind == "ARG" and c.children:
                        params.append(param_of(c.children[0], self.data))
                    elif c.kind == "KEYWORD_ARG":
                        params.append(param_of(c, self.data))
                    elif c.kind == "PARAMETERS":
                        for k in c.children:
                            if k.kind in ("ARG", "KEYWORD_ARG"):
                                p = param_of(k.children[0] if k.kind == "ARG" and k.children else k, self.data)
                                p.keyword = True
                                kwparams.append(p)
            else:
                params.append(param_of(head, self.data))
        elif kind == "DO_EXPR":
            dp = node.child("DO_PARAMS")
            if dp is not None:
                for c in dp.children:
                    if c.kind in TRIVIAL:
                        continue
                    if c.kind == "TUPLE_EXPR" and len(dp.children) == 1:
                        for cc in args_of(c):
                            params.append(param_of(cc, self.data))
                    else:
                        params.append(param_of(c, self.data))
            body = node.child("BLOCK")
        else:
            return None
        meth = MethodDef("#lambda", node, None, params, kwparams, [], None, body, uid=uid)
        self.closures[uid] = meth
        return meth
