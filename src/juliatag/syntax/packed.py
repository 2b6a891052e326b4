"""A parse result packed into flat arrays, to keep many parsed files in little memory and get each
back as the very same tree much faster than parsing it again.

A tree of `Node`s costs about 130 bytes a node (some 30 bytes per source byte); packed, a node is
its kind (an index into the tree's kind names), its start and end (indices into the tree's sorted
distinct offsets) and its number of children, in pre-order: 7 bytes in most files (each array
as narrow as its largest value allows), and 4 bytes per distinct offset. `unpack` rebuilds nodes
equal to the packed ones in kind, range and children (tuples).
"""

from __future__ import annotations

from array import array

from .tree import Node, ParseResult


def _array(values: list[int]) -> array:
    """`values` (not negative) in the narrowest array that holds them."""
    top = max(values, default=0)
    return array("B" if top < 1 << 8 else "H" if top < 1 << 16 else "I", values)


class PackedTree:
    """One ParseResult packed: `kinds`, `starts`, `ends`, `counts` hold every node in pre-order
    (kind index into `names`; offset indices into `offsets`; number of children), with the
    result's error ranges and diagnostics."""

    __slots__ = ("names", "offsets", "kinds", "starts", "ends", "counts", "error_ranges", "diagnostics")

    def __init__(self, result: ParseResult):
        order: list[Node] = []
        stack = [result.root]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(reversed(node.children))
        names: dict[str, int] = {}
        for node in order:
            if node.kind not in names:
                names[node.kind] = len(names)
        offsets = sorted({n.start for n in order} | {n.end for n in order})
        index = {v: i for i, v in enumerate(offsets)}
        self.names = tuple(names)
        self.offsets = _array(offsets)
        self.kinds = _array([names[n.kind] for n in order])
        self.starts = _array([index[n.start] for n in order])
        self.ends = _array([index[n.end] for n in order])
        self.counts = _array([len(n.children) for n in order])
        self.error_ranges = tuple(result.error_ranges)
        self.diagnostics = tuple(result.diagnostics)

    @property
    def nbytes(self) -> int:
        """Memory the packed arrays take (the kind names are shared with every parse)."""
        return sum(a.itemsize * len(a) for a in (self.offsets, self.kinds, self.starts, self.ends, self.counts))

    def unpack(self) -> ParseResult:
        names = self.names
        offsets = self.offsets.tolist()   # one int object per distinct offset, shared by the nodes
        kinds, starts, ends, counts = self.kinds, self.starts, self.ends, self.counts
        root = Node(names[kinds[0]], offsets[starts[0]], offsets[ends[0]])
        open_: list = []                 # (node, children still to come, children so far) of ancestors
        cur, left, kids = root, counts[0], []
        for i in range(1, len(kinds)):
            node = Node(names[kinds[i]], offsets[starts[i]], offsets[ends[i]])
            kids.append(node)
            left -= 1
            n = counts[i]
            if n:
                open_.append((cur, left, kids))
                cur, left, kids = node, n, []
                continue
            while not left and open_:
                cur.children = tuple(kids)
                cur, left, kids = open_.pop()
        if kids:
            cur.children = tuple(kids)
        return ParseResult(root=root, error_ranges=list(self.error_ranges), diagnostics=list(self.diagnostics))
