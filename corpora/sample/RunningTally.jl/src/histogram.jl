# Fixed-width integer-indexed histograms.

"""
    Histogram(width; offset=0.0)

Counts observations into bins of the given `width`. Bin `k` covers the
half-open interval `[offset + k*width, offset + (k+1)*width)`. Bins are
created lazily, so the histogram can grow in either direction.
"""
mutable struct Histogram <: Accumulator{Dict{Int,Int}}
    width::Float64
    offset::Float64
    counts::Dict{Int,Int}
    n::Int
    nonfinite::Int
    function Histogram(width::Real; offset::Real=0.0)
        width > 0 || throw(ArgumentError("bin width must be positive, got $width"))
        return new(Float64(width), Float64(offset), Dict{Int,Int}(), 0, 0)
    end
end

"""
    binindex(h, x) -> Int

Index of the bin that `x` falls into.
"""
binindex(h::Histogram, x::Real)::Int = floor(Int, (x - h.offset) / h.width)

"""
    binedges(h, k) -> Tuple{Float64,Float64}

Lower and upper edge of bin `k`.
"""
binedges(h::Histogram, k::Integer) = (h.offset + k * h.width, h.offset + (k + 1) * h.width)

function fit!(h::Histogram, x::Real)
    h.n += 1
    if !isfinite(x)
        # Infinite and NaN values are counted but not binned.
        h.nonfinite += 1
        return h
    end
    k = binindex(h, x)
    h.counts[k] = get(h.counts, k, 0) + 1
    return h
end

value(h::Histogram) = h.counts

"""
    bins(h) -> Vector{Int}

Sorted indices of all non-empty bins.
"""
bins(h::Histogram) = sort!(collect(keys(h.counts)))

"""
    bincounts(h; fill_gaps=true) -> Vector{Pair{Int,Int}}

`bin => count` pairs in bin order. With `fill_gaps`, empty bins between the
smallest and largest occupied bin are included with count zero.
"""
function bincounts(h::Histogram; fill_gaps::Bool=true)
    isempty(h.counts) && return Pair{Int,Int}[]
    ks = bins(h)
    range_ = fill_gaps ? (first(ks):last(ks)) : ks
    return [k => get(h.counts, k, 0) for k in range_]
end

function Base.merge!(a::Histogram, b::Histogram)
    if a.width != b.width || a.offset != b.offset
        throw(ArgumentError("cannot merge histograms with different binning"))
    end
    for (k, c) in b.counts
        a.counts[k] = get(a.counts, k, 0) + c
    end
    a.n += b.n
    a.nonfinite += b.nonfinite
    return a
end

reset!(h::Histogram) = (empty!(h.counts); h.n = 0; h.nonfinite = 0; h)

"""
    quantile_estimate(h, p) -> Float64

Approximate `p`-quantile by linear interpolation within the bin where the
cumulative count crosses `p * n`. Returns `NaN` for an empty histogram.
"""
function quantile_estimate(h::Histogram, p::Real)::Float64
    @assert 0 ≤ p ≤ 1 "p must lie in [0, 1]"
    total = h.n - h.nonfinite
    total == 0 && return NaN
    target = p * total
    cum = 0
    for (k, c) in bincounts(h; fill_gaps=false)
        if cum + c ≥ target
            lo, hi = binedges(h, k)
            frac = c == 0 ? 0.0 : (target - cum) / c
            return lo + frac * (hi - lo)
        end
        cum += c
    end
    return binedges(h, last(bins(h)))[2]
end

# Characters used by `render`. Not `const`: users may swap in ASCII.
bar_glyph = '█'

"""
    render(io, h; maxwidth=40)

Draw a horizontal bar chart of the histogram.
"""
function render(io::IO, h::Histogram; maxwidth::Int=40)
    pairs_ = bincounts(h)
    if isempty(pairs_)
        println(io, "(empty histogram)")
        return nothing
    end
    peak = maximum(last, pairs_)
    for (k, c) in pairs_
        lo, hi = binedges(h, k)
        len = peak == 0 ? 0 : round(Int, maxwidth * c / peak)
        label = rpad("[$(round(lo; digits=2)), $(round(hi; digits=2)))", 20)
        println(io, label, " ", repeat(bar_glyph, len), " ", c)
    end
    h.nonfinite > 0 && println(io, "non-finite: ", h.nonfinite)
    return nothing
end

render(h::Histogram; kw...) = render(stdout, h; kw...)
