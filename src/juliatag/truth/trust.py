"""When a printed output is not trusted as truth, though it has one of Base's forms.

Rules (each skip is counted under its reason):
- `custom-show`: the printed type names a type the package declares, and the package defines a
  `show`, `summary`, `showarg`, `print`, `display` or `typeinfo_prefix` method whose signature
  line names that type or one of its supertypes (the package, not Base, printed it).
- `not-a-base-form`: a `3-element T:` / `2×2 T` summary whose T is no AbstractArray, or a
  `T with 2 entries:` whose T is no AbstractDict or AbstractSet: Base never prints those.
- `package-lookalike`: a bare number, string, char or range was printed, and the package declares
  a subtype of `Number`, `AbstractString`, `AbstractChar` or `AbstractRange` (its values can print
  just like Base's: an `InlineString` prints as `"abc"`).
- `other-width`: an integer-looking output (integer, rational, integer range or complex) whose
  input, or an input run before it in the same sequence, names another integer type or `big`; a
  Float64-looking output where they name `BigFloat`, `big` or `setprecision` (they print alike).
- `prints`: the input prints as well as returns (`print`, `println`, `show`, `display`, `write`,
  `@show`, `@info`, `@time`, ... or any macro other than `@view`/`@views`/`@inbounds`/`@.`).
- `error`: the output is an error or a log message.
- `no-output`: the input ends in `;` or has no output.
- `filtered`: the block has a `filter` option (its outputs are compared loosely).
"""

from __future__ import annotations

import re

from ..types.registry import TypeRegistry
from ..types.jtypes import DataT, TypeT, UnionT
from .outputs import (
    F_ARRAY,
    F_CHAR,
    F_COMPLEX,
    F_DICT,
    F_FLOAT,
    F_INT,
    F_RANGE,
    F_RATIONAL,
    F_STRING,
    F_TYPE,
    F_UNSIGNED,
    PrintedType,
)

_SHOW_DEF_RE = re.compile(
    r"^[ \t]*(?:function[ \t]+)?(?:Base\.)?(?:show|summary|showarg|print|display|typeinfo_prefix|array_summary)"
    r"[ \t]*\(([^\n]*)", re.MULTILINE)
_WORD_RE = re.compile(r"[A-Za-z_][\w!]*")
_FAMILY_SUPERS = {
    F_INT: "Number", F_FLOAT: "Number", F_RATIONAL: "Number", F_COMPLEX: "Number", F_UNSIGNED: "Number",
    F_STRING: "AbstractString", F_CHAR: "AbstractChar", F_RANGE: "AbstractRange",
}
_INT_WIDTH_RE = re.compile(r"\b(?:U?Int(?:8|16|32|128)|BigInt|big|Signed|Unsigned|Integer)\b|\bUInt\b")
_FLOAT_WIDTH_RE = re.compile(r"\b(?:BigFloat|big|setprecision)\b")
_PRINTING_RE = re.compile(
    r"\b(?:print|println|printstyled|show|display|write|print_tree|dump|printf)\s*\(|"
    r"@(?!(?:view|views|inbounds|\.|__dot__)\b)[A-Za-z_.]")
_ERROR_RE = re.compile(r"^(?:ERROR:|┌ (?:Warning|Info|Error)|\[ (?:Info|Warning):|WARNING:)")
_INT_FAMILIES = frozenset({F_INT, F_RATIONAL, F_RANGE, F_COMPLEX})
_BASE_SUMMARISED = {F_ARRAY: ("AbstractArray",), F_DICT: ("AbstractDict", "AbstractSet")}


class PackageTrust:
    """What a package can print in Base's forms by itself."""

    def __init__(self, registry: TypeRegistry, own_types: set[str], source_texts):
        self.reg = registry
        self.own_types = own_types
        shown: set[str] = set()
        for text in source_texts:
            for m in _SHOW_DEF_RE.finditer(text):
                shown.update(w for w in _WORD_RE.findall(m.group(1)) if w in own_types)
        # a show method of a supertype prints the subtypes too (`show(io, df::AbstractDataFrame)`)
        self.custom_show = {name for name in own_types
                            if any(isinstance(a, DataT) and a.name in shown
                                   for a in registry.ancestors(registry.apply(name, [])))} | shown
        self.lookalike_families = set()
        for family, sup in _FAMILY_SUPERS.items():
            top = registry.parse(sup)
            for name in own_types:
                decl = registry.decl(name)
                if decl is None or not decl.user:
                    continue
                if registry.issub(registry.apply(name, []), top):
                    self.lookalike_families.add(family)
                    break

    def names_in(self, t) -> set[str]:
        if isinstance(t, DataT):
            out = {t.name}
            for p in t.params:
                out |= self.names_in(p)
            return out
        if isinstance(t, UnionT):
            return set().union(*(self.names_in(m) for m in t.members))
        if isinstance(t, TypeT):
            return self.names_in(t.of)
        return set()

    def output_skip(self, printed: PrintedType, truth) -> str | None:
        """Why a printed output of a Base form is not trusted for this package (None: trusted)."""
        if printed.family in (F_ARRAY, F_DICT, F_TYPE):
            if printed.family in _BASE_SUMMARISED and not any(self.reg.issub(truth, self.reg.parse(top))
                                                                 for top in _BASE_SUMMARISED[printed.family]):
                return "not-a-base-form"  # Base prints such a summary only for arrays, dicts and sets
            if self.names_in(truth) & self.custom_show:
                return "custom-show"
            return None
        if printed.family in self.lookalike_families:
            return "package-lookalike"
        return None


def input_skip(code: str, output: list[str], printed: PrintedType | None, before: str = "") -> str | None:
    """Why a doctest input's output is not a truth, whatever the package (None: it may be).
    `before` is the code run before it in the same sequence: a width named there counts too."""
    stripped = code.rstrip()
    if stripped.endswith(";") or not output:
        return "no-output"
    if _ERROR_RE.match(output[0]) or any(_ERROR_RE.match(line) for line in output):
        return "error"
    if _PRINTING_RE.search(_without_strings(code)):
        return "prints"
    if printed is None:
        return None
    if printed.family in _INT_FAMILIES and printed.type_text.endswith("Int64}") or printed.type_text == "Int64" \
            or printed.family == F_RANGE and "Int64" in printed.type_text:
        if _INT_WIDTH_RE.search(code) or _INT_WIDTH_RE.search(before):
            return "other-width"
    if printed.type_text in ("Float64", "Complex{Float64}") or printed.type_text.startswith("StepRangeLen{Float64"):
        if _FLOAT_WIDTH_RE.search(code) or _FLOAT_WIDTH_RE.search(before):
            return "other-width"
    return None


def _without_strings(code: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', code)
