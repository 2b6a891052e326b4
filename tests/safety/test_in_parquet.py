"""Issue 14 item 11: Parquet `content` must be text (string) or binary; other values are recorded
as skipped with a reason. Before, they went through `bytes(value)`: a negative int aborted the run,
`10**9` allocated 1 GB, and `list<int>` was labelled as a Julia file."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from juliatag.sources import SourceFile, Skipped, discover

from .in_helpers import ingest_with_swap

BAD_COLUMNS = {
    "ints": pa.array([-1, 10**9], pa.int64()),
    "floats": pa.array([1.5, -2.0]),
    "lists": pa.array([[102, 40, 120, 41], [61, 49]], pa.list_(pa.int64())),
    "structs": pa.array([{"a": 1}, {"a": 2}]),
}


@pytest.mark.parametrize("kind", sorted(BAD_COLUMNS))
def test_content_that_is_not_text_is_skipped(tmp_path, kind):
    path = tmp_path / f"{kind}.parquet"
    pq.write_table(pa.table({"content": BAD_COLUMNS[kind], "path": ["a.jl", "b.jl"]}), path)
    items = list(discover([str(path)]))
    assert [type(i) for i in items] == [Skipped, Skipped]
    assert {i.reason for i in items} == {"content-not-text"}
    recs = ingest_with_swap([path], tmp_path / "out")
    assert {(r["status"], r["reason"]) for r in recs.values()} == {("skipped", "content-not-text")}


def test_text_and_binary_content_are_labelled(tmp_path):
    for kind, values in (("text", ["x = 1\n", "y = 2.0\n"]), ("binary", [b"x = 1\n", b"y = 2.0\n"])):
        path = tmp_path / f"{kind}.parquet"
        pq.write_table(pa.table({"content": values, "path": ["a.jl", "b.jl"]}), path)
        items = list(discover([str(path)]))
        assert all(isinstance(i, SourceFile) for i in items) and items[1].read() == b"y = 2.0\n"
        recs = ingest_with_swap([path], tmp_path / f"out-{kind}")
        assert {r["status"] for r in recs.values()} == {"labeled"}


def test_content_bytes_never_allocates_from_a_number():
    from juliatag.sources import UnsafeFile, content_bytes

    with pytest.raises(UnsafeFile, match="int"):
        content_bytes(10**12)
    assert content_bytes("é") == "é".encode()
