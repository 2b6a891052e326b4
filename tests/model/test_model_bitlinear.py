"""BitLinear: ternary absmean weights, per-token 8-bit activations, straight-through gradients."""

import torch
import torch.nn.functional as F

from juliatag.model import KojikiLM, ModelConfig
from juliatag.model.bitlinear import BitLinear, int8_per_token, ternary


def test_weights_are_ternary_times_absmean():
    torch.manual_seed(0)
    w = torch.randn(32, 16)
    q = ternary(w)
    scale = w.abs().mean()
    assert set((q / scale).round().unique().tolist()) <= {-1.0, 0.0, 1.0}
    torch.testing.assert_close(q, (w / scale).round().clamp(-1, 1) * scale)


def test_activations_are_quantized_per_token():
    x = torch.tensor([[1.0, -0.5, 0.25], [100.0, 3.0, -50.0]])
    q = int8_per_token(x)
    for row, qrow in zip(x, q):
        step = row.abs().max() / 127
        assert torch.allclose(qrow / step, (qrow / step).round(), atol=1e-3)
        assert (qrow - row).abs().max() <= step / 2 + 1e-6
    # a token's quantization does not depend on other tokens
    torch.testing.assert_close(int8_per_token(x[:1]), q[:1])


def test_forward_uses_quantized_values_and_gradients_pass_straight_through():
    torch.manual_seed(0)
    layer = BitLinear(16, 8, bias=False)
    x = torch.randn(4, 16, requires_grad=True)
    y = layer(x)
    torch.testing.assert_close(y, F.linear(int8_per_token(x), ternary(layer.weight)))
    y.sum().backward()
    # straight-through: the gradient is that of a linear layer with the quantized operands
    xq, wq = int8_per_token(x.detach()), ternary(layer.weight.detach())
    torch.testing.assert_close(layer.weight.grad, torch.ones(4, 8).T @ xq)
    torch.testing.assert_close(x.grad, torch.ones(4, 8) @ wq)


def test_bitlinear_swaps_attention_and_ffn_linears_only():
    cfg = ModelConfig(vocab_size=40, block_size=8, d_model=16, n_head=2, ffn_hidden=16, bitlinear=True)
    model = KojikiLM(cfg)
    bit = {n for n, m in model.named_modules() if isinstance(m, BitLinear)}
    assert any(".attn.qkv" in n for n in bit) and any(".experts." in n for n in bit)
    assert not any(n.endswith(("router", "type_head", "trouble_head", "token_head")) for n in bit)
