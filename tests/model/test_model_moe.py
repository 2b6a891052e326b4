"""Routing: exactly top-2 of 4 experts per token, weights summing to 1, dropless, balance loss."""

import torch

from juliatag.model import KojikiLM, ModelConfig
from juliatag.model.moe import MoE


def moe_layer(**kw) -> MoE:
    torch.manual_seed(0)
    return MoE(ModelConfig(d_model=16, n_head=2, ffn_hidden=24, **kw))


def test_exactly_two_experts_per_token_and_weights_sum_to_one():
    moe = moe_layer()
    assert (moe.n_experts, moe.top_k) == (4, 2)
    x = torch.randn(500, 16)
    experts, weights, probs = moe.route(x)
    assert experts.shape == weights.shape == (500, 2)
    assert (experts[:, 0] != experts[:, 1]).all()           # two distinct experts
    assert ((experts >= 0) & (experts < 4)).all()
    torch.testing.assert_close(weights.sum(-1), torch.ones(500))
    assert (weights > 0).all()
    # the two chosen are the router's two most probable experts
    top2 = probs.topk(2, dim=-1).indices
    assert torch.equal(experts.sort(-1).values, top2.sort(-1).values)
    torch.testing.assert_close(probs.sum(-1), torch.ones(500))


def test_forward_is_the_weighted_sum_of_the_chosen_experts():
    moe = moe_layer()
    x = torch.randn(2, 7, 16)
    y, _ = moe(x)
    experts, weights, _ = moe.route(x.view(-1, 16))
    flat = x.view(-1, 16)
    for i in range(flat.size(0)):
        expect = sum(w * moe.experts[e](flat[i:i + 1])[0] for e, w in zip(experts[i].tolist(), weights[i]))
        torch.testing.assert_close(y.view(-1, 16)[i], expect, rtol=1e-4, atol=1e-5)


def test_every_token_is_served_even_when_all_pick_the_same_experts():
    moe = moe_layer()
    with torch.no_grad():  # a router that sends everything to experts 0 and 1
        moe.router.weight.zero_()
        moe.router.weight[0] = 1.0
        moe.router.weight[1] = 0.5
    x = torch.rand(1, 64, 16) + 0.1
    y, balance = moe(x)
    assert moe.last_load.tolist() == [64, 64, 0, 0]
    assert (y.abs().sum(-1) > 0).all()                      # no token dropped for capacity
    assert balance.item() > 1.5                              # concentrated load is penalised


def test_balance_loss_is_one_when_router_is_uniform():
    moe = moe_layer()
    with torch.no_grad():
        moe.router.weight.zero_()                            # every expert probability 1/4
    _, balance = moe(torch.randn(1, 400, 16))
    # n_experts * sum_e share_e * 1/4 = sum_e share_e = 1, whatever the tie-breaking did
    torch.testing.assert_close(balance, torch.tensor(1.0))
    assert moe.last_load.sum().item() == 800


def test_balance_loss_reaches_the_router():
    moe = moe_layer()
    _, balance = moe(torch.randn(1, 32, 16))
    balance.backward()
    assert moe.router.weight.grad is not None and moe.router.weight.grad.abs().sum() > 0


def test_model_reports_per_layer_load_and_balance():
    cfg = ModelConfig(vocab_size=50, block_size=16, d_model=16, n_head=2, ffn_hidden=16)
    model = KojikiLM(cfg)
    B, T = 2, 16
    out = model(torch.randint(50, (B, T)), torch.zeros(B, T, dtype=torch.long),
                torch.zeros(B, T, dtype=torch.long), torch.full((B, T), -1))
    layers = model.moe_layers()
    assert len(layers) == 4 and sum(cfg.is_moe_layer) == 4 and cfg.is_moe_layer[:2] == [False, False]
    for m in layers:
        assert m.last_load.sum().item() == B * T * 2
    assert torch.isfinite(out["balance_loss"]) and out["balance_loss"].item() > 0
