"""Top-level loops over a short literal collection of values of different types run once per value
(`for T in (Float32, Float64)`): each run sees its own value's type, and a lexeme's label joins
what the runs give it."""

import pytest

from juliatag.syntax.fatou import find_fatou
from juliatag.schema import S_NA, S_STABLE, S_UNSTABLE

from .snippets import all_types, labels

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

FIVE = "(Int8, Int16, Int32, Int64, Float64)"   # more values than a call's union is split into
HEAD = ("struct Box{T}\n    v::T\nend\nwrap(x::T) where {T} = Box{T}(x)\n"
        "half(x::Integer) = x ÷ 2\nhalf(x::AbstractFloat) = x / 2\n")


def _stabilities(source: str, token: str) -> list:
    return [s for text, _, s in labels(source) if text == token]


def test_each_run_sees_its_own_value_and_a_call_stable_in_each_is_stable():
    src = HEAD + f"for T in {FIVE}\n    b = wrap(one(T))\n    h = half(one(T))\nend\n"
    assert all_types(src, "wrap")[-1] == "Box"   # the join of five Box{T}
    assert _stabilities(src, "wrap")[-1] == S_STABLE
    assert all_types(src, "half")[-1] == "Union{Float64, Int64}"   # Int8(1) ÷ 2 is an Int64
    assert _stabilities(src, "half")[-1] == S_STABLE
    # the same loop inside a function is inferred as Julia infers it: one run, T of a union type
    fn = HEAD + f"function g()\n    for T in {FIVE}\n        h = half(one(T))\n    end\nend\n"
    assert all_types(fn, "half")[-1] is None
    assert _stabilities(fn, "half")[-1] == S_NA


def test_runs_that_agree_give_their_type():
    src = HEAD + "for T in (Float32, Float64)\n    n = sizeof(wrap(1))\nend\n"
    assert all_types(src, "n")[0] == "Int64"


def test_a_value_loop_joins_the_types_of_its_runs():
    src = "for x in (1, 2.5)\n    y = x\nend\n"
    assert all_types(src, "y")[0] == "Union{Float64, Int64}"
    nested = "for a in (1, 2.5), b in (a, \"s\")\n    c = b\nend\n"
    assert all_types(nested, "c")[0] == "Union{Float64, Int64, String}"


def test_a_run_whose_type_is_not_known_makes_the_label_unknown():
    src = "for x in (1, 2.5)\n    y = somewhere_else(x)\nend\n"
    assert all_types(src, "somewhere_else")[0] is None
    assert _stabilities(src, "somewhere_else")[0] == S_NA


def test_a_run_that_always_breaks_ends_the_loop():
    src = "for x in (1, \"a\")\n    y = x\n    break\nend\n"
    assert all_types(src, "y")[0] == "Int64"     # the second value is never reached


def test_a_loop_over_values_of_one_type_or_a_variable_loops_as_before():
    same = "for x in (1, 2)\n    y = x\nend\n"
    assert all_types(same, "y")[0] == "Int64"
    var = "xs = Any[1, 2.5]\nfor x in xs\n    y = x\nend\n"
    assert all_types(var, "y")[0] == "Any"
    assert _stabilities(var, "y")[0] == S_UNSTABLE


TWO_TYPES = ("struct Pair2\n    a::Int\n    b::Int\nend\nstruct One1\n    a::Float64\nend\n")


def test_a_run_folds_a_comparison_of_its_type_value_and_calls_the_type_it_holds():
    """`T == Pair2` of the type a run holds is a constant Julia folds: the branch it rules out is dead
    code in that run (`One1(1, 2)` has no method), and `T(...)` calls the type by its name."""
    src = TWO_TYPES + ("for T in (Pair2, One1)\n    x = T == Pair2 ? T(1, 2) : T(1.5)\n"
                       "    if T != Pair2\n        y = T(2.5)\n    end\n    z = T === One1\nend\n")
    assert all_types(src, "x")[0] == "Union{One1, Pair2}"
    assert all_types(src, "y")[0] == "One1"
    assert all_types(src, "z")[0] == "Bool"   # the value's type is Bool either way
    # a type not known as one constant is not folded: both branches may run
    unknown = TWO_TYPES + "function f(T::Type)\n    x = T == Pair2 ? 1 : \"s\"\nend\n"
    assert all_types(unknown, "x")[0] == "Union{Int64, String}"
    # nor is one subtype of the other (an instance against its UnionAll: only maybe equal)
    sub = "struct W{P}\n    p::P\nend\nT = W\nx = T == W{Int} ? 1 : \"s\"\ny = T == W ? 1 : \"s\"\n"
    assert all_types(sub, "x")[0] == "Union{Int64, String}"
    assert all_types(sub, "y")[0] == "Int64"


