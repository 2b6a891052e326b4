"""The fatou adapter: byte offsets, error regions, and Julia's whitespace rules."""

from juliatag.syntax import get_parser
from juliatag.syntax.fatou import julia_whitespace_as_spaces


def test_tree_has_byte_offsets_and_kinds():
    data = 'x = "αβ" ÷ 2\n'.encode()
    root = get_parser().parse(data).root
    kinds = [n.kind for n in root.walk()]
    assert "ASSIGNMENT_EXPR" in kinds and "STRING_LITERAL" in kinds
    lit = next(n for n in root.walk() if n.kind == "STRING_LITERAL")
    assert data[lit.start:lit.end].decode() == '"αβ"'


def test_unreadable_regions_are_reported():
    res = get_parser().parse(b"z = 1 ) 2\n")
    assert res.error_ranges and all(0 <= a <= b <= 10 for a, b in res.error_ranges)


def test_unicode_whitespace_is_whitespace_like_in_julia():
    for ws in ("\u00a0", "\u202f", "\u3000", "\u2009", "\ufeff"):
        src = f"{ws}f(A){ws}where T = 1\nx ={ws}(1, 2)\n".encode()
        assert julia_whitespace_as_spaces(src).__len__() == len(src)
        assert get_parser().parse(src).error_ranges == [], repr(ws)
    assert julia_whitespace_as_spaces(b"plain ascii") == b"plain ascii"
