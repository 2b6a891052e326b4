"""Reading shards: the manifest, one split's rows (`.pt` or Arrow form), and batches of windows.

Both forms are opened without reading them into memory: the `.pt` files with
`torch.load(..., mmap=True, weights_only=True)`, the Arrow datasets with
`datasets.load_from_disk` (memory-mapped). A batch reads only the rows it needs.

A batch is a dict of int64 tensors [B, T + 1] with the columns in `COLUMNS`; the model reads
positions 0..T-1 and is scored on the labels of positions 1..T (see juliatag.model.loss).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from ..errors import JuliatagError, MissingInputError
from ..schema import N_TYPE_IDS, TYPE_ID_UNKNOWN
from ..special_tokens import END_OF_TEXT, PAD, SPECIAL_TOKENS

COLUMNS = ("input_ids", "type_ids", "concreteness", "depth", "stability", "flags")
FORMATS = ("auto", "pt", "arrow")


def read_manifest(shards: Path) -> dict:
    shards = Path(shards)
    path = shards / "manifest.json"
    if not shards.is_dir():
        raise MissingInputError(f"no shards folder at {shards}: run `juliatag shard` first or pass --shards")
    if not path.is_file():
        raise MissingInputError(f"{shards} has no manifest.json: not a shards folder (run `juliatag shard`)")
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise JuliatagError(f"cannot read {path}: {exc}") from exc
    missing = [k for k in ("seq_len", "vocab_size") if k not in manifest]
    if missing:
        raise JuliatagError(f"{path} lacks {', '.join(missing)}: written by an older `juliatag shard`?")
    return manifest


def special_ids(manifest: dict) -> tuple[int, int]:
    """(<|endoftext|> id, <|pad|> id) from the manifest, else their default ids."""
    table = manifest.get("special_tokens") or {}
    eot = table.get(END_OF_TEXT, SPECIAL_TOKENS.index(END_OF_TEXT))
    pad = table.get(PAD, SPECIAL_TOKENS.index(PAD))
    return int(eot), int(pad)


class ShardSplit:
    """The rows of one split ("train", "validation") of a shards folder."""

    def __init__(self, shards: Path, split: str, fmt: str = "auto"):
        if fmt not in FORMATS:
            raise JuliatagError(f"unknown shard format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.shards, self.split = Path(shards), split
        pt_files = sorted((self.shards / "pt").glob(f"{split}-*.pt"))
        arrow_dir = self.shards / split
        if fmt == "auto":
            fmt = "pt" if pt_files else "arrow" if arrow_dir.is_dir() else ""
        if fmt == "pt" and pt_files:
            self._open_pt(pt_files)
        elif fmt == "arrow" and arrow_dir.is_dir():
            self._open_arrow(arrow_dir)
        else:
            where = f"{self.shards}/pt/{split}-*.pt" if fmt != "arrow" else str(arrow_dir)
            raise MissingInputError(f"no {split} shards at {where}")
        self.format = fmt

    @classmethod
    def maybe(cls, shards: Path, split: str, fmt: str = "auto") -> ShardSplit | None:
        """The split, or None where the folder has none or it is empty."""
        try:
            s = cls(shards, split, fmt)
        except MissingInputError:
            return None
        return s if len(s) else None

    def _open_pt(self, files: list[Path]) -> None:
        self._files, sizes, seq_lens = [], [], set()
        for f in files:
            try:
                d = torch.load(f, map_location="cpu", weights_only=True, mmap=True)
            except Exception as exc:  # corrupt file, legacy format, not a tensor dict
                raise JuliatagError(f"cannot load shard {f}: {type(exc).__name__}: {exc}") from exc
            missing = [c for c in COLUMNS if c not in d]
            if missing:
                raise JuliatagError(f"shard {f} lacks column(s) {', '.join(missing)}")
            shape = d["input_ids"].shape
            if any(d[c].shape != shape for c in COLUMNS) or len(shape) != 2:
                raise JuliatagError(f"shard {f}: columns must all be [rows, seq_len] tensors of one shape")
            self._files.append({c: d[c] for c in COLUMNS})
            sizes.append(shape[0])
            seq_lens.add(shape[1])
        if len(seq_lens) != 1:
            raise JuliatagError(f"{self.split} shards disagree on seq_len: {sorted(seq_lens)}")
        self.seq_len = seq_lens.pop()
        self._starts = torch.tensor([0] + sizes).cumsum(0)
        self._n = int(self._starts[-1])

    def _open_arrow(self, folder: Path) -> None:
        import datasets

        try:
            ds = datasets.load_from_disk(str(folder))
        except Exception as exc:
            raise JuliatagError(f"cannot open {folder} with datasets.load_from_disk: {exc}") from exc
        missing = [c for c in COLUMNS if c not in ds.column_names]
        if missing:
            raise JuliatagError(f"{folder} lacks column(s) {', '.join(missing)}")
        self._ds = ds.with_format("numpy", columns=list(COLUMNS))
        self._n = len(ds)
        self.seq_len = len(ds[0]["input_ids"]) if self._n else 0

    def __len__(self) -> int:
        return self._n

    def rows(self, idx) -> dict[str, torch.Tensor]:
        """Rows by index, as int64 tensors [len(idx), seq_len]."""
        idx = torch.as_tensor(idx, dtype=torch.long)
        if self.format == "arrow":
            got = self._ds[idx.tolist()]
            try:
                return {c: torch.from_numpy(np.asarray(got[c], dtype=np.int64)) for c in COLUMNS}
            except ValueError as exc:
                raise JuliatagError(f"{self.shards}/{self.split}: rows of unequal length ({exc})") from exc
        out = {c: torch.empty((len(idx), self.seq_len), dtype=torch.long) for c in COLUMNS}
        file_of = torch.searchsorted(self._starts[1:], idx, right=True)
        for f in file_of.unique().tolist():
            sel = (file_of == f).nonzero().squeeze(1)
            local = idx[sel] - self._starts[f]
            for c in COLUMNS:
                out[c][sel] = self._files[f][c][local].long()
        return out


def check_batch(batch: dict[str, torch.Tensor], vocab_size: int, where: str) -> None:
    ids, types = batch["input_ids"], batch["type_ids"]
    if ids.numel() and (int(ids.max()) >= vocab_size or int(ids.min()) < 0):
        raise JuliatagError(f"{where}: token id {int(ids.max())} outside the vocabulary of {vocab_size} "
                            "(shards and model from different tokenizers?)")
    if types.numel() and (int(types.max()) >= N_TYPE_IDS or int(types.min()) < 0):
        raise JuliatagError(f"{where}: type id outside 0..{N_TYPE_IDS - 1}")


def has_type_labels(split: ShardSplit, sample_rows: int = 256) -> bool:
    """Whether some of the first rows carry a type (type id >= 2)."""
    rows = split.rows(range(min(len(split), sample_rows)))
    return bool((rows["type_ids"] > TYPE_ID_UNKNOWN).any())


class RandomWindows:
    """Training batches: random rows, a random window of T + 1 tokens in each. Seeded; the state
    (a tensor) goes into checkpoints so that a resumed run draws the same batches."""

    def __init__(self, split: ShardSplit, batch_size: int, T: int, seed: int):
        self.split, self.batch_size, self.T = split, batch_size, T
        self.gen = torch.Generator().manual_seed(seed)

    def draw(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The next micro-batch's (rows [B], window starts [B, 1]), without reading them."""
        rows = torch.randint(len(self.split), (self.batch_size,), generator=self.gen)
        start = torch.randint(self.split.seq_len - self.T, (self.batch_size, 1), generator=self.gen)
        return rows, start

    def read(self, rows: torch.Tensor, start: torch.Tensor) -> dict[str, torch.Tensor]:
        data = self.split.rows(rows)
        cols = start + torch.arange(self.T + 1)
        return {c: data[c].gather(1, cols) for c in COLUMNS}

    def __next__(self) -> dict[str, torch.Tensor]:
        return self.read(*self.draw())

    def step(self, grad_accum: int, world_size: int = 1, rank: int = 0) -> list[dict[str, torch.Tensor]]:
        """This process's micro-batches of the next optimizer step. The step's global batch is
        `grad_accum * world_size` micro-batches drawn in order from the one seeded stream (every
        process draws them all, so the streams stay equal); micro-batch `a` of process `r` is
        draw `a * world_size + r`, and only those are read. With one process this is
        `grad_accum` times `next(self)`; a run split as B x grad-accum A x N processes sees the
        same micro-batches, in the same order of draws, as any other split with the same B and A * N."""
        draws = [self.draw() for _ in range(grad_accum * world_size)]
        return [self.read(*draws[a * world_size + rank]) for a in range(grad_accum)]

    def __iter__(self):
        return self

    def state(self) -> torch.Tensor:
        return self.gen.get_state()

    def set_state(self, state: torch.Tensor) -> None:
        self.gen.set_state(state)


