"""A tiny fixed batch is memorised: all three heads reach (near) zero loss."""

import pytest
import torch

from juliatag.model import KojikiLM, LossWeights, ModelConfig, compute_losses, resolve, split_batch
from ..synthetic import synthetic_rows


@pytest.mark.parametrize("arch", ["moe", "dense"])
def test_tiny_batch_overfits(arch):
    torch.manual_seed(0)
    rows = synthetic_rows(2, 33, 256, seed=3)
    inputs, tg = split_batch({k: v.long() for k, v in rows.items()})
    cfg = resolve(ModelConfig(vocab_size=256, block_size=32, d_model=64, n_head=4, ffn_hidden=64,
                              arch=arch, type_dropout=0.0))
    model = KojikiLM(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    w = LossWeights()
    first = None
    for _ in range(150):
        parts = compute_losses(model(**inputs), tg, w)
        first = first or {k: v.item() for k, v in parts.items()}
        opt.zero_grad()
        parts["loss"].backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        out = model(**inputs)
        parts = compute_losses(out, tg, w)
    assert parts["token_loss"].item() < 0.05 * first["token_loss"]
    assert parts["type_loss"].item() < 0.05 * first["type_loss"]
    assert parts["trouble_loss"].item() < 0.05 * first["trouble_loss"]
    typed = tg.type != -100
    assert typed.sum() > 5
    assert (out["type_logits"].argmax(-1)[typed] == tg.type[typed]).all()
    scored = tg.token != -100
    assert (out["token_logits"].argmax(-1)[scored] == tg.token[scored]).all()
