"""Issue 14 item 13: `shard` checks the corpus manifest's sha256 and row count of every data file
and refuses a corpus whose files were swapped or altered after ingest."""

from __future__ import annotations

import json
import shutil

import pytest

from juliatag.errors import JuliatagError
from juliatag.shards import ShardOptions, build_shards

from .conftest import write_tree

OPTS = ShardOptions(seq_len=64, formats=("arrow",), jobs=1)


def _data_file(corpus):
    manifest = json.loads((corpus / "manifest.json").read_text())
    return corpus / "lexemes" / manifest["dataset"]["shards"][0]["filename"]


def test_swapped_arrow_file_is_refused(tmp_path, corpus, tokenizer):
    from juliatag.ingest import IngestOptions, ingest

    other_src = write_tree(tmp_path / "other", {"Other/Project.toml": 'name = "Other"\n',
                                                 "Other/src/Other.jl": "f(x::Int) = x + 1\ng() = f(2)\n"})
    other = tmp_path / "other-corpus"
    ingest([str(other_src)], other, IngestOptions(jobs=1))
    swapped = shutil.copytree(corpus, tmp_path / "swapped")
    shutil.copyfile(_data_file(other), _data_file(swapped))
    with pytest.raises(JuliatagError, match="was changed after ingest") as err:
        build_shards(swapped, tokenizer, tmp_path / "out", OPTS)
    assert str(_data_file(swapped)) in str(err.value)
    assert not (tmp_path / "out").exists()


def test_row_count_differing_from_the_manifest_is_refused(tmp_path, corpus, tokenizer):
    altered = shutil.copytree(corpus, tmp_path / "altered")
    manifest = json.loads((altered / "manifest.json").read_text())
    manifest["dataset"]["shards"][0]["rows"] += 3
    (altered / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(JuliatagError, match="rows, the manifest records"):
        build_shards(altered, tokenizer, tmp_path / "out", OPTS)


def test_dataset_list_naming_other_files_is_refused(tmp_path, corpus, tokenizer):
    altered = shutil.copytree(corpus, tmp_path / "altered")
    extra = altered / "lexemes" / "data-00009-of-00010.arrow"
    shutil.copyfile(_data_file(altered), extra)
    state_path = altered / "lexemes" / "state.json"
    state = json.loads(state_path.read_text())
    state["_data_files"].append({"filename": extra.name})
    state_path.write_text(json.dumps(state))
    with pytest.raises(JuliatagError, match="lists .data-00009-of-00010.arrow., which the manifest does not record"):
        build_shards(altered, tokenizer, tmp_path / "out", OPTS)


def test_untouched_corpus_goes_through(tmp_path, corpus, tokenizer):
    result = build_shards(corpus, tokenizer, tmp_path / "out", OPTS)
    assert sum(c["documents"] for c in result.manifest["counts"].values()) > 0
