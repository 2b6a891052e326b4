"""Evaluation of a trained run: perplexity, type accuracy, trouble head, expert load, speed.

Layering: evaluate sits above train (it reads runs and shards with juliatag.train and scores
with juliatag.train.scoring, which the trainer's validation shares); train never imports it."""

from ..train.scoring import EvalAccumulator, evaluate_batches
from .evaluator import evaluate
from .options import EvalOptions

__all__ = ["EvalAccumulator", "EvalOptions", "evaluate", "evaluate_batches"]
