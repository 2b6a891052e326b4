"""The Julia-aware pre-tokenizer: where BPE merges may and may not cross.

BPE only merges inside a pre-token, so the split decides which tokens can exist. The Julia split
is one regular expression (an HF `Split`, then `ByteLevel(use_regex=False)`) whose pieces are:

1. the spec's atomic items, each with at most one leading space: `@inline`, ` where`, ` <:`.
   Operators are matched longest-first over Julia's operator table, so `.=` is not cut out of
   `.==`. Because an atomic item only ever appears as these two forms, seeding both forms into
   the training data makes it one token everywhere in code.
2. every other operator, with at most one leading space, plus up to N delimiters (`$(`, `!(`);
3. a macro name (`@test`, `@testset(`) with any whitespace before it;
4. an identifier or keyword with any whitespace before it (newline + indentation included:
   `\\n    end`, `\\n    return`) and up to N trailing delimiters or a field-access dot
   (`f(`, `x)`, `x),`, `a.`);
5. a number literal, whole (`1.5e-3`, `0x1f`), with whitespace before and delimiters after;
6. runs of delimiters `()[]{},;"#`` ` and runs of other non-ASCII symbols, with whitespace before;
7. whitespace that precedes none of the above (e.g. the indentation before an operator).

Every piece starts with the lexeme that carries the type label (whitespace and delimiters are
trivia for label alignment), so tokens never hide a typed lexeme behind another one. Whitespace
in front of words is where most of the compression comes from: a line's newline, indentation
and first word become one token when frequent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from tokenizers import Regex, pre_tokenizers

from ..data import read_text
from .bytelevel import decode_token

# operators that JuliaSyntax cannot dot (kept in sync with juliatag.lexer by hand; small list)
_UNDOTTABLE = frozenset({"?", "$", ":", "'", ".'", "::", ".", "..", "...", "->", "&&", "||", ":=", "<:",
                         ">:", "=>", "-->", "<--", "<-->", "~"})
_ASSIGN_OPS = ("+=", "-=", "*=", "/=", "//=", "\\=", "^=", "%=", "<<=", ">>=", ">>>=", "|=", "&=", "÷=", "⊻=")

_IDENT_CHARS = r"[\p{L}\p{N}_!]"
_IDENT = r"[\p{L}_](?:[\p{L}\p{N}_′]|!(?!=))*"
_NUMBER = r"(?:0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7_]+|\p{N}[\p{N}_]*(?:\.\p{N}+)?(?:[eEf][-+]?\p{N}+)?)"
_DELIMS = r"[()\[\]{},;]"
_NON_ASCII_OPERATOR = r"(?=[^\x00-\x7f])\p{Sm}"


@lru_cache(maxsize=1)
def julia_operators() -> tuple[str, ...]:
    """Julia's ASCII operators, dotted forms and updating forms, plus non-ASCII updating forms.

    Read from `juliatag/data/operators.txt` (the lexer's table); non-ASCII single-character
    operators are matched by category (`\\p{Sm}`) instead of being listed.
    """
    text = read_text("operators.txt")
    listed = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    base = {op for op in listed if op.isascii() and op != "'"} | set(_ASSIGN_OPS)
    dotted = {"." + op for op in base if op not in _UNDOTTABLE and not op.startswith(".")} | {".="}
    return tuple(sorted(base | dotted, key=lambda s: (-len(s), s)))


def _alternation(strings: Iterable[str]) -> str:
    return "|".join(re.escape(s) for s in sorted(set(strings), key=lambda s: (-len(s), s)))


def _guarded_operator(op: str, operators: tuple[str, ...]) -> str:
    """`op` as a regex that refuses to match where a longer operator starts (`.=` in `.==`)."""
    longer = [o[len(op):] for o in operators if o.startswith(op) and o != op]
    return re.escape(op) + (f"(?!{_alternation(longer)})" if longer else "")


def _classify(items: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """Split atomic items into macros (`@name`), words (`where`) and operators (the rest)."""
    macros, words, operators = [], [], []
    for item in items:
        if re.fullmatch(r"@[^\W\d]\w*!?", item):
            macros.append(item[1:])
        elif re.fullmatch(r"[^\W\d]\w*!?", item):
            words.append(item)
        else:
            operators.append(item)
    return macros, words, operators


def julia_split_pattern(atomic_items: Iterable[str] = (), trailing_delimiters: int = 2) -> str:
    """The Oniguruma regex of the Julia split (see the module docstring for its pieces)."""
    macros, words, atomic_ops = _classify(atomic_items)
    operators = julia_operators()
    end = f"(?!{_IDENT_CHARS})"
    trail = f"{_DELIMS}{{0,{trailing_delimiters}}}"
    ident_trail = f"(?:{_DELIMS}{{1,{trailing_delimiters}}}|\\.(?=[\\p{{L}}_(]))?" if trailing_delimiters else ""
    every_op = sorted(set(operators) | set(atomic_ops), key=lambda s: (-len(s), s))
    pieces: list[str] = []
    not_macro = not_word = ""
    if macros:
        macro_alt = f"@(?:{_alternation(macros)}){end}"
        pieces.append(f" ?{macro_alt}")
        not_macro = f"(?!{macro_alt})"
    if words:
        word_alt = f"(?:{_alternation(words)}){end}"
        pieces.append(f" ?{word_alt}")
        not_word = f"(?!{word_alt})"
    if atomic_ops:
        guarded = (_guarded_operator(op, tuple(every_op)) for op in sorted(atomic_ops, key=lambda s: (-len(s), s)))
        pieces.append(f" ?(?:{'|'.join(guarded)})")
    non_ascii_atomic = "".join(re.escape(c) for op in atomic_ops for c in op if not c.isascii())
    not_atomic_char = f"(?![{non_ascii_atomic}])" if non_ascii_atomic else ""
    pieces += [
        f" ?(?:{_alternation(operators)}|{_NON_ASCII_OPERATOR}){trail}",
        f"\\s*{not_macro}@{_IDENT}\\(?",
        f"\\s*{not_word}{_IDENT}{ident_trail}",
        f"\\s*{_NUMBER}{trail}",
        "\\s*[()\\[\\]{},;\"#`]+",
        # other symbols (emoji, box drawing, arrows that are not math symbols), never an atomic item
        f"\\s*(?:(?!\\p{{Sm}}){not_atomic_char}[^\\s\\p{{L}}\\p{{N}}\\x00-\\x7f])+",
        "\\s+",
    ]
    return "|".join(pieces)


def julia_pre_tokenizer(atomic_items: Iterable[str] = (), trailing_delimiters: int = 2):
    """HF pre-tokenizer: the Julia split, then byte-level mapping without GPT-2's regex."""
    pattern = julia_split_pattern(atomic_items, trailing_delimiters)
    return pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(pattern), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])


def gpt2_pre_tokenizer():
    """HF pre-tokenizer of a generic byte-level BPE: GPT-2's regex, no prefix space."""
    return pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)


def pre_tokenize(pre_tokenizer, text: str) -> list[str]:
    """The pre-tokens of `text`, as original text (for inspection and tests)."""
    return [decode_token(piece).decode("utf-8", "replace") for piece, _ in pre_tokenizer.pre_tokenize_str(text)]
