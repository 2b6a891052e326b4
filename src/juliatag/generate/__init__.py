"""Generation with the typed quality gate: a KV-cached decoding loop, sampling, name protection,
the labeler as judge (the gate) and the repair loop, and generation metrics for `juliatag eval`.

Modules: sampling (settings, the draw), decode (the loop, with or without KV cache), typeinputs
(type inputs of prompt and generated tokens), tokens (the tokenizer for decoding), names (the
prompt's definitions, near-miss biases), gate (the verdict), generator (prompt -> gated
completion), prompts and evaluation (`juliatag eval --generate N`).
"""

from ..lazy import lazy_getattr

_LAZY = {
    "SamplingConfig": "sampling", "decode": "decode", "Gate": "gate", "Verdict": "gate",
    "NameGuard": "names", "prompt_definitions": "names", "Generator": "generator",
    "GenerateOptions": "generator", "Generation": "generator", "TokenTable": "tokens",
    "generation_eval": "evaluation", "validation_prompts": "prompts",
}

__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "Gate",
    "GenerateOptions",
    "Generation",
    "Generator",
    "NameGuard",
    "SamplingConfig",
    "TokenTable",
    "Verdict",
    "decode",
    "generation_eval",
    "prompt_definitions",
    "validation_prompts",
]
