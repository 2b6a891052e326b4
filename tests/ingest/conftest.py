"""Fixture package trees for the ingest robustness tests (Julia written for the tests)."""

from pathlib import Path

import pytest

SNIPPETS = {
    "geometry.jl": "struct P{T<:Real}\n    x::T\n    y::T\nend\nnorm2(p::P{Float64}) = p.x^2 + p.y^2\n",
    "stats.jl": "function mean(xs::Vector{Float64})\n    s = 0.0\n    for x in xs\n        s += x\n    end\n"
                "    return s / length(xs)\nend\n",
    "text.jl": "count_words(s::String) = length(split(s))\nshout(s::String) = uppercase(s) * \"!\"\n",
    "graph.jl": "function degree(adj::Vector{Vector{Int}}, v::Int)\n    return length(adj[v])\nend\n",
    "sim.jl": "mutable struct Clock\n    t::Float64\nend\ntick!(c::Clock, dt::Float64) = (c.t += dt)\n",
    "loops.jl": "function decay(n::Int)\n    x = 1\n    for i in 1:n\n        x /= 2\n    end\n    return x\nend\n",
}


def write_packages(root: Path, n_packages: int = 3) -> Path:
    src = root / "pkgs"
    for p in range(n_packages):
        pkg = src / f"Pkg{p}.jl"
        (pkg / "src").mkdir(parents=True)
        (pkg / "Project.toml").write_text(f'name = "Pkg{p}"\n')
        for name, text in SNIPPETS.items():
            (pkg / "src" / f"{p}_{name}").write_text(f"# package {p}\n" + text)
    return src


@pytest.fixture
def packages(tmp_path) -> Path:
    return write_packages(tmp_path)


def tree_bytes(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
