"""Running evaluation metrics over batches: perplexity, type accuracy and its majority baseline,
trouble-head precision/recall/F1, expert load, and the loss parts.

Pure torch; both the trainer's periodic validation and `juliatag eval` (juliatag.evaluate, which
sits above juliatag.train) use it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import torch
import torch.nn.functional as F

from ..model.config import TROUBLE_NAMES
from ..model.device import autocast, synchronize
from ..model.loss import LossWeights, Targets, compute_losses, split_batch
from ..schema import C_UNKNOWN, DEPTH_NA, TYPE_ID_UNKNOWN

SCORE_BINS = 1000  # histogram of trouble scores, for threshold-free figures


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "support": tp + fn}


class EvalAccumulator:
    def __init__(self, n_type_ids: int, n_moe_layers: int = 0, n_experts: int = 0):
        self.nll = 0.0
        self.n_tokens = 0
        self.type_correct = 0
        self.type_hist = torch.zeros(n_type_ids, dtype=torch.long)
        self.tp = torch.zeros(len(TROUBLE_NAMES) + 1, dtype=torch.long)  # per class, then "any"
        self.fp = torch.zeros_like(self.tp)
        self.fn = torch.zeros_like(self.tp)
        # histograms of the "any trouble" score (max sigmoid over scored outputs), troubled or not
        self.score_pos = torch.zeros(SCORE_BINS, dtype=torch.long)
        self.score_neg = torch.zeros(SCORE_BINS, dtype=torch.long)
        self.load = torch.zeros(n_moe_layers, n_experts, dtype=torch.long)
        self.loss_sums: dict[str, float] = {}
        self.n_batches = 0

    @torch.no_grad()
    def add(self, out: dict[str, torch.Tensor], tg: Targets, losses: dict[str, torch.Tensor] | None = None,
            expert_load: list[torch.Tensor] | None = None) -> None:
        self.n_batches += 1
        logits = out["token_logits"].flatten(0, 1).float()
        self.nll += F.cross_entropy(logits, tg.token.flatten(), ignore_index=-100, reduction="sum").item()
        self.n_tokens += int((tg.token != -100).sum())
        typed = tg.type != -100
        target = tg.type[typed]
        self.type_correct += int((out["type_logits"][typed].argmax(-1) == target).sum())
        self.type_hist += torch.bincount(target.cpu(), minlength=len(self.type_hist))
        pred = (out["trouble_logits"] > 0) & tg.trouble_mask          # sigmoid > 0.5, where scored
        true = tg.trouble.bool() & tg.trouble_mask
        pred_any, true_any = pred.any(-1) & tg.valid, tg.any_trouble & tg.valid
        pred = torch.cat([pred.flatten(0, 1), pred_any.flatten()[:, None]], dim=1)
        true = torch.cat([true.flatten(0, 1), true_any.flatten()[:, None]], dim=1)
        score = torch.where(tg.trouble_mask, out["trouble_logits"].float().sigmoid(), 0.0).amax(-1)
        score = score[tg.valid]
        bins = (score * SCORE_BINS).long().clamp(max=SCORE_BINS - 1).cpu()
        troubled = tg.any_trouble[tg.valid].cpu()
        self.score_pos += torch.bincount(bins[troubled], minlength=SCORE_BINS)
        self.score_neg += torch.bincount(bins[~troubled], minlength=SCORE_BINS)
        self.tp += (pred & true).sum(0).cpu()
        self.fp += (pred & ~true).sum(0).cpu()
        self.fn += (~pred & true).sum(0).cpu()
        for k, v in (losses or {}).items():
            self.loss_sums[k] = self.loss_sums.get(k, 0.0) + float(v)
        for i, load in enumerate(expert_load or []):
            self.load[i] += load.cpu()

    def result(self) -> dict:
        n_typed = int(self.type_hist.sum())
        mean_nll = self.nll / max(self.n_tokens, 1)
        res = {
            "perplexity": math.exp(min(mean_nll, 50.0)),
            "token_loss": mean_nll,
            "type_accuracy": self.type_correct / n_typed if n_typed else 0.0,
            "type_accuracy_baseline": int(self.type_hist.max()) / n_typed if n_typed else 0.0,
            "baseline_type_id": int(self.type_hist.argmax()) if n_typed else None,
            "n_target_tokens": self.n_tokens,
            "n_typed_targets": n_typed,
        }
        any_ = _prf(int(self.tp[-1]), int(self.fp[-1]), int(self.fn[-1]))
        res.update({f"trouble_{k}": v for k, v in any_.items()})
        res.update(self._threshold_free())
        res["trouble_per_class"] = {name: _prf(int(self.tp[i]), int(self.fp[i]), int(self.fn[i]))
                                    for i, name in enumerate(TROUBLE_NAMES)}
        total = self.load.sum(1, keepdim=True).clamp(min=1)
        res["expert_load"] = (self.load / total).tolist()
        for k, v in self.loss_sums.items():  # batch means of the loss parts; exact figures above win
            res.setdefault(k, v / self.n_batches)
        return res

    def _threshold_free(self) -> dict:
        """Average precision and the best F1 over thresholds of the "any trouble" score (the F1 at
        0.5 says little while trouble is rare and the head still calibrates to its base rate)."""
        n_pos, n = int(self.score_pos.sum()), int(self.score_pos.sum() + self.score_neg.sum())
        if not n_pos:
            return {"trouble_base_rate": 0.0, "trouble_average_precision": 0.0, "trouble_best_f1": 0.0,
                    "trouble_best_threshold": None}
        tp = self.score_pos.flip(0).cumsum(0).double()      # predicted positive: score >= threshold
        fp = self.score_neg.flip(0).cumsum(0).double()
        precision = tp / (tp + fp).clamp(min=1)
        recall = tp / n_pos
        f1 = torch.nan_to_num(2 * precision * recall / (precision + recall))
        ap = float((precision * torch.diff(recall, prepend=recall.new_zeros(1))).sum())
        best = int(f1.argmax())
        return {"trouble_base_rate": n_pos / n, "trouble_average_precision": ap,
                "trouble_best_f1": float(f1[best]),
                "trouble_best_threshold": (SCORE_BINS - 1 - best) / SCORE_BINS}


def blind_inputs(inputs: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The inputs with every type input "unknown", as at generation time, when no labeler runs."""
    return {**inputs, "type_ids": torch.full_like(inputs["type_ids"], TYPE_ID_UNKNOWN),
            "concreteness": torch.full_like(inputs["concreteness"], C_UNKNOWN),
            "depth": torch.full_like(inputs["depth"], DEPTH_NA)}


