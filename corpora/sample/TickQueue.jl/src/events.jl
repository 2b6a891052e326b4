#=
Events and the event queue.

Events are ordered by time and then by insertion sequence, so two events
scheduled for the same instant fire in the order they were scheduled.
=#

"""
    Event

A callback `action` that fires at time `t`. `seq` breaks ties and doubles
as the event's id.
"""
mutable struct Event
    t::Float64
    seq::Int
    action::Function
    label::String
    cancelled::Bool
end

Base.isless(a::Event, b::Event) = (a.t, a.seq) < (b.t, b.seq)

Base.show(io::IO, e::Event) =
    print(io, "Event(#", e.seq, " at t=", e.t, isempty(e.label) ? "" : " \"$(e.label)\"",
          e.cancelled ? ", cancelled" : "", ")")

"""
    EventQueue()

A binary min-heap of events with lazy cancellation: cancelled events stay
in the heap and are skipped when they reach the top.
"""
mutable struct EventQueue
    heap::Vector{Event}
    nextseq::Int
    live::Int
end

EventQueue() = EventQueue(Event[], 1, 0)

Base.length(q::EventQueue) = q.live
Base.isempty(q::EventQueue) = q.live == 0

function sift_up!(h::Vector{Event}, i::Int)
    @inbounds while i > 1
        p = i ÷ 2
        h[i] < h[p] || break
        h[i], h[p] = h[p], h[i]
        i = p
    end
    return h
end

function sift_down!(h::Vector{Event}, i::Int)
    n = length(h)
    @inbounds while true
        c = 2i
        c > n && break
        if c < n && h[c+1] < h[c]
            c += 1
        end
        h[c] < h[i] || break
        h[i], h[c] = h[c], h[i]
        i = c
    end
    return h
end

"""
    push!(q, t, action; label="") -> Event
"""
function Base.push!(q::EventQueue, t::Real, action::Function; label::AbstractString="")
    isfinite(t) || throw(ArgumentError("event time must be finite, got $t"))
    e = Event(Float64(t), q.nextseq, action, String(label), false)
    q.nextseq += 1
    q.live += 1
    push!(q.heap, e)
    sift_up!(q.heap, length(q.heap))
    return e
end

function pop_raw!(q::EventQueue)::Event
    h = q.heap
    top = h[1]
    last_ = pop!(h)
    if !isempty(h)
        h[1] = last_
        sift_down!(h, 1)
    end
    return top
end

"""
    pop!(q) -> Union{Event,Nothing}

Remove and return the earliest live event, or `nothing` if none is left.
"""
function Base.pop!(q::EventQueue)::Union{Event,Nothing}
    while !isempty(q.heap)
        e = pop_raw!(q)
        e.cancelled && continue
        q.live -= 1
        return e
    end
    return nothing
end

"""
    peek_time(q) -> Union{Float64,Nothing}

Time of the earliest live event without removing it.
"""
function peek_time(q::EventQueue)
    while !isempty(q.heap) && q.heap[1].cancelled
        pop_raw!(q)
    end
    return isempty(q.heap) ? nothing : q.heap[1].t
end

"""
    cancel!(q, e) -> Bool

Mark `e` as cancelled. Returns `false` if it was already cancelled.
"""
function cancel!(q::EventQueue, e::Event)::Bool
    e.cancelled && return false
    e.cancelled = true
    q.live -= 1
    return true
end
