"""Hostile inputs never crash or hang a run, and each is recorded with a reason."""

import json
import os
import random

import datasets

from juliatag.ingest import IngestOptions, ingest


def hostile_tree(root):
    pkg = root / "src" / "Hostile.jl"
    s = pkg / "src"
    s.mkdir(parents=True)
    (pkg / "Project.toml").write_text('name = "Hostile"\n')
    (s / "ok.jl").write_text("f(x::Int) = x + 1\n")
    (s / "latin1.jl").write_bytes(b"s = \"\xe9t\xe9\"\n")
    (s / "binary.jl").write_bytes(b"\x7fELF\x00\x00\x01")
    (s / "empty.jl").write_bytes(b"")
    (s / "one_line.jl").write_text("x = [" + "1, " * 150_000 + "1]")  # a single 450 KB line
    (s / "parens.jl").write_text("y = " + "(" * 20000 + "1" + ")" * 20000 + "\n")
    (s / "blocks.jl").write_text("function g(x)\n" + "if x > 0\n" * 3000 + "x\n" + "end\n" * 3000 + "end\n")
    (s / "unterminated.jl").write_text('s = "never closed\nfunction h(\n')
    rng = random.Random(7)
    (s / "garbage.jl").write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))
    (s / "bom_crlf.jl").write_bytes(b"\xef\xbb\xbfz = 1.0\r\nw = z + 1\r\n")
    outside = root / "outside.jl"
    outside.write_text("secret = 1\n")
    os.symlink(outside, s / "escape.jl")
    os.symlink(s / "loop.jl", s / "loop.jl")
    (s / "Folder.jl").mkdir()
    (s / "too_big.jl").write_text("z = 1\n" * 2_000_000)
    unreadable = s / "unreadable.jl"
    unreadable.write_text("u = 1\n")
    unreadable.chmod(0)
    return root / "src"


def test_hostile_inputs_are_recorded(tmp_path):
    src = hostile_tree(tmp_path)
    summary = ingest([str(src)], tmp_path / "c", IngestOptions(jobs=2, max_file_bytes=5_000_000))
    m = json.loads((tmp_path / "c" / "manifest.json").read_text())
    status = {f["path"].rsplit("/", 1)[-1]: f for f in m["files"]}
    reason = {k: (v["status"], v.get("reason")) for k, v in status.items()}
    assert reason["latin1.jl"] == ("skipped", "not-utf8")
    assert reason["binary.jl"] == ("skipped", "binary")
    assert reason["empty.jl"] == ("skipped", "empty")
    assert reason["escape.jl"] == ("skipped", "symlink-outside-root")
    assert reason["loop.jl"] == ("skipped", "bad-symlink")
    assert reason["too_big.jl"] == ("skipped", "too-large")
    assert "Folder.jl" not in status
    assert reason["garbage.jl"][0] == "skipped"
    if os.geteuid() != 0:  # root can read a mode-000 file
        assert reason["unreadable.jl"] == ("skipped", "unreadable")
    for name in ("ok.jl", "one_line.jl", "parens.jl", "blocks.jl", "unterminated.jl", "bom_crlf.jl"):
        assert status[name]["status"] == "labeled", (name, status[name])
    assert status["parens.jl"]["note"].startswith("parse-skipped")
    ds = datasets.load_from_disk(str(tmp_path / "c" / "lexemes"))
    for row in ds.select_columns(["path", "text", "lex_start", "lex_end", "lex_type"]):
        n = len(row["text"].encode())
        assert row["lex_start"][0] == 0 and row["lex_end"][-1] == n
        if row["path"].endswith("bom_crlf.jl"):
            assert row["text"].startswith("\ufeff") and "\r\n" in row["text"]
            data = row["text"].encode()
            z = [t for s, e, t in zip(row["lex_start"], row["lex_end"], row["lex_type"]) if data[s:e] == b"z"]
            assert z[0] == "Float64"
    assert summary.files_labeled == 6 + (os.geteuid() == 0)


