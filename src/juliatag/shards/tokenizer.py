"""Loading the BPE tokenizer for sharding, and the per-token byte lengths used to place tokens.

A byte-level BPE token stands for a fixed byte string, so a token's byte length is a property
of its id. Summing those lengths along a document gives every token's byte span in the UTF-8
source without looking at `offsets` (which are *character* offsets, and are shared by the
several tokens that split one multi-byte character). Documents whose lengths do not add up
(a tokenizer with a normalizer, say) fall back to the character offsets; see `align`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import JuliatagError, MissingInputError
from ..files import sha256_file
from ..special_tokens import END_OF_TEXT, PAD, SPECIAL_TOKENS
from ..vocab.bytelevel import char_to_byte

TOKENIZER_FILE = "tokenizer.json"
MAX_VOCAB = 1 << 16  # ids are stored as uint16


def tokenizer_file(tokenizer: str | Path) -> Path:
    """`tokenizer.json` inside a tokenizer folder (or the file itself when given one)."""
    path = Path(tokenizer)
    if path.is_dir():
        path = path / TOKENIZER_FILE
    if not path.is_file():
        raise MissingInputError(f"no tokenizer at {tokenizer} (missing {TOKENIZER_FILE}; run `juliatag build-vocab`)")
    return path


def load_tokenizer(path: str | Path):
    """A `tokenizers.Tokenizer` set to encode source text verbatim.

    `encode_special_tokens` makes a literal `<|endoftext|>` inside a source file encode as
    ordinary text, so special ids only ever appear where the packer puts them.
    """
    from tokenizers import Tokenizer

    try:
        tok = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception on bad JSON
        raise JuliatagError(f"cannot read tokenizer {path}: {exc}") from exc
    tok.encode_special_tokens = True
    return tok


def token_byte_lengths(tok) -> np.ndarray | None:
    """int64 array: bytes of source text each id stands for; None if the model is not byte-level.

    Special tokens get 0 (they never come out of text once `encode_special_tokens` is set);
    other added tokens stand for their content's UTF-8 bytes.
    """
    size = tok.get_vocab_size(with_added_tokens=True)
    alphabet = char_to_byte()
    added = tok.get_added_tokens_decoder()
    lengths = np.zeros(size, dtype=np.int64)
    for token, i in tok.get_vocab(with_added_tokens=True).items():
        if i >= size:
            return None
        if i in added:
            lengths[i] = 0 if added[i].special else len(added[i].content.encode("utf-8"))
        elif all(ch in alphabet for ch in token):
            lengths[i] = len(token)
        else:
            return None
    return lengths


@dataclass
class TokenizerInfo:
    """What the shard step needs to know about the tokenizer."""

    path: Path
    sha256: str
    vocab_size: int
    special_tokens: dict[str, int]
    eot_id: int
    pad_id: int
    byte_level: bool


def inspect_tokenizer(tokenizer: str | Path) -> TokenizerInfo:
    """Check the tokenizer is usable for shards and describe it (one-line errors otherwise)."""
    path = tokenizer_file(tokenizer)
    tok = load_tokenizer(path)
    size = tok.get_vocab_size(with_added_tokens=True)
    if size > MAX_VOCAB:
        raise JuliatagError(f"tokenizer {path} has {size} ids; shards store ids as uint16 (at most {MAX_VOCAB})")
    specials = {name: tok.token_to_id(name) for name in SPECIAL_TOKENS}
    missing = [name for name in (END_OF_TEXT, PAD) if specials.get(name) is None]
    if missing:
        raise JuliatagError(f"tokenizer {path} lacks the special tokens {', '.join(missing)} (rebuild it with `juliatag build-vocab`)")
    return TokenizerInfo(
        path=path,
        sha256=sha256_file(path),
        vocab_size=size,
        special_tokens={k: v for k, v in specials.items() if v is not None},
        eot_id=specials[END_OF_TEXT],
        pad_id=specials[PAD],
        byte_level=token_byte_lengths(tok) is not None,
    )
