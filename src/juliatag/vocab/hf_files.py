"""Writing a trained tokenizer the way HF tools expect to find it.

`tokenizer.json` loads with `tokenizers.Tokenizer.from_file`; `tokenizer_config.json` and
`special_tokens_map.json` follow the conventions of `transformers.PreTrainedTokenizerFast`
(which is not needed here: these are plain JSON files), so `from_pretrained(DIR)` works.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..files import atomic_write_text
from .spec import VocabSpec

TOKENIZER_JSON = "tokenizer.json"
TOKENIZER_CONFIG = "tokenizer_config.json"
SPECIAL_TOKENS_MAP = "special_tokens_map.json"


def write_json(path: Path, data) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def special_tokens_map(spec: VocabSpec) -> dict:
    roles = {spec.bos_token, spec.eos_token, spec.unk_token, spec.pad_token}
    return {
        "bos_token": spec.bos_token,
        "eos_token": spec.eos_token,
        "unk_token": spec.unk_token,
        "pad_token": spec.pad_token,
        "additional_special_tokens": [t for t in spec.special_tokens if t not in roles],
    }


def tokenizer_config(spec: VocabSpec, tokenizer) -> dict:
    """The `tokenizer_config.json` of a `PreTrainedTokenizerFast` over our `tokenizer.json`."""
    added = {
        str(token_id): {
            "content": tok.content,
            "lstrip": tok.lstrip,
            "normalized": tok.normalized,
            "rstrip": tok.rstrip,
            "single_word": tok.single_word,
            "special": tok.special,
        }
        for token_id, tok in sorted(tokenizer.get_added_tokens_decoder().items())
    }
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": spec.model_max_length,
        **special_tokens_map(spec),
        "added_tokens_decoder": added,
        # exact round trip: never rewrite spaces around punctuation when decoding
        "clean_up_tokenization_spaces": False,
        "add_prefix_space": False,
        "padding_side": "right",
        "truncation_side": "right",
    }


def write_tokenizer_files(tokenizer, spec: VocabSpec, out_dir: str | Path) -> dict[str, Path]:
    """Write the three files into `out_dir` (created if needed); returns their paths by name."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / name for name in (TOKENIZER_JSON, SPECIAL_TOKENS_MAP, TOKENIZER_CONFIG)}
    atomic_write_text(paths[TOKENIZER_JSON], tokenizer.to_str(pretty=True) + "\n")
    write_json(paths[SPECIAL_TOKENS_MAP], special_tokens_map(spec))
    write_json(paths[TOKENIZER_CONFIG], tokenizer_config(spec, tokenizer))
    return paths
