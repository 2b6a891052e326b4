"""The Julia split: atomic items keep two bounded forms, operators are cut longest-first."""

from __future__ import annotations

import pytest

from juliatag.vocab import load_spec
from juliatag.vocab.pretokenize import julia_pre_tokenizer, julia_split_pattern, pre_tokenize

from .snippets import FILES


@pytest.fixture(scope="module")
def split():
    pre = julia_pre_tokenizer(load_spec().atomic_items)
    return lambda text: pre_tokenize(pre, text)


@pytest.mark.parametrize("text", sorted(FILES.values()) + ["", " ", "\n\n", "a ÷ b\u202f🎉 <|pad|>"])
def test_pre_tokens_tile_the_text(split, text):
    assert "".join(split(text)) == text


def test_atomic_items_come_in_two_forms_only(split):
    assert split("x::Int") == ["x", "::", "Int"]
    assert split("f(x) where T") == ["f(", "x)", " where", " T"]
    assert split("        @inbounds x[i] = 1")[:2] == ["        ", "@inbounds"]
    assert split("y = @views x[:, 1]")[2] == " @views"
    assert split("a ÷ b") == ["a", " ÷", " b"]
    assert split("n÷2") == ["n", "÷", "2"]
    assert split("    a  <: b")[1:3] == ["  ", "<:"]


def test_operators_are_cut_longest_first(split):
    assert split("a .== b") == ["a", " .==", " b"]   # `.=` is atomic, but not inside `.==`
    assert split("x .+= 1") == ["x", " .+=", " 1"]
    assert split("c-->d") == ["c", "-->", "d"]
    assert split("p !== q") == ["p", " !==", " q"]


def test_whitespace_and_delimiters_join_words(split):
    assert split("\n    return x") == ["\n    return", " x"]
    assert split("push!(xs, 1)") == ["push!(", "xs,", " 1)"]
    assert split("a.b") == ["a.", "b"]
    assert split("1.5e-3") == ["1.5e-3"]
    assert split("wherever") == ["wherever"]  # not the keyword
    assert split("@inlined") == ["@inlined"]  # not the macro


def test_pattern_without_atomic_items_is_valid():
    from tokenizers import Regex

    Regex(julia_split_pattern(()))
    Regex(julia_split_pattern((), trailing_delimiters=0))
