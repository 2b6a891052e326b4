"""Deterministic choice of training documents under a byte budget (`--max-train-bytes`).

Documents are ranked by a hash of their name, so the choice depends only on the names and
sizes, never on the order in which files were found or on the machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def _rank(name: str) -> bytes:
    return hashlib.blake2b(name.encode("utf-8"), digest_size=16).digest()


def select_documents(names: Sequence[str], sizes: Sequence[int], max_bytes: int | None) -> set[int] | None:
    """Indices of the documents to train on, or None for all of them (they fit the budget).

    Walks the documents in hash order and keeps each one that still fits, so the sample is
    close to `max_bytes` without exceeding it; a single document larger than the budget is
    only taken when nothing else was.
    """
    if max_bytes is None or sum(sizes) <= max_bytes:
        return None
    chosen: set[int] = set()
    used = 0
    for i in sorted(range(len(names)), key=lambda i: (_rank(names[i]), i)):
        if used + sizes[i] <= max_bytes:
            chosen.add(i)
            used += sizes[i]
    if not chosen and names:
        chosen.add(min(range(len(names)), key=lambda i: sizes[i]))
    return chosen
