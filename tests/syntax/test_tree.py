"""Parse trees: upward questions without parent links, and no reference cycles."""

import gc

import pytest

from juliatag.syntax import get_parser
from juliatag.syntax.fatou import find_fatou
from juliatag.syntax.packed import PackedTree
from juliatag.syntax.tree import Node, ancestors, parents

needs_fatou = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

SRC = b"let a = 1\n    f() do\n        a = 2\n    end\nend\nx = (1, 2)\n"


def _tree() -> Node:
    root = Node("ROOT", 0, 20)
    let = Node("LET_EXPR", 0, 12)
    inner = Node("NAME", 4, 5)
    empty = Node("ERROR", 12, 12)   # zero width, at the end of its left neighbour
    last = Node("NAME", 12, 20)
    let.add(inner)
    root.add(let)
    root.add(empty)
    root.add(last)
    return root


def test_ancestors_and_parents():
    root = _tree()
    let, empty, last = root.children
    inner = let.children[0]
    assert ancestors(root, inner) == [let, root]
    assert ancestors(root, empty) == [root] and ancestors(root, last) == [root]
    assert ancestors(root, root) == []
    assert ancestors(root, Node("NAME", 4, 5)) == []   # equal, but not in the tree
    up = parents(root)
    assert up[id(inner)] is let and up[id(let)] is root and id(root) not in up


@needs_fatou
def test_ancestors_agree_with_parents_on_a_real_tree():
    root = get_parser().parse(SRC).root
    up = parents(root)
    for node in root.walk():
        chain, cur = [], up.get(id(node))
        while cur is not None:
            chain.append(cur)
            cur = up.get(id(cur))
        assert ancestors(root, node) == chain


@needs_fatou
def test_a_dropped_tree_leaves_no_cyclic_garbage():
    """Trees are freed by reference counting alone (no parent links), parsed or unpacked."""
    parse = get_parser().parse
    gc.collect()
    gc.disable()
    try:
        result = parse(SRC * 50)
        unpacked = PackedTree(result).unpack()
        assert sum(1 for _ in unpacked.root.walk()) > 500
        del result, unpacked
        assert gc.collect() == 0
    finally:
        gc.enable()
