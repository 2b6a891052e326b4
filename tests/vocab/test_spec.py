"""Spec files: the shipped default, its packaged copy, validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from juliatag.errors import JuliatagError, MissingInputError
from juliatag.special_tokens import SPECIAL_TOKENS
from juliatag.vocab import default_spec_path, load_spec
from juliatag.vocab.spec import spec_from_dict

REPO = Path(__file__).resolve().parents[2]
REQUIRED = ["::", "<:", ">:", "where", "|>", "->", "=>", ".=", "===", "!==", "...", "+=", "÷", "∈", "≤",
            "@inline", "@inbounds", "@simd", "@views", "@kwdef", "@assert"]


def test_packaged_spec_is_identical_to_repo_spec():
    repo_copy = REPO / "tokenizer_specs" / "julia-8k.toml"
    assert repo_copy.is_file()
    assert default_spec_path().read_bytes() == repo_copy.read_bytes()


def test_default_spec_contents():
    spec = load_spec()
    assert spec.name == "julia-8k"
    assert spec.vocab_size == 8000
    assert spec.special_tokens[:6] == SPECIAL_TOKENS
    assert spec.pad_token == "<|pad|>" and spec.eos_token == "<|endoftext|>"
    assert spec.pre_tokenizer == "julia"
    assert set(REQUIRED) <= set(spec.atomic_items)
    assert all(atom.contexts for atom in spec.atomic)


def test_overrides_are_validated():
    spec = load_spec()
    assert spec.with_overrides(vocab_size=1000, max_train_bytes=None).vocab_size == 1000
    with pytest.raises(JuliatagError, match="no room"):
        spec.with_overrides(vocab_size=200)
    with pytest.raises(JuliatagError, match="uint16"):
        spec.with_overrides(vocab_size=70000)


def _minimal(**extra) -> dict:
    data = {"vocab_size": 1000, "special_tokens": {"tokens": list(SPECIAL_TOKENS)}}
    data.update(extra)
    return data


def test_special_tokens_must_come_first_in_order():
    reordered = list(SPECIAL_TOKENS)
    reordered[0], reordered[1] = reordered[1], reordered[0]
    with pytest.raises(JuliatagError, match="special tokens must start"):
        spec_from_dict({"vocab_size": 1000, "special_tokens": {"tokens": reordered}})
    extra = spec_from_dict({"vocab_size": 1000, "special_tokens": {"tokens": [*SPECIAL_TOKENS, "<|repo|>"]}})
    assert extra.special_tokens[-1] == "<|repo|>"


def test_bad_atomic_entries_are_rejected():
    with pytest.raises(JuliatagError, match="does not contain"):
        spec_from_dict(_minimal(atomic=[{"item": "::", "contexts": ["x <: y"]}]))
    with pytest.raises(JuliatagError, match="without whitespace"):
        spec_from_dict(_minimal(atomic=[{"item": "a b"}]))
    with pytest.raises(JuliatagError, match="pre_tokenizer.kind"):
        spec_from_dict(_minimal(pre_tokenizer={"kind": "sentencepiece"}))


def test_missing_and_broken_spec_files(tmp_path):
    with pytest.raises(MissingInputError):
        load_spec(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("vocab_size = [", encoding="utf-8")
    with pytest.raises(JuliatagError, match="not valid TOML"):
        load_spec(broken)
    no_size = tmp_path / "nosize.toml"
    no_size.write_text('name = "x"\n', encoding="utf-8")
    with pytest.raises(JuliatagError, match="vocab_size"):
        load_spec(no_size)
