# Breadth-first and depth-first traversals and what can be built on them.

"""
    bfs_order(g, s) -> Vector{Int}

Vertices reachable from `s` in breadth-first order.
"""
function bfs_order(g::AbstractGraph, s::Integer)::Vector{Int}
    seen = falses(nv(g))
    order = Int[]
    queue = [Int(s)]
    seen[s] = true
    head = 1
    # A vector with a moving head works as a FIFO queue without popfirst!.
    while head ≤ length(queue)
        u = queue[head]
        head += 1
        push!(order, u)
        for v in neighbors(g, u)
            if !seen[v]
                seen[v] = true
                push!(queue, v)
            end
        end
    end
    return order
end

"""
    bfs_distances(g, s) -> Vector{Union{Nothing,Int}}

Number of edges on a shortest path from `s` to each vertex, or `nothing`
for unreachable vertices.
"""
function bfs_distances(g::AbstractGraph, s::Integer)
    dist = Vector{Union{Nothing,Int}}(nothing, nv(g))
    dist[s] = 0
    frontier = [Int(s)]
    level = 0
    while !isempty(frontier)
        level += 1
        next = Int[]
        for u in frontier, v in neighbors(g, u)
            if dist[v] === nothing
                dist[v] = level
                push!(next, v)
            end
        end
        frontier = next
    end
    return dist
end

"""
    dfs_order(g, s; postorder=false) -> Vector{Int}

Depth-first visiting order from `s`, using an explicit stack so that deep
graphs do not overflow the call stack.
"""
function dfs_order(g::AbstractGraph, s::Integer; postorder::Bool=false)::Vector{Int}
    n = nv(g)
    seen = falses(n)
    order = Int[]
    # Each stack entry is (vertex, index of the next neighbour to try).
    stack = Tuple{Int,Int}[(s, 1)]
    seen[s] = true
    postorder || push!(order, s)
    while !isempty(stack)
        u, i = stack[end]
        ns = neighbors(g, u)
        if i > length(ns)
            pop!(stack)
            postorder && push!(order, u)
            continue
        end
        stack[end] = (u, i + 1)
        v = ns[i]
        if !seen[v]
            seen[v] = true
            postorder || push!(order, v)
            push!(stack, (v, 1))
        end
    end
    return order
end

"""
    connected_components(g) -> Vector{Vector{Int}}

Connected components of an undirected graph (weakly connected components
for directed graphs), each sorted, ordered by smallest vertex.
"""
function connected_components(g::AbstractGraph)
    label = zeros(Int, nv(g))
    comps = Vector{Vector{Int}}()
    for s in vertices(g)
        label[s] == 0 || continue
        comp = Int[]
        stack = [s]
        label[s] = length(comps) + 1
        while !isempty(stack)
            u = pop!(stack)
            push!(comp, u)
            nbrs = is_directed(g) ? neighbors(g, u; dir=:both) : neighbors(g, u)
            for v in nbrs
                if label[v] == 0
                    label[v] = label[s]
                    push!(stack, v)
                end
            end
        end
        push!(comps, sort!(comp))
    end
    return comps
end

is_connected(g::AbstractGraph) = nv(g) ≤ 1 || length(connected_components(g)) == 1

"""
    topological_sort(g::DiGraph) -> Union{Vector{Int},Nothing}

Kahn's algorithm. Returns `nothing` if the graph has a cycle. Among
vertices that are ready at the same time the smallest comes first.
"""
function topological_sort(g::Union{DiGraph,WeightedDiGraph})::Union{Vector{Int},Nothing}
    indeg = [length(neighbors(g, v; dir=:in)) for v in vertices(g)]
    ready = sort!([v for v in vertices(g) if indeg[v] == 0]; rev=true)
    order = Int[]
    while !isempty(ready)
        u = pop!(ready)          # smallest, since `ready` is kept descending
        push!(order, u)
        for v in neighbors(g, u)
            indeg[v] -= 1
            if indeg[v] == 0
                # Keep `ready` sorted in descending order.
                i = searchsortedfirst(ready, v; rev=true)
                insert!(ready, i, v)
            end
        end
    end
    return length(order) == nv(g) ? order : nothing
end

has_cycle(g::Union{DiGraph,WeightedDiGraph}) = topological_sort(g) === nothing

function has_cycle(g::Graph)
    # An undirected forest has exactly n - c edges.
    return ne(g) > nv(g) - length(connected_components(g))
end
