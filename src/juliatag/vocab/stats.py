"""What a trained vocabulary spends its tokens on (for the report)."""

from __future__ import annotations

import json

from .bytelevel import decode_token, vocab_bytes

_WS = b" \t\r\n"


def _is_whitespace(piece: bytes) -> bool:
    return bool(piece) and all(b in _WS for b in piece)


def vocab_stats(tokenizer, first_merges: int = 25) -> dict:
    """Counts of whitespace tokens, the first merges learned and the longest tokens."""
    table = vocab_bytes(tokenizer)
    added = set(tokenizer.get_added_tokens_decoder())
    learned = [p for i, p in enumerate(table) if i not in added]
    whitespace = [p for p in learned if _is_whitespace(p)]
    newline_indent = [p for p in whitespace if p.startswith(b"\n") and len(p) > 1 and b"\n" not in p[1:]]
    space_runs = [len(p) for p in whitespace if set(p) == {ord(" ")}]
    merges = json.loads(tokenizer.to_str())["model"]["merges"]
    shown = []
    for merge in merges[:first_merges]:
        left, right = merge if isinstance(merge, list) else merge.split(" ", 1)
        shown.append((decode_token(left) + decode_token(right)).decode("utf-8", "replace"))
    starts_with_newline = sum(1 for p in learned if p.startswith(b"\n") and not _is_whitespace(p))
    longest = sorted(learned, key=lambda p: (-len(p), p))[:10]
    return {
        "learned_tokens": len(learned),
        "merges": len(merges),
        "whitespace_only_tokens": len(whitespace),
        "newline_indent_tokens": len(newline_indent),
        "longest_space_run": max(space_runs, default=0),
        "newline_indent_word_tokens": starts_with_newline,
        "first_merges": shown,
        "longest_tokens": [p.decode("utf-8", "replace") for p in longest],
    }
