"""The same corpus gives a byte-identical tokenizer.json: across runs, thread counts, file order."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from juliatag.vocab import build_vocab

from .conftest import write_corpus
from .snippets import FILES

_SCRIPT = """
import sys
from juliatag.vocab import build_vocab, load_spec
build_vocab(sys.argv[1], sys.argv[2], load_spec().with_overrides(vocab_size=900))
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_runs_give_identical_files(corpus_dir, small_spec, tmp_path):
    build_vocab(corpus_dir, tmp_path / "a", small_spec)
    build_vocab(corpus_dir, tmp_path / "b", small_spec)
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_thread_count_and_file_order_do_not_matter(tmp_path):
    # rayon's pool is global per process, so each thread count needs its own interpreter
    forward = write_corpus(tmp_path / "forward", FILES)
    reverse = write_corpus(tmp_path / "reverse", dict(reversed(list(FILES.items()))))
    digests = set()
    for threads, corpus in (("1", forward), ("2", reverse)):
        out = tmp_path / f"tok-{threads}"
        env = {**os.environ, "RAYON_NUM_THREADS": threads}
        subprocess.run([sys.executable, "-c", _SCRIPT, str(corpus), str(out)], check=True, env=env)
        digests.add(_sha(out / "tokenizer.json"))
    assert len(digests) == 1
