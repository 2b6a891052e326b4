"""Issue 16, cause 2: a function a stdlib module owns (`Dates.value`, `Statistics.mean`,
`LinearAlgebra.det`) is reached by a plain call only where the file or its package `using`s the
module and the module exports the name; Base's own functions are visible everywhere."""

import pytest

from juliatag.infer.base.methods import known_function, match_table
from juliatag.infer.base.scope import StdlibScope
from juliatag.syntax.fatou import find_fatou
from juliatag.types.jtypes import FLOAT64, INT64, vector
from juliatag.types.registry import base_registry

from .snippets import first_types

BODY = """function f(x::Int, v::Vector{Float64}, A::Matrix{Float64})
    a = value(x)
    b = Dates.value(x)
    c = mean(v)
    d = det(A)
    e = second(x)
    g = length(v)
    h = inv(A)
    return a
end
"""


def test_the_table_reaches_stdlib_functions_only_through_the_scope():
    reg = base_registry()
    bare = StdlibScope((), ())
    stats = StdlibScope({"Statistics"}, ())
    assert match_table("mean", [vector(FLOAT64)], reg, scope=bare) is None
    assert match_table("mean", [vector(FLOAT64)], reg, scope=stats) == FLOAT64
    assert match_table("Statistics.mean", [vector(FLOAT64)], reg, scope=bare) == FLOAT64
    # Dates.value is not exported: `using Dates` does not make a plain `value(x)` reach it
    assert match_table("value", [INT64], reg, scope=StdlibScope({"Dates"}, ())) is None
    assert match_table("value", [INT64], reg, scope=StdlibScope({"Dates"}, {"value"})) == INT64
    assert match_table("Dates.value", [INT64], reg, scope=bare) == INT64
    assert known_function("length", bare) and not known_function("det", bare)
    # the package that is the stdlib module sees its own names
    assert known_function("det", StdlibScope((), (), "LinearAlgebra"))


pytestmark_fatou = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


@pytestmark_fatou
def test_without_using_stdlib_rules_do_not_answer():
    t = first_types(BODY)
    assert t["a"] is None and t["c"] is None and t["d"] is None and t["e"] is None
    assert t["b"] == "Int64"  # qualified: the module is named
    assert t["g"] == "Int64" and t["h"] == "Matrix{Float64}"  # Base functions (and stdlib methods of them)


@pytestmark_fatou
def test_using_the_module_makes_its_exports_visible():
    t = first_types("using Statistics, LinearAlgebra, Dates\n" + BODY)
    assert t["c"] == "Float64" and t["d"] == "Float64" and t["e"] == "Int64"
    assert t["a"] is None  # `value` is not exported by Dates


@pytestmark_fatou
def test_a_using_line_in_another_file_of_the_package_counts():
    t = first_types(BODY, package_texts=["module P\nusing Statistics\ninclude(\"f.jl\")\nend\n", BODY])
    assert t["c"] == "Float64" and t["d"] is None


@pytestmark_fatou
def test_a_name_the_package_imports_by_name_is_seen_in_all_its_files():
    """`using Random: default_rng` in the package's main file makes `default_rng` (which Random does
    not export) reach Random's in every file of the package, as Julia's include puts them all in one
    module; a package that does not import it does not reach it."""
    body = "r = default_rng()\nv = randsubseq(r, 1:10, 0.5)\nx = rand(r, Float32, 3)\n"
    main = "module P\nusing Random: default_rng, randsubseq\ninclude(\"b.jl\")\nend\n"
    t = first_types(body, [main, body])
    assert (t["r"], t["v"], t["x"]) == ("TaskLocalRNG", "Vector{Int64}", "Vector{Float32}")
    t = first_types(body, ["module P\nusing Random\ninclude(\"b.jl\")\nend\n", body])
    assert t["r"] is None          # default_rng is not exported
    assert t["v"] == "Vector{Int64}"   # randsubseq is, and its one 3-argument method gives that
