"""Tokenizer spec files (`tokenizer_specs/*.toml`): what `build-vocab` trains and checks.

A spec fixes the vocabulary size, the special tokens, the pre-tokenizer and the items that must
stay atomic (one token) in code. The default spec, `julia-8k.toml`, ships inside the package
(`juliatag/data/`) so that an installed juliatag finds it from any directory; the repository keeps
an identical copy at `tokenizer_specs/julia-8k.toml`, the place DESIGN.md names.
"""

from __future__ import annotations

import hashlib
import math
import sys
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from ..errors import JuliatagError, MissingInputError
from ..special_tokens import SPECIAL_TOKENS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_SPEC_NAME = "julia-8k.toml"
PRE_TOKENIZER_KINDS = ("julia", "gpt2")


@dataclass(frozen=True)
class AtomicItem:
    """A string that must encode to exactly one token, checked in each of `contexts`."""

    item: str
    contexts: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, str]:
        """The two pre-token shapes the item takes in code: bare and after one space."""
        return (self.item, " " + self.item)


@dataclass(frozen=True)
class SeedingSpec:
    """How often each atomic form is added to the training data (see the spec file)."""

    repeats_per_mb: float = 250.0
    min_repeats: int = 8
    retries: int = 3

    def repeats_for(self, training_bytes: int, vocab_size: int, min_frequency: int) -> int:
        """How often to add each form: enough to outrank the last merge BPE will learn."""
        scaled = math.ceil(self.repeats_per_mb * training_bytes / 1e6 * 1000 / vocab_size)
        return max(self.min_repeats, 2 * min_frequency, scaled)


@dataclass(frozen=True)
class VocabSpec:
    """A parsed tokenizer spec; `source_sha256` identifies the file it came from."""

    name: str
    vocab_size: int
    special_tokens: tuple[str, ...]
    bos_token: str
    eos_token: str
    unk_token: str
    pad_token: str
    min_frequency: int = 2
    max_token_length: int | None = 24
    model_max_length: int = 2048
    max_train_bytes: int | None = None
    pre_tokenizer: str = "julia"
    trailing_delimiters: int = 2
    seeding: SeedingSpec = field(default_factory=SeedingSpec)
    atomic: tuple[AtomicItem, ...] = ()
    source: str = "<memory>"
    source_sha256: str = ""

    @property
    def atomic_items(self) -> tuple[str, ...]:
        return tuple(a.item for a in self.atomic)

    def with_overrides(self, **changes) -> VocabSpec:
        """A copy with some fields replaced (None values are ignored), validated again."""
        changes = {k: v for k, v in changes.items() if v is not None}
        spec = replace(self, **changes)
        _validate(spec)
        return spec


def default_spec_path() -> Path:
    """The spec shipped inside the package (works for installed and editable juliatag alike)."""
    return Path(str(resources.files("juliatag.data").joinpath(DEFAULT_SPEC_NAME)))


def load_spec(path: str | Path | None = None) -> VocabSpec:
    """Read and validate a spec file; `None` loads the packaged default `julia-8k.toml`."""
    path = Path(path) if path is not None else default_spec_path()
    if not path.is_file():
        raise MissingInputError(f"tokenizer spec {path} not found")
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise JuliatagError(f"tokenizer spec {path} is not valid TOML: {exc}") from exc
    return spec_from_dict(data, source=str(path), source_sha256=hashlib.sha256(raw).hexdigest())


def spec_from_dict(data: dict, source: str = "<memory>", source_sha256: str = "") -> VocabSpec:
    """Build a `VocabSpec` from the parsed TOML tables; raises `JuliatagError` on a bad spec."""
    try:
        specials = data.get("special_tokens", {})
        tokens = tuple(specials.get("tokens", SPECIAL_TOKENS))
        pre = data.get("pre_tokenizer", {})
        seeding = SeedingSpec(**data.get("seeding", {}))
        atomic = tuple(
            AtomicItem(item=entry["item"], contexts=tuple(entry.get("contexts", ())))
            for entry in data.get("atomic", [])
        )
        spec = VocabSpec(
            name=data.get("name", Path(source).stem),
            vocab_size=int(data["vocab_size"]),
            special_tokens=tokens,
            bos_token=specials.get("bos", tokens[0]),
            eos_token=specials.get("eos", tokens[0]),
            unk_token=specials.get("unk", tokens[0]),
            pad_token=specials.get("pad", tokens[1] if len(tokens) > 1 else tokens[0]),
            min_frequency=int(data.get("min_frequency", 2)),
            max_token_length=data.get("max_token_length"),
            model_max_length=int(data.get("model_max_length", 2048)),
            max_train_bytes=data.get("max_train_bytes"),
            pre_tokenizer=pre.get("kind", "julia"),
            trailing_delimiters=int(pre.get("trailing_delimiters", 2)),
            seeding=seeding,
            atomic=atomic,
            source=source,
            source_sha256=source_sha256,
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise JuliatagError(f"tokenizer spec {source}: missing or bad field ({exc})") from exc
    _validate(spec)
    return spec


def _validate(spec: VocabSpec) -> None:
    where = f"tokenizer spec {spec.source}"
    if tuple(spec.special_tokens[: len(SPECIAL_TOKENS)]) != SPECIAL_TOKENS:
        raise JuliatagError(
            f"{where}: special tokens must start with {list(SPECIAL_TOKENS)} in that order "
            "(the shard writer relies on their names and ids)"
        )
    if len(set(spec.special_tokens)) != len(spec.special_tokens):
        raise JuliatagError(f"{where}: duplicate special tokens")
    for role in ("bos_token", "eos_token", "unk_token", "pad_token"):
        if getattr(spec, role) not in spec.special_tokens:
            raise JuliatagError(f"{where}: {role} {getattr(spec, role)!r} is not a special token")
    minimum = len(spec.special_tokens) + 256
    if spec.vocab_size <= minimum:
        raise JuliatagError(f"{where}: vocab_size {spec.vocab_size} leaves no room for merges (needs > {minimum})")
    if spec.vocab_size > 65536:
        raise JuliatagError(f"{where}: vocab_size {spec.vocab_size} does not fit the uint16 shards (max 65536)")
    if spec.pre_tokenizer not in PRE_TOKENIZER_KINDS:
        raise JuliatagError(f"{where}: pre_tokenizer.kind must be one of {PRE_TOKENIZER_KINDS}")
    if spec.min_frequency < 1 or spec.trailing_delimiters < 0:
        raise JuliatagError(f"{where}: min_frequency must be >= 1 and trailing_delimiters >= 0")
    if spec.max_token_length is not None and spec.max_token_length < 2:
        raise JuliatagError(f"{where}: max_token_length must be >= 2")
    if spec.max_train_bytes is not None and spec.max_train_bytes <= 0:
        raise JuliatagError(f"{where}: max_train_bytes must be positive")
    for atom in spec.atomic:
        if not atom.item or any(c.isspace() for c in atom.item):
            raise JuliatagError(f"{where}: atomic item {atom.item!r} must be non-empty without whitespace")
        for context in atom.contexts:
            if atom.item not in context:
                raise JuliatagError(f"{where}: context {context!r} does not contain {atom.item!r}")
    if len(set(spec.atomic_items)) != len(spec.atomic_items):
        raise JuliatagError(f"{where}: duplicate atomic items")
