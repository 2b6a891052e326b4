"""The gate on hand-written good and bad completions."""

import pytest

from juliatag.generate.gate import Gate, combine, decide
from juliatag.generate.names import NameGuard

PROMPT = """struct Point2D
    x::Float64
    y::Float64
end

function midpoint(a::Point2D, b::Point2D)
"""
GOOD = """    mx = (a.x + b.x) / 2
    my = (a.y + b.y) / 2
    return Point2D(mx, my)
end
"""


@pytest.fixture(scope="module")
def gate():
    return Gate()


def _score(gate, completion, prompt=PROMPT):
    guard = NameGuard(["Point2D", "midpoint"], {"Point2D"}, [b"x"])
    return gate.score(prompt, completion, guard=guard)


def test_a_good_completion_commits(gate):
    v = _score(gate, GOOD)
    assert v.parses and v.degenerate is None
    assert (v.stability, v.boundary, v.coherence, v.hallucination) == (1.0, 1.0, 1.0, 0.0)
    assert v.value == pytest.approx(1.0) and v.decision == "commit"
    assert v.counts["stability_sites"] == 3          # mx, my and the return of midpoint (Point2D)
    assert not v.findings


def test_unstable_and_union_bindings_cost_stability(gate):
    v = _score(gate, """    q = a.x > 0 ? a : 1.5
    return q
end
""")
    assert v.parses and v.counts["stability_sites"] == 2 and v.counts["union"] == 2
    assert v.stability == pytest.approx(0.5)
    assert any("`q` is a small union" in f.message for f in v.findings)
    assert any("`midpoint` returns Union{Float64, Point2D}" in f.message for f in v.findings)
    v = _score(gate, """    s = Any[a.x][1]
    return s
end
""")
    assert v.stability == 0.0 and any(f.part == "stability" and "unstable" in f.message for f in v.findings)


def test_abstract_fields_and_element_types_cost_boundary(gate):
    v = _score(gate, """    return Box(a.x, [])
end

mutable struct Box
    v::Real
    w::Float64
    items::Vector{Any}
end
""")
    assert v.counts["boundary_sites"] == 3 and v.counts["abstract"] == 2
    assert v.boundary == pytest.approx(1 / 3)
    v = _score(gate, """    acc = []
    d = Dict{String, Real}()
    ok = Float64[]
    return Point2D(a.x, b.y)
end
""")
    assert v.counts["boundary_sites"] == 3 and v.counts["abstract"] == 2
    assert {f.message.split("`")[1] for f in v.findings if f.part == "boundary"} == {"acc", "d"}


def test_undefined_names_are_hallucinations_and_near_misses_are_named(gate):
    v = _score(gate, """    c = helper(a)
    return Point3D(c, b.y)
end
""")
    assert v.counts["references"] >= 3 and v.counts["undefined"] == 2
    assert v.hallucination == pytest.approx(v.counts["undefined"] / v.counts["references"])
    msgs = [f.message for f in v.findings if f.part == "hallucination"]
    assert "undefined name `Point3D` (a near miss of `Point2D`)" in msgs
    assert "undefined name `helper`" in msgs
    v = _score(gate, """    p::Point4D = a
    return p
end
""")
    assert any("`Point4D`" in f.message for f in v.findings if f.part == "hallucination")
    # a name the prompt already uses is not the model's invention
    prompt = PROMPT.replace("function midpoint", "helper(p) = 1\n\nfunction midpoint")
    assert _score(gate, "    return helper(a)\nend\n", prompt).hallucination == 0.0


def test_syntax_errors_cost_coherence_and_the_rest(gate):
    unclosed = _score(gate, "    mx = (a.x + b.x) / 2\n")
    assert not unclosed.parses and unclosed.coherence == pytest.approx(0.5)   # only the opener is in error
    assert any("expected `end`" in f.message for f in unclosed.findings)
    garbage = _score(gate, ") = = ( [ end end ) ,, =\n")
    assert not garbage.parses and garbage.coherence < 0.25
    # the parser marks only where it gave up: a whole line with an error is unreadable
    junk = _score(gate, "T,::::<: { {T})<:<:::::{ {<:::<: { where:: {::::Real)T}::)\n    Real)<:):: where\nend\n")
    assert junk.counts["raw"]["readable"] < 0.5 and junk.decision == "halt"
    assert garbage.counts["raw"]["readable"] < 0.5
    assert garbage.stability <= garbage.counts["raw"]["readable"]       # unreadable code vouches for nothing
    assert garbage.decision == "halt"


@pytest.mark.parametrize("completion,reason", [("", "empty"), ("   \n", "empty"), ("  # TODO\n", "no code"),
                                               ('    """\n    just words\n    """\n', "no code"),
                                               ("    x = 1\n" * 6 + "end\n", "repetition")])
def test_degenerate_completions_score_zero(gate, completion, reason):
    v = _score(gate, completion)
    assert v.degenerate == reason and v.value == 0.0 and v.decision == "halt"


def test_v_is_the_weighted_sum_of_the_printed_parts(gate):
    for completion in (GOOD, "    acc = []\n    return helper(acc)\nend\n", "    mx = 1\n"):
        v = _score(gate, completion)
        assert v.value == pytest.approx(combine(v.stability, v.boundary, v.coherence, v.hallucination))
        assert v.decision == decide(v.value)
        line = v.line()
        assert all(w in line for w in ("stability", "boundary", "coherence", "hallucination", v.decision))
    assert decide(0.7) == "commit" and decide(0.69) == "repair" and decide(0.4) == "repair" and decide(0.39) == "halt"


def test_redefining_a_prompt_struct_is_reported(gate):
    v = _score(gate, "    return a\nend\n\nstruct Point2D\n    z::Int\nend\n")
    assert any(f.part == "definitions" and "`Point2D`" in f.message for f in v.findings)
