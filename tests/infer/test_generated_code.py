"""Definitions a package's top-level code generates (`@eval` loops over literal names, calls of its
template macros): written out (infer/generated.py), scanned into the package summary, and inferred
as one more file of the package."""

from pathlib import Path

import pytest

from juliatag.infer.generated import generated_source
from juliatag.infer.package import SummaryBuilder
from juliatag.infer.state import EVAL_LOOP_MAX_ITERATIONS
from juliatag.ingest import IngestOptions, ingest
from juliatag.syntax.fatou import find_fatou

from .test_program import _labels, _package

TEMPLATE = '''
for (T, f) in ((:Up, :up), (:Down, :down))
    @eval begin
        """ `$($T)` docs, with `$x` left alone """
        struct $T{E} <: Shape{E}
            v::Vector{E}
        end
        $f(x::$T) = x.v
        $(Symbol(T, "Vec")){E} = $T{E}
    end
end
'''


def test_a_loop_is_written_out_once_per_iteration():
    out = generated_source(TEMPLATE)
    assert "struct Up{E} <: Shape{E}" in out and "struct Down{E} <: Shape{E}" in out
    assert "up(x::Up) = x.v" in out and "down(x::Down) = x.v" in out
    assert "UpVec{E} = Up{E}" in out and "DownVec{E} = Down{E}" in out
    # string interpolation stays what it is; a splice inside one is done
    assert "`$(Up)` docs, with `$x` left alone" in out
    assert "$T" not in out and "$f" not in out and "@eval" not in out


def test_operators_and_qualified_names():
    src = "for op in (:+, :(==)), g in (:sin,)\n    @eval Base.$op(a::W, b::W) = W($op(a.x, b.x))\n" \
          "    @eval ($g)(a::W) = $g(a.x)\nend\n"
    out = generated_source(src)
    assert "Base.:(+)(a::W, b::W) = W((+)(a.x, b.x))" in out
    assert "Base.:(==)(a::W, b::W) = W((==)(a.x, b.x))" in out
    assert "sin(a::W) = sin(a.x)" in out


def test_nested_loops_and_type_values():
    src = "for T in (Float32, Float64)\n    for n in (1, 2)\n        @eval k(::Type{$T}, ::Val{$n}) = $n\n" \
          "    end\nend\n"
    out = generated_source(src)
    for t in ("Float32", "Float64"):
        for n in ("1", "2"):
            assert f"k(::Type{{{t}}}, ::Val{{{n}}}) = {n}" in out


def test_names_the_loop_body_builds_are_spliced():
    """SpecialFunctions' `erf.jl`: the body binds names made of the loop variable (`Symbol`,
    `QuoteNode`) before its `@eval`, which splices them."""
    src = ("for f in (:erf, :erfc)\n    internalf = Symbol(:_, f)\n    libf = QuoteNode(f)\n"
           "    libf0 = QuoteNode(Symbol(f, :f))\n    @eval begin\n        $f(x::Number) = $internalf(float(x))\n"
           "        $internalf(x::Float32) = ccall(($libf0, lib), Float32, (Float32,), x)\n"
           "        $internalf(x::Float64) = ccall(($libf, lib), Float64, (Float64,), x)\n    end\nend\n")
    out = generated_source(src)
    for f in ("erf", "erfc"):
        assert f"{f}(x::Number) = _{f}(float(x))" in out
        assert f"_{f}(x::Float32) = ccall((:{f}f, lib), Float32, (Float32,), x)" in out
        assert f"_{f}(x::Float64) = ccall((:{f}, lib), Float64, (Float64,), x)" in out


@pytest.mark.parametrize("src", [
    # a splice of something that is not a loop variable
    "for t in (:A, :B)\n    @eval $(lowercase(t))(x) = 1\nend\n",
    "for t in (:A, :B)\n    @eval $u(x) = 1\nend\n",
    # a statement other than `@eval` in the body
    "for t in (:A, :B)\n    name = lowercase(t)\n    @eval $name(x) = 1\nend\n",
    "for t in (:A, :B)\n    println(t)\n    @eval $t(x) = 1\nend\n",
    # a name built of something that is not a loop variable or a literal
    "for t in (:A, :B)\n    name = Symbol(t, u)\n    @eval $name(x) = 1\nend\n",
    # an iterable that is not literal
    "for t in names(Base)\n    @eval $t(x::W) = 1\nend\n",
    # a loop inside a function runs when called, not when the package loads
    "function f()\n    for t in (:A, :B)\n        @eval $t(x) = 1\n    end\nend\n",
    # an `@eval` statement that goes on over the next line
    "for t in (:A, :B)\n    @eval $t(x) =\n        1\nend\n",
    # a tuple of values bound to one name
    "for t in ((:A, :a), (:B, :b))\n    @eval $t(x) = 1\nend\n",
    # no loop at all
    "@eval f(x) = 1\n",
])
def test_loops_that_cannot_be_written_out_exactly_are_left_out(src):
    assert generated_source(src) is None


