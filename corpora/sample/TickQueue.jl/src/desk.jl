#=
A single-server queue ("service desk") built on the kernel: customers
arrive at random, wait in line if the clerk is busy, and leave after being
served. Randomness comes from a tiny seeded generator so runs are
reproducible.
=#

"""
    lcg(seed) -> () -> Float64

A linear congruential generator returned as a closure producing floats in
`(0, 1)`. Tiny and deterministic; not for serious statistics.
"""
function lcg(seed::Integer)
    state = UInt64(seed) | 0x1
    return function ()
        state = state * 0x5851f42d4c957f2d + 0x14057b7ef767814f
        return ((state >> 11) + 0.5) * 2.0^-53
    end
end

"""
    exponential(u, rate) -> Float64

Turn a uniform draw `u ∈ (0, 1)` into an exponential variate.
"""
exponential(u::Float64, rate::Real)::Float64 = -log(u) / rate

"""
    Customer

One customer's timeline. `served` and `left` stay `nothing` until the
corresponding event happens.
"""
mutable struct Customer
    id::Int
    arrived::Float64
    served::Union{Float64,Nothing}
    left::Union{Float64,Nothing}
end

Customer(id::Integer, t::Real) = Customer(id, t, nothing, nothing)

wait_time(c::Customer) = c.served === nothing ? missing : c.served - c.arrived
sojourn(c::Customer) = c.left === nothing ? missing : c.left - c.arrived

"""
    ServiceDesk(; λ=1.0, μ=1.5, capacity=typemax(Int), seed=1)

Arrival rate `λ`, service rate `μ` and a bound on the number of customers
that may wait (arrivals beyond it are turned away).
"""
mutable struct ServiceDesk
    λ::Float64
    μ::Float64
    capacity::Int
    rng::Function
    line::Vector{Customer}
    busy::Union{Customer,Nothing}
    done::Vector{Customer}
    rejected::Int
    busy_time::Float64
    function ServiceDesk(; λ::Real=1.0, μ::Real=1.5, capacity::Integer=typemax(Int), seed::Integer=1)
        λ > 0 && μ > 0 || throw(ArgumentError("rates must be positive"))
        return new(λ, μ, capacity, lcg(seed), Customer[], nothing, Customer[], 0, 0.0)
    end
end

"""
    utilisation_theory(desk) -> Union{Float64,Nothing}

The M/M/1 utilisation `ρ = λ/μ`, or `nothing` if the queue is unstable.
"""
function utilisation_theory(desk::ServiceDesk)
    ρ = desk.λ / desk.μ
    return ρ < 1 ? ρ : nothing
end

function start_service!(sim::Simulation, desk::ServiceDesk, c::Customer)
    desk.busy = c
    c.served = now(sim)
    Δt = exponential(desk.rng(), desk.μ)
    desk.busy_time += Δt
    after!(sim, Δt; label="departure") do s
        c.left = now(s)
        push!(desk.done, c)
        log_event!(s, :departure; id=c.id)
        desk.busy = nothing
        if !isempty(desk.line)
            start_service!(s, desk, popfirst!(desk.line))
        end
    end
end

function arrive!(sim::Simulation, desk::ServiceDesk, id::Int)
    c = Customer(id, now(sim))
    if desk.busy === nothing
        log_event!(sim, :arrival; id=id, queued=0)
        start_service!(sim, desk, c)
    elseif length(desk.line) < desk.capacity
        push!(desk.line, c)
        log_event!(sim, :arrival; id=id, queued=length(desk.line))
    else
        desk.rejected += 1
        log_event!(sim, :rejected; id=id)
    end
    return c
end

"""
    simulate_desk(; horizon=100.0, kw...) -> NamedTuple

Run the desk until `horizon` and summarise: customers served, rejected,
mean wait, mean time in system and observed utilisation.
"""
function simulate_desk(; horizon::Real=100.0, trace::Bool=false, kw...)
    desk = ServiceDesk(; kw...)
    sim = Simulation(; trace=trace)
    next_id = Ref(0)
    arrival = function (s)
        next_id[] += 1
        arrive!(s, desk, next_id[])
        after!(arrival, s, exponential(desk.rng(), desk.λ); label="arrival")
    end
    after!(arrival, sim, exponential(desk.rng(), desk.λ); label="arrival")
    run!(sim; until=horizon)
    waits = collect(skipmissing(map(wait_time, desk.done)))
    stays = [sojourn(c) for c in desk.done]
    mean_or_nothing(v) = isempty(v) ? nothing : sum(v) / length(v)
    return (
        served=length(desk.done),
        rejected=desk.rejected,
        waiting=length(desk.line),
        mean_wait=mean_or_nothing(waits),
        mean_stay=mean_or_nothing(stays),
        utilisation=min(desk.busy_time, horizon) / horizon,
        sim=sim,
    )
end

"""
    queue_lengths(sim) -> Vector{Tuple{Float64,Int}}

The queue length recorded at each arrival, read back from the log.
"""
function queue_lengths(sim::Simulation)
    out = Tuple{Float64,Int}[]
    for rec in history(sim)
        rec.what === :arrival || continue
        q = get(rec.data, :queued, 0)
        push!(out, (rec.t, q))
    end
    return out
end
