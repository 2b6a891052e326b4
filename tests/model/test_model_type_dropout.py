"""Type dropout replaces a token's type inputs by "unknown" at the configured rate, in training only."""

import pytest
import torch

from juliatag.model import KojikiLM, ModelConfig
from juliatag.model.model import TypeEmbedding, drop_types
from juliatag.schema import C_UNKNOWN, DEPTH_NA, TYPE_ID_UNKNOWN


@pytest.mark.parametrize("p", [0.15, 0.5])
def test_rate_and_replacement(p):
    torch.manual_seed(0)
    n = 200_000
    type_ids = torch.randint(2, 1152, (n,))
    conc = torch.randint(1, 4, (n,))
    depth = torch.randint(0, 8, (n,))
    t, c, d, mask = drop_types(type_ids, conc, depth, p)
    rate = mask.float().mean().item()
    assert abs(rate - p) < 4 * (p * (1 - p) / n) ** 0.5 + 1e-3, rate
    assert (t[mask] == TYPE_ID_UNKNOWN).all() and (c[mask] == C_UNKNOWN).all() and (d[mask] == DEPTH_NA).all()
    assert torch.equal(t[~mask], type_ids[~mask]) and torch.equal(c[~mask], conc[~mask])
    assert torch.equal(d[~mask], depth[~mask])


def test_embedding_applies_dropout_only_in_training():
    torch.manual_seed(0)
    cfg = ModelConfig(d_model=8, n_head=2, type_dropout=0.15)
    emb = TypeEmbedding(cfg)
    n = 50_000
    type_ids = torch.randint(2, 1152, (1, n))
    conc = torch.ones(1, n, dtype=torch.long)
    depth = torch.full((1, n), 3)
    unknown = emb.type_id.weight[TYPE_ID_UNKNOWN] + emb.depth.weight[0] + emb.concreteness.weight[C_UNKNOWN]
    with torch.no_grad():
        emb.train()
        out = emb(type_ids, conc, depth)[0]
        rate = torch.isclose(out, unknown.expand_as(out)).all(-1).float().mean().item()
        assert abs(rate - 0.15) < 0.01, rate
        emb.eval()
        out = emb(type_ids, conc, depth)[0]
        assert not torch.isclose(out, unknown.expand_as(out)).all(-1).any()


def test_depth_and_concreteness_ranges_are_embedded():
    cfg = ModelConfig(d_model=8, n_head=2, type_dropout=0.0)
    emb = TypeEmbedding(cfg)
    depth = torch.arange(-1, 8)[None]                          # n/a and 0..7
    conc = torch.arange(5).repeat(2)[:9][None]                 # 0..4
    types = torch.tensor([[0, 1, 2, 127, 128, 1151, 5, 6, 7]])
    out = emb(types, conc, depth)
    assert out.shape == (1, 9, 8) and torch.isfinite(out).all()
    assert emb.depth.num_embeddings == 9 and emb.concreteness.num_embeddings == 5


def test_type_dropout_zero_is_deterministic_in_training():
    cfg = ModelConfig(vocab_size=30, block_size=8, d_model=16, n_head=2, ffn_hidden=16, type_dropout=0.0)
    torch.manual_seed(0)
    model = KojikiLM(cfg).train()
    x = {"input_ids": torch.randint(30, (2, 8)), "type_ids": torch.randint(1152, (2, 8)),
             "concreteness": torch.randint(5, (2, 8)), "depth": torch.randint(-1, 8, (2, 8))}
    torch.testing.assert_close(model(**x)["type_logits"], model(**x)["type_logits"])
