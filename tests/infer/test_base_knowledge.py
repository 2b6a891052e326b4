"""Base knowledge read from data/: the return-type table's type functions and base_knowledge.toml."""

import pytest

from juliatag.infer.base import knowledge
from juliatag.infer.base.methods import _parse_line, eval_return
from juliatag.types.jtypes import FLOAT64, INT64, STRING, UNKNOWN, DataT, dt, show
from juliatag.types.registry import base_registry


@pytest.mark.parametrize("ret, env, expected", [
    ("ntuple_of(3, T)", {"T": INT64}, "Tuple{Int64, Int64, Int64}"),
    ("ntuple_of(N, Float64)", {"N": 2}, "Tuple{Float64, Float64}"),
    ("vectorof(T)", {"T": FLOAT64}, "Vector{Float64}"),
])
def test_return_type_functions(ret, env, expected):
    reg = base_registry()
    meth = _parse_line(f"f(::T) where {{T}} = {ret}", reg)
    assert show(eval_return(meth.ret_ast, env, reg)) == expected


def test_ntuple_of_an_unknown_length_is_unknown():
    reg = base_registry()
    meth = _parse_line("f(::T) where {T} = ntuple_of(N, T)", reg)
    assert eval_return(meth.ret_ast, {"T": INT64}, reg) is UNKNOWN


def test_knowledge_tables():
    assert knowledge.STRING_PREFIXES["r"] == dt("Regex")
    assert knowledge.STRING_PREFIXES["b"] == DataT("Base.CodeUnits", (dt("UInt8"), STRING))
    assert knowledge.STRING_PREFIXES["L"] is UNKNOWN
    assert knowledge.MACRO_RESULTS["elapsed"] == FLOAT64
    assert "inbounds" in knowledge.TYPE_PRESERVING_MACROS and "test" in knowledge.NOTHING_MACROS
    assert "LinearAlgebra" in knowledge.STDLIB_MODULES


def test_a_malformed_type_in_the_tables_is_a_clear_error():
    with pytest.raises(ValueError, match="bad type"):
        knowledge.plain_type("Vector{Int64")
