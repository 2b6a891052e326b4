"""`getfield(x, :name)` and `x.name` where the package adds `getproperty` methods, and the ranges
that integer ranges give when broadcast with an integer or indexed by another integer range."""

import pytest

from juliatag.syntax.fatou import find_fatou

from juliatag.schema import S_STABLE

from .snippets import first_types, labels

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

FRAME = ("mutable struct Frame\n    columns::Vector{AbstractVector}\n    index::Dict{Symbol, Int}\nend\n"
         "index(f::Frame) = getfield(f, :index)\n"
         "function Base.getproperty(f::Frame, s::Symbol)\n"
         "    return s === :nrows ? 0 : getfield(f, :columns)[getfield(f, :index)[s]]\nend\n"
         "struct Plain\n    x::Float64\nend\n")


def test_getfield_of_a_literal_symbol_is_the_field_whatever_getproperty_does():
    src = FRAME + "fr = Frame(AbstractVector[], Dict{Symbol, Int}())\ni = index(fr)\nc = getfield(fr, :columns)\n"
    t = first_types(src)
    assert t["i"] == "Dict{Symbol, Int64}"
    assert t["c"] == "Vector{AbstractVector}"


def test_a_property_of_a_type_with_its_own_getproperty_is_not_its_field():
    src = FRAME + ("fr = Frame(AbstractVector[], Dict{Symbol, Int}())\ncols = fr.columns\nrows = fr.nrows\n"
                   "p = Plain(1.0)\nx = p.x\n")
    t = first_types(src)
    # `fr.columns` calls the package's getproperty with the constant :columns, which is not :nrows:
    # a column, never the field's Vector{AbstractVector}; `fr.nrows` takes the other branch
    assert t["cols"] == "AbstractVector"
    assert t["rows"] == "Int64"
    assert t["x"] == "Float64"      # no getproperty method applies: the field


def test_integer_ranges_broadcast_with_an_integer_into_ranges():
    src = ("r = 1:4\nn = 2\na = r .+ n\nb = r .- n .+ 1\nc = n .- r\nd = 2 .* r\ne = .-r\n"
           "f = (1:2:7) .+ n\ng = r .+ 0.5\nh = r .+ Int32(1)\n")
    t = first_types(src)
    assert (t["a"], t["b"]) == ("UnitRange{Int64}", "UnitRange{Int64}")
    assert (t["c"], t["d"], t["e"]) == ("StepRange{Int64, Int64}",) * 3
    assert t["f"] == "StepRange{Int64, Int64}"
    assert t["g"] is None       # a float range's kind is not worked out here
    assert t["h"] is None       # integers of two types: not in the table


def test_an_integer_range_indexed_by_an_integer_range_is_a_range():
    src = ("r = 1:10\na = r[2:3]\nb = r[1:2:5]\nc = (1:2:9)[2:3]\nd = Base.OneTo(5)[Base.OneTo(2)]\n"
           "e = Base.OneTo(5)[2:3]\nv = r[[1, 2]]\n")
    t = first_types(src)
    assert t["a"] == "UnitRange{Int64}"
    assert (t["b"], t["c"]) == ("StepRange{Int64, Int64}",) * 2
    assert t["d"] == "Base.OneTo{Int64}"
    assert t["e"] == "UnitRange{Int64}"
    assert t["v"] == "Vector{Int64}"


def test_a_parameter_holds_the_bound_the_declaration_of_the_type_it_parametrises_puts_on_it():
    # every instance of SG{T} has an Integer T, though GG names its T without a bound: the
    # method for ASG applies to `g.g`, not the generic fallback that throws
    src = ("abstract type AG{T} end\nabstract type ASG{T<:Integer} <: AG{T} end\n"
           "struct SG{T<:Integer} <: ASG{T}\n    adj::Vector{Vector{T}}\nend\n"
           "struct GG{T} <: AG{T}\n    g::SG{T}\nend\n"
           "outn(x, v) = error(\"not implemented\")\noutn(g::ASG, v::Integer) = g.adj[v]\n"
           "outn(g::GG, v) = outn(g.g, v)\n"
           "function t(g::GG, h::GG{Int})\n    r = outn(g, 1)\n    s = outn(h, 1)\n    return r\nend\n")
    stab = {text: (t, s) for text, t, s in labels(src)}
    # Vector{T}, T concrete per call and of no name here: stable, shown as the UnionAll over T
    assert stab["r"] == ("Vector", S_STABLE)
    assert stab["s"] == ("Vector{Int64}", S_STABLE)


def test_a_pair_has_the_run_time_types_of_its_parts():
    src = ("f(x::Union{Int, Nothing}) = :a => x\ng(x::Real) = :a => x\n"
           "function t(r::Real)\n    u = rand(Bool) ? 1 : nothing\n    p = :a => u\n    q = :a => r\n    return p\nend\n"
           "p1 = :a => Int\np2 = 1 => \"x\"\n")
    t = first_types(src)
    assert t["p"] == "Union{Pair{Symbol, Int64}, Pair{Symbol, Nothing}}"  # split, never Pair{Symbol, Union{...}}
    assert t["q"] is None           # Pair{Symbol, Real} is another type, which no value has
    assert t["p1"] == "Pair{Symbol}"  # the value Int is a DataType, not known here: some Pair{Symbol}
    assert t["p2"] == "Pair{Int64, String}"


def test_copy_of_a_view_is_not_the_view_and_a_package_copy_decides_its_own_type():
    src = ("struct V\n    p::Vector{Float64}\nend\nBase.copy(v::V) = mystery(v.p)\n"
           "A = rand(3, 3)\nc1 = copy(view(A, 1:2, 1:2))\nc2 = copy(A)\nc3 = copy(1:3)\nc4 = copy(V([1.0]))\n"
           "c5 = deepcopy(V([1.0]))\nc6 = copy(A')\n")
    t = first_types(src)
    assert t["c1"] in (None, "Matrix{Float64}")
    assert (t["c2"], t["c3"]) == ("Matrix{Float64}", "UnitRange{Int64}")
    assert t["c4"] is None          # the package's copy, whose result is not known: not V
    assert t["c5"] == "V"           # deepcopy(x)::typeof(x)
    assert t["c6"] == "Matrix{Float64}"


def test_an_argument_whose_parameter_is_open_may_reach_a_method_with_a_narrower_bound():
    # some GG{T} at run time: its T may well be an Integer, so dists applies (it is the only one)
    src = ("abstract type AG{T} end\nstruct SG{T<:Integer} <: AG{T}\n    n::T\nend\n"
           "struct GG{T} <: AG{T}\n    g::SG{T}\nend\n"
           "dists(g::AG{T}, v::Integer) where {T<:Integer} = [(v, 0)]\n"
           "for g in [GG(SG(UInt8(1))), GG(SG(Int16(1)))]\n    a = @inferred dists(g, 1)\nend\n"
           "struct Other end\nfor o in [Other()]\n    b = dists(o, 1)\nend\n")
    stab = {text: (t, s) for text, t, s in labels(src)}
    assert stab["a"] == ("Vector{Tuple{Int64, Int64}}", S_STABLE)
    assert stab["b"][0] is None     # no method applies to Other
