"""Issue 16: Base and LinearAlgebra results a corpus-wide count of unknown calls with known arguments
found missing (`rand(1:3, 2, 2)`, `intersect(OneTo, UnitRange)`, `CartesianIndex(i, j)`, `M \\ v`,
`M + I`, `mul!(C, A, B)`, `eigen(Symmetric(A)).values`), `Val` of a constant, and `Val{true}` told
from `Val{1}` (Python's True == 1)."""

import pytest

from juliatag.syntax.fatou import find_fatou
from juliatag.types.jtypes import DataT

from .snippets import first_types

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

SOURCE = """using LinearAlgebra, Random
function f(M::Matrix{Float64}, A::Matrix{Int}, v::Vector{Float64}, w::Vector{Int}, rng::AbstractRNG)
    a1 = rand(1:3, 2, 2)
    a2 = rand(Float32, 2, 3, 4, 5)
    a3 = randn(ComplexF64, 2, 2)
    a4 = randn(rng, ComplexF32, 3)
    i1 = intersect(Base.OneTo(3), 1:2)
    i2 = intersect(Base.OneTo(3), Base.OneTo(2))
    c1 = CartesianIndex(1, 2)
    c2 = CartesianIndices((2, 3))
    c3 = LinearIndices(M)
    x1 = minmax(1, 2)
    s1 = M \\ v
    s2 = A \\ w
    s3 = M / M
    s4 = A \\ M
    p1 = M^2
    p2 = A^3
    u1 = M + I
    u2 = I - A
    u3 = A - 2I
    u4 = M + 0.5I
    n1 = opnorm(M)
    n2 = cond(A)
    t1 = triu(M, 1)
    t2 = Tridiagonal(M)
    e1 = eigen(Symmetric(M))
    e2 = e1.values
    e3 = svd(M).S
    m1 = mul!(similar(v), M, v)
    m2 = ldiv!(lu(M), v)
    v1 = Val(true)
    v2 = Val(:name)
    return a1
end
"""


def test_base_and_linear_algebra_results():
    t = first_types(SOURCE)
    expected = {
        "a1": "Matrix{Int64}", "a2": "Array{Float32, 4}", "a3": "Matrix{Complex{Float64}}",
        "a4": "Vector{Complex{Float32}}", "i1": "UnitRange{Int64}", "i2": "Base.OneTo{Int64}",
        "c1": "CartesianIndex{2}", "c2": "CartesianIndices{2, Tuple{Base.OneTo{Int64}, Base.OneTo{Int64}}}",
        "c3": "LinearIndices{2, Tuple{Base.OneTo{Int64}, Base.OneTo{Int64}}}", "x1": "Tuple{Int64, Int64}",
        "s1": "Vector{Float64}", "s2": "Vector{Float64}", "s3": "Matrix{Float64}", "s4": "Matrix{Float64}",
        "p1": "Matrix{Float64}", "p2": "Matrix{Int64}",
        "u1": "Matrix{Float64}", "u2": "Matrix{Int64}", "u3": "Matrix{Int64}", "u4": "Matrix{Float64}",
        "n1": "Float64", "n2": "Float64", "t1": "Matrix{Float64}", "t2": "Tridiagonal{Float64, Vector{Float64}}",
        "e1": "Eigen{Float64, Float64, Matrix{Float64}, Vector{Float64}}", "e2": "Vector{Float64}",
        "e3": "Vector{Float64}", "m1": "Vector{Float64}", "m2": "Vector{Float64}",
        "v1": "Val{true}", "v2": "Val{:name}",
    }
    assert {k: t.get(k) for k in expected} == expected


def test_results_left_unknown_where_the_type_is_not_certain():
    src = """using LinearAlgebra
function g(M::Matrix{Float64}, H::Matrix{Float16}, B::Matrix{Bool}, U::Matrix{UInt8}, v::Vector{Float64}, n::Int)
    q1 = M^0.5
    q2 = cond(H)
    q3 = v \\ v
    q4 = Val(n)
    q5 = B + I
    q6 = U - I
    q7 = svd(M).V
    q8 = lu(M).L
    return q1
end
"""
    t = first_types(src)
    # a real power of a matrix may be complex; LAPACK computes a Float16 matrix's svdvals in
    # Float32; a vector's `\\` is a number; Val of a run-time value is some Val; a Bool or unsigned
    # matrix's shift has its own promotion (`-true` is an Int); V and L are computed properties
    for name in ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"):
        assert t[name] is None, name


