"""Fixture corpora for the stats tests: small Julia packages written here, ingested with `juliatag ingest`,
and a shards folder made from them with a tiny BPE."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..helpers import train_tokenizer

PACKAGES = {
    "Alpha": {
        "Alpha.jl": "module Alpha\n\ninclude(\"shapes.jl\")\n\nend\n",
        "shapes.jl": (
            "struct Circle\n    r::Float64\nend\n"
            "area(c::Circle) = 3.14159 * c.r^2\n"
            "function pick(flag::Bool)\n    v = flag ? 1 : \"one\"\n    return v\nend\n"
            "function loose(xs)\n    acc = Any[]\n    for x in xs\n        push!(acc, x)\n    end\n"
            "    return acc[1]\nend\n"
            "function loose(xs, n::Int)\n    t = Any[n]\n    return t[1]\nend\n"
        ),
        "empty.jl": "",
    },
    "Beta": {
        "Beta.jl": "module Beta\n\nconst N = 10\nscale(x::Int) = x * N\ncount_up(n::Int) = sum(1:n)\n\nend\n",
        "copy.jl": "module Beta\n\nconst N = 10\nscale(x::Int) = x * N\ncount_up(n::Int) = sum(1:n)\n\nend\n",
        "text.jl": "shout(s::String) = uppercase(s) * \"!\"\nwords(s::String) = split(s)\n"
                   "# a comment line\ngreeting = \"hello\"\n",
    },
    "Gamma": {
        "Gamma.jl": "function mean(xs::Vector{Float64})\n    s = 0.0\n    for x in xs\n        s += x\n    end\n"
                    "    return s / length(xs)\nend\n" * 3,
    },
}


def write_packages(root: Path) -> Path:
    src = root / "pkgs"
    for name, files in PACKAGES.items():
        pkg = src / f"{name}.jl"
        (pkg / "src").mkdir(parents=True)
        (pkg / "Project.toml").write_text(f'name = "{name}"\n')
        for fname, text in files.items():
            (pkg / "src" / fname).write_text(text)
    return src


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    from juliatag.ingest import IngestOptions, ingest

    root = tmp_path_factory.mktemp("stats")
    out = root / "corpus"
    ingest([str(write_packages(root))], out, IngestOptions(jobs=1))
    return out


@pytest.fixture(scope="session")
def shards(tmp_path_factory, corpus) -> Path:
    from juliatag.shards import ShardOptions, build_shards

    root = tmp_path_factory.mktemp("shards")
    texts = [t for files in PACKAGES.values() for t in files.values()] * 5
    tok = train_tokenizer(root / "tok", texts, vocab_size=300)
    out = root / "out"
    build_shards(corpus, tok, out, ShardOptions(seq_len=32, val_fraction=0.3, formats=("arrow",), jobs=1,
                                                rows_per_shard=4))
    return out
