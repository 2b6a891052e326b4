"""What is in a lexeme corpus (`juliatag ingest --out DIR`): one pass over its Arrow files with polars.

Only the label columns are read (`package`, `lex_end`, `lex_kind`, `lex_type`, `lex_type_id`,
`lex_concreteness`, `lex_stability`, `lex_flags`, `functions`), never `text`: a document's byte
length is its last lexeme's end, since lexemes tile the file. Rows come in chunks of about half a
million lexemes (`batches.iter_chunks`); each chunk is aggregated with polars and folded into
running totals (fixed-size count vectors per package, per type id, per label code), so memory is
bounded by one chunk plus the tallies. What grows with the corpus: one int per document (exact
length quantiles), and one row per distinct (package, function name) and per distinct (type id,
type string) (the rankings).

The per-file records of the manifest (status, reason, package) give the files that never became
rows: skipped, failed, duplicates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import polars as pl

from ..errors import JuliatagError
from .batches import DEFAULT_CHUNK_VALUES, iter_chunks
from .distributions import LengthLog, applicable_shares, length_summary, named_counts, pow2_histogram, share
from .folders import CORPUS, dataset_files, iter_file_records, manifest_header
from .labels import LabelNames, label_names, type_distribution

LABEL_COLUMNS = ("lex_kind", "lex_type_id", "lex_concreteness", "lex_stability", "lex_flags")
COLUMNS = ("package", "lex_end", *LABEL_COLUMNS, "lex_type", "functions")
N_CONCRETENESS = 5
N_STABILITY = 4
DEFAULT_TOP = 20
TOP_PER_PACKAGE = 3
DEFAULT_VAL_FRACTION = 0.1
# per-package tally vector: documents, bytes, lexemes, code lexemes, typed, unknown, concreteness codes,
# stability codes, functions, function verdict codes
_P_DOCS, _P_BYTES, _P_LEX, _P_CODE, _P_TYPED, _P_UNKNOWN = range(6)
_P_CONC = 6
_P_STAB = _P_CONC + N_CONCRETENESS
_P_FUNCS = _P_STAB + N_STABILITY
_P_FSTAB = _P_FUNCS + 1
_P_WIDTH = _P_FSTAB + N_STABILITY


class _Tally:
    """Running totals over the chunks of one corpus."""

    def __init__(self, names: LabelNames) -> None:
        self.names = names
        self.packages: dict[str, np.ndarray] = {}
        self.type_ids: Counter = Counter()
        self.flags = np.zeros(len(names.flags), dtype=np.int64)
        self.doc_lexemes = LengthLog()
        self.doc_bytes = LengthLog()
        self.functions: pl.DataFrame | None = None  # package, name, methods, unstable, union
        self.type_names: pl.DataFrame | None = None  # lex_type_id, lex_type, n

    def package_row(self, package: str) -> np.ndarray:
        row = self.packages.get(package)
        if row is None:
            row = self.packages[package] = np.zeros(_P_WIDTH, dtype=np.int64)
        return row

    def add_chunk(self, df: pl.DataFrame) -> None:
        trivia = sorted(self.names.trivia_kinds)
        df = df.with_columns(pl.col("package").fill_null(""))
        docs = df.select(
            "package",
            lexemes=pl.col("lex_kind").list.len().fill_null(0),
            bytes=pl.col("lex_end").list.last().fill_null(0),
        )
        self.doc_lexemes.add(docs["lexemes"].to_numpy())
        self.doc_bytes.add(docs["bytes"].to_numpy())
        for pkg, n_docs, n_lex, n_bytes in docs.group_by("package").agg(
            pl.len(), pl.col("lexemes").sum(), pl.col("bytes").sum()
        ).iter_rows():
            row = self.package_row(pkg)
            row[_P_DOCS] += n_docs
            row[_P_LEX] += n_lex
            row[_P_BYTES] += n_bytes

        lex = df.select("package", *LABEL_COLUMNS).explode(list(LABEL_COLUMNS)).drop_nulls("lex_kind")
        tid, conc, stab = pl.col("lex_type_id"), pl.col("lex_concreteness"), pl.col("lex_stability")
        per_pkg = lex.group_by("package").agg(
            code=(~pl.col("lex_kind").is_in(trivia)).sum(),
            typed=(tid > 0).sum(),
            unknown=(tid == 1).sum(),
            **{f"c{k}": (conc == k).sum() for k in range(N_CONCRETENESS)},
            **{f"s{k}": (stab == k).sum() for k in range(N_STABILITY)},
        )
        for rec in per_pkg.iter_rows(named=True):
            row = self.package_row(rec["package"])
            row[_P_CODE] += rec["code"]
            row[_P_TYPED] += rec["typed"]
            row[_P_UNKNOWN] += rec["unknown"]
            for k in range(N_CONCRETENESS):
                row[_P_CONC + k] += rec[f"c{k}"]
            for k in range(N_STABILITY):
                row[_P_STAB + k] += rec[f"s{k}"]
        for type_id, n in lex.group_by("lex_type_id").len().iter_rows():
            self.type_ids[int(type_id)] += n
        flag_sums = lex.select(
            [((pl.col("lex_flags") & (1 << b)) != 0).sum().alias(str(b)) for b in range(len(self.flags))]
        ).row(0)
        self.flags += np.asarray(flag_sums, dtype=np.int64)

        names = (
            df.select(pl.col("lex_type_id"), pl.col("lex_type"))
            .explode(["lex_type_id", "lex_type"])
            .filter((pl.col("lex_type_id") > 1) & pl.col("lex_type").is_not_null() & (pl.col("lex_type") != ""))
            .group_by("lex_type_id", "lex_type").agg(n=pl.len())
        )
        self.type_names = _fold(self.type_names, names, ["lex_type_id", "lex_type"])

        funcs = (
            df.select("package", "functions").explode("functions").drop_nulls("functions")
            .select("package", pl.col("functions").struct.field("name").fill_null("<anonymous>").alias("name"),
                    pl.col("functions").struct.field("stability").alias("stability"))
        )
        if funcs.height:
            for pkg, code, n in funcs.group_by("package", "stability").len().iter_rows():
                row = self.package_row(pkg)
                row[_P_FUNCS] += n
                if code is not None and 0 <= code < N_STABILITY:
                    row[_P_FSTAB + code] += n
            per_name = funcs.group_by("package", "name").agg(
                methods=pl.len(),
                unstable=(pl.col("stability") == 3).sum(),
                union=(pl.col("stability") == 2).sum(),
            )
            self.functions = _fold(self.functions, per_name, ["package", "name"])


def _fold(acc: pl.DataFrame | None, new: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """acc + new, summed by `keys`."""
    if acc is None:
        return new
    if new.height == 0:
        return acc
    both = pl.concat([acc, new.cast(acc.schema)])
    return both.group_by(keys).agg(pl.exclude(keys).sum())


def corpus_stats(folder: str | Path, top: int = DEFAULT_TOP, chunk_values: int = DEFAULT_CHUNK_VALUES,
                 val_fraction: float = DEFAULT_VAL_FRACTION) -> dict:
    """Statistics of the lexeme corpus in `folder`, as a JSON-serialisable dict with a fixed key order."""
    folder = Path(folder)
    header = manifest_header(folder)
    if header.get("kind") not in (CORPUS, None):
        raise JuliatagError(f"{folder} is not a lexeme corpus (manifest kind {header.get('kind')!r})")
    lexemes_dir = folder / "lexemes"
    if not lexemes_dir.is_dir():
        raise JuliatagError(f"corpus {folder} has no lexemes/ folder")
    names = label_names(header)
    tally = _Tally(names)
    for table in iter_chunks(dataset_files(lexemes_dir), COLUMNS, count_column="lex_kind", max_values=chunk_values):
        tally.add_chunk(pl.from_arrow(table))

    records = _file_records(folder)
    return _result(folder, header, names, tally, records, top, val_fraction)


def _file_records(folder: Path) -> dict:
    """Per package and overall: files by status, and the files that did not become rows, by reason."""
    by_status: Counter = Counter()
    skipped: Counter = Counter()
    skipped_by_pkg: dict[str, Counter] = defaultdict(Counter)
    files_seen: Counter = Counter()
    for rec in iter_file_records(folder):
        status = str(rec.get("status", "unknown"))
        pkg = rec.get("package") or ""
        by_status[status] += 1
        files_seen[pkg] += 1
        if status != "labeled":
            reason = str(rec.get("reason") or status)
            skipped[reason] += 1
            skipped_by_pkg[pkg][reason] += 1
    return {"by_status": by_status, "skipped": skipped, "skipped_by_pkg": skipped_by_pkg,
            "files_seen": files_seen}


def _type_section(names: LabelNames, tally: _Tally, top: int) -> dict:
    examples: dict[int, list[dict]] = {}
    if tally.type_names is not None and tally.type_names.height:
        ranked = tally.type_names.sort(["lex_type_id", "n", "lex_type"], descending=[False, True, False])
        for type_id, group in ranked.group_by("lex_type_id", maintain_order=True):
            rows = group.head(3).iter_rows()
            examples[int(type_id[0])] = [{"type": t, "count": int(n)} for _, t, n in rows]
    return type_distribution(tally.type_ids, names, top, "lexemes", examples)


def _function_section(tally: _Tally, top: int) -> tuple[dict, dict[str, list[dict]]]:
    verdicts = np.zeros(N_STABILITY, dtype=np.int64)
    total = 0
    for row in tally.packages.values():
        verdicts += row[_P_FSTAB:_P_FSTAB + N_STABILITY]
        total += int(row[_P_FUNCS])
    counts = named_counts(verdicts, tally.names.stability)
    top_rows: list[dict] = []
    per_pkg: dict[str, list[dict]] = {}
    f = tally.functions
    if f is not None and f.height:
        unstable = f.filter(pl.col("unstable") > 0).sort(
            ["unstable", "methods", "package", "name"], descending=[True, True, False, False]
        )
        top_rows = [dict(r) for r in unstable.head(top).iter_rows(named=True)]
        for (pkg,), group in unstable.group_by("package", maintain_order=True):
            per_pkg[pkg] = [dict(r) for r in group.head(TOP_PER_PACKAGE).select("name", "methods", "unstable", "union")
                            .iter_rows(named=True)]
    return {
        "total": total,
        "verdicts": counts,
        "shares": applicable_shares(counts),
        "names_with_unstable_methods": 0 if f is None else int(f.filter(pl.col("unstable") > 0).height),
        "top_unstable": [{"package": r["package"], "name": r["name"], "methods": int(r["methods"]),
                          "unstable": int(r["unstable"]), "union": int(r["union"])} for r in top_rows],
    }, per_pkg


def _splits(packages: dict[str, dict], val_fraction: float) -> dict:
    """Lexemes per split, as `juliatag shard --val-fraction` would split the packages."""
    from ..shards.split import SPLITS, plan_split

    names = sorted(packages)
    base = {"rule": "as `juliatag shard` splits by package", "val_fraction": val_fraction}
    try:
        plan = plan_split(names, val_fraction) if names else None
    except JuliatagError as exc:  # e.g. a single package
        return {**base, "note": str(exc), "splits": {}}
    out = {}
    for split in SPLITS:
        members = [p for p in names if plan.split_of(p) == split]
        out[split] = {
            "packages": len(members),
            "documents": sum(packages[p]["files"] for p in members),
            "bytes": sum(packages[p]["bytes"] for p in members),
            "lexemes": sum(packages[p]["lexemes"] for p in members),
            "code_lexemes": sum(packages[p]["code_lexemes"] for p in members),
        }
    return {**base, "splits": out}


def _result(folder: Path, header: dict, names: LabelNames, tally: _Tally, records: dict, top: int,
            val_fraction: float) -> dict:
    conc_total = np.zeros(N_CONCRETENESS, dtype=np.int64)
    stab_total = np.zeros(N_STABILITY, dtype=np.int64)
    functions, unstable_by_pkg = _function_section(tally, top)
    all_pkgs = sorted(set(tally.packages) | set(records["files_seen"]))
    packages: dict[str, dict] = {}
    for pkg in all_pkgs:
        row = tally.packages.get(pkg, np.zeros(_P_WIDTH, dtype=np.int64))
        conc_total += row[_P_CONC:_P_CONC + N_CONCRETENESS]
        stab_total += row[_P_STAB:_P_STAB + N_STABILITY]
        conc = named_counts(row[_P_CONC:_P_CONC + N_CONCRETENESS], names.concreteness)
        stab = named_counts(row[_P_STAB:_P_STAB + N_STABILITY], names.stability)
        fstab = named_counts(row[_P_FSTAB:_P_FSTAB + N_STABILITY], names.stability)
        skipped = records["skipped_by_pkg"].get(pkg, Counter())
        packages[pkg] = {
            "package": pkg,
            "files": int(row[_P_DOCS]),
            "files_not_labeled": sum(skipped.values()),
            "bytes": int(row[_P_BYTES]),
            "lexemes": int(row[_P_LEX]),
            "code_lexemes": int(row[_P_CODE]),
            "typed_lexemes": int(row[_P_TYPED]),
            "typed_share": share(int(row[_P_TYPED]), int(row[_P_CODE])),
            "unknown_share": share(int(row[_P_UNKNOWN]), int(row[_P_TYPED])),
            "concreteness": applicable_shares(conc),
            "stability": applicable_shares(stab),
            "stability_counts": stab,
            "functions": int(row[_P_FUNCS]),
            "function_verdicts": fstab,
            "unstable_function_share": share(fstab.get("unstable", 0), int(row[_P_FUNCS]) - fstab.get("na", 0)),
            "top_unstable_functions": unstable_by_pkg.get(pkg, []),
        }
    ordered = sorted(packages.values(), key=lambda p: (-p["lexemes"], p["package"]))
    doc_lex = tally.doc_lexemes.array()
    doc_bytes = tally.doc_bytes.array()
    conc_counts = named_counts(conc_total, names.concreteness)
    stab_counts = named_counts(stab_total, names.stability)
    counts = header.get("counts") if isinstance(header.get("counts"), dict) else {}
    lexemes = int(doc_lex.sum()) if doc_lex.size else 0
    totals = {
        "packages": len([p for p in ordered if p["files"]]),
        "documents": int(doc_lex.size),
        "bytes": int(doc_bytes.sum()) if doc_bytes.size else 0,
        "lexemes": lexemes,
        "code_lexemes": sum(p["code_lexemes"] for p in ordered),
        "typed_lexemes": sum(p["typed_lexemes"] for p in ordered),
        "functions": functions["total"],
        "files_seen": sum(records["by_status"].values()) or int(counts.get("files_seen", 0) or 0),
        "files_labeled": records["by_status"].get("labeled", int(counts.get("files_labeled", 0) or 0)),
        "files_not_labeled": sum(records["skipped"].values()),
    }
    checks = []
    for key, have in (("lexemes", totals["lexemes"]), ("files_labeled", totals["documents"]), ("bytes", totals["bytes"])):
        want = counts.get(key)
        if isinstance(want, int) and want != have:
            checks.append(f"manifest counts.{key} = {want:,} but the data has {have:,}")
    skipped_by_reason = dict(sorted(records["skipped"].items(), key=lambda kv: (-kv[1], kv[0])))
    manifest_skipped = counts.get("files_skipped") if isinstance(counts.get("files_skipped"), dict) else {}
    for reason, n in sorted(manifest_skipped.items()):
        if reason not in skipped_by_reason:  # a manifest without per-file records
            skipped_by_reason[reason] = int(n)
    return {
        "kind": CORPUS,
        "path": str(folder),
        "source": {
            "juliatag_version": header.get("juliatag_version"),
            "schema_version": header.get("schema_version"),
            "backend": header.get("backend"),
            "parser": header.get("parser"),
        },
        "totals": totals,
        "types": _type_section(names, tally, top),
        "concreteness": {"counts": conc_counts, "shares": applicable_shares(conc_counts)},
        "stability": {"counts": stab_counts, "shares": applicable_shares(stab_counts)},
        "flags": {name: int(n) for name, n in zip(names.flags, tally.flags, strict=False)},
        "functions": functions,
        "packages": ordered,
        "skipped": {
            "total": sum(skipped_by_reason.values()),
            "by_reason": skipped_by_reason,
            "by_package": [
                {"package": pkg, "reason": reason, "files": n}
                for pkg in sorted(records["skipped_by_pkg"])
                for reason, n in sorted(records["skipped_by_pkg"][pkg].items())
            ],
        },
        "documents": {
            "count": int(doc_lex.size),
            "lexemes": length_summary(doc_lex),
            "bytes": length_summary(doc_bytes),
            "histogram": pow2_histogram(doc_lex, "lexemes"),
        },
        "splits": _splits(packages, val_fraction),
        "checks": checks,
    }