def test_val_true_is_not_val_one():
    # Python's True == 1: a type parameter that is Julia's `true` must not pass for `1`
    assert DataT("Val", (True,)) != DataT("Val", (1,))
    assert DataT("Val", (False,)) != DataT("Val", (0,))
    assert DataT("Val", (1,)) == DataT("Val", (1,))
    src = """f(::Val{1}) = 1.0
f(::Val{true}) = "one"
function g()
    a = f(Val{true}())
    b = f(Val{1}())
    c = Val{1}()
    d = Val{true}()
    return a
end
"""
    t = first_types(src)
    assert (t["a"], t["b"]) == ("String", "Float64")
    assert (t["c"], t["d"]) == ("Val{1}", "Val{true}")


def test_more_base_results():
    src = """function h(a::Threads.Atomic{Int}, v::Vector{Float64})
    b1 = Sys.iswindows()
    b2 = Base.copymutable(v)
    b3 = Base.uniontypes(Union{Int, Float64})
    b4 = Threads.atomic_add!(a, 1)
    b5 = write("file.txt", "text")
    b6 = get((1, 2), 3, 0)
    b7 = ones((2, 3))
    b8 = zeros(Float32, (2,))
    b9 = ones(Float32, 2, 3, 4, 5)
    return b1
end
"""
    t = first_types(src)
    expected = {"b1": "Bool", "b2": "Vector{Float64}", "b3": "Vector{Any}", "b4": "Int64", "b5": "Int64",
                "b6": "Int64", "b7": "Matrix{Float64}", "b8": "Vector{Float32}", "b9": "Array{Float32, 4}"}
    assert {k: t.get(k) for k in expected} == expected


def test_a_variable_two_arguments_share_makes_a_method_more_specific():
    # `pick(v::Vector{T}, k::T)` is more specific than `pick(v::Vector{T}, k::Real)` (Julia's
    # specificity: the shared T constrains the pair), though at each position alone they look alike
    src = """pick(v::Vector{T}, k::T) where {T<:Real} = 1.0
pick(v::Vector{T}, k::Real) where {T<:Real} = "promoted"
function g()
    a = pick([1.0], 2.0)
    b = pick([1.0], 2)
    return a
end
"""
    t = first_types(src)
    assert (t["a"], t["b"]) == ("Float64", "String")


def test_fix1_and_fix2_values_call_their_function():
    src = """function h(v::Vector{Int})
    f = Base.Fix1(-, 1.0)
    g = ==(2)
    c1 = f(2.0)
    c2 = g(3)
    c3 = map(g, v)
    c4 = filter(g, v)
    c5 = count(g, v)
    c6 = map(f, [1.0, 2.0])
    c7 = Base.Fix1(x -> x, 1)
    return c1
end
"""
    t = first_types(src)
    assert t["f"] == "Base.Fix1{typeof(-), Float64}" and t["g"] == "Base.Fix2{typeof(==), Int64}"
    expected = {"c1": "Float64", "c2": "Bool", "c3": "Vector{Bool}", "c4": "Vector{Int64}", "c5": "Int64",
                "c6": "Vector{Float64}"}
    assert {k: t.get(k) for k in expected} == expected
    assert t["c7"] is None   # a closure's type is anonymous: not named here


def test_parts_of_an_array_of_complex_numbers_and_matrix_functions():
    src = """using LinearAlgebra
function parts(c::Vector{ComplexF64}, M::Matrix{Float64})
    p1 = conj(c)
    p2 = real(c)
    p3 = imag(c)
    p4 = imag(M)
    f1 = exp(M)
    f2 = exp([1 2; 3 4])
    f3 = sin(M)
    f4 = cos(M)
    f5 = normalize(M)
    f6 = exp(Float16[1 2; 3 4])
    return p1
end
"""
    t = first_types(src)
    expected = {"p1": "Vector{Complex{Float64}}", "p2": "Vector{Float64}", "p3": "Vector{Float64}",
                "p4": "Matrix{Float64}", "f1": "Matrix{Float64}", "f2": "Matrix{Float64}", "f3": "Matrix{Float64}",
                "f4": "Matrix{Float64}", "f5": "Matrix{Float64}"}
    assert {k: t.get(k) for k in expected} == expected
    assert t["f6"] is None   # a Float16 matrix's exp is computed in Float32 (eigtype)


