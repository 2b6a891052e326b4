#=
Graph types. Vertices are always the integers 1:nv(g). Neighbour lists are
kept sorted so that traversal orders are deterministic and `has_edge` can
use binary search.
=#

"""
    AbstractGraph

Supertype of all graphs. Subtypes implement `nv`, `ne`, `neighbors`,
`add_edge!` and `is_directed`.
"""
abstract type AbstractGraph end

"""
    Graph(n=0)

A simple undirected graph on `n` vertices.
"""
mutable struct Graph <: AbstractGraph
    adj::Vector{Vector{Int}}
    nedges::Int
end

Graph(n::Integer=0) = Graph([Int[] for _ in 1:n], 0)

"""
    DiGraph(n=0)

A simple directed graph on `n` vertices. Both out- and in-neighbours are
stored.
"""
mutable struct DiGraph <: AbstractGraph
    out_adj::Vector{Vector{Int}}
    in_adj::Vector{Vector{Int}}
    nedges::Int
end

DiGraph(n::Integer=0) = DiGraph([Int[] for _ in 1:n], [Int[] for _ in 1:n], 0)

"""
    WeightedDiGraph{W}(n)

A directed graph with edge weights of type `W`.
"""
struct WeightedDiGraph{W<:Real} <: AbstractGraph
    g::DiGraph
    weights::Dict{Tuple{Int,Int},W}
end

WeightedDiGraph{W}(n::Integer=0) where {W<:Real} = WeightedDiGraph{W}(DiGraph(n), Dict{Tuple{Int,Int},W}())
WeightedDiGraph(n::Integer=0) = WeightedDiGraph{Float64}(n)

# ---------------------------------------------------------------------------
# basic queries

is_directed(::Graph) = false
is_directed(::DiGraph) = true
is_directed(::WeightedDiGraph) = true

nv(g::Graph) = length(g.adj)
nv(g::DiGraph) = length(g.out_adj)
nv(g::WeightedDiGraph) = nv(g.g)

ne(g::Union{Graph,DiGraph}) = g.nedges
ne(g::WeightedDiGraph) = ne(g.g)

vertices(g::AbstractGraph) = Base.OneTo(nv(g))

"""
    neighbors(g, v; dir=:out)

Neighbours of `v`. For directed graphs `dir` may be `:out`, `:in` or `:both`.
"""
neighbors(g::Graph, v::Integer; dir::Symbol=:out) = g.adj[v]

function neighbors(g::DiGraph, v::Integer; dir::Symbol=:out)
    dir === :out && return g.out_adj[v]
    dir === :in && return g.in_adj[v]
    dir === :both && return sort!(union(g.out_adj[v], g.in_adj[v]))
    throw(ArgumentError("dir must be :out, :in or :both, got :$dir"))
end

neighbors(g::WeightedDiGraph, v::Integer; kw...) = neighbors(g.g, v; kw...)

degree(g::AbstractGraph, v::Integer) = length(neighbors(g, v))
degree(g::AbstractGraph) = [degree(g, v) for v in vertices(g)]

function has_vertex(g::AbstractGraph, v::Integer)
    return 1 ≤ v ≤ nv(g)
end

"""
    has_edge(g, u, v) -> Bool
"""
function has_edge(g::AbstractGraph, u::Integer, v::Integer)::Bool
    (has_vertex(g, u) && has_vertex(g, v)) || return false
    ns = neighbors(g, u)
    i = searchsortedfirst(ns, v)
    return i ≤ length(ns) && ns[i] == v
end

"""
    edges(g) -> Vector{Tuple{Int,Int}}

All edges. Undirected edges are listed once with `u < v`.
"""
function edges(g::AbstractGraph)
    directed = is_directed(g)
    return [(u, v) for u in vertices(g) for v in neighbors(g, u) if directed || u < v]
end

# ---------------------------------------------------------------------------
# mutation

"""
    add_vertex!(g) -> Int

Append a vertex and return its index.
"""
function add_vertex!(g::Graph)
    push!(g.adj, Int[])
    return nv(g)
end

function add_vertex!(g::DiGraph)
    push!(g.out_adj, Int[])
    push!(g.in_adj, Int[])
    return nv(g)
end

add_vertex!(g::WeightedDiGraph) = add_vertex!(g.g)

# Insert `x` into the sorted vector `xs`; return false if already present.
function sorted_insert!(xs::Vector{Int}, x::Int)::Bool
    i = searchsortedfirst(xs, x)
    if i ≤ length(xs) && @inbounds(xs[i]) == x
        return false
    end
    insert!(xs, i, x)
    return true
end

"""
    add_edge!(g, u, v) -> Bool

Add an edge, returning `false` if it already existed. Self loops are
rejected with an `ArgumentError`.
"""
function add_edge!(g::Graph, u::Integer, v::Integer)::Bool
    u == v && throw(ArgumentError("self loops are not supported ($u)"))
    @assert has_vertex(g, u) && has_vertex(g, v) "vertex out of range"
    added = sorted_insert!(g.adj[u], Int(v))
    added && sorted_insert!(g.adj[v], Int(u))
    g.nedges += added
    return added
end

function add_edge!(g::DiGraph, u::Integer, v::Integer)::Bool
    u == v && throw(ArgumentError("self loops are not supported ($u)"))
    @assert has_vertex(g, u) && has_vertex(g, v) "vertex out of range"
    added = sorted_insert!(g.out_adj[u], Int(v))
    added && sorted_insert!(g.in_adj[v], Int(u))
    g.nedges += added
    return added
end

function add_edge!(g::WeightedDiGraph{W}, u::Integer, v::Integer, w::Real=one(W)) where {W}
    w < 0 && throw(DomainError(w, "negative weights are not supported"))
    added = add_edge!(g.g, u, v)
    g.weights[(u, v)] = convert(W, w)
    return added
end

"""
    weight(g, u, v)

Weight of the edge `u → v`; unweighted graphs report `1` for every edge.
Returns `nothing` when there is no such edge.
"""
weight(g::WeightedDiGraph, u::Integer, v::Integer) = get(g.weights, (u, v), nothing)
weight(g::AbstractGraph, u::Integer, v::Integer) = has_edge(g, u, v) ? 1 : nothing

"""
    Graph(edges::AbstractVector{<:Tuple}; n=nothing)

Build an undirected graph from a list of `(u, v)` pairs. The vertex count
defaults to the largest endpoint.
"""
function Graph(es::AbstractVector{<:Tuple{Integer,Integer}}; n::Union{Nothing,Integer}=nothing)
    nmax = isempty(es) ? 0 : maximum(max(u, v) for (u, v) in es)
    g = Graph(something(n, nmax))
    for (u, v) in es
        add_edge!(g, u, v)
    end
    return g
end

function DiGraph(es::AbstractVector{<:Tuple{Integer,Integer}}; n::Union{Nothing,Integer}=nothing)
    nmax = isempty(es) ? 0 : maximum(max(u, v) for (u, v) in es)
    g = DiGraph(something(n, nmax))
    foreach(((u, v),) -> add_edge!(g, u, v), es)
    return g
end

Base.show(io::IO, g::AbstractGraph) =
    print(io, "{", nv(g), ", ", ne(g), "} ", is_directed(g) ? "directed" : "undirected", " ", nameof(typeof(g)))

Base.eltype(::AbstractGraph) = Int
