"""The syntax tree the analyzer walks: nodes with a kind name and a byte range.

Kinds are the node and token names of fatou's lossless CST (`CALL_EXPR`, `TYPE_ANNOTATION`,
`IDENT`, ...), which is the tree's vocabulary whatever parser produced it. Trivia tokens
(whitespace, newlines, comments) are left out of `children`; the lexer has them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TRIVIA = frozenset({"WHITESPACE", "NEWLINE", "COMMENT", "BLOCK_COMMENT"})
# A parse tree holds at most this many nodes; a larger one is abandoned while it is being read
# (ParseFailure) and the file gets lexical labels, recorded with the reason. It bounds a worker's
# memory (about 200 bytes a node, tree and analysis): a 5 MB file of `x=1` lines has 6 million
# nodes and took 3.5 GB. The largest real tree (the 12 largest of 3,550 files) has 162,000 nodes.
MAX_TREE_NODES = 1_500_000
_NO_CHILDREN: tuple = ()  # shared by every leaf (most nodes): a list is made for the first child


class Node:
    """One node of a parse tree. A node knows its children, not its parent: a tree holds no
    reference cycle, so a tree no one uses any more is freed at once by reference counting, not
    left to Python's cycle collector (whose full passes over millions of live nodes were a third
    of a corpus's ingest time). `parents` and `ancestors` answer the upward questions."""

    __slots__ = ("kind", "start", "end", "children")

    def __init__(self, kind: str, start: int, end: int):
        self.kind = kind
        self.start = start
        self.end = end
        self.children: list[Node] | tuple = _NO_CHILDREN   # a tuple in a finished tree

    def add(self, child: "Node") -> None:
        if self.children is _NO_CHILDREN:
            self.children = [child]
        else:
            self.children.append(child)

    @property
    def is_token(self) -> bool:
        return not self.children

    def child(self, kind: str) -> "Node | None":
        for c in self.children:
            if c.kind == kind:
                return c
        return None

    def children_of(self, *kinds: str) -> list["Node"]:
        return [c for c in self.children if c.kind in kinds]

    def text(self, data: bytes) -> str:
        return data[self.start:self.end].decode("utf-8", "replace")

    def walk(self):
        """Pre-order traversal, iterative (deep trees never hit the recursion limit)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def __repr__(self) -> str:
        return f"Node({self.kind}@{self.start}..{self.end}, {len(self.children)} children)"


def parents(root: Node) -> dict[int, Node]:
    """id of each node under `root` -> its parent (the root has none)."""
    out: dict[int, Node] = {}
    for node in root.walk():
        for c in node.children:
            out[id(c)] = node
    return out


def ancestors(root: Node, node: Node) -> list[Node]:
    """The nodes from `node`'s parent up to `root`, nearest first; [] when `node` is `root` or not
    in its tree. Found by descending from `root` through the children whose byte range holds
    `node`'s (a node's range holds its descendants')."""
    start, end = node.start, node.end
    stack: list[tuple[Node, int]] = [(root, 0)]
    path: list[Node] = []
    while stack:
        cur, depth = stack.pop()
        del path[depth:]
        if cur is node:
            return path[::-1]
        path.append(cur)
        for c in reversed(cur.children):
            if c.start <= start and end <= c.end:
                stack.append((c, depth + 1))
    return []


@dataclass(slots=True)
class ParseResult:
    root: Node
    # byte ranges [start, end) the parser could not read (error nodes and diagnostics)
    error_ranges: list[tuple[int, int]] = field(default_factory=list)
    diagnostics: list[str] = field(default_factory=list)


class ParserUnavailable(RuntimeError):
    """The parser cannot run here (not installed, wrong version)."""


class ParseFailure(RuntimeError):
    """The parser ran but gave no tree for this file (crash, timeout)."""