def test_merge_promotes_the_value_types_of_the_dicts_it_merges():
    src = """function m(d::Dict{String, Int}, e::Dict{String, Float64}, f::Dict{Symbol, Int}, g::Dict{String, String})
    m1 = merge(d, e)
    m2 = merge(d, d, d)
    m3 = mergewith(+, d, d)
    m4 = merge(d, f)
    m5 = merge(d, g)
    return m1
end
"""
    t = first_types(src)
    assert (t["m1"], t["m2"], t["m3"]) == ("Dict{String, Float64}", "Dict{String, Int64}", "Dict{String, Int64}")
    # Dict{Any, Int64} and Dict{String, Any} in Julia: not claimed here, and never the first dict's type
    assert (t["m4"], t["m5"]) == (None, None)


def test_set_operations_promote_the_element_types_of_every_argument():
    src = """function s(iv::Vector{Int}, fv::Vector{Float64}, S::Set{Int}, FS::Set{Float64})
    o1 = setdiff(iv, [2])
    o2 = intersect(iv, 2:3)
    o3 = union(S, [3])
    o4 = setdiff(S, fv)
    o5 = setdiff(iv, fv)
    o6 = intersect(iv, fv)
    o7 = union(S, FS)
    o8 = intersect(S, FS)
    return o1
end
"""
    t = first_types(src)
    assert (t["o1"], t["o2"], t["o3"], t["o4"]) == ("Vector{Int64}", "Vector{Int64}", "Set{Int64}", "Set{Int64}")
    # Vector{Float64} and Set{Float64} in Julia (promote_eltype): never the first argument's type
    assert (t["o5"], t["o6"], t["o7"], t["o8"]) == (None, None, None, None)


def test_dates_arithmetic():
    src = """using Dates
function when(d::Date, t::DateTime)
    w1 = d + Day(1)
    w2 = d - Month(1)
    w3 = t + Hour(2)
    w4 = d - d
    w5 = t - t
    w6 = Day(1) + Day(2)
    w7 = d + Hour(1)
    return w1
end
"""
    t = first_types(src)
    expected = {"w1": "Date", "w2": "Date", "w3": "DateTime", "w4": "Day", "w5": "Millisecond", "w6": "Day"}
    assert {k: t.get(k) for k in expected} == expected
    assert t["w7"] is None   # a date moved by hours: not claimed


def test_a_package_type_named_fix2_is_not_bases():
    # only Base.Fix2 calls its function with the fixed argument; a package's own `Fix2` has its own
    # call method (here "own", which this snippet's functor lookup does not reach): never `-(3, 1)`
    src = """struct Fix2{F, T}
    f::F
    x::T
end
(p::Fix2)(y) = "own"
function h()
    q = Fix2(-, 1)
    c = q(3)
    return c
end
"""
    t = first_types(src)
    assert t["q"] == "Fix2{typeof(-), Int64}"
    assert t["c"] != "Int64"


def test_array_of_an_element_type_keeps_the_argument_s_dimensions():
    """Base's `Array{T}(A::AbstractArray{S,N}) = Array{T,N}(A)` (boot.jl), of any array."""
    src = ("using LinearAlgebra\nfunction f(M::Matrix{Int}, r::UnitRange{Int}, S::Symmetric{Float64, Matrix{Float64}})\n"
           "    a = Array{Float64}(M)\n    b = Array{Float32}(r)\n    c = Array{Int}(S)\n"
           "    return a\nend\n")
    got = first_types(src)
    assert (got["a"], got["b"], got["c"]) == ("Matrix{Float64}", "Vector{Float32}", "Matrix{Int64}")


def test_partialsort_gives_an_element_or_a_view():
    """Base's `partialsort!(v, k)` is `maybeview(v, k)`: `v[k]` for an integer, `view(v, k)` for a range."""
    src = ("function f(v::Vector{Float64})\n    a = partialsort!(v, 1)\n    b = partialsort!(v, 1:2)\n"
           "    c = partialsort(v, 1:2)\n    return a\nend\n")
    got = first_types(src)
    view = "SubArray{Float64, 1, Vector{Float64}, Tuple{UnitRange{Int64}}, true}"
    assert (got["a"], got["b"], got["c"]) == ("Float64", view, view)
