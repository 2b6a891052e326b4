"""Label against truth, through the type registry."""

import pytest

from juliatag.truth.compare import Judge, package_registry

DECLS = ["abstract type Shape end", "struct Square <: Shape; side::Float64 end", "struct Box; v::Float64 end",
         "struct Prod{N,M,D,T} <: Shape; d::D end", "struct GPUArr{T} <: AbstractGPUArray{T}; n::Int end"]


@pytest.fixture(scope="module")
def judge():
    return Judge(package_registry(DECLS, [("Boxes", "Vector{Box}")]))


@pytest.mark.parametrize("label,truth,verdict", [
    ("Vector{Float64}", "Array{Float64, 1}", "exact"),          # aliases are one type
    ("Array{Float64, 1}", "Vector{Float64}", "exact"),
    ("Union{Nothing, Int64}", "Union{Int64, Nothing}", "exact"),  # member order
    ("Union{Nothing, Int64}", "Int64", "compatible"),
    ("Real", "Int64", "compatible"),
    ("AbstractVector{Float64}", "Vector{Float64}", "compatible"),
    ("Shape", "Square", "compatible"),                          # the package's own hierarchy
    ("Vector{Box}", "Boxes", "exact"),                          # the package's own alias
    ("Int64", "Float64", "wrong"),
    ("Vector{Int64}", "Vector{Float64}", "wrong"),
    ("Any", "Int64", "unknown"),
    (None, "Int64", "unknown"),
    ("T", "Int64", "unknown"),                                   # a type variable
    ("Type{T}", "Type{Float64}", "unknown"),
    ("OffsetVector{Int64}", "Vector{Int64}", "unknown"),         # a type the registry cannot place
    ("NamedTuple{(SymbolValue(name='a'),)}", "Int64", "unknown"),  # does not parse
    ("Type{Float64}", "Type{Float64}", "exact"),
])
def test_exact_truths(judge, label, truth, verdict):
    t = judge.parse(truth)
    assert t is not None
    assert judge.verdict(label, t, True) == verdict


@pytest.mark.parametrize("label,bound,verdict", [
    ("Vector{Int64}", "AbstractVector", "exact"),       # inside the bound
    ("Square", "Shape", "exact"),
    ("AbstractArray", "AbstractVector", "compatible"),  # wider than the bound
    ("Union{Nothing, Vector{Int64}}", "AbstractVector", "compatible"),
    ("String", "AbstractVector", "wrong"),
    # a label some of whose parameters are open (not known) and a bound that meet in a type of both
    ("Prod{<:Any, 0, Vector{Box}}", "Prod{1, 0, <:Vector, Float64}", "compatible"),
    ("Prod{<:Any, 1, Vector{Box}}", "Prod{1, 0, <:Vector, Float64}", "wrong"),
    ("Prod{<:Any, 0, Vector{Box}}", "Prod{1, 0, <:Tuple, Float64}", "wrong"),
    # two structs never meet, whatever is not known of one's supertypes (CUDA's `CuArray <:
    # AbstractGPUArray`, a type of a package not in the corpus)
    ("SubArray", "GPUArr", "wrong"),
])
def test_bound_truths(judge, label, bound, verdict):
    t = judge.parse(bound)
    assert not judge.is_exact(t)
    assert judge.verdict(label, t, False) == verdict


def test_truths_must_be_known_types(judge):
    assert judge.parse("OffsetVector{Int64}") is None   # a dependency's type: unknown here
    assert judge.parse("Vector{T}") is None              # a loop variable
    assert judge.parse("not a type (") is None
    assert judge.parse("typeof(x)") is None              # a value's type, not a type text
    assert judge.parse("Vector{typeof(x)}") is None
    assert judge.is_exact(judge.parse("Square")) and not judge.is_exact(judge.parse("Shape"))
    assert judge.is_exact(judge.parse("Type{Float64}")) and not judge.is_exact(judge.parse("Type"))


def test_a_type_named_bare_stands_for_all_its_instances_whatever_bounds_are_not_known():
    # `x isa Con`: `Con{F<:Number, S<:MOI.AbstractSet}` with MOI not known here is still every Con
    judge = Judge(package_registry(["struct Con{F<:Number, S<:MOI.AbstractSet} end"]))
    bare = judge.parse("Con")
    assert bare is not None and not judge.is_exact(bare)
    assert judge.verdict("Con{Int64, Int64}", bare, False) == "exact"
    assert judge.verdict("String", bare, False) == "wrong"
    assert judge.parse("Type{Con}") is not None
    assert judge.parse("Con{Int64}") is None   # the truth written with parameters keeps its bounds
    # a label of the bare name (a struct whose parameters are not known: `new{typeof(be)}(...)`) is
    # read the same way: every Con
    assert judge.verdict("Con", bare, False) == "exact"
