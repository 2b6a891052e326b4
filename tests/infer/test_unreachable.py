"""Unreachable code (`state.reachable`): a construct stops at the first step after an operand that
cannot complete, and the joins keep the paths that can."""

import pytest

from juliatag.labels import label_source
from juliatag.syntax import get_parser

SRC = '''stub(x) = error("not implemented")
function after_return(x::Int)
    return x
    y = x + 1
end
right_dead(x::Int) = x == stub(x)
left_dead(x::Int) = stub(x) == x
chain(x::Int) = x == stub(x) == x
function dead_elseif(x::Int)
    if x > 0
        y = 1
    elseif stub(x) > 0
        y = 2.0
    end
    return y
end
function short_circuit(x::Bool)
    z = x || return 1
    z
end
function comprehension(xs::Vector{Int})
    v = [x for x in xs if stub(x)]
    w = 1
end
function caught(x::Int)
    @test_throws ErrorException stub(x)
    after_throws = 1
    @test stub(x) == 1
    after_test = 2.0
    @testset "t" begin
        stub(x)
        in_set = 1
    end
    after_set = 0x01
end
'''


@pytest.fixture(scope="module")
def labels():
    data = SRC.encode()
    fl = label_source(data, get_parser("fatou"))
    return [(data[s:e].decode(), t) for s, e, t in zip(fl.lexemes.starts, fl.lexemes.ends, fl.types)]


def at(labels, line_text: str, token: str, occurrence: int = 1):
    """The type of the `occurrence`-th `token` on the line of SRC that starts with `line_text`."""
    lines = SRC.splitlines(keepends=True)
    row = next(i for i, ln in enumerate(lines) if ln.strip().startswith(line_text))
    start, end = sum(len(ln) for ln in lines[:row]), sum(len(ln) for ln in lines[:row + 1])
    pos = 0
    hits = []
    for text, t in labels:
        if start <= pos < end and text == token:
            hits.append(t)
        pos += len(text)
    return hits[occurrence - 1]


def test_code_after_return_is_not_analyzed(labels):
    assert at(labels, "return x", "x") == "Int64"
    assert at(labels, "y = x + 1", "y") is None and at(labels, "y = x + 1", "+") is None


def test_an_operator_is_applied_when_its_last_operand_cannot_complete_only(labels):
    assert at(labels, "right_dead", "==") == "Bool"
    assert at(labels, "left_dead", "==") is None
    assert at(labels, "chain", "==", 1) == "Bool" and at(labels, "chain", "==", 2) is None


def test_a_condition_that_cannot_complete_keeps_the_branches_before_it(labels):
    assert at(labels, "return y", "y") == "Int64"
    assert at(labels, "y = 2.0", "y") is None


def test_short_circuit_return_and_comprehension_conditions(labels):
    assert at(labels, "z = x || return 1", "z") == "Bool"
    assert at(labels, "w = 1", "w") == "Int64"


def test_test_macros_catch_what_their_expression_throws(labels):
    """`@test_throws`, `@test` and `@testset` catch what the code in them throws: the code after
    them runs; within a testset, the code after a call that throws does not."""
    assert at(labels, "after_throws = 1", "after_throws") == "Int64"
    assert at(labels, "after_test = 2.0", "after_test") == "Float64"
    assert at(labels, "in_set = 1", "in_set") is None
    assert at(labels, "after_set = 0x01", "after_set") == "UInt8"
