"""`build-vocab` end to end: choose training files, train, check, write files and a report.

The tokenizer files are written only when every check passes (all atomic items are one token,
every document round-trips exactly); `report.json` is written either way, so a failed build
leaves its evidence behind.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from ..errors import JuliatagError
from ..outdir import OutputKind, check_output_dir, claim_output_dir, exclusive, read_json_object
from .checks import measure_documents
from .documents import CorpusSource, DocumentSource
from .hf_files import TOKENIZER_JSON, write_json, write_tokenizer_files
from .progress import Progress, no_progress
from .sampling import select_documents
from .options import VocabOptions
from .spec import VocabSpec
from .stats import vocab_stats
from .trainer import train_tokenizer

REPORT_JSON = "report.json"
REPORT_VERSION = 1


def _is_tokenizer_dir(folder: Path) -> bool:
    """A folder an earlier build-vocab wrote (before the marker existed): its report says so."""
    data = read_json_object(folder / REPORT_JSON)
    return data is not None and "report_version" in data and "vocab_size_requested" in data


TOKENIZER = OutputKind("tokenizer", "build-vocab", proves=_is_tokenizer_dir, marker=True)


def build_vocab(
    corpus_dir: str | Path,
    out_dir: str | Path,
    spec: VocabSpec | None = None,
    vocab_size: int | None = None,
    max_train_bytes: int | None = None,
    progress: Progress = no_progress,
    options: VocabOptions | None = None,
) -> dict:
    """Train the vocabulary on a lexeme corpus and write it to `out_dir`; returns the report.
    `options` (or, as a shorthand, `spec`, `vocab_size` and `max_train_bytes`) are checked first."""
    options = _options(options, spec, vocab_size, max_train_bytes)
    check_output_dir(out_dir, TOKENIZER, inputs=[corpus_dir])
    source = CorpusSource(corpus_dir)
    return build_vocab_from_source(source, out_dir, progress=progress, input_label=str(corpus_dir),
                                   inputs=[corpus_dir], options=options)


def build_vocab_from_source(
    source: DocumentSource,
    out_dir: str | Path,
    spec: VocabSpec | None = None,
    vocab_size: int | None = None,
    max_train_bytes: int | None = None,
    progress: Progress = no_progress,
    input_label: str = "<documents>",
    inputs=(),
    options: VocabOptions | None = None,
) -> dict:
    """Like `build_vocab`, for any `DocumentSource` (a corpus, `.jl` files, texts in memory).

    `out_dir` must be new, empty or a tokenizer folder (checked before any work); `inputs` are
    the folders it must not overlap."""
    options = _options(options, spec, vocab_size, max_train_bytes)
    out = check_output_dir(out_dir, TOKENIZER, inputs=inputs)
    with exclusive(out):
        return _build(source, out, options, progress, input_label)


def _options(options: VocabOptions | None, spec, vocab_size, max_train_bytes) -> VocabOptions:
    if options is None:
        return VocabOptions(spec, vocab_size, max_train_bytes).resolved()
    if (spec, vocab_size, max_train_bytes) != (None, None, None):
        raise TypeError("give either options or spec/vocab_size/max_train_bytes, not both")
    return options.resolved()


def _build(source: DocumentSource, out: Path, options: VocabOptions, progress: Progress, input_label: str) -> dict:
    started = time.perf_counter()
    spec, budget = options.spec, options.max_train_bytes
    if len(source) == 0:
        raise JuliatagError(f"no documents in {input_label}")
    keep = select_documents(source.names(), source.sizes(), budget)

    outcome = train_tokenizer(source, spec, keep=keep, progress=progress)
    tokenizer = outcome.tokenizer
    checked_started = time.perf_counter()
    measure = measure_documents(tokenizer, source.iter_documents(), total=len(source), progress=progress)
    check_seconds = time.perf_counter() - checked_started

    actual_size = tokenizer.get_vocab_size(with_added_tokens=True)
    warnings = []
    if actual_size < spec.vocab_size:
        warnings.append(
            f"the corpus is too small for {spec.vocab_size} tokens: training stopped at {actual_size} "
            f"(no pair left with frequency >= {spec.min_frequency})"
        )
    if keep is not None:
        warnings.append(f"trained on a sample of {outcome.training_files} of {len(source)} files "
                        f"(max_train_bytes = {budget})")
    ok = measure.roundtrip_failures == 0  # atomic failures already raised in train_tokenizer
    report = {
        "report_version": REPORT_VERSION,
        "ok": ok,
        "input": input_label,
        "spec": {"name": spec.name, "source": spec.source, "sha256": spec.source_sha256,
                 "pre_tokenizer": spec.pre_tokenizer, "max_token_length": spec.max_token_length,
                 "min_frequency": spec.min_frequency},
        "vocab_size_requested": spec.vocab_size,
        "vocab_size": actual_size,
        "special_tokens": {t: tokenizer.token_to_id(t) for t in spec.special_tokens},
        "corpus": {"files": len(source), "bytes": sum(source.sizes())},
        "training": {
            "files": outcome.training_files,
            "bytes": outcome.training_bytes,
            "sampled": keep is not None,
            "max_train_bytes": budget,
            "seed_repeats": outcome.seed_repeats,
            "attempts": outcome.attempts,
        },
        "check": measure.as_dict(),
        "atomic": [{"item": r.item, "ok": r.ok, "form_ids": r.form_ids, "failures": r.failures}
                   for r in outcome.atomic],
        "vocab_stats": vocab_stats(tokenizer),
        "timing": {"train_s": round(outcome.seconds, 2), "check_s": round(check_seconds, 2),
                   "total_s": round(time.perf_counter() - started, 2)},
        "warnings": warnings,
    }
    claim_output_dir(out, TOKENIZER)
    if ok:
        paths = write_tokenizer_files(tokenizer, spec, out)
        report["files"] = sorted(p.name for p in paths.values())
        report["tokenizer_sha256"] = hashlib.sha256(paths[TOKENIZER_JSON].read_bytes()).hexdigest()
    write_json(out / REPORT_JSON, report)
    if measure.roundtrip_failures:
        raise JuliatagError(
            f"round trip failed for {measure.roundtrip_failures} file(s), e.g. {measure.failed_files[0]}; "
            f"nothing but {out / REPORT_JSON} was written"
        )
    return report
