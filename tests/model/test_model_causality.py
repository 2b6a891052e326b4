"""Changing anything after position t never changes any output at positions <= t."""

import pytest
import torch

from juliatag.model import KojikiLM, ModelConfig, resolve

OUTPUTS = ("token_logits", "type_logits", "trouble_logits")


def small_config(**kw) -> ModelConfig:
    return resolve(ModelConfig(vocab_size=97, block_size=24, d_model=32, n_head=4, ffn_hidden=32, **kw))


def random_inputs(B: int, T: int, vocab: int, gen: torch.Generator) -> dict[str, torch.Tensor]:
    return {
        "input_ids": torch.randint(vocab, (B, T), generator=gen),
        "type_ids": torch.randint(1152, (B, T), generator=gen),
        "concreteness": torch.randint(5, (B, T), generator=gen),
        "depth": torch.randint(-1, 8, (B, T), generator=gen),
    }


@pytest.mark.parametrize("arch,bitlinear", [("moe", False), ("dense", False), ("moe", True), ("dense", True)])
def test_future_never_changes_past_outputs(arch, bitlinear):
    torch.manual_seed(0)
    cfg = small_config(arch=arch, bitlinear=bitlinear)
    model = KojikiLM(cfg).eval()
    gen = torch.Generator().manual_seed(1)
    B, T = 3, cfg.block_size
    x = random_inputs(B, T, cfg.vocab_size, gen)
    with torch.no_grad():
        ref = model(**x)
        for t in (0, 5, T - 2):
            y = {k: v.clone() for k, v in x.items()}
            future = random_inputs(B, T, cfg.vocab_size, gen)
            for k, v in y.items():  # tokens and type inputs after t all change
                v[:, t + 1:] = future[k][:, t + 1:]
            assert not torch.equal(y["input_ids"], x["input_ids"])
            got = model(**y)
            for name in OUTPUTS:
                torch.testing.assert_close(got[name][:, :t + 1], ref[name][:, :t + 1], rtol=0, atol=1e-5,
                                           msg=f"{arch}: {name} at <= {t} changed with the future")
                assert not torch.allclose(got[name][:, t + 1:], ref[name][:, t + 1:]), \
                    f"{arch}: {name} after {t} did not react to new inputs at all"


def test_past_does_change_later_outputs():
    """The converse: the model does look back (otherwise causality would be trivial)."""
    torch.manual_seed(0)
    cfg = small_config()
    model = KojikiLM(cfg).eval()
    x = random_inputs(2, cfg.block_size, cfg.vocab_size, torch.Generator().manual_seed(2))
    y = {k: v.clone() for k, v in x.items()}
    y["input_ids"][:, 0] = (y["input_ids"][:, 0] + 1) % cfg.vocab_size
    with torch.no_grad():
        a, b = model(**x)["token_logits"], model(**y)["token_logits"]
    assert not torch.allclose(a[:, -1], b[:, -1])


def test_longer_than_context_is_refused():
    cfg = small_config()
    model = KojikiLM(cfg)
    x = random_inputs(1, cfg.block_size + 1, cfg.vocab_size, torch.Generator().manual_seed(0))
    with pytest.raises(ValueError, match="block_size"):
        model(**x)
