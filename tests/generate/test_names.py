"""Name protection: the prompt's definitions and the near-miss logit bias, on a hand-built vocabulary."""

import torch

from juliatag.generate.names import NameGuard, TailTracker, edit_distance, identifier_tail, prompt_definitions
from juliatag.generate.sampling import SamplingConfig, draw
from juliatag.syntax import get_parser

VOCAB = [b"", b"Point", b"2D", b"3D", b"3", b"2", b"D(", b"(", b" ", b"\n", b" =", b"Po", b"int", b"x",
         b"Point3D", b"Point2D", b"2D(", b"3D(", b"PointLike", b"1.0"]
ID = {b: i for i, b in enumerate(VOCAB)}
PROMPT = b"""struct Point2D
    x::Float64
    y::Float64
end
const ORIGIN = Point2D(0.0, 0.0)
norm2(p::Point2D) = p.x^2 + p.y^2
"""


def test_prompt_definitions_by_kind():
    d = prompt_definitions(PROMPT, get_parser("fatou"))
    assert d.structs == ["Point2D"] and d.consts == ["ORIGIN"] and d.functions == ["norm2"]
    assert set(d.protected) == {"Point2D", "ORIGIN", "norm2"}
    assert {"x", "y", "p", "Float64"} <= d.identifiers


def test_point3d_is_penalised_when_only_point2d_exists():
    guard = NameGuard(["Point2D"], {"Point2D", "x"}, VOCAB, bias=5.0)
    after_point = set(guard.penalised(b"Point"))
    assert {ID[b"3D"], ID[b"3D("], ID[b"3"]} <= after_point          # Point3D, Point3D(, Point3...
    assert not {ID[b"2D"], ID[b"2D("], ID[b"2"], ID[b"("], ID[b" ="]} & after_point
    fresh = set(guard.penalised(b""))
    assert ID[b"Point3D"] in fresh and ID[b"Point2D"] not in fresh and ID[b"Point"] not in fresh
    assert ID[b"x"] not in fresh and ID[b"1.0"] not in fresh
    assert ID[b"PointLike"] not in fresh        # too far from Point2D to be a near miss
    # the bias turns a greedy `3D` into `2D`
    logits = torch.zeros(len(VOCAB))
    logits[ID[b"3D"]], logits[ID[b"2D"]] = 3.0, 2.0
    tracker = TailTracker(guard, b"p = Point", VOCAB)
    b = tracker([])
    assert b[ID[b"3D"]] == -5.0 and b[ID[b"2D"]] == 0.0
    assert draw(logits + b, SamplingConfig(temperature=0), torch.Generator()) == ID[b"2D"]
    assert draw(logits, SamplingConfig(temperature=0), torch.Generator()) == ID[b"3D"]   # without it


def test_tracker_follows_the_identifier_across_tokens():
    guard = NameGuard(["Point2D"], set(), VOCAB, bias=5.0)
    tracker = TailTracker(guard, b"q = ", VOCAB)
    assert tracker.tail == b""
    tracker([ID[b"Po"], ID[b"int"]])
    assert tracker.tail == b"Point"
    b = tracker([ID[b"Po"], ID[b"int"], ID[b"3"]])      # "Point3": a near miss is being written
    assert tracker.tail == b"Point3" and b is not None and b[ID[b"D("]] == -5.0
    tracker([ID[b"Po"], ID[b"int"], ID[b"3"], ID[b" ="]])
    assert tracker.tail == b""


def test_no_protection_without_names_or_bias():
    assert not NameGuard([], {"x"}, VOCAB)
    assert not NameGuard(["Point2D"], set(), VOCAB, bias=0.0)
    assert not NameGuard(["xy"], set(), VOCAB)      # too short to protect
    assert NameGuard(["Point2D"], set(), VOCAB).bias_for(b"12") is None   # a number, not a name


def test_helpers():
    assert edit_distance("Point3D", "Point2D") == 1 and edit_distance("abc", "abc") == 0
    assert identifier_tail(b"x = foo_bar") == b"foo_bar" and identifier_tail(b"f(") == b""
    guard = NameGuard(["Point2D"], set(), VOCAB)
    assert guard.nearest("Point3D") == "Point2D" and guard.nearest("Vector") is None
