"""Labelers by name: the one place that chooses between the static analyzer and Julia."""

from __future__ import annotations

from ..errors import JuliatagError
from ..labeling import Labeler, StaticLabeler

LABELERS = ("static", "julia")


def make_labeler(backend: str = "static", parser: str = "fatou", infer: bool = True, allow_exec: bool = False,
                 timeout: float | None = None) -> Labeler:
    """A labeler for `backend` (`parser` and `infer` apply to the static one, `allow_exec` to Julia;
    `timeout`: seconds per file, None for each labeler's default). Raises a one-line JuliatagError
    when it cannot be made."""
    if backend == "static":
        return StaticLabeler(parser, infer=infer, timeout=timeout)
    if backend == "julia":
        from .julia import JuliaBackend
        return JuliaBackend(allow_exec=allow_exec) if timeout is None else \
            JuliaBackend(allow_exec=allow_exec, timeout=timeout)
    raise JuliatagError(f"unknown backend {backend!r} (choose from {', '.join(LABELERS)})")


def labeler_identity(backend: str, parser: str = "fatou") -> tuple[str, str]:
    """(parser name, version) that `backend` labels with, checked without starting anything heavy."""
    if backend == "julia":
        from .julia import require_julia
        return "JuliaSyntax", require_julia()
    if backend != "static":
        raise JuliatagError(f"unknown backend {backend!r} (choose from {', '.join(LABELERS)})")
    if parser == "none":
        return "none", "-"
    p = StaticLabeler(parser, infer=False).parser
    return p.name, p.version
