"""A package's expression macros read as templates (infer/templates.py): a call of one has the type
of its expansion, with each splice the type of the argument it names; a macro whose body is not such
a template leaves the call unknown."""

import pytest

from juliatag.infer.templates import read_template
from juliatag.syntax.fatou import FatouParser, find_fatou

from .snippets import first_types
from .test_program import _ingest, _package

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

MOVE = """
abstract type AbstractBox end
struct Box <: AbstractBox
    v::Vector{Float64}
end
struct FixedBox <: AbstractBox
    v::Vector{Float64}
end
isfixed(::AbstractBox) = false
isfixed(::FixedBox) = true
isfixed(a::AbstractBox, bs::Vararg{Any,N}) where N = isfixed(a) || (N > 0 && isfixed(bs...))
movefixed(b::Box) = FixedBox(b.v)
macro if_move_fixed(a...)
    length(a) <= 1 && error("@if_move_fixed needs at least two arguments")
    h, v = esc.(a[1:end - 1]), esc(a[end])
    :(isfixed($(h...)) ? movefixed($v) : $v)
end
"""


def test_a_template_macro_of_another_file_is_its_expansion(tmp_path):
    """SparseArrays' `@if_move_fixed A SparseVector(...)`: the macro, in another file of the package,
    checks its arguments, names parts of them (`esc.(a[1:end-1])`, `esc(a[end])`) and returns a quote
    that splices them. The call is `isfixed(A) ? movefixed(B) : B`, whose condition is the constant
    false for a Box (the branch is dead, as Julia's inference finds it): a Box. In any file and with
    any number of jobs."""
    files = {
        "Project.toml": 'name = "M"\n',
        "src/M.jl": 'module M\ninclude("box.jl")\ninclude("use.jl")\nend\n',
        "src/box.jl": MOVE,
        "src/use.jl": ("function grow(b::Box)\n    return @if_move_fixed b Box(vcat(b.v, 0.0))\nend\n"
                       "both(b::Box, c::Box) = @if_move_fixed b c Box(c.v)\n"),
        "test/t.jl": "using M\ng = M.grow(M.Box([1.0]))\nh = M.both(M.Box([1.0]), M.Box([2.0]))\n"
                     "d = M.@if_move_fixed M.Box([1.0]) M.Box([2.0])\n",
    }
    for jobs in (1, 2):
        got = _ingest(_package(tmp_path / str(jobs), files), tmp_path / f"out{jobs}", jobs=jobs)
        t = got["test/t.jl"]
        assert (t["g"], t["d"]) == ("Box", "Box")
        # `isfixed(b, c)` runs the vararg method, whose constant is not worked out: either branch
        assert t["h"] == "Union{Box, FixedBox}"


def test_template_macros_of_the_file_itself():
    """A template in the labelled file: `:(...)` or `quote ... end`, returned or last; a `local` the
    quote assigns is its own (hygiene), not the caller's variable of that name; an argument picked
    by position (`a[2]`, `a[end - 1]`, a run `a[2:end]` spliced into a call, the function called);
    a splice as an `if`'s condition."""
    src = ("macro twice(x)\n    return :(2 * $(esc(x)))\nend\n"
           "macro plusone(x)\n    quote\n        local t = $(esc(x))\n        t + 1\n    end\nend\n"
           "macro second(a...)\n    :($(esc(a[2])))\nend\n"
           "macro butlast(a...)\n    y = esc(a[end - 1])\n    :($y)\nend\n"
           "macro rest(f, a...)\n    :($(esc(f))($(map(esc, a[2:end])...)))\nend\n"
           "macro either(c, x)\n    quote\n        if $(esc(c))\n            $(esc(x))\n        else\n"
           "            2 * $(esc(x))\n        end\n    end\nend\n"
           "t = \"s\"\ny1 = @twice 3.0\ny2 = @plusone 2\nt2 = t\ny3 = @second 1 2.5 'c'\n"
           "y4 = @butlast 1 2.5 'c'\ny5 = @rest tuple 1 2.5 'c'\ny6 = @either rand(Bool) 1.5\n")
    ft = first_types(src)
    assert (ft["y1"], ft["y2"], ft["t2"]) == ("Float64", "Int64", "String")
    assert (ft["y3"], ft["y4"]) == ("Float64", "Float64")
    assert ft["y5"] == "Tuple{Float64, Char}"
    assert ft["y6"] == "Float64"   # a splice as a condition


def test_calls_of_macros_that_are_not_templates_stay_unknown():
    """What a template cannot tell: a quote wrapped whole in `esc` (its names are the caller's), a
    splice in a field name's place, a typed parameter (the macro dispatches on the expression), a
    quote that leaves the caller's code (`return`), one that defines a function, a splice of
    something computed, and a call with too few arguments for the part it picks."""
    src = ("macro escaped(x)\n    esc(:($x + 1))\nend\n"
           "macro field(x)\n    :(p.$x)\nend\n"
           "macro typed(x::Symbol)\n    :($(esc(x)) + 1)\nend\n"
           "macro leaves(x)\n    :($(esc(x)) === nothing && return 0)\nend\n"
           "macro defines(x)\n    :(f() = $(esc(x)))\nend\n"
           "macro computed(x)\n    n = length(string(x))\n    :($n + 1)\nend\n"
           "macro second(a...)\n    :($(esc(a[2])))\nend\n"
           "p = (a = 1.0,)\n"
           "z1 = @escaped 1\nz2 = @field a\nz3 = @typed x\nz4 = @leaves 1\nz5 = @defines 1\n"
           "z6 = @computed abc\nz7 = @second 1\n")
    ft = first_types(src)
    assert [ft[f"z{i}"] for i in range(1, 8)] == [None] * 7


def test_reading_templates():
    """Which macro bodies are templates, and what each splice picks for a call's argument count."""
    src = (b"macro m(a...)\n    length(a) == 0 && throw(ArgumentError(\"none\"))\n    @assert true\n"
           b"    h, v = esc.(a[1:end - 1]), esc(a[end])\n    return :(g($(h...), $v))\nend\n"
           b"macro k(x)\n    println(x)\n    :($x)\nend\n")
    root = FatouParser().parse(src).root
    macros = [n for n in root.children if n.kind == "MACRO_DEF"]

    def text(node):
        return src[node.start:node.end].decode()
    m = read_template(macros[0], text)
    assert m is not None and m.vararg and m.accepts(1) and m.accepts(3)
    picks = sorted((p.single, p.indices(3)) for p in m.holes.values())
    assert picks == [(False, [0, 1]), (True, [2])]
    assert read_template(macros[1], text) is None   # a statement that does something at expansion
