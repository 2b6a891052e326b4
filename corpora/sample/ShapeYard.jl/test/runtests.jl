using Test
using ShapeYard

const SY = ShapeYard

@testset "ShapeYard" begin
    @testset "points and vectors" begin
        p = Point(1, 2)
        q = Point(4.0, 6.0)
        @test p isa Point{Int}
        @test q - p == Vec2(3.0, 4.0)
        @test distance(p, q) ≈ 5.0
        @test p + Vec2(1, 1) == Point(2, 3)
        @test midpoint(Point(0, 0), Point(2, 2)) == Point(1.0, 1.0)
        @test origin() == Point(0.0, 0.0)
        @test origin(Int) isa Point{Int}
        @test dot2(Vec2(1, 0), Vec2(0, 1)) == 0
        @test cross2(Vec2(1, 0), Vec2(0, 1)) == 1
        @test Point(0.1 + 0.2, 0.0) ≈ₚ Point(0.3, 0.0)
        @test_throws ArgumentError SY.unit(Vec2(0, 0))
        @test SY.norm2(SY.unit(Vec2(3, 4))) ≈ 1
        xs, ys = [0.0, 2.0, 4.0], [1.0, 1.0, 4.0]
        @test SY.cloud_centroid(xs, ys) == Point(2.0, 2.0)
        @test SY.shift_cloud(xs, ys, Vec2(1.0, -1.0)) == ([1.0, 3.0, 5.0], [0.0, 0.0, 3.0])
    end

    @testset "parsing and landmarks" begin
        @test SY.parse_point("(1.5, -2)") == Point(1.5, -2.0)
        @test SY.parse_point("3 4") == Point(3.0, 4.0)
        @test SY.parse_point("hello") === nothing
        @test SY.landmark("nowhere") === nothing
        SY.register_landmark!("home", Point(2.0, 3.0))
        @test SY.landmark("home") == Point(2.0, 3.0)
    end

    @testset "areas and perimeters" begin
        c = Circle(Point(0, 0), 2)
        @test area(c) ≈ 4π
        @test perimeter(c) ≈ 4π
        @test_throws DomainError Circle(Point(0, 0), -1)

        r = Rect(Point(3, 4), Point(0, 0))
        @test r.lo == Point(0, 0) && r.hi == Point(3, 4)
        @test area(r) == 12
        @test perimeter(r) == 14

        tri = Polygon(Point(0, 0), Point(4, 0), Point(0, 3))
        @test area(tri) ≈ 6
        @test perimeter(tri) ≈ 12
        @test centroid(tri) ≈ Point(4 / 3, 1.0)
        @test_throws ArgumentError Polygon([Point(0, 0), Point(1, 1)])

        s = Segment(Point(0, 0), Point(3, 4))
        @test area(s) == 0
        @test perimeter(s) ≈ 5
        line = Polyline([Point(0, 0), Point(1, 0), Point(1, 1)]; label=:hook)
        @test perimeter(line) ≈ 2
        @test describe(line) == "polyline :hook with 3 points"
    end

    @testset "containment" begin
        sq = Polygon([Point(0.0, 0.0), Point(2.0, 0.0), Point(2.0, 2.0), Point(0.0, 2.0)])
        @test encloses(sq, Point(1, 1))
        @test !encloses(sq, Point(3, 1))
        @test encloses(sq, Point(2, 1))
        @test !encloses(sq, Point(2, 1); strict=true)
        @test Point(0.5, 0.5) ∈ Circle(1.0)
        @test Point(2, 2) ∉ Rect(1, 1)
        @test bounding_box(sq) == Rect(Point(0.0, 0.0), Point(2.0, 2.0))
    end

    @testset "transforms" begin
        p = Point(1.0, 0.0)
        R = rotation(π / 2)
        @test apply(R, p) ≈ Point(0.0, 1.0)
        @test R(p) ≈ Point(0.0, 1.0)
        T = translation(1, 2)
        @test (T ∘ R)(p) ≈ Point(1.0, 3.0)
        @test compose(T, R) ≈ T ∘ R
        @test inv(T ∘ R) ∘ (T ∘ R) ≈ one(Affine)
        @test rotation(π; about=Point(1.0, 1.0))(Point(2.0, 1.0)) ≈ Point(0.0, 1.0)
        c = apply(scaling(2), Circle(1.0))
        @test c.r ≈ 2
        @test_throws ArgumentError apply(scaling(2, 1), Circle(1.0))
        @test apply(R, Rect(1.0, 1.0)) isa Polygon
    end

    @testset "hulls" begin
        pts = [Point(x, y) for x in 0:2 for y in 0:2]
        h = convex_hull(pts)
        @test length(h) == 4
        @test Set(h) == Set([Point(0, 0), Point(2, 0), Point(2, 2), Point(0, 2)])
        @test is_convex(Polygon(h))
        @test !is_convex(Polygon(Point(0, 0), Point(4, 0), Point(1, 1), Point(0, 4)))
        @test orientation(Point(0, 0), Point(1, 0), Point(2, 0)) == 0
    end
end
