"""Names for the label codes in a stats result: type ids, concreteness, stability, flag bits.

The tables are taken from the folder's manifest when it carries them (so a corpus written by an
older juliatag is described with its own tables) and from `juliatag.schema` / `juliatag.types`
otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import schema


@dataclass(frozen=True)
class LabelNames:
    types: dict[int, str]  # fixed type ids -> label
    concreteness: tuple[str, ...]
    stability: tuple[str, ...]
    flags: tuple[str, ...]  # bit i -> name
    trivia_kinds: frozenset[int]
    bucket_first: int = schema.N_FIXED_TYPE_IDS

    def type_label(self, type_id: int) -> str:
        if type_id == schema.TYPE_ID_NA:
            return "n/a"
        if type_id == schema.TYPE_ID_UNKNOWN:
            return "unknown"
        if type_id in self.types:
            return self.types[type_id]
        if type_id >= self.bucket_first:
            return f"bucket {type_id - self.bucket_first}"
        return f"id {type_id}"

    def is_bucket(self, type_id: int) -> bool:
        return type_id >= self.bucket_first


def label_names(header: dict) -> LabelNames:
    """The label tables of a corpus or shards manifest (`header`), defaults filled from juliatag's own."""
    tables = header.get("tables") or header.get("schema") or {}
    if not isinstance(tables, dict):
        tables = {}
    type_table = header.get("type_ids") or tables.get("type_ids") or {}
    fixed = type_table.get("fixed") if isinstance(type_table, dict) else None
    types: dict[int, str] = {}
    if isinstance(fixed, dict) and fixed:
        for k, v in fixed.items():
            try:
                types[int(k)] = v["label"] if isinstance(v, dict) else str(v)
            except (TypeError, ValueError, KeyError):
                continue
    if not types:
        from ..types.type_ids import ID_OF

        types = {i: label for label, i in ID_OF.items()}
    buckets = type_table.get("buckets") if isinstance(type_table, dict) else None
    first = buckets.get("first", schema.N_FIXED_TYPE_IDS) if isinstance(buckets, dict) else schema.N_FIXED_TYPE_IDS

    kinds = list(tables.get("kinds") or schema.KIND_NAMES)
    trivia = tables.get("trivia_kinds") or schema.TRIVIA_KINDS
    trivia_ids = frozenset(kinds.index(k) for k in trivia if k in kinds)

    flags_table = tables.get("flags")
    if isinstance(flags_table, dict) and flags_table:
        width = max(int(b) for b in flags_table.values()) + 1
        flag_names = [f"bit {i}" for i in range(width)]
        for name, bit in flags_table.items():
            flag_names[int(bit)] = name
    else:
        flag_names = list(schema.FLAG_NAMES)
    return LabelNames(
        types=types,
        concreteness=tuple(tables.get("concreteness") or schema.CONCRETENESS_NAMES),
        stability=tuple(tables.get("stability") or schema.STABILITY_NAMES),
        flags=tuple(flag_names),
        trivia_kinds=trivia_ids,
        bucket_first=int(first),
    )


def type_distribution(counts: dict[int, int], names: LabelNames, top: int, unit: str,
                      examples: dict[int, list[dict]] | None = None) -> dict:
    """The type-id distribution among typed positions (type id != 0): the `top` ids with their labels,
    the share of `unknown` and of hash buckets. A bucket is named after its most frequent type when
    `examples` ({id: [{"type", "count"}], most frequent first}) are given."""
    from .distributions import share

    examples = examples or {}
    typed = sum(n for t, n in counts.items() if t != schema.TYPE_ID_NA)
    unknown = counts.get(schema.TYPE_ID_UNKNOWN, 0)
    ranked = sorted(((n, t) for t, n in counts.items() if t != schema.TYPE_ID_NA and n), key=lambda x: (-x[0], x[1]))
    rows = []
    for n, t in ranked[:top]:
        label = names.type_label(t)
        ex = examples.get(t, [])
        if names.is_bucket(t) and ex:
            label = f"{ex[0]['type'].split('{')[0]} ({label})"
        row = {"id": int(t), "label": label, "count": int(n), "share": share(n, typed)}
        if examples:
            row["examples"] = ex
        rows.append(row)
    shown = sum(r["count"] for r in rows)
    buckets = sum(n for t, n in counts.items() if names.is_bucket(t))
    return {
        "unit": unit,
        "typed": int(typed),
        "na": int(counts.get(schema.TYPE_ID_NA, 0)),
        "unknown": int(unknown),
        "unknown_share": share(unknown, typed),
        "bucket": int(buckets),
        "bucket_share": share(buckets, typed),
        "distinct_ids": len(ranked),
        "top": rows,
        "other": {"count": int(typed - shown), "share": share(typed - shown, typed)},
    }
