"""Synthetic shards in the on-disk shard layout, for tests and for checking the trainer without
real shards.

The documents are a toy Julia-like language whose labels follow the same rules as real ones, so
that types have to be inferred from context: a variable's type is that of its last assignment
(a literal, a typed argument, a call with a fixed result type, a sum of two variables), a variable
assigned two different types gets a union verdict, one assigned from an untyped call is unstable
(`Any`), a name read before any assignment is undefined (type unknown), and now and then a few
junk tokens form a syntax-error region. Token ids are not those of any real tokenizer.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import torch

from ..schema import (
    C_ABSTRACT,
    C_CONCRETE,
    C_NA,
    C_UNKNOWN,
    DEPTH_NA,
    F_SYNTAX_ERROR,
    F_TYPE_POSITION,
    F_UNDEFINED,
    KIND_ID,
    S_NA,
    S_STABLE,
    S_UNION,
    S_UNSTABLE,
    TYPE_ID_NA,
    TYPE_ID_UNKNOWN,
)
from ..special_tokens import END_OF_TEXT, PAD, SPECIAL_TOKENS

# (type id, concreteness, depth) of the concrete types; `Any` comes after them
TYPES = [(2, C_CONCRETE, 4), (3, C_CONCRETE, 4), (4, C_CONCRETE, 2), (5, C_CONCRETE, 4),
         (6, C_CONCRETE, 1), (7, C_CONCRETE, 3), (8, C_CONCRETE, 1), (300, C_CONCRETE, 1)]
INT, FLOAT = 0, 1
ANY = len(TYPES)
TYPE_TABLE = TYPES + [(10, C_ABSTRACT, 0)]
UNKNOWN = -1
NA = None

EOT, PAD_ID = SPECIAL_TOKENS.index(END_OF_TEXT), SPECIAL_TOKENS.index(PAD)
P = {name: 6 + i for i, name in enumerate(("=", "\n", "(", ")", "+", "function", "end", "return", "::", ","))}
TYPE_NAME0, LIT0, FUNC0, VAR0 = 20, 40, 120, 160
N_LIT, N_FUNC = 80, 40
MIN_VOCAB = VAR0 + 40


def _func_type(f: int) -> int:
    return ANY if f % 5 == 0 else (f * 7) % len(TYPES)


def _document(rng: random.Random, vocab_size: int) -> list[tuple]:
    """One function as (token, type index | None | UNKNOWN, kind, flags, binding or None)."""
    names = rng.sample(range(VAR0, vocab_size), 8)
    cur: dict[int, int] = {}        # variable -> current type
    seen: dict[int, set] = {}       # variable -> all types it was assigned
    out: list[tuple] = []
    K = KIND_ID

    def p(sym):
        kind = K.get(sym, K["NewlineWs"] if sym == "\n" else K["None"])
        out.append((P[sym], NA, kind, 0, None))

    def assign(v, t):
        cur[v] = t
        seen.setdefault(v, set()).add(t)

    def use(v):
        if v in cur:
            out.append((v, cur[v], K["Identifier"], 0, v))
            return cur[v]
        out.append((v, UNKNOWN, K["Identifier"], F_UNDEFINED, None))
        return UNKNOWN

    p("function")
    out.append((FUNC0 + rng.randrange(N_FUNC), NA, K["Identifier"], 0, None))
    p("(")
    for i, a in enumerate(names[:2]):
        t = rng.randrange(len(TYPES))
        if i:
            p(",")
        assign(a, t)
        use(a)
        p("::")
        out.append((TYPE_NAME0 + t, t, K["Identifier"], F_TYPE_POSITION, None))
    p(")")
    p("\n")
    for _ in range(rng.randint(4, 14)):
        r = rng.random()
        if r < 0.04:  # a syntax-error region
            for _ in range(3):
                junk = rng.randrange(LIT0, vocab_size)
                out.append((junk, NA, K["ErrorUnknownCharacter"], F_SYNTAX_ERROR, None))
            p("\n")
            continue
        v = rng.choice(names)
        lhs = len(out)
        out.append(None)  # filled once the right-hand side's type is known
        p("=")
        if r < 0.4:
            lit = LIT0 + rng.randrange(N_LIT)
            t = lit % len(TYPES)
            kind = K["Integer"] if t == INT else K["Float"] if t == FLOAT else K["String"]
            out.append((lit, t, kind, 0, None))
        elif r < 0.7:
            f = FUNC0 + rng.randrange(N_FUNC)
            t = _func_type(f)
            out.append((f, t, K["Identifier"], 0, None))
            p("(")
            use(rng.choice(names))
            p(")")
        else:
            pool = list(cur) if cur and rng.random() < 0.9 else names
            x = use(rng.choice(pool))
            plus = len(out)
            out.append(None)
            y = use(rng.choice(pool))
            if UNKNOWN in (x, y):
                t = UNKNOWN
            elif x == y:
                t = x
            elif {x, y} == {INT, FLOAT}:
                t = FLOAT
            else:
                t = ANY
            out[plus] = (P["+"], t, K["+"], 0, None)
        assign(v, t if t != UNKNOWN else ANY)
        out[lhs] = (v, cur[v], K["Identifier"], 0, v)
        p("\n")
    p("return")
    use(rng.choice(list(cur)))
    p("\n")
    p("end")
    p("\n")

    def verdict(v):
        ts = seen[v]
        return S_UNSTABLE if ANY in ts else S_UNION if len(ts) > 1 else S_STABLE

    def stability(t, binding):
        if binding is not None:
            return verdict(binding)
        return S_NA if t is NA or t == UNKNOWN else S_UNSTABLE if t == ANY else S_STABLE

    return [(tok, t, kind, flags, stability(t, binding)) for tok, t, kind, flags, binding in out]


def _labels(t) -> tuple[int, int, int]:
    if t is NA:
        return TYPE_ID_NA, C_NA, DEPTH_NA
    if t == UNKNOWN:
        return TYPE_ID_UNKNOWN, C_UNKNOWN, DEPTH_NA
    return TYPE_TABLE[t]


def synthetic_rows(n_rows: int, seq_len: int, vocab_size: int, seed: int) -> dict[str, torch.Tensor]:
    """`n_rows` rows of packed documents separated by <|endoftext|>, the last row padded."""
    if vocab_size < MIN_VOCAB:
        raise ValueError(f"synthetic shards need a vocabulary of at least {MIN_VOCAB}")
    rng = random.Random(seed)
    total = n_rows * seq_len
    cols = {c: [] for c in ("input_ids", "type_ids", "concreteness", "depth", "stability", "kind", "flags")}
    n = 0
    while n < total - 1:
        for tok, t, kind, flags, stab in _document(rng, vocab_size) + [(EOT, NA, KIND_ID["None"], 0, S_NA)]:
            tid, conc, depth = _labels(t)
            for c, v in zip(cols, (tok, tid, conc, depth, stab, kind, flags), strict=False):
                cols[c].append(v)
            n += 1
    pad = {"input_ids": PAD_ID, "type_ids": TYPE_ID_NA, "concreteness": C_NA, "depth": DEPTH_NA,
           "stability": S_NA, "kind": KIND_ID["None"], "flags": 0}
    last_row_tokens = seq_len - 1 - rng.randrange(seq_len // 4)  # a padded tail, as real shards have
    dtypes = {"input_ids": torch.int32, "type_ids": torch.int16, "concreteness": torch.int8,
              "depth": torch.int8, "stability": torch.int8, "kind": torch.uint8, "flags": torch.int32}
    out = {}
    for c, values in cols.items():
        values = values[:total - seq_len + last_row_tokens]
        values += [pad[c]] * (total - len(values))
        out[c] = torch.tensor(values, dtype=dtypes[c]).view(n_rows, seq_len)
    return out


ARROW_TYPES = {"input_ids": "uint16", "type_ids": "int16", "concreteness": "int8", "depth": "int8",
               "stability": "int8", "kind": "uint8", "flags": "uint16"}


def write_synthetic_shards(out: Path, *, vocab_size: int = 512, seq_len: int = 256, train_rows: int = 64,
                           validation_rows: int = 16, rows_per_file: int | None = None, seed: int = 0,
                           forms: tuple[str, ...] = ("pt", "arrow")) -> Path:
    """Write a shards folder (manifest.json, pt/*.pt and/or the Arrow train/ and validation/)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for i, (split, n_rows) in enumerate((("train", train_rows), ("validation", validation_rows))):
        data = synthetic_rows(n_rows, seq_len, vocab_size, seed * 1000 + i)
        counts[split] = {"rows": n_rows, "tokens": int((data["input_ids"] != PAD_ID).sum())}
        if "pt" in forms:
            (out / "pt").mkdir(exist_ok=True)
            step = rows_per_file or n_rows
            for j, first in enumerate(range(0, n_rows, step)):
                part = {c: t[first:first + step].clone() for c, t in data.items()}
                torch.save(part, out / "pt" / f"{split}-{j:05d}.pt")
        if "arrow" in forms:
            import datasets

            features = datasets.Features({c: datasets.List(datasets.Value(v))
                                          for c, v in ARROW_TYPES.items()})
            arrays = {c: data[c].numpy().astype(ARROW_TYPES[c]).tolist() for c in ARROW_TYPES}
            bars_on = datasets.is_progress_bar_enabled()
            datasets.disable_progress_bars()
            try:
                datasets.Dataset.from_dict(arrays, features=features).save_to_disk(str(out / split))
            finally:
                if bars_on:
                    datasets.enable_progress_bars()
    manifest = {
        "synthetic": True,
        "seq_len": seq_len,
        "vocab_size": vocab_size,
        "special_tokens": {name: i for i, name in enumerate(SPECIAL_TOKENS)},
        "counts": counts,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return out

