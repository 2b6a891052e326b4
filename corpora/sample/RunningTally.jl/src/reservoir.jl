#=
Reservoir sampling (Algorithm R) with a tiny built-in xorshift generator,
so that results are reproducible without depending on the Random stdlib.
=#

"""
    XorShift(seed)

A 64-bit xorshift* pseudo random generator. Not suitable for anything that
needs statistical quality; good enough for sampling in tests.
"""
mutable struct XorShift
    state::UInt64
    function XorShift(seed::Integer)
        s = UInt64(seed)
        # A zero state would stay zero forever.
        return new(s == 0 ? 0x9e3779b97f4a7c15 : s)
    end
end

function next!(g::XorShift)::UInt64
    x = g.state
    x ⊻= x >> 12
    x ⊻= x << 25
    x ⊻= x >> 27
    g.state = x
    return x * 0x2545f4914f6cdd1d
end

"""
    uniform_int(g, n) -> Int

A pseudo random integer in `1:n`.
"""
uniform_int(g::XorShift, n::Integer)::Int = Int(next!(g) % UInt64(n)) + 1

"""
    uniform(g) -> Float64

A pseudo random float in `[0, 1)`.
"""
uniform(g::XorShift)::Float64 = (next!(g) >> 11) * 2.0^-53

"""
    Reservoir{T}(k; seed=42)

Keeps a uniform random sample of at most `k` of the observations seen.
"""
mutable struct Reservoir{T} <: Accumulator{Vector{T}}
    k::Int
    sample::Vector{T}
    n::Int
    rng::XorShift
    function Reservoir{T}(k::Integer; seed::Integer=42) where {T}
        k > 0 || throw(ArgumentError("reservoir size must be positive"))
        return new{T}(k, T[], 0, XorShift(seed))
    end
end

Reservoir(k::Integer; seed::Integer=42) = Reservoir{Float64}(k; seed=seed)

function fit!(r::Reservoir{T}, x) where {T}
    r.n += 1
    if length(r.sample) < r.k
        push!(r.sample, convert(T, x))
    else
        j = uniform_int(r.rng, r.n)
        if j ≤ r.k
            @inbounds r.sample[j] = convert(T, x)
        end
    end
    return r
end

# Disambiguate against the generic collection and `missing` methods.
fit!(r::Reservoir, ::Missing) = r
function fit!(r::Reservoir, xs::Collection)
    for x in xs
        fit!(r, x)
    end
    return r
end

value(r::Reservoir) = r.sample

reset!(r::Reservoir) = (empty!(r.sample); r.n = 0; r)
