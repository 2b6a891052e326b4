"""GPT-2's byte-level alphabet: each of the 256 bytes is written as one printable character.

HF `ByteLevel` stores tokens in this alphabet (a space is `Ġ`, a newline `Ċ`). These helpers turn
token strings back into the exact bytes they stand for, which the checks need to locate items
in a token stream without relying on offset conventions.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def byte_to_char() -> dict[int, str]:
    """The GPT-2 `bytes_to_unicode` table (identical to `tokenizers.pre_tokenizers.ByteLevel.alphabet()`)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(
        range(ord("®"), ord("ÿ") + 1)
    )
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, chars, strict=False)}


@lru_cache(maxsize=1)
def char_to_byte() -> dict[str, int]:
    return {c: b for b, c in byte_to_char().items()}


def encode_bytes(data: bytes) -> str:
    """Bytes to their byte-level token string (`b" x"` -> `"Ġx"`)."""
    table = byte_to_char()
    return "".join(table[b] for b in data)


def decode_token(token: str) -> bytes:
    """A byte-level token string back to its bytes; raises KeyError for non-alphabet chars."""
    table = char_to_byte()
    return bytes(table[c] for c in token)


def vocab_bytes(tokenizer) -> list[bytes]:
    """The exact bytes of every token id (index = id); special and added tokens are their UTF-8 text."""
    added = tokenizer.get_added_tokens_decoder()
    table = []
    for token_id in range(tokenizer.get_vocab_size(with_added_tokens=True)):
        if token_id in added:
            table.append(added[token_id].content.encode("utf-8"))
        else:
            table.append(decode_token(tokenizer.id_to_token(token_id)))
    return table
