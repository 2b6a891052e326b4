"""A stats result as titled tables of formatted strings, for any renderer (Rich in the CLI, HTML in the report).

Numbers are formatted here once (thousands separators, percentages), so the terminal and the
report show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_ROWS = 20


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)  # right-align these columns
    note: str = ""


def n(x) -> str:
    return "" if x is None else f"{x:,}"


def pct(x) -> str:
    return "" if x is None else f"{100 * x:.1f}%"


def _table(title, columns, rows, note="", text_columns=1) -> Table:
    return Table(title, columns, rows, [i >= text_columns for i in range(len(columns))], note)


def _more(total: int, shown: int, what: str) -> str:
    return f"{total - shown:,} more {what} not shown (--top)" if total > shown else ""


def stats_tables(stats: dict, rows: int = DEFAULT_ROWS) -> list[Table]:
    """The tables of a corpus or shards stats result; long lists are cut to `rows` rows."""
    if stats["kind"] == "shards":
        return _shard_tables(stats, rows)
    return _corpus_tables(stats, rows)


def _types_table(types: dict, rows: int) -> Table:
    unit = types["unit"]
    body = []
    for i, r in enumerate(types["top"][:rows], 1):
        ex = ", ".join(e["type"] for e in r.get("examples", [])[:3] if e["type"] != r["label"])
        body.append([str(i), str(r["id"]), r["label"], n(r["count"]), pct(r["share"]), ex])
    body.append(["", "", "other ids", n(types["other"]["count"]), pct(types["other"]["share"]), ""])
    note = (f"{n(types['typed'])} typed {unit} ({n(types['na'])} n/a), {types['distinct_ids']:,} distinct ids; "
            f"unknown {pct(types['unknown_share'])}, hash buckets {pct(types['bucket_share'])}")
    t = _table(f"Type ids (share of typed {unit})", ["#", "id", "type", unit, "share", "most frequent types"], body, note)
    t.numeric = [True, True, False, True, True, False]
    return t


def _labels_table(stats: dict, unit: str) -> Table:
    body = []
    for what in ("concreteness", "stability"):
        counts, shares = stats[what]["counts"], stats[what]["shares"]
        for name, count in counts.items():
            body.append([what, name, n(count), pct(shares[name]) if name in shares else ""])
    return _table("Concreteness and stability", ["label", "value", unit, "share"], body,
                  f"shares of the {unit} the label applies to (n/a left out)", text_columns=2)


def _flags_table(stats: dict, unit: str, whole: int) -> Table:
    body = [[name, n(count), pct(count / whole if whole else 0.0)] for name, count in stats["flags"].items()]
    return _table("Flags", ["flag", unit, f"share of all {unit}"], body)


def _lengths_table(stats: dict, units: list[str]) -> Table:
    body = []
    for unit in units:
        s = stats["documents"][unit]
        body.append([unit, n(s["count"]), n(s["total"]), f"{s['mean']:,.1f}", n(s["min"]), n(s["p50"]), n(s["p90"]),
                     n(s["p99"]), n(s["max"])])
    return _table("Document length", ["unit", "documents", "total", "mean", "min", "median", "p90", "p99", "max"], body)


def _checks_table(stats: dict) -> list[Table]:
    if not stats["checks"]:
        return []
    return [_table("Checks: manifest and data disagree", ["finding"], [[c] for c in stats["checks"]])]


def _corpus_tables(stats: dict, rows: int) -> list[Table]:
    t = stats["totals"]
    types = stats["types"]
    overview = _table("Corpus", ["", "value"], [
        ["path", stats["path"]],
        ["packages", n(t["packages"])],
        ["files seen", n(t["files_seen"])],
        ["files labeled (documents)", n(t["documents"])],
        ["files not labeled", n(t["files_not_labeled"])],
        ["bytes", n(t["bytes"])],
        ["lexemes", n(t["lexemes"])],
        ["code lexemes (not whitespace/comments)", n(t["code_lexemes"])],
        ["typed lexemes", f"{n(t['typed_lexemes'])} ({pct(t['typed_lexemes'] / t['code_lexemes'] if t['code_lexemes'] else 0)} of code)"],
        ["unknown type", f"{pct(types['unknown_share'])} of typed"],
        ["functions", n(t["functions"])],
    ])
    overview.numeric = [False, False]

    pkgs = stats["packages"]
    shown = pkgs[:rows]
    volume = _table("Packages", ["package", "files", "not labeled", "bytes", "lexemes", "code lexemes", "typed",
                                 "unknown", "functions"], [
        [p["package"] or "<none>", n(p["files"]), n(p["files_not_labeled"]), n(p["bytes"]), n(p["lexemes"]),
         n(p["code_lexemes"]), pct(p["typed_share"]), pct(p["unknown_share"]), n(p["functions"])]
        for p in shown
    ], "largest first; typed: share of code lexemes with a type id; unknown: share of typed ones. "
       + _more(len(pkgs), len(shown), "packages"))
    labels = _table("Concreteness and stability by package", [
        "package", "concrete", "abstract", "union", "unknown", "stable", "union verdict", "unstable", "unstable functions"
    ], [
        [p["package"] or "<none>", *(pct(p["concreteness"].get(k, 0.0)) for k in ("concrete", "abstract", "union", "unknown")),
         *(pct(p["stability"].get(k, 0.0)) for k in ("stable", "union", "unstable")), pct(p["unstable_function_share"])]
        for p in shown
    ], "concreteness and stability: shares of the lexemes the label applies to; unstable functions: share of "
       "functions with a verdict")

    f = stats["functions"]
    funcs = _table("Functions with unstable verdicts most often", ["package", "function", "methods", "unstable", "union"], [
        [r["package"] or "<none>", r["name"], n(r["methods"]), n(r["unstable"]), n(r["union"])]
        for r in f["top_unstable"][:rows]
    ], f"{n(f['total'])} functions: " + ", ".join(f"{k} {pct(v)}" for k, v in f["shares"].items())
       + f" of those with a verdict; {n(f['names_with_unstable_methods'])} (package, name) pairs have an unstable method",
       text_columns=2)

    sk = stats["skipped"]
    by_pkg: dict[str, list[str]] = {}
    for r in sk["by_package"]:
        by_pkg.setdefault(r["reason"], []).append(f"{r['package'] or '<none>'} ({r['files']:,})")
    skipped = _table("Files not labeled, by reason", ["reason", "files", "packages"], [
        [reason, n(count), ", ".join(by_pkg.get(reason, [])[:8]) + (" ..." if len(by_pkg.get(reason, [])) > 8 else "")]
        for reason, count in sk["by_reason"].items()
    ] or [["(none)", "0", ""]])
    skipped.numeric = [False, True, False]

    sp = stats["splits"]
    splits = _table("Lexemes per split", ["split", "packages", "documents", "bytes", "lexemes", "code lexemes"], [
        [name, n(s["packages"]), n(s["documents"]), n(s["bytes"]), n(s["lexemes"]), n(s["code_lexemes"])]
        for name, s in sp["splits"].items()
    ], sp.get("note") or f"as `juliatag shard --val-fraction {sp['val_fraction']}` would split the packages")

    return [overview, _types_table(types, rows), _labels_table(stats, "lexemes"), volume, labels, funcs, skipped,
            splits, _lengths_table(stats, ["lexemes", "bytes"]), _flags_table(stats, "lexemes", t["lexemes"]),
            *_checks_table(stats)]


def _shard_tables(stats: dict, rows: int) -> list[Table]:
    t = stats["totals"]
    src = stats["source"]
    overview = _table("Shards", ["", "value"], [
        ["path", stats["path"]],
        ["made from", f"{src['corpus']} with {src['tokenizer']}"],
        ["seq_len / vocab size", f"{n(src['seq_len'])} / {n(src['vocab_size'])}"],
        ["splits", n(t["splits"])],
        ["packages", n(t["packages"])],
        ["documents", n(t["documents"])],
        ["rows", n(t["rows"])],
        ["tokens (without padding)", n(t["tokens"])],
        ["pad tokens", n(t["pad_tokens"])],
        ["code tokens", n(t["code_tokens"])],
        ["typed tokens", f"{n(t['typed_tokens'])} ({pct(t['typed_tokens'] / t['code_tokens'] if t['code_tokens'] else 0)} of code)"],
        ["unknown type", f"{pct(stats['types']['unknown_share'])} of typed"],
    ])
    overview.numeric = [False, False]
    splits = _table("Tokens per split", [
        "split", "packages", "shards", "rows", "documents", "tokens", "pad", "typed", "unknown", "concrete", "stable",
        "union", "unstable",
    ], [
        [name, n(s["packages"]), n(s["shards"]), n(s["rows"]), n(s["documents"]), n(s["tokens"]), n(s["pad_tokens"]),
         pct(s["typed_share"]), pct(s["unknown_share"]), pct(s["concreteness"].get("concrete", 0.0)),
         *(pct(s["stability"].get(k, 0.0)) for k in ("stable", "union", "unstable"))]
        for name, s in stats["splits"].items()
    ], "typed: share of code tokens with a type id; unknown: share of typed ones; concrete, stable, union, "
       "unstable: shares of the tokens the label applies to")
    sk = stats["skipped"]
    skipped = _table("Corpus files not encoded, by reason", ["reason", "files"],
                     [[k, n(v)] for k, v in sk["by_reason"].items()] or [["(none)", "0"]])
    pk = stats["split_packages"]
    packages = _table("Packages per split", ["split", "packages", "names"], [
        [split, n(len(names)), ", ".join(names[:rows]) + (f" ... ({len(names) - rows:,} more)" if len(names) > rows else "")]
        for split, names in pk.items()
    ])
    packages.numeric = [False, True, False]
    whole = t["tokens"]
    return [overview, splits, _types_table(stats["types"], rows), _labels_table(stats, "tokens"), packages, skipped,
            _lengths_table(stats, ["tokens"]), _flags_table(stats, "tokens", whole), *_checks_table(stats)]
