"""Generation with the typed quality gate: generate, judge with the labeler, repair or halt.

    gen = Generator.from_run("work/run")                     # tokenizer found through the run
    result = gen.generate("struct Point2D ... end\\nfunction norm(p::Point2D)\\n",
                          GenerateOptions(SamplingConfig(seed=1)))
    result.best.completion, result.best.verdict.line(), result.outcome

A prompt is labelled by the static labeler; its tokens' type inputs come from those labels and
the generated tokens' from the model's type head (see typeinputs). Its top-level definitions
are kept (the completion only ever extends the prompt) and their names protected while sampling
(see names). Each completion is scored by the gate in the context of the prompt. Repair: when
the verdict is "repair", the findings go back to the model as a comment line before the prompt
(`# juliatag gate, fix: ...`) and it draws again with the next seed, at most `max_repairs`
times; the loop stops at the first "commit" or "halt". The best attempt (highest V, the earliest
on ties) is kept and every attempt is returned with its verdict.

Outcome: "commit" (an attempt committed), "halt" (the loop stopped on a halt), "exhausted" (every
repair was spent without a commit), "ungated" (no gate).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from ..errors import JuliatagError
from ..schema import KIND_ID, TRIVIA_IDS
from .decode import Decoded, decode
from .gate import Finding, Gate, Verdict
from .names import NameGuard, PromptDefinitions, TailTracker, prompt_definitions
from .sampling import SamplingConfig
from .tokens import TokenTable, find_tokenizer
from .typeinputs import NA_INPUTS, prompt_type_inputs, untyped_tokens

MAX_REPAIRS = 4
DEFAULT_NAME_BIAS = 6.0
MAX_NAME_BIAS = 1e4
FEEDBACK_FINDINGS = 6
FEEDBACK_CHARS = 400


@dataclass(frozen=True)
class GenerateOptions:
    sampling: SamplingConfig = field(default_factory=SamplingConfig)
    protect_names: bool = True
    name_bias: float = DEFAULT_NAME_BIAS
    gate: bool = True
    repair: bool = True
    max_repairs: int = MAX_REPAIRS

    def __post_init__(self) -> None:
        if not 0 <= self.max_repairs <= MAX_REPAIRS:
            raise JuliatagError(f"--max-repairs must be between 0 and {MAX_REPAIRS}, got {self.max_repairs}")
        if not isinstance(self.name_bias, (int, float)) or not 0 <= self.name_bias <= MAX_NAME_BIAS:
            raise JuliatagError(f"--name-bias must be a number in [0, {MAX_NAME_BIAS:g}], got {self.name_bias!r}")


@dataclass
class Prepared:
    """A prompt ready for the model: its ids (after <|endoftext|>) and type inputs."""

    text: str
    ids: list[int]
    types: np.ndarray
    names: PromptDefinitions
    labels: object = None


@dataclass
class Attempt:
    index: int
    seed: int
    completion: str
    verdict: Verdict | None
    stop_reason: str
    new_tokens: int
    seconds: float
    biased_steps: int = 0
    feedback: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["verdict"] = self.verdict.to_dict() if self.verdict is not None else None
        return d


@dataclass
class Generation:
    prompt: str
    attempts: list[Attempt]
    best: Attempt
    outcome: str
    protected_names: list[str]

    def to_dict(self) -> dict:
        return {"prompt": self.prompt, "completion": self.best.completion, "outcome": self.outcome,
                "best_attempt": self.best.index, "protected_names": self.protected_names,
                "attempts": [a.to_dict() for a in self.attempts]}


def feedback_comment(findings: list[Finding]) -> str:
    """The repair hint: one Julia comment line listing the gate's findings."""
    text = "; ".join(f.message for f in findings[:FEEDBACK_FINDINGS]).replace("\n", " ")
    if len(text) > FEEDBACK_CHARS:
        text = text[:FEEDBACK_CHARS - 3] + "..."
    return f"# juliatag gate, fix: {text}\n"


_K = KIND_ID
_OPENERS = frozenset(_K[k] for k in ("function", "if", "for", "while", "let", "begin", "quote", "try", "do",
                                     "struct", "module", "macro", "baremodule", "abstract", "primitive"))
_END = _K["end"]
_BRACKET_OPEN = frozenset(_K[k] for k in ("(", "[", "{"))
_BRACKET_CLOSE = frozenset(_K[k] for k in (")", "]", "}"))
_STRINGISH = frozenset(_K[k] for k in ('"', '"""', "String", "`", "```", "CmdString"))
_NEWLINE = _K["NewlineWs"]


def statement_done(text: str, completion_start: int) -> bool:
    """Whether `text` ends at the top level (every block and bracket closed) with the completion
    (from byte `completion_start`) holding code, its last top-level statement not a lone string
    (a docstring waits for what it documents). Block keywords count outside brackets only
    (`a[end]`)."""
    from ..lexer import lex

    lx = lex(text)
    blocks = brackets = 0
    code = string_only = False
    fresh = True  # the next code lexeme starts a top-level statement
    for s, k in zip(lx.starts, lx.kinds, strict=True):
        if k in TRIVIA_IDS:
            if k == _NEWLINE and s >= completion_start and blocks == 0 and brackets == 0:
                fresh = True
            continue
        if s >= completion_start:
            code = True
            string_only = (k in _STRINGISH) if fresh else (string_only and k in _STRINGISH)
            fresh = False
        if k in _BRACKET_OPEN:
            brackets += 1
        elif k in _BRACKET_CLOSE:
            brackets = max(0, brackets - 1)
        elif brackets == 0 and k in _OPENERS:
            blocks += 1
        elif brackets == 0 and k == _END:
            blocks = max(0, blocks - 1)
    return code and blocks == 0 and brackets == 0 and not string_only


