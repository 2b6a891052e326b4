"""Issue 14 item 14: temporary names cannot be hijacked, one run per output folder, and a killed
`shard` run's staging folders are cleaned up by the next run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from juliatag.errors import JuliatagError

from .conftest import SRC, one_line_error, run_cli, snapshot


def test_atomic_write_never_follows_a_planted_link(tmp_path):
    from juliatag.files import atomic_write_text
    from juliatag.vocab.hf_files import write_json

    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    for name in ("report.json", "tokenizer.json"):
        os.symlink(victim, tmp_path / f".{name}.tmp")
    atomic_write_text(tmp_path / "tokenizer.json", "new\n")
    write_json(tmp_path / "report.json", {"ok": True})
    assert victim.read_text() == "precious\n"
    assert (tmp_path / "tokenizer.json").read_text() == "new\n"
    assert not (tmp_path / "tokenizer.json").is_symlink()


def test_corpus_manifest_temp_name_cannot_be_hijacked(tmp_path):
    from juliatag.corpus.manifest import FileRecordSpool, write_manifest

    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "c"
    out.mkdir()
    os.symlink(victim, out / "manifest.json.partial")
    os.symlink(victim, out / ".files.jsonl.partial")
    spool = FileRecordSpool(out)
    spool.add({"path": "a.jl"})
    write_manifest(out, {"kind": "lexeme-corpus"}, spool)
    assert victim.read_text() == "precious\n"


def test_staging_folder_that_is_a_link_is_refused(tmp_path, tree):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "mine.txt").write_text("mine\n")
    os.symlink(elsewhere, tmp_path / "corpus.partial")
    line = one_line_error(run_cli("ingest", tree, "--out", tmp_path / "corpus"))
    assert "corpus.partial" in line
    assert snapshot(elsewhere) == {"mine.txt": b"mine\n"}


def test_second_ingest_into_the_same_out_is_told_another_run_holds_it(tmp_path, tree):
    from juliatag.outdir import exclusive

    out = tmp_path / "corpus"
    with exclusive(out):  # a run in progress
        line = one_line_error(run_cli("ingest", tree, "--out", out))
    assert "another juliatag run is writing" in line and str(out) in line
    assert run_cli("ingest", tree, "--out", out).returncode == 0  # the lock is gone with its holder


def test_lock_is_released_when_the_holder_is_killed(tmp_path):
    from juliatag.outdir import exclusive, lock_path

    out = tmp_path / "o"
    code = ("import sys, time\nfrom juliatag.outdir import exclusive\n"
            "with exclusive(sys.argv[1]):\n    print('held', flush=True); time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(SRC)})
    assert proc.stdout.readline().strip() == "held"
    with pytest.raises(JuliatagError, match="another juliatag run"):
        with exclusive(out):
            pass
    proc.kill()
    proc.wait()
    assert lock_path(out).exists()  # a killed holder leaves its file; the lock itself died with it
    with exclusive(out):
        pass
    assert not lock_path(out).exists()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_killed_shard_staging_folders_are_removed(tmp_path, corpus, tokenizer):
    from juliatag.shards import ShardOptions, build_shards

    out = tmp_path / "shards"
    out.mkdir()
    dead = out / f".staging-{_dead_pid()}"
    (dead / "train").mkdir(parents=True)
    (dead / "train" / "data-00000.arrow").write_bytes(b"x" * 1000)
    alive = out / f".staging-{os.getppid()}"  # a live process: never touched
    alive.mkdir()
    build_shards(corpus, tokenizer, out, ShardOptions(seq_len=64, formats=("arrow",), jobs=1))
    assert not dead.exists()
    assert alive.exists()
    assert (out / "manifest.json").is_file()


def test_shard_run_killed_while_publishing_can_be_rerun(tmp_path, corpus, tokenizer, monkeypatch):
    """Between removing the old manifest and writing the new one the folder carries a marker, so a
    run stopped there leaves a folder the next run may still replace."""
    from juliatag.shards import ShardOptions, build_shards, output

    out = tmp_path / "shards"
    opts = ShardOptions(seq_len=64, formats=("arrow",), jobs=1)
    build_shards(corpus, tokenizer, out, opts)
    clean = snapshot(out)

    def stop(*args, **kwargs):
        raise RuntimeError("killed before the manifest")

    monkeypatch.setattr(output, "write_json_atomic", stop)
    with pytest.raises(RuntimeError):
        build_shards(corpus, tokenizer, out, opts)
    monkeypatch.undo()
    assert not (out / "manifest.json").exists()
    build_shards(corpus, tokenizer, out, opts)
    assert snapshot(out) == clean
