"""Type truths from test assertions, and the tests left out."""

import pytest

from juliatag.syntax import get_parser
from juliatag.syntax.tree import ParserUnavailable
from juliatag.truth.assertions import find_assertions

try:
    PARSER = get_parser("fatou")
except ParserUnavailable:  # pragma: no cover - fatou is a dependency
    PARSER = None

pytestmark = pytest.mark.skipif(PARSER is None, reason="fatou not installed")

SRC = b'''
@testset "t" begin
    @test f(x) isa Vector{Float64}
    @test isa(g(1), Int)
    @test typeof(h(2)) == Float64
    @test Int === typeof(k(3))
    @test typeof(r) <: AbstractRange
    @test eltype(v) == Float64
    @inferred m(1)
    @test @inferred(n(2)) == 2
    @test a isa Int broken=true
    @test b isa Int skip=VERSION < v"1.9"
    @test c isa Int "message"
    @test_broken d isa Int
    @test_skip e isa Int
    @test_throws ErrorException @inferred p(1)
    @test @inferred(q(1)) == 1 broken=true
    @inferred Union{Nothing, Int} s(1)
    if VERSION >= v"1.6"
        @test t isa Int
    elseif Sys.iswindows()
        @test u isa Int
    else
        @inferred w(1)
    end
    @static if VERSION < v"1.7"
        @test y isa Int
    end
    VERSION >= v"1.8" && @test z isa Int
    @test (VERSION >= v"1.8" ? zz : 1) isa Int
    if Sys.islinux()
        @test kept isa Int
    end
end
'''


def _found():
    res = PARSER.parse(SRC)
    return [(a.kind, a.node.text(SRC), a.type_text, a.line) for a in find_assertions(res.root, SRC)]


def test_each_form_is_read():
    found = _found()
    assert found == [
        ("isa", "f(x)", "Vector{Float64}", 3),
        ("isa", "g(1)", "Int", 4),
        ("typeof", "h(2)", "Float64", 5),
        ("typeof", "k(3)", "Int", 6),
        ("isa", "r", "AbstractRange", 7),
        ("eltype", "eltype(v)", "Float64", 8),
        ("inferred", "m(1)", None, 9),
        ("inferred", "n(2)", None, 10),
        ("isa", "kept", "Int", 32),
    ]


def test_left_out_tests_give_nothing():
    texts = {t for _, t, _, _ in _found()}
    for name in ("a", "b", "c", "d", "e", "p(1)", "q(1)", "s(1)", "t", "u", "w(1)", "y", "z", "zz"):
        assert name not in texts
