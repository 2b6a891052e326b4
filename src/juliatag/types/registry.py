"""The type registry: declarations and aliases, type construction from source text, supertypes,
depth and concreteness. Subtyping is in `subtyping.py`, joins and meets in `lattice.py`.

`BASE` holds Core/Base/stdlib declarations read from `data/base_types.jl`. The analyzer layers
a `TypeRegistry(parent=BASE)` per file or package with the code's own `struct`/`abstract type`
declarations, so lookups fall through to Base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .jtypes import (ANY, BOTTOM, UNKNOWN, DataT, FuncT, JType, SymbolValue, TypeT, UnionT, VarT,
                     has_vars, make_union, ordered_members)
from ..schema import MAX_DEPTH
from ..data import read_text
from .jtypes import WILD, is_wildcard, wildcard
from .lattice import ancestors, tmerge, typejoin, typejoin_all
from .subtyping import issub, may_intersect
from .typeexpr import parse_type_ast


# stdlib modules whose names print without their module (they are normally `using`-ed)
_UNQUALIFIED_MODULES = ("LinearAlgebra.", "SparseArrays.", "Dates.", "Random.", "Core.Box")


@dataclass
class TypeDecl:
    name: str                      # display name, e.g. "Int64", "Base.RefValue", "Diagonal"
    params: tuple = ()             # parameter names
    bounds: tuple = ()             # parameter upper bounds (JType)
    super: JType = ANY             # supertype, over VarT(param) placeholders
    kind: str = "struct"           # "abstract" | "struct" | "mutable" | "primitive"
    fields: tuple = ()             # ((name, JType over placeholders), ...)
    user: bool = False             # declared by the analyzed code

    @property
    def is_abstract(self) -> bool:
        return self.kind == "abstract"

    def field_names(self) -> list[str]:
        return [f for f, _ in self.fields]


@dataclass
class TypeAlias:
    name: str
    params: tuple
    target: JType                  # over VarT(param) placeholders
    bounds: tuple = ()             # each parameter's upper bound (`V<:AbstractVector`), ANY if none


def display_name(qualified: str) -> str:
    for prefix in _UNQUALIFIED_MODULES:
        if qualified.startswith(prefix) and prefix.endswith("."):
            return qualified[len(prefix):]
    if qualified.startswith("Core.") and qualified != "Core.Box":
        return qualified[5:]
    return qualified


# how many declarations and aliases have been added to registries that are the parent of another: a
# registry's caches are for the declarations of one count (a child's lookups reach its parents', which
# may grow) and of one count of its own (`_own_generation`: a registry no other reads, a file's, only
# empties its own caches when it grows)
_GENERATION = [0]
SUPERTYPE_CACHE_SIZE = 100_000   # entries a registry keeps of `supertype` (and of each other cache) before it starts afresh


def _kept(cache: dict, key, value):
    """Store `value` in one of a registry's caches (emptied first when it holds SUPERTYPE_CACHE_SIZE
    entries) and return it."""
    if len(cache) >= SUPERTYPE_CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


class TypeRegistry:
    """Named types and aliases; lookups fall through to `parent`."""

    def __init__(self, parent: "TypeRegistry | None" = None):
        self.parent = parent
        if parent is not None:
            parent._is_parent = True
        self._is_parent = False
        self._own_generation = 0
        self._expanding: set = set()   # aliases being expanded (an alias cycle stops there)
        self._user_subtypes: dict = {}  # type name -> whether a package declares a subtype of it
        self._supertypes: dict = {}     # DataT -> `supertype` of it
        self._ancestors: dict = {}      # type name -> `ancestor_names` of it
        self._intersects: dict = {}     # (a, b) -> `may_intersect(a, b)`
        self._subtypes: dict = {}       # (a, b) -> `a <: b`, for a `b` with no pattern variables
        self._depths: dict = {}         # DataT -> `depth` of it
        self._generation = (_GENERATION[0], 0)  # the caches above hold for the declarations of then
        self.decls: dict[str, TypeDecl] = {}
        self.aliases: dict[str, TypeAlias] = {}
        self.names: dict[str, str] = {}  # any spelling -> display name
        # the package's own module names (its name and its submodules'): `P.Inner.G` spells the G
        # declared here
        self.module_names: frozenset = frozenset()

    # ------------------------------------------------------------------ lookup
    def canonical(self, name: str) -> str | None:
        reg: TypeRegistry | None = self
        while reg is not None:
            hit = reg.names.get(name)
            if hit is not None:
                return hit
            reg = reg.parent
        if "." in name:
            hit = self._own_spelling(name)
            if hit is None and name.split(".", 1)[0] in base_submodules():
                hit = base_registry().names.get("Base." + name)   # `Broadcast.DefaultArrayStyle`
            return hit
        return None

    def _own_spelling(self, name: str) -> str | None:
        """The type a name spelt through a package's own modules (`Graphs.SimpleGraphs.SimpleGraph`)
        names, where that package (this registry or a parent) declares it."""
        reg: TypeRegistry | None = self
        while reg is not None:
            if reg.module_names:
                parts = name.split(".")
                for i in range(1, len(parts)):
                    if parts[i - 1] not in reg.module_names:
                        break
                    hit = reg.names.get(".".join(parts[i:]))
                    if hit is not None:
                        return hit
            reg = reg.parent
        return None

    def decl(self, name: str) -> TypeDecl | None:
        reg: TypeRegistry | None = self
        while reg is not None:
            d = reg.decls.get(name)
            if d is not None:
                return d
            reg = reg.parent
        return None

    def alias(self, name: str) -> TypeAlias | None:
        reg: TypeRegistry | None = self
        while reg is not None:
            a = reg.aliases.get(name)
            if a is not None:
                return a
            reg = reg.parent
        return None

    def is_type_name(self, name: str) -> bool:
        return self.canonical(name) is not None

    # ------------------------------------------------------------ declarations
    def _spellings(self, qualified: str, display: str):
        yield qualified
        yield display
        parts = qualified.split(".")
        yield parts[-1] if not qualified.startswith("Base.") or len(parts) == 2 else qualified
        if qualified.startswith("Core.") or qualified.startswith("Base."):
            yield "Base." + parts[-1]
            yield "Core." + parts[-1]

    def _grown(self) -> None:
        self._own_generation += 1
        if self._is_parent:
            _GENERATION[0] += 1

    def add_decl(self, qualified: str, decl: TypeDecl) -> None:
        self._grown()
        self.decls[decl.name] = decl
        for spelling in self._spellings(qualified, decl.name):
            self.names.setdefault(spelling, decl.name)
        self.names[qualified] = decl.name
        self.names[decl.name] = decl.name

    def add_module_prefix(self, module: str) -> None:
        """Make `module.T` name each type and alias declared here (not in the parents): the package's
        own types as code outside the module spells them (`P.Box`)."""
        for name in (*self.decls, *self.aliases):
            self.names.setdefault(f"{module}.{name}", name)

    def add_alias(self, qualified: str, alias: TypeAlias) -> None:
        self._grown()
        self.aliases[alias.name] = alias
        for spelling in self._spellings(qualified, alias.name):
            self.names.setdefault(spelling, alias.name)
        self.names[alias.name] = alias.name

    # ------------------------------------------------------------ construction
    def apply(self, name: str, args: list) -> JType:
        """`Name{args...}` with aliases expanded and missing parameters left free."""
        canon = self.canonical(name)
        if canon is None:
            if name in ("Union",):
                return make_union([a for a in args if isinstance(a, JType)])
            return DataT(name, tuple(args))
        alias = self.alias(canon)
        if alias is not None:
            if canon in self._expanding:  # an alias defined through itself: left as written
                return DataT(canon, tuple(args))
            # a parameter left out is any type within its bound (`AdjOrTransAbsVec` is an Adjoint or
            # Transpose of some AbstractVector)
            mapping = {p: (args[i] if i < len(args) else
                           wildcard(alias.bounds[i]) if i < len(alias.bounds) and alias.bounds[i] is not ANY
                           else WILD) for i, p in enumerate(alias.params)}
            self._expanding.add(canon)
            try:
                target = self.normalize(substitute(alias.target, mapping))
                if not alias.params and args:
                    # `const Graph = SimpleGraph` names the UnionAll: `Graph{UInt8}` fills its free
                    # parameters in order, `SimpleGraph{UInt8}`
                    return self._fill_free(target, list(args))
                return target
            finally:
                self._expanding.discard(canon)
        if canon == "Union":
            return make_union([a for a in args if isinstance(a, JType)])
        if canon == "Type":
            return TypeT(args[0] if args else WILD)
        if canon == "Tuple":
            # the bare name is every tuple type (`x isa Tuple`), written `Tuple{}` only with braces
            return make_tuple(args) if args else ANY_TUPLE
        decl = self.decl(canon)
        if decl is None or canon in ("NamedTuple", "Vararg"):
            return DataT(canon, tuple(args))
        params = list(args[: len(decl.params)])
        given = len(params)
        if given < len(decl.params):
            # a missing parameter is a wildcard bounded as declared, its bound's references to the
            # other parameters replaced by them (`S<:AbstractMatrix{T}` of `UpperHessenberg` is
            # `<:AbstractMatrix` when T is missing too): a declaration's own names never leak
            mapping = {p: (params[j] if j < given else WILD) for j, p in enumerate(decl.params)}
            for i in range(given, len(decl.params)):
                bound = decl.bounds[i] if i < len(decl.bounds) else ANY
                params.append(wildcard(substitute(bound, mapping) if bound is not ANY else ANY))
        return DataT(canon, tuple(params))

    @staticmethod
    def _fill_free(target: JType, args: list) -> JType:
        """`target`'s free (wildcard) parameters given `args`, in order; unknown where it has fewer."""
        if not isinstance(target, DataT):
            return UNKNOWN
        params, rest = list(target.params), list(args)
        for i, p in enumerate(params):
            if rest and is_wildcard(p):
                params[i] = rest.pop(0)
        return DataT(target.name, tuple(params)) if not rest else UNKNOWN

    def normalize(self, t: JType) -> JType:
        """Re-resolve names inside `t` (after substitution) so aliases are expanded."""
        if isinstance(t, DataT):
            params = tuple(self.normalize(p) if isinstance(p, JType) else p for p in t.params)
            if self.alias(t.name) is not None:
                return self.apply(t.name, list(params))
            return DataT(t.name, params)
        if isinstance(t, UnionT):
            return make_union(self.normalize(m) for m in t.members)
        if isinstance(t, TypeT):
            return TypeT(self.normalize(t.of))
        return t

    def from_ast(self, ast, typevars: dict | None = None, where_params: bool = False) -> JType:
        """Build a JType from a `typeexpr` AST. `typevars` maps names to VarT in scope."""
        typevars = typevars or {}
        tag = ast[0]
        if tag == "name":
            name = ast[1]
            if name in typevars:
                return typevars[name]
            if name == "Any":
                return ANY
            if name in ("Union", "Union{}", "Bottom"):
                return BOTTOM
            return self.apply(name, [])
        if tag == "apply":
            name = ast[1]
            args = [self._param_from_ast(a, typevars) for a in ast[2]]
            if name in typevars:
                return UNKNOWN
            if name == "Union":
                return make_union([a for a in args if isinstance(a, JType)])
            if name == "Type":
                return TypeT(args[0] if args else WILD)
            if name == "Tuple":
                return make_tuple(args)
            return self.apply(name, args)
        if tag == "typeof":
            name = ast[1]
            return FuncT(name if not name[:1].isalpha() and name[:1] != "_" else name.split(".")[-1])
        if tag == "sub":
            ub = self.from_ast(ast[2], typevars)
            return wildcard(ub)
        if tag == "sup":
            return WILD
        if tag == "where":
            scope = dict(typevars)
            for v in ast[2]:
                if v[0] == "name":
                    vname, ub = v[1], ANY
                elif v[0] == "sub" and v[1] is not None and v[1][0] == "name":
                    vname, ub = v[1][1], self.from_ast(v[2], scope)
                else:
                    continue
                scope[vname] = VarT(vname, ub, True) if where_params else wildcard(ub)
            return self.from_ast(ast[1], scope, where_params)
        if tag in ("int", "bool", "sym"):
            return UNKNOWN
        return UNKNOWN

    def _param_from_ast(self, ast, typevars):
        tag = ast[0]
        if tag == "int":
            return ast[1]
        if tag == "bool":
            return ast[1]
        if tag == "sym":
            return SymbolValue(ast[1])
        return self.from_ast(ast, typevars)

    def parse(self, text: str, typevars: dict | None = None, where_params: bool = False) -> JType:
        return self.from_ast(parse_type_ast(text), typevars, where_params)

    # --------------------------------------------------------------- hierarchy
    def _fresh_caches(self) -> None:
        """Empty the caches if a declaration was added anywhere since they were filled."""
        if self._generation[0] != _GENERATION[0] or self._generation[1] != self._own_generation:
            self._supertypes.clear()
            self._user_subtypes.clear()
            self._ancestors.clear()
            self._intersects.clear()
            self._subtypes.clear()
            self._depths.clear()
            self._generation = (_GENERATION[0], self._own_generation)

    def generation(self) -> tuple:
        """Changes whenever a declaration is added here or to a registry that is another's parent: what
        was worked out about types for one generation may not hold for another."""
        return (_GENERATION[0], self._own_generation)

    def _answering(self) -> "TypeRegistry":
        """The registry whose caches answer this one's questions about types: itself, or where it
        holds nothing of its own (the registry of a file that declares no type), the nearest parent
        that does, whose answers are the same (so the files of a package share what was worked out)."""
        reg = self
        while reg.parent is not None and not reg.decls and not reg.aliases and not reg.names and not reg.module_names:
            reg = reg.parent
        return reg

    def supertype(self, t: JType) -> JType:
        if isinstance(t, DataT):
            reg = self._answering()
            if reg is not self:
                return reg.supertype(t)
            self._fresh_caches()
            hit = self._supertypes.get(t)
            if hit is not None:
                return hit
            decl = self.decl(t.name)
            if decl is None:
                return ANY if t.name in ("Tuple", "NamedTuple") else UNKNOWN
            if not decl.params:
                out = decl.super
            else:
                mapping = {p: self._bounded(decl, i, t.params[i]) for i, p in enumerate(decl.params)
                           if i < len(t.params)}
                out = self.normalize(substitute(decl.super, mapping))
            return _kept(self._supertypes, t, out)
        if isinstance(t, FuncT):
            return DataT("Function")
        return ANY

    def ancestor_names(self, name: str) -> frozenset:
        """The names of the type `name` and of its supertypes: a `name{...}` is a subtype of a
        `B{...}` only if B's name is among them, whatever the parameters (the chain of supertype
        names is fixed by the declarations)."""
        reg = self._answering()
        if reg is not self:
            return reg.ancestor_names(name)
        self._fresh_caches()
        hit = self._ancestors.get(name)
        if hit is not None:
            return hit
        names = [name]
        cur = self.supertype(DataT(name)) if self.decl(name) is not None else ANY
        for _ in range(32):
            if not isinstance(cur, DataT):
                break
            names.append(cur.name)
            cur = self.supertype(cur)
        out = self._ancestors[name] = frozenset(names)
        return out

    @staticmethod
    def standalone_bound(decl: TypeDecl | None, i: int) -> JType | None:
        """The bound `decl` declares for its parameter `i` where it stands alone (not Any, naming no
        other parameter: the `Integer` of `struct SimpleGraph{T<:Integer}`), else None."""
        if decl is None or i >= len(decl.bounds):
            return None
        b = decl.bounds[i]
        return b if b is not ANY and isinstance(b, JType) and not has_vars(b) else None

    @classmethod
    def _bounded(cls, decl: TypeDecl, i: int, p):
        """Parameter `p` at position `i` of a `decl` type: an unbounded wildcard is bounded as
        declared (`SimpleGraph{<:Any}` is `SimpleGraph{<:Integer}`), where that bound stands alone."""
        if is_wildcard(p) and p.ub is ANY:
            b = cls.standalone_bound(decl, i)
            if b is not None:
                return wildcard(b)
        return p

    def depth(self, t: JType) -> int:
        if t is ANY:
            return 0
        if t is UNKNOWN or t is BOTTOM:
            return -1
        if isinstance(t, UnionT):
            return self.depth(self.typejoin_all(ordered_members(t)))
        if isinstance(t, TypeT):
            return 1
        if isinstance(t, FuncT):
            return 2
        if isinstance(t, VarT):
            return -1
        reg = self._answering()
        if reg is not self:
            return reg.depth(t)
        self._fresh_caches()
        hit = self._depths.get(t)
        if hit is not None:
            return hit
        d = 0
        cur: JType = t
        while cur is not ANY:
            cur = self.supertype(cur)
            if cur is UNKNOWN or isinstance(cur, UnionT):
                d = -1
                break
            d += 1
            if d > 32:
                d = -1
                break
        return _kept(self._depths, t, min(d, MAX_DEPTH))

    def is_concrete(self, t: JType) -> bool | None:
        """True/False, or None when the type is not declared anywhere we know."""
        if t is ANY or t is BOTTOM or isinstance(t, UnionT):
            return False
        if t is UNKNOWN:
            return None
        if isinstance(t, (TypeT, FuncT)):
            return True
        if isinstance(t, VarT):
            return t.concrete
        if isinstance(t, DataT):
            if t.name == "Tuple":
                return all(isinstance(p, JType) and not (isinstance(p, DataT) and p.name == "Vararg")
                           and self.is_concrete(p) is True for p in t.params)
            if t.name == "NamedTuple":
                return len(t.params) == 2 and self.is_concrete(t.params[1]) is True
            decl = self.decl(t.name)
            if decl is None:
                return None
            if decl.is_abstract:
                return False
            for p in t.params:
                if is_wildcard(p) and not p.concrete:
                    return False
            return len(t.params) >= len(decl.params)
        return None

    def field_type(self, t: JType, name: str) -> JType | None:
        """Declared type of field `name` of `t`, or None when `t` has no such known field."""
        if not isinstance(t, DataT):
            return None
        decl = self.decl(t.name)
        if decl is None:
            return None
        for fname, ftype in decl.fields:
            if fname == name:
                if not decl.params:
                    return ftype
                mapping = {p: t.params[i] for i, p in enumerate(decl.params) if i < len(t.params)}
                if any(is_wildcard(v) and _nested_var(ftype, p) for p, v in mapping.items()):
                    # `fadjlist::Vector{Vector{T}}` of a `SimpleGraph{<:Integer}`: a
                    # `Vector{Vector{T}} where T`, which has no spelling here (`Vector{Vector}` is
                    # another, concrete, type)
                    return UNKNOWN
                return self.normalize(substitute(ftype, mapping))
        return None

    # ---------------------------------------------- subtyping and the lattice (subtyping.py, lattice.py)
    def declares_subtype_of(self, name: str) -> bool:
        """Whether a package (a declaration marked `user`, here or in a parent) declares a subtype of
        the type named `name`: a value of a type variable bounded by it may be of that type."""
        reg = self._answering()
        if reg is not self:
            return reg.declares_subtype_of(name)
        self._fresh_caches()
        cache = self._user_subtypes
        hit = cache.get(name)
        if hit is None:
            top = self.apply(name, [])
            hit = False
            reg: TypeRegistry | None = self
            while reg is not None and not hit:
                hit = any(d.user and issub(self, self.apply(d.name, []), top) for d in reg.decls.values())
                reg = reg.parent
            cache[name] = hit
        return hit

    def issub(self, a: JType, b: JType, env: dict | None = None, free: frozenset = frozenset()) -> bool:
        """a <: b; VarTs in `b` named in `free` are pattern variables bound in `env`."""
        return issub(self, a, b, env, free)

    def parameter_bound(self, name: str, j: int) -> JType:
        """The bound of the `j`-th parameter of type `name`: the declared one (`G{T<:Integer}`), else
        the one a field's type puts on it (`struct W{T}; g::G{T}; end`: an instance's T is an
        Integer), else Any."""
        def fixed(bounds: tuple, k: int) -> JType | None:
            b = bounds[k] if k < len(bounds) else ANY
            return b if isinstance(b, JType) and b is not ANY and not has_vars(b) else None

        decl = self.decl(name)
        if decl is None or j >= len(decl.params):
            return ANY
        declared = fixed(decl.bounds, j)
        if declared is not None:
            return declared
        for _, ft in decl.fields:
            inner = self.decl(ft.name) if isinstance(ft, DataT) else None
            if inner is None:
                continue
            for k, q in enumerate(ft.params):
                implied = fixed(inner.bounds, k) if isinstance(q, VarT) and q.name == decl.params[j] else None
                if implied is not None:
                    return implied
        return ANY

    def issub_closed(self, a: JType, b: JType) -> bool:
        """a <: b, for a `b` that binds no pattern variables (kept: the answer is a's and b's alone)."""
        reg = self._answering()
        return reg._pair(reg._subtypes, issub, a, b)

    def may_intersect(self, a: JType, b: JType) -> bool:
        """Whether a value of some subtype of `a` may be an instance of `b` (subtyping.py)."""
        reg = self._answering()
        return reg._pair(reg._intersects, may_intersect, a, b)

    def _pair(self, cache: dict, relation, a: JType, b: JType) -> bool:
        """`relation(self, a, b)`, kept in `cache` for the declarations of now."""
        self._fresh_caches()
        key = (a, b)
        hit = cache.get(key)
        if hit is None:
            hit = _kept(cache, key, relation(self, a, b))
        return hit

    def ancestors(self, t: JType) -> list[JType]:
        return ancestors(self, t)

    def typejoin(self, a: JType, b: JType) -> JType:
        return typejoin(self, a, b)

    def typejoin_all(self, types) -> JType:
        return typejoin_all(self, types)

    def tmerge(self, a: JType, b: JType) -> JType:
        """The inference join: a union, widened to a typejoin when it grows too wide."""
        return tmerge(self, a, b)


