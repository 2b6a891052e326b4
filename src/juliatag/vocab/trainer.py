"""Training the byte-level BPE with HF `tokenizers`, with atomic items forced in.

Three measures make the vocabulary hold what the spec promises:
- the 256-byte alphabet is seeded (`initial_alphabet`), so no byte is ever dropped;
- each atomic item's two forms (bare, after one space) are appended to the training stream
  `repeats` times, so their merges outrank the last learned merge even for rare macros;
- after training every item is checked; if one is not atomic, training is repeated with four
  times the repeats, and the build fails with a clear error after `seeding.retries` attempts.
Non-ASCII items are never added as `AddedToken`s (that breaks byte-level decoding).

HF's BPE trainer is deterministic here: the same texts give the same `tokenizer.json` whatever
the thread count or the order of the documents (checked by tests/vocab/test_determinism.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from ..errors import JuliatagError
from .checks import AtomicResult, check_atomicity
from .documents import DocumentSource, TextsSource
from .pretokenize import gpt2_pre_tokenizer, julia_pre_tokenizer
from .progress import Progress, ProgressEvent, no_progress
from .spec import VocabSpec


def new_tokenizer(spec: VocabSpec) -> Tokenizer:
    """An untrained tokenizer with the spec's pre-tokenizer and a byte-level decoder."""
    tokenizer = Tokenizer(models.BPE())
    if spec.pre_tokenizer == "gpt2":
        tokenizer.pre_tokenizer = gpt2_pre_tokenizer()
    else:
        tokenizer.pre_tokenizer = julia_pre_tokenizer(spec.atomic_items, spec.trailing_delimiters)
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer


def new_trainer(spec: VocabSpec) -> trainers.BpeTrainer:
    options = {"max_token_length": spec.max_token_length} if spec.max_token_length else {}
    return trainers.BpeTrainer(
        vocab_size=spec.vocab_size,
        min_frequency=spec.min_frequency,
        special_tokens=list(spec.special_tokens),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
        **options,
    )


@dataclass
class TrainOutcome:
    """A trained tokenizer and what it took to get it."""

    tokenizer: Tokenizer
    training_files: int
    training_bytes: int
    training_chars: int
    seed_repeats: int
    attempts: int
    seconds: float
    atomic: list[AtomicResult] = field(default_factory=list)

    @property
    def atomic_ok(self) -> bool:
        return all(r.ok for r in self.atomic)


class _Stream:
    """The training iterator: documents, then the seeded forms; counts what passed through."""

    def __init__(self, source: DocumentSource, keep: set[int] | None, spec: VocabSpec, multiplier: int,
                 progress: Progress, total: int):
        self.source, self.keep, self.spec = source, keep, spec
        self.multiplier, self.progress, self.total = multiplier, progress, total
        self.files = self.bytes = self.chars = self.repeats = 0

    def __iter__(self) -> Iterator[str]:
        for doc in self.source.iter_documents(self.keep):
            self.files += 1
            self.chars += len(doc.text)
            self.bytes += len(doc.text.encode("utf-8"))
            if self.files % 64 == 0:
                self.progress(ProgressEvent("reading training files", self.files, self.total))
            yield doc.text
        self.progress(ProgressEvent("reading training files", self.files, self.total))
        if self.spec.atomic and self.spec.pre_tokenizer == "julia":
            self.repeats = self.multiplier * self.spec.seeding.repeats_for(
                self.bytes, self.spec.vocab_size, self.spec.min_frequency)
            for atom in self.spec.atomic:
                for form in atom.forms:
                    for _ in range(self.repeats):
                        yield form


def train_tokenizer(
    source: DocumentSource | Iterable[str],
    spec: VocabSpec,
    keep: set[int] | None = None,
    progress: Progress = no_progress,
    enforce_atomic: bool = True,
) -> TrainOutcome:
    """Train a vocabulary on `source` (or the documents in `keep`) as the spec says.

    With `enforce_atomic` (the default for the Julia pre-tokenizer), a failed atomicity check
    retrains with more seeding and finally raises `JuliatagError` naming the items.
    """
    if not isinstance(source, DocumentSource):
        source = TextsSource(source)
    total = len(keep) if keep is not None else len(source)
    enforce = enforce_atomic and spec.pre_tokenizer == "julia" and bool(spec.atomic)
    started = time.perf_counter()
    multiplier = 1
    attempts = spec.seeding.retries + 1 if enforce else 1
    for attempt in range(1, attempts + 1):
        tokenizer = new_tokenizer(spec)
        stream = _Stream(source, keep, spec, multiplier, progress, total)
        progress(ProgressEvent("training", attempt - 1, attempts, unit="attempts"))
        tokenizer.train_from_iterator(stream, trainer=new_trainer(spec), length=total)
        if stream.files == 0:
            raise JuliatagError("no training text: the corpus has no documents")
        results = check_atomicity(tokenizer, spec.atomic)
        outcome = TrainOutcome(tokenizer, stream.files, stream.bytes, stream.chars, stream.repeats, attempt,
                               time.perf_counter() - started, results)
        if outcome.atomic_ok or not enforce:
            return outcome
        multiplier *= 4
    failing = [r for r in outcome.atomic if not r.ok]
    detail = "; ".join(f"{r.item!r}: {r.failures[0]}" for r in failing[:4])
    raise JuliatagError(
        f"{len(failing)} required item(s) are not one token after {attempts} attempts "
        f"(vocab size {spec.vocab_size} too small, or the pre-tokenizer splits them): {detail}"
    )
