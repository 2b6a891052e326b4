"""`juliatag shard`: BPE-encode a lexeme corpus, carry its labels onto tokens, write train/validation shards.

Modules, one concept each: `split` (which package goes where), `tokenizer` (loading, byte lengths),
`align` (token -> lexeme label rule), `encode` (the per-batch worker), `packing` (rows and shards),
`arrow_writer` / `pt_writer` / `bin_writer` (one per format), `sink` (one split's writers),
`card` (README.md), `manifest`, `output` (staging and publishing), `options`, and `pipeline`
(`build_shards`, which ties them together).
"""

from .options import DEFAULT_FORMATS, FORMATS, ShardOptions
from .pipeline import ShardResult, build_shards

__all__ = ["DEFAULT_FORMATS", "FORMATS", "ShardOptions", "ShardResult", "build_shards"]
