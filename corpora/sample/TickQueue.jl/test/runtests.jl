using Test
using TickQueue
const TQ = TickQueue

@testset "TickQueue" begin
    @testset "event queue" begin
        q = EventQueue()
        noop = _ -> nothing
        for t in (5.0, 1.0, 3.0, 1.0, 4.0)
            push!(q, t, noop)
        end
        @test length(q) == 5
        e = push!(q, 2.0, noop; label="two")
        @test cancel!(q, e)
        @test !cancel!(q, e)
        times = Float64[]
        while (ev = pop!(q)) !== nothing
            push!(times, ev.t)
        end
        @test times == [1.0, 1.0, 3.0, 4.0, 5.0]
        @test isempty(q)
        @test TQ.peek_time(q) === nothing
        @test_throws ArgumentError push!(q, Inf, noop)
        a = push!(q, 1.0, noop)
        b = push!(q, 1.0, noop)
        @test pop!(q) === a && pop!(q) === b
    end

    @testset "scheduling" begin
        sim = Simulation()
        seen = String[]
        schedule!(sim, 2.0; label="b") do s
            push!(seen, "b@$(now(s))")
        end
        schedule!(sim, 1.0) do s
            push!(seen, "a@$(now(s))")
            after!(s, 0.5) do s2
                push!(seen, "a+@$(now(s2))")
            end
        end
        @test pending(sim) == 2
        run!(sim)
        @test seen == ["a@1.0", "a+@1.5", "b@2.0"]
        @test now(sim) == 2.0
        @test_throws ArgumentError schedule!(identity, sim, 0.5)
        @test !step!(sim)
    end

    @testset "run! limits" begin
        sim = Simulation()
        hits = Int[]
        every!(sim, 1.0; start=1.0) do s, k
            push!(hits, k)
        end
        run!(sim; until=4.5)
        @test hits == [1, 2, 3, 4]
        @test now(sim) == 4.5
        run!(sim; max_events=2)
        @test hits == [1, 2, 3, 4, 5, 6]

        sim2 = Simulation()
        every!((s, k) -> k < 3, sim2, 0.25)
        run!(sim2)
        @test sim2.fired == 3
        sim3 = Simulation()
        every!((s, k) -> nothing, sim3, 1.0; times=4)
        run!(sim3)
        @test now(sim3) == 3.0
    end

    @testset "logging and errors" begin
        sim = Simulation()
        schedule!(sim, 1.0) do s
            log_event!(s, :ping; n=1)
        end
        schedule!(sim, 2.0; label="boom") do s
            error("kaboom")
        end
        schedule!(sim, 3.0) do s
            log_event!(s, :ping; n=2)
        end
        run!(sim)
        log = history(sim)
        @test length(log) == 3
        @test log[1] == (t=1.0, what=:ping, data=(n=1,))
        errs = TQ.errors(sim)
        @test length(errs) == 1
        @test errs[1].data.label == "boom"
        @test occursin("kaboom", errs[1].data.error)
    end

    @testset "service desk" begin
        r = simulate_desk(; horizon=200.0, λ=0.8, μ=1.2, seed=42)
        @test r.served > 50
        @test r.rejected == 0
        @test r.mean_wait !== nothing && r.mean_wait ≥ 0
        @test r.mean_stay ≥ r.mean_wait
        @test 0 < r.utilisation ≤ 1
        r2 = simulate_desk(; horizon=200.0, λ=0.8, μ=1.2, seed=42)
        @test r2.served == r.served && r2.mean_wait == r.mean_wait
        small = simulate_desk(; horizon=50.0, λ=3.0, μ=1.0, capacity=2, seed=7)
        @test small.rejected > 0
        @test all(q ≤ 2 for (_, q) in TQ.queue_lengths(small.sim))
        @test TQ.utilisation_theory(ServiceDesk(λ=1.0, μ=2.0)) == 0.5
        @test TQ.utilisation_theory(ServiceDesk(λ=2.0, μ=1.0)) === nothing
        @test_throws ArgumentError ServiceDesk(λ=-1.0)
        c = TQ.Customer(1, 0.0)
        @test ismissing(TQ.wait_time(c))
        g = TQ.lcg(3)
        @test all(0 < g() < 1 for _ in 1:1000)
    end
end
