# Shape hierarchy.
#
#   AbstractShape
#   ├── ClosedShape   (has an area)
#   │   ├── Circle
#   │   ├── Rect
#   │   └── Polygon
#   └── OpenShape     (has only a length)
#       ├── Segment
#       └── Polyline

"""
    AbstractShape

Supertype of everything that can be drawn in the plane.
"""
abstract type AbstractShape end

"""
    ClosedShape <: AbstractShape

Shapes that enclose a region and therefore have an area.
"""
abstract type ClosedShape <: AbstractShape end

"""
    OpenShape <: AbstractShape

Shapes made of line pieces that do not enclose a region.
"""
abstract type OpenShape <: AbstractShape end

"""
    Circle(center, r)

A circle with a non-negative radius.
"""
struct Circle{T<:Real} <: ClosedShape
    center::Point{T}
    r::T
    function Circle{T}(center::Point{T}, r::T) where {T<:Real}
        r ≥ zero(T) || throw(DomainError(r, "radius must be non-negative"))
        return new{T}(center, r)
    end
end

function Circle(center::Point{S}, r::U) where {S<:Real,U<:Real}
    T = promote_type(S, U)
    return Circle{T}(Point{T}(center.x, center.y), convert(T, r))
end
Circle(r::Real) = Circle(origin(typeof(r)), r)

"""
    Rect(lo, hi)

An axis-aligned rectangle given by its lower-left and upper-right corners.
The corners are sorted on construction, so any two opposite corners work.
"""
struct Rect{T<:Real} <: ClosedShape
    lo::Point{T}
    hi::Point{T}
    function Rect{T}(a::Point{T}, b::Point{T}) where {T<:Real}
        lo = Point{T}(min(a.x, b.x), min(a.y, b.y))
        hi = Point{T}(max(a.x, b.x), max(a.y, b.y))
        return new{T}(lo, hi)
    end
end

Rect(a::Point{T}, b::Point{T}) where {T<:Real} = Rect{T}(a, b)
Rect(a::Point, b::Point) = Rect(promote_points(a, b)...)
Rect(w::Real, h::Real) = Rect(Point(0, 0), Point(w, h))

function promote_points(a::Point{S}, b::Point{U}) where {S,U}
    T = promote_type(S, U)
    return (Point{T}(a.x, a.y), Point{T}(b.x, b.y))
end

"""
    Polygon(vertices)

A simple polygon given by its vertices in order. The last vertex is joined
back to the first; do not repeat it.
"""
struct Polygon{T<:Real} <: ClosedShape
    pts::Vector{Point{T}}
    function Polygon{T}(pts::Vector{Point{T}}) where {T<:Real}
        length(pts) ≥ 3 || throw(ArgumentError("a polygon needs at least 3 vertices, got $(length(pts))"))
        return new{T}(pts)
    end
end

Polygon(pts::Vector{Point{T}}) where {T<:Real} = Polygon{T}(pts)
Polygon(pts::Point...) = Polygon(collect(promote_all(pts)))

promote_all(pts) = begin
    T = mapreduce(p -> typeof(p.x), promote_type, pts)
    [Point{T}(p.x, p.y) for p in pts]
end

"""
    Segment(a, b)

A straight line segment.
"""
struct Segment{T<:Real} <: OpenShape
    a::Point{T}
    b::Point{T}
end

"""
    Polyline(points)

A chain of connected segments. The `label` field is intentionally untyped;
callers store strings, symbols or numbers there.
"""
mutable struct Polyline <: OpenShape
    pts::Vector{Point{Float64}}
    label
end

Polyline(pts::AbstractVector{<:Point}; label=nothing) =
    Polyline([Point(float(p.x), float(p.y)) for p in pts], label)

# ---------------------------------------------------------------------------
# vertices

vertices(r::Rect) = [r.lo, Point(r.hi.x, r.lo.y), r.hi, Point(r.lo.x, r.hi.y)]
vertices(p::Polygon) = p.pts
vertices(s::Segment) = [s.a, s.b]
vertices(l::Polyline) = l.pts
vertices(::Circle) = throw(ArgumentError("a circle has no vertices"))

# ---------------------------------------------------------------------------
# area

"""
    area(shape) -> Float64

Enclosed area. Open shapes have area zero.
"""
function area end

area(c::Circle)::Float64 = π * c.r^2
area(r::Rect)::Float64 = (r.hi.x - r.lo.x) * (r.hi.y - r.lo.y)
area(::OpenShape)::Float64 = 0.0

function area(p::Polygon)::Float64
    # Shoelace formula.
    s = 0.0
    n = length(p.pts)
    @inbounds for i in 1:n
        a = p.pts[i]
        b = p.pts[mod1(i + 1, n)]
        s += a.x * b.y - b.x * a.y
    end
    return abs(s) / 2
end

"""
    signed_area(p::Polygon)

Positive for counter-clockwise vertex order, negative for clockwise.
"""
function signed_area(p::Polygon)
    n = length(p.pts)
    return sum(p.pts[i].x * p.pts[mod1(i + 1, n)].y - p.pts[mod1(i + 1, n)].x * p.pts[i].y for i in 1:n) / 2
