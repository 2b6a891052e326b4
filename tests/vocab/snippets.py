"""Small Julia files written for these tests (not taken from any package)."""

GEOMETRY = '''module Geometry

export Point, norm2, midpoint

abstract type AbstractPoint{T<:Real} end

struct Point{T<:Real} <: AbstractPoint{T}
    x::T
    y::T
end

Base.@kwdef mutable struct Canvas
    width::Int = 640
    height::Int = 480
    title::String = "untitled"
end

@inline norm2(p::Point) = p.x^2 + p.y^2

function midpoint(a::Point{T}, b::Point{T}) where {T<:AbstractFloat}
    return Point((a.x + b.x) / 2, (a.y + b.y) / 2)
end

function halve(n::Integer)
    @assert n ≥ 0 "n must be non-negative"
    return n ÷ 2
end

inside(p, lo, hi) = lo ≤ p.x ≤ hi && lo ≤ p.y ≤ hi

end # module
'''

KERNELS = '''# Kernels with explicit loops: α and β are scale factors, √ is sqrt.
function axpy!(α, x::AbstractVector, y::AbstractVector)
    @assert length(x) == length(y)
    @inbounds @simd for i in eachindex(x, y)
        y[i] += α * x[i]
    end
    return y
end

function blend!(out, a, b; β = 0.5)
    @views out[1:end-1] .= β .* a[1:end-1] .+ (1 - β) .* b[2:end]
    out[end] = a[end]
    return out
end

rootsum(xs) = √(sum(abs2, xs))

function count_members(xs, set)
    total = 0
    for x ∈ xs
        if x ∈ set && x !== nothing
            total += 1
        end
    end
    total
end
'''

PIPES = '''using Statistics: mean

const NAMES = Dict(:a => "alpha", :b => "beta", :g => "gamma")

describe(xs) = xs |> collect |> sort |> first

function summarize(rows::Vector{<:NamedTuple})
    groups = Dict{Symbol, Vector{Float64}}()
    for row in rows
        push!(get!(groups, row.key, Float64[]), row.value)
    end
    return Dict(k => mean(v) for (k, v) in groups)
end

apply_all(fs, x) = map(f -> f(x), fs)
splat(args...; kw...) = (length(args), length(kw))

same(a, b) = a === b
different(a, b) = a !== b
iscontainer(::Type{T}) where T >: Vector = true
'''

UNICODE = '''# Non-ASCII everywhere: strings, comments, identifiers and operators.
greeting = "こんにちは, wörld 🎉"
narrow = "10\u202f000 items"   # U+202F narrow no-break space inside the string
λ = 0.5; μ₁ = 2λ
θ′ = π / 4
ratio = 7 ÷ 2
isless_or_equal(a, b) = a ≤ b
element(x, s) = x ∈ s
# emoji in a comment: 🚀✨ and a zero width joiner 👩‍💻
sentinel = "<|endoftext|> is only text here"
'''

TABS_AND_CRLF = "function tabbed(x)\r\n\tif x > 0\r\n\t\treturn x\r\n\tend\r\n\treturn -x\r\nend\r\n"

FILES = {
    "Geometry.jl/src/Geometry.jl": GEOMETRY,
    "Kernels.jl/src/kernels.jl": KERNELS,
    "Pipes.jl/src/pipes.jl": PIPES,
    "Pipes.jl/src/unicode.jl": UNICODE,
    "Pipes.jl/test/tabs.jl": TABS_AND_CRLF,
}