ANY_TUPLE = DataT("Tuple", (DataT("Vararg", (ANY,)),))   # `Tuple`, every tuple type: Tuple{Vararg{Any}}


def make_tuple(params) -> DataT:
    """`Tuple{...}` with a trailing `Vararg{T, n}` of known length expanded (`NTuple{3, Int}`)."""
    params = list(params)
    if params and isinstance(params[-1], DataT) and params[-1].name == "Vararg" and len(params[-1].params) == 2:
        elt, n = params[-1].params
        if isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 64:
            params = params[:-1] + [elt] * n
    return DataT("Tuple", tuple(params))


def substitute(t, mapping: dict):
    """Replace VarT placeholders named in `mapping`."""
    if isinstance(t, VarT):
        if t.name in mapping:
            return mapping[t.name]
        if t.ub is not ANY:
            return VarT(t.name, substitute(t.ub, mapping), t.concrete)
        return t
    if isinstance(t, DataT):
        if not t.params:
            return t
        params = tuple(substitute(p, mapping) if isinstance(p, JType) else p for p in t.params)
        if t.name == "Tuple":
            return make_tuple(params)
        return DataT(t.name, params)
    if isinstance(t, UnionT):
        return make_union(substitute(m, mapping) for m in t.members)
    if isinstance(t, TypeT):
        return TypeT(substitute(t.of, mapping))
    return t


