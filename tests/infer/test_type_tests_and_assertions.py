"""Type tests and type assertions as Julia's inference reads them: `x::T` in an expression is x's
value where it is a T (the intersection), a type test the variable's type decides (`ismissing(s)`
of a Float64, `hint === true` of a `nothing`) rules its branch out, also inside `&&` / `||`, a
local declared with a computed type (`s::promote_type(Float64, T) = ...`) has that type, and
`Iterators.rest` iterates the collection it wraps; `(f ∘ g)(x)` is `f(g(x))`. `while` conditions prune
as `if` conditions do."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import first_types, labels

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


def test_a_type_assertion_is_the_intersection_and_narrows_the_variable():
    src = ("function g(xs, m)\n    y = iterate(xs)\n    y === nothing && return 0.0\n    v, s = y\n"
           "    return abs2(v - m::Number)\nend\n"
           "function h(d::Dict{String, Any})\n    v = d[\"a\"]\n    v::Float64\n    return v + 1\nend\n"
           "function u(v::Vector{Union{Real, Nothing}})\n    y = v[1]::Union{Float64, Nothing}\n    return y\nend\n"
           "function w(T, y)\n    y::T\n    return y\nend\n"
           "r1 = g([1.0], 1.0)\nr2 = h(Dict{String, Any}(\"a\" => 1.0))\nr3 = (1.5)::Real\n"
           "r4 = u(Union{Real, Nothing}[1.0])\nr5 = w(Float64, 1.0)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("Float64", "Float64", "Float64")
    # a union member that only overlaps the asserted type keeps its part of it, not nothing at all
    assert t["r4"] == "Union{Float64, Nothing}"
    assert t["r5"] == "Float64"   # `y::T` of a T held in a variable: its value, not a type named T


def test_a_declared_type_julia_computes_and_the_analysis_cannot_is_not_the_value_s():
    out = labels("function foo(x::AbstractVector{T}) where T\n    S = float(T)\n    acc::S = 0\n"
                 "    for a in x\n        acc += a\n    end\n    return acc\nend\nr1 = foo([1, 2])\n"
                 "function q2(v)\n    S = v > 0 ? Int : Float32\n    y::S = v\n    y = 2.0\n    y\nend\n"
                 "r2 = q2(1)\n")
    assert [ty for text, ty, _ in out if text == "acc"][0] is None   # `convert(S, 0)`: not an Int64
    assert [ty for text, ty, _ in out if text == "r1"] == ["Float64"]
    # every later assignment converts to S too
    assert [ty for text, ty, _ in out if text == "y"] == [None] * 3
    assert [ty for text, ty, _ in out if text == "r2"] == [None]


def test_a_type_test_the_variable_s_type_decides_rules_its_branch_out():
    src = ("function a(x::Float64)\n    ismissing(x) && return missing\n    return x\nend\n"
           "function b(x::Float64)\n    isnothing(x) && return nothing\n    return x\nend\n"
           "function c(x)\n    m = abs(x)\n    (ismissing(m) || iszero(m)) && return m\n    return 2x\nend\n"
           "function d(x)\n    if ismissing(x)\n        return missing\n    end\n    return x\nend\n"
           "function e(x; hint::Union{Bool, Nothing}=nothing)\n    return hint === true ? Float32(x) : x\nend\n"
           "r1 = a(1.0)\nr2 = b(1.0)\nr3 = c(1.0)\nr4 = d(2)\nr5 = d(missing)\nr6 = e(1.0)\n"
           "r7 = e(1.0; hint=true)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("Float64", "Float64", "Float64")
    assert (t["r4"], t["r5"], t["r6"], t["r7"]) == ("Int64", "Missing", "Float64", "Float32")


def test_a_union_still_keeps_both_branches_and_top_level_globals_are_not_pruned():
    src = ("function f(x)\n    ismissing(x) && return 0\n    return x\nend\n"
           "r1 = f(rand() > 0.5 ? missing : 1.0)\nr2 = f(v)\n"
           "xg = nothing\nsetx!() = (global xg = 1)\nsetx!()\nr3 = isnothing(xg) ? \"a\" : 1\n")
    t = first_types(src)
    assert t["r1"] == "Union{Float64, Int64}"
    assert t["r2"] is None   # v not known: neither branch ruled out
    # a global at top level may have been assigned by a function: both branches stay
    assert t["r3"] == "Union{Int64, String}"


def test_a_local_declared_with_a_computed_type_has_that_type():
    src = ("function n(x)\n    m = maximum(abs, x)\n    T = typeof(m)\n    (v, s) = iterate(x)::Tuple\n"
           "    acc::promote_type(Float64, T) = abs2(v)\n    for w in Iterators.rest(x, s)\n"
           "        acc += abs2(w)\n    end\n    ismissing(acc) && return missing\n"
           "    return convert(T, sqrt(acc))\nend\n"
           "r1 = n([1.0, 2.0])\nr2 = Iterators.rest([1, 2], 1)\nr3 = collect(Iterators.rest([1, 2], 1))\n")
    t = first_types(src)
    assert t["r1"] == "Float64"
    assert (t["r2"], t["r3"]) == ("Base.Iterators.Rest{Vector{Int64}, Int64}", "Vector{Int64}")


def test_elements_of_some_tuple_are_not_vararg():
    out = labels("function f(x)\n    (v, s) = iterate(x)::Tuple\n    return v\nend\n"
                 "struct W\n    t::Tuple{Int64, Vararg{Float64}}\nend\nk = W((1, 2.0)).t[2]\n")
    assert [ty for text, ty, _ in out if text in ("v", "s")] == [None] * 3   # some tuple's elements
    assert [ty for text, ty, _ in out if text == "k"] == ["Float64"]


def test_a_composed_function_calls_the_inner_then_the_outer():
    src = ("r1 = (float ∘ abs)(2)\nr2 = map(string ∘ abs, [1, 2])\nr3 = mapreduce(float ∘ abs, +, [1, 2])\n"
           "n1(x) = mapreduce(float ∘ abs, +, x)\nr4 = n1([1, 2])\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Float64", "Vector{String}", "Float64", "Float64")


def test_a_default_constructor_with_tied_fields_outranks_an_outer_one_on_the_bounds():
    src = ("struct Q{T<:Real}\n    x::T\n    y::T\nend\nQ(x::Real, y::Real) = Q(promote(x, y)...)\n"
           "r1 = Q(1, 2)\nr2 = Q(1, 2.0)\nnorm2(p::Q) = sqrt(p.x^2 + p.y^2)\nr3 = norm2(Q(1, 2.0))\n"
           "struct R{T<:Real}\n    x::T\n    y::Int\nend\nR(x::Real, y::Real) = R(float(x), Int(y))\nr4 = R(1, 2.0)\nr5 = R(1, 2)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("Q{Int64}", "Q{Float64}", "Float64")
    # no tie: the default is the more specific only where its field types are narrower (`y::Int`)
    assert (t["r4"], t["r5"]) == ("R{Float64}", "R{Int64}")


def test_each_method_an_abstract_argument_may_reach_is_inferred_with_its_own_pattern():
    src = ("abstract type Shape end\nstruct Circle <: Shape\n    r::Float64\nend\nstruct Sq <: Shape\n"
           "    a::Float64\nend\narea(c::Circle) = pi * c.r^2\narea(s::Sq) = s.a^2\n"
           "v = Shape[Circle(1.0), Sq(2.0)]\nr1 = area(v[1])\nr2 = sum(area, v)\nr3 = map(area, v)\n"
           "side(c::Circle) = 1\nside(s::Sq) = 2.0\nr4 = side(v[1])\n"
           "function g(s::Shape)\n    q = side(s)\n    return q\nend\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("Float64", "Float64", "Vector{Float64}")
    # the methods disagree: left unknown (the argument's abstract type may only bound a value Julia
    # knows better), as it is where its run-time type is one concrete type per call
    assert (t["r4"], t["q"]) == (None, None)


def test_sum_of_a_package_type_adds_with_its_own_method():
    src = ("struct Money\n    cents::Int\nend\nBase.:+(a::Money, b::Money) = Money(a.cents + b.cents)\n"
           "r1 = sum([Money(1), Money(2)])\nr2 = sum([\"a\", \"b\"])\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("Money", None)   # no `+` of Strings: not known


def test_accumulate_and_stack_give_the_array_julia_gives_not_an_abstract_one():
    src = ("b = rand(3)\nr1 = accumulate(+, b)\nr2 = accumulate(+, [true, false])\nr3 = accumulate(max, b)\n"
           "r4 = stack([[1.0, 2.0], [3.0, 4.0]])\nr5 = accumulate(+, 1:3)\nr6 = stack([(1, 2)])\n"
           "r7 = accumulate(/, [1 2; 3 4])\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Vector{Float64}", "Vector{Int64}", "Vector{Float64}",
                                                    "Matrix{Float64}")
    assert (t["r5"], t["r6"]) == (None, None)   # not `Array`, which would call them unstable
    assert t["r7"] is None   # a matrix is collected from `Iterators.accumulate`: wider than Float64


def test_a_where_variable_a_struct_parameter_binds_is_within_that_parameter_s_bound():
    src = ("abstract type AG{T} end\nstruct SG{T<:Integer} <: AG{T}\n    n::T\nend\n"
           "function comps(g::G) where {T<:Integer, G<:AG{T}}\n    return Vector{Vector{T}}()\nend\n"
           "function k1(g::SG{S}) where S\n    a = comps(g)\n    return a\nend\nr1 = k1(SG(1))\n")
    out = labels(src)
    # in k1's body S is an Integer (SG's parameter is), so `comps(g)` is the method for it
    assert [ty for text, ty, _ in out if text == "a"][0] == "Vector{Vector{S}}"
    assert [ty for text, ty, _ in out if text == "r1"] == ["Vector{Vector{Int64}}"]


def test_a_type_assertion_of_a_value_that_never_comes_ends_there():
    t = first_types("function f(x)\n    x > 0 && return error(\"no\")::Int\n    return 1\nend\nr1 = f(2)\n"
                    "g() = (return 1)::Int\nr2 = g()\n")
    assert (t["r1"], t["r2"]) == ("Int64", "Int64")


def test_a_view_of_a_range_or_of_a_value_not_known_is_not_a_subarray():
    src = ("b = foo()\nr1 = view(b, :, :, 1)\nr2 = view(1:10, 2:3)\nr3 = view(rand(3, 3), 1:2, 1:2)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == (None, None)   # a range's view is a range; a package's array has its own
    assert t["r3"] == "SubArray{Float64, 2, Matrix{Float64}, Tuple{UnitRange{Int64}, UnitRange{Int64}}, false}"


def test_a_while_condition_the_variable_s_type_decides_rules_its_side_out():
    src = ("function w1(x::Float64)\n    while !ismissing(x) && x > 1\n        x = x / 2\n    end\n    return x\nend\n"
           "r1 = w1(8.0)\nfunction w3(x::Int)\n    while x isa Int\n        x > 3 && break\n        x += 1\n"
           "    end\n    return x\nend\nr3 = w3(1)\n")
    t = first_types(src)
    assert (t["r1"], t["r3"]) == ("Float64", "Int64")   # (r1 was `Union{Float64, Missing}`)
