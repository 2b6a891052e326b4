"""Checks a trained vocabulary must pass: atomic items, exact round trip, compression.

Positions are computed from each token's exact bytes (see `bytelevel.vocab_bytes`), so the
checks do not depend on how HF reports offsets for byte-level tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .documents import Document
from .progress import Progress, no_progress
from .spec import AtomicItem


@dataclass
class AtomicResult:
    """Whether one atomic item came out as one token, bare, after a space and in its contexts."""

    item: str
    ok: bool
    form_ids: dict[str, list[int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def _pieces(tokenizer, table: Sequence[bytes], text: str) -> list[bytes]:
    return [table[i] for i in tokenizer.encode(text, add_special_tokens=False).ids]


def _occurrence_ok(pieces: list[bytes], start: int, item: bytes) -> bool:
    """True when the bytes [start, start+len(item)) lie in one token that is `item` plus whitespace."""
    end = start + len(item)
    offset = 0
    covering = []
    for piece in pieces:
        if offset < end and offset + len(piece) > start:
            covering.append(piece)
        offset += len(piece)
    return len(covering) == 1 and covering[0].strip() == item


def check_atomic_item(tokenizer, table: Sequence[bytes], atom: AtomicItem) -> AtomicResult:
    result = AtomicResult(item=atom.item, ok=True)
    item_bytes = atom.item.encode("utf-8")
    for form in atom.forms:
        ids = tokenizer.encode(form, add_special_tokens=False).ids
        result.form_ids[form] = ids
        if len(ids) != 1:
            result.failures.append(f"{form!r} -> {[table[i].decode('utf-8', 'replace') for i in ids]}")
    for context in atom.contexts:
        pieces = _pieces(tokenizer, table, context)
        index = context.find(atom.item)
        while index >= 0:
            start = len(context[:index].encode("utf-8"))
            if not _occurrence_ok(pieces, start, item_bytes):
                shown = [p.decode("utf-8", "replace") for p in pieces]
                result.failures.append(f"in {context!r} -> {shown}")
                break
            index = context.find(atom.item, index + len(atom.item))
    result.ok = not result.failures
    return result


def check_atomicity(tokenizer, atomic: Iterable[AtomicItem]) -> list[AtomicResult]:
    """One result per item, in spec order."""
    from .bytelevel import vocab_bytes

    table = vocab_bytes(tokenizer)
    return [check_atomic_item(tokenizer, table, atom) for atom in atomic]


@dataclass
class CorpusMeasure:
    """Compression and round-trip results over a set of documents."""

    files: int = 0
    chars: int = 0
    bytes: int = 0
    tokens: int = 0
    roundtrip_failures: int = 0
    failed_files: list[str] = field(default_factory=list)

    @property
    def chars_per_token(self) -> float:
        return self.chars / self.tokens if self.tokens else 0.0

    @property
    def bytes_per_token(self) -> float:
        return self.bytes / self.tokens if self.tokens else 0.0

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "chars": self.chars,
            "bytes": self.bytes,
            "tokens": self.tokens,
            "chars_per_token": round(self.chars_per_token, 4),
            "bytes_per_token": round(self.bytes_per_token, 4),
            "roundtrip_failures": self.roundtrip_failures,
            "roundtrip_failed_files": self.failed_files,
        }


def measure_documents(
    tokenizer,
    documents: Iterable[Document],
    total: int | None = None,
    batch_size: int = 64,
    progress: Progress = no_progress,
    stage: str = "checking round trip",
    keep_failed: int = 20,
) -> CorpusMeasure:
    """Encode every document, decode it back, and count characters and tokens.

    Special tokens are decoded too (`skip_special_tokens=False`), so a file that happens to
    contain `<|endoftext|>` still round-trips.
    """
    measure = CorpusMeasure()
    batch: list[Document] = []

    def flush() -> None:
        encodings = tokenizer.encode_batch([d.text for d in batch], add_special_tokens=False)
        decoded = tokenizer.decode_batch([e.ids for e in encodings], skip_special_tokens=False)
        for doc, enc, back in zip(batch, encodings, decoded, strict=False):
            measure.files += 1
            measure.chars += len(doc.text)
            measure.bytes += len(doc.text.encode("utf-8"))
            measure.tokens += len(enc.ids)
            if back != doc.text:
                measure.roundtrip_failures += 1
                if len(measure.failed_files) < keep_failed:
                    measure.failed_files.append(doc.name)
        progress(stage, measure.files, total)
        batch.clear()

    for doc in documents:
        batch.append(doc)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return measure
