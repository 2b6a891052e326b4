"""Issue 14 item 16 (output side): empty files are "empty", never duplicates; a corpus of many
small files is not inflated by one Arrow record batch per file; the output stays byte-identical
across --jobs and after an interrupted run."""

from __future__ import annotations

import json

import pyarrow as pa

from .conftest import snapshot


def _tiny_tree(root, n):
    src = root / "Tiny" / "src"
    src.mkdir(parents=True)
    (root / "Tiny" / "Project.toml").write_text('name = "Tiny"\n')
    for i in range(n):
        (src / f"f{i:04d}.jl").write_text(f"x{i} = {i}\n")
    return root


def test_empty_files_are_empty_not_duplicates(tmp_path, tree):
    from juliatag.ingest import IngestOptions, ingest

    empty = tree / "Empty" / "src"
    empty.mkdir(parents=True)
    for i in range(1000):
        (empty / f"e{i:04d}.jl").write_bytes(b"")
    for i in range(20):
        (empty / f"w{i:02d}.jl").write_text("  \n\n")
    summary = ingest([str(tree)], tmp_path / "c", IngestOptions(jobs=1))
    assert summary.skipped["empty"] == 1020
    assert summary.duplicates == 0
    records = json.loads((tmp_path / "c" / "manifest.json").read_text())["files"]
    assert {(r["status"], r.get("reason")) for r in records if "/Empty/" in r["path"] or
            r["path"].startswith("Empty")} == {("skipped", "empty")}


def test_small_files_share_record_batches(tmp_path):
    from juliatag.ingest import IngestOptions, ingest

    src = _tiny_tree(tmp_path / "pkgs", 600)
    out = tmp_path / "c"
    summary = ingest([str(src)], out, IngestOptions(jobs=1))
    assert summary.files_labeled == 600
    files = sorted((out / "lexemes").glob("*.arrow"))
    data_bytes = sum(f.stat().st_size for f in files)
    assert data_bytes < 600 * 600, data_bytes  # one batch per file took ~2,000 bytes per file
    batches = 0
    for f in files:
        with pa.memory_map(str(f)) as source:
            batches += sum(1 for _ in pa.ipc.open_stream(source))
    assert batches == len(files)
    manifest = json.loads((out / "manifest.json").read_text())
    from juliatag.corpus.manifest import verify_data_files

    verify_data_files(out, manifest)  # the recorded hashes are those of the rebatched files


def test_batched_output_is_identical_across_jobs_and_resumption(tmp_path):
    from juliatag.ingest import IngestOptions, ingest

    src = _tiny_tree(tmp_path / "pkgs", 300)
    opts = {"task_files": 64}
    ingest([str(src)], tmp_path / "a", IngestOptions(jobs=1, **opts))
    ingest([str(src)], tmp_path / "b", IngestOptions(jobs=2, **opts))
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_interrupted_finalize_then_rerun_equals_a_clean_run(tmp_path, monkeypatch):
    """The shards are rebatched while finalizing; a run stopped after that and rerun reuses them."""
    import pytest

    import juliatag.ingest as ingest_mod
    from juliatag.ingest import IngestOptions, ingest

    src = _tiny_tree(tmp_path / "pkgs", 200)
    opts = {"task_files": 64, "jobs": 1}
    ingest([str(src)], tmp_path / "clean", IngestOptions(**opts))

    def stop(*args, **kwargs):
        raise RuntimeError("stopped before the manifest")

    monkeypatch.setattr(ingest_mod, "write_manifest", stop)
    with pytest.raises(RuntimeError):
        ingest([str(src)], tmp_path / "c", IngestOptions(**opts))
    monkeypatch.undo()
    assert (tmp_path / "c.partial").is_dir()
    summary = ingest([str(src)], tmp_path / "c", IngestOptions(**opts))
    assert summary.tasks_resumed == summary.tasks
    assert snapshot(tmp_path / "c") == snapshot(tmp_path / "clean")