@torch.no_grad()
def evaluate_batches(model, batches, *, eot_id: int, pad_id: int, device: torch.device,
                     weights: LossWeights | None = None, blind: bool = False,
                     on_batch: Callable[[int], None] | None = None) -> tuple[EvalAccumulator, int, float]:
    """Run `model` (put in eval mode, restored after) over `batches`.
    Returns the accumulator, the number of input tokens and the seconds spent in forward passes."""
    was_training = model.training
    model.eval()
    moe = model.moe_layers()
    acc = EvalAccumulator(model.cfg.n_type_ids, len(moe), model.cfg.n_experts if moe else 0)
    n_inputs, seconds = 0, 0.0
    try:
        for i, batch in enumerate(batches):
            batch = {k: v.to(device, non_blocking=True) for k, v in batch.items()}
            inputs, tg = split_batch(batch, eot_id, pad_id)
            if blind:
                inputs = blind_inputs(inputs)
            synchronize(device)
            t0 = time.perf_counter()
            with autocast(device):
                out = model(**inputs)
            synchronize(device)
            seconds += time.perf_counter() - t0
            n_inputs += inputs["input_ids"].numel()
            losses = compute_losses(out, tg, weights) if weights is not None else None
            acc.add(out, tg, losses, [m.last_load for m in moe])
            if on_batch:
                on_batch(i + 1)
    finally:
        model.train(was_training)
    return acc, n_inputs, seconds
