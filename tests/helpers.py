"""Helpers shared by several test packages."""

from __future__ import annotations

from pathlib import Path

from juliatag.special_tokens import SPECIAL_TOKENS


def train_tokenizer(out: Path, texts, vocab_size: int = 400, normalizer=None, extra_tokens=(),
                    special_tokens=SPECIAL_TOKENS) -> Path:
    """A tiny byte-level BPE with `special_tokens` first (juliatag's by default), saved as
    `out/tokenizer.json`; returns `out`."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    if normalizer is not None:
        tok.normalizer = normalizer
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        special_tokens=list(special_tokens), show_progress=False,
    )
    tok.train_from_iterator(list(texts), trainer)
    if extra_tokens:
        tok.add_tokens([AddedToken(t, normalized=False, special=False) for t in extra_tokens])
    out.mkdir(parents=True, exist_ok=True)
    tok.save(str(out / "tokenizer.json"))
    return out
