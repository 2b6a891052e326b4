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
