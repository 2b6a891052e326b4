"""The dataset card (`README.md`) of a shards folder.

Its YAML header uses the Hub's manual configuration (`configs` with `data_files` per split) and
`dataset_info` (features, split sizes), so the folder can be pushed to the Hub as is, or opened
locally with `datasets.load_dataset(folder)`; `datasets.load_from_disk(folder / "train")` also
works on each split folder.
"""

from __future__ import annotations

import json

from ..special_tokens import END_OF_TEXT, PAD
from .columns import COLUMNS


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def dataset_card(manifest: dict, arrow: bool, splits_bytes: dict[str, int]) -> str:
    """README.md text for the shards described by `manifest` (without its `files` table)."""
    counts = manifest["counts"]
    splits = [s for s in counts if counts[s]["rows"] or s == "train"]
    lines = ["---", "pretty_name: juliatag shards", "tags:", "- code", "- julia", "- type-inference"]
    if arrow:
        lines += ["configs:", "- config_name: default", "  data_files:"]
        for s in splits:
            lines += [f"  - split: {s}", f"    path: {_yaml_str(f'{s}/data-*.arrow')}"]
        lines += ["dataset_info:", "  features:"]
        for c in COLUMNS:
            lines += [f"  - name: {c.name}", f"    list: {c.numpy}"]
        lines += ["  splits:"]
        for s in splits:
            lines += [f"  - name: {s}", f"    num_bytes: {splits_bytes.get(s, 0)}", f"    num_examples: {counts[s]['rows']}"]
    lines += ["---", ""]

    tok = manifest["tokenizer"]
    specials = manifest["special_tokens"]
    seq_len = manifest["seq_len"]
    body = f"""# juliatag shards

Julia source files, BPE-encoded and packed into rows of {seq_len} tokens, with per-token type
labels carried over from a juliatag lexeme corpus. Written by `juliatag shard`
(juliatag {manifest['juliatag_version']}); `manifest.json` lists every file's sha256, the tokenizer's
and the corpus manifest's sha256, the split and the label-id tables.

| split | documents | tokens | rows |
|---|---|---|---|
""" + "".join(
        f"| {s} | {counts[s]['documents']} | {counts[s]['tokens']} | {counts[s]['rows']} |\n" for s in counts
    ) + """
## Columns (one value per token, every column the length of `input_ids`)

| column | dtype (Arrow / .bin) | .pt tensor | n/a value |
|---|---|---|---|
""" + "".join(f"| `{c.name}` | {c.numpy} | {c.torch} | {c.na} |\n" for c in COLUMNS) + f"""
- `input_ids`: token ids of the tokenizer with sha256 `{tok['sha256']}` (vocab size {manifest['vocab_size']}).
  Documents (one source file each) follow each other in corpus order, each followed by
  `{END_OF_TEXT}` (id {specials[END_OF_TEXT]}); documents run on across rows. The tail of a
  split's last row is `{PAD}` (id {specials[PAD]}).
- Labels: {manifest['alignment']['rule']}.
- `type_ids`: 0 n/a, 1 unknown, 2..127 fixed types, 128..1151 hash buckets; `concreteness`: 0 n/a,
  1 concrete, 2 abstract, 3 union, 4 unknown; `depth`: supertype steps from `Any`, -1 n/a;
  `stability`: 0 n/a, 1 stable, 2 union, 3 unstable; `kind`: lexeme kind id; `flags`: bit set.
  The id tables are in `manifest.json` (`schema`).
- Split: {manifest['split']['rule']} (val_fraction {manifest['split']['val_fraction']}).

## Loading

```python
import datasets, torch, numpy as np
train = datasets.load_from_disk("SHARDS/train")               # or datasets.load_dataset("SHARDS")
pt = torch.load("SHARDS/pt/train-00000.pt", weights_only=True)  # dict of [rows, {seq_len}] tensors
tokens = np.memmap("SHARDS/bin/train.tokens.bin", dtype=np.uint16, mode="r")  # with --formats bin
```

Formats written: {', '.join(manifest['formats'])}.
"""
    return "\n".join(lines) + body
