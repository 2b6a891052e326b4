"""Presets and parameter counts."""

import pytest
import torch

from juliatag.errors import JuliatagError
from juliatag.model import PRESETS, KojikiLM, ModelConfig, count_parameters, flops_parameters, preset_config


def test_mikoto_66m_is_within_5_percent_of_66_5m_parameters():
    cfg = preset_config("mikoto-66m")
    assert (cfg.vocab_size, cfg.block_size) == (8000, 2048)
    n = count_parameters(cfg)
    assert abs(n - 66.5e6) / 66.5e6 < 0.05, n


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("bitlinear", [False, True])
def test_dense_twin_is_within_10_percent_of_the_moe(preset, bitlinear):
    moe = preset_config(preset, vocab_size=8000, bitlinear=bitlinear)
    dense = preset_config(preset, vocab_size=8000, arch="dense", bitlinear=bitlinear)
    assert dense.dense_ffn_hidden > 0 and dense.n_layer == moe.n_layer and dense.d_model == moe.d_model
    n_moe, n_dense = count_parameters(moe), count_parameters(dense)
    assert abs(n_dense - n_moe) / n_moe < 0.10, (n_moe, n_dense)


def test_count_includes_embeddings_and_heads_once():
    cfg = ModelConfig(vocab_size=100, block_size=8, d_model=16, n_head=2, ffn_hidden=16)
    model = KojikiLM(cfg)
    assert model.token_head.weight is model.tok.weight       # tied: counted once
    assert count_parameters(cfg) == sum(p.numel() for p in model.parameters())
    names = {n.split(".")[0] for n, _ in model.named_parameters()}
    assert {"tok", "types", "blocks", "norm", "type_head", "trouble_head"} <= names
    assert model.type_head.out_features == 1152 and model.trouble_head.out_features == 4


def test_flops_parameters_count_two_of_four_experts():
    moe = preset_config("tiny", vocab_size=8000)
    model = KojikiLM(moe)
    experts = sum(p.numel() for m in model.moe_layers() for p in m.experts.parameters())
    type_emb = sum(p.numel() for p in model.types.parameters())
    assert flops_parameters(moe) == count_parameters(moe) - type_emb - experts // 2


@pytest.mark.parametrize("bad", [{"arch": "sparse"}, {"d_model": 30, "n_head": 4}, {"type_dropout": 1.0},
                                 {"top_k": 5}])
def test_bad_configs_are_user_errors(bad):
    with pytest.raises(JuliatagError):
        ModelConfig(**bad)


def test_unknown_preset_is_a_user_error():
    with pytest.raises(JuliatagError, match="unknown preset"):
        preset_config("huge")


def test_config_round_trips_through_a_dict():
    cfg = preset_config("small", arch="dense", bitlinear=True)
    assert ModelConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises(JuliatagError):
        ModelConfig.from_dict({**cfg.to_dict(), "mystery": 1})


def test_meta_count_matches_a_real_model():
    cfg = preset_config("tiny", vocab_size=300, arch="dense")
    torch.manual_seed(0)
    assert count_parameters(cfg) == sum(p.numel() for p in KojikiLM(cfg).parameters())
