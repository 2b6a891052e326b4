"""Near-duplicate detection with MinHash, as in The Stack's pipeline.

A file is shingled into 5-grams of word tokens (split on non-alphanumerics, like bigcode's
near_deduplication), each shingle hashed with a stable 32-bit hash, and summarised by 128 MinHash
values. Locality-sensitive hashing with 16 bands of 8 rows (threshold about 0.71) proposes
candidate pairs; a pair is a near-duplicate when the signatures agree on at least `threshold`
(0.7) of their values, the MinHash estimate of Jaccard similarity. Clusters are the connected
components of near-duplicate pairs; the first file of each cluster (in input order) is kept.

Everything is deterministic: fixed hash seeds, no Python `hash()`.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

NGRAM = 5
NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.7
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_TOKEN_RE = re.compile(r"[^A-Za-z_0-9]+")


def _permutations(num_perm: int = NUM_PERM, seed: int = 42):
    rng = np.random.RandomState(seed)
    a = rng.randint(1, (1 << 31) - 1, size=num_perm, dtype=np.int64).astype(np.uint64)
    b = rng.randint(0, (1 << 31) - 1, size=num_perm, dtype=np.int64).astype(np.uint64)
    return a, b


_A, _B = _permutations()


def shingles(text: str, n: int = NGRAM) -> np.ndarray:
    """Stable 32-bit hashes of the file's word 5-grams (a short file gives its whole token run)."""
    tokens = [t for t in _TOKEN_RE.split(text) if t]
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    if len(tokens) < n:
        grams = [" ".join(tokens)]
    else:
        grams = [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return np.unique(np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64,
                                 count=len(grams)))


def signature(text: str) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a file's text."""
    h = shingles(text)
    if h.size == 0:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    # (a * h + b) mod p, truncated to 32 bits, minimised over shingles; chunked to bound memory
    out = np.full(NUM_PERM, _MAX32, dtype=np.uint64)
    for start in range(0, h.size, 4096):
        chunk = h[start:start + 4096]
        vals = ((np.outer(chunk, _A) + _B) % _MERSENNE) & _MAX32
        np.minimum(out, vals.min(axis=0), out=out)
    return out.astype(np.uint32)


@dataclass
class NearDupResult:
    duplicate_of: dict          # index -> index of its cluster's representative (only for removed files)
    clusters: int               # clusters with more than one member


def find_near_duplicates(signatures: list[np.ndarray], threshold: float = THRESHOLD) -> NearDupResult:
    """Cluster files whose MinHash similarity reaches `threshold`; keep the first of each cluster."""
    n = len(signatures)
    if n < 2:
        return NearDupResult({}, 0)
    sig = np.stack(signatures)  # n x NUM_PERM
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    empty = (sig == 0xFFFFFFFF).all(axis=1)
    for band in range(BANDS):
        cols = sig[:, band * ROWS:(band + 1) * ROWS]
        keys = np.ascontiguousarray(cols).view(np.dtype((np.void, cols.dtype.itemsize * ROWS))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        start = 0
        for i in range(1, n + 1):
            if i == n or sorted_keys[i] != sorted_keys[start]:
                if i - start > 1:
                    members = order[start:i]
                    first = int(members.min())
                    for m in members:
                        m = int(m)
                        if m == first or empty[m] or empty[first]:
                            continue
                        if find(m) == find(first):
                            continue
                        if float((sig[m] == sig[first]).mean()) >= threshold:
                            a, b = find(m), find(first)
                            parent[max(a, b)] = min(a, b)
                start = i
    duplicate_of = {}
    sizes: dict = {}
    for i in range(n):
        r = find(i)
        sizes[r] = sizes.get(r, 0) + 1
        if r != i:
            duplicate_of[i] = r
    return NearDupResult(duplicate_of, sum(1 for v in sizes.values() if v > 1))