# ------------------------------------------------------------------ loading data

_DECL_RE = re.compile(
    r"^(?P<kw>abstract type|primitive type|mutable struct|struct)\s+(?P<head>.+?)"
    r"(?:\s*;\s*(?P<fields>.*?))?\s*end\s*$"
)
_CONST_RE = re.compile(r"^const\s+(?P<lhs>[^=]+?)\s*=\s*(?P<rhs>.+)$")


def _split_head(head: str):
    """'Name{A<:X, B} <: Super{A}' -> (name, [(param, bound_text)], super_text)"""
    depth = 0
    for i, ch in enumerate(head):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and head.startswith("<:", i):
            return head[:i].strip(), head[i + 2:].strip()
    return head.strip(), None


def _params_of(lhs: str):
    m = re.match(r"^([\w.]+)(?:\{(.*)\})?$", lhs.strip(), re.S)
    if not m:
        raise ValueError(f"bad declaration head {lhs!r}")
    name, inner = m.group(1), m.group(2)
    params = []
    if inner:
        for part in _split_commas(inner):
            if "<:" in part:
                p, b = part.split("<:", 1)
                params.append((p.strip(), b.strip()))
            else:
                params.append((part.strip(), None))
    return name, params


def _split_commas(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return out


_TRAILING_WHERE = re.compile(r"\s+where\s+(\{[^{}]*\}|[A-Za-z_]\w*)\s*$")


def _parameter_scope(reg: TypeRegistry, params: list) -> tuple[dict, list]:
    """The type variables of a declaration's or alias's parameters (`T, S<:AbstractMatrix{T}`),
    each bounded as written, and the bounds in order."""
    scope: dict = {}
    bounds = []
    for p, btext in params:
        ub = reg.parse(btext, scope) if btext else ANY
        scope[p] = VarT(p, ub, False)
        bounds.append(ub)
    return scope, bounds


def declare_from_source(reg: TypeRegistry, line: str, user: bool = False) -> None:
    """Add one declaration line in Julia syntax (see data/base_types.jl)."""
    line = line.strip()
    m = _DECL_RE.match(line)
    if m:
        kw = m.group("kw")
        kind = {"abstract type": "abstract", "primitive type": "primitive",
                "mutable struct": "mutable", "struct": "struct"}[kw]
        lhs, super_text = _split_head(m.group("head"))
        if super_text == "":
            raise ValueError(f"no supertype after '<:' in {m.group('head')!r}")   # never Any by mistake
        lhs = re.sub(r"\s+\d+$", "", lhs)  # primitive type bit count
        qualified, params = _params_of(lhs)
        display = display_name(qualified)
        scope, bounds = _parameter_scope(reg, params)
        # provisional declaration so self-references in fields resolve
        decl = TypeDecl(display, tuple(p for p, _ in params), tuple(bounds), ANY, kind, (), user)
        reg.add_decl(qualified, decl)
        if super_text:
            free = _free_names(super_text, reg, scope)
            decl.super = reg.parse(super_text, {**scope, **free})
        fields = []
        if m.group("fields"):
            for part in m.group("fields").split(";"):
                part = part.strip()
                if not part:
                    continue
                fname, _, ftext = part.partition("::")
                fields.append((fname.strip(), reg.parse(ftext, scope) if ftext else ANY))
        decl.fields = tuple(fields)
        return
    m = _CONST_RE.match(line)
    if m:
        qualified, params = _params_of(m.group("lhs"))
        scope, bounds = _parameter_scope(reg, params)
        rhs = m.group("rhs")
        where = _TRAILING_WHERE.search(rhs)
        if where is not None and params and \
                {w.strip().split("<:")[0].strip() for w in where.group(1).strip("{}").split(",")} <= set(scope):
            # `const AdjOrTrans{T, S} = Union{Adjoint{T, S}, Transpose{T, S}} where {T, S}`: the where
            # names the alias's own parameters (Julia's `const A{T} = B{T}` is `B{T} where T`)
            rhs = rhs[:where.start()]
        target = reg.parse(rhs, scope)
        reg.add_alias(qualified, TypeAlias(display_name(qualified), tuple(p for p, _ in params), target,
                                           tuple(b if b is not UNKNOWN else ANY for b in bounds)))
        return
    raise ValueError(f"cannot read type declaration: {line!r}")


def declare_package(reg: TypeRegistry, decl_lines, aliases=(), modules=frozenset()) -> list:
    """Declare a package's types (declaration lines, see `declare_from_source`) and its type aliases
    (`(name, rhs)`, the name with its parameters for a parametric alias: `("MinHeap{T}", "Heap{T, F}")`).
    A line the type reader cannot take is left out. Julia defines an alias before the declarations
    that name it (`abstract type A{T} <: AbstractSparseMatrix{T, Int} end` after `const
    AbstractSparseMatrix{Tv, Ti} = AbstractSparseArray{Tv, Ti, 2}`) while a package's lines come in
    no such order: a declaration or alias naming an alias is read again once every alias is known.
    A right-hand side spelt through the package's own modules (`modules`: the package's name and
    its submodules') names the type declared there: `const Graph = Graphs.SimpleGraphs.SimpleGraph`.
    Returns the aliases whose right-hand side names no type (`const MOI = MathOptInterface`)."""
    def declare(line: str) -> bool:
        try:
            declare_from_source(reg, line, user=True)
            return True
        except Exception:  # a declaration the line scanner got wrong is just not known
            return False

    reg.module_names = frozenset(modules)
    for line in decl_lines:
        declare(line)
    alias_lines = []
    pending = [(name, str(rhs)) for name, rhs in aliases]
    while pending:   # an alias of an alias declared further down (`const AdjOrTransAbsVec{T, V} = AdjOrTrans{T, V}`)
        later = []
        for name, rhs in pending:
            if reg.canonical(rhs.split("{", 1)[0]) is None:
                later.append((name, rhs))
                continue
            line = f"const {name} = {rhs}"
            if declare(line):
                alias_lines.append(line)
        if len(later) == len(pending):
            break
        pending = later
    not_types = [name for name, _ in pending]
    if alias_lines:
        named = re.compile(r"\b(?:" + "|".join(re.escape(n.split("{", 1)[0]) for n, _ in aliases) + r")\b")
        for line in (*decl_lines, *alias_lines):
            if named.search(line.partition("=")[2] if line.startswith("const ") else line):
                declare(line)
    return not_types


def _nested_var(t, name: str, depth: int = 0) -> bool:
    """Whether type variable `name` occurs in `t` inside a parameter of a parameter (`T` of
    `Vector{Vector{T}}`, not of `Vector{T}`)."""
    if isinstance(t, VarT):
        return t.name == name and depth >= 2
    if isinstance(t, DataT):
        return any(_nested_var(p, name, depth + 1) for p in t.params if isinstance(p, JType))
    if isinstance(t, UnionT):
        return any(_nested_var(m, name, depth) for m in t.members)
    if isinstance(t, TypeT):
        return _nested_var(t.of, name, depth + 1)
    return False


def _free_names(text: str, reg: TypeRegistry, scope: dict) -> dict:
    """Single-letter names in a supertype that are neither params nor types: free (`Type{T}`)."""
    out = {}
    for name in re.findall(r"\b([A-Z])\b", text):
        if name not in scope and not reg.is_type_name(name):
            out[name] = WILD
    return out


@lru_cache(maxsize=1)
def base_submodules() -> frozenset:
    """The modules of Base that declare types (`Broadcast` of `Base.Broadcast.DefaultArrayStyle`):
    Base exports their names, so a package spells those types through them."""
    return frozenset(n.split(".")[1] for n in base_registry().names if n.startswith("Base.") and n.count(".") >= 2)


@lru_cache(maxsize=1)
def base_registry() -> TypeRegistry:
    reg = TypeRegistry()
    for name in ("Tuple", "NamedTuple", "Vararg"):
        reg.names[name] = name
    text = read_text("base_types.jl")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            declare_from_source(reg, line)
    reg.names["Any"] = "Any"
    return reg
