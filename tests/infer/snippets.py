"""Label a Julia snippet with the static labeler and read the labels back by token text."""

from __future__ import annotations

from juliatag.infer.package import summarize_package
from juliatag.labeling import StaticLabeler


def labels(source: str, package_texts: list[str] | None = None) -> list[tuple[str, str | None, int]]:
    """(token text, type label, stability) of every lexeme of `source`, labelled as a file of a
    package made of `package_texts` (just `source` when None)."""
    data = source.encode()
    texts = package_texts if package_texts is not None else [source]
    with StaticLabeler("fatou") as labeler:
        fl = labeler.label(data, source, summarize_package("P", texts))
    lx = fl.lexemes
    return [(data[lx.starts[i]:lx.ends[i]].decode(), fl.types[i], fl.stability[i]) for i in range(len(lx))]


def first_types(source: str, package_texts: list[str] | None = None) -> dict:
    """The type label of each token text's first occurrence."""
    out: dict = {}
    for text, t, _ in labels(source, package_texts):
        out.setdefault(text, t)
    return out


def all_types(source: str, token: str, package_texts: list[str] | None = None) -> list:
    """The type labels of every occurrence of `token`, in order."""
    return [t for text, t, _ in labels(source, package_texts) if text == token]
