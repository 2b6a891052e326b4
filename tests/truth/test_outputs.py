"""Printed REPL outputs -> the type they fix (only Base's own forms)."""

import pytest

from juliatag.truth.outputs import printed_type

FORMS = [
    (["3-element Vector{Float64}:", " 1.0", " 2.0", " 3.0"], "Vector{Float64}", "array"),
    (["0-element Vector{Int64}"], "Vector{Int64}", "array"),
    (["2×2 Matrix{Int64}:", " 1  2", " 3  4"], "Matrix{Int64}", "array"),
    (["2×3×4 Array{Float64, 3}:"], "Array{Float64, 3}", "array"),
    (["3-element SparseVector{Float64, Int64} with 2 stored entries:"], "SparseVector{Float64, Int64}", "array"),
    (["Dict{String, Int64} with 2 entries:", '  "a" => 1'], "Dict{String, Int64}", "dict"),
    (["Set{Int64} with 1 element:", "  1"], "Set{Int64}", "dict"),
    (["Dict{Symbol, Any}()"], "Dict{Symbol, Any}", "dict"),
    (["2"], "Int64", "int"), (["-3"], "Int64", "int"),
    (["2.5"], "Float64", "float"), (["1.0e-5"], "Float64", "float"), (["Inf"], "Float64", "float"),
    (["NaN"], "Float64", "float"), (["-Inf"], "Float64", "float"),
    (["2.5f0"], "Float32", "float"), (["Inf32"], "Float32", "float"), (["Float16(2.5)"], "Float16", "float"),
    (['"abc"'], "String", "string"), (['"a\\"b"'], "String", "string"),
    (["'a': ASCII/Unicode U+0061 (category Ll: Letter, lowercase)"], "Char", "char"),
    ([":sym"], "Symbol", "symbol"),
    (["1//2"], "Rational{Int64}", "rational"),
    (["1 + 2im"], "Complex{Int64}", "complex"), (["1.0 - 2.5im"], "Complex{Float64}", "complex"),
    (["1.0f0 + 2.0f0im"], "Complex{Float32}", "complex"),
    (["0x01"], "UInt8", "unsigned"), (["0x0001"], "UInt16", "unsigned"), (["0x00000001"], "UInt32", "unsigned"),
    (["0x" + "0" * 16], "UInt64", "unsigned"), (["0x" + "0" * 32], "UInt128", "unsigned"),
    (["1:3"], "UnitRange{Int64}", "range"), (["1:2:5"], "StepRange{Int64, Int64}", "range"),
    (["0.0:0.5:1.0"], "StepRangeLen{Float64, Base.TwicePrecision{Float64}, Base.TwicePrecision{Float64}, Int64}",
     "range"),
    (["'a':1:'c'"], "StepRange{Char, Int64}", "range"), (["Base.OneTo(3)"], "Base.OneTo{Int64}", "range"),
    (["true"], "Bool", "bool"), (["missing"], "Missing", "missing"), (["nothing"], "Nothing", "nothing"),
]


@pytest.mark.parametrize("lines,type_text,family", FORMS)
def test_base_forms(lines, type_text, family):
    p = printed_type(lines)
    assert p is not None and (p.type_text, p.family, p.is_type_value) == (type_text, family, False)


def test_a_printed_type_is_a_type_value():
    p = printed_type(["Float64"])
    assert (p.type_text, p.is_type_value) == ("Float64", True)
    p = printed_type(["Vector{Int64} (alias for Array{Int64, 1})"])
    assert (p.type_text, p.is_type_value) == ("Vector{Int64}", True)


@pytest.mark.parametrize("lines", [
    ["3-element view(::Vector{Int64}, 1:3) with eltype Int64:"],
    ["1×3 adjoint(::Vector{Int64}) with eltype Int64:"],
    ["3-element OffsetArray(::Vector{Int64}, 0:2) with eltype Int64 with indices 0:2:"],
    ["3-element SVector{3, Int64} with indices SOneTo(3):"],
    ["Box(2.5)"], ["1.5 m"], ["2", "3"], [" 2"], [], ["f (generic function with 1 method)"],
    ["99999999999999999999"], ["0x012"], ["red::Color = 0"],
])
def test_other_outputs_fix_no_type(lines):
    assert printed_type(lines) is None
