"""Definitions of the prompt and the protection of their names while sampling.

Protected names are the struct, abstract type, const and function names the prompt defines at
its top level. They come from the parser's `DefinitionCollector`, not from the labels: labels
mark every definition site with one flag (arguments, locals, fields, type parameters included)
and carry no scope, while the collector walks only the top level (into modules and `begin`
blocks, never into bodies) and says what each definition is.

Near misses. While an identifier is being written (the text since the last non-identifier byte;
identifier bytes are ASCII letters, digits, `_` and every non-ASCII byte), a candidate token
that would make it a near miss of a protected name gets `bias` subtracted from its logit:

- a name is protected when it is at least `MIN_PROTECTED` bytes long (shorter names have too
  many legitimate neighbours); its tolerance k is 1 up to 5 bytes and 2 beyond;
- a token that *ends* the identifier (has a non-identifier byte after its identifier bytes)
  completes a word w; it is penalised when w is neither a known name (a prompt identifier, a
  protected name, a Base export) nor a prefix of a prompt identifier, its length is within k of the protected name's (the same
  length class) and its edit distance to it is 1..k (`Point3D` for `Point2D`);
- a token made of identifier bytes only continues the word w; it is penalised when w is not a
  prefix of any known name, is at least len(name) - k and at most len(name) bytes long, and
  is within 1..k edits of some prefix of the protected name (`Point3` on the way to `Point3D`);
- tokens that start with a non-identifier byte, and words that start with a digit (numbers),
  are never penalised.

The search runs over a trie of the tokens' leading identifier bytes with one Levenshtein row per
protected name, pruned as soon as every name is more than k edits away from every prefix (the
prefix distance never shrinks as a word grows); results are cached per word prefix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

MIN_PROTECTED = 4
_IDENT = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") | frozenset(range(0x80, 0x100))
_DIGITS = frozenset(b"0123456789")


def is_ident_byte(b: int) -> bool:
    return b in _IDENT


def tolerance(name: bytes) -> int:
    return 1 if len(name) <= 5 else 2


@dataclass
class PromptDefinitions:
    """What the prompt defines at its top level, by kind (names as written)."""

    structs: list[str] = field(default_factory=list)     # struct and abstract/primitive type names
    consts: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    identifiers: set[str] = field(default_factory=set)   # every identifier the prompt mentions

    @property
    def names(self) -> list[str]:
        seen: dict[str, None] = {}
        for n in self.structs + self.consts + self.functions:
            seen.setdefault(n, None)
        return list(seen)

    @property
    def protected(self) -> list[str]:
        return [n for n in self.names if _is_identifier(n) and len(n.encode("utf-8")) >= MIN_PROTECTED]


def _is_identifier(name: str) -> bool:
    data = name.encode("utf-8")
    return bool(data) and data[0] not in _DIGITS and all(b in _IDENT for b in data)


def prompt_definitions(data: bytes, parser, labels=None) -> PromptDefinitions:
    """The top-level definitions of `data` (see the module docstring); `labels` (the prompt's
    FileLabels, when at hand) supply the identifiers it mentions."""
    from ..infer.definitions import DefinitionCollector
    from ..lexer import lex
    from ..schema import K_IDENTIFIER
    from ..types.registry import TypeRegistry, base_registry

    out = PromptDefinitions()
    lx = labels.lexemes if labels is not None else lex(data.decode("utf-8", "replace"))
    out.identifiers = {data[s:e].decode("utf-8", "replace") for s, e, k in zip(lx.starts, lx.ends, lx.kinds, strict=True)
                       if k == K_IDENTIFIER}
    if parser is None or not data.strip():
        return out
    try:
        root = parser.parse(data).root
        defs = DefinitionCollector(data, TypeRegistry(parent=base_registry())).collect(root)
    except Exception:  # a parser or collector failure leaves the prompt unprotected, never fails
        return out
    out.structs = list(defs.structs) + [sd.name for sd in defs.abstracts]
    out.consts = list(defs.consts)
    out.functions = [n for n in defs.methods if _is_identifier(n)]
    return out


def _step(row: list[int], ch: int, name: bytes) -> list[int]:
    new = [row[0] + 1]
    for j, c in enumerate(name, 1):
        new.append(min(row[j] + 1, new[j - 1] + 1, row[j - 1] + (c != ch)))
    return new


def _row(word: bytes, name: bytes) -> list[int]:
    row = list(range(len(name) + 1))
    for ch in word:
        row = _step(row, ch, name)
    return row


def edit_distance(a: str | bytes, b: str | bytes) -> int:
    a = a.encode("utf-8") if isinstance(a, str) else a
    b = b.encode("utf-8") if isinstance(b, str) else b
    return _row(a, b)[-1]


class _Trie:
    __slots__ = ("kids", "tokens")

    def __init__(self):
        self.kids: dict[int, _Trie] = {}
        self.tokens: list[tuple[int, bool]] = []   # (token id, the token ends the identifier)


class NameGuard:
    """Logit biases against near misses of protected names (see the module docstring)."""

    def __init__(self, protected, known, token_bytes: list[bytes], bias: float = 6.0, base_names=()):
        self.protected = [n.encode("utf-8") for n in dict.fromkeys(protected)
                          if _is_identifier(n) and len(n.encode("utf-8")) >= MIN_PROTECTED]
        known_b = {n.encode("utf-8") for n in known} | set(self.protected)
        self.known = known_b | {n.encode("utf-8") for n in base_names}
        self.known_prefixes = {n[:i] for n in known_b for i in range(len(n) + 1)}
        self.bias = float(bias)
        self.vocab_size = len(token_bytes)
        self.trie = _Trie()
        for tid, b in enumerate(token_bytes):
            n = 0
            while n < len(b) and b[n] in _IDENT:
                n += 1
            if n == 0:
                continue
            node = self.trie
            for ch in b[:n]:
                node = node.kids.setdefault(ch, _Trie())
            node.tokens.append((tid, n < len(b)))
        self._cache: dict[bytes, list[int]] = {}
        self._max_len = max((len(n) + tolerance(n) for n in self.protected), default=0)

    def __bool__(self) -> bool:
        return bool(self.protected) and self.bias != 0

    def penalised(self, prefix: bytes) -> list[int]:
        """Token ids that would make the identifier `prefix` (possibly empty) a near miss."""
        hit = self._cache.get(prefix)
        if hit is not None:
            return hit
        out: list[int] = []
        if self.protected and not (prefix and prefix[0] in _DIGITS) and len(prefix) <= self._max_len:
            rows = []
            for name in self.protected:
                row = _row(prefix, name)
                if min(row) <= tolerance(name):
                    rows.append((name, row))
            if rows:
                self._walk(self.trie, prefix, rows, out)
        if len(self._cache) > 8192:
            self._cache.clear()
        self._cache[prefix] = out
        return out

    def _walk(self, node: _Trie, word: bytes, rows, out: list[int]) -> None:
        for tid, ends in node.tokens:
            if self._near_miss(word, rows, ends):
                out.append(tid)
        if len(word) >= self._max_len:
            return
        for ch, kid in node.kids.items():
            if not word and ch in _DIGITS:
                continue                    # a number, not an identifier
            nxt = word + bytes((ch,))
            kid_rows = []
            for name, row in rows:
                r = _step(row, ch, name)
                if min(r) <= tolerance(name):
                    kid_rows.append((name, r))
            if kid_rows:
                self._walk(kid, nxt, kid_rows, out)

    def _near_miss(self, word: bytes, rows, ends: bool) -> bool:
        if not word or word in self.known_prefixes:
            return False
        if ends:
            if word in self.known:
                return False
            for name, row in rows:
                k = tolerance(name)
                if abs(len(word) - len(name)) <= k and 1 <= row[-1] <= k:
                    return True
            return False
        for name, row in rows:
            k = tolerance(name)
            if len(name) - k <= len(word) <= len(name) and 1 <= min(row) <= k:
                return True
        return False

    def bias_for(self, prefix: bytes) -> torch.Tensor | None:
        ids = self.penalised(prefix)
        if not ids:
            return None
        b = torch.zeros(self.vocab_size)
        b[ids] = -self.bias
        return b

    def nearest(self, word: str) -> str | None:
        """The protected name `word` is a near miss of, if any."""
        w = word.encode("utf-8")
        if w in self.known:
            return None
        best = None
        for name in self.protected:
            d = _row(w, name)[-1]
            near = 1 <= d <= tolerance(name) and abs(len(w) - len(name)) <= tolerance(name)
            if near and (best is None or d < best[0]):
                best = (d, name)
        return best[1].decode("utf-8") if best else None


def identifier_tail(data: bytes) -> bytes:
    """The identifier being written at the end of `data` (empty after a non-identifier byte)."""
    i = len(data)
    while i > 0 and data[i - 1] in _IDENT:
        i -= 1
    return data[i:]


class TailTracker:
    """Follows the identifier being written as tokens are appended (the decode loop's bias hook)."""

    def __init__(self, guard: NameGuard, prompt: bytes, token_bytes: list[bytes]):
        self.guard, self.token_bytes = guard, token_bytes
        self.tail = identifier_tail(prompt)
        self.seen = 0

    def __call__(self, generated: list[int]) -> torch.Tensor | None:
        for tid in generated[self.seen:]:
            b = self.token_bytes[tid]
            if b and all(x in _IDENT for x in b):
                self.tail += b
            elif b:
                self.tail = identifier_tail(b)
        self.seen = len(generated)
        if len(self.tail) > 256:        # a runaway identifier: nothing protected is that long
            return None
        return self.guard.bias_for(self.tail)