def test_a_loop_with_too_many_iterations_is_left_out():
    names = ", ".join(f":n{i}" for i in range(EVAL_LOOP_MAX_ITERATIONS + 1))
    assert generated_source(f"for t in ({names})\n    @eval $t(x) = 1\nend\n") is None
    names = ", ".join(f":n{i}" for i in range(EVAL_LOOP_MAX_ITERATIONS))
    assert generated_source(f"for t in ({names})\n    @eval $t(x) = 1\nend\n").count("(x) = 1") == \
        EVAL_LOOP_MAX_ITERATIONS


def test_loops_in_a_module_block_are_top_level_and_keep_their_module():
    src = "module M\nif true\nfor t in (:A,)\n    @eval $t() = 1\nend\nend\nx = [i for i in 1:3]\n" \
          "baremodule Sub\nfor t in (:B,)\n    @eval $t() = 2\nend\nend\nend\nfor t in (:C,)\n    @eval $t() = 3\nend\n"
    assert generated_source(src) == "module M\nA() = 1\nend\nmodule M\nmodule Sub\nB() = 2\nend\nend\nC() = 3\n"


def test_the_summary_scans_what_the_loops_define():
    b = SummaryBuilder("P")
    b.add(TEMPLATE, ("P/src/shapes.jl", "0" * 64))
    s = b.build()
    assert {"up", "down"} <= set(s.functions)
    assert any(line.startswith("struct Up{E} <: Shape{E}") for line in s.decl_lines)
    # the file defines nothing outside its loop: its one source is what the loop generates, under the
    # file's path and the sha256 of the written-out text
    assert [(p, sha != "0" * 64) for p, sha in s.sources] == [("P/src/shapes.jl", True)]
    # a test file's loops are not sources
    b = SummaryBuilder("P")
    b.add(TEMPLATE, ("P/test/t.jl", "1" * 64), test=True)
    assert b.build().sources == ()


MACRO = '''
macro shape(name, field)
    return quote
        struct $name{E} <: Shape{E}
            $field::Vector{E}
        end
        $(esc(name))(x::Vector{E}, n::Int) where {E} = $(esc(name)){E}(x[1:n])
    end
end
@shape Left left
@shape(Right, right)
'''


def test_calls_of_a_template_macro_are_written_out():
    out = generated_source(MACRO)
    assert "struct Left{E} <: Shape{E}\n            left::Vector{E}" in out
    assert "struct Right{E} <: Shape{E}\n            right::Vector{E}" in out
    assert "Left(x::Vector{E}, n::Int) where {E} = Left{E}(x[1:n])" in out
    assert "$" not in out and "@shape" not in out


@pytest.mark.parametrize("src", [
    # the macro computes something before its quote
    "macro m(n)\n    s = Symbol(n, :x)\n    quote\n        $s() = 1\n    end\nend\n@m A\n",
    # its quote splices something that is not a parameter
    "macro m(n)\n    quote\n        $n() = $(length(n))\n    end\nend\n@m A\n",
    # a call with something other than a name, or too few arguments
    "macro m(n)\n    quote\n        $n() = 1\n    end\nend\n@m :A\n",
    "macro m(n, k)\n    quote\n        $n() = 1\n    end\nend\n@m A\n",
    # a call before the definition, or inside a function
    "@m A\nmacro m(n)\n    quote\n        $n() = 1\n    end\nend\n",
    "macro m(n)\n    quote\n        $n() = 1\n    end\nend\nfunction f()\n    @m A\nend\n",
])
def test_macro_calls_that_cannot_be_written_out_exactly_are_left_out(src):
    assert generated_source(src) is None


FILES = {
    "Project.toml": 'name = "P"\nuuid = "11111111-2222-3333-4444-555555555556"\n',
    "src/P.jl": 'module P\nabstract type Shape{E} end\ninclude("shapes.jl")\ninclude("more.jl")\nend\n',
    "src/shapes.jl": TEMPLATE,
    "src/more.jl": MACRO,
    "test/runtests.jl": "using P\ns = P.Up([1.0, 2.0])\nv = P.up(s)\nw = down(P.Down([1, 2]))\nr = P.Right([1, 2, 3], 2)\n",
}


@pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")
def test_calls_reach_the_types_and_methods_a_loop_defines(tmp_path: Path):
    out = tmp_path / "out"
    ingest([str(_package(tmp_path, FILES))], out, IngestOptions(jobs=1))
    got = _labels(out)["test/runtests.jl"]
    assert got["s"] == "Up{Float64}"
    assert got["v"] == "Vector{Float64}"
    assert got["w"] == "Vector{Int64}"
    assert got["r"] == "Right{Int64}"
