"""Packed parse trees: unpacking gives the very tree that was packed."""

import pytest

from juliatag.syntax import get_parser
from juliatag.syntax.fatou import find_fatou
from juliatag.syntax.packed import PackedTree
from juliatag.syntax.tree import Node, ParseResult, parents

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


def _shape(result: ParseResult) -> tuple:
    up = parents(result.root)
    nodes = [(n.kind, n.start, n.end, type(n.children), len(n.children),
              None if id(n) not in up else (up[id(n)].kind, up[id(n)].start, up[id(n)].end))
             for n in result.root.walk()]
    return nodes, result.error_ranges, result.diagnostics


def test_unpack_gives_the_packed_tree():
    src = ("module M\nstruct S{T}\n    x::T\nend\nf(s::S, y=1; k...) = s.x + y\n"
           "g(x) = [i^2 for i in 1:x if isodd(i)]\nz = 1 ) 2\nend\n").encode()
    result = get_parser().parse(src)
    assert result.error_ranges
    assert _shape(PackedTree(result).unpack()) == _shape(result)


def test_wide_values_and_an_empty_tree():
    root = Node("ROOT", 0, 300_000)
    for i in range(70_000):  # more children and offsets than 16 bits hold
        root.add(Node("NAME", 4 * i, 4 * i + 3))
    root.children = tuple(root.children)
    wide = ParseResult(root=root, error_ranges=[(1, 2)], diagnostics=["1..2: x"])
    assert _shape(PackedTree(wide).unpack()) == _shape(wide)
    empty = ParseResult(root=Node("ROOT", 0, 0))
    assert _shape(PackedTree(empty).unpack()) == _shape(empty)
