"""
    TickQueue

A discrete-event simulation kernel: a time-ordered event queue, a
`Simulation` that runs callbacks in order, and a single-server queueing
model built on top of it.
"""
module TickQueue

export Event, EventQueue, Simulation
export schedule!, cancel!, run!, step!, now, pending
export every!, after!, log_event!, history
export ServiceDesk, simulate_desk

include("events.jl")
include("simulation.jl")
include("desk.jl")

end # module TickQueue