def test_near_duplicates_keep_one_per_cluster(tmp_path):
    src = tmp_path / "src" / "Near.jl"
    (src / "src").mkdir(parents=True)
    body = "\n".join(f"function f{i}(x::Int)\n    y = x * {i} + {i * 3}\n    return y - {i}\nend" for i in range(40))
    (src / "src" / "a.jl").write_text(body)
    (src / "src" / "b.jl").write_text(body.replace("return y - 7", "return y - 8") + "\n# edited copy\n")
    (src / "src" / "c.jl").write_text("g(s::String) = uppercase(s)\n" * 3)
    s = ingest([str(tmp_path / "src")], tmp_path / "c", IngestOptions(jobs=1, near_dedup=True))
    m = json.loads((tmp_path / "c" / "manifest.json").read_text())
    status = {f["path"].rsplit("/", 1)[-1]: f for f in m["files"]}
    assert status["b.jl"]["status"] == "near-duplicate" and status["b.jl"]["duplicate_of"].endswith("a.jl")
    assert status["a.jl"]["status"] == status["c.jl"]["status"] == "labeled"
    assert s.near_duplicates == 1 and m["near_dedup"]["clusters"] == 1
    plain = ingest([str(tmp_path / "src")], tmp_path / "d", IngestOptions(jobs=1))
    assert plain.files_labeled == 3


def test_unreadable_files_are_recorded_even_as_root(tmp_path, monkeypatch):
    """Root reads mode-000 files, so the two ways a file turns out unreadable are simulated: the
    permission check says no, or the read itself fails after discovery."""
    pkg = tmp_path / "src" / "Perm.jl" / "src"
    pkg.mkdir(parents=True)
    (pkg / "ok.jl").write_text("a = 1\n")
    (pkg / "denied.jl").write_text("b = 2\n")
    (pkg / "vanishes.jl").write_text("c = 3\n")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p).endswith("denied.jl") else real_access(p, mode, **kw))
    import juliatag.ingest.plan as plan
    real_read = plan.read_source

    def failing_read(sf):
        if sf.path.endswith("vanishes.jl"):
            raise PermissionError(13, "Permission denied", sf.path)
        return real_read(sf)
    monkeypatch.setattr(plan, "read_source", failing_read)
    summary = ingest([str(tmp_path / "src")], tmp_path / "c", IngestOptions(jobs=1))
    m = json.loads((tmp_path / "c" / "manifest.json").read_text())
    reason = {f["path"].rsplit("/", 1)[-1]: (f["status"], f.get("reason")) for f in m["files"]}
    assert reason == {"ok.jl": ("labeled", None), "denied.jl": ("skipped", "unreadable"),
                      "vanishes.jl": ("skipped", "unreadable")}
    assert summary.files_labeled == 1


def test_a_file_that_hangs_the_analysis_is_cut_off_and_recorded(tmp_path, monkeypatch):
    """Per-file time limit: a file whose analysis never ends keeps its lexical labels, with a note,
    and the run goes on to the next file."""
    import time

    import juliatag.labeling as labeling
    pkg = tmp_path / "src" / "Slow.jl" / "src"
    pkg.mkdir(parents=True)
    (pkg / "fine.jl").write_text("a = 1\n")
    (pkg / "hangs.jl").write_text("b = 2.0\n")
    real = labeling.label_source

    def hanging(data, *args, **kwargs):
        if b"b = 2.0" in data:
            time.sleep(60)
        return real(data, *args, **kwargs)
    monkeypatch.setattr(labeling, "label_source", hanging)
    t0 = time.monotonic()
    ingest([str(tmp_path / "src")], tmp_path / "c", IngestOptions(jobs=1, file_timeout=0.25))
    assert time.monotonic() - t0 < 30
    m = json.loads((tmp_path / "c" / "manifest.json").read_text())
    rec = {f["path"].rsplit("/", 1)[-1]: f for f in m["files"]}
    assert rec["fine.jl"]["status"] == "labeled" and "note" not in rec["fine.jl"]
    assert rec["hangs.jl"]["status"] == "labeled"
    assert rec["hangs.jl"]["note"] == "parse-failed: file took longer than 0.5s"
    ds = datasets.load_from_disk(str(tmp_path / "c" / "lexemes"))
    row = next(r for r in ds if r["path"].endswith("hangs.jl"))
    from juliatag import schema
    assert all(f & schema.F_SYNTAX_ERROR for f in row["lex_flags"])   # unread: no types, only kinds
    assert all(t is None for t in row["lex_type"]) and "Float64" not in row["lex_type"]
