"""`ingest --backend julia` against the fake worker: per-file failures recorded, one worker per ingest
process, and the same corpus for any --jobs."""

import json
from pathlib import Path

import datasets
import pytest

from juliatag.ingest import IngestOptions, ingest


def make_tree(root: Path, files: dict) -> Path:
    pkg = root / "pkgs" / "Demo"
    (pkg / "src").mkdir(parents=True)
    (pkg / "Project.toml").write_text('name = "Demo"\n')
    for name, text in files.items():
        (pkg / "src" / name).write_text(text)
    return root / "pkgs"


def records(out: Path) -> dict:
    m = json.loads((out / "manifest.json").read_text())
    return {Path(f["path"]).name: f for f in m["files"]}, m


@pytest.fixture(autouse=True)
def no_cached_backends():
    """ingest keeps one backend per process (keyed by backend, parser, allow_exec); start clean."""
    from juliatag.ingest import worker

    def clear():
        for key in [k for k in worker._STATE if k[0] == "julia"]:
            worker._STATE.pop(key).close()

    clear()
    yield
    clear()


def test_failures_are_recorded_per_file_and_the_run_goes_on(fake_worker, tmp_path):
    src = make_tree(tmp_path, {
        "a.jl": "#fake:type x Float64 stable\nx = 1\n",
        "crash.jl": "#fake:crash\n",
        "slow.jl": "#fake:sleep 30\n",
        "fail.jl": "#fake:fail cannot label this\n",
        "z.jl": "y = x .+ 2.5\n",
    })
    out = tmp_path / "corpus"
    summary = ingest([str(src)], out, IngestOptions(jobs=1, backend="julia", file_timeout=1.5, allow_exec=True))
    status, manifest = records(out)
    assert summary.files_labeled == 2 and manifest["backend"] == "julia"
    assert manifest["parser"] == {"name": "JuliaSyntax", "version": "custom-worker"}
    assert manifest["options"]["allow_exec"] is True
    assert status["crash.jl"]["status"] == "failed" and "died on this file" in status["crash.jl"]["detail"]
    assert status["slow.jl"]["status"] == "failed" and "took longer than 1.5 s" in status["slow.jl"]["detail"]
    assert status["fail.jl"]["status"] == "failed" and "cannot label this" in status["fail.jl"]["detail"]
    ds = datasets.load_from_disk(str(out / "lexemes"))
    rows = {Path(r["path"]).name: r for r in ds}
    a = rows["a.jl"]
    i = a["lex_start"].index(a["text"].encode().index(b"x = 1"))
    assert a["lex_type"][i] == "Float64"
    z = rows["z.jl"]
    assert "".join(z["text"]) == "y = x .+ 2.5\n" and z["lex_end"][-1] == len(z["text"].encode())


def test_jobs_give_the_same_corpus_and_one_worker_per_ingest_process(fake_worker, tmp_path, monkeypatch):
    files = {f"f{i}.jl": f"#fake:type v{i} Int64\nv{i} = {i} .+ 1\nfunction g{i}(x)\n    x\nend\n" for i in range(8)}
    src = make_tree(tmp_path, files)
    logs = {}
    outs = {}
    for jobs in (1, 2):
        log = tmp_path / f"log{jobs}"
        log.mkdir()
        monkeypatch.setenv("FAKE_JULIA_WORKER_LOG", str(log))
        outs[jobs] = tmp_path / f"corpus{jobs}"
        options = IngestOptions(jobs=jobs, backend="julia", file_timeout=30, task_files=2)   # 4 tasks
        summary = ingest([str(src)], outs[jobs], options)
        assert summary.files_labeled == 8
        logs[jobs] = [line.split() for p in log.iterdir() for line in p.read_text().splitlines()]
    a = datasets.load_from_disk(str(outs[1] / "lexemes"))
    b = datasets.load_from_disk(str(outs[2] / "lexemes"))
    assert a.to_list() == b.to_list()
    # every process that labelled files started exactly one worker, and the workers shared the files
    for jobs, entries in logs.items():
        parents = [e[1] for e in entries]
        assert len(parents) == len(set(parents)) <= jobs
        assert sum(int(e[2]) for e in entries) == 8
    assert len(logs[1]) == 1


def test_ingest_without_julia_fails_before_reading_anything(no_julia, tmp_path):
    from juliatag.errors import JuliatagError

    src = make_tree(tmp_path, {"a.jl": "x = 1\n"})
    with pytest.raises(JuliatagError, match="no Julia executable found"):
        ingest([str(src)], tmp_path / "c", IngestOptions(jobs=1, backend="julia"))
    assert not (tmp_path / "c").exists()
