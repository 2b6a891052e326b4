"""Issue 14 item 7: workers re-open planned files without following links, only regular files, and
only with the planned size and sha256; anything else is recorded as skipped with a reason, and no
outside content reaches the corpus."""

from __future__ import annotations

import os

from .in_helpers import corpus_texts, ingest_with_swap, small_package

SECRET = "stolen_secret = 424242\n"


def test_file_swapped_for_a_link_to_an_outside_file(tmp_path):
    pkg = small_package(tmp_path / "in")
    outside = tmp_path / "outside.jl"
    outside.write_text(SECRET)
    target = pkg / "src" / "a.jl"

    def swap():
        target.unlink()
        os.symlink(outside, target)

    recs = ingest_with_swap([pkg], tmp_path / "out", swap)
    assert (recs["a.jl"]["status"], recs["a.jl"]["reason"]) == ("skipped", "symlink")
    assert recs["b.jl"]["status"] == "labeled"
    assert not any("424242" in t for t in corpus_texts(tmp_path / "out"))


def test_file_rewritten_after_planning(tmp_path):
    pkg = small_package(tmp_path / "in")
    target = pkg / "src" / "a.jl"
    same_size = SECRET[:len(target.read_bytes())].ljust(len(target.read_bytes()))

    def swap():
        target.write_text(same_size)

    recs = ingest_with_swap([pkg], tmp_path / "out", swap)
    assert (recs["a.jl"]["status"], recs["a.jl"]["reason"]) == ("skipped", "changed-since-planning")
    assert "sha256" in recs["a.jl"]["detail"]
    assert not any("424242" in t for t in corpus_texts(tmp_path / "out"))


def test_file_grown_after_planning(tmp_path):
    pkg = small_package(tmp_path / "in")
    target = pkg / "src" / "a.jl"

    def swap():
        with open(target, "a") as fh:
            fh.write(SECRET)

    recs = ingest_with_swap([pkg], tmp_path / "out", swap)
    assert (recs["a.jl"]["status"], recs["a.jl"]["reason"]) == ("skipped", "changed-since-planning")
    assert not any("424242" in t for t in corpus_texts(tmp_path / "out"))
