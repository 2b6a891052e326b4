"""
    TrailGraphs

Adjacency-list graphs with the usual traversals: breadth- and depth-first
search, connected components, topological sorting, unweighted and weighted
shortest paths, and a tiny edge-list text format.
"""
module TrailGraphs

export AbstractGraph, Graph, DiGraph, WeightedDiGraph
export nv, ne, vertices, edges, neighbors, add_vertex!, add_edge!, has_edge, degree
export bfs_order, dfs_order, bfs_distances, connected_components, is_connected
export topological_sort, has_cycle
export shortest_path, path_length, dijkstra, reconstruct_path
export parse_edgelist, write_edgelist

include("graph.jl")
include("traversal.jl")
include("paths.jl")
include("edgelist.jl")

end # module TrailGraphs
