"""Issue 16, cause 3: `[a, b]` is a Vector of Julia's `promote_type` of the elements, which is the
typejoin only where no promotion rule applies (two of a package's types join where no package in
reach defines a rule); where a rule could apply that is not known here the element type is unknown, never a made-up `Vector{Any}`. `Dict(k => v, ...)` joins with
`promote_typejoin`."""

import pytest

from juliatag.infer.base.builtins import promote_elements, promote_typejoin_elements
from juliatag.syntax.fatou import find_fatou
from juliatag.types.jtypes import ANY, FLOAT64, INT64, NOTHING, STRING, UNKNOWN, DataT, dt, show
from juliatag.types.registry import base_registry

from .snippets import first_types

SOURCE = """struct Zero end
struct Wrap{T}
    x::T
end
function lits(z1::Zero, z2::Zero, i::Int, f::Float64, p::Wrap{Float64}, q::Wrap{Int}, s::String)
    same = [z1, z2]
    nums = [i, f]
    wraps = [p, q]
    mixed = [i, s]
    three = [i, s, f]
    opt = [i, nothing]
    fs = [sin, cos]
    pairs = [1 => 2, 3 => 4.0]
    vecs = [[1, 2], [1.0]]
    user_and_num = [i, z1]
    d1 = Dict(1 => 1, 2 => 2.0)
    d2 = Dict(1 => 1, 2 => nothing)
    mat = [i f; f i]
    return same
end
"""


def test_promotion_of_elements():
    reg = base_registry()
    assert promote_elements([INT64, FLOAT64], reg) == FLOAT64
    assert promote_elements([INT64, STRING], reg) is ANY
    assert promote_elements([INT64, STRING, FLOAT64], reg) is ANY
    assert show(promote_elements([INT64, NOTHING], reg)) == "Union{Int64, Nothing}"
    assert promote_elements([DataT("Array", (INT64, 1)), DataT("Array", (FLOAT64, 1))], reg) is UNKNOWN
    assert promote_typejoin_elements([INT64, FLOAT64], reg) == dt("Real")
    # tuples of one length, position by position where promotion and typejoin agree
    pair = DataT("Tuple", (INT64, INT64))
    assert show(promote_elements([pair, DataT("Tuple", (STRING, INT64))], reg)) == "Tuple{Any, Int64}"
    assert promote_elements([pair, DataT("Tuple", (FLOAT64, INT64))], reg) is UNKNOWN   # Float64 or Real
    assert promote_elements([pair, DataT("Tuple", (INT64,))], reg) is UNKNOWN


@pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")
def test_array_literals():
    t = first_types(SOURCE)
    assert t["same"] == "Vector{Zero}"
    assert t["nums"] == "Vector{Float64}"
    assert t["wraps"] == "Vector{Wrap}"   # no promotion rule in reach: their typejoin
    # a package that defines promote_rule for its own types promotes them as the rule says
    rule = "Base.promote_rule(::Type{Wrap{A}}, ::Type{Wrap{B}}) where {A, B} = Wrap{promote_type(A, B)}\n"
    assert first_types(SOURCE + rule)["wraps"] == "Vector{Wrap{Float64}}"
    # and where its rule's result is not known, so is the element type
    opaque = "Base.promote_rule(::Type{Wrap{A}}, ::Type{Wrap{B}}) where {A, B} = pick(A, B)\n"
    assert first_types(SOURCE + opaque)["wraps"] is None
    assert t["mixed"] == "Vector{Any}" and t["three"] == "Vector{Any}"
    assert t["opt"] in ("Vector{Union{Nothing, Int64}}", "Vector{Union{Int64, Nothing}}")
    assert t["fs"] == "Vector{Function}"
    assert t["pairs"] == "Vector{Pair{Int64, Float64}}"
    assert t["vecs"] is None           # Array promotion (el_same) is not modelled
    assert t["user_and_num"] is None
    assert t["d1"] == "Dict{Int64, Real}"
    assert t["d2"] in ("Dict{Int64, Union{Nothing, Int64}}", "Dict{Int64, Union{Int64, Nothing}}")
    assert t["mat"] == "Matrix{Float64}"


@pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")
def test_semicolon_runs_give_the_dimension():
    t = first_types("y = [4. ;; 5 ;; 6]\nw = [1; 2]\nv = [1;;]\nu = [1 ;; 2 ;;; 3 ;; 4]\nq = [1 2 ;;; 3 4]\n"
                    "a = [[1, 2] ;; [3, 4]]\n")
    assert (t["y"], t["w"], t["v"]) == ("Matrix{Float64}", "Vector{Int64}", "Matrix{Int64}")
    assert (t["u"], t["q"]) == ("Array{Int64, 3}", "Array{Int64, 3}")
    assert t["a"] is None          # arrays concatenated along a dimension: not modelled


@pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")
def test_typed_literals_take_their_shape_from_the_rows():
    src = ("e = Float64[1 2; 3 4]\nf = Int[1, 2]\ng = Float64[1 2]\nh = Float64[1; 2]\n"
           "j = Float32[[1, 2]; [3]]\nk = Int[1;; 2]\n")
    got = first_types(src)
    assert (got["e"], got["f"], got["g"], got["h"]) == ("Matrix{Float64}", "Vector{Int64}", "Matrix{Float64}",
                                                        "Vector{Float64}")
    assert (got["j"], got["k"]) == ("Vector{Float32}", "Matrix{Int64}")


@pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")
def test_a_typed_literal_reaches_the_packages_getindex_of_the_type():
    """`SA[1, 2]` is `getindex(SA, 1, 2)` and `SA[1 2; 3 4]` is `typed_hvcat(SA, ...)`: a package's
    methods of those for `Type{SA}` are the ones called, not Base's Vector and Matrix."""
    pkg = ("struct SA end\nstruct Two{T}\n    a::T\n    b::T\nend\n"
           "Base.getindex(::Type{SA}, a::T, b::T) where {T} = Two{T}(a, b)\n"
           "Base.getindex(::Type{SA}, xs...) = error()\n"
           "Base.typed_hvcat(::Type{SA}, rows::Dims, xs...) = error()\n")
    got = first_types(pkg + "v = SA[1, 2]\nw = SA[1 2; 3 4]\nx = Int[1, 2]\n")
    assert got["v"] == "Two{Int64}"
    assert got["w"] is None
    assert got["x"] == "Vector{Int64}"


def test_a_comprehension_or_collect_has_the_shape_of_what_it_iterates():
    """`[f(x) for x in Iterators.product(a, b)]` is a Matrix (Distributions' `rand(d, dims)`), as is
    `collect` of it; over a package's own iterator, Base's default `IteratorSize` (a length) makes a
    Vector."""
    src = ("ax = map(Base.OneTo, (3, 2))\nc = [1.0 for _ in Iterators.product(ax...)]\n"
           "d = [1.0 for _ in Iterators.product(1:3, 1:2, 1:2)]\ne = collect(Iterators.product(1:3, 1:2))\n"
           "f = [x for (i, x) in enumerate([1.0, 2.0])]\nk = [i for i in eachindex(\"abc\")]\n"
           "struct Evens\n    n::Int\nend\nBase.iterate(e::Evens, s=0) = s >= e.n ? nothing : (2s, s + 1)\n"
           "g = [2e for e in Evens(2)]\n")
    t = first_types(src)
    assert (t["c"], t["d"], t["e"]) == ("Matrix{Float64}", "Array{Float64, 3}", "Matrix{Tuple{Int64, Int64}}")
    assert (t["f"], t["g"], t["k"]) == ("Vector{Float64}", "Vector{Int64}", "Vector{Int64}")


def test_a_package_iterator_has_the_shape_its_iteratorsize_method_says():
    """Combinatorics' `Base.IteratorSize(p::Permutations) = Base.HasLength()`: one dimension; a
    `HasShape{2}` iterator's comprehension is a Matrix, one the package gives no `IteratorSize` a
    Vector (Graphs' `edges(g)`, beside its BFS iterators' `SizeUnknown`); a filtered generator is one-dimensional, an
    unfiltered one has its source's shape (StatsBase's `collect(trim(x))`)."""
    src = ("struct Perm\n    n::Int\nend\nBase.iterate(p::Perm, s=0) = s >= p.n ? nothing : ([s], s + 1)\n"
           "Base.IteratorSize(p::Perm) = Base.HasLength()\n"
           "struct Grid\n    n::Int\nend\nBase.iterate(p::Grid, s=0) = s >= p.n ? nothing : (1.0, s + 1)\n"
           "Base.IteratorSize(::Type{Grid}) = Base.HasShape{2}()\n"
           "struct Edges\n    n::Int\nend\nBase.iterate(p::Edges, s=0) = s >= p.n ? nothing : (1, s + 1)\n"
           "a = [x for x in Perm(3)]\nb = [x for x in Grid(3)]\ne = [x for x in Edges(2)]\n"
           "c = collect(x for x in [1, 2, 3] if x > 1)\nd = collect(2x for x in [1 2; 3 4])\n")
    t = first_types(src)
    assert (t["a"], t["b"]) == ("Vector{Vector{Int64}}", "Matrix{Float64}")
    assert t["e"] == "Vector{Int64}"   # no `IteratorSize` method of its own: Base's default, a length
    assert (t["c"], t["d"]) == ("Vector{Int64}", "Matrix{Int64}")


def test_collect_of_a_package_iterator_is_a_vector_of_its_elements():
    """Base's default `IteratorSize` of a package's iterator is a length: `collect` makes a Vector of
    its element type (Combinatorics' `collect(permutations(...))`)."""
    src = ("struct Pairs2\n    n::Int\nend\n"
           "Base.iterate(e::Pairs2, s=0) = s >= e.n ? nothing : ((s, s), s + 1)\n"
           "Base.eltype(::Type{Pairs2}) = Tuple{Int, Int}\nc = collect(Pairs2(2))\n")
    t = first_types(src)
    assert t["c"] == "Vector{Tuple{Int64, Int64}}"


def test_the_package_s_promotion_rule_gives_a_literal_its_element_type():
    """FillArrays' `promote_rule(::Type{<:AbstractFill{T}}, ::Type{<:AbstractFill{V}})` is a `Fill`:
    `[Zeros, Ones]` is a Vector of it, whichever order the rule is written in; a pair no rule
    covers stays unknown."""
    src = ("abstract type AF{T} end\nstruct Z{T} <: AF{T} end\nstruct O{T} <: AF{T} end\nstruct F{T} <: AF{T} end\n"
           "Base.promote_rule(::Type{<:AF{T}}, ::Type{<:AF{V}}) where {T, V} = F{promote_type(T, V)}\n"
           "v = [Z{Int}(), O{Float64}()]\nw = [O{Int}(), Z{Int}()]\nu = [Z{Int}(), \"s\"]\n")
    t = first_types(src)
    assert (t["v"], t["w"], t["u"]) == ("Vector{F{Float64}}", "Vector{F{Int64}}", None)
