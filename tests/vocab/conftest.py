"""Fixtures: tiny corpora written from the snippets in `snippets.py`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from juliatag.vocab import load_spec

from .snippets import FILES


def write_corpus(root: Path, files: dict[str, str]) -> Path:
    """A lexeme corpus as `juliatag ingest` lays it out, with just the columns build-vocab reads."""
    import datasets

    datasets.disable_progress_bars()
    paths = sorted(files)
    datasets.Dataset.from_dict({
        "path": paths,
        "package": [p.split("/", 1)[0].removesuffix(".jl") for p in paths],
        "text": [files[p] for p in paths],
    }).save_to_disk(str(root / "lexemes"))
    (root / "manifest.json").write_text(json.dumps({}), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), FILES)


@pytest.fixture(scope="session")
def small_spec():
    """The shipped spec with a vocabulary small enough for a fast test."""
    return load_spec().with_overrides(vocab_size=1200)


@pytest.fixture(scope="session")
def texts() -> list[str]:
    return [FILES[p] for p in sorted(FILES)]


@pytest.fixture(scope="session")
def trained(texts, small_spec):
    from juliatag.vocab import train_tokenizer

    return train_tokenizer(texts, small_spec)