class Generator:
    """A trained model, its tokenizer and the labeler, ready to complete prompts."""

    def __init__(self, model, tokens: TokenTable, parser=None, device="cpu", cpu_threads: int | None = 1):
        if len(tokens) > model.cfg.vocab_size:
            raise JuliatagError(f"the tokenizer {tokens.path} has {len(tokens)} ids, the model "
                                f"{model.cfg.vocab_size}: not the tokenizer the model was trained with")
        if parser is None:
            from ..syntax import get_parser
            parser = get_parser("fatou")
        self.model, self.tokens, self.parser, self.device = model, tokens, parser, device
        self.cpu_threads = cpu_threads
        self.gate = Gate(parser)
        self.untyped = untyped_tokens(tokens.texts)
        self.banned = tokens.banned_ids + list(range(len(tokens), model.cfg.vocab_size))
        self._base_names: frozenset | None = None

    @classmethod
    def from_run(cls, run: Path, tokenizer: Path | None = None, device: str = "auto") -> Generator:
        """The run's model (model.safetensors + config.json, else ckpt.pt) and tokenizer."""
        from ..model.device import resolve_device
        from ..train.checkpoint import load_run

        dev = resolve_device(device)
        model, _ = load_run(run, dev)
        return cls(model, TokenTable(find_tokenizer(tokenizer, run=run)), device=dev)

    # ------------------------------------------------------------------ prompt
    def prepare(self, prompt: str, names: PromptDefinitions | None = None) -> Prepared:
        from ..labels import label_source

        data = prompt.encode("utf-8")
        labels = label_source(data, self.parser) if data else None
        ids, starts, ends = self.tokens.encode(prompt) if data else ([], np.zeros(0), np.zeros(0))
        types = prompt_type_inputs(data, labels, starts, ends) if labels is not None else np.zeros((0, 3), np.int64)
        if names is None:
            names = prompt_definitions(data, self.parser, labels)
        all_ids = [self.tokens.eot_id] + list(ids)  # a document starts after <|endoftext|>, as in the shards
        all_types = np.concatenate([np.array([NA_INPUTS], dtype=np.int64), types.reshape(-1, 3)])
        return Prepared(prompt, all_ids, all_types, names, labels)

    def guard(self, names: PromptDefinitions, bias: float) -> NameGuard:
        if self._base_names is None:
            from ..infer.base.names import base_names
            self._base_names = base_names()
        return NameGuard(names.protected, names.identifiers, self.tokens.token_bytes, bias, self._base_names)

    # ------------------------------------------------------------------ one completion
    def complete(self, prepared: Prepared, cfg: SamplingConfig, guard: NameGuard | None = None,
                 stop_from: str | None = None) -> tuple[str, Decoded]:
        """Sample one completion of `prepared`. `stop_from`: the text the statement stop rule
        reads before the completion (default: the prepared prompt)."""
        tokens = self.tokens
        pbytes = prepared.text.encode("utf-8")
        bias = TailTracker(guard, pbytes, tokens.token_bytes) if guard else None
        stop = None
        if cfg.stop == "statement":
            head = (stop_from if stop_from is not None else prepared.text).encode("utf-8")

            def stop(generated: list[int]) -> bool:
                if b"\n" not in tokens.token_bytes[generated[-1]]:
                    return False
                body = tokens.decode_bytes(generated)
                return statement_done((head + body).decode("utf-8", "replace"), len(head))

        res = decode(self.model, prepared.ids, prepared.types, cfg, untyped=self.untyped,
                     stop_ids=tokens.stop_ids, banned_ids=self.banned, bias=bias, stop=stop, device=self.device,
                     cpu_threads=self.cpu_threads)
        return tokens.decode_bytes(res.ids).decode("utf-8", "replace"), res

    # ------------------------------------------------------------------ the gated loop
    def generate(self, prompt: str, options: GenerateOptions = GenerateOptions()) -> Generation:
        base = self.prepare(prompt)
        guard = self.guard(base.names, options.name_bias) if options.protect_names else None
        attempts: list[Attempt] = []
        feedback: str | None = None
        repairs = options.max_repairs if options.gate and options.repair else 0
        for k in range(repairs + 1):
            cfg = replace(options.sampling, seed=options.sampling.seed + k)
            prepared = base if feedback is None else self.prepare(feedback + prompt, base.names)
            text, res = self.complete(prepared, cfg, guard, stop_from=prompt)
            verdict = self.gate.score(prompt, text, base.names, guard) if options.gate else None
            attempts.append(Attempt(k, cfg.seed, text, verdict, res.stop_reason, len(res.ids), res.seconds,
                                    res.biased_steps, feedback))
            if verdict is None or verdict.decision != "repair":
                break
            feedback = feedback_comment(verdict.findings)
        if not options.gate:
            return Generation(prompt, attempts, attempts[0], "ungated", list(base.names.protected))
        best = max(attempts, key=lambda a: a.verdict.value)   # the earliest of the best
        last = attempts[-1].verdict.decision
        outcome = "commit" if best.verdict.decision == "commit" else "halt" if last == "halt" else "exhausted"
        return Generation(prompt, attempts, best, outcome, list(base.names.protected))
