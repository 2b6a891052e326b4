#=
Core accumulators.

Every accumulator is a mutable struct subtyping `Accumulator{T}`, where `T`
is the type of value it reports. New observations are folded in with `fit!`.
=#

"""
    Accumulator{T}

Abstract supertype of online statistics whose `value` is of type `T`.
"""
abstract type Accumulator{T} end

"""
    nobs(acc) -> Int

Number of observations seen so far.
"""
nobs(acc::Accumulator) = acc.n

"""
    fit!(acc, x)
    fit!(acc, xs)

Fold a single observation, or every element of an iterable, into `acc`.
`missing` values are skipped.
"""
function fit! end

const Collection = Union{AbstractArray,Tuple,Base.Generator}

fit!(acc::Accumulator, ::Missing) = acc

function fit!(acc::Accumulator, xs::Collection)
    for x in xs
        fit!(acc, x)
    end
    return acc
end

Base.show(io::IO, acc::Accumulator) =
    print(io, nameof(typeof(acc)), "(n=", nobs(acc), ", value=", value(acc), ")")

# ---------------------------------------------------------------------------

"""
    Mean()

Running arithmetic mean.
"""
mutable struct Mean <: Accumulator{Float64}
    μ::Float64
    n::Int
end

Mean() = Mean(0.0, 0)

function fit!(m::Mean, x::Real)
    m.n += 1
    m.μ += (x - m.μ) / m.n
    return m
end

value(m::Mean) = m.n == 0 ? NaN : m.μ

function Base.merge!(a::Mean, b::Mean)
    n = a.n + b.n
    n == 0 && return a
    a.μ = (a.n * a.μ + b.n * b.μ) / n
    a.n = n
    return a
end

reset!(m::Mean) = (m.μ = 0.0; m.n = 0; m)

# ---------------------------------------------------------------------------

"""
    Variance(; corrected=true)

Running variance using Welford's algorithm. With `corrected=true` the
unbiased (n-1) estimator is reported.
"""
mutable struct Variance <: Accumulator{Float64}
    μ::Float64
    M2::Float64
    n::Int
    corrected::Bool
end

Variance(; corrected::Bool=true) = Variance(0.0, 0.0, 0, corrected)

function fit!(v::Variance, x::Real)
    v.n += 1
    δ = x - v.μ
    v.μ += δ / v.n
    v.M2 += δ * (x - v.μ)
    return v
end

function value(v::Variance)::Float64
    d = v.corrected ? v.n - 1 : v.n
    return d ≤ 0 ? NaN : v.M2 / d
end

"""
    std(v::Variance)

Standard deviation, `√value(v)`.
"""
std(v::Variance) = √value(v)

"""
    mean(acc)

The running mean tracked by a `Mean` or `Variance` accumulator.
"""
mean(m::Mean) = value(m)
mean(v::Variance) = v.n == 0 ? NaN : v.μ

function Base.merge!(a::Variance, b::Variance)
    # Chan et al. parallel update.
    b.n == 0 && return a
    if a.n == 0
        a.μ, a.M2, a.n = b.μ, b.M2, b.n
        return a
    end
    n = a.n + b.n
    Δ = b.μ - a.μ
    a.M2 += b.M2 + Δ^2 * a.n * b.n / n
    a.μ += Δ * b.n / n
    a.n = n
    return a
end

function reset!(v::Variance)
    v.μ = 0.0
    v.M2 = 0.0
    v.n = 0
    return v
end

# ---------------------------------------------------------------------------

"""
    Extrema{T}()

Running minimum and maximum. `value` returns a named tuple `(min, max)`.
"""
mutable struct Extrema{T<:Real} <: Accumulator{NamedTuple{(:min, :max),Tuple{T,T}}}
    lo::T
    hi::T
    n::Int
    function Extrema{T}() where {T<:Real}
        return new{T}(typemax(T), typemin(T), 0)
    end
end

Extrema() = Extrema{Float64}()

function fit!(e::Extrema{T}, x::Real) where {T}
    y = convert(T, x)
    e.lo = min(e.lo, y)
    e.hi = max(e.hi, y)
    e.n += 1
    return e
end

value(e::Extrema) = (min=e.lo, max=e.hi)

function Base.merge!(a::Extrema{T}, b::Extrema{T}) where {T}
    a.lo = min(a.lo, b.lo)
    a.hi = max(a.hi, b.hi)
    a.n += b.n
    return a
end

reset!(e::Extrema{T}) where {T} = (e.lo = typemax(T); e.hi = typemin(T); e.n = 0; e)

# ---------------------------------------------------------------------------

"""
    CountMap{K}()

Counts occurrences of each distinct value.
"""
mutable struct CountMap{K} <: Accumulator{Dict{K,Int}}
    counts::Dict{K,Int}
    n::Int
end

CountMap{K}() where {K} = CountMap{K}(Dict{K,Int}(), 0)
CountMap() = CountMap{Any}()

function fit!(c::CountMap{K}, x) where {K}
    c.counts[x] = get(c.counts, x, 0) + 1
    c.n += 1
    return c
end

# These two methods resolve what would otherwise be ambiguities with the
# generic `Accumulator` methods above.
fit!(c::CountMap, ::Missing) = c

function fit!(c::CountMap, xs::Collection)
    foreach(x -> fit!(c, x), xs)
    return c
end

value(c::CountMap) = c.counts

"""
    mode(c::CountMap)

The most frequent key, or `nothing` if empty. Ties go to the key seen
first in iteration order, which is unspecified.
"""
function mode(c::CountMap)
    isempty(c.counts) && return nothing
    best, bestn = nothing, 0
    for (k, v) in pairs(c.counts)
        if v > bestn
            best, bestn = k, v
        end
    end
    return best
end

function Base.merge!(a::CountMap, b::CountMap)
    mergewith!(+, a.counts, b.counts)
    a.n += b.n
    return a
end

reset!(c::CountMap) = (empty!(c.counts); c.n = 0; c)
