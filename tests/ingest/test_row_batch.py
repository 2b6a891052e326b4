"""A corpus row built from buffers is the very batch `pa.array` builds from Python objects."""

import subprocess
import sys

import pyarrow as pa
import pytest

from juliatag.corpus.writer import _FUNCTION_STRUCT, COLUMNS, arrow_schema, row_batch


def _reference(row: dict) -> pa.RecordBatch:
    arrays = [pa.array([row[name]], type=typ) for name, typ, _ in COLUMNS]
    arrays.append(pa.array([row["functions"]], type=pa.list_(_FUNCTION_STRUCT)))
    return pa.RecordBatch.from_arrays(arrays, schema=arrow_schema())


def _ipc(batch: pa.RecordBatch) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, arrow_schema()) as w:
        w.write_batch(batch)
    return sink.getvalue().to_pybytes()


def _row(n: int, functions: list) -> dict:
    return {
        "path": "P/src/é.jl", "package": "P", "sha256": "ab" * 32, "text": "x = 1 # ∀\n" * n,
        "lex_start": list(range(n)), "lex_end": [i + 1 for i in range(n)], "lex_kind": [i % 200 for i in range(n)],
        "lex_type": [None if i % 3 else "Vector{Int64}" for i in range(n)],
        "lex_type_id": [i - 5 for i in range(n)], "lex_concreteness": [i % 3 - 1 for i in range(n)],
        "lex_depth": [i % 7 for i in range(n)], "lex_stability": [i % 4 for i in range(n)],
        "lex_flags": [i * 257 % 65536 for i in range(n)], "functions": functions,
    }


@pytest.mark.parametrize("n, functions", [
    (0, []),
    (11, []),
    (20, [{"name": "f", "start": 0, "end": 9, "return_type": None, "stability": 1},
          {"name": "∂g", "start": 10, "end": 19, "return_type": "Float64", "stability": 2}]),
])
def test_row_batch_is_the_batch_pa_array_builds(n, functions):
    row = _row(n, functions)
    batch = row_batch(row)
    assert batch.equals(_reference(row))
    assert _ipc(batch) == _ipc(_reference(row))
    assert batch.to_pylist() == [row]


def test_row_batch_does_not_import_pandas(tmp_path):
    """(`pa.array` on Python objects imports pandas: some 50 MB in every labelling worker.)"""
    (tmp_path / "a_row.py").write_text(f"ROW = {_row(5, [])!r}\n")
    code = "import sys; from juliatag.corpus.writer import row_batch; import a_row; row_batch(a_row.ROW); " \
           "print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.strip() == "False"
