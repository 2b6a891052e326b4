"""Telling a corpus from shards, streaming a manifest's file records, and one-line errors."""

from __future__ import annotations

import json

import pytest

from juliatag.errors import JuliatagError, MissingInputError
from juliatag.stats import collect_stats, detect_kind
from juliatag.stats.folders import iter_file_records, manifest_header


def test_detects_corpus_and_shards(corpus, shards):
    assert detect_kind(corpus) == "lexeme-corpus"
    assert detect_kind(shards) == "shards"


def test_detects_by_subfolders(tmp_path):
    (tmp_path / "c" / "lexemes").mkdir(parents=True)
    (tmp_path / "c" / "manifest.json").write_text("{}")
    (tmp_path / "s" / "train").mkdir(parents=True)
    (tmp_path / "s" / "manifest.json").write_text("{}")
    assert detect_kind(tmp_path / "c") == "lexeme-corpus"
    assert detect_kind(tmp_path / "s") == "shards"


def test_errors(tmp_path):
    with pytest.raises(MissingInputError, match="no such folder"):
        collect_stats(tmp_path / "nowhere")
    with pytest.raises(MissingInputError, match="has no manifest.json"):
        collect_stats(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(JuliatagError, match="corrupt manifest"):
        collect_stats(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"kind": "something-else"}))
    with pytest.raises(JuliatagError, match="neither a lexeme-corpus nor a shards manifest"):
        collect_stats(tmp_path)
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(JuliatagError, match="not a folder"):
        collect_stats(f)
    with pytest.raises(JuliatagError, match="--top"):
        collect_stats(tmp_path, top=0)


def test_streamed_records_equal_full_parse(corpus):
    whole = json.loads((corpus / "manifest.json").read_text())
    assert list(iter_file_records(corpus)) == whole["files"]
    header = manifest_header(corpus)
    assert "files" not in header and header == {k: v for k, v in whole.items() if k != "files"}


@pytest.mark.parametrize("indent", [None, 2])
def test_other_manifest_layouts_fall_back(tmp_path, indent):
    data = {"kind": "lexeme-corpus", "counts": {"files_seen": 2},
            "files": [{"path": "a.jl", "status": "labeled"}, {"path": "b.jl", "status": "skipped", "reason": "empty"}]}
    (tmp_path / "manifest.json").write_text(json.dumps(data, indent=indent))
    assert manifest_header(tmp_path) == {"kind": "lexeme-corpus", "counts": {"files_seen": 2}}
    assert list(iter_file_records(tmp_path)) == data["files"]
