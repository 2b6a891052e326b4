"""The labeler interface, and the built-in static labeler.

A labeler turns one file into its label columns: `label(data, text, package) -> FileLabels`, where
`package` is the `PackageSummary` of the file's package (or None). Two implement it: the static
labeler here (lexer, parser, abstract interpreter; no Julia) and `backends.julia.JuliaBackend`.
`backends.labelers.make_labeler` builds either by name; `label`, `ingest` and `compare-backends` use
only this interface.
"""

from __future__ import annotations

from typing import Protocol

from .errors import JuliatagError
from .infer.package import index_for
from .labels import FileLabels, label_source


class Labeler(Protocol):
    name: str
    # True: a parse failure or timeout may be answered with lexical labels for the whole file
    lexical_fallback: bool

    def label(self, data: bytes, text: str, package=None) -> FileLabels: ...

    def close(self) -> None: ...


class StaticLabeler:
    """The built-in analyzer. `parser`: a parser name (`syntax.PARSERS`; "none" gives lexical labels
    only); `infer`: run type inference; `timeout`: seconds per file for parsers that take one."""

    name = "static"
    lexical_fallback = True

    def __init__(self, parser: str = "fatou", infer: bool = True, timeout: float | None = None):
        from .syntax import get_parser
        from .syntax.tree import ParserUnavailable

        try:
            self.parser = get_parser(parser)
        except ParserUnavailable as exc:
            raise JuliatagError(str(exc)) from exc
        if timeout is not None and hasattr(self.parser, "timeout"):
            self.parser.timeout = timeout
        self.infer = infer

    def label(self, data: bytes, text: str, package=None) -> FileLabels:
        index = index_for(package) if self.infer else None
        return label_source(data, self.parser, index, infer=self.infer, text=text)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
