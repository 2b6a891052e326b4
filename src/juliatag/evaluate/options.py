"""The options of `juliatag eval`, checked in the library (the CLI passes only what was given)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import JuliatagError

SPLITS = ("train", "validation")
DATA_FORMATS = ("auto", "pt", "arrow")
DEVICES = ("auto", "cpu", "cuda")
MAX_BATCH_SIZE = 1 << 16
MAX_GENERATE_PROMPTS = 100_000


@dataclass(frozen=True)
class EvalOptions:
    split: str = "validation"
    max_batches: int | None = None      # None: every batch of the split
    batch_size: int | None = None       # None: the run's training batch size
    device: str = "auto"
    data_format: str = "auto"
    blind: bool = True                  # also score with every type input hidden
    generate: int = 0                   # prompts to generate for (0: none)
    tokenizer: str | None = None        # for generate; None: the shards' own

    def __post_init__(self) -> None:
        if self.split not in SPLITS:
            raise JuliatagError(f"unknown --split {self.split!r}; choose one of {', '.join(SPLITS)}")
        if self.max_batches is not None and (not isinstance(self.max_batches, int) or self.max_batches < 1):
            raise JuliatagError(f"--max-batches must be at least 1, got {self.max_batches!r}")
        if self.batch_size is not None and (not isinstance(self.batch_size, int)
                                            or not 1 <= self.batch_size <= MAX_BATCH_SIZE):
            raise JuliatagError(f"--batch-size must be between 1 and {MAX_BATCH_SIZE}, got {self.batch_size!r}")
        if self.device not in DEVICES:
            raise JuliatagError(f"unknown --device {self.device!r}; choose one of {', '.join(DEVICES)}")
        if self.data_format not in DATA_FORMATS:
            raise JuliatagError(f"unknown --format {self.data_format!r}; choose one of {', '.join(DATA_FORMATS)}")
        if not isinstance(self.generate, int) or not 0 <= self.generate <= MAX_GENERATE_PROMPTS:
            raise JuliatagError(f"--generate must be between 0 and {MAX_GENERATE_PROMPTS}, got {self.generate!r}")
