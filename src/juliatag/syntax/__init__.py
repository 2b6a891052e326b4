"""Parsing behind a small interface: `get_parser(name).parse(data) -> ParseResult`.

A parser is any object with `name`, `version` and `parse(bytes) -> ParseResult` whose tree uses
the node kinds documented in `tree.py`. Register new ones in `PARSERS`.
"""

from __future__ import annotations

from .tree import Node, ParseFailure, ParseResult, ParserUnavailable

PARSERS = ("fatou", "none")


class NullParser:
    """No parse tree: lexemes still get kinds and literal types, nothing else."""

    name = "none"
    version = "-"

    def parse(self, data: bytes) -> ParseResult:
        return ParseResult(root=Node("ROOT", 0, len(data)))


def get_parser(name: str = "fatou"):
    if name == "fatou":
        from .fatou import FatouParser

        return FatouParser()
    if name == "none":
        return NullParser()
    raise ParserUnavailable(f"unknown parser {name!r} (choose from {', '.join(PARSERS)})")


__all__ = ["Node", "ParseFailure", "ParseResult", "ParserUnavailable", "get_parser", "PARSERS"]
