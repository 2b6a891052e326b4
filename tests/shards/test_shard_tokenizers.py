"""Tokenizers other than a plain byte-level BPE: added (non-special) tokens, a normalizer."""

from __future__ import annotations

import numpy as np

from juliatag.shards import ShardOptions, build_shards
from juliatag.shards.align import char_to_byte_offsets

from ..helpers import train_tokenizer
from .conftest import DOCS, UNSEEN
from .test_shard_outputs import arrow_rows, expected_labels, stream_documents

OPTS = ShardOptions(seq_len=64, val_fraction=0.3, jobs=1, formats=("arrow",))


def _check_labels(out, manifest, tok_path, decode_exact: bool):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tok_path / "tokenizer.json"))
    tok.encode_special_tokens = True
    eot, pad = manifest["packing"]["eot_id"], manifest["packing"]["pad_id"]
    validation = set(manifest["split"]["packages"]["validation"])
    for split in ("train", "validation"):
        docs = [(p, t) for pkg, p, t in DOCS if (pkg in validation) == (split == "validation")]
        rows = {c: v.reshape(-1) for c, v in arrow_rows(out, split).items()}
        got_docs = stream_documents(rows["input_ids"], eot, pad)
        pos = 0
        for ids, (path, text) in zip(got_docs, docs):
            enc = tok.encode(text, add_special_tokens=False)
            assert ids.tolist() == enc.ids, path
            if decode_exact:
                assert tok.decode(enc.ids) == text
            spans = char_to_byte_offsets(text, np.array(enc.offsets, dtype=np.int64).reshape(-1, 2)).tolist()
            want = expected_labels(text, spans)
            got = list(zip(*(rows[c][pos:pos + len(ids)].tolist() for c in
                             ("type_ids", "concreteness", "depth", "stability", "kind", "flags"))))
            assert got == want, path
            pos += len(ids) + 1


def test_added_non_special_tokens(tmp_path, corpus_dir):
    texts = [t for _, p, t in DOCS if p not in UNSEEN] * 5
    tok = train_tokenizer(tmp_path / "tok", texts, vocab_size=300, extra_tokens=("::", " = "))
    result = build_shards(corpus_dir, tok, tmp_path / "out", OPTS)
    assert result.manifest["tokenizer"]["byte_level"] is True
    assert result.manifest["alignment"]["offset_fallback_documents"] == 0
    _check_labels(tmp_path / "out", result.manifest, tok, decode_exact=True)


def test_normalizer_falls_back_to_offsets(tmp_path, corpus_dir):
    from tokenizers import normalizers

    texts = [t for _, p, t in DOCS if p not in UNSEEN] * 5
    tok = train_tokenizer(tmp_path / "tok", texts, vocab_size=300, normalizer=normalizers.NFKC())
    result = build_shards(corpus_dir, tok, tmp_path / "out", OPTS)
    # U+202F becomes a space and 𝔽 an F under NFKC: those documents are placed by offsets
    assert result.manifest["alignment"]["offset_fallback_documents"] == 2
    _check_labels(tmp_path / "out", result.manifest, tok, decode_exact=False)
