"""The lexer cuts any text into lexemes that tile it exactly, JuliaSyntax style."""

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from juliatag.lexer import lex, lexeme_texts
from juliatag.schema import KIND_NAMES

FIXTURES = Path(__file__).parent / "fixtures" / "julia"


def tiles(text: str) -> None:
    data = text.encode("utf-8")
    lx = lex(text)
    assert len(lx.starts) == len(lx.ends) == len(lx.kinds)
    pos = 0
    for s, e in zip(lx.starts, lx.ends):
        assert s == pos and e > s
        pos = e
    assert pos == len(data)
    assert b"".join(data[s:e] for s, e in zip(lx.starts, lx.ends)) == data


def cut(text: str) -> list[tuple[str, str]]:
    lx = lex(text)
    return [(t, KIND_NAMES[k]) for t, k in zip(lexeme_texts(text.encode(), lx), lx.kinds)]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.jl")), ids=lambda p: p.name)
def test_fixture_files_tile_exactly(path):
    tiles(path.read_bytes().decode("utf-8"))


_PIECES = list("ab1 \r\n\t\"'`$#=()[]{}:;.,+-*/÷∈≤α√😀\\@!<>|&r_x\u202f") + ['"""', "#=", "=#", "$(", "'''"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_arbitrary_text_tiles_exactly(text):
    tiles(text)


def test_multi_character_operators_are_one_lexeme():
    ops = ["::", "<:", ">:", "->", "=>", "|>", "<|", ".=", "+=", "===", "!==", "...", "//", "÷", "∈", "≤", ".+",
           ".*=", "==", "&&", "||"]
    for op in ops:
        pieces = cut(f"a {op} b")
        assert (op, KIND_NAMES[KIND_NAMES.index(op)] if op in KIND_NAMES else pieces[2][1]) == pieces[2], (op, pieces)
        assert [p[0] for p in pieces] == ["a", " ", op, " ", "b"]


def test_kinds_follow_juliasyntax():
    assert cut("x::Float64") == [("x", "Identifier"), ("::", "::"), ("Float64", "Identifier")]
    assert cut("1 1.0 1f0 0x1f 0b1 0o7 true 'a'") == [
        ("1", "Integer"), (" ", "Whitespace"), ("1.0", "Float"), (" ", "Whitespace"), ("1f0", "Float32"),
        (" ", "Whitespace"), ("0x1f", "HexInt"), (" ", "Whitespace"), ("0b1", "BinInt"), (" ", "Whitespace"),
        ("0o7", "OctInt"), (" ", "Whitespace"), ("true", "Bool"), (" ", "Whitespace"), ("'", "'"), ("a", "Char"),
        ("'", "'")]
    assert cut('"a$(b)c"') == [('"', '"'), ("a", "String"), ("$", "$"), ("(", "("), ("b", "Identifier"),
                               (")", ")"), ("c", "String"), ('"', '"')]
    # a newline and the next line's indentation are one NewlineWs lexeme
    assert cut("a\n    b") == [("a", "Identifier"), ("\n    ", "NewlineWs"), ("b", "Identifier")]
    # adjoint after a name, char literal after whitespace
    assert [k for _, k in cut("x' 'y'")] == ["Identifier", "'", "Whitespace", "'", "Char", "'"]
    assert cut("@inline f") == [("@", "@"), ("inline", "Identifier"), (" ", "Whitespace"), ("f", "Identifier")]
    assert cut("mutable struct A end")[0] == ("mutable", "mutable")
    assert cut("mutable = 1")[0] == ("mutable", "Identifier")
    assert cut("2im") == [("2", "Integer"), ("im", "Identifier")]
    assert cut("a != b")[2] == ("!=", "!=")
    assert cut("push!(x)")[0] == ("push!", "Identifier")


def test_raw_string_macros_do_not_interpolate():
    kinds = [k for _, k in cut('r"a$b\\"c"')]
    assert kinds == ["Identifier", '"', "String", '"']


def test_byte_offsets_with_non_ascii():
    text = "α = \"÷\"\n"
    lx = lex(text)
    data = text.encode()
    assert lx.ends[-1] == len(data)
    assert [data[s:e].decode() for s, e in zip(lx.starts, lx.ends)][:3] == ["α", " ", "="]


def test_unterminated_constructs_still_tile():
    for text in ['x = "unterminated', "#= never closed", "'", "x = 'ab", '"""\n$(', "0b123 0xg"]:
        tiles(text)
    assert cut("#= open")[0][1] == "ErrorEofMultiComment"


def test_deep_nesting_does_not_recurse():
    text = "(" * 20000 + ")" * 20000
    tiles(text)
