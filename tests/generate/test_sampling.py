"""Sampling filters and settings."""

import pytest
import torch

from juliatag.errors import JuliatagError
from juliatag.generate.sampling import SamplingConfig, draw, filter_logits


def test_top_k_keeps_the_k_best():
    logits = torch.tensor([1.0, 5.0, 3.0, 4.0, 2.0])
    out = filter_logits(logits, top_k=2)
    assert torch.isfinite(out).tolist() == [False, True, False, True, False]


def test_top_p_keeps_the_smallest_set_reaching_p():
    probs = torch.tensor([0.5, 0.3, 0.15, 0.05])
    out = filter_logits(probs.log(), top_p=0.75)       # 0.5 < 0.75, 0.5 + 0.3 >= 0.75
    assert torch.isfinite(out).tolist() == [True, True, False, False]
    out = filter_logits(probs.log(), top_p=0.1)        # the best token always stays
    assert torch.isfinite(out).tolist() == [True, False, False, False]


def test_greedy_and_seeded_draws():
    logits = torch.tensor([0.0, 2.0, 1.0])
    assert draw(logits, SamplingConfig(temperature=0), torch.Generator()) == 1
    cfg = SamplingConfig(temperature=1.0, top_k=0, top_p=1.0)
    a = [draw(logits, cfg, torch.Generator().manual_seed(5)) for _ in range(3)]
    assert len(set(a)) == 1
    g = torch.Generator().manual_seed(0)
    counts = torch.bincount(torch.tensor([draw(logits, cfg, g) for _ in range(2000)]), minlength=3).float()
    assert torch.allclose(counts / 2000, torch.softmax(logits, 0), atol=0.04)


@pytest.mark.parametrize("kw", [{"max_new_tokens": 0}, {"temperature": -1}, {"top_k": -1}, {"top_p": 0.0},
                                {"top_p": 1.5}, {"stop": "never"}])
def test_bad_settings_are_refused(kw):
    with pytest.raises(JuliatagError):
        SamplingConfig(**kw)
