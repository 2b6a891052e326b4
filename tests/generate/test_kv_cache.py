"""The incremental (KV-cache) forward equals the full forward; cached and uncached decoding draw
the same tokens for the same seed."""

import numpy as np
import pytest
import torch

from juliatag.generate.decode import context_keep, decode
from juliatag.generate.sampling import SamplingConfig
from juliatag.model import KojikiLM, ModelConfig, resolve


def _inputs(T, vocab, seed=0):
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(vocab, (1, T), generator=g)
    types = torch.randint(1152, (1, T), generator=g)
    conc = torch.randint(5, (1, T), generator=g)
    depth = torch.randint(-1, 8, (1, T), generator=g)
    return ids, types, conc, depth


@pytest.mark.parametrize("arch,bitlinear", [("moe", False), ("dense", False), ("moe", True)])
def test_incremental_forward_matches_full(arch, bitlinear):
    torch.manual_seed(0)
    cfg = resolve(ModelConfig(vocab_size=97, block_size=24, d_model=32, n_head=4, n_layer=3, n_dense_layers=1,
                              ffn_hidden=48, arch=arch, bitlinear=bitlinear))
    model = KojikiLM(cfg).eval()
    x = _inputs(20, 97)
    with torch.no_grad():
        full = model(*x)
        cache = model.new_cache()
        parts = []
        for lo, hi in ((0, 7), (7, 8), (8, 9), (9, 14), (14, 20)):   # a prefill, single tokens, chunks
            out = model(*(t[:, lo:hi] for t in x), cache=cache)
            parts.append(out)
        assert cache.length == 20
    for key in ("token_logits", "type_logits", "trouble_logits"):
        inc = torch.cat([p[key] for p in parts], dim=1)
        assert torch.allclose(inc, full[key], atol=1e-5, rtol=1e-4), key


def test_cache_refuses_to_overflow():
    model = KojikiLM(ModelConfig(vocab_size=50, block_size=8, d_model=16, n_head=2, n_layer=2)).eval()
    cache = model.new_cache()
    with torch.no_grad():
        model(*_inputs(6, 50), cache=cache)
        with pytest.raises(ValueError, match="exceeds block_size"):
            model(*_inputs(3, 50), cache=cache)


def _decode(generator, cfg, prompt="function f(x)\n"):
    p = generator.prepare(prompt)
    return decode(generator.model, p.ids, p.types, cfg, untyped=generator.untyped, banned_ids=generator.banned,
                  stop_ids=generator.tokens.stop_ids)


@pytest.mark.parametrize("temperature", [0.0, 1.0])
def test_cache_and_no_cache_draw_the_same_tokens(generator, temperature):
    """Greedy and sampled, past the context (block 32: several context shifts)."""
    cfg = SamplingConfig(max_new_tokens=70, temperature=temperature, top_k=0, top_p=1.0, seed=7, stop="none")
    a = _decode(generator, cfg)
    b = _decode(generator, SamplingConfig(**{**cfg.__dict__, "use_cache": False}))
    assert len(a.ids) == 70 and a.ids == b.ids and a.types == b.types
    assert a.context_shifts == b.context_shifts >= 2
    # the cached path reads far fewer positions
    assert a.forward_tokens < b.forward_tokens / 3


def test_sampling_is_deterministic_for_a_seed(generator):
    cfg = SamplingConfig(max_new_tokens=30, temperature=1.2, top_k=0, top_p=1.0, seed=3, stop="none")
    a, b = _decode(generator, cfg), _decode(generator, cfg)
    c = _decode(generator, SamplingConfig(**{**cfg.__dict__, "seed": 4}))
    assert a.ids == b.ids
    assert a.ids != c.ids


def test_generated_type_inputs_come_from_the_type_head(generator):
    from juliatag.generate.typeinputs import NA_INPUTS, type_id_inputs

    cfg = SamplingConfig(max_new_tokens=40, temperature=1.0, seed=1, stop="none")
    res = _decode(generator, cfg)
    table = type_id_inputs()
    for tok, (tid, conc, depth) in zip(res.ids, res.types):
        if generator.untyped[tok]:
            assert (tid, conc, depth) == NA_INPUTS
        else:
            assert tid >= 2 and (conc, depth) == tuple(table[tid])   # the head never predicts n/a
    assert any(not generator.untyped[t] for t in res.ids)


def test_stop_tokens_end_generation_and_none_masks_them(generator):
    eot = generator.tokens.eot_id
    p = generator.prepare("x = 1\n")

    def bias_to_eot(ids):
        return torch.nn.functional.one_hot(torch.tensor(eot), generator.model.cfg.vocab_size) * 1e4

    got = decode(generator.model, p.ids, p.types, SamplingConfig(max_new_tokens=5, stop="eot"),
                 stop_ids=generator.tokens.stop_ids, bias=bias_to_eot)
    assert got.ids == [] and got.stop_reason == "eot"
    got = decode(generator.model, p.ids, p.types, SamplingConfig(max_new_tokens=5, stop="none"),
                 stop_ids=generator.tokens.stop_ids, bias=bias_to_eot)
    assert len(got.ids) == 5 and eot not in got.ids and got.stop_reason == "length"


def test_context_keep():
    assert context_keep(128) == 96 and context_keep(1) == 1
    assert np.all(np.array([context_keep(b) for b in range(1, 50)]) <= np.arange(1, 50))
