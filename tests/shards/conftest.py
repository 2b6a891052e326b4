"""Fixtures for the shard tests: tiny lexeme corpora written with `datasets`, a tiny byte-level BPE.

The corpora are built here (not by `juliatag ingest`): the lexer cuts the text and the labels are
put on chosen lexemes by `toy_labels`, so every expected label is known.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from juliatag import schema
from juliatag.lexer import lex

from ..helpers import train_tokenizer

K = schema.KIND_ID

# (package, path, text); non-ASCII on purpose: ÷ ∈ ≤ α √, emoji, U+202F, a literal <|endoftext|>
DOCS = [
    ("Alpha", "Alpha/src/Alpha.jl",
     "module Alpha\n\nfunction f(x::Float64)  # ÷ comment\n    y = x + 1\n    return y\nend\n\nend\n"),
    ("Alpha", "Alpha/src/ops.jl",
     "α = 2.0\nβ = √α ÷ 1\nif 1 ∈ (1, 2) && α ≤ 3\n    println(\"😀 ok\u202fdone\")\nend\n"),
    ("Beta", "Beta/src/Beta.jl",
     "# a comment only line\nconst N = 10\ng(x::Float64) = x * N\ns = \"<|endoftext|> is text here\"\n"),
    ("Beta", "Beta/src/empty.jl", ""),
    ("Gamma", "Gamma/src/Gamma.jl",
     "struct Point\n    x::Float64\n    y::Float64\nend\nnorm2(p::Point) = p.x^2 + p.y^2\n" * 3),
    ("Delta", "Delta/src/Delta.jl",
     "function h(v::Vector{Int64})\n    s = 0\n    for i in v\n        s += i\n    end\n    s\nend\n" * 5),
    ("Delta", "Delta/src/more.jl", "x::Float64 = 1.0\n" * 40),
    # characters the tokenizer never saw in training: they stay split into byte pieces
    ("Epsilon", "Epsilon/src/rare.jl", "ψ₁ = 🚀(x)::Float64  # 𝔽 ∀\u202f♫\nz = \"ñ©\" * \"\U0001F9EA\"\n"),
]
UNSEEN = {"Epsilon/src/rare.jl"}  # left out of the tokenizer's training texts

# known labels: type id, concreteness, depth, stability, flags
FLOAT64 = (9, schema.C_CONCRETE, 4, schema.S_NA, schema.F_TYPE_POSITION)
INT64 = (7, schema.C_CONCRETE, 4, schema.S_STABLE, 0)
VAR = (9, schema.C_CONCRETE, 4, schema.S_STABLE, schema.F_DEFINITION)


def toy_labels(text: str):
    """Lexemes of `text` with labels: `Float64` a type position, Int literals Int64, other identifiers VAR."""
    lx = lex(text)
    data = text.encode("utf-8")
    cols = {k: [] for k in ("lex_type", "lex_type_id", "lex_concreteness", "lex_depth", "lex_stability", "lex_flags")}
    for s, e, k in zip(lx.starts, lx.ends, lx.kinds, strict=False):
        word = data[s:e].decode("utf-8")
        if k == K["Identifier"] and word == "Float64":
            lab, t = FLOAT64, "Float64"
        elif k == K["Integer"]:
            lab, t = INT64, "Int64"
        elif k == K["Identifier"]:
            lab, t = VAR, "Float64"
        else:
            lab, t = (schema.TYPE_ID_NA, schema.C_NA, schema.DEPTH_NA, schema.S_NA, 0), None
        cols["lex_type"].append(t)
        for name, v in zip(("lex_type_id", "lex_concreteness", "lex_depth", "lex_stability", "lex_flags"), lab, strict=False):
            cols[name].append(v)
    return {"lex_start": lx.starts, "lex_end": lx.ends, "lex_kind": lx.kinds, **cols}


def corpus_features():
    from datasets import Features, List, Value

    return Features({
        "path": Value("string"), "package": Value("string"), "sha256": Value("string"), "text": Value("string"),
        "lex_start": List(Value("int32")), "lex_end": List(Value("int32")), "lex_kind": List(Value("uint8")),
        "lex_type": List(Value("string")), "lex_type_id": List(Value("int16")),
        "lex_concreteness": List(Value("int8")), "lex_depth": List(Value("int8")),
        "lex_stability": List(Value("int8")), "lex_flags": List(Value("uint16")),
        "functions": List({"name": Value("string"), "start": Value("int32"), "end": Value("int32"),
                           "return_type": Value("string"), "stability": Value("int8")}),
    })


def recorded_dataset(corpus: Path) -> dict:
    """The manifest's `dataset` entry for the files `datasets` wrote (as `juliatag ingest` records it)."""
    import pyarrow as pa

    state = json.loads((corpus / "lexemes" / "state.json").read_text())
    shards = []
    for entry in state["_data_files"]:
        path = corpus / "lexemes" / entry["filename"]
        with pa.memory_map(str(path)) as src:
            rows = sum(b.num_rows for b in pa.ipc.open_stream(src))
        shards.append({"filename": entry["filename"], "rows": rows,
                       "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    return {"path": "lexemes", "shards": shards}


def write_corpus(out: Path, docs, labeler=toy_labels, rows=None) -> Path:
    """Write a lexeme corpus folder (manifest.json + lexemes/) holding `docs` [(package, path, text)]."""
    import datasets

    datasets.disable_progress_bars()
    records = rows if rows is not None else []
    if rows is None:
        for package, path, text in docs:
            records.append({
                "path": path, "package": package, "sha256": hashlib.sha256(text.encode()).hexdigest(), "text": text,
                **labeler(text), "functions": [],
            })
    columns = {name: [r[name] for r in records] for name in corpus_features()}
    ds = datasets.Dataset.from_dict(columns, features=corpus_features())
    out.mkdir(parents=True, exist_ok=True)
    ds.save_to_disk(str(out / "lexemes"))
    manifest = {"schema_version": schema.SCHEMA_VERSION, "tables": schema.schema_tables(), "type_ids": {"Float64": 9, "Int64": 7},
                "counts": {"files": len(records)}, "dataset": recorded_dataset(out)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), DOCS)


@pytest.fixture(scope="session")
def tokenizer_dir(tmp_path_factory) -> Path:
    texts = [t for _, p, t in DOCS if p not in UNSEEN] * 20 + ["a+-b )::Int x::Float64 +-1 ::Float64 ::Float"] * 50
    return train_tokenizer(tmp_path_factory.mktemp("tok"), texts)


@pytest.fixture(scope="session")
def shards(tmp_path_factory, corpus_dir, tokenizer_dir):
    """Shards of the fixture corpus, all formats, seq_len 64, 3 rows per shard, --jobs 1."""
    from juliatag.shards import ShardOptions, build_shards

    out = tmp_path_factory.mktemp("shards") / "out"
    opts = ShardOptions(seq_len=64, val_fraction=0.3, formats=("arrow", "pt", "bin"), jobs=1, rows_per_shard=3)
    return build_shards(corpus_dir, tokenizer_dir, out, opts)


@pytest.fixture(scope="session")
def tok(tokenizer_dir):
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(tokenizer_dir / "tokenizer.json"))


@pytest.fixture(scope="session")
def split_docs(shards):
    """{split: [(path, text)]} in corpus order, as the manifest's package split says."""
    plan = shards.manifest["split"]["packages"]
    out = {"train": [], "validation": []}
    for package, path, text in DOCS:
        side = "validation" if package in plan["validation"] else "train"
        out[side].append((path, text))
    return out
