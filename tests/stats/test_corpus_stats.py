"""`corpus_stats` on a corpus ingested from the fixture packages: every figure against a plain-Python recount."""

from __future__ import annotations

import json
from collections import Counter

import pyarrow as pa
import pytest

from juliatag import schema
from juliatag.stats import collect_stats
from juliatag.stats.corpus_stats import corpus_stats
from juliatag.stats.folders import dataset_files


def rows(corpus):
    tables = []
    for path in dataset_files(corpus / "lexemes"):
        with pa.memory_map(str(path)) as src:
            tables.append(pa.ipc.open_stream(src).read_all())
    return pa.concat_tables(tables).to_pylist()


@pytest.fixture(scope="module")
def stats(corpus):
    return collect_stats(corpus)


@pytest.fixture(scope="module")
def data(corpus):
    return rows(corpus)


def test_totals_and_packages(stats, data):
    assert stats["kind"] == "lexeme-corpus"
    t = stats["totals"]
    assert t["documents"] == len(data) == 5
    assert t["packages"] == 3
    assert t["bytes"] == sum(len(r["text"].encode()) for r in data)
    assert t["lexemes"] == sum(len(r["lex_kind"]) for r in data)
    assert t["code_lexemes"] == sum(k not in schema.TRIVIA_IDS for r in data for k in r["lex_kind"])
    assert t["typed_lexemes"] == sum(i > 0 for r in data for i in r["lex_type_id"])
    assert t["functions"] == sum(len(r["functions"]) for r in data) == 11
    assert (t["files_seen"], t["files_labeled"], t["files_not_labeled"]) == (7, 5, 2)

    by_pkg = {p["package"]: p for p in stats["packages"]}
    assert set(by_pkg) == {"Alpha", "Beta", "Gamma"}
    for name, p in by_pkg.items():
        mine = [r for r in data if r["package"] == name]
        assert p["files"] == len(mine)
        assert p["bytes"] == sum(len(r["text"].encode()) for r in mine)
        assert p["lexemes"] == sum(len(r["lex_kind"]) for r in mine)
        typed = [i for r in mine for i in r["lex_type_id"] if i > 0]
        assert p["typed_lexemes"] == len(typed)
        assert p["unknown_share"] == round(typed.count(1) / len(typed), 6)
        conc = Counter(c for r in mine for c in r["lex_concreteness"] if c)
        assert p["concreteness"]["concrete"] == round(conc[1] / sum(conc.values()), 6)
        stab = Counter(s for r in mine for s in r["lex_stability"])
        assert p["stability_counts"] == dict(zip(schema.STABILITY_NAMES, (stab[k] for k in range(4))))
    # largest first
    assert [p["package"] for p in stats["packages"]] == sorted(by_pkg, key=lambda k: (-by_pkg[k]["lexemes"], k))
    assert by_pkg["Beta"]["files_not_labeled"] == 1 and by_pkg["Alpha"]["files_not_labeled"] == 1


def test_type_distribution(stats, data):
    ids = Counter(i for r in data for i in r["lex_type_id"])
    types = stats["types"]
    typed = sum(n for i, n in ids.items() if i)
    assert types["typed"] == typed and types["na"] == ids[0]
    assert types["unknown"] == ids[1] and types["unknown_share"] == round(ids[1] / typed, 6)
    assert types["distinct_ids"] == len([i for i in ids if i])
    top = types["top"]
    assert [r["count"] for r in top] == sorted((r["count"] for r in top), reverse=True)
    assert {r["id"]: r["count"] for r in top} == {i: ids[i] for i in (r["id"] for r in top)}
    assert sum(r["count"] for r in top) + types["other"]["count"] == typed
    labels = {r["label"] for r in top}
    assert {"Float64", "Int64"} <= labels
    float64 = next(r for r in top if r["label"] == "Float64")
    assert float64["id"] == 29 and float64["examples"][0]["type"] == "Float64"
    circle = [r for r in top if r["id"] >= 128]
    assert any(r["label"].startswith("Circle (bucket ") for r in circle)


def test_labels_flags_functions(stats, data):
    conc = Counter(c for r in data for c in r["lex_concreteness"])
    assert stats["concreteness"]["counts"] == {n: conc[i] for i, n in enumerate(schema.CONCRETENESS_NAMES)}
    applicable = sum(conc[i] for i in range(1, 5))
    assert stats["concreteness"]["shares"]["concrete"] == round(conc[1] / applicable, 6)
    assert abs(sum(stats["concreteness"]["shares"].values()) - 1) < 1e-5
    for bit, name in enumerate(schema.FLAG_NAMES):
        assert stats["flags"][name] == sum(bool(f >> bit & 1) for r in data for f in r["lex_flags"])

    f = stats["functions"]
    verdicts = Counter(fn["stability"] for r in data for fn in r["functions"])
    assert f["verdicts"] == {n: verdicts[i] for i, n in enumerate(schema.STABILITY_NAMES)}
    assert f["verdicts"]["unstable"] == 2 and f["verdicts"]["union"] == 1
    # `loose` has two methods, both unstable (Any-typed locals); `pick` returns a small union
    assert f["top_unstable"] == [{"package": "Alpha", "name": "loose", "methods": 2, "unstable": 2, "union": 0}]
    alpha = next(p for p in stats["packages"] if p["package"] == "Alpha")
    assert alpha["top_unstable_functions"] == [{"name": "loose", "methods": 2, "unstable": 2, "union": 0}]
    assert alpha["function_verdicts"]["union"] == 1


def test_skipped_documents_splits(stats, data):
    sk = stats["skipped"]
    assert sk["total"] == 2 and sk["by_reason"] == {"duplicate": 1, "empty": 1}
    assert sk["by_package"] == [{"package": "Alpha", "reason": "empty", "files": 1},
                                {"package": "Beta", "reason": "duplicate", "files": 1}]

    docs = stats["documents"]
    lengths = sorted(len(r["lex_kind"]) for r in data)
    assert docs["count"] == 5
    assert docs["lexemes"]["min"] == lengths[0] and docs["lexemes"]["max"] == lengths[-1]
    assert docs["lexemes"]["total"] == sum(lengths) and docs["lexemes"]["p50"] == lengths[2]
    assert docs["bytes"]["max"] == max(len(r["text"].encode()) for r in data)
    hist = docs["histogram"]
    assert sum(hist["counts"]) == 5 and len(hist["edges"]) == len(hist["counts"]) + 1
    for lo, hi, c in zip(hist["edges"], hist["edges"][1:], hist["counts"]):
        assert c == sum(lo <= n < hi for n in lengths)

    splits = stats["splits"]["splits"]
    assert set(splits) == {"train", "validation"}
    assert sum(s["packages"] for s in splits.values()) == 3
    assert sum(s["lexemes"] for s in splits.values()) == stats["totals"]["lexemes"]
    assert splits["validation"]["packages"] >= 1
    assert stats["checks"] == []


def test_json_and_deterministic(corpus, stats):
    again = collect_stats(corpus)
    assert json.dumps(again) == json.dumps(stats)
    json.loads(json.dumps(stats))  # plain JSON types only


def test_chunking_does_not_change_results(corpus, stats):
    """Tiny chunks (one document each) fold to the same figures as one chunk."""
    small = corpus_stats(corpus, chunk_values=1)
    assert json.dumps(small) == json.dumps(stats)


def test_top_limits_rankings(corpus):
    s = collect_stats(corpus, top=3)
    assert len(s["types"]["top"]) == 3
    assert s["types"]["other"]["count"] == s["types"]["typed"] - sum(r["count"] for r in s["types"]["top"])
