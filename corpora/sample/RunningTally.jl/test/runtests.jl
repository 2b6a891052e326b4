using Test
using RunningTally
import RunningTally as RT

@testset "RunningTally" begin
    data = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]

    @testset "Mean" begin
        m = fit!(Mean(), data)
        @test value(m) ≈ 5.0
        @test nobs(m) == 8
        @test isnan(value(Mean()))
        a = fit!(Mean(), data[1:3])
        b = fit!(Mean(), data[4:end])
        @test value(merge!(a, b)) ≈ 5.0
        @test nobs(reset!(a)) == 0
        @test value(fit!(Mean(), [1.0, missing, 3.0])) == 2.0
    end

    @testset "Variance" begin
        v = fit!(Variance(), data)
        @test value(v) ≈ 32 / 7
        @test std(fit!(Variance(corrected=false), data)) ≈ 2.0
        @test mean(v) ≈ 5.0
        a = fit!(Variance(), data[1:5])
        b = fit!(Variance(), data[6:end])
        @test value(merge!(a, b)) ≈ value(v)
        @test isnan(value(fit!(Variance(), 1.0)))
        e = Variance()
        @test value(merge!(e, v)) ≈ value(v)
    end

    @testset "Extrema and CountMap" begin
        e = fit!(Extrema(), data)
        @test value(e) == (min=2.0, max=9.0)
        ei = fit!(Extrema{Int}(), (3, -1, 8))
        @test value(ei).min == -1

        c = fit!(CountMap{String}(), split("a b a c a b"))
        @test value(c)["a"] == 3
        @test mode(c) == "a"
        @test mode(CountMap()) === nothing
        c2 = fit!(CountMap{String}(), ["c", "c", "c", "c"])
        merge!(c, c2)
        @test mode(c) == "c" && nobs(c) == 10
    end

    @testset "Histogram" begin
        h = fit!(Histogram(1.0), [0.5, 1.5, 1.7, 3.2, Inf])
        @test bins(h) == [0, 1, 3]
        @test bincounts(h) == [0 => 1, 1 => 2, 2 => 0, 3 => 1]
        @test bincounts(h; fill_gaps=false) == [0 => 1, 1 => 2, 3 => 1]
        @test h.nonfinite == 1
        @test nobs(h) == 5
        @test RT.binedges(h, 2) == (2.0, 3.0)
        @test 1.0 ≤ RT.quantile_estimate(h, 0.5) ≤ 2.0
        @test isnan(RT.quantile_estimate(Histogram(2), 0.5))
        @test_throws ArgumentError Histogram(0)
        @test_throws ArgumentError merge!(Histogram(1), Histogram(2))
        io = IOBuffer()
        RT.render(io, h; maxwidth=4)
        out = String(take!(io))
        @test occursin("████", out)
        @test occursin("non-finite: 1", out)
    end

    @testset "Reservoir" begin
        r = fit!(Reservoir(5; seed=7), 1:1000)
        @test length(value(r)) == 5
        @test all(x -> 1 ≤ x ≤ 1000, value(r))
        @test nobs(r) == 1000
        r2 = fit!(Reservoir(5; seed=7), 1:1000)
        @test value(r) == value(r2)
        small = fit!(Reservoir{Int}(10), [4, 5, 6])
        @test value(small) == [4, 5, 6]
        g = RT.XorShift(0)
        @test all(0 ≤ RT.uniform(g) < 1 for _ in 1:100)
    end

    @testset "Series and front ends" begin
        s = Series(m=Mean(), v=Variance())
        fit!(s, data)
        @test value(s).m ≈ 5.0
        @test nobs(s) == 8
        @test s.m isa Mean
        t = tally([1, 2, missing, 3])
        @test t.n == 3 && t.missing == 1
        @test t.mean ≈ 2.0 && (t.min, t.max) == (1.0, 3.0)
        text = describe_data([1.0, 2.0, 3.0, missing])
        @test occursin("n = 3 (1 missing)", text)
        @test occursin("sd = 1.0", text)
        @test describe_data(Float64[]) == "no data (0 missing)"
        @test RT.ewma(Float64[]) === nothing
        @test RT.ewma([1.0, 3.0]; α=0.5) ≈ 2.0
        z = RT.zscores([1.0, missing, 3.0])
        @test ismissing(z[2]) && z[1] ≈ -z[3]
        @test RT.standardize([1.0, 2.0, 3.0]) ≈ [-1.0, 0.0, 1.0]
        rep = RT.mixed_report([1, 2])
        @test rep isa Vector{Any}
        @test rep[1] == "n" && rep[2] == 2
    end
end
