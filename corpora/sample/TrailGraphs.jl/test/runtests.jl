using Test
using TrailGraphs
const TG = TrailGraphs

# A small undirected graph: a square 1-2-3-4 with a tail 4-5, plus an
# isolated pair 6-7.
function sample_graph()
    return Graph([(1, 2), (2, 3), (3, 4), (4, 1), (4, 5), (6, 7)])
end

@testset "TrailGraphs" begin
    @testset "construction" begin
        g = sample_graph()
        @test nv(g) == 7
        @test ne(g) == 6
        @test has_edge(g, 1, 4) && has_edge(g, 4, 1)
        @test !has_edge(g, 1, 3)
        @test !has_edge(g, 1, 99)
        @test neighbors(g, 4) == [1, 3, 5]
        @test degree(g) == [2, 2, 2, 3, 1, 1, 1]
        @test !add_edge!(g, 2, 1)
        @test ne(g) == 6
        @test_throws ArgumentError add_edge!(g, 3, 3)
        @test add_vertex!(g) == 8
        @test edges(Graph([(2, 1), (3, 2)])) == [(1, 2), (2, 3)]
        @test sprint(show, Graph(3)) == "{3, 0} undirected Graph"
        @test Graph(Tuple{Int,Int}[]; n=4) |> nv == 4
    end

    @testset "directed" begin
        d = DiGraph([(1, 2), (1, 3), (3, 2)])
        @test neighbors(d, 2; dir=:in) == [1, 3]
        @test neighbors(d, 3; dir=:both) == [1, 2]
        @test_throws ArgumentError neighbors(d, 1; dir=:sideways)
        @test has_edge(d, 1, 2) && !has_edge(d, 2, 1)
        @test edges(d) == [(1, 2), (1, 3), (3, 2)]
        @test topological_sort(d) == [1, 3, 2]
        @test !has_cycle(d)
        add_edge!(d, 2, 1)
        @test topological_sort(d) === nothing
        @test has_cycle(d)
    end

    @testset "traversal" begin
        g = sample_graph()
        @test bfs_order(g, 1) == [1, 2, 4, 3, 5]
        @test dfs_order(g, 1) == [1, 2, 3, 4, 5]
        @test dfs_order(g, 1; postorder=true) == [5, 4, 3, 2, 1]
        d = bfs_distances(g, 1)
        @test d[1:5] == [0, 1, 2, 1, 2]
        @test d[6] === nothing
        @test connected_components(g) == [[1, 2, 3, 4, 5], [6, 7]]
        @test !is_connected(g)
        @test is_connected(Graph(1))
        @test has_cycle(g)
        @test !has_cycle(Graph([(1, 2), (2, 3)]))
    end

    @testset "shortest paths" begin
        g = sample_graph()
        @test shortest_path(g, 1, 5) == [1, 4, 5]
        @test shortest_path(g, 2, 2) == [2]
        @test shortest_path(g, 1, 7) === nothing
        @test path_length(g, [1, 4, 5]) == 2
        @test path_length(g, [1, 3]) === nothing
        grid = TG.grid_graph(3, 4)
        @test nv(grid) == 12 && ne(grid) == 17
        @test reconstruct_path([0, 0, 0], 1, 3) === nothing

        w = WeightedDiGraph(4)
        add_edge!(w, 1, 2, 1.0)
        add_edge!(w, 2, 3, 1.0)
        add_edge!(w, 1, 3, 5.0)
        add_edge!(w, 3, 4, 0.5)
        r = dijkstra(w, 1, 4)
        @test r.path == [1, 2, 3, 4]
        @test r.length ≈ 2.5
        @test dijkstra(w, 4, 1) === nothing
        @test path_length(w, [1, 3, 4]) ≈ 5.5
        @test_throws DomainError add_edge!(w, 2, 4, -1)
    end

    @testset "heap" begin
        h = TG.MinHeap{Int}()
        for (p, v) in [(5, 1), (3, 2), (8, 3), (1, 4), (3, 0)]
            push!(h, (p, v))
        end
        @test length(h) == 5
        out = [pop!(h) for _ in 1:5]
        @test out == [(1, 4), (3, 0), (3, 2), (5, 1), (8, 3)]
        @test isempty(h)
    end

    @testset "edge lists" begin
        text = """
        # a triangle with a tail
        1 2
        2 3
        3 1   # closing edge
        3 4
        """
        g = parse_edgelist(text)
        @test g isa Graph && nv(g) == 4 && ne(g) == 4
        d = parse_edgelist("directed\nn 5\n1 2\n")
        @test d isa DiGraph && nv(d) == 5
        w = parse_edgelist("1 2 0.25\n2 3\n")
        @test w isa WeightedDiGraph
        @test TG.weight(w, 1, 2) == 0.25 && TG.weight(w, 2, 3) == 1.0
        @test_throws ArgumentError parse_edgelist("1 2 3 4")
        @test_throws ArgumentError parse_edgelist("a b")
        for h in (g, d, w)
            h2 = parse_edgelist(write_edgelist(h))
            @test nv(h2) == nv(h) && edges(h2) == edges(h)
        end
        TG.register_graph!("tri", g)
        @test TG.lookup_graph("tri") === g
        @test TG.lookup_graph("missing") === nothing
    end
end