def window_starts(seq_len: int, T: int) -> list[tuple[int, int]]:
    """(start, first scored position) of windows of T + 1 tokens that score every target of a row
    exactly once; the last window is pulled back to end at the row's end and skips the targets the
    previous window scored."""
    n = T + 1
    starts = list(range(0, seq_len - n + 1, T))
    wins = [(s, 0) for s in starts]
    covered = starts[-1] + T  # last token scored so far
    if covered < seq_len - 1:
        s = seq_len - n
        wins.append((s, covered - s))
    return wins


def eval_batches(split: ShardSplit, T: int, batch_size: int, max_batches: int | None = None):
    """Deterministic batches of whole rows: each yields a batch dict with an extra "score_from" [B]
    tensor (positions before it are not scored). All rows, or `max_batches` groups of rows spread
    evenly over the split (rows are packed in document order, so the first rows alone would be
    one package's first files)."""
    wins = window_starts(split.seq_len, T)
    rows_per_batch = max(1, batch_size // len(wins))
    firsts = range(0, len(split), rows_per_batch)
    if max_batches is not None and max_batches < len(firsts):
        firsts = [firsts[i * len(firsts) // max_batches] for i in range(max_batches)]
    for first in firsts:
        rows = split.rows(range(first, min(first + rows_per_batch, len(split))))
        batch = {c: torch.cat([rows[c][:, s:s + T + 1] for s, _ in wins]) for c in COLUMNS}
        batch["score_from"] = torch.tensor([f for _, f in wins]).repeat_interleave(len(rows["input_ids"]))
        yield batch
