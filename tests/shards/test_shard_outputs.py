"""End to end: the fixture corpus through `build_shards`, checked format by format."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
from .conftest import DOCS, FLOAT64, INT64, toy_labels

from juliatag import schema
from juliatag.shards.columns import COLUMN_NAMES, COLUMNS
from juliatag.shards.split import plan_split

K = schema.KIND_ID


def _bytes_to_unicode() -> dict[str, int]:
    """GPT-2's byte <-> printable character table (written out again here, independent of the library)."""
    bs = [*range(33, 127), *range(161, 173), *range(174, 256)]
    cs = list(bs)
    extra = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + extra)
            extra += 1
    return {chr(c): b for b, c in zip(bs, cs)}


BYTE_OF = _bytes_to_unicode()


def token_bytes(tok, ids) -> list[bytes]:
    return [bytes(BYTE_OF[ch] for ch in tok.id_to_token(int(i))) for i in ids]


def arrow_rows(out: Path, split: str) -> dict[str, np.ndarray]:
    import datasets

    ds = datasets.load_from_disk(str(out / split))
    return {c: np.array(ds[c]) for c in COLUMN_NAMES}


def stream_documents(ids: np.ndarray, eot: int, pad: int) -> list[np.ndarray]:
    """Split a packed stream at <|endoftext|>; the pad tail is dropped."""
    ids = ids[: len(ids) - int(np.argmax(ids[::-1] != pad))] if (ids == pad).any() else ids
    assert ids[-1] == eot
    cuts = np.flatnonzero(ids == eot)
    return [ids[a + 1 if i else 0:b] for i, (a, b) in enumerate(zip(np.r_[-1, cuts[:-1]], cuts))]


def expected_labels(text: str, spans: list[tuple[int, int]]) -> list[tuple]:
    """Reference rule, naively: labels of the first non-trivia lexeme overlapping each byte span."""
    lab = toy_labels(text)
    rows = list(zip(lab["lex_start"], lab["lex_end"], lab["lex_kind"], lab["lex_type_id"], lab["lex_concreteness"],
                    lab["lex_depth"], lab["lex_stability"], lab["lex_flags"]))
    out = []
    for ts, te in spans:
        overlapping = [r for r in rows if r[0] < te and r[1] > ts]
        labelled = [r for r in overlapping if r[2] not in schema.TRIVIA_IDS]
        if labelled:
            r = labelled[0]
            out.append((r[3], r[4], r[5], r[6], r[2], r[7]))
        else:
            out.append((0, 0, -1, 0, overlapping[0][2], 0))
    return out


# ---------------------------------------------------------------------------


def test_layout_and_counts(shards):
    out = shards.out_dir
    for name in ("manifest.json", "README.md", "train/state.json", "validation/dataset_info.json", "bin/meta.json"):
        assert (out / name).is_file(), name
    assert not list(out.glob(".staging-*"))
    m = shards.manifest
    assert m["counts"]["train"]["documents"] + m["counts"]["validation"]["documents"] == len(DOCS)
    assert m["seq_len"] == 64 and m["special_tokens"]["<|endoftext|>"] == 0 and m["special_tokens"]["<|pad|>"] == 1
    assert m["vocab_size"] == 400
    assert m["schema"]["kinds"] == list(schema.KIND_NAMES) and m["schema"]["type_ids"]["Float64"] == 9
    assert m["schema_source"] == "corpus manifest"
    assert set(m["split"]["packages"]["train"]).isdisjoint(m["split"]["packages"]["validation"])


def test_decode_round_trip_every_document(shards, tok, split_docs):
    m = shards.manifest
    eot, pad = m["packing"]["eot_id"], m["packing"]["pad_id"]
    for split, docs in split_docs.items():
        rows = arrow_rows(shards.out_dir, split)
        got = stream_documents(rows["input_ids"].reshape(-1), eot, pad)
        assert len(got) == len(docs)
        for ids, (path, text) in zip(got, docs):
            assert tok.decode(ids.tolist(), skip_special_tokens=False) == text, path
            assert b"".join(token_bytes(tok, ids)) == text.encode("utf-8"), path


def test_literal_special_token_in_source_is_plain_text(shards, tok, split_docs):
    eot = shards.manifest["packing"]["eot_id"]
    split = next(s for s, docs in split_docs.items() if any("<|endoftext|>" in t for _, t in docs))
    rows = arrow_rows(shards.out_dir, split)["input_ids"].reshape(-1)
    n_docs = len(split_docs[split])
    assert int((rows == eot).sum()) == n_docs  # only the separators


