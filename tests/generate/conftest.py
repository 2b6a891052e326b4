"""Fixtures: a tiny byte-level tokenizer, shards whose validation split is real Julia text, and a
tiny run trained on them (a few seconds on one CPU thread)."""

import json
from pathlib import Path

import pytest
import torch

from ..helpers import train_tokenizer
from ..torch_threads import one_torch_thread  # noqa: F401  (autouse)

SNIPPETS = [
    '''struct Point2D
    x::Float64
    y::Float64
end

function midpoint(a::Point2D, b::Point2D)
    return Point2D((a.x + b.x) / 2, (a.y + b.y) / 2)
end
''',
    '''const SCALE = 2.0

function scaled(v::Vector{Float64})
    out = similar(v)
    for i in eachindex(v)
        out[i] = SCALE * v[i]
    end
    return out
end
''',
    '''"""Sum of squares."""
function sumsq(xs)
    s = 0.0
    for x in xs
        s += x * x
    end
    s
end
''',
    '''mutable struct Counter
    n::Int
end

function bump!(c::Counter)
    c.n += 1
    return c
end
''',
    '''abstract type Shape end

struct Circle <: Shape
    r::Float64
end

function area(c::Circle)
    return pi * c.r^2
end
''',
]


def real_validation(shards: Path, tokenizer_dir: Path, seq_len: int) -> None:
    """Replace the validation split by the snippets, tokenized, each followed by <|endoftext|>."""
    from juliatag.generate.tokens import TokenTable

    tokens = TokenTable(tokenizer_dir)
    stream = []
    for text in SNIPPETS:
        stream += tokens.encode(text)[0] + [tokens.eot_id]
    rows = -(-len(stream) // seq_len)
    stream += [tokens.pad_id] * (rows * seq_len - len(stream))
    ids = torch.tensor(stream, dtype=torch.int32).view(rows, seq_len)
    cols = {"input_ids": ids, "type_ids": torch.zeros_like(ids, dtype=torch.int16),
            "concreteness": torch.zeros_like(ids, dtype=torch.int8),
            "depth": torch.full_like(ids, -1, dtype=torch.int8),
            "stability": torch.zeros_like(ids, dtype=torch.int8),
            "kind": torch.zeros_like(ids, dtype=torch.uint8), "flags": torch.zeros_like(ids)}
    for f in (shards / "pt").glob("validation-*.pt"):
        f.unlink()
    torch.save(cols, shards / "pt" / "validation-00000.pt")
    manifest = json.loads((shards / "manifest.json").read_text())
    manifest["tokenizer"] = {"path": str(tokenizer_dir)}
    (shards / "manifest.json").write_text(json.dumps(manifest))


@pytest.fixture(scope="session")
def work(tmp_path_factory):
    """(tokenizer dir, shards dir, run dir): a run of the tiny preset, context 32, 30 steps."""
    from juliatag.generate.tokens import TokenTable
    from juliatag.train import TrainConfig, train
    from ..synthetic import write_synthetic_shards

    root = tmp_path_factory.mktemp("gen")
    tok = train_tokenizer(root / "tokenizer", SNIPPETS * 4, vocab_size=360)
    vocab = len(TokenTable(tok))
    shards = write_synthetic_shards(root / "shards", vocab_size=vocab, seq_len=64, train_rows=24,
                                    validation_rows=4, forms=("pt",))
    real_validation(shards, tok, 64)
    run = root / "run"
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        train(TrainConfig(shards=str(shards), out=str(run), block_size=32, batch_size=4, steps=30,
                          eval_interval=0, device="cpu"))
    finally:
        torch.set_num_threads(n)
    return tok, shards, run


@pytest.fixture(scope="session")
def generator(work):
    from juliatag.generate.generator import Generator

    tok, _, run = work
    return Generator.from_run(run, tok, device="cpu")
