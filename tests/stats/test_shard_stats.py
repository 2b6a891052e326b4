"""`shard_stats` on shards made by `build_shards` from the fixture corpus, and on a hand-written shards folder."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

from juliatag.stats import collect_stats
from juliatag.stats.folders import dataset_files
from juliatag.stats.shard_stats import shard_stats

EOT, PAD = 0, 1


def split_rows(folder: Path) -> list[dict]:
    out = []
    for path in dataset_files(folder):
        with pa.memory_map(str(path)) as src:
            out += pa.ipc.open_stream(src).read_all().to_pylist()
    return out


@pytest.fixture(scope="module")
def stats(shards):
    return collect_stats(shards)


def test_matches_manifest_and_data(shards, stats):
    manifest = json.loads((shards / "manifest.json").read_text())
    assert stats["kind"] == "shards"
    assert stats["source"]["seq_len"] == 32
    assert stats["checks"] == []
    type_ids: Counter = Counter()
    for split, want in manifest["counts"].items():
        got = stats["splits"][split]
        data = split_rows(shards / split)
        ids = [t for r in data for t in r["input_ids"]]
        assert got["rows"] == want["rows"] == len(data)
        assert got["tokens"] == want["tokens"] == sum(t != PAD for t in ids)
        assert got["pad_tokens"] == want["pad_tokens"] == ids.count(PAD)
        assert got["documents"] == want["documents"] == ids.count(EOT)
        assert got["packages"] == want["packages"] == len(manifest["split"]["packages"][split])
        assert got["shards"] == want["shards"]
        for r in data:
            type_ids.update(t for t, i in zip(r["type_ids"], r["input_ids"]) if i != PAD)
        stab = Counter(s for r in data for s, i in zip(r["stability"], r["input_ids"]) if i != PAD)
        assert got["stability_counts"] == {"na": stab[0], "stable": stab[1], "union": stab[2], "unstable": stab[3]}
    assert stats["totals"]["documents"] == 5  # the corpus's labeled files
    assert stats["types"]["typed"] == sum(n for t, n in type_ids.items() if t)
    assert {r["id"]: r["count"] for r in stats["types"]["top"]} == {
        r["id"]: type_ids[r["id"]] for r in stats["types"]["top"]}
    assert stats["split_packages"] == manifest["split"]["packages"]
    assert stats["documents"]["tokens"]["total"] == stats["totals"]["tokens"] - stats["totals"]["documents"]


def write_split(folder: Path, rows: list[list[int]], batch_rows: int = 1) -> None:
    """A `datasets`-style split folder of Arrow stream files, labels derived from the ids."""
    folder.mkdir(parents=True)
    n = len(rows[0])
    cols = {
        "input_ids": (pa.uint16(), rows),
        "type_ids": (pa.int16(), [[0 if i in (EOT, PAD) else (1 if i == 9 else 21) for i in r] for r in rows]),
        "concreteness": (pa.int8(), [[0 if i in (EOT, PAD) else 1 for i in r] for r in rows]),
        "depth": (pa.int8(), [[-1] * n for _ in rows]),
        "stability": (pa.int8(), [[0 if i in (EOT, PAD) else (3 if i == 7 else 1) for i in r] for r in rows]),
        "kind": (pa.uint8(), [[0 if i in (EOT, PAD) else 4 for i in r] for r in rows]),
        "flags": (pa.uint16(), [[4 if i == 5 else 0 for i in r] for r in rows]),
    }
    schema = pa.schema([(k, pa.list_(t)) for k, (t, _) in cols.items()])
    table = pa.table({k: pa.array(v, type=pa.list_(t)) for k, (t, v) in cols.items()}, schema=schema)
    with pa.OSFile(str(folder / "data-00000-of-00001.arrow"), "wb") as sink, pa.ipc.new_stream(sink, schema) as w:
        for b in table.to_batches(max_chunksize=batch_rows):
            w.write_batch(b)
    (folder / "state.json").write_text(json.dumps({"_data_files": [{"filename": "data-00000-of-00001.arrow"}]}))


@pytest.fixture
def handmade(tmp_path):
    """Documents running across rows: train holds docs of 2, 6 and 1 tokens, validation one of 3."""
    root = tmp_path / "shards"
    write_split(root / "train", [[5, 6, EOT, 7], [8, 9, 5, 6], [7, EOT, 5, EOT]])
    write_split(root / "validation", [[7, 9, 5, EOT], [PAD, PAD, PAD, PAD]])
    manifest = {
        "format": "juliatag-shards", "seq_len": 4, "vocab_size": 16,
        "packing": {"eot_id": EOT, "pad_id": PAD},
        "split": {"val_fraction": 0.5, "packages": {"train": ["A", "B"], "validation": ["C"]}},
        "counts": {"train": {"rows": 3, "tokens": 12, "pad_tokens": 0, "documents": 3},
                   "validation": {"rows": 2, "tokens": 4, "pad_tokens": 4, "documents": 2}},  # 2 is wrong on purpose
        "skipped": {"documents": 1, "by_reason": {"encode-error": 1}},
    }
    (root / "manifest.json").write_text(json.dumps(manifest))
    return root


@pytest.mark.parametrize("chunk_values", [1, 5, 1 << 20])
def test_documents_across_rows_and_chunks(handmade, chunk_values):
    s = shard_stats(handmade, chunk_values=chunk_values)
    train, val = s["splits"]["train"], s["splits"]["validation"]
    assert (train["rows"], train["tokens"], train["pad_tokens"], train["documents"]) == (3, 12, 0, 3)
    assert (val["rows"], val["tokens"], val["pad_tokens"], val["documents"]) == (2, 4, 4, 1)
    d = s["documents"]["tokens"]
    assert (d["count"], d["total"], d["min"], d["max"]) == (4, 12, 1, 6)
    assert train["typed_tokens"] == 9 and train["unknown_share"] == round(1 / 9, 6)
    assert train["stability_counts"] == {"na": 3, "stable": 7, "union": 0, "unstable": 2}
    assert s["flags"]["definition"] == 4  # token 5 carries bit 2
    assert s["checks"] == ["validation: manifest counts documents = 2 but the data has 1"]
    assert s["skipped"] == {"total": 1, "by_reason": {"encode-error": 1}}
    assert s["totals"]["packages"] == 3


def test_histogram_bins(handmade):
    h = shard_stats(handmade)["documents"]["histogram"]
    assert h["edges"] == [0, 1, 2, 4, 8] and h["unit"] == "tokens"
    # lengths 2, 6, 1 (train) and 3 (validation)
    assert h["counts"] == [0, 1, 2, 1]
