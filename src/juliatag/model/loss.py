"""Targets and the training loss.

A batch is a dict of integer tensors [B, T + 1] (the shard columns; optionally "score_from" [B]:
targets before that position are not scored). Inputs are positions 0..T-1; the targets at
position t are the labels of token t + 1.

Masks (a target that is masked contributes to no loss and no metric):
- token:   every target except `<|pad|>` and `<|endoftext|>`;
- type:    token targets whose type id is >= 2 (not n/a, not unknown): the model is taught types
           where the labeler knew one, and type accuracy is measured on the same positions;
- trouble: four logits, trained with binary cross-entropy.
           `union` and `unstable` (the stability verdict) only where the target has a verdict
           (stability != n/a), since stability is undefined for keywords, punctuation and the like;
           `syntax_error` and `undefined_name` (flag bits) on every token target, since a flag
           that is not set is a real "no". A token is in trouble when any of the four is true.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from ..schema import F_SYNTAX_ERROR, F_UNDEFINED, S_NA, S_UNION, S_UNSTABLE, TYPE_ID_UNKNOWN
from ..special_tokens import END_OF_TEXT, PAD, SPECIAL_TOKENS

FIRST_TYPED_ID = TYPE_ID_UNKNOWN + 1  # type ids 0 (n/a) and 1 (unknown) carry no type

DEFAULT_EOT_ID = SPECIAL_TOKENS.index(END_OF_TEXT)
DEFAULT_PAD_ID = SPECIAL_TOKENS.index(PAD)
INPUT_COLUMNS = ("input_ids", "type_ids", "concreteness", "depth")
LABEL_COLUMNS = ("input_ids", "type_ids", "stability", "flags")


@dataclass(frozen=True)
class LossWeights:
    token: float = 1.0
    type: float = 1.0
    trouble: float = 1.0
    balance: float = 0.01


@dataclass
class Targets:
    token: torch.Tensor          # [B, T] long, -100 where masked
    type: torch.Tensor           # [B, T] long, -100 where masked
    trouble: torch.Tensor        # [B, T, 4] float 0/1
    trouble_mask: torch.Tensor   # [B, T, 4] bool
    any_trouble: torch.Tensor    # [B, T] bool: the target token is in trouble
    valid: torch.Tensor          # [B, T] bool: a real token target


def split_batch(batch: dict[str, torch.Tensor], eot_id: int = DEFAULT_EOT_ID,
                pad_id: int = DEFAULT_PAD_ID) -> tuple[dict[str, torch.Tensor], Targets]:
    inputs = {k: batch[k][:, :-1] for k in INPUT_COLUMNS}
    token, type_ids, stability, flags = (batch[k][:, 1:] for k in LABEL_COLUMNS)
    scored = token != pad_id  # next-token targets include end-of-text: the model learns where files end
    if "score_from" in batch:  # evaluation windows that overlap the previous one
        scored &= torch.arange(token.size(1), device=token.device) >= batch["score_from"][:, None]
    valid = scored & (token != eot_id)  # a real source token: the type and trouble heads are scored here
    typed = valid & (type_ids >= FIRST_TYPED_ID)
    trouble = torch.stack([stability == S_UNION, stability == S_UNSTABLE,
                           (flags & F_SYNTAX_ERROR) != 0, (flags & F_UNDEFINED) != 0], dim=-1)
    trouble &= valid[..., None]
    has_verdict = valid & (stability != S_NA)
    trouble_mask = torch.stack([has_verdict, has_verdict, valid, valid], dim=-1)
    return inputs, Targets(
        token=token.masked_fill(~scored, -100),
        type=type_ids.masked_fill(~typed, -100),
        trouble=trouble.float(),
        trouble_mask=trouble_mask,
        any_trouble=trouble.any(dim=-1),
        valid=valid,
    )


def _mean_ce(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    total = F.cross_entropy(logits.flatten(0, 1).float(), target.flatten(), ignore_index=-100,
                            reduction="sum")
    return total / (target != -100).sum().clamp(min=1)


def compute_losses(out: dict[str, torch.Tensor], tg: Targets, w: LossWeights) -> dict[str, torch.Tensor]:
    """The weighted total ("loss") and its parts; every part is always computed and logged."""
    token_loss = _mean_ce(out["token_logits"], tg.token)
    type_loss = _mean_ce(out["type_logits"], tg.type)
    bce = F.binary_cross_entropy_with_logits(out["trouble_logits"].float(), tg.trouble, reduction="none")
    trouble_loss = (bce * tg.trouble_mask).sum() / tg.trouble_mask.sum().clamp(min=1)
    balance_loss = out["balance_loss"].float()
    loss = w.token * token_loss + w.type * type_loss + w.trouble * trouble_loss + w.balance * balance_loss
    return {"loss": loss, "token_loss": token_loss, "type_loss": type_loss,
            "trouble_loss": trouble_loss, "balance_loss": balance_loss}
