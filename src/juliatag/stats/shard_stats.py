"""What is in a shards folder (`juliatag shard --out DIR`): tokens, documents and labels per split.

Each split's Arrow files (`DIR/train/`, `DIR/validation/`) are read in chunks of about half a million
tokens; the label columns are exploded and counted with polars, `<|pad|>` positions left out.
Documents are the runs of tokens ended by `<|endoftext|>` (they run on across rows), so their
lengths are found in the flat token stream with the carry-over of the previous chunk. Memory is
bounded by one chunk plus one int per document.

Shards carry no package column: per-package figures live in the corpus (`juliatag stats CORPUS`);
here the package names per split come from the manifest. Counts the manifest states are compared
with what the data holds (`checks`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import polars as pl

from ..errors import JuliatagError
from .batches import DEFAULT_CHUNK_VALUES, iter_chunks
from .distributions import LengthLog, applicable_shares, length_summary, named_counts, pow2_histogram, share
from .folders import SHARDS, SPLIT_NAMES, dataset_files, manifest_header
from .labels import LabelNames, label_names, type_distribution

COLUMNS = ("input_ids", "type_ids", "concreteness", "stability", "kind", "flags")
N_CONCRETENESS = 5
N_STABILITY = 4
DEFAULT_TOP = 20
DEFAULT_EOT_ID = 0
DEFAULT_PAD_ID = 1


class _SplitTally:
    def __init__(self, names: LabelNames, eot_id: int, pad_id: int) -> None:
        self.names = names
        self.eot_id = eot_id
        self.pad_id = pad_id
        self.rows = 0
        self.positions = 0
        self.tokens = 0
        self.pad = 0
        self.eot = 0
        self.code = 0
        self.typed = 0
        self.unknown = 0
        self.concreteness = np.zeros(N_CONCRETENESS, dtype=np.int64)
        self.stability = np.zeros(N_STABILITY, dtype=np.int64)
        self.flags = np.zeros(len(names.flags), dtype=np.int64)
        self.type_ids: Counter = Counter()
        self.doc_tokens = LengthLog()
        self._carry = 0  # tokens of the document still open at the end of the previous chunk
        self.row_lengths: set[int] = set()

    def add_chunk(self, df: pl.DataFrame) -> None:
        self.rows += df.height
        self.row_lengths.update(df.select(pl.col("input_ids").list.len().unique()).to_series().to_list())
        cols = list(COLUMNS)
        tok = df.explode(cols).drop_nulls("input_ids")
        self.positions += tok.height
        ids = tok["input_ids"].to_numpy()
        self._documents(ids)
        tok = tok.filter(pl.col("input_ids") != self.pad_id)
        tid, conc, stab = pl.col("type_ids"), pl.col("concreteness"), pl.col("stability")
        trivia_or_special = sorted(self.names.trivia_kinds | {0})
        agg = tok.select(
            tokens=pl.len(),
            eot=(pl.col("input_ids") == self.eot_id).sum(),
            code=(~pl.col("kind").is_in(trivia_or_special)).sum(),
            typed=(tid > 0).sum(),
            unknown=(tid == 1).sum(),
            **{f"c{k}": (conc == k).sum() for k in range(N_CONCRETENESS)},
            **{f"s{k}": (stab == k).sum() for k in range(N_STABILITY)},
            **{f"f{b}": ((pl.col("flags") & (1 << b)) != 0).sum() for b in range(len(self.flags))},
        ).row(0, named=True)
        self.tokens += agg["tokens"]
        self.pad = self.positions - self.tokens
        self.eot += agg["eot"]
        self.code += agg["code"]
        self.typed += agg["typed"]
        self.unknown += agg["unknown"]
        self.concreteness += [agg[f"c{k}"] for k in range(N_CONCRETENESS)]
        self.stability += [agg[f"s{k}"] for k in range(N_STABILITY)]
        self.flags += [agg[f"f{b}"] for b in range(len(self.flags))]
        for type_id, n in tok.group_by("type_ids").len().iter_rows():
            self.type_ids[int(type_id)] += n

    def _documents(self, ids: np.ndarray) -> None:
        ends = np.flatnonzero(ids == self.eot_id)
        if ends.size == 0:
            self._carry += int(np.count_nonzero(ids != self.pad_id))
            return
        lengths = np.empty(ends.size, dtype=np.int64)
        lengths[0] = self._carry + ends[0]
        lengths[1:] = np.diff(ends) - 1
        self.doc_tokens.add(lengths)
        tail = ids[ends[-1] + 1:]
        self._carry = int(np.count_nonzero(tail != self.pad_id))

    @property
    def open_tokens(self) -> int:
        """Tokens after the last `<|endoftext|>` (0 in well-formed shards: every document ends with one)."""
        return self._carry


def shard_stats(folder: str | Path, top: int = DEFAULT_TOP, chunk_values: int = DEFAULT_CHUNK_VALUES) -> dict:
    """Statistics of the shards folder `folder`, as a JSON-serialisable dict with a fixed key order."""
    folder = Path(folder)
    header = manifest_header(folder)
    names = label_names(header)
    packing = header.get("packing") if isinstance(header.get("packing"), dict) else {}
    eot_id = int(packing.get("eot_id", DEFAULT_EOT_ID))
    pad_id = int(packing.get("pad_id", DEFAULT_PAD_ID))
    split_dirs = {s: folder / s for s in SPLIT_NAMES if (folder / s).is_dir()}
    if not split_dirs:
        raise JuliatagError(f"shards folder {folder} has no train/ or validation/ Arrow dataset "
                            "(written without the arrow format?)")
    tallies: dict[str, _SplitTally] = {}
    files: dict[str, int] = {}
    for split, d in split_dirs.items():
        tally = _SplitTally(names, eot_id, pad_id)
        paths = dataset_files(d)
        files[split] = len(paths)
        for table in iter_chunks(paths, COLUMNS, count_column="input_ids", max_values=chunk_values):
            tally.add_chunk(pl.from_arrow(table))
        tallies[split] = tally
    return _result(folder, header, names, tallies, files, top)


def _result(folder: Path, header: dict, names: LabelNames, tallies: dict[str, _SplitTally], files: dict[str, int],
            top: int) -> dict:
    m_counts = header.get("counts") if isinstance(header.get("counts"), dict) else {}
    split_info = header.get("split") if isinstance(header.get("split"), dict) else {}
    split_packages = split_info.get("packages") if isinstance(split_info.get("packages"), dict) else {}
    seq_len = header.get("seq_len")
    splits: dict[str, dict] = {}
    type_ids: Counter = Counter()
    conc = np.zeros(N_CONCRETENESS, dtype=np.int64)
    stab = np.zeros(N_STABILITY, dtype=np.int64)
    flags = np.zeros(len(names.flags), dtype=np.int64)
    doc_parts = []
    checks: list[str] = []
    for split, t in tallies.items():
        type_ids.update(t.type_ids)
        conc += t.concreteness
        stab += t.stability
        flags += t.flags
        docs = t.doc_tokens.array()
        doc_parts.append(docs)
        c = named_counts(t.concreteness, names.concreteness)
        s = named_counts(t.stability, names.stability)
        pkgs = split_packages.get(split)
        splits[split] = {
            "split": split,
            "packages": len(pkgs) if isinstance(pkgs, list) else None,
            "shards": files[split],
            "rows": t.rows,
            "tokens": t.tokens,
            "pad_tokens": t.pad,
            "documents": int(docs.size),
            "code_tokens": t.code,
            "typed_tokens": t.typed,
            "typed_share": share(t.typed, t.code),
            "unknown_share": share(t.unknown, t.typed),
            "concreteness": applicable_shares(c),
            "stability": applicable_shares(s),
            "stability_counts": s,
            "mean_document_tokens": round(float(docs.mean()), 2) if docs.size else 0.0,
        }
        want = m_counts.get(split) if isinstance(m_counts.get(split), dict) else {}
        for key, have in (("rows", t.rows), ("tokens", t.tokens), ("pad_tokens", t.pad), ("documents", int(docs.size))):
            if isinstance(want.get(key), int) and want[key] != have:
                checks.append(f"{split}: manifest counts {key} = {want[key]:,} but the data has {have:,}")
        if t.open_tokens:
            checks.append(f"{split}: {t.open_tokens:,} tokens after the last <|endoftext|> (a document not closed)")
        if isinstance(seq_len, int) and t.row_lengths - {seq_len}:
            checks.append(f"{split}: rows of length {sorted(t.row_lengths - {seq_len})} (seq_len is {seq_len})")
    for split in SPLIT_NAMES:
        if split not in tallies and isinstance(m_counts.get(split), dict) and m_counts[split].get("rows"):
            checks.append(f"{split}: the manifest lists {m_counts[split]['rows']:,} rows but there is no {split}/ folder")
    all_docs = np.concatenate(doc_parts) if doc_parts else np.zeros(0, dtype=np.int64)
    conc_counts = named_counts(conc, names.concreteness)
    stab_counts = named_counts(stab, names.stability)
    skipped = header.get("skipped") if isinstance(header.get("skipped"), dict) else {}
    by_reason = skipped.get("by_reason") if isinstance(skipped.get("by_reason"), dict) else {}
    corpus = header.get("corpus") if isinstance(header.get("corpus"), dict) else {}
    return {
        "kind": SHARDS,
        "path": str(folder),
        "source": {
            "juliatag_version": header.get("juliatag_version"),
            "corpus": corpus.get("path"),
            "tokenizer": (header.get("tokenizer") or {}).get("path") if isinstance(header.get("tokenizer"), dict) else None,
            "vocab_size": header.get("vocab_size"),
            "seq_len": seq_len,
            "val_fraction": split_info.get("val_fraction"),
        },
        "totals": {
            "splits": len(tallies),
            "packages": sum(v["packages"] or 0 for v in splits.values()),
            "documents": int(all_docs.size),
            "rows": sum(v["rows"] for v in splits.values()),
            "tokens": sum(v["tokens"] for v in splits.values()),
            "pad_tokens": sum(v["pad_tokens"] for v in splits.values()),
            "code_tokens": sum(v["code_tokens"] for v in splits.values()),
            "typed_tokens": sum(v["typed_tokens"] for v in splits.values()),
        },
        "types": type_distribution(dict(type_ids), names, top, "tokens"),
        "concreteness": {"counts": conc_counts, "shares": applicable_shares(conc_counts)},
        "stability": {"counts": stab_counts, "shares": applicable_shares(stab_counts)},
        "flags": {name: int(n) for name, n in zip(names.flags, flags, strict=False)},
        "splits": splits,
        "split_packages": {k: list(v) for k, v in sorted(split_packages.items()) if isinstance(v, list)},
        "skipped": {
            "total": int(skipped.get("documents", sum(by_reason.values())) or 0),
            "by_reason": dict(sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))),
        },
        "documents": {
            "count": int(all_docs.size),
            "tokens": length_summary(all_docs),
            "histogram": pow2_histogram(all_docs, "tokens"),
        },
        "checks": checks,
    }
