"""Training: atomic items, special token ids, exact round trip, no byte dropped."""

from __future__ import annotations

import pytest

from juliatag.errors import JuliatagError
from juliatag.special_tokens import SPECIAL_TOKENS
from juliatag.vocab import TextsSource, check_atomicity, measure_documents, train_tokenizer

from .snippets import FILES


def test_special_tokens_take_ids_0_to_5(trained):
    tok = trained.tokenizer
    assert [tok.token_to_id(t) for t in SPECIAL_TOKENS] == list(range(6))
    assert tok.encode("<|file_sep|>").ids == [2]


def test_every_required_item_is_one_token(trained, small_spec):
    results = check_atomicity(trained.tokenizer, small_spec.atomic)
    assert [r.item for r in results if not r.ok] == []
    tok = trained.tokenizer
    for item in ["::", "@inline", "@kwdef", "@simd", "÷", "∈", "≤", "where"]:
        assert len(tok.encode(item).ids) == 1, item
        assert len(tok.encode(" " + item).ids) == 1, item


def test_items_are_atomic_in_unseen_code(trained):
    tok = trained.tokenizer
    pieces = [tok.decode([i]) for i in tok.encode("    @inbounds @simd for k in 1:m\n        acc += v[k] ÷ 3").ids]
    for item in ["@inbounds", " @simd", " +=", " ÷"]:
        assert item in pieces, (item, pieces)


def test_round_trip_is_exact_including_non_ascii(trained, texts):
    tok = trained.tokenizer
    samples = texts + [
        "a ÷ b", "x ∈ s && y ≤ z", "α = √2", "🎉👩‍💻", "10\u202f000", "\ufeffBOM first",
        "中文注释 # never seen in training", "\x00\x01\x7f control bytes", "<|endoftext|>x<|pad|>",
    ]
    for text in samples:
        ids = tok.encode(text, add_special_tokens=False).ids
        assert tok.decode(ids, skip_special_tokens=False) == text
    measure = measure_documents(tok, TextsSource(samples).iter_documents())
    assert measure.roundtrip_failures == 0 and measure.files == len(samples)


def test_all_256_bytes_are_in_the_vocabulary(trained):
    from juliatag.vocab.bytelevel import vocab_bytes

    singles = {p for p in vocab_bytes(trained.tokenizer) if len(p) == 1}
    assert len(singles) == 256


def test_rare_macro_is_forced_by_seeding(small_spec):
    # no text mentions @kwdef or @simd; seeding alone must make them single tokens
    texts = [FILES["Pipes.jl/src/pipes.jl"]]
    outcome = train_tokenizer(texts, small_spec)
    assert outcome.atomic_ok
    assert outcome.seed_repeats >= small_spec.seeding.min_repeats
    assert len(outcome.tokenizer.encode("@kwdef").ids) == 1


def test_too_small_vocab_fails_with_clear_error(texts, small_spec):
    with pytest.raises(JuliatagError, match="not one token"):
        train_tokenizer(texts, small_spec.with_overrides(vocab_size=290))


def test_generic_baseline_skips_atomic_enforcement(texts, small_spec):
    from dataclasses import replace

    generic = replace(small_spec, pre_tokenizer="gpt2")
    outcome = train_tokenizer(texts, generic)
    assert outcome.seed_repeats == 0 and outcome.attempts == 1
    tok = outcome.tokenizer
    assert tok.decode(tok.encode(texts[0]).ids) == texts[0]