end

# ---------------------------------------------------------------------------
# perimeter

"""
    perimeter(shape) -> Float64

Boundary length. For open shapes this is the total length.
"""
function perimeter end

perimeter(c::Circle)::Float64 = 2π * c.r
perimeter(r::Rect)::Float64 = 2 * ((r.hi.x - r.lo.x) + (r.hi.y - r.lo.y))
perimeter(s::Segment)::Float64 = distance(s.a, s.b)

function perimeter(p::Polygon)::Float64
    n = length(p.pts)
    return sum(distance(p.pts[i], p.pts[mod1(i + 1, n)]) for i in 1:n)
end

function perimeter(l::Polyline)::Float64
    length(l.pts) < 2 && return 0.0
    return sum(distance(a, b) for (a, b) in zip(l.pts, Iterators.drop(l.pts, 1)))
end

# ---------------------------------------------------------------------------
# centroid

"""
    centroid(shape) -> Point{Float64}

Centre of mass assuming uniform density.
"""
centroid(c::Circle) = Point(float(c.center.x), float(c.center.y))
centroid(r::Rect) = midpoint(r.lo, r.hi)
centroid(s::Segment) = midpoint(s.a, s.b)

function centroid(p::Polygon)
    A = signed_area(p)
    n = length(p.pts)
    if abs(A) < ATOL
        # Degenerate polygon: fall back to the vertex average.
        return Point(sum(q.x for q in p.pts) / n, sum(q.y for q in p.pts) / n)
    end
    cx = cy = 0.0
    for i in 1:n
        a, b = p.pts[i], p.pts[mod1(i + 1, n)]
        w = a.x * b.y - b.x * a.y
        cx += (a.x + b.x) * w
        cy += (a.y + b.y) * w
    end
    return Point(cx / (6A), cy / (6A))
end

# ---------------------------------------------------------------------------
# bounding boxes

"""
    bounding_box(shape) -> Rect

The smallest axis-aligned rectangle containing `shape`.
"""
bounding_box(c::Circle) = Rect(c.center - Vec2(c.r, c.r), c.center + Vec2(c.r, c.r))
bounding_box(r::Rect) = r

function bounding_box(s::AbstractShape)
    pts = vertices(s)
    xs = map(p -> p.x, pts)
    ys = map(p -> p.y, pts)
    return Rect(Point(minimum(xs), minimum(ys)), Point(maximum(xs), maximum(ys)))
end

# ---------------------------------------------------------------------------
# containment

"""
    encloses(shape, p::Point; strict=false) -> Bool

Whether `p` lies inside `shape`. With `strict=true` points on the boundary
are reported as outside.
"""
function encloses(c::Circle, p::Point; strict::Bool=false)::Bool
    d = distance(c.center, p)
    return strict ? d < c.r - ATOL : d ≤ c.r + ATOL
end

function encloses(r::Rect, p::Point; strict::Bool=false)::Bool
    if strict
        return r.lo.x < p.x < r.hi.x && r.lo.y < p.y < r.hi.y
    else
        return r.lo.x ≤ p.x ≤ r.hi.x && r.lo.y ≤ p.y ≤ r.hi.y
    end
end

function encloses(poly::Polygon, p::Point; strict::Bool=false)::Bool
    # Ray casting towards +x. Boundary points are checked separately.
    pts = poly.pts
    n = length(pts)
    for i in 1:n
        if on_segment(pts[i], pts[mod1(i + 1, n)], p)
            return !strict
        end
    end
    inside = false
    j = n
    for i in 1:n
        a, b = pts[i], pts[j]
        if (a.y > p.y) != (b.y > p.y)
            xcross = (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x
            if p.x < xcross
                inside = !inside
            end
        end
        j = i
    end
    return inside
end

encloses(::OpenShape, ::Point; strict::Bool=false) = false

Base.in(p::Point, s::ClosedShape) = encloses(s, p)

"""
    on_segment(a, b, p)

Whether `p` lies on the closed segment from `a` to `b`.
"""
function on_segment(a::Point, b::Point, p::Point)::Bool
    abs(cross2(b - a, p - a)) > ATOL && return false
    return min(a.x, b.x) - ATOL ≤ p.x ≤ max(a.x, b.x) + ATOL &&
           min(a.y, b.y) - ATOL ≤ p.y ≤ max(a.y, b.y) + ATOL
end

# ---------------------------------------------------------------------------
# descriptions

"""
    describe(shape) -> String

A one-line human readable summary.
"""
describe(c::Circle) = "circle at $(c.center) with radius $(c.r)"
describe(r::Rect) = "rectangle $(r.hi.x - r.lo.x)×$(r.hi.y - r.lo.y) at $(r.lo)"
describe(p::Polygon) = "polygon with $(length(p.pts)) vertices, area $(round(area(p); digits=3))"
describe(s::Segment) = "segment of length $(round(perimeter(s); digits=3))"

function describe(l::Polyline)
    lbl = l.label
    name = if lbl === nothing
        "unnamed"
    elseif lbl isa Symbol
        ":" * String(lbl)
    else
        string(lbl)
    end
    return "polyline $name with $(length(l.pts)) points"
end

