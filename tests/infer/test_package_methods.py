"""A package's own methods, defined in other files of the package, keep Base rules from answering
for arguments that may be of the package's types (issue 16: a wrong type is worse than unknown)."""

import pytest

from juliatag.infer.package import summarize_package
from juliatag.labeling import StaticLabeler
from juliatag.syntax.fatou import find_fatou

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

A_JL = """struct Box
    v::Float64
end
value(b::Box) = b.v
Base.length(b::Box) = 1
Base.vcat(a::Box, b::Box) = [a.v, b.v]
"""

B_JL = """function use(b::Box, v::Vector{Int}, w::Vector{Float64})
    n_base = length(v)
    n_box = length(b)
    got = value(b)
    both = vcat(b, b)
    nums = vcat(v, v)
    mixed = vcat(v, w)
    return got
end
"""


def _types(source: str, package_texts: list[str]) -> dict:
    data = source.encode()
    with StaticLabeler("fatou") as labeler:
        fl = labeler.label(data, source, summarize_package("P", package_texts))
    lx = fl.lexemes
    out = {}
    for i in range(len(lx)):
        out.setdefault(data[lx.starts[i]:lx.ends[i]].decode(), fl.types[i])
    return out


def test_base_rules_do_not_answer_for_the_package_types():
    types = _types(B_JL, [A_JL, B_JL])
    # Base's own methods still apply where every argument is of a Base type
    assert types["n_base"] == "Int64"
    assert types["nums"] == "Vector{Int64}"
    assert types["mixed"] == "Vector{Float64}"
    # the package's methods (in a.jl) are the ones Julia calls for a Box: no Base/stdlib rule may
    # answer (Dates.value would say Int64, Base.vcat a Vector of Boxes)
    assert types["got"] not in ("Int64",)
    assert types["both"] not in ("Vector{Box}", "Vector{Any}")


def test_without_the_package_method_base_rules_still_apply():
    plain = B_JL.replace("function use(b::Box,", "function use(b::Vector{Int},")
    types = _types(plain, [plain])
    assert types["n_base"] == "Int64" and types["n_box"] == "Int64"
