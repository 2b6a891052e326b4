"""Carrying lexeme labels onto BPE tokens.

The rule (DESIGN.md): each token takes the labels of the first non-trivia lexeme it overlaps;
a token that overlaps only trivia (whitespace, newlines, comments) gets n/a labels. Its `kind`
is still recorded: the kind of the lexeme holding its first byte (Whitespace, NewlineWs or
Comment), so loss masks and analyses can tell comments from indentation.

Everything works on byte offsets, vectorised over a batch of documents laid end to end: the
caller shifts each document's token and lexeme offsets by the document's byte position in the
batch, so one `searchsorted` serves the whole batch.
"""

from __future__ import annotations

import numpy as np

from .. import schema

_IS_TRIVIA = np.zeros(256, dtype=bool)
_IS_TRIVIA[list(schema.TRIVIA_IDS)] = True

ALIGNMENT_RULE = (
    "each token takes the labels of the first non-trivia lexeme (kinds other than "
    f"{', '.join(schema.TRIVIA_KINDS)}) whose byte span overlaps the token's byte span; a token that "
    "overlaps only trivia gets n/a labels and the kind of the lexeme holding its first byte; "
    "<|endoftext|> and <|pad|> get n/a labels and kind 0 (None)"
)


def first_nontrivia(
    tok_start: np.ndarray, tok_end: np.ndarray, lex_start: np.ndarray, lex_end: np.ndarray, lex_kind: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For every token [tok_start, tok_end): (first overlapping non-trivia lexeme or -1, lexeme at its first byte).

    Lexemes must tile the byte range in order (ascending `lex_start`, `lex_end[i] == lex_start[i+1]`).
    Zero-length lexemes overlap nothing and are never chosen.
    """
    n = len(lex_start)
    if n == 0 or len(tok_start) == 0:
        empty = np.full(len(tok_start), -1, dtype=np.int64)
        return empty, empty.copy()
    labelled = ~_IS_TRIVIA[lex_kind] & (lex_end > lex_start)
    # next_labelled[j]: smallest k >= j with a labelled lexeme (n if none)
    idx = np.where(labelled, np.arange(n), n)
    next_labelled = np.minimum.accumulate(idx[::-1])[::-1]
    holder = np.searchsorted(lex_start, tok_start, side="right") - 1
    np.clip(holder, 0, n - 1, out=holder)
    k = next_labelled[holder]
    kc = np.minimum(k, n - 1)
    hit = (k < n) & (lex_start[kc] < tok_end)
    return np.where(hit, kc, -1), holder


def char_to_byte_offsets(text: str, offsets: np.ndarray) -> np.ndarray:
    """Map character offsets into `text` (any shape) to byte offsets into its UTF-8 encoding."""
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    widths = 1 + (cps >= 0x80).astype(np.int64) + (cps >= 0x800) + (cps >= 0x10000)
    char_byte = np.zeros(len(cps) + 1, dtype=np.int64)
    np.cumsum(widths, out=char_byte[1:])
    return char_byte[np.clip(offsets, 0, len(cps))]
