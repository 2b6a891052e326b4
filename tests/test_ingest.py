"""`ingest`: a lossless, labeled corpus; deterministic for any --jobs; problems recorded, never fatal."""

import hashlib
import json
import shutil
from pathlib import Path

import datasets
import pytest

from juliatag import schema
from juliatag.errors import JuliatagError
from juliatag.ingest import IngestOptions, ingest

FIXTURES = Path(__file__).parent / "fixtures" / "julia"
SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"


def build_tree(root: Path) -> Path:
    src = root / "pkgs"
    a = src / "Alpha.jl"
    (a / "src").mkdir(parents=True)
    (a / "Project.toml").write_text('name = "Alpha"\n')
    (a / "src" / "Alpha.jl").write_text("module Alpha\ninclude(\"geo.jl\")\nend\n")
    (a / "src" / "geo.jl").write_text("struct P\n    x::Float64\nend\nnorm1(p::P) = abs(p.x)\n")
    (a / "src" / "copy.jl").write_text("struct P\n    x::Float64\nend\nnorm1(p::P) = abs(p.x)\n")  # duplicate
    for f in FIXTURES.glob("*.jl"):
        shutil.copy(f, a / "src" / f.name)
    (a / "src" / "latin1.jl").write_bytes(b"x = \"caf\xe9\"\n")
    (a / "src" / "nul.jl").write_bytes(b"x = 1\x00\n")
    (a / "src" / "empty.jl").write_text("")
    (a / "src" / "deep.jl").write_text("x = " + "[" * 200 + "1" + "]" * 200 + "\n")
    (a / "src" / "huge.jl").write_text("y = 1\n" * 400)
    return src


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("ingest")
    src = build_tree(root)
    out = root / "corpus"
    summary = ingest([str(src)], out, IngestOptions(jobs=1, max_file_bytes=2000))
    return src, out, summary


def test_layout_and_every_row_tiles_its_file(corpus):
    src, out, summary = corpus
    manifest = json.loads((out / "manifest.json").read_text())
    ds = datasets.load_from_disk(str(out / "lexemes"))
    assert ds.num_rows == summary.files_labeled == manifest["counts"]["files_labeled"]
    assert set(ds.column_names) == {"path", "package", "sha256", "text", "lex_start", "lex_end", "lex_kind",
                                    "lex_type", "lex_type_id", "lex_concreteness", "lex_depth", "lex_stability",
                                    "lex_flags", "functions"}
    for row in ds:
        data = row["text"].encode()
        assert row["lex_start"][0] == 0 and row["lex_end"][-1] == len(data)
        assert all(a == b for a, b in zip(row["lex_end"], row["lex_start"][1:]))
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        n = len(row["lex_start"])
        assert all(len(row[c]) == n for c in ("lex_kind", "lex_type", "lex_type_id", "lex_concreteness",
                                              "lex_depth", "lex_stability", "lex_flags"))
        assert row["package"] == "Alpha"
    assert ds.features["lex_kind"].feature.dtype == "uint8" and ds.features["lex_flags"].feature.dtype == "uint16"


def test_manifest_tables_counts_and_file_status(corpus):
    _, out, summary = corpus
    m = json.loads((out / "manifest.json").read_text())
    assert m["tables"]["kinds"] == list(schema.KIND_NAMES)
    assert m["type_ids"]["buckets"]["count"] == 1024 and len(m["type_ids"]["fixed"]) == 126
    assert m["parser"]["name"] == "fatou" and m["schema_version"] == schema.SCHEMA_VERSION
    status = {Path(f["path"]).name: f for f in m["files"]}
    assert status["copy.jl"]["status"] == "duplicate" or status["geo.jl"]["status"] == "duplicate"
    assert status["latin1.jl"]["reason"] == "not-utf8"
    assert status["nul.jl"]["reason"] == "binary"
    assert status["empty.jl"]["reason"] == "empty"
    assert status["huge.jl"]["reason"] == "too-large"
    assert status["deep.jl"]["status"] == "labeled" and status["deep.jl"]["note"].startswith("parse-skipped")
    assert all(len(f.get("sha256", "x" * 64)) == 64 for f in m["files"])
    c = m["counts"]
    assert c["files_seen"] == len(m["files"]) == c["files_labeled"] + c["duplicates"] + sum(c["files_skipped"].values())
    assert not list(out.glob("*.partial")) and not (out.parent / "corpus.partial").exists()


def test_output_is_identical_for_any_jobs(corpus, tmp_path):
    src, out, _ = corpus
    other = tmp_path / "corpus2"
    ingest([str(src)], other, IngestOptions(jobs=2, max_file_bytes=2000))
    for rel in ["manifest.json", "lexemes/state.json", "lexemes/dataset_info.json"] + [
            f"lexemes/{p.name}" for p in (out / "lexemes").glob("*.arrow")]:
        assert (out / rel).read_bytes() == (other / rel).read_bytes(), rel


def test_missing_source_fails_with_a_clear_error(tmp_path):
    with pytest.raises(JuliatagError, match="source not found"):
        ingest([str(tmp_path / "nowhere")], tmp_path / "c", IngestOptions(jobs=1))


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample corpus missing")
def test_sample_corpus_has_no_syntax_errors_and_mostly_known_types(tmp_path):
    s = ingest([str(SAMPLE)], tmp_path / "c", IngestOptions(jobs=1))
    assert s.files_labeled >= 25 and s.syntax_error_bytes == 0
    assert s.known_value_lexemes / s.value_lexemes > 0.6
