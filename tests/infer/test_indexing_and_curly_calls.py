"""Results of Base operations on arrays and parametric types that used to come out wrong: what
non-scalar indexing copies into (an Array only for Array and views of one; a BitArray for a BitArray,
a range or a Vector for a range, nothing known for another array type), and `Ref{T}(x)`."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import first_types

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


def test_non_scalar_indexing_copies_into_an_array_only_for_dense_arrays():
    src = ("struct MyArr{T} <: AbstractVector{T}\n    v::Vector{T}\nend\n"
           "function f(x::MyArr{Float64}, M::Matrix{Int}, b::BitVector, r::UnitRange{Int})\n"
           "    a1 = M[:, 1]\n    a2 = M[1, 2]\n    a3 = view(M, 1:2, :)\n"
           "    b1 = b[1:2]\n    r1 = r[[1, 2]]\n    r2 = r[2:3]\n"
           "    x1 = x[1]\n    x2 = x[1:2]\n    return a1\nend\n")
    t = first_types(src)
    assert (t["a1"], t["a2"]) == ("Vector{Int64}", "Int64")
    assert t["b1"] == "BitArray{1}"            # a BitArray indexes into a BitArray (BitVector)
    assert t["r1"] == "Vector{Int64}"
    assert t["r2"] is None                     # (1:10)[2:3] is a UnitRange: not an Array
    assert t["x1"] == "Float64"                # scalar indexing: the element type
    assert t["x2"] is None                     # the package's array: its own getindex/similar decides


def test_ref_with_a_written_parameter():
    t = first_types("a = Ref{Any}(nothing)\nb = Ref(1.0)\nc = Ref{Int}()\n")
    assert (t["a"], t["b"], t["c"]) == ("Base.RefValue{Any}", "Base.RefValue{Float64}", "Base.RefValue{Int64}")
