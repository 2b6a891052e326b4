"""Generation metrics of a run (`juliatag eval --generate N`): the gate's view of what the model
writes for N prompts cut from validation documents (see prompts).

Reported under `generation`:
- `prompts`: how many prompts were found (at most N);
- first attempts (no repair yet): `parse_rate` (share whose prompt + completion parses without
  a syntax-error region), `mean_v`, `mean_parts` (the four parts), `verdicts`
  ({commit, repair, halt} counts), `degenerate` (count);
- `after_repair` (with the repair loop): `parse_rate`, `mean_v` of the kept (best) attempts,
  `outcomes` ({commit, halt, exhausted}), `mean_attempts`;
- `reference`: the same gate on the documents' own function bodies (`parse_rate`, `mean_v`,
  `mean_parts`, `verdicts`, `n`): what real code of the split scores, to read the model's
  figures against (e.g. names defined in other files of the package count as undefined);
- `new_tokens`, `tokens_per_second` (all attempts), `stop_reasons`, the `settings`, and a few
  `examples` (prompt tail, completion, verdict line).
"""

from __future__ import annotations

from dataclasses import asdict, replace

from ..progress import ProgressCallback, ProgressEvent, no_progress
from .generator import GenerateOptions, Generator
from .names import prompt_definitions
from .prompts import DEFAULT_LINES, validation_prompts
from .sampling import SamplingConfig

DEFAULT_SAMPLING = SamplingConfig(max_new_tokens=128, temperature=0.7, top_k=40, top_p=0.95, seed=0)
N_EXAMPLES = 3


def generation_eval(generator: Generator, shards, n: int, options: GenerateOptions | None = None,
                    lines: int = DEFAULT_LINES, split: str = "validation",
                    progress: ProgressCallback = no_progress) -> dict:
    options = options or GenerateOptions(DEFAULT_SAMPLING)
    block = generator.model.cfg.block_size
    prompts = validation_prompts(shards, generator.tokens, n, generator.parser, lines, max_tokens=block // 2,
                                 split=split)
    first = {"commit": 0, "repair": 0, "halt": 0}
    outcomes = {"commit": 0, "halt": 0, "exhausted": 0}
    parts = {"stability": 0.0, "boundary": 0.0, "coherence": 0.0, "hallucination": 0.0}
    stops: dict[str, int] = {}
    sum_v = sum_best_v = 0.0
    parsed = parsed_best = degenerate = attempts = new_tokens = 0
    seconds = 0.0
    examples = []
    ref = {"n": 0, "parsed": 0, "v": 0.0, "verdicts": {"commit": 0, "repair": 0, "halt": 0},
           "parts": {k: 0.0 for k in parts}}
    for k, p in enumerate(prompts):
        if p.reference is not None:
            rv = generator.gate.score(p.text, p.reference, prompt_definitions(p.text.encode(), generator.parser))
            ref["n"] += 1
            ref["parsed"] += rv.parses
            ref["v"] += rv.value
            ref["verdicts"][rv.decision] += 1
            for name in parts:
                ref["parts"][name] += getattr(rv, name)
        opts = replace(options, sampling=replace(options.sampling, seed=options.sampling.seed + 1000 * k))
        g = generator.generate(p.text, opts)
        a0 = g.attempts[0]
        v0 = a0.verdict
        first[v0.decision] += 1
        sum_v += v0.value
        parsed += v0.parses
        degenerate += v0.degenerate is not None
        for name in parts:
            parts[name] += getattr(v0, name)
        outcomes[g.outcome] = outcomes.get(g.outcome, 0) + 1
        sum_best_v += g.best.verdict.value
        parsed_best += g.best.verdict.parses
        attempts += len(g.attempts)
        for a in g.attempts:
            new_tokens += a.new_tokens
            seconds += a.seconds
            stops[a.stop_reason] = stops.get(a.stop_reason, 0) + 1
        if len(examples) < N_EXAMPLES:
            examples.append({"document": p.document, "prompt_tail": p.text[-200:],
                             "completion": g.best.completion[:400], "verdict": g.best.verdict.line(),
                             "outcome": g.outcome})
        progress(ProgressEvent("generating", k + 1, len(prompts), unit="prompts"))
    m = max(1, len(prompts))
    return {
        "prompts": len(prompts),
        "requested": n,
        "split": split,
        "parse_rate": parsed / m,
        "mean_v": sum_v / m,
        "mean_parts": {k: v / m for k, v in parts.items()},
        "verdicts": first,
        "degenerate": degenerate,
        "after_repair": {"parse_rate": parsed_best / m, "mean_v": sum_best_v / m, "outcomes": outcomes,
                         "mean_attempts": attempts / m},
        "reference": {"n": ref["n"], "parse_rate": ref["parsed"] / max(1, ref["n"]),
                      "mean_v": ref["v"] / max(1, ref["n"]),
                      "mean_parts": {k: v / max(1, ref["n"]) for k, v in ref["parts"].items()},
                      "verdicts": ref["verdicts"]},
        "new_tokens": new_tokens,
        "tokens_per_second": new_tokens / seconds if seconds else 0.0,
        "stop_reasons": stops,
        "settings": {**asdict(options.sampling), "protect_names": options.protect_names,
                     "name_bias": options.name_bias, "repair": options.repair,
                     "max_repairs": options.max_repairs, "prompt_lines": lines,
                     "max_prompt_tokens": block // 2},
        "examples": examples,
    }
