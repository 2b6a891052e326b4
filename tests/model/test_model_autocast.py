"""The bf16 autocast path used on CUDA, exercised with CPU autocast: dtypes mix without errors and
the losses stay close to float32."""

import pytest
import torch

from juliatag.model import KojikiLM, LossWeights, ModelConfig, compute_losses, resolve, split_batch
from ..synthetic import synthetic_rows


@pytest.mark.parametrize("arch,bitlinear", [("moe", False), ("dense", False), ("moe", True)])
def test_bf16_autocast_forward_and_backward(arch, bitlinear):
    torch.manual_seed(0)
    cfg = resolve(ModelConfig(vocab_size=256, block_size=32, d_model=32, n_head=4, ffn_hidden=32, arch=arch,
                              bitlinear=bitlinear))
    model = KojikiLM(cfg)
    inputs, tg = split_batch({k: v.long() for k, v in synthetic_rows(2, 33, 256, seed=1).items()})
    ref = compute_losses(model(**inputs), tg, LossWeights())["loss"]
    with torch.autocast("cpu", dtype=torch.bfloat16):
        out = model(**inputs)
        loss = compute_losses(out, tg, LossWeights())["loss"]
    assert out["token_logits"].dtype == torch.bfloat16 and loss.dtype == torch.float32
    loss.backward()
    assert all(p.grad is None or torch.isfinite(p.grad).all() for p in model.parameters())
    assert abs(loss.item() - ref.item()) < 0.05 * ref.item()
