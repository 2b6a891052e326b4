"""The lexeme that carries an expression's value, by the label schema."""

import pytest

from juliatag.syntax import get_parser
from juliatag.syntax.tree import ParserUnavailable
from juliatag.truth.anchor import value_anchor

try:
    PARSER = get_parser("fatou")
except ParserUnavailable:  # pragma: no cover - fatou is a dependency
    PARSER = None

pytestmark = pytest.mark.skipif(PARSER is None, reason="fatou not installed")

CASES = [
    ("f(x)", "f"), ("A.f(x)", "f"), ("Vector{Int}(undef, 2)", "Vector"), ("f.(x)", "f"),
    ("a + b", "+"), ("a + b + c", "+"), ("-x", "-"), ("x'", "'"), ("a.b", "b"), ("x[1]", "["),
    ("1:3", ":"), ("[1, 2]", "["), ("[1 2; 3 4]", "["), ("(1, 2)", "("), ("[i for i in 1:2]", "["),
    ("(a)", "a"), ("@inferred f(x)", "f"), ("x = g(1)", "x"), ("v[1] = h(2)", "h"), ("1.5", "1.5"),
    ('"s"', '"'), (":sym", ":"), ("a == b", "=="),
    ("if a\n1\nend", None), ("a && b", None), ("@show x", None), ("begin\n1\nend", None),
]


@pytest.mark.parametrize("src,anchor", CASES)
def test_value_anchor(src, anchor):
    data = src.encode()
    (node,) = PARSER.parse(data).root.children
    at = value_anchor(node, data)
    if anchor is None:
        assert at is None
    else:
        assert at is not None and data[at:].decode().startswith(anchor)
