"""A parameter under `@nospecialize` is still the argument (Julia infers it from the call; only code
generation is not specialised); `map` over tuples goes element by element; `view` of an Array is
the SubArray Base builds; `:` is Base's `Colon`; an argument type with parameters not known may
reach the methods it may fit."""

import pytest

from juliatag.syntax.fatou import find_fatou

from juliatag.schema import S_NA
from .snippets import first_types, labels

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


def test_nospecialize_parameters_keep_the_argument_type():
    src = ("f(d::Int, @nospecialize(p::Any)) = p\ng(d::Int, @nospecialize(p)) = p\n"
           "h(@nospecialize(args...)) = args\nk(x::Int, @nospecialize args...) = args\n"
           "m(x; @nospecialize(kw = 1)) = kw\nn(Base.@nospecialize(q::Real)) = q\n"
           "r1 = f(1, 2.0)\nr2 = g(1, 'x')\nr3 = h(1, 2.0)\nr4 = k(1, 2.0)\nr5 = m(1)\nr6 = n(3)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"], t["r5"], t["r6"]) == (
        "Float64", "Char", "Tuple{Int64, Float64}", "Tuple{Float64}", "Int64", "Int64")


def test_map_over_tuples_is_element_by_element():
    src = ("a = map(x -> x + 1, (1, 2.0))\nb = map(string, (1, :a))\nc = map(+, (1, 2.0), (3, 4))\n"
           "v = map(x -> x + 1, [1, 2])\n")
    t = first_types(src)
    assert t["a"] == "Tuple{Int64, Float64}"
    assert t["b"] == "Tuple{String, String}"
    assert t["c"] == "Tuple{Int64, Float64}"
    assert t["v"] == "Vector{Int64}"


def test_view_of_an_array_is_the_subarray_base_builds():
    src = ("v = [1, 2, 3]\nM = [1.0 2.0; 3.0 4.0]\na = view(v, 1:2)\nb = view(v, [1, 2])\n"
           "c = view(M, :, 1)\nd = view(M, 1, :)\ne = view(M, 1:2, 1:2)\nf = view(M, :, 1:2)\n"
           "g = view(v, :)\nh = view(M, 2, 1)\ni = view(v, 1:2:3)\nj = view(M, :)\nk = view(v, true)\n"
           "l = view(1:5, 2:3)\n")
    t = first_types(src)
    slice = "Base.Slice{Base.OneTo{Int64}}"
    assert t["a"] == "SubArray{Int64, 1, Vector{Int64}, Tuple{UnitRange{Int64}}, true}"
    assert t["b"] == "SubArray{Int64, 1, Vector{Int64}, Tuple{Vector{Int64}}, false}"
    assert t["c"] == f"SubArray{{Float64, 1, Matrix{{Float64}}, Tuple{{{slice}, Int64}}, true}}"
    assert t["d"] == f"SubArray{{Float64, 1, Matrix{{Float64}}, Tuple{{Int64, {slice}}}, true}}"
    assert t["e"] == "SubArray{Float64, 2, Matrix{Float64}, Tuple{UnitRange{Int64}, UnitRange{Int64}}, false}"
    assert t["f"] == f"SubArray{{Float64, 2, Matrix{{Float64}}, Tuple{{{slice}, UnitRange{{Int64}}}}, true}}"
    assert t["g"] == f"SubArray{{Int64, 1, Vector{{Int64}}, Tuple{{{slice}}}, true}}"
    assert t["h"] == "SubArray{Float64, 0, Matrix{Float64}, Tuple{Int64, Int64}, true}"
    assert t["i"] == "SubArray{Int64, 1, Vector{Int64}, Tuple{StepRange{Int64, Int64}}, true}"
    # a Matrix read linearly is reshaped first, a Bool index is a mask, and a range's view is a
    # range: none of them is built here
    assert t["j"] in (None, "SubArray{Float64}")
    assert t["k"] in (None, "SubArray{Int64}")
    assert t["l"] is None or not t["l"].startswith("SubArray{Int64, 1, UnitRange")


def test_colon_is_the_colon_singleton():
    t = first_types("c = identity(:)\nx = [1, 2][:]\n")
    assert t["c"] == "Colon"
    assert t["x"] == "Vector{Int64}"


