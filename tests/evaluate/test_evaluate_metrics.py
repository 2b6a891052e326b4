"""EvalAccumulator on hand-made outputs: perplexity, type accuracy and baseline, trouble P/R/F1."""

import math

import pytest
import torch

from juliatag.evaluate import EvalAccumulator
from juliatag.model import split_batch
from juliatag.schema import F_UNDEFINED, S_NA, S_STABLE, S_UNSTABLE

EOT, PAD = 0, 1


def test_metrics_by_hand():
    batch = {k: torch.tensor([v]) for k, v in {
        "input_ids":    [5, 6, 7, 8, 9, PAD],
        "type_ids":     [0, 3, 3, 4, 0, 0],
        "concreteness": [0, 1, 1, 1, 0, 0],
        "depth":        [-1, 4, 4, 4, -1, -1],
        "stability":    [S_NA, S_UNSTABLE, S_STABLE, S_UNSTABLE, S_NA, S_NA],
        "flags":        [0, 0, 0, 0, F_UNDEFINED, 0],
    }.items()}
    _, tg = split_batch(batch, EOT, PAD)                      # targets: 6 7 8 9 PAD
    T, V = 5, 10
    token_logits = torch.zeros(1, T, V)
    type_logits = torch.zeros(1, T, 1152)
    type_logits[0, :3, 3] = 5.0                              # right, right, wrong (4 expected)
    trouble = torch.full((1, T, 4), -5.0)
    trouble[0, 0, 1] = 5.0                                   # unstable predicted for 6: right
    trouble[0, 1, 1] = 5.0                                   # unstable predicted for 7: wrong
    # 8 (unstable) and 9 (undefined) missed
    acc = EvalAccumulator(1152, n_moe_layers=2, n_experts=4)
    out = {"token_logits": token_logits, "type_logits": type_logits, "trouble_logits": trouble}
    acc.add(out, tg, expert_load=[torch.tensor([3, 1, 0, 0]), torch.tensor([1, 1, 1, 1])])
    r = acc.result()
    assert r["n_target_tokens"] == 4 and r["n_typed_targets"] == 3
    assert math.isclose(r["perplexity"], V, rel_tol=1e-5)     # uniform over V tokens
    assert r["type_accuracy"] == pytest.approx(2 / 3)
    assert r["type_accuracy_baseline"] == pytest.approx(2 / 3) and r["baseline_type_id"] == 3
    # any-trouble: truths at 6, 8, 9; predicted at 6, 7 -> tp 1, fp 1, fn 2
    assert r["trouble_precision"] == pytest.approx(0.5)
    assert r["trouble_recall"] == pytest.approx(1 / 3)
    assert r["trouble_f1"] == pytest.approx(0.4)
    assert r["trouble_support"] == 3
    missed = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert r["trouble_per_class"]["undefined_name"] == missed
    assert r["expert_load"] == [[0.75, 0.25, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]]


def test_threshold_free_trouble_figures():
    """Scores that rank every troubled target above every other: AP 1, best F1 1 at a threshold
    between the two groups, even though no score reaches 0.5."""
    T = 6
    batch = {k: torch.tensor([v]) for k, v in {
        "input_ids":    [5] * (T + 1),
        "type_ids":     [0] * (T + 1),
        "concreteness": [0] * (T + 1),
        "depth":        [-1] * (T + 1),
        "stability":    [S_NA, S_UNSTABLE, S_STABLE, S_UNSTABLE, S_STABLE, S_STABLE, S_STABLE],
        "flags":        [0] * (T + 1),
    }.items()}
    _, tg = split_batch(batch, EOT, PAD)
    logits = torch.full((1, T, 4), -6.0)
    logits[0, [0, 2], 1] = -1.5                                # the two unstable targets: sigmoid ~0.18
    out = {"token_logits": torch.zeros(1, T, 10), "type_logits": torch.zeros(1, T, 1152),
           "trouble_logits": logits}
    acc = EvalAccumulator(1152)
    acc.add(out, tg)
    r = acc.result()
    assert r["trouble_f1"] == 0.0                              # nothing above 0.5
    assert r["trouble_base_rate"] == pytest.approx(2 / 6)
    assert r["trouble_average_precision"] == pytest.approx(1.0)
    assert r["trouble_best_f1"] == pytest.approx(1.0)
    assert 0.0025 < r["trouble_best_threshold"] <= 0.182
