"""Inputs that once made the labeler fail on real packages (StaticArrays, DelayDiffEq in a corpus
with their dependencies): a file is labelled, with unknown where the analyzer cannot tell."""

import pytest

from juliatag.labels import label_source
from juliatag.syntax import get_parser
from juliatag.syntax.fatou import find_fatou

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


def _types(src: str) -> dict:
    data = src.encode()
    fl = label_source(data, get_parser("fatou"))
    out = {}
    for i in range(len(fl.lexemes)):
        out.setdefault(data[fl.lexemes.starts[i]:fl.lexemes.ends[i]].decode(), fl.types[i])
    return out


def test_a_field_typed_by_a_parameter_that_holds_a_value_is_unknown():
    src = "struct W{D}\n    data::D\nend\nfunction f(w::W{1})\n    got = w.data\n    return got\nend\n"
    assert _types(src)["got"] is None


def test_an_alias_defined_through_itself_is_left_as_written():
    from juliatag.types.registry import TypeRegistry, base_registry, declare_from_source
    reg = TypeRegistry(parent=base_registry())
    declare_from_source(reg, "const A{T} = Vector{B{T}}", user=True)
    declare_from_source(reg, "const B{T} = A{T}", user=True)   # B's target is A's, which names B
    assert repr(reg.apply("A", [reg.parse("Int64")])) == "Vector{Vector{B{Int64}}}"
