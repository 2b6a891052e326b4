"""Issue 14 item 8: a Project.toml that is a link leaving its root is never read (its `name` used to
become the package name in the corpus)."""

from __future__ import annotations

import json
import os

from juliatag.sources import Skipped, discover

from .in_helpers import ingest_with_swap


def _linked_package(tmp_path, target_inside: bool):
    outside = tmp_path / "elsewhere" / "Project.toml"
    outside.parent.mkdir()
    outside.write_text('name = "StolenName"\n')
    root = tmp_path / "src"
    pkg = root / "Mine.jl"
    (pkg / "src").mkdir(parents=True)
    (pkg / "src" / "m.jl").write_text("m = 1\n")
    if target_inside:
        (root / "shared.toml").write_text('name = "SharedInside"\n')
        os.symlink(root / "shared.toml", pkg / "Project.toml")
    else:
        os.symlink(outside, pkg / "Project.toml")
    return root, pkg


def test_project_link_leaving_the_root_is_not_followed(tmp_path):
    root, pkg = _linked_package(tmp_path, target_inside=False)
    for src in (root, pkg / "src" / "m.jl"):
        found = [f for f in discover([str(src)]) if not isinstance(f, Skipped)]
        assert [f.package for f in found] == ["Mine"], src
    recs = ingest_with_swap([root], tmp_path / "out")
    assert recs["m.jl"]["package"] == "Mine"
    assert "StolenName" not in (tmp_path / "out" / "manifest.json").read_text()


def test_project_link_inside_the_root_is_followed(tmp_path):
    root, pkg = _linked_package(tmp_path, target_inside=True)
    found = [f for f in discover([str(root)]) if not isinstance(f, Skipped)]
    assert [f.package for f in found] == ["SharedInside"]
    manifest = json.dumps([f.package for f in discover([str(root)])])
    assert "StolenName" not in manifest
