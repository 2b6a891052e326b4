"""The Julia byte-level BPE vocabulary (`juliatag build-vocab`).

Modules, one concept each:
- `spec`: tokenizer spec files (`tokenizer_specs/*.toml`);
- `pretokenize`: the Julia-aware split that decides which merges can exist;
- `bytelevel`: GPT-2's byte alphabet, token strings back to bytes;
- `documents`, `sampling`: where training text comes from, deterministic byte budgets;
- `trainer`: HF BPE training with atomic items forced in and verified;
- `checks`, `stats`: atomicity, exact round trip, chars/token, what the vocabulary holds;
- `hf_files`: `tokenizer.json` plus the `transformers` side files;
- `build`: the whole command, corpus in, files and `report.json` out.
"""

from .build import REPORT_JSON, build_vocab, build_vocab_from_source
from .checks import check_atomicity, measure_documents
from .documents import CorpusSource, Document, DocumentSource, FilesSource, TextsSource
from .hf_files import write_tokenizer_files
from .spec import AtomicItem, VocabSpec, default_spec_path, load_spec
from .trainer import new_tokenizer, train_tokenizer

__all__ = [
    "REPORT_JSON", "AtomicItem", "CorpusSource", "Document", "DocumentSource", "FilesSource", "TextsSource",
    "VocabSpec", "build_vocab", "build_vocab_from_source", "check_atomicity", "default_spec_path",
    "load_spec", "measure_documents", "new_tokenizer", "train_tokenizer", "write_tokenizer_files",
]