def test_an_argument_with_unknown_parameters_reaches_the_methods_it_may_fit():
    src = ("f(x::AbstractVector{Symbol}) = 1\ng(x::AbstractVector{Int}) = 1.0\n"
           "h(x::AbstractVector{Symbol}) = 1\nh(x::AbstractVector) = 2.0\n"
           "v = selectdim([:s], 1, 1:1)\na = f(v)\nb = h(v)\n")
    t = first_types(src)
    assert t["v"] == "SubArray{Symbol}"
    assert t["a"] == "Int64"
    assert t["b"] is None   # either method may be the one called, and they disagree
    assert first_types(src + "c = g(v)\n")["c"] is None   # no method may fit: not g's Float64


def test_a_type_whose_parameters_are_partly_unknown_shows_the_unionall_over_them():
    """`Matrix{T}(undef, ...)` of a T not known is some Matrix: the label shows the UnionAll `Matrix`
    (a supertype of every type it may be), and says nothing of its concreteness or stability; a
    tuple (covariant) shows `Any` for what is not known; a struct's unknown parameter is within
    its declared bound."""
    from juliatag.infer.verdicts import label_view, partly_known
    from juliatag.types.jtypes import INT64, UNKNOWN, DataT, make_union, show, wildcard
    from juliatag.types.registry import base_registry
    src = "f(T) = Matrix{T}(undef, 2, 2)\nm = f(Foo.elt())\n"
    got = {text: (t, s) for text, t, s in labels(src) if text in ("f", "m")}
    assert got["m"] == ("Matrix", S_NA)
    reg = base_registry()
    assert show(partly_known(DataT("Tuple", (INT64, UNKNOWN)), reg)) == "Tuple{Int64, Any}"
    assert show(partly_known(DataT("Array", (DataT("Array", (UNKNOWN, 1)), 1)), reg)) == "Vector{<:Vector}"
    assert show(partly_known(DataT("Base.OneTo", (UNKNOWN,)), reg)) == "Base.OneTo{<:Integer}"
    assert partly_known(DataT("NotAType", (UNKNOWN,)), reg) is UNKNOWN
    assert show(partly_known(DataT("Array", (INT64, UNKNOWN)), reg)) == "Array{Int64}"
    # a union (a join) holding a type partly known: each member as it shows
    joined = make_union([DataT("Base.OneTo", (UNKNOWN,)), DataT("Base.OneTo", (INT64,))])
    assert show(partly_known(DataT("Array", (joined, 1)), reg)) == "Vector{<:Union{Base.OneTo{<:Integer}, Base.OneTo{Int64}}}"
    assert show(label_view(DataT("Array", (wildcard(joined), 1)), reg)) == \
        "Vector{<:Union{Base.OneTo{<:Integer}, Base.OneTo{Int64}}}"   # (within a wildcard's bound too)


def test_new_with_a_parameter_not_known_is_that_struct():
    """`new{typeof(be)}(be)` of a `be` not known (PlotsBase's `Plot()` of `backend()`): the struct
    with that parameter not known, shown as its UnionAll, its stability not told."""
    src = ("abstract type AbstractBackend end\nmutable struct Plot{T<:AbstractBackend}\n    backend::T\n"
           "    function Plot()\n        be = Foo.backend()\n        return new{typeof(be)}(be)\n    end\nend\n"
           "f(p::Plot) = p\nfunction g(p::Plot, a)\n    Foo.h(p, a)\n    return p\nend\nk(x::Int) = 1\n"
           "p = Plot()\nq = f(p)\nr = g(p, 1)\ns = k(p)\n")
    got = {text: (t, s) for text, t, s in labels(src) if text in ("p", "q", "r", "s")}
    assert got["p"] == ("Plot", S_NA)
    # it is one of the UnionAll over the parameters not known: the package's methods for it apply
    assert got["q"] == got["r"] == ("Plot", S_NA)
    assert got["s"][0] is None   # no method applies


