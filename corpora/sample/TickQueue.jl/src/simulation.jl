# The simulation driver.

"""
    Simulation(; start=0.0, trace=false)

Holds the clock, the event queue and a free-form log. Callbacks receive the
simulation as their only argument and may schedule further events.
"""
mutable struct Simulation
    clock::Float64
    queue::EventQueue
    log::Vector{Any}          # heterogeneous records, see `log_event!`
    trace::Bool
    fired::Int
    state::Dict{Symbol,Any}
end

Simulation(; start::Real=0.0, trace::Bool=false) =
    Simulation(Float64(start), EventQueue(), Any[], trace, 0, Dict{Symbol,Any}())

now(sim::Simulation) = sim.clock
pending(sim::Simulation) = length(sim.queue)
history(sim::Simulation) = sim.log

"""
    schedule!(action, sim, t; label="") -> Event

Run `action(sim)` at absolute time `t`, which must not lie in the past.
Usually called with a `do` block:

```julia
schedule!(sim, 5.0) do s
    println("five o'clock at ", now(s))
end
```
"""
function schedule!(action::Function, sim::Simulation, t::Real; label::AbstractString="")
    t ≥ sim.clock || throw(ArgumentError("cannot schedule at t=$t, clock is already $(sim.clock)"))
    return push!(sim.queue, t, action; label=label)
end

"""
    after!(action, sim, Δt; label="") -> Event

Schedule relative to the current time.
"""
after!(action::Function, sim::Simulation, Δt::Real; label::AbstractString="") =
    schedule!(action, sim, sim.clock + Δt; label=label)

"""
    every!(action, sim, period; start=now(sim), times=nothing)

Run `action(sim, k)` periodically, where `k` counts the calls from 1. With
`times === nothing` it repeats until the simulation stops; returning
`false` from `action` also stops the repetition.
"""
function every!(action::Function, sim::Simulation, period::Real;
                start::Real=now(sim), times::Union{Nothing,Integer}=nothing)
    period > 0 || throw(ArgumentError("period must be positive"))
    k = 0
    # A closure that reschedules itself; `k` is captured and mutated.
    tick = function (s::Simulation)
        k += 1
        keep = action(s, k)
        if keep !== false && (times === nothing || k < times)
            after!(tick, s, period; label="every")
        end
    end
    return schedule!(tick, sim, start; label="every")
end

cancel!(sim::Simulation, e::Event) = cancel!(sim.queue, e)

"""
    log_event!(sim, what; data...)

Append a record `(t, what, data)` to the simulation log.
"""
function log_event!(sim::Simulation, what::Symbol; data...)
    rec = (t=sim.clock, what=what, data=NamedTuple(data))
    push!(sim.log, rec)
    sim.trace && println("[t=", round(sim.clock; digits=3), "] ", what, isempty(data) ? "" : " $(NamedTuple(data))")
    return rec
end

"""
    step!(sim) -> Bool

Fire the next event. Returns `false` when the queue is empty.
"""
function step!(sim::Simulation)::Bool
    e = pop!(sim.queue)
    e === nothing && return false
    @assert e.t ≥ sim.clock "time went backwards"
    sim.clock = e.t
    sim.fired += 1
    try
        e.action(sim)
    catch err
        # Record the failure and keep going; one bad callback should not
        # take down a long simulation.
        push!(sim.log, (t=sim.clock, what=:error, data=(label=e.label, error=sprint(showerror, err))))
    end
    return true
end

"""
    run!(sim; until=Inf, max_events=typemax(Int)) -> Simulation

Fire events in time order until the queue is empty, the next event lies
after `until`, or `max_events` have fired. The clock finishes at `until`
when that is finite.
"""
function run!(sim::Simulation; until::Real=Inf, max_events::Integer=typemax(Int))
    n = 0
    while n < max_events
        t = peek_time(sim.queue)
        (t === nothing || t > until) && break
        step!(sim)
        n += 1
    end
    if isfinite(until) && sim.clock < until && n < max_events
        sim.clock = Float64(until)
    end
    return sim
end

"""
    errors(sim) -> Vector

Log records of callbacks that threw.
"""
errors(sim::Simulation) = filter(r -> r.what === :error, sim.log)
