"""Evaluation of a trained run: perplexity, type accuracy, trouble head, expert load, speed."""

from .evaluator import evaluate
from .metrics import EvalAccumulator, evaluate_batches

__all__ = ["EvalAccumulator", "evaluate", "evaluate_batches"]
