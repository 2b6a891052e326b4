"""How well the fixed type-id table covers the types that occur in real code.

Reads a lexeme corpus (from `juliatag ingest` on real packages) and counts, over lexemes with a
known type: the share whose type id is in the fixed table (2..127) versus a hash bucket, the most
frequent fixed categories, and the most frequent bucketed type names (candidates for the table).
Also counts annotation heads (`::T` type positions) like the research note's measurement.

Usage: python benchmarks/type_frequencies.py CORPUS_DIR [--top 40] [--out benchmarks/results/type_ids.md]
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

import pyarrow as pa


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "type_ids.md"))
    args = ap.parse_args()
    from juliatag.schema import F_TYPE_POSITION, N_FIXED_TYPE_IDS, TYPE_ID_UNKNOWN
    from juliatag.types.type_ids import FIXED_TYPES

    labels = {i + 2: label for i, (label, _) in enumerate(FIXED_TYPES)}
    state = json.loads((Path(args.corpus) / "lexemes" / "state.json").read_text())
    fixed = collections.Counter()
    bucket_names = collections.Counter()
    heads = collections.Counter()
    known = in_table = 0
    for f in state["_data_files"]:
        with pa.OSFile(str(Path(args.corpus) / "lexemes" / f["filename"])) as src:
            for batch in pa.ipc.open_stream(src):
                tids = batch.column("lex_type_id").to_pylist()
                types = batch.column("lex_type").to_pylist()
                flags = batch.column("lex_flags").to_pylist()
                for tid_row, ty_row, fl_row in zip(tids, types, flags):
                    for tid, ty, fl in zip(tid_row, ty_row, fl_row):
                        if tid <= TYPE_ID_UNKNOWN:
                            continue
                        if fl & F_TYPE_POSITION:
                            if ty:
                                heads[ty.split("{", 1)[0]] += 1
                            continue
                        known += 1
                        if tid < N_FIXED_TYPE_IDS:
                            in_table += 1
                            fixed[labels[tid]] += 1
                        elif ty:
                            bucket_names[ty.split("{", 1)[0]] += 1
    lines = ["# Type-id table coverage", "",
             f"Corpus: `{args.corpus}`. Command: `python benchmarks/type_frequencies.py {args.corpus}`.", "",
             f"- value lexemes with a known type: {known:,}",
             f"- of those, typed by a fixed-table id (2..127): {in_table / max(1, known):.1%}; "
             f"by a hash bucket: {1 - in_table / max(1, known):.1%}",
             f"- fixed categories used: {len(fixed)} of {len(FIXED_TYPES)}", "",
             f"Top {args.top} fixed categories (share of known-typed value lexemes):", "",
             "| category | share |", "|---|---|"]
    for label, n in fixed.most_common(args.top):
        lines.append(f"| `{label}` | {n / known:.2%} |")
    lines += ["", f"Top {args.top} bucketed type names (not in the table):", "", "| type | share |", "|---|---|"]
    for name, n in bucket_names.most_common(args.top):
        lines.append(f"| `{name}` | {n / known:.2%} |")
    total_heads = sum(heads.values())
    lines += ["", f"Top {args.top} type-position heads (annotations, signatures, fields):", "",
              "| head | share |", "|---|---|"]
    for name, n in heads.most_common(args.top):
        lines.append(f"| `{name}` | {n / max(1, total_heads):.2%} |")
    Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:12]))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