def test_a_type_partly_known_never_falls_to_a_less_specific_method():
    """Distributions' `eltype(d)` of a `Dirichlet{Float32, Vector{Float32}, ?}` (its third parameter
    the type of a call not known, some `S<:Real` as declared): `eltype(::Type{<:Dirichlet{T}}) = T`
    applies, and is more specific than `eltype(::Type{<:Sampleable{F, Continuous}}) = Float64`. A
    method for one value of the parameter not known (`g(::Dir{T, V, Float64})`, or of its type) may be
    the one called: the generic one is not the answer."""
    src = ("struct Cont end\nabstract type Samp{S} end\n"
           "struct Dir{T<:Real,Ts<:AbstractVector{T},S<:Real} <: Samp{Cont}\n    alpha::Ts\n    lmnB::S\n"
           "    function Dir{T}(alpha::AbstractVector{T}) where T\n        lmnB = Foo.lg(alpha)\n"
           "        new{T,typeof(alpha),typeof(lmnB)}(alpha, lmnB)\n    end\nend\n"
           "Dir(alpha::AbstractVector{T}) where {T<:Real} = Dir{T}(alpha)\n"
           "Base.eltype(::Type{<:Samp{Cont}}) = Float64\nBase.eltype(::Type{<:Dir{T}}) where {T} = T\n"
           "g(x::Samp{Cont}) = 1.0\ng(x::Dir{T,V,Float64}) where {T,V} = 1\n"
           "h(::Type{<:Samp{Cont}}) = 1.0\nh(::Type{<:Dir{T,V,Float64}}) where {T,V} = 1\n"
           "d = Dir(Float32.([1, 2]))\ne = eltype(d)\nk = g(d)\nm = h(typeof(d))\n")
    t = first_types(src)
    assert t["d"] == "Dir{Float32, Vector{Float32}}"
    assert t["e"] == "Type{Float32}"
    assert t["k"] is None and t["m"] is None


def test_a_default_constructor_of_a_value_not_known_is_that_struct():
    """`Pt(x, y)` of values not known is some `Pt` (the default constructor's parameter is the
    field's type, not known): shown as the UnionAll, no stability told; a parameter no field names
    (`Tag{T}`) is no default constructor's, and stays unknown."""
    src = ("struct Pt{T<:Real}\n    x::T\n    y::T\nend\nstruct Tag{T}\n    n::Int\nend\n"
           "a = Pt(Foo.f(), 1.0)\nb = Pt(Foo.f(), Foo.g())\nc = Tag(Foo.f())\n")
    got = {text: (t, s) for text, t, s in labels(src) if text in ("a", "b", "c")}
    assert got["a"][0] == "Pt{Float64}"
    assert got["b"] == ("Pt", S_NA)
    assert got["c"][0] is None


def test_a_constructor_whose_result_is_not_known_makes_its_type():
    """`Sym(A)` reaching `Sym(A::AbstractMatrix, uplo::Symbol=:U) = Foo.make(A, uplo)`: a constructor
    makes its type, here some `Sym`, its parameters not known; an abstract type's (`Shape(x)`) may
    make any subtype, and stays unknown."""
    src = ("struct Sym{T,S<:AbstractMatrix{<:T}} <: AbstractMatrix{T}\n    data::S\n    uplo::Char\nend\n"
           "Sym(A::AbstractMatrix, uplo::Symbol=:U) = Foo.make(A, uplo)\nabstract type Shape end\n"
           "Shape(x) = Foo.h(x)\na = Sym([1.0 2.0; 3.0 4.0])\nb = Shape(1)\n")
    got = {text: (t, s) for text, t, s in labels(src) if text in ("a", "b")}
    assert got["a"] == ("Sym", S_NA)
    assert got["b"][0] is None


def test_a_concrete_type_s_constructor_makes_that_type_where_its_method_s_result_is_partly_known():
    """Graphs' `SimpleGraph{Int32}(g)` of a method building `SimpleGraph(ne, fadjlist)` of values not
    known (some `SimpleGraph{?}`): the call of the concrete `SimpleGraph{Int32}` makes that type."""
    src = ("struct G{T}\n    n::T\nend\nG{T}(x::AbstractString) where T = G(Foo.f(x))\n"
           "a = G{Int32}(\"x\")\nb = G(Foo.g())\n")
    got = {text: (t, s) for text, t, s in labels(src) if text in ("a", "b")}
    assert got["a"][0] == "G{Int32}"
    assert got["b"] == ("G", S_NA)
