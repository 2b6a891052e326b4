"""
    RunningTally

Single-pass ("online") statistics: running means and variances, extrema,
counters, integer histograms and a reservoir sampler. Every accumulator
supports `fit!`, `value`, `nobs` and `merge!`.
"""
module RunningTally

export Accumulator, Mean, Variance, Extrema, CountMap, Histogram, Reservoir, Series
export fit!, value, nobs, reset!, mean, std, bins, bincounts, mode
export tally, describe_data

include("accumulators.jl")
include("histogram.jl")
include("reservoir.jl")
include("series.jl")

end # module