def test_every_label_column_is_aligned(shards, tok, split_docs):
    m = shards.manifest
    eot, pad = m["packing"]["eot_id"], m["packing"]["pad_id"]
    for split, docs in split_docs.items():
        rows = arrow_rows(shards.out_dir, split)
        flat = {c: v.reshape(-1) for c, v in rows.items()}
        assert all(len(v) == len(flat["input_ids"]) for v in flat.values())
        pos = 0
        for path, text in docs:
            n = int(np.argmax(flat["input_ids"][pos:] == eot))
            ids = flat["input_ids"][pos:pos + n]
            lens = [len(b) for b in token_bytes(tok, ids)]
            ends = np.cumsum(lens)
            spans = list(zip((ends - lens).tolist(), ends.tolist()))
            want = expected_labels(text, spans)
            got = list(zip(*(flat[c][pos:pos + n].tolist() for c in
                             ("type_ids", "concreteness", "depth", "stability", "kind", "flags"))))
            assert got == want, path
            eot_labels = [flat[c.name][pos + n] for c in COLUMNS[1:]]
            assert eot_labels == [c.na for c in COLUMNS[1:]]
            pos += n + 1
        tail = flat["input_ids"][pos:]
        assert (tail == pad).all()
        for c in COLUMNS[1:]:
            assert (flat[c.name][pos:] == c.na).all()


def _doc_tokens(shards, tok, split_docs, path):
    """[(token text, labels dict)] of one document, from the arrow rows."""
    eot = shards.manifest["packing"]["eot_id"]
    split = next(s for s, docs in split_docs.items() if any(p == path for p, _ in docs))
    flat = {c: v.reshape(-1) for c, v in arrow_rows(shards.out_dir, split).items()}
    starts = np.r_[0, np.flatnonzero(flat["input_ids"] == eot) + 1]
    i = [p for p, _ in split_docs[split]].index(path)
    a, b = starts[i], starts[i + 1] - 1
    ids = flat["input_ids"][a:b]
    texts = [t.decode("utf-8", "replace") for t in token_bytes(tok, ids)]
    return [(t, {c: int(flat[c][a + j]) for c in COLUMN_NAMES}) for j, t in enumerate(texts)]


def test_known_file_x_float64(shards, tok, split_docs):
    toks = _doc_tokens(shards, tok, split_docs, "Delta/src/more.jl")  # "x::Float64 = 1.0\n" * 40
    colons = [lab for t, lab in toks if t == "::"]
    assert colons, [t for t, _ in toks][:10]
    for lab in colons:  # `::` has no type
        assert (lab["type_ids"], lab["concreteness"], lab["depth"], lab["flags"]) == (0, 0, -1, 0)
        assert lab["kind"] == K["::"]
    floats = [lab for t, lab in toks if t and "Float64".startswith(t.strip()) and t.strip() and t[0] in "F6"]
    assert floats
    for lab in floats:  # the Float64 token(s): the type position
        assert (lab["type_ids"], lab["concreteness"], lab["depth"], lab["stability"], lab["flags"]) == FLOAT64
        assert lab["flags"] & schema.F_TYPE_POSITION and lab["kind"] == K["Identifier"]


def test_token_spanning_lexemes_takes_first_nontrivia(shards, tok, split_docs):
    toks = _doc_tokens(shards, tok, split_docs, "Alpha/src/Alpha.jl")
    # " 1" (space + integer literal) carries the literal's labels
    one = [lab for t, lab in toks if t.strip() == "1" and t.startswith(" ")]
    assert one and all((lab["type_ids"], lab["kind"]) == (INT64[0], K["Integer"]) for lab in one)
    # a token starting in whitespace and ending in an identifier takes the identifier's labels
    y = [lab for t, lab in toks if t in (" y", "    y")]
    assert y and all(lab["kind"] == K["Identifier"] and lab["type_ids"] == 9 for lab in y)


def test_trivia_only_tokens_are_na(shards, tok, split_docs):
    # in a file without strings, every whitespace-only token is trivia-only
    blank = [lab for t, lab in _doc_tokens(shards, tok, split_docs, "Alpha/src/Alpha.jl") if not t.strip()]
    assert blank and all(lab["kind"] in schema.TRIVIA_IDS and lab["type_ids"] == 0 for lab in blank)
    comment = [lab for t, lab in _doc_tokens(shards, tok, split_docs, "Alpha/src/Alpha.jl") if "comment" in t]
    assert comment and all(lab["kind"] == K["Comment"] and lab["type_ids"] == 0 for lab in comment)
    seen = set()
    for path, text in [d for docs in split_docs.values() for d in docs]:
        if not text:
            continue
        for t, lab in _doc_tokens(shards, tok, split_docs, path):
            if lab["kind"] in schema.TRIVIA_IDS:
                seen.add(schema.KIND_NAMES[lab["kind"]])
                na = (lab["type_ids"], lab["concreteness"], lab["depth"], lab["stability"], lab["flags"])
                assert na == (0, 0, -1, 0, 0), (path, t)
    assert {"Whitespace", "NewlineWs", "Comment"} <= seen


