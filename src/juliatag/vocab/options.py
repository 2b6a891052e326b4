"""The options of `juliatag build-vocab`, checked, with the spec's defaults filled in."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import JuliatagError
from .spec import VocabSpec, load_spec


@dataclass
class VocabOptions:
    """Options of `juliatag build-vocab` (see the CLI help for each). None: the spec's value."""

    spec: VocabSpec | None = None          # None: the packaged julia-8k.toml
    vocab_size: int | None = None
    max_train_bytes: int | None = None

    def resolved(self) -> VocabOptions:
        """A copy whose spec carries the overrides, after checking every value (JuliatagError if bad)."""
        for name, value in (("--vocab-size", self.vocab_size), ("--max-train-bytes", self.max_train_bytes)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise JuliatagError(f"{name} must be a whole number of at least 1, got {value!r}")
        spec = (self.spec or load_spec()).with_overrides(vocab_size=self.vocab_size)
        budget = self.max_train_bytes if self.max_train_bytes is not None else spec.max_train_bytes
        return VocabOptions(spec, spec.vocab_size, budget)
