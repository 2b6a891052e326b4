# Bundles of accumulators updated together, and convenience front ends.

"""
    Series(; accs...)

A named group of accumulators that are all fed the same observations.

```julia
s = Series(mean=Mean(), var=Variance(), range=Extrema())
fit!(s, [1.0, 2.0, 3.0])
value(s).mean  # 2.0
```
"""
struct Series{NT<:NamedTuple}
    accs::NT
end

Series(; accs...) = Series(NamedTuple(accs))

Base.getproperty(s::Series, name::Symbol) =
    name === :accs ? getfield(s, :accs) : getfield(getfield(s, :accs), name)

Base.propertynames(s::Series) = keys(getfield(s, :accs))

function fit!(s::Series, x)
    for acc in s.accs
        fit!(acc, x)
    end
    return s
end

value(s::Series) = map(value, s.accs)
nobs(s::Series) = isempty(s.accs) ? 0 : nobs(first(s.accs))

function Base.merge!(a::Series, b::Series)
    keys(a.accs) == keys(b.accs) || throw(ArgumentError("series have different members"))
    foreach(merge!, a.accs, b.accs)
    return a
end

Base.show(io::IO, s::Series) = print(io, "Series(", join(keys(s.accs), ", "), "; n=", nobs(s), ")")

# ---------------------------------------------------------------------------

# How many digits `describe_data` rounds to. Deliberately a plain global that
# callers may reassign, so functions that read it are not type-stable.
default_digits = 3

"""
    tally(xs; width=1.0) -> NamedTuple

One-shot summary of an iterable of numbers, skipping `missing`.
Returns `(n, missing, mean, var, min, max, hist)`.
"""
function tally(xs; width::Real=1.0)
    s = Series(mean=Mean(), var=Variance(), ext=Extrema(), hist=Histogram(width))
    nmissing = 0
    for x in xs
        if x === missing
            nmissing += 1
            continue
        end
        fit!(s, x)
    end
    v = value(s)
    return (n=nobs(s), missing=nmissing, mean=v.mean, var=v.var,
            min=v.ext.min, max=v.ext.max, hist=s.hist)
end

"""
    describe_data(xs; digits=default_digits) -> String

Human readable multi-line description of the data.
"""
function describe_data(xs; digits=default_digits)
    t = tally(xs)
    if t.n == 0
        return "no data ($(t.missing) missing)"
    end
    r(x) = round(x; digits=digits)
    lines = String[]
    push!(lines, "n = $(t.n)" * (t.missing > 0 ? " ($(t.missing) missing)" : ""))
    push!(lines, "mean = $(r(t.mean))")
    push!(lines, "sd = $(t.n > 1 ? r(√t.var) : "n/a")")
    push!(lines, "range = [$(r(t.min)), $(r(t.max))]")
    return join(lines, "\n")
end

"""
    ewma(xs; α=0.1)

Exponentially weighted moving average. The accumulator starts as `nothing`
and becomes a number on the first observation, so its type changes inside
the loop; real code is full of this pattern.
"""
function ewma(xs; α::Real=0.1)
    0 < α ≤ 1 || throw(ArgumentError("α must be in (0, 1]"))
    acc = nothing
    for x in xs
        ismissing(x) && continue
        acc = acc === nothing ? float(x) : α * x + (1 - α) * acc
    end
    return acc
end

"""
    zscores(xs) -> Vector{Union{Missing,Float64}}

Standardise `xs`, passing `missing` through untouched.
"""
function zscores(xs::AbstractVector)
    v = fit!(Variance(), xs)
    μ, σ = mean(v), std(v)
    return map(x -> ismissing(x) ? missing : (x - μ) / σ, xs)
end

"""
    standardize(xs) -> Vector{Float64}

Broadcasting version of [`zscores`](@ref) for data without missing values.
"""
function standardize(xs::AbstractVector{<:Real})
    v = fit!(Variance(), xs)
    return (xs .- mean(v)) ./ std(v)
end

"""
    mixed_report(xs) -> Vector{Any}

A flat, heterogeneous report: label strings interleaved with values.
"""
function mixed_report(xs)
    t = tally(xs)
    report = []
    for (k, v) in pairs(t)
        k === :hist && continue
        push!(report, string(k))
        push!(report, v)
    end
    return report
end
