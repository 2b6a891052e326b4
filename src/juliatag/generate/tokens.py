"""The tokenizer as generation needs it: the bytes each id stands for, special ids, encoding with
byte spans, and where a run's tokenizer lives."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import numpy as np

from ..errors import JuliatagError, MissingInputError
from ..files import sha256_file
from ..shards.tokenizer import load_tokenizer, tokenizer_file
from ..special_tokens import END_OF_TEXT, FILE_SEP, FIM_MIDDLE, FIM_PREFIX, FIM_SUFFIX, PAD
from ..vocab.bytelevel import char_to_byte


class TokenTable:
    """A byte-level BPE tokenizer with each id's bytes laid out for incremental decoding."""

    def __init__(self, path: str | Path):
        self.path = tokenizer_file(path)
        self.tok = load_tokenizer(self.path)
        size = self.tok.get_vocab_size(with_added_tokens=True)
        alphabet = char_to_byte()
        added = self.tok.get_added_tokens_decoder()
        table: list[bytes | None] = [None] * size
        self.special: dict[str, int] = {}
        for token, i in self.tok.get_vocab(with_added_tokens=True).items():
            if i >= size:
                raise JuliatagError(f"tokenizer {self.path}: id {i} outside its size {size}")
            if i in added:
                table[i] = b"" if added[i].special else added[i].content.encode("utf-8")
                if added[i].special:
                    self.special[added[i].content] = i
            elif all(ch in alphabet for ch in token):
                table[i] = bytes(alphabet[ch] for ch in token)
            else:
                raise JuliatagError(f"tokenizer {self.path} is not byte-level BPE (token {token!r}); "
                                    "generation needs one built by `juliatag build-vocab`")
        self.token_bytes: list[bytes] = [b if b is not None else b"" for b in table]
        missing = [n for n in (END_OF_TEXT, PAD) if n not in self.special]
        if missing:
            raise JuliatagError(f"tokenizer {self.path} lacks the special tokens {', '.join(missing)}")
        self.eot_id = self.special[END_OF_TEXT]
        self.pad_id = self.special[PAD]
        self._lengths = np.fromiter((len(b) for b in self.token_bytes), dtype=np.int64, count=size)

    def __len__(self) -> int:
        return len(self.token_bytes)

    @property
    def stop_ids(self) -> set[int]:
        """Ids that end a generation: end of text, file separator."""
        return {self.special[n] for n in (END_OF_TEXT, FILE_SEP) if n in self.special}

    @property
    def banned_ids(self) -> list[int]:
        """Special ids that are never a next token in the shards (padding, fill-in-the-middle)."""
        return [self.special[n] for n in (PAD, FIM_PREFIX, FIM_MIDDLE, FIM_SUFFIX) if n in self.special]

    @cached_property
    def texts(self) -> list[str]:
        """Each id's bytes decoded on their own (partial UTF-8 sequences replaced)."""
        return [b.decode("utf-8", "replace") for b in self.token_bytes]

    def encode(self, text: str) -> tuple[list[int], np.ndarray, np.ndarray]:
        """Ids of `text` and each token's byte span [start, end) in its UTF-8 encoding."""
        ids = self.tok.encode(text, add_special_tokens=False).ids
        ends = np.cumsum(self._lengths[np.asarray(ids, dtype=np.int64)]) if ids else np.zeros(0, np.int64)
        if ids and int(ends[-1]) != len(text.encode("utf-8")):
            raise JuliatagError(f"tokenizer {self.path} does not reproduce the text byte for byte "
                                "(a normalizer?); generation needs a verbatim byte-level tokenizer")
        starts = ends - self._lengths[np.asarray(ids, dtype=np.int64)] if ids else ends
        return list(ids), starts, ends

    def decode_bytes(self, ids) -> bytes:
        return b"".join(self.token_bytes[i] for i in ids)


def _manifest_candidates(shards) -> list[tuple[Path, str | None]]:
    manifest_path = Path(shards) / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    except (OSError, ValueError):
        manifest = {}
    tok = manifest.get("tokenizer") or {}
    if not tok.get("path"):
        return []
    p = Path(tok["path"])
    paths = [p] if p.is_absolute() else [p, Path(shards).parent / p, Path(shards) / p]
    return [(c, tok.get("sha256")) for c in paths]


def find_tokenizer(tokenizer: Path | None = None, *, shards: Path | None = None, run: Path | None = None) -> Path:
    """The tokenizer file to generate with: `tokenizer` when given; else the one named in the
    manifest of `shards`, then in that of the shards the run in `run` was trained on (each tried
    as written, then beside and inside the shards folder; a manifest's sha256 must match the
    file found); else the workspace's."""
    if tokenizer is not None:
        return tokenizer_file(tokenizer)
    from .. import workspace

    candidates: list[tuple[Path, str | None]] = []
    if shards is not None:
        candidates += _manifest_candidates(shards)
    config = Path(run) / "config.json" if run is not None else None
    if config is not None and config.is_file():
        try:
            run_shards = json.loads(config.read_text()).get("train", {}).get("shards")
        except (OSError, ValueError):
            run_shards = None
        if run_shards:
            candidates += _manifest_candidates(run_shards)
    candidates.append((workspace.tokenizer_dir(), None))
    for path, sha in candidates:
        try:
            f = tokenizer_file(path)
        except MissingInputError:
            continue
        if sha and sha256_file(f) != sha:
            continue
        return f
    where = f"the run in {run}" if run is not None else f"the shards in {shards}"
    raise MissingInputError(f"cannot find the tokenizer of {where}: pass --tokenizer "
                            "(the folder `juliatag build-vocab` wrote)")
