"""Targets and masks: next-token labels, pad/EOT ignored, typed targets only, trouble bits."""

import math

import torch

from juliatag.model import LossWeights, compute_losses, split_batch
from juliatag.schema import F_DEFINITION, F_SYNTAX_ERROR, F_UNDEFINED, S_NA, S_STABLE, S_UNION, S_UNSTABLE

EOT, PAD = 0, 1


def batch_of(rows: dict) -> dict[str, torch.Tensor]:
    return {k: torch.tensor([v]) for k, v in rows.items()}


BATCH = batch_of({
    #              0   1   2    3   4   5    6      7
    "input_ids":  [7, 8,  9,  EOT, 10, 11, 12,   PAD],
    "type_ids":   [0, 5,  1,   0,  9,  0,  300,  0],
    "concreteness": [0, 1, 4,  0,  1,  0,  1,    0],
    "depth":      [-1, 4, -1, -1,  2, -1,  1,   -1],
    "stability":  [S_NA, S_UNION, S_NA, S_NA, S_UNSTABLE, S_NA, S_STABLE, S_NA],
    "flags":      [0, 0, F_UNDEFINED, 0, F_DEFINITION, F_SYNTAX_ERROR, 0, 0],
})


def test_targets_are_the_next_tokens_labels():
    inputs, tg = split_batch(BATCH, EOT, PAD)
    assert inputs["input_ids"].tolist() == [[7, 8, 9, EOT, 10, 11, 12]]
    # token targets: predicting EOT (2) is learned (files must end); predicting PAD (6) is ignored
    assert tg.token.tolist() == [[8, 9, EOT, 10, 11, 12, -100]]
    # type targets: only type id >= 2; unknown (1) and n/a (0) are not scored
    assert tg.type.tolist() == [[5, -100, -100, 9, -100, 300, -100]]
    assert tg.valid.tolist() == [[True, True, False, True, True, True, False]]


def test_trouble_targets_and_masks():
    _, tg = split_batch(BATCH, EOT, PAD)
    # [union, unstable, syntax_error, undefined]
    assert tg.trouble[0, 0].tolist() == [1, 0, 0, 0]          # target token 8: union
    assert tg.trouble[0, 1].tolist() == [0, 0, 0, 1]          # token 9: undefined name
    assert tg.trouble[0, 3].tolist() == [0, 1, 0, 0]  # token 10: unstable (a definition is no trouble)
    assert tg.trouble[0, 4].tolist() == [0, 0, 1, 0]          # token 11: syntax error
    assert tg.any_trouble.tolist() == [[True, True, False, True, True, False, False]]
    m = tg.trouble_mask[0]
    # stability bits are scored only where the target has a verdict; flag bits on every real token
    assert m[:, 0].tolist() == [True, False, False, True, False, True, False]
    assert m[:, 2].tolist() == [True, True, False, True, True, True, False]


def test_score_from_skips_already_scored_positions():
    b = {**BATCH, "score_from": torch.tensor([4])}
    _, tg = split_batch(b, EOT, PAD)
    assert tg.token.tolist() == [[-100, -100, -100, -100, 11, 12, -100]]
    assert tg.type.tolist() == [[-100, -100, -100, -100, -100, 300, -100]]


def test_losses_are_weighted_means_over_masked_targets():
    _inputs, tg = split_batch(BATCH, EOT, PAD)
    T = 7
    out = {"token_logits": torch.zeros(1, T, 20), "type_logits": torch.zeros(1, T, 1152),
           "trouble_logits": torch.zeros(1, T, 4), "balance_loss": torch.tensor(1.0)}
    parts = compute_losses(out, tg, LossWeights(token=1, type=2, trouble=3, balance=0.5))
    assert math.isclose(parts["token_loss"].item(), math.log(20), rel_tol=1e-6)
    assert math.isclose(parts["type_loss"].item(), math.log(1152), rel_tol=1e-6)
    assert math.isclose(parts["trouble_loss"].item(), math.log(2), rel_tol=1e-6)
    expect = math.log(20) + 2 * math.log(1152) + 3 * math.log(2) + 0.5
    assert math.isclose(parts["loss"].item(), expect, rel_tol=1e-6)


def test_ignored_targets_do_not_move_the_loss():
    _, tg = split_batch(BATCH, EOT, PAD)
    T = 7
    base = {"token_logits": torch.zeros(1, T, 20), "type_logits": torch.zeros(1, T, 1152),
            "trouble_logits": torch.zeros(1, T, 4), "balance_loss": torch.tensor(0.0)}
    moved = {k: v.clone() for k, v in base.items()}
    for pos in (2, 6):                                         # EOT and PAD targets
        moved["type_logits"][0, pos, 7] = 50.0
        moved["trouble_logits"][0, pos] = 50.0
    moved["token_logits"][0, 6, 3] = 50.0                     # only the PAD target is ignored by the token loss
    a, b = compute_losses(base, tg, LossWeights()), compute_losses(moved, tg, LossWeights())
    for k in ("token_loss", "type_loss", "trouble_loss"):
        assert a[k].item() == b[k].item()
    eot = {k: v.clone() for k, v in base.items()}
    eot["token_logits"][0, 2, EOT] = 50.0                     # predicting the end of a file is learned
    assert compute_losses(eot, tg, LossWeights())["token_loss"].item() < a["token_loss"].item()


def test_no_typed_target_gives_zero_not_nan():
    b = {k: v.clone() for k, v in BATCH.items()}
    b["type_ids"].zero_()
    _, tg = split_batch(b, EOT, PAD)
    out = {"token_logits": torch.zeros(1, 7, 20), "type_logits": torch.zeros(1, 7, 1152),
           "trouble_logits": torch.zeros(1, 7, 4), "balance_loss": torch.tensor(0.0)}
    assert compute_losses(out, tg, LossWeights())["type_loss"].item() == 0.0
