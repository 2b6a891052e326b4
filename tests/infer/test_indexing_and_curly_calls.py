"""Results of Base operations on arrays and parametric types that used to come out wrong: what
non-scalar indexing copies into (an Array only for Array and views of one; a BitArray for a BitArray,
a range or a Vector for a range, nothing known for another array type), and `Ref{T}(x)`."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import first_types

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


def test_non_scalar_indexing_copies_into_an_array_only_for_dense_arrays():
    src = ("struct MyArr{T} <: AbstractVector{T}\n    v::Vector{T}\nend\n"
           "function f(x::MyArr{Float64}, M::Matrix{Int}, b::BitVector, r::UnitRange{Int})\n"
           "    a1 = M[:, 1]\n    a2 = M[1, 2]\n    a3 = view(M, 1:2, :)\n"
           "    b1 = b[1:2]\n    r1 = r[[1, 2]]\n    r2 = r[2:3]\n"
           "    x1 = x[1]\n    x2 = x[1:2]\n    return a1\nend\n")
    t = first_types(src)
    assert (t["a1"], t["a2"]) == ("Vector{Int64}", "Int64")
    assert t["b1"] == "BitVector"              # a BitArray indexes into a BitArray, printed as Julia does
    assert t["r1"] == "Vector{Int64}"
    assert t["r2"] == "UnitRange{Int64}"       # (1:10)[2:3] is a UnitRange: not an Array
    assert t["x1"] == "Float64"                # scalar indexing: the element type
    assert t["x2"] is None                     # the package's array: its own getindex/similar decides


def test_ref_with_a_written_parameter():
    t = first_types("a = Ref{Any}(nothing)\nb = Ref(1.0)\nc = Ref{Int}()\n")
    assert (t["a"], t["b"], t["c"]) == ("Base.RefValue{Any}", "Base.RefValue{Float64}", "Base.RefValue{Int64}")


def test_type_parameters_computed_by_a_call():
    src = ("struct Tr{K,V}\n    d::Dict{K,V}\nend\nstruct MyD{K,V} <: AbstractDict{K,V} end\n"
           "Tr(kv::AbstractDict{K,V}) where {K,V} = Tr{eltype(K),V}(Dict{eltype(K),V}())\n"
           "struct DB{K,V,F}\n    f::F\n    d::Dict{K,V}\n"
           "    DB{K,V,F}(f::F, ps::Pair{K,V}...) where {K,V,F} = new{K,V,F}(f, Dict{K,V}(ps...))\nend\n"
           "DB(f::F, ps::Pair{K,V}...) where {K,V,F} = DB{K,V,F}(f, ps...)\n"
           "x = [1, 2]\nv = Vector{eltype(x)}(undef, 2)\ns = Set{typeof(x)}()\n"
           "p = Vector{promote_type(Int, Float32)}()\nt = Tr(MyD{String, Int}())\ndd = DB(0.0, 1 => 2.0)\n"
           "td = Tr(Dict(\"a\" => 1))\n"
           "u = Vector{eltype(undefined_thing)}()\n")
    t = first_types(src)
    assert (t["v"], t["s"], t["p"]) == ("Vector{Int64}", "Set{Vector{Int64}}", "Vector{Float32}")
    assert t["t"] == "Tr{Char, Int64}"                 # eltype(K) with K bound to String
    assert t["td"] == "Tr{String, Int64}"              # a Dict: the default Tr(d::Dict{K,V}), more specific
    assert t["dd"] == "DB{Int64, Float64, Float64}"     # T{...}(xs...) of a concrete type makes it
    assert t["u"] == "Vector"   # of an element type not known here: some Vector


def test_locals_holding_types_in_a_nested_curly_parameter():
    """`LU{T, Tridiagonal{T, V}, typeof(ipiv)}(...)` with `V = typeof(d)`: the nested curly reads the
    local too (LinearAlgebra's `_lu_tridiag!`)."""
    src = ("struct LUx{T, S<:AbstractMatrix{T}, P<:AbstractVector{Int}}\n    factors::S\n    ipiv::P\nend\n"
           "struct Tri{T, V<:AbstractVector{T}} <: AbstractMatrix{T}\n    d::V\nend\n"
           "function lut(d, ipiv)\n    T = eltype(d)\n    V = typeof(d)\n"
           "    return LUx{T, Tri{T, V}, typeof(ipiv)}(Tri{T, V}(d), ipiv)\nend\n"
           "function g(d::Vector{Float64}, ip::Vector{Int})\n    nested = lut(d, ip)\nend\n")
    assert first_types(src)["nested"] == "LUx{Float64, Tri{Float64, Vector{Float64}}, Vector{Int64}}"


def test_eltype_is_what_julias_eltype_returns():
    src = ("x = [1, 2]\na = eltype((i for i in x))\nb = eltype((1, 2.0))\nd = Dict{eltype((i for i in x)), Int}()\n"
           "h = eltype(Iterators.filter(isodd, (i for i in x)))\n"
           "function k(y::Union{Vector{Int}, Vector{Float64}}, z::AbstractVector{<:Real})\n"
           "    t = eltype(y)\n    t2 = eltype(z)\n    return t\nend\n")
    t = first_types(src)
    assert (t["a"], t["b"], t["d"]) == ("Type{Any}", "Type{Real}", "Dict{Any, Int64}")
    assert t["h"] is None
    assert t["t"] == "Union{Type{Float64}, Type{Int64}}"   # never Type{Union{Float64, Int64}}
    assert t["t2"] is None                                  # Type{T} for some T <: Real


def test_similar_and_range_only_where_base_decides():
    src = ("using LinearAlgebra\nx = [1, 2]\nD = Diagonal(x)\ng = similar(x, Float64)\ns = similar(D)\n"
           "r1 = range(1, 10, 4)\nr2 = range(1, stop=9, step=2)\nr3 = range(1, step=2, length=3)\n"
           "r4 = range(1, length=3)\nr5 = range(1.0, step=2, length=3)\nr6 = range(Int32(1), step=2, length=3)\n"
           "r7 = x[range(1, step=1, length=2)]\n")
    t = first_types(src)
    assert t["g"] == "Vector{Float64}"
    assert t["s"] is None               # a Diagonal's similar is a Diagonal, not an Array
    assert t["r1"] == "StepRangeLen{Float64, Base.TwicePrecision{Float64}, Base.TwicePrecision{Float64}, Int64}"
    assert t["r2"] == t["r3"] == "StepRange{Int64, Int64}"   # 1:2:9, 1:2:5 (keywords of one integer type)
    assert t["r4"] == "UnitRange{Int64}"                    # 1:3
    assert t["r5"] is None and t["r6"] is None              # floats, and an Int32 start with an Int64 step
    assert t["r7"] == "Vector{Int64}"


def test_a_method_of_a_bare_tuple_argument_applies_to_tuples():
    t = first_types("f(x::Tuple) = 1.0\nb = f((1, 2))\nind = CartesianIndex(1, 2)\na = Tuple(ind)\n")
    assert t["b"] == "Float64"
    assert t["a"] != "Tuple{}"


def test_indexing_a_value_of_a_package_type_reaches_its_getindex():
    src = ("struct Box{T} <: AbstractVector{T}\n    v::Vector{T}\nend\n"
           "Base.getindex(b::Box, i::Int) = b.v[i]\nBase.getindex(b::Box, r::UnitRange) = Box(b.v[r])\n"
           "struct Bag\n    d::Dict{Symbol,Float64}\nend\nBase.getindex(g::Bag, k::Symbol) = g.d[k]\n"
           "b = Box([1.0, 2.0])\nx1 = b[1]\nx2 = b[1:2]\ng = Bag(Dict(:a => 1.0))\nx3 = g[:a]\n")
    t = first_types(src)
    assert (t["x1"], t["x2"], t["x3"]) == ("Float64", "Box{Float64}", "Float64")


def test_eltype_of_a_package_dictionary_or_set_and_of_an_untyped_value():
    src = ("struct MyDict{K,V} <: AbstractDict{K,V}\n    d::Dict{K,V}\nend\n"
           "struct MySet{T} <: AbstractSet{T}\n    s::Set{T}\nend\n"
           "d = MyDict(Dict(\"a\" => 1.0))\ns = MySet(Set([1]))\ned = eltype(d)\nes = eltype(s)\n"
           "function f(x)\n    y = Any[x][1]\n    ey = eltype(y)\n    return ey\nend\n")
    t = first_types(src)
    assert (t["ed"], t["es"]) == ("Type{Pair{String, Float64}}", "Type{Int64}")
    assert t["ey"] is None              # y::Any: its eltype is not Type{Any}


def test_a_splatted_tuple_of_known_elements_is_its_elements():
    src = ("lu(d) = (1, 2)\n"
           "function q(d, p::Int)\n    p1, a, b = promote(p, lu(d)...)\n    m = max((1, 2.0)...)\n"
           "    t = (1, \"a\")\n    k = pick(t...)\n    v = g(rand(3)...)\n    return m\nend\n"
           "pick(x::Int, y::String) = y\n")
    t = first_types(src)
    assert (t["p1"], t["a"], t["b"]) == ("Int64", "Int64", "Int64")
    assert t["m"] == "Float64"
    assert t["k"] == "String"              # pick(1, "a")
    assert t["v"] is None                  # a Vector's length is not known: no expansion


def test_map_over_an_unknown_or_unfamiliar_collection_is_unknown():
    src = ("struct Sq{T} <: AbstractMatrix{T}\n    x::T\nend\n"
           "function f(s::Sq{Int}, u)\n    a = map(x -> string(x), s)\n    b = map(x -> string(x), u)\n"
           "    c = map(x -> x + 1, [1, 2])\n    d = map(x -> x, (i for i in 1:3))\n    return a\nend\n")
    t = first_types(src)
    assert t["a"] is None and t["b"] is None   # a package's array (its own map, or a Matrix); unknown input
    assert (t["c"], t["d"]) == ("Vector{Int64}", "Vector{Int64}")


def test_a_curly_method_naming_a_variable_twice_takes_only_equal_parameters():
    """StaticArrays' `SizedArray{S,T,N,N}(undef)` and `SizedArray{S,T,N,1}(undef)`: a call
    `Sz{Int,Int,2,1}(3)` reaches the second, whose N is 2, not the first."""
    src = ("struct Sz{S,T,N,M}\n    x::T\nend\nSz{S,T,N,N}(x::T) where {S,T,N} = Sz{S,T,N,N}(x, 1)\n"
           "Sz{S,T,N,1}(x::T) where {S,T,N} = Sz{S,T,N,1}(x, 1.0)\nSz{S,T,N,M}(x::T, y) where {S,T,N,M} = y\n"
           "a = Sz{Int,Int,2,1}(3)\nb = Sz{Int,Int,2,2}(3)\n")
    t = first_types(src)
    assert (t["a"], t["b"]) == ("Float64", "Int64")
