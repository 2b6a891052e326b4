"""A package's type declarations and aliases as the analyzer's registry holds them: parametric
aliases (`const MinHeap{T} = Heap{T, Base.Order.ForwardOrdering}`) and declarations whose supertype is
an alias, whatever the order the package summary lists them in."""

from pathlib import Path

import pytest

from juliatag.syntax.fatou import find_fatou

from .test_program import _ingest, _package

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


def test_parametric_alias_and_a_supertype_through_an_alias(tmp_path: Path):
    files = {
        "Project.toml": 'name = "S"\n',
        "src/S.jl": 'module S\ninclude("sparse.jl"); include("heap.jl")\nend\n',
        "src/sparse.jl": (
            "abstract type AbstractSA{Tv,Ti,N} <: AbstractArray{Tv,N} end\n"
            "const AbstractSM{Tv,Ti} = AbstractSA{Tv,Ti,2}\n"
            "abstract type AbstractCSC{Tv,Ti} <: AbstractSM{Tv,Ti} end\n"
            "struct CSC{Tv,Ti<:Integer} <: AbstractCSC{Tv,Ti}\n    nz::Vector{Tv}\n    r::Vector{Ti}\nend\n"),
        "src/heap.jl": (
            "abstract type AbstractHeap{T} end\n"
            "struct Heap{T,O<:Base.Ordering} <: AbstractHeap{T}\n    v::Vector{T}\nend\n"
            "const MinHeap{T} = Heap{T, Base.ForwardOrdering}\n"
            "Base.eltype(::Type{<:AbstractHeap{T}}) where T = T\n"),
        "test/t.jl": ("using S\nc = CSC([1.0], [1])\nec = eltype(c)\nh = MinHeap{Int}(Int[])\n"
                      "eh = eltype(h)\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert t["c"] == "CSC{Float64, Int64}"
    assert t["ec"] == "Type{Float64}"      # CSC <: AbstractCSC <: AbstractSM (an alias) <: AbstractArray
    assert t["h"] == "Heap{Int64, Base.Order.ForwardOrdering}"
    assert t["eh"] == "Type{Int64}"        # the alias expanded: Base's eltype(x) reaches eltype(::Type)


def test_a_declaration_head_over_several_lines_keeps_its_supertype(tmp_path: Path):
    # `struct S{...} <:` with the supertype on the next line (and a brace left open over a line):
    # the summary joins the head; a head it cannot finish declares nothing (never a supertype Any)
    files = {
        "Project.toml": 'name = "M"\n',
        "src/M.jl": 'module M\ninclude("types.jl")\nend\n',
        "src/types.jl": (
            "abstract type Dist{S} end\nabstract type Sub{S} <:\n    Dist{S} end\n"
            "struct Order{D<:Dist} <:\n       Sub{Int}\n    d::D\n    n::Int\nend\n"
            "struct Wide{A,\n            B} <: Dist{A}\n    x::A\n    y::B\nend\n"
            "struct Leaf <: Dist{Int} end\n"),
        "test/t.jl": ("using M\no = Order(Leaf(), 3)\nsub = o isa Dist ? 1 : \"no\"\nw = Wide(1, 2.0)\n"
                      "flag = w isa Dist ? 1 : \"no\"\nf = o.n\n"),
    }
    got = _ingest(_package(tmp_path, files), tmp_path / "out")
    t = got["test/t.jl"]
    assert t["o"] == "Order{Leaf}"
    assert t["sub"] == "Int64"      # Order <: Sub <: Dist, both heads joined
    assert t["w"] == "Wide{Int64, Float64}"
    assert t["flag"] == "Int64"     # Wide <: Dist, known through the joined head
    assert t["f"] == "Int64"        # the fields after a joined head are read


def test_a_declaration_with_nothing_after_its_subtype_sign_is_not_declared():
    from juliatag.types.registry import TypeRegistry, base_registry, declare_package
    reg = TypeRegistry(parent=base_registry())
    declare_package(reg, ["abstract type Dist{S} end", "struct Cut{D<:Dist, S} <: end", "struct Ok <: Dist{Int} end"],
                    [], frozenset())
    assert reg.decl("Cut") is None
    assert reg.decl("Ok") is not None


def test_declarations_a_docstring_shows_are_not_the_package_s():
    from juliatag.infer.package import summarize_package
    q = '"' * 3
    text = (f'{q}\n    struct Scalar\n\nThe data of a scalar.\n    function helper(x) end\n{q}\n'
            "struct Scalar{F<:Number,\n              S} <: Base.Number\n    f::F\n    s::S\nend\n"
            f'msg() = error({q}\n    struct Hidden end\n    {q}, 1)\n'
            "# a comment's \" and \"\"\" do not open anything\nstruct After end\n"
            "c = 'a'; q = '\"'; A = B'\nstruct Last end\n")
    s = summarize_package("P", [text])
    heads = sorted(d.split(";")[0].split(" <:")[0] for d in s.decl_lines)
    assert heads == ["struct After end", "struct Last end", "struct Scalar{F<:Number, S}"]
    assert "helper" not in s.functions and "msg" in s.functions


def test_packages_using_the_same_packages_share_their_types_registries():
    """The packages of a monorepo use the same few siblings: the registry of a sibling's types (over
    those before it in the list) is built once and shared, not declared again for each user."""
    from juliatag.infer.package import PackageSummary, index_for
    core = PackageSummary(name="Core1", decl_lines=("abstract type AbstractAlg end",))
    tools = PackageSummary(name="Tools", decl_lines=("struct Alg <: AbstractAlg end",))
    a = index_for(PackageSummary(name="A", decl_lines=("struct Step <: AbstractAlg end",), dependencies=(core, tools)))
    b = index_for(PackageSummary(name="B", dependencies=(core, tools)))
    c = index_for(PackageSummary(name="C", dependencies=(tools,)))
    assert a.registry.parent is b.registry.parent          # Tools over Core1, once
    assert a.registry.parent.parent is b.registry.parent.parent
    assert c.registry.parent is not a.registry.parent      # Tools alone: another layer
    step, alg = a.registry.parse("Step"), b.registry.parse("Alg")
    assert a.registry.issub(step, a.registry.parse("AbstractAlg")) and b.registry.issub(alg, b.registry.parse("Core1.AbstractAlg"))
    assert b.registry.decl("Step") is None                  # A's own types stay A's
