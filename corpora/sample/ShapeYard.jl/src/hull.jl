# Convex hulls and a few classic computational-geometry helpers.

"""
    orientation(a, b, c) -> Int

`1` if `a → b → c` turns counter-clockwise, `-1` if clockwise and `0` if the
three points are collinear (within tolerance).
"""
function orientation(a::Point, b::Point, c::Point)::Int
    z = cross2(b - a, c - a)
    return z > ATOL ? 1 : z < -ATOL ? -1 : 0
end

"""
    convex_hull(points) -> Vector{Point}

Andrew's monotone chain algorithm. Returns the hull in counter-clockwise
order starting from the lowest-leftmost point, without collinear points.
"""
function convex_hull(points::AbstractVector{Point{T}}) where {T<:Real}
    pts = sort(unique(points); by=p -> (p.x, p.y))
    n = length(pts)
    n ≤ 2 && return pts
    lower = Point{T}[]
    for p in pts
        while length(lower) ≥ 2 && orientation(lower[end-1], lower[end], p) ≤ 0
            pop!(lower)
        end
        push!(lower, p)
    end
    upper = Point{T}[]
    for p in Iterators.reverse(pts)
        while length(upper) ≥ 2 && orientation(upper[end-1], upper[end], p) ≤ 0
            pop!(upper)
        end
        push!(upper, p)
    end
    # The last point of each chain is the first point of the other one.
    return vcat(lower[1:end-1], upper[1:end-1])
end

convex_hull(s::AbstractShape) = convex_hull(vertices(s))

"""
    is_convex(p::Polygon) -> Bool

True if every turn along the boundary has the same orientation.
"""
function is_convex(p::Polygon)::Bool
    n = length(p.pts)
    sign = 0
    for i in 1:n
        o = orientation(p.pts[i], p.pts[mod1(i + 1, n)], p.pts[mod1(i + 2, n)])
        o == 0 && continue
        if sign == 0
            sign = o
        elseif o != sign
            return false
        end
    end
    return true
end
