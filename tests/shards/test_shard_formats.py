"""Format selection and the progress callback."""

from __future__ import annotations

from .conftest import DOCS

from juliatag.shards import ShardOptions, build_shards


def test_bin_only(tmp_path, corpus_dir, tokenizer_dir, shards):
    calls = []
    result = build_shards(corpus_dir, tokenizer_dir, tmp_path / "out",
                          ShardOptions(seq_len=64, val_fraction=0.3, jobs=1, formats=("bin",)),
                          progress=lambda event: calls.append((event.done, event.total)))
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "bin", "manifest.json"]
    assert "configs:" not in (out / "README.md").read_text()
    assert result.manifest["formats"] == ["bin"]
    assert result.manifest["counts"] == {k: {**v, "shards": 0} for k, v in shards.manifest["counts"].items()}
    for name in ("train.tokens.bin", "validation.flags.bin", "train.docs.idx"):
        assert (out / "bin" / name).read_bytes() == (shards.out_dir / "bin" / name).read_bytes()
    assert calls[0] == (0, len(DOCS)) and calls[-1] == (len(DOCS), len(DOCS))
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:], strict=False))


def test_formats_are_normalised(tmp_path, corpus_dir, tokenizer_dir):
    result = build_shards(corpus_dir, tokenizer_dir, tmp_path / "out",
                          ShardOptions(seq_len=64, val_fraction=0.3, jobs=1, formats=(" PT", "arrow", "pt")))
    assert result.manifest["formats"] == ["arrow", "pt"]
    assert not (tmp_path / "out" / "bin").exists()
