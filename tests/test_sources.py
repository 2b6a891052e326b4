"""Finding sources: packages, folders of packages, files, Parquet; skips are recorded."""

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from juliatag.errors import JuliatagError, MissingInputError
from juliatag.sources import Skipped, SourceFile, discover


def make_pkg(root: Path, name: str, files: dict, project: bool = True) -> Path:
    pkg = root / f"{name}.jl"
    for rel, text in files.items():
        p = pkg / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    if project:
        (pkg / "Project.toml").write_text(f'name = "{name}"\nuuid = "00000000-0000-0000-0000-000000000001"\n')
    return pkg


def test_folder_of_packages_names_packages_from_project_toml(tmp_path):
    make_pkg(tmp_path, "Alpha", {"src/Alpha.jl": "module Alpha end", "src/util.jl": "f(x) = x"})
    make_pkg(tmp_path, "Beta", {"src/Beta.jl": "x = 1"}, project=False)
    # a monorepo sub-package and a test environment without a name
    make_pkg(tmp_path, "Alpha", {"lib/Sub/src/Sub.jl": "g() = 1", "test/runtests.jl": "using Alpha"})
    (tmp_path / "Alpha.jl/lib/Sub/Project.toml").write_text('name = "AlphaSub"\n')
    (tmp_path / "Alpha.jl/test/Project.toml").write_text('[deps]\nTest = "8dfed614"\n')
    found = [x for x in discover([str(tmp_path)]) if isinstance(x, SourceFile)]
    by_path = {f.path: f.package for f in found}
    root = tmp_path.name
    assert by_path[f"{root}/Alpha.jl/src/Alpha.jl"] == "Alpha"
    assert by_path[f"{root}/Alpha.jl/lib/Sub/src/Sub.jl"] == "AlphaSub"
    assert by_path[f"{root}/Alpha.jl/test/runtests.jl"] == "Alpha"
    assert by_path[f"{root}/Beta.jl/src/Beta.jl"] == "Beta"
    # deterministic, sorted order
    assert [f.path for f in found] == [f.path for f in discover([str(tmp_path)]) if isinstance(f, SourceFile)]


def test_single_package_and_single_file(tmp_path):
    pkg = make_pkg(tmp_path, "Gamma", {"src/Gamma.jl": "y = 2"})
    found = list(discover([str(pkg)]))
    assert [(f.path, f.package) for f in found] == [("Gamma.jl/src/Gamma.jl", "Gamma")]
    single = list(discover([str(pkg / "src/Gamma.jl")]))
    assert single[0].package == "Gamma" and single[0].read() == b"y = 2"


def test_folders_named_like_files_and_odd_entries_are_not_read(tmp_path):
    pkg = make_pkg(tmp_path, "Delta", {"src/Delta.jl": "z = 3"})
    (pkg / "src/Weird.jl").mkdir()  # a folder named like a file
    (pkg / "src/Weird.jl/inner.jl").write_text("w = 4")
    outside = tmp_path / "secret.jl"
    outside.write_text("password = 1")
    os.symlink(outside, pkg / "src/link_out.jl")
    os.symlink(pkg / "src/loop.jl", pkg / "src/loop.jl")
    (pkg / "src/big.jl").write_text("x" * 2000)
    items = list(discover([str(pkg)], max_file_bytes=1000))
    skipped = {Path(s.path).name: s.reason for s in items if isinstance(s, Skipped)}
    read = {Path(f.path).name for f in items if isinstance(f, SourceFile)}
    assert read == {"Delta.jl", "inner.jl"}
    assert skipped == {"link_out.jl": "symlink-outside-root", "loop.jl": "bad-symlink", "big.jl": "too-large"}


def test_parquet_with_content_column(tmp_path):
    table = pa.table({"content": ["a = 1", "b = 2.0", None],
                      "max_stars_repo_path": ["src/a.jl", "src/b.jl", "src/c.jl"],
                      "max_stars_repo_name": ["org/One.jl", "org/Two.jl", "org/Two.jl"]})
    path = tmp_path / "stack.parquet"
    pq.write_table(table, path)
    items = list(discover([str(path)]))
    files = [x for x in items if isinstance(x, SourceFile)]
    assert [(f.package, f.read()) for f in files] == [("One", b"a = 1"), ("Two", b"b = 2.0")]
    assert [x.reason for x in items if isinstance(x, Skipped)] == ["empty"]


def test_parquet_without_content_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"text": ["x"]}), path)
    with pytest.raises(JuliatagError, match="content"):
        list(discover([str(path)]))


def test_missing_source_is_a_clear_error(tmp_path):
    with pytest.raises(MissingInputError):
        list(discover([str(tmp_path / "nope")]))
