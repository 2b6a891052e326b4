"""Prompts for `juliatag eval --generate N`, cut deterministically from validation documents.

The validation split's token stream is cut into documents at `<|endoftext|>` (padding dropped)
and decoded with the tokenizer. Documents are visited in a fixed spread order (every
`D // N`-th document first, then the ones between), and each gives at most one prompt: the
`lines` lines up to and including its first long-form function signature at column 0
(`function name(...`), shortened from the top until the prompt, completed by a one-line body and
`end`, parses without error and fits in `max_tokens` tokens. The model's task is then to write
the function's body and close it. The document's own body (the lines after the signature up to
the first `end` at column 0) is kept as the prompt's `reference`, to score with the same gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..errors import JuliatagError

DEFAULT_LINES = 12
_SIGNATURE = re.compile(r"^function\s+[A-Za-z_][\w!.]*\s*[({]")
_PROBE_BODY = "    nothing\nend\n"


@dataclass
class EvalPrompt:
    text: str
    document: int      # index of the document in the validation stream
    line: int          # 0-based line of the signature in that document
    reference: str | None = None   # the document's own continuation, through its `end`


def validation_documents(shards, tokens, split: str = "validation") -> list[bytes]:
    """The documents of a split, as UTF-8 bytes, in stream order."""
    from ..train.data import ShardSplit, read_manifest, special_ids

    manifest = read_manifest(shards)
    eot, pad = special_ids(manifest)
    data = ShardSplit(shards, split)
    if len(data) == 0:
        raise JuliatagError(f"the {split} split of {shards} is empty: no prompts to cut")
    rows = data.rows(range(len(data)))["input_ids"].reshape(-1).numpy()
    rows = rows[rows != pad]
    cuts = np.flatnonzero(rows == eot)
    docs, start = [], 0
    for c in list(cuts) + [len(rows)]:
        if c > start:
            docs.append(tokens.decode_bytes(rows[start:c].tolist()))
        start = c + 1
    return docs


def spread_order(n_docs: int, n: int) -> list[int]:
    stride = max(1, n_docs // max(1, n))
    return [i for offset in range(stride) for i in range(offset, n_docs, stride)]


def reference_body(rows: list[str], signature: int) -> str | None:
    for j in range(signature + 1, len(rows)):
        if rows[j].rstrip() == "end":
            return "\n".join(rows[signature + 1:j + 1]) + "\n"
    return None


def prompt_from_document(text: str, parser, tokens, lines: int = DEFAULT_LINES,
                         max_tokens: int | None = None) -> tuple[str, int] | None:
    """(prompt, signature line) of a document, or None (see the module docstring)."""
    rows = text.split("\n")
    for i, row in enumerate(rows):
        if not _SIGNATURE.match(row):
            continue
        for first in range(max(0, i - lines + 1), i + 1):
            prompt = "\n".join(rows[first:i + 1]).lstrip("\n") + "\n"
            if max_tokens is not None and len(tokens.encode(prompt)[0]) > max_tokens:
                continue
            try:
                clean = not parser.parse((prompt + _PROBE_BODY).encode("utf-8")).error_ranges
            except Exception:  # a parser failure: not a usable prompt
                clean = False
            if clean:
                return prompt, i
        return None  # only the first signature of a document is tried
    return None


def validation_prompts(shards, tokens, n: int, parser=None, lines: int = DEFAULT_LINES,
                       max_tokens: int | None = None, split: str = "validation") -> list[EvalPrompt]:
    """Up to `n` prompts (fewer when the split has fewer usable documents)."""
    if n < 1:
        raise JuliatagError(f"--generate must be at least 1, got {n}")
    if parser is None:
        from ..syntax import get_parser
        parser = get_parser("fatou")
    docs = validation_documents(shards, tokens, split)
    out: list[EvalPrompt] = []
    for d in spread_order(len(docs), n):
        text = docs[d].decode("utf-8", "replace")
        got = prompt_from_document(text, parser, tokens, lines, max_tokens)
        if got is not None:
            out.append(EvalPrompt(got[0], d, got[1], reference_body(text.split("\n"), got[1])))
            if len(out) == n:
                break
    return out