def test_a_subtype_test_of_a_type_value_folds():
    """`T <: Complex` (`>:`) of a type Julia knows as a constant is folded: true for a subtype, false
    for a concrete type that is not one; a UnionAll that only may be one is left open."""
    src = ("T = Float32\nx = T <: Complex ? 1 : \"s\"\ny = T <: Union{Float32, Float64} ? 1.0 : :a\n"
           "z = Complex >: T ? 1 : \"s\"\nV = Vector\nv = V <: AbstractVector{Int} ? 1 : \"s\"\n"
           "for E in (Float64, ComplexF64)\n    if E <: Real\n        r = E(1)\n    end\nend\n")
    got = {k: all_types(src, k)[0] for k in ("x", "y", "z", "v", "r")}
    assert got == {"x": "String", "y": "Float64", "z": "String", "v": "Union{Int64, String}", "r": "Float64"}
    # a type written with local variables in it is not one written out (`D <: AbstractDict{K,V}`)
    local = ("check(D, K, V) = (D <: AbstractDict{K,V}) || throw(ArgumentError(\"no\"))\n"
             "c = check(Dict{Any,Any}, Any, Any)\n")
    assert all_types(local, "c")[0] == "Bool"
    # a static parameter is not one constant where the method is analysed at its declared types
    fn = "function f(::Type{T}) where {T<:Number}\n    x = T <: Complex ? 1 : \"s\"\nend\n"
    assert all_types(fn, "x")[0] == "Union{Int64, String}"


def test_eltype_or_typeof_of_a_local_is_a_type_constant_in_a_condition():
    """`eltype(v) >: Missing` folds where v's type fixes its element type (Statistics' `median!`)."""
    src = ("function g(v::AbstractVector)\n    eltype(v) >: Missing && return missing\n    return 1.0\nend\n"
           "x = g([1.0])\ny = g([1.0, missing])\nh(v) = typeof(v) == Vector{Int} ? 1 : \"s\"\nz = h([1])\n")
    assert (all_types(src, "x")[0], all_types(src, "y")[0]) == ("Float64", "Missing")   # as Julia infers them
    assert all_types(src, "z")[0] == "Int64"


def test_a_loop_over_a_name_bound_to_a_tuple_runs_once_per_value():
    """`weight_funcs = (weights, aweights); for f in weight_funcs` runs per value as the literal
    tuple would (StatsBase's tests)."""
    src = HEAD + "fs = (Int8, Float32)\nfor F in fs\n    h = half(one(F))\nend\n"
    assert all_types(src, "h")[0] == "Union{Float32, Int64}"
    assert _stabilities(src, "half")[-1] == S_STABLE
    same = HEAD + "fs = (Int8, Int8)\nfor F in fs\n    h = half(one(F))\nend\n"
    assert all_types(same, "h")[0] == "Int64"


def test_a_loop_variable_leaves_a_variable_of_the_same_name_outside_the_loop_as_it_was():
    """A `for` loop's variable is a new variable of the loop (Julia's scoping): after the loop, a
    variable of the same name has its type from before it, at top level and in a function."""
    src = "x = [1.0]\nfor x in (x, Float32[1])\n    y = x\nend\nz = x\n"
    assert all_types(src, "z")[0] == "Vector{Float64}"
    assert all_types(src, "y")[0] == "Union{Vector{Float32}, Vector{Float64}}"
    fn = "function g()\n    x = 1.0\n    for x in 1:3\n        x + 1\n    end\n    return x\nend\nr = g()\n"
    assert all_types(fn, "r")[0] == "Float64"
    outer = "function g()\n    x = 0\n    for outer x in 1:3\n    end\n    return x\nend\nr = g()\n"
    assert all_types(outer, "r")[0] == "Int64"


def test_a_loop_destructuring_each_value_runs_once_per_value():
    """`for (T, f) in ((Int8, one), (Float32, zero))` (FillArrays' `for (Typ, funcs) in ((Zeros,
    zeros), (Ones, ones))`) runs per value, each destructured."""
    src = HEAD + "for (T, f) in ((Int8, one), (Float32, zero))\n    h = half(f(T))\nend\n"
    assert all_types(src, "h")[0] == "Union{Float32, Int64}"
    assert _stabilities(src, "half")[-1] == S_STABLE
