"""The type lattice: parsing, printing, subtyping, joins, depth, concreteness, type ids."""

import pytest

from juliatag.types import type_ids
from juliatag.types.registry import TypeRegistry, base_registry, declare_from_source
from juliatag.types.jtypes import ANY, VarT, show

R = base_registry()


@pytest.mark.parametrize("text,printed", [
    ("Int", "Int64"), ("Vector{Float64}", "Vector{Float64}"), ("Array{Float64, 2}", "Matrix{Float64}"),
    ("Dict{String,Int}", "Dict{String, Int64}"), ("Union{Int, Nothing}", "Union{Int64, Nothing}"),
    ("NTuple{3, Int}", "Tuple{Int64, Int64, Int64}"), ("Vector", "Vector"), ("Vector{<:Real}", "Vector{<:Real}"),
    ("ComplexF64", "Complex{Float64}"), ("Base.RefValue{Int}", "Base.RefValue{Int64}"), ("Cint", "Int32"),
])
def test_parse_and_print(text, printed):
    assert show(R.parse(text)) == printed


@pytest.mark.parametrize("text,depth", [
    ("Any", 0), ("Number", 1), ("Real", 2), ("AbstractFloat", 3), ("Float64", 4), ("Int64", 5), ("Bool", 4),
    ("String", 2), ("Vector{Int}", 3), ("UnitRange{Int}", 5), ("Nothing", 1), ("Union{Int, Float64}", 2),
])
def test_depth_counts_supertype_steps_from_any(text, depth):
    assert R.depth(R.parse(text)) == depth


def test_concreteness():
    assert R.is_concrete(R.parse("Vector{Real}")) is True      # invariant parameter: concrete
    assert R.is_concrete(R.parse("Tuple{Real}")) is False      # covariant tuple: abstract
    assert R.is_concrete(R.parse("Vector")) is False
    assert R.is_concrete(R.parse("AbstractVector{Int}")) is False
    assert R.is_concrete(R.parse("SomethingUnknown")) is None


def test_subtyping_with_type_variables():
    assert R.issub(R.parse("Int"), R.parse("Real"))
    assert not R.issub(R.parse("Vector{Int}"), R.parse("Vector{Real}"))
    assert R.issub(R.parse("Vector{Int}"), R.parse("AbstractVector{<:Real}"))
    env = {}
    pattern = R.apply("AbstractVector", [VarT("T", ANY, False)])
    assert R.issub(R.parse("UnitRange{Int32}"), pattern, env, frozenset({"T"}))
    assert show(env["T"]) == "Int32"
    assert R.issub(R.parse("Tuple{Int, Int}"), R.parse("NTuple{N, Int} where N"))


def test_joins():
    assert show(R.typejoin(R.parse("Int"), R.parse("Float64"))) == "Real"
    assert show(R.tmerge(R.parse("Int"), R.parse("Nothing"))) == "Union{Int64, Nothing}"
    wide = R.parse("Int8")
    for t in ("Int16", "Int32", "Int64"):
        wide = R.tmerge(wide, R.parse(t))
    assert show(wide) == "Union{Int16, Int32, Int64, Int8}"
    wide = R.tmerge(wide, R.parse("Float64"))
    assert show(wide) == "Real"  # a fifth member widens the union to its typejoin


def test_user_declarations_layer_over_base():
    reg = TypeRegistry(parent=R)
    declare_from_source(reg, "abstract type Shape end", user=True)
    declare_from_source(reg, "struct Point{T<:Real} <: Shape; x::T; y::T end", user=True)
    p = reg.parse("Point{Float64}")
    assert show(reg.field_type(p, "y")) == "Float64"
    assert reg.depth(p) == 2 and reg.is_concrete(p) is True
    assert reg.issub(p, reg.parse("Shape"))
    assert R.decl("Point") is None  # the base registry is untouched


def test_type_ids_fixed_table_and_buckets():
    assert type_ids.type_id(R.parse("Int64"), R) == type_ids.ID_OF["Int64"]
    assert type_ids.type_id(R.parse("Vector{Float64}"), R) == type_ids.ID_OF["Vector{Float64}"]
    assert type_ids.type_id(R.parse("Union{Nothing, Int}"), R) == type_ids.ID_OF["Union{T, Nothing}"]
    assert type_ids.type_id(R.parse("Vector{Real}"), R) == type_ids.ID_OF["Vector{<abstract>}"]
    assert len(type_ids.FIXED_TYPES) == 126 and min(type_ids.ID_OF.values()) == 2
    bucket = type_ids.type_id(R.parse("MyPackageType"), R)
    assert 128 <= bucket < 1152
    # the documented hash: FNV-1a 32 of the UTF-8 name, mod 1024, plus 128 (same on every run and machine)
    h = 2166136261
    for b in "MyPackageType".encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    assert bucket == 128 + h % 1024


def test_named_tuples_print_as_julia_prints_them():
    from juliatag.types.jtypes import FLOAT64, INT64, DataT, SymbolValue, dt, show

    names = (SymbolValue("a"), SymbolValue("b"))
    assert show(DataT("NamedTuple", (names, dt("Tuple", INT64, FLOAT64)))) == "@NamedTuple{a::Int64, b::Float64}"
    assert show(DataT("NamedTuple", ((SymbolValue("a"),), dt("Tuple", INT64)))) == "@NamedTuple{a::Int64}"
    assert show(DataT("NamedTuple", ((), dt("Tuple")))) == "@NamedTuple{}"
    assert show(DataT("Val", (SymbolValue("x"),))) == "Val{:x}"


def test_the_bare_tuple_name_is_every_tuple_type():
    t = R.parse("Tuple")
    assert show(t) == "Tuple" and show(R.parse("Tuple{}")) == "Tuple{}"
    assert R.issub(R.parse("Tuple{Int, Float64}"), t) is True       # `(1, 2.0) isa Tuple`
    assert R.issub(R.parse("Tuple{Int}"), R.parse("Union{NamedTuple, Tuple}")) is True
    assert R.issub(R.parse("Tuple{Int}"), R.parse("Tuple{}")) is False
    assert R.is_concrete(t) is False


def test_a_registry_with_nothing_of_its_own_answers_from_its_parents_caches():
    """A file that declares no type asks what its package's registry would answer: the files of a
    package share what was worked out. One that declares a type answers for itself."""
    package = TypeRegistry(parent=R)
    declare_from_source(package, "abstract type Shape end", user=True)
    declare_from_source(package, "struct Square <: Shape; side::Float64 end", user=True)
    plain_file = TypeRegistry(parent=package)
    square, shape = package.parse("Square"), package.parse("Shape")
    assert plain_file.issub_closed(square, shape)
    assert package._subtypes.get((square, shape)) is True    # kept where the file's siblings find it
    assert plain_file.ancestor_names("Square") is package.ancestor_names("Square")
    typed_file = TypeRegistry(parent=package)
    declare_from_source(typed_file, "struct Circle <: Shape; r::Float64 end", user=True)
    circle = typed_file.parse("Circle")
    assert typed_file.issub_closed(circle, shape) and typed_file.depth(circle) == 2
    assert (circle, shape) not in package._subtypes          # the package never declared Circle
    assert not plain_file.issub_closed(circle, shape)         # an undeclared name, to a file without it
