"""Type inputs of the tokens the model reads at generation time.

The model's input embedding takes three type inputs per token: type id, concreteness and depth.

- Prompt tokens get them from the labeler: the prompt is labelled like any source file and the
  lexeme labels are carried onto its BPE tokens by the shard alignment rule (`prompt_type_inputs`),
  so the model sees exactly what it saw in training.
- Generated tokens get them from the model itself: the type head's prediction for a position is
  the type id of the token sampled there. Concreteness and depth follow from the id through
  `TYPE_ID_INPUTS`, the one table of that mapping. The type head is trained only on typed targets,
  so it always names a type; tokens that the labeler never types (whitespace, comments, keywords,
  delimiters, syntax operators such as `=` and `::`, decided by the token's text with the
  labeler's own kind classes, see `untyped_tokens`) get the n/a inputs instead, as in training.

`TYPE_ID_INPUTS` (id -> (concreteness, depth)):
- 0 (n/a): n/a, n/a; 1 (unknown): unknown, n/a;
- 2..127 (the fixed table): the label parsed as a type with the base registry (a label with
  alternatives, `Int128/UInt128`, by its first one): its concreteness and depth as the labeler
  computes them, except that a concrete parametric family named without parameters (`Rational`,
  `Dict`, `UnitRange`) counts as concrete, since the id stands mostly for instances such as
  `Rational{Int64}`; catch-alls that are not types (`<typevar>`, `<union>`, `<user struct>`,
  `Vector{<concrete>}`, ...): unknown, n/a;
- 128..1151 (hash buckets): unknown, n/a.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..schema import (
    C_ABSTRACT,
    C_CONCRETE,
    C_NA,
    C_UNKNOWN,
    DEPTH_NA,
    K_COMMENT,
    MAX_DEPTH,
    N_FIXED_TYPE_IDS,
    N_TYPE_IDS,
    TYPE_ID_NA,
    TYPE_ID_UNKNOWN,
)


def _fixed_inputs(label: str) -> tuple[int, int]:
    from ..infer import verdicts
    from ..types.registry import base_registry
    from ..types.jtypes import DataT
    from ..types.typeexpr import TypeSyntaxError

    reg = base_registry()
    try:
        t = reg.parse(label.split("/")[0])
    except (TypeSyntaxError, ValueError, KeyError):
        return C_UNKNOWN, DEPTH_NA
    conc = verdicts.concreteness(t, reg)
    if conc == C_ABSTRACT and isinstance(t, DataT):
        decl = reg.decl(t.name)
        if decl is not None and decl.params and not decl.is_abstract:
            conc = C_CONCRETE
    depth = reg.depth(t)
    return conc, max(DEPTH_NA, min(depth, MAX_DEPTH))


@lru_cache(maxsize=1)
def type_id_inputs() -> np.ndarray:
    """int64 array [N_TYPE_IDS, 2]: (concreteness, depth) of every type id (see the module doc)."""
    from ..types.type_ids import FIXED_TYPES

    table = np.empty((N_TYPE_IDS, 2), dtype=np.int64)
    table[:] = (C_UNKNOWN, DEPTH_NA)
    table[TYPE_ID_NA] = (C_NA, DEPTH_NA)
    table[TYPE_ID_UNKNOWN] = (C_UNKNOWN, DEPTH_NA)
    for i, (label, _) in enumerate(FIXED_TYPES):
        table[2 + i] = _fixed_inputs(label)
    assert 2 + len(FIXED_TYPES) == N_FIXED_TYPE_IDS
    table.setflags(write=False)
    return table


def inputs_of_type_id(type_id: int) -> tuple[int, int, int]:
    """(type id, concreteness, depth) of a predicted type id."""
    c, d = type_id_inputs()[type_id]
    return type_id, int(c), int(d)


NA_INPUTS = (TYPE_ID_NA, C_NA, DEPTH_NA)


def untyped_by_text(text: str) -> bool:
    """Whether a token with this text gets n/a type inputs: its first non-trivia lexeme (lexed
    on its own) is of a kind the labeler never types, or it has none (whitespace, comments)."""
    from ..labels import _C_NONE, _C_TRIVIA, _KIND_CLASS
    from ..lexer import lex

    if not text:
        return True
    lx = lex(text)
    for kind in lx.kinds:
        cls = _KIND_CLASS[kind]
        if cls != _C_TRIVIA:
            return cls == _C_NONE
        if kind == K_COMMENT:
            return True
    return True


def untyped_tokens(token_texts: list[str]) -> np.ndarray:
    """bool per token id: True where a generated token gets n/a type inputs (see `untyped_by_text`)."""
    return np.fromiter((untyped_by_text(t) for t in token_texts), dtype=bool, count=len(token_texts))


def prompt_type_inputs(data: bytes, labels, tok_start: np.ndarray, tok_end: np.ndarray) -> np.ndarray:
    """int64 [n_tokens, 3]: (type id, concreteness, depth) of the prompt's tokens, whose byte
    spans are [tok_start, tok_end), from the prompt's lexeme labels (the shard alignment rule)."""
    from ..shards.align import first_nontrivia

    lx = labels.lexemes
    src, _ = first_nontrivia(np.asarray(tok_start, dtype=np.int64), np.asarray(tok_end, dtype=np.int64),
                             np.asarray(lx.starts, dtype=np.int64), np.asarray(lx.ends, dtype=np.int64),
                             np.asarray(lx.kinds, dtype=np.uint8))
    cols = np.stack([np.asarray(labels.type_ids, dtype=np.int64), np.asarray(labels.concreteness, dtype=np.int64),
                     np.asarray(labels.depth, dtype=np.int64)], axis=1) if len(lx) else np.zeros((0, 3), np.int64)
    out = np.empty((len(tok_start), 3), dtype=np.int64)
    out[:] = NA_INPUTS
    hit = src >= 0
    out[hit] = cols[src[hit]]
    return out
