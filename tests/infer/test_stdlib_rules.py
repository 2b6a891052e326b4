"""Issue 16, cause 1: Base/stdlib return-type rules (data/base_methods.jl) that were missing or wrong:
LinearAlgebra, Statistics and SparseArrays functions, `dims` keywords, row vectors."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import first_types

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

SOURCE = """using LinearAlgebra, Statistics, SparseArrays
function f(v::Vector{Float64}, A::Matrix{Float64}, B::Matrix{Int}, sv::SparseVector{Float64, Int64},
           r::Vector{Rational{Int}}, C::Matrix{ComplexF64})
    k1 = kron(A, A)
    k2 = kron(B, C)
    d1 = Diagonal(v)
    h1 = Hermitian(C)
    s1 = Symmetric(A)
    l1 = logdet(A)
    t1 = tr(A)
    n1 = norm(B)
    q1 = quantile(v, 0.5)
    q2 = quantile(B[:, 1], [0.1, 0.9])
    q3 = quantile(B[:, 1], 1)
    md = median(B)
    m1 = mean(B)
    m2 = mean(B; dims=1)
    m3 = mean(abs, C)
    m4 = mean(sqrt, B, dims=2)
    m5 = mean(r)
    v1 = var(r)
    v2 = std(A, dims=2)
    sp = sparse(A)
    sd = spdiagm(0 => v)
    sz = spzeros(Float32, Int16, 3)
    c1 = vcat(sv, sv)
    c2 = hcat(sv, sv)
    c3 = vcat(v, [1, 2])
    r1 = transpose(v) * v
    r2 = v' * v
    r3 = v * v'
    r4 = v' * A
    r5 = 2.0 * transpose(v)
    r6 = -v'
    u1 = sum(B; dims=1)
    u2 = count(iszero, B, dims=2)
    u3 = argmax(A; dims=1)
    e1 = eigvals(A)
    e2 = eigvals(Symmetric(A))
    g1 = det(B)
    g2 = diagm([1, 2])
    return k1
end
"""


def test_stdlib_rules():
    t = first_types(SOURCE)
    expected = {
        "k1": "Matrix{Float64}", "k2": "Matrix{Complex{Float64}}",
        "d1": "Diagonal{Float64, Vector{Float64}}", "h1": "Hermitian{Complex{Float64}, Matrix{Complex{Float64}}}",
        "s1": "Symmetric{Float64, Matrix{Float64}}", "l1": "Float64", "t1": "Float64", "n1": "Float64",
        "q1": "Float64", "q2": "Vector{Float64}", "md": "Float64", "m1": "Float64",
        "m2": "Matrix{Float64}", "m3": "Float64", "m4": "Matrix{Float64}", "m5": "Rational{Int64}",
        "v1": "Rational{Int64}", "v2": "Matrix{Float64}",
        "sp": "SparseMatrixCSC{Float64, Int64}", "sd": "SparseMatrixCSC{Float64, Int64}",
        "sz": "SparseVector{Float32, Int16}",
        "c1": "SparseVector{Float64, Int64}", "c2": "SparseMatrixCSC{Float64, Int64}", "c3": "Vector{Float64}",
        "r1": "Float64", "r2": "Float64", "r3": "Matrix{Float64}",
        "r4": "Adjoint{Float64, Vector{Float64}}", "r5": "Transpose{Float64, Vector{Float64}}",
        "r6": "Adjoint{Float64, Vector{Float64}}",
        "u1": "Matrix{Int64}", "u2": "Matrix{Int64}", "u3": "Matrix{CartesianIndex{2}}",
        "e1": "Union{Vector{Complex{Float64}}, Vector{Float64}}", "e2": "Vector{Float64}",
        "g1": "Union{Float64, Int64}", "g2": "Matrix{Int64}",
    }
    got = {k: t.get(k) for k in expected}
    assert got == expected


def test_rules_left_unknown_where_the_type_is_not_certain():
    t = first_types(SOURCE)
    # quantile of integers at an integer probability is an integer, not a float; `q3`'s p is an Int
    assert t["q3"] is None


@pytest.mark.parametrize("call", ["sum(A; dims=1)", "maximum(A, dims=2)", "mean(A; dims=1)"])
def test_a_dims_keyword_never_gives_a_scalar(call):
    # a reduction over dimensions is an array: no rule without `dims` may answer such a call
    src = f"using Statistics\nfunction g(A::AbstractMatrix{{Float64}})\n    x = {call}\n    return x\nend\n"
    assert first_types(src)["x"] not in ("Float64",)


def test_copy_materializes_a_transposed_matrix_and_map_keeps_to_arrays():
    src = """using LinearAlgebra
