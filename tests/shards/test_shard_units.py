"""Unit tests: split rule, alignment rule, offsets, packing."""

from __future__ import annotations

import numpy as np
import pytest

from juliatag import schema
from juliatag.errors import JuliatagError
from juliatag.shards.align import char_to_byte_offsets, first_nontrivia
from juliatag.shards.columns import TOKEN_DTYPE, na_record
from juliatag.shards.packing import RowPacker, ShardCutter
from juliatag.shards.split import package_score, plan_split

K = schema.KIND_ID
WS, NL, COM, ID, OP = K["Whitespace"], K["NewlineWs"], K["Comment"], K["Identifier"], K["::"]


# --- split -------------------------------------------------------------------

PACKAGES = [f"Pkg{i}.jl" for i in range(60)]


def test_split_is_deterministic_disjoint_and_order_free():
    a = plan_split(PACKAGES, 0.2)
    b = plan_split(list(reversed(PACKAGES)) + PACKAGES[:5], 0.2)
    assert a == b
    assert set(a.train).isdisjoint(a.validation)
    assert set(a.train) | set(a.validation) == set(PACKAGES)
    assert all((package_score(p) < 0.2) == (p in a.validation) for p in PACKAGES)
    assert 3 <= len(a.validation) <= 25
    assert all(a.split_of(p) == "validation" for p in a.validation)


def test_split_fraction_is_settable_and_monotone():
    small, large = plan_split(PACKAGES, 0.1), plan_split(PACKAGES, 0.5)
    assert set(small.validation) <= set(large.validation)
    assert len(large.validation) > len(small.validation)


def test_split_adding_packages_moves_nobody():
    before = plan_split(PACKAGES[:30], 0.3)
    after = plan_split(PACKAGES, 0.3)
    assert set(before.validation) <= set(after.validation)


def test_split_at_least_one_package_each_side():
    four = ["Alpha", "Beta", "Gamma", "Delta"]
    for frac in (0.001, 0.01, 0.1, 0.5, 0.9, 0.999):
        plan = plan_split(four, frac)
        assert plan.train and plan.validation, frac
    tiny = plan_split(four, 1e-9)
    assert tiny.forced == min(four, key=package_score) and tiny.validation == (tiny.forced,)
    huge = plan_split(four, 0.999999)
    assert huge.forced == max(four, key=package_score) and huge.forced in huge.train


def test_split_zero_fraction_and_single_package():
    plan = plan_split(["Only"], 0.0)
    assert plan.train == ("Only",) and plan.validation == ()
    with pytest.raises(JuliatagError, match="one package"):
        plan_split(["Only", "Only"], 0.1)
    with pytest.raises(JuliatagError, match="val-fraction"):
        plan_split(["A", "B"], 1.0)


# --- alignment ---------------------------------------------------------------


def test_first_nontrivia_rule():
    # lexemes: "x" "::" "T" "  " "# c" "\n" "y"   (byte offsets)
    starts = np.array([0, 1, 3, 4, 6, 9, 10])
    ends = np.array([1, 3, 4, 6, 9, 10, 11])
    kinds = np.array([ID, OP, ID, WS, COM, NL, ID], dtype=np.uint8)
    # tokens: "x::" "T  " " " "# c\n" "y"  and "\ny"
    ts = np.array([0, 3, 5, 6, 10, 9])
    te = np.array([3, 6, 6, 10, 11, 11])
    src, holder = first_nontrivia(ts, te, starts, ends, kinds)
    assert src.tolist() == [0, 2, -1, -1, 6, 6]
    assert holder.tolist() == [0, 2, 3, 4, 6, 5]


def test_first_nontrivia_skips_zero_length_lexemes():
    starts = np.array([0, 2, 2])
    ends = np.array([2, 2, 4])
    kinds = np.array([WS, ID, ID], dtype=np.uint8)
    src, _ = first_nontrivia(np.array([0, 1]), np.array([1, 4]), starts, ends, kinds)
    assert src.tolist() == [-1, 2]


@pytest.mark.parametrize("text", ["a ÷ b", "x ∈ s ≤ α", "√2", "😀x", "a\u202fb", "plain"])
def test_char_to_byte_offsets(text):
    chars = np.arange(len(text) + 1)
    want = [len(text[:i].encode("utf-8")) for i in chars]
    assert char_to_byte_offsets(text, chars).tolist() == want


# --- packing -----------------------------------------------------------------


def _stream(ids):
    arr = np.zeros(len(ids), dtype=TOKEN_DTYPE)
    arr["input_ids"] = ids
    arr["type_ids"] = 5
    return arr


def test_row_packer_and_shard_cutter():
    shards = []
    cutter = ShardCutter(4, 2, lambda i, rows: shards.append((i, rows.copy())))
    packer = RowPacker(4, na_record(1), cutter.add)
    packer.add(_stream([10, 11, 0]))
    packer.add(_stream([12, 13, 14, 15, 16, 0]))
    packer.add(_stream([17, 0]))
    packer.finish()
    cutter.finish()
    assert packer.rows == 3 and packer.pad_tokens == 1
    assert [i for i, _ in shards] == [0, 1]
    rows = np.concatenate([r for _, r in shards])
    assert rows["input_ids"].tolist() == [[10, 11, 0, 12], [13, 14, 15, 16], [0, 17, 0, 1]]
    assert rows["type_ids"][-1].tolist() == [5, 5, 5, 0]
    assert rows["depth"][-1, -1] == schema.DEPTH_NA


def test_empty_split_still_gets_one_empty_shard():
    shards = []
    cutter = ShardCutter(8, 4, lambda i, rows: shards.append((i, rows.shape)))
    RowPacker(8, na_record(1), cutter.add).finish()
    cutter.finish()
    assert shards == [(0, (0, 8))]
