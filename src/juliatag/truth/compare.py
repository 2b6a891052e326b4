"""Comparing a label with a truth, through the project's type parser and subtyping.

Both sides are parsed by the package's type registry (Base/stdlib types plus the types the
package declares), so aliases are one type (`Vector{Float64}` is `Array{Float64, 1}`) and union
member order does not matter.

Verdicts:
- `exact`: the label is the truth's type (for an `isa` bound with an abstract type: the label
  lies inside the bound);
- `compatible`: the label is a supertype of the truth, or a union with a member that is (for a
  bound: the label and the bound may meet, a value's type may be in both);
- `unknown`: no label, `Any` (it commits to nothing), a label that does not parse, or one that
  names something that is no type the package or Base knows (a type variable `T`, `Type{T}`, or a
  dependency's type whose place in the hierarchy is not known here);
- `wrong`: anything else.
"""

from __future__ import annotations

import re

from ..types.registry import TypeRegistry, base_registry, declare_package
from ..types.jtypes import ANY, BOTTOM, UNKNOWN, DataT, FuncT, JType, TypeT, UnionT, VarT, has_vars, mentions, ordered_members

EXACT, COMPATIBLE, UNKNOWN_V, WRONG = "exact", "compatible", "unknown", "wrong"
VERDICTS = (EXACT, COMPATIBLE, UNKNOWN_V, WRONG)
_BUILTIN_NAMES = frozenset({"Tuple", "NamedTuple", "Vararg", "Union"})


def package_registry(decl_lines, aliases=(), modules=frozenset(), parent: TypeRegistry | None = None) -> TypeRegistry:
    """Base/stdlib types (or `parent`: those and the types of the packages it uses) plus a package's
    declarations (lines in Julia syntax) and type aliases (`modules`: the package's own module names,
    see `declare_package`)."""
    reg = TypeRegistry(parent=parent if parent is not None else base_registry())
    declare_package(reg, decl_lines, aliases, modules)
    return reg


class Judge:
    """Parses type texts in one package's registry and gives verdicts."""

    def __init__(self, registry: TypeRegistry):
        self.reg = registry
        self._cache: dict = {}

    def parse(self, text: str) -> JType | None:
        """The type `text` denotes, or None when it does not parse or names an unknown type."""
        if text in self._cache:
            return self._cache[text]
        try:
            t = self.reg.parse(text)
        except Exception:
            t = None
        if t is not None and _BARE_NAME_RE.fullmatch(text):
            # `x isa ScalarConstraint`: every instance has parameters within their declared bounds,
            # so a bound this registry cannot place (`S<:MOI.AbstractScalarSet`) may be Any
            t = _bounds_opened(t, self.known)
        if t is not None and (t is UNKNOWN or not self.known(t) or _has_function_type(t)):
            t = None  # `typeof(x)` names a value's type: not a type text
        self._cache[text] = t
        return t

    def known(self, t) -> bool:
        """Every name in `t` is a type the registry knows."""
        if isinstance(t, DataT):
            if t.name not in _BUILTIN_NAMES and self.reg.decl(t.name) is None:
                return False
            return all(self.known(p) for p in t.params if isinstance(p, JType))
        if isinstance(t, UnionT):
            return all(self.known(m) for m in t.members)
        if isinstance(t, TypeT):
            return self.known(t.of)
        if isinstance(t, VarT):
            return self.known(t.ub)
        return t is not UNKNOWN

    def is_exact(self, t: JType) -> bool:
        """A type a value can have exactly (concrete), rather than a bound."""
        if isinstance(t, TypeT):
            return not has_vars(t.of)  # `Type{Float64}` is one value's type; `Type` is a bound
        return self.reg.is_concrete(t) is True

    def equal(self, a: JType, b: JType) -> bool:
        return a == b or (self.reg.issub(a, b) and self.reg.issub(b, a))

    def _overlaps(self, label: JType, bound: JType) -> bool:
        """Whether a value may be of both: the truth's runtime type may be one the label holds (a
        label some of whose parameters are open, `Prod{<:Any, 0, Vector{U}}`, and a bound
        `Prod{1, 0, <:Vector}` meet in `Prod{1, 0, Vector{U}}`)."""
        members = ordered_members(label) if isinstance(label, UnionT) else [label]
        return any(self.reg.issub(m, bound) or self.reg.issub(bound, m) or self.reg.may_intersect(m, bound)
                   for m in members)

    def verdict(self, label_text: str | None, truth: JType, exact: bool) -> str:
        """`exact`, `compatible`, `unknown` or `wrong` for a label against a truth type."""
        if not label_text:
            return UNKNOWN_V
        try:
            label = self.reg.parse(label_text)
        except Exception:
            return UNKNOWN_V
        if _BARE_NAME_RE.fullmatch(label_text):
            label = _bounds_opened(label, self.known)   # as a truth's bare name is read (`parse`)
        if label is UNKNOWN or label is BOTTOM or label is ANY:
            return UNKNOWN_V  # `Any` commits to nothing
        if not self.known(label):
            return UNKNOWN_V  # a type variable (`T`, `Type{T}`) or a type the registry cannot place
        if self.equal(label, truth):
            return EXACT
        if exact:
            if self.reg.issub(truth, label):
                return COMPATIBLE
            return WRONG
        if self.reg.issub(label, truth):
            return EXACT
        if self._overlaps(label, truth):
            return COMPATIBLE
        return WRONG



_BARE_NAME_RE = re.compile(r"(Type\{)?[\w.]+\}?")


def _bounds_opened(t, known):
    """`t` (a type name as written, or `Type{}` of one) with each parameter bound `known` cannot
    place made Any."""
    if isinstance(t, TypeT):
        return TypeT(_bounds_opened(t.of, known))
    if isinstance(t, DataT):
        return DataT(t.name, tuple(VarT(p.name, ANY, p.concrete) if isinstance(p, VarT) and not known(p.ub) else p
                                   for p in t.params))
    return t


def _is_function_type(t) -> bool:
    return isinstance(t, FuncT)


def _has_function_type(t) -> bool:
    return mentions(t, _is_function_type)
