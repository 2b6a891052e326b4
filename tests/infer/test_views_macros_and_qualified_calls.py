"""`@view` and `@views` make views; a call that an unknown macro is given may be a signature it
defines methods for; `M.f` of a module not known to take `f` from Base is not Base's `f`; and
collecting a generator takes its element type from the values."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import first_types

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


def test_view_macros_index_into_views():
    src = ("A = rand(3, 3)\nv1 = @view A[1:2, 1]\nv2 = @views A[1:2, 1]\nv3 = @views A[1, 2]\nv4 = A[1:2, 1]\n"
           "function f(A::Matrix{Float64})\n    @views begin\n        w1 = A[:, 1]\n        w2 = A[1, 1]\n    end\n"
           "    w3 = A[:, 1]\n    return w3\nend\n")
    t = first_types(src)
    # never the copy's Vector{Float64}: the SubArray Base builds, as Julia prints it
    assert t["v1"] == t["v2"] == "SubArray{Float64, 1, Matrix{Float64}, Tuple{UnitRange{Int64}, Int64}, true}"
    assert t["w1"] == "SubArray{Float64, 1, Matrix{Float64}, Tuple{Base.Slice{Base.OneTo{Int64}}, Int64}, true}"
    assert (t["v3"], t["w2"]) == ("Float64", "Float64")          # a scalar index reads the element
    assert (t["v4"], t["w3"]) == ("Vector{Float64}", "Vector{Float64}")


def test_a_package_view_method_answers_the_view_macro():
    src = ("struct Frame\n    cols::Vector{Vector{Float64}}\nend\nstruct SubFrame\n    parent::Frame\n"
           "    rows::UnitRange{Int}\nend\nBase.view(f::Frame, rows::UnitRange{Int}, ::Colon) = SubFrame(f, rows)\n"
           "Base.getindex(f::Frame, rows::UnitRange{Int}, ::Colon) = f\n"
           "fr = Frame([[1.0]])\ns = @view fr[1:1, :]\nc = fr[1:1, :]\n")
    t = first_types(src)
    assert (t["s"], t["c"]) == ("SubFrame", "Frame")


def test_a_call_given_to_an_unknown_macro_may_be_a_signature_it_defines_methods_for():
    src = ("struct A end\n@register_symbolic bar(t, x::A)\nbar(t, x::A) = 1\n@test bar(1, A()) == 1\n"
           "r = bar(1, A())\nq = length([1])\n@test isempty([1])\ne = isempty([1])\n")
    t = first_types(src)
    assert t["r"] is None         # the macro's methods for other argument types may be the one called
    assert t["q"] == "Int64"
    assert t["e"] == "Bool"       # @test evaluates its call: isempty is Base's


def test_a_function_of_another_module_is_not_base_s_unless_known_to_be():
    src = "a = CUDA.ones(2, 3)\nb = Base.ones(2)\nc = Iterators.flatten([[1]])\nd = LinearAlgebra.norm([1.0])\n"
    t = first_types(src)
    assert t["a"] is None        # CUDA's own ones, not Base's Matrix{Float64}
    assert t["b"] == "Vector{Float64}"
    assert t["c"] == "Base.Iterators.Flatten{Vector{Vector{Int64}}}"
    assert t["d"] == "Float64"


def test_collecting_a_generator_takes_the_element_type_from_the_values():
    src = ("g(x) = x > 1 ? 1 : nothing\na = collect(g(x) for x in 1:3)\nb = collect(x for x in 1:3)\n"
           "c = collect(Union{Int, Nothing}[1, nothing])\nd = [g(x) for x in 1:3]\ne = collect(enumerate(x for x in 1:3))\n")
    t = first_types(src)
    assert t["a"] is None and t["d"] is None   # Vector{Int64}, Vector{Nothing} or Vector{Union{...}}, by the values
    assert t["b"] == "Vector{Int64}"
    assert t["c"] == "Vector{Union{Int64, Nothing}}"   # an array's declared element type stays
    assert t["e"] == "Vector{Tuple{Int64, Int64}}"


def test_among_alike_vararg_methods_the_one_with_where_variables_is_the_more_specific():
    src = ("struct D{K, V}\n    ks::Vector{K}\n    vs::Vector{V}\nend\n"
           "D(ps::Pair{K,V}...) where {K,V} = D{K,V}(K[], V[])\nD(ps::Pair...) = D{Any,Any}(Any[], Any[])\n"
           "D(kv) = error(\"not a collection of pairs\")\n"
           "a = D(Pair(1, 1.0))\nb = D(1 => 1.0, 2 => 2.0)\nc = D(1 => 1.0, \"x\" => 2)\n")
    t = first_types(src)
    assert t["a"] == t["b"] == "D{Int64, Float64}"   # never `D(kv)`, which a vararg method is not beaten by
    assert t["c"] == "D{Any, Any}"


def test_base_iterator_traits_of_base_collections():
    src = ("a = Base.IteratorEltype([1])\nb = Base.IteratorSize(rand(2, 2))\nimport Base: IteratorEltype\n"
           "c = IteratorEltype((x for x in 1:2))\nd = Base.IteratorEltype(Dict(1 => 2))\n"
           "struct S{T}\n    xs::Vector{T}\nend\nS(xs) = _S(xs, Base.IteratorEltype(xs))\n"
           "_S(xs, ::Base.HasEltype) = S{eltype(xs)}(collect(xs))\n_S(xs, ::Base.EltypeUnknown) = S{Any}(Any[])\n"
           "e = S([1, 2])\n")
    t = first_types(src)
    assert (t["a"], t["b"]) == ("Base.HasEltype", "Base.HasShape{2}")
    assert (t["c"], t["d"]) == ("Base.EltypeUnknown", "Base.HasEltype")
    assert t["e"] == "S{Int64}"


def test_a_package_map_method_for_its_collection_is_the_one_called():
    src = ("abstract type L{T} end\nstruct C{T} <: L{T}\n    h::T\nend\n"
           "Base.map(f::Base.Callable, l::C{T}) where T = C(f(l.h))\n"
           "c = C(1)\nm = map(x -> string(x), c)\nk = map(Float64, c)\nv = map(x -> 2x, [1, 2])\n")
    t = first_types(src)
    assert t["m"] == "C{String}"      # Base.Callable is Union{Function, Type}: the package's map applies
    assert t["k"] == "C{Float64}"
    assert t["v"] == "Vector{Int64}"


def test_a_module_alias_names_the_module():
    src = ("module Outer\nmodule A\nstruct X end\nonly_a() = 1.0\nend\nend\n"
           "const M = Outer.A\ny = M.only_a()\n")
    t = first_types(src)
    assert t["M"] == "Module"
    assert t["y"] == "Float64"