def test_manifest_hashes_match_files(shards):
    out = shards.out_dir
    files = shards.manifest["files"]
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert sorted(files) == on_disk
    for rel, entry in files.items():
        data = (out / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
    m = json.loads((out / "manifest.json").read_text())
    assert m == shards.manifest
    tok_file = Path(m["tokenizer"]["path"]) / "tokenizer.json"
    assert hashlib.sha256(tok_file.read_bytes()).hexdigest() == m["tokenizer"]["sha256"]
    corpus_manifest = Path(m["corpus"]["path"]) / "manifest.json"
    assert hashlib.sha256(corpus_manifest.read_bytes()).hexdigest() == m["corpus"]["manifest_sha256"]


def test_pt_shards_load_with_weights_only(shards):
    import torch

    out = shards.out_dir
    want = {"input_ids": torch.int32, "type_ids": torch.int16, "concreteness": torch.int8, "depth": torch.int8,
            "stability": torch.int8, "kind": torch.uint8, "flags": torch.int32}
    for split in ("train", "validation"):
        files = sorted((out / "pt").glob(f"{split}-*.pt"))
        assert [f.name for f in files] == [f"{split}-{i:05d}.pt" for i in range(len(files))]
        parts = [torch.load(f, weights_only=True) for f in files]
        for p in parts[:-1]:
            assert p["input_ids"].shape == (3, 64)  # rows_per_shard=3
        for p in parts:
            assert {k: v.dtype for k, v in p.items()} == want
            assert len({tuple(v.shape) for v in p.values()}) == 1
        rows = arrow_rows(out, split)
        for c in COLUMN_NAMES:
            np.testing.assert_array_equal(torch.cat([p[c] for p in parts]).numpy(), rows[c].astype(np.int64))
        assert sum(p["input_ids"].shape[0] for p in parts) == shards.manifest["counts"][split]["rows"]


def test_arrow_folders_load_from_disk(shards):
    import datasets

    for split in ("train", "validation"):
        ds = datasets.load_from_disk(str(shards.out_dir / split))
        assert ds.num_rows == shards.manifest["counts"][split]["rows"]
        assert ds.column_names == list(COLUMN_NAMES)
        assert {k: v.feature.dtype for k, v in ds.features.items()} == {c.name: c.numpy for c in COLUMNS}
        assert all(len(r) == 64 for r in ds["input_ids"])


def test_bin_streams_consistent(shards, tok, split_docs):
    out = shards.out_dir / "bin"
    meta = json.loads((out / "meta.json").read_text())
    eot, pad = shards.manifest["packing"]["eot_id"], shards.manifest["packing"]["pad_id"]
    for split, docs in split_docs.items():
        tokens = np.fromfile(out / f"{split}.tokens.bin", dtype="<u2")
        idx = np.fromfile(out / f"{split}.docs.idx", dtype="<u8")
        assert len(idx) == len(docs) == meta["splits"][split]["documents"]
        assert idx[-1] == len(tokens) == meta["splits"][split]["tokens"]
        for i, (path, text) in enumerate(docs):
            a = 0 if i == 0 else int(idx[i - 1])
            assert tokens[int(idx[i]) - 1] == eot
            assert tok.decode(tokens[a:int(idx[i]) - 1].tolist()) == text, path
        rows = arrow_rows(shards.out_dir, split)
        for c in COLUMNS:
            name = "tokens" if c.name == "input_ids" else c.name
            assert meta["streams"][name]["column"] == c.name
            dtype = np.dtype(meta["streams"][name]["dtype"]).newbyteorder("<")
            stream = np.fromfile(out / f"{split}.{name}.bin", dtype=dtype)
            flat = rows[c.name].reshape(-1)
            np.testing.assert_array_equal(stream, flat[: len(stream)])
            assert (rows["input_ids"].reshape(-1)[len(stream):] == pad).all()


def test_dataset_card(shards):
    import datasets
    import yaml

    text = (shards.out_dir / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("---\n")[1])
    cfg = front["configs"][0]
    assert cfg["config_name"] == "default"
    assert {d["split"]: d["path"] for d in cfg["data_files"]} == {
        "train": "train/data-*.arrow", "validation": "validation/data-*.arrow"}
    assert [f["name"] for f in front["dataset_info"]["features"]] == list(COLUMN_NAMES)
    dd = datasets.load_dataset(str(shards.out_dir))
    assert set(dd) == {"train", "validation"}
    assert dd["train"].num_rows == shards.manifest["counts"]["train"]["rows"]


def test_split_rule_in_manifest_is_reproducible(shards):
    m = shards.manifest["split"]
    plan = plan_split([p for p, _, _ in DOCS], m["val_fraction"])
    assert m["packages"] == {"train": list(plan.train), "validation": list(plan.validation)}


def test_tokens_splitting_a_character_are_exercised(shards, tok, split_docs):
    toks = _doc_tokens(shards, tok, split_docs, "Epsilon/src/rare.jl")
    partial = [lab for t, lab in toks if "\ufffd" in t]
    assert len(partial) >= 4  # several tokens share one multi-byte character
    floats = [lab for t, lab in toks if t in ("Float", "64")]
    assert floats and all(lab["flags"] == schema.F_TYPE_POSITION for lab in floats)
