"""Issue 16, cause 4: a field of a parametric struct read through an argument (`p::Point` or
`p::Point{T}`) is the struct's type parameter, one concrete type per call (stable), not its bound
marked unstable; arithmetic on it stays concrete per call."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import labels

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

SOURCE = """struct Point{T<:Real}
    x::T
    y::T
end
function norm_where(p::Point{T}) where {T<:Real}
    a = p.x
    r = sqrt(p.x^2 + p.y^2)
    return r
end
function norm_plain(p::Point)
    b = p.x
    s = sqrt(p.x^2 + p.y^2)
    return s
end
function from_container(ps::Vector{Point})
    c = ps[1].x
    return c
end
"""

STABLE, UNSTABLE = 1, 3


def _first(name):
    for text, t, stab in labels(SOURCE):
        if text == name:
            return t, stab
    raise KeyError(name)


def test_field_of_an_argument_is_the_type_parameter():
    assert _first("a") == ("T", STABLE)
    assert _first("b") == ("T", STABLE)


def test_arithmetic_on_the_field_is_stable_not_any():
    for name in ("r", "s"):
        t, stab = _first(name)
        assert t != "Any" and stab == STABLE


def test_element_of_an_abstract_container_is_not_concrete_per_call():
    t, _ = _first("c")
    assert t != "T"