function h(M::Matrix{Int}, v::Vector{Int}, s::String)
    c1 = copy(transpose(M))
    c2 = copy(v')
    m1 = map(x -> x + 1.0, M)
    m2 = map(x -> x + 1, Diagonal(v))
    m3 = map(uppercase, s)
    m4 = map(x -> x + 1, 1:3)
    return c1
end
"""
    t = first_types(src)
    assert t["c1"] == "Matrix{Int64}" and t["c2"] == "Adjoint{Int64, Vector{Int64}}"
    assert t["m1"] == "Matrix{Float64}" and t["m4"] == "Vector{Int64}" and t["m3"] == "String"
    assert t["m2"] is None  # a Diagonal's map is LinearAlgebra's (structured or dense)


BROADCASTS = """using LinearAlgebra
function g(v::Vector{Int}, d::Diagonal{Float64, Vector{Float64}})
    b1 = v .+ 1
    b2 = (1:3) .* 2
    b3 = sin.(1:3)
    b4 = d .* 2.0
    b5 = v' .* 2
    return b1
end
"""


def test_broadcast_keeps_a_kind_only_base_gives_an_array_for():
    t = first_types(BROADCASTS)
    assert t["b1"] == "Vector{Int64}"
    assert t["b2"] == "StepRange{Int64, Int64}"   # a range again (2:2:6), not a Vector
    assert t["b3"] == "Vector{Float64}"
    assert t["b4"] is None        # Diagonal's broadcast style keeps it Diagonal
    assert t["b5"] is None        # an adjoint vector stays a row


@pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")
def test_ranges_and_bit_vectors_keep_their_own_types_where_base_keeps_them():
    """Base's `reverse`, `vec`, `first(v, n)`, `reshape` and `circshift` give an Array for an
    Array; for a range they give a range (or a reshaped view), never a made-up Vector."""
    t = first_types("v = [3.0, 1.0]\na = sort(v)\nb = sort(1:3)\nc = reverse(1:3)\nd = reverse(Base.OneTo(3))\n"
                    "e = reverse(1:2:7)\nf = reverse(v)\ng = vec([1 2; 3 4])\nh = vec(1:3)\ni = first(v, 1)\n"
                    "j = first(1:10, 3)\nk = reshape(1:6, 2, 3)\nl = reshape([1, 2, 3, 4], 2, 2)\n"
                    "m = circshift(v, 1)\nn = circshift(1:3, 1)\no = reverse(trues(2))\n")
    assert (t["a"], t["f"], t["g"], t["i"], t["l"], t["m"]) == (
        "Vector{Float64}", "Vector{Float64}", "Vector{Int64}", "Vector{Float64}", "Matrix{Int64}", "Vector{Float64}")
    assert (t["c"], t["d"], t["e"], t["h"], t["o"]) == (
        "StepRange{Int64, Int64}", "StepRange{Int64, Int64}", "StepRange{Int64, Int64}", "UnitRange{Int64}",
        "BitVector")
    assert t["b"] is None and t["j"] is None and t["k"] is None and t["n"] is None


ARRAYS = ("struct W{T} <: AbstractVector{T}\n    v::Vector{T}\nend\n"
          "Base.size(w::W) = size(w.v)\nBase.getindex(w::W, i::Int) = w.v[i]\n"
          "struct S{T} <: AbstractVector{T}\n    v::Vector{T}\nend\n"
          "Base.size(s::S) = size(s.v)\nBase.getindex(s::S, i::Int) = s.v[i]\n"
          "Base.BroadcastStyle(::Type{<:S}) = Broadcast.ArrayStyle{S}()\n"
          "x = [1.0, 2.0]\nw = W([1.0, 2.0])\ns = S([1.0, 2.0])\n")


def test_broadcasting_over_a_package_array_without_a_style_of_its_own_makes_an_array():
    """Julia broadcasts an AbstractArray whose type no `BroadcastStyle` method names with Base's
    default style: an Array. One whose type has a style of its own may make anything."""
    t = first_types(ARRAYS + "a = x .* w\nb = x .* s\nc = w .+ 1\n")
    assert (t["a"], t["c"]) == ("Vector{Float64}", "Vector{Float64}")
    assert t["b"] is None


def test_a_lazy_broadcast_reduces_to_what_the_array_it_makes_reduces_to():
    """`sum(Broadcast.instantiate(Broadcast.broadcasted(f, v, w)))` (StatsBase's weighted moments):
    the sum of the elements `f(v[i], w[i])`; `copy` of it is the array broadcasting makes."""
    src = ARRAYS + ("bc = Broadcast.broadcasted((p, q) -> p * q, x, w)\nn = sum(Broadcast.instantiate(bc))\n"
                    "m = copy(bc)\nbs = Broadcast.broadcasted(+, x, s)\nk = sum(bs)\n"
                    "bi = Broadcast.broadcasted(+, 1:2, 1)\n")
    t = first_types(src + "using Pkg\nPkg.instantiate()\ninstantiate()\n")   # other functions of those names
    assert (t["n"], t["m"]) == ("Float64", "Vector{Float64}")
    assert t["k"] is None    # S has a style of its own
    assert t["bi"] is None   # a range broadcasts into a range
    assert first_types(src + "bt = Broadcast.broadcasted(+, x, w)\n")["bt"] == \
        "Base.Broadcast.Broadcasted{Base.Broadcast.DefaultArrayStyle{1}, Nothing, typeof(+), Tuple{Vector{Float64}, W{Float64}}}"


def test_a_package_array_whose_broadcasts_the_package_sends_elsewhere_is_not_an_array():
    """FillArrays' `broadcasted(::DefaultArrayStyle, ::typeof(+), ::AbstractZeros, ...)` (a method
    naming the type or a supertype of it), or a `similar` of a `Broadcasted`: the result is not known,
    but where the package's method applies (the style spelt through Base's `Broadcast` module), the
    result is what it returns."""
    hook = ARRAYS + ("abstract type AZ{T} <: AbstractVector{T} end\nstruct Z{T} <: AZ{T}\n    n::Int\nend\n"
                     "Base.size(z::Z) = (z.n,)\nBase.getindex(z::Z{T}, i::Int) where {T} = zero(T)\n"
                     "Base.broadcasted(::Broadcast.DefaultArrayStyle{1}, ::typeof(+), a::AZ, b::AZ) = a\n"
                     "z = Z{Float64}(2)\nd = z .+ z\ne = x .+ w\nm = z .* z\n")
    t = first_types(hook)
    assert (t["d"], t["e"], t["m"]) == ("Z{Float64}", "Vector{Float64}", None)
    sim = ARRAYS + "Base.similar(bc::Broadcast.Broadcasted, ::Type{T}) where {T} = 1\ne = x .+ w\n"
    assert first_types(sim)["e"] is None
