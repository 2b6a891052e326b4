# A tiny plain-text edge-list format:
#
#     # comment
#     directed            (optional header line)
#     n 5                 (optional vertex count)
#     1 2
#     2 3 0.5             (optional weight)
#
# Weighted files always produce a `WeightedDiGraph`.

"""
    parse_edgelist(text) -> AbstractGraph

Parse the edge-list format described above. Throws an `ArgumentError`
with the offending line number on malformed input.
"""
function parse_edgelist(text::AbstractString)
    directed = false
    n = nothing
    es = Tuple{Int,Int,Union{Float64,Missing}}[]
    for (lineno, raw) in enumerate(eachline(IOBuffer(text)))
        line = strip(first(split(raw, '#'; limit=2)))
        isempty(line) && continue
        if line == "directed"
            directed = true
            continue
        elseif startswith(line, "n ")
            n = parse(Int, line[3:end])
            continue
        end
        fields = split(line)
        if !(2 ≤ length(fields) ≤ 3)
            throw(ArgumentError("line $lineno: expected `u v [w]`, got \"$line\""))
        end
        u = tryparse(Int, fields[1])
        v = tryparse(Int, fields[2])
        (u === nothing || v === nothing) && throw(ArgumentError("line $lineno: bad vertex"))
        w = length(fields) == 3 ? parse(Float64, fields[3]) : missing
        push!(es, (u, v, w))
    end
    nmax = isempty(es) ? 0 : maximum(max(e[1], e[2]) for e in es)
    nv_ = n === nothing ? nmax : max(n, nmax)
    if any(e -> !ismissing(e[3]), es)
        g = WeightedDiGraph(nv_)
        for (u, v, w) in es
            add_edge!(g, u, v, coalesce(w, 1.0))
        end
        return g
    end
    g = directed ? DiGraph(nv_) : Graph(nv_)
    for (u, v, _) in es
        add_edge!(g, u, v)
    end
    return g
end

"""
    write_edgelist(io, g)
    write_edgelist(g) -> String

Write `g` in the format read by [`parse_edgelist`](@ref).
"""
function write_edgelist(io::IO, g::AbstractGraph)
    is_directed(g) && !(g isa WeightedDiGraph) && println(io, "directed")
    println(io, "n ", nv(g))
    for (u, v) in edges(g)
        if g isa WeightedDiGraph
            println(io, u, ' ', v, ' ', weight(g, u, v))
        else
            println(io, u, ' ', v)
        end
    end
    return nothing
end

write_edgelist(g::AbstractGraph) = sprint(write_edgelist, g)

"""
    grid_graph(rows, cols) -> Graph

The `rows × cols` lattice, with vertex `(i, j)` numbered `(i-1)*cols + j`.
"""
function grid_graph(rows::Integer, cols::Integer)
    g = Graph(rows * cols)
    idx(i, j) = (i - 1) * cols + j
    for i in 1:rows, j in 1:cols
        j < cols && add_edge!(g, idx(i, j), idx(i, j + 1))
        i < rows && add_edge!(g, idx(i, j), idx(i + 1, j))
    end
    return g
end

# Graphs registered by name for quick experiments. A plain global holding a
# `Dict{String,Any}`: convenient, and type-unstable when read.
named_graphs = Dict{String,Any}()

function register_graph!(name::AbstractString, g::AbstractGraph)
    named_graphs[name] = g
    return g
end

lookup_graph(name::AbstractString) = get(named_graphs, name, nothing)
