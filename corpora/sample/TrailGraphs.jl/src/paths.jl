#=
Shortest paths. Unweighted graphs use BFS; weighted graphs use Dijkstra's
algorithm with a small binary heap implemented below (no dependencies).
=#

"""
    shortest_path(g, s, t) -> Union{Vector{Int},Nothing}

Vertices of a path with the fewest edges from `s` to `t`, or `nothing` when
`t` is unreachable.
"""
function shortest_path(g::AbstractGraph, s::Integer, t::Integer)::Union{Vector{Int},Nothing}
    s == t && return [Int(s)]
    parent = zeros(Int, nv(g))
    parent[s] = s
    queue = [Int(s)]
    head = 1
    while head ≤ length(queue)
        u = queue[head]
        head += 1
        for v in neighbors(g, u)
            parent[v] == 0 || continue
            parent[v] = u
            v == t && return reconstruct_path(parent, s, t)
            push!(queue, v)
        end
    end
    return nothing
end

"""
    reconstruct_path(parent, s, t) -> Union{Vector{Int},Nothing}

Follow parent links back from `t` to `s`. A parent of `0` means
"unvisited".
"""
function reconstruct_path(parent::AbstractVector{<:Integer}, s::Integer, t::Integer)
    parent[t] == 0 && return nothing
    path = [Int(t)]
    while path[end] != s
        push!(path, parent[path[end]])
        length(path) > length(parent) && error("parent links contain a cycle")
    end
    return reverse!(path)
end

"""
    path_length(g, path) -> Union{Real,Nothing}

Total weight along `path`, or `nothing` if some step is not an edge.
"""
function path_length(g::AbstractGraph, path::AbstractVector{<:Integer})
    total = 0
    for (u, v) in zip(path, @view path[2:end])
        w = weight(g, u, v)
        w === nothing && return nothing
        total += w       # `total` may change from Int to Float64 here
    end
    return total
end

# ---------------------------------------------------------------------------
# a minimal binary min-heap of (priority, vertex) pairs

struct MinHeap{P<:Real}
    items::Vector{Tuple{P,Int}}
end

MinHeap{P}() where {P} = MinHeap{P}(Tuple{P,Int}[])

Base.isempty(h::MinHeap) = isempty(h.items)
Base.length(h::MinHeap) = length(h.items)

function Base.push!(h::MinHeap, x::Tuple)
    push!(h.items, x)
    i = length(h.items)
    @inbounds while i > 1
        p = i ÷ 2
        h.items[p] ≤ h.items[i] && break
        h.items[p], h.items[i] = h.items[i], h.items[p]
        i = p
    end
    return h
end

function Base.pop!(h::MinHeap)
    items = h.items
    top = items[1]
    last_ = pop!(items)
    if !isempty(items)
        items[1] = last_
        i = 1
        n = length(items)
        @inbounds while true
            l, r = 2i, 2i + 1
            m = i
            l ≤ n && items[l] < items[m] && (m = l)
            r ≤ n && items[r] < items[m] && (m = r)
            m == i && break
            items[i], items[m] = items[m], items[i]
            i = m
        end
    end
    return top
end

"""
    dijkstra(g, s) -> NamedTuple{(:dist, :parent)}

Single-source shortest path distances in a graph with non-negative
weights. Unreachable vertices have distance `Inf`.
"""
function dijkstra(g::AbstractGraph, s::Integer)
    n = nv(g)
    dist = fill(Inf, n)
    parent = zeros(Int, n)
    done = falses(n)
    dist[s] = 0.0
    parent[s] = s
    heap = MinHeap{Float64}()
    push!(heap, (0.0, Int(s)))
    while !isempty(heap)
        d, u = pop!(heap)
        done[u] && continue
        done[u] = true
        for v in neighbors(g, u)
            nd = d + weight(g, u, v)
            if nd < dist[v]
                dist[v] = nd
                parent[v] = u
                push!(heap, (nd, v))
            end
        end
    end
    return (dist=dist, parent=parent)
end

"""
    dijkstra(g, s, t) -> Union{Nothing,NamedTuple{(:path, :length)}}

Shortest weighted path from `s` to `t`.
"""
function dijkstra(g::AbstractGraph, s::Integer, t::Integer)
    r = dijkstra(g, s)
    isfinite(r.dist[t]) || return nothing
    return (path=reconstruct_path(r.parent, s, t), length=r.dist[t])
end
