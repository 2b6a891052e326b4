"""Issue 14 item 9: the data-file names listed in a corpus's `lexemes/state.json` are data, not
trusted paths: `/etc/passwd`, `../../x` or a link leading out of the folder is refused with a
one-line error by everything that reads the corpus through juliatag.corpus.reader (`shard`,
`build-vocab`), before anything is opened."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from juliatag.corpus import reader
from juliatag.errors import JuliatagError

from .in_helpers import ROOT, ingest_with_swap, small_package


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corpus")
    ingest_with_swap([small_package(tmp)], tmp / "c")
    return tmp / "c"


def _tampered(corpus, tmp_path, name_for):
    import shutil

    c = tmp_path / "c"
    shutil.copytree(corpus, c)
    state_path = c / "lexemes" / "state.json"
    state = json.loads(state_path.read_text())
    real = c / "lexemes" / state["_data_files"][0]["filename"]
    state["_data_files"][0]["filename"] = name_for(c, real)
    state_path.write_text(json.dumps(state))
    return c


def _outside_copy(c, real):
    outside = c.parent / "outside.arrow"
    outside.write_bytes(real.read_bytes())
    return "../../outside.arrow"


def _link_out(c, real):
    outside = c.parent / "elsewhere.arrow"
    outside.write_bytes(real.read_bytes())
    os.symlink(outside, c / "lexemes" / "evil.arrow")
    return "evil.arrow"


NAMES = {"absolute": lambda c, real: "/etc/passwd", "parent": _outside_copy, "link-out": _link_out,
         "not-a-string": lambda c, real: 7}


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_listed_names_must_stay_inside(corpus, tmp_path, kind):
    c = _tampered(corpus, tmp_path, NAMES[kind])
    for read in (reader.lexeme_files, reader.lexeme_schema, reader.open_lexemes, reader.count_documents,
                 lambda d: list(reader.iter_lexeme_batches(d, ["path"])),
                 lambda d: reader.lexeme_column_stats(d, "package")):
        with pytest.raises(JuliatagError, match="not a file inside") as err:
            read(c)
        assert "\n" not in str(err.value)


def test_build_vocab_refuses_with_one_line(corpus, tmp_path):
    c = _tampered(corpus, tmp_path, NAMES["absolute"])
    r = subprocess.run([sys.executable, "-m", "juliatag.cli", "build-vocab", "--corpus", str(c), "--out",
                        str(tmp_path / "tok")], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert r.returncode != 0
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "/etc/passwd" in lines[0] and "internal error" not in lines[0]


def test_untampered_corpus_still_reads(corpus):
    assert len(reader.lexeme_files(corpus)) >= 1 and reader.count_documents(corpus) == 2
