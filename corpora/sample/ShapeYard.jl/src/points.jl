#=
Points and free vectors in the plane.

A `Point` is a location, a `Vec2` is a displacement. Subtracting two points
gives a vector; adding a vector to a point gives a point. Adding two points is
deliberately left undefined.
=#

"""
    Point{T<:Real}

A location in the plane with coordinates of type `T`.
"""
struct Point{T<:Real}
    x::T
    y::T
end

Point(x::Real, y::Real) = Point(promote(x, y)...)
Point(t::Tuple{<:Real,<:Real}) = Point(t[1], t[2])

"""
    Vec2{T<:Real}

A displacement in the plane.
"""
struct Vec2{T<:Real}
    dx::T
    dy::T
end

Vec2(dx::Real, dy::Real) = Vec2(promote(dx, dy)...)

"""
    origin(T=Float64)

The point `(0, 0)` with coordinate type `T`.
"""
origin(::Type{T}=Float64) where {T<:Real} = Point{T}(zero(T), zero(T))

Base.:-(p::Point, q::Point) = Vec2(p.x - q.x, p.y - q.y)
Base.:+(p::Point, v::Vec2) = Point(p.x + v.dx, p.y + v.dy)
Base.:+(v::Vec2, p::Point) = p + v
Base.:-(p::Point, v::Vec2) = Point(p.x - v.dx, p.y - v.dy)

Base.:+(u::Vec2, v::Vec2) = Vec2(u.dx + v.dx, u.dy + v.dy)
Base.:-(u::Vec2, v::Vec2) = Vec2(u.dx - v.dx, u.dy - v.dy)
Base.:-(v::Vec2) = Vec2(-v.dx, -v.dy)
Base.:*(α::Real, v::Vec2) = Vec2(α * v.dx, α * v.dy)
Base.:*(v::Vec2, α::Real) = α * v
Base.:/(v::Vec2, α::Real) = Vec2(v.dx / α, v.dy / α)

Base.show(io::IO, p::Point) = print(io, "Point(", p.x, ", ", p.y, ")")
Base.show(io::IO, v::Vec2) = print(io, "Vec2(", v.dx, ", ", v.dy, ")")

"""
    dot2(u, v)

Dot product of two plane vectors.
"""
dot2(u::Vec2, v::Vec2) = u.dx * v.dx + u.dy * v.dy

"""
    cross2(u, v)

The z-component of the cross product of `u` and `v`, i.e. the signed area
of the parallelogram they span.
"""
cross2(u::Vec2, v::Vec2) = u.dx * v.dy - u.dy * v.dx

"""
    norm2(v) -> Float64

Euclidean length of `v`.
"""
norm2(v::Vec2)::Float64 = √(float(v.dx)^2 + float(v.dy)^2)

"""
    distance(p, q) -> Float64

Euclidean distance between two points.
"""
distance(p::Point, q::Point)::Float64 = norm2(p - q)

"""
    midpoint(p, q)

The point halfway between `p` and `q`. Integer inputs produce a `Float64`
point since the midpoint may not be on the integer lattice.
"""
midpoint(p::Point, q::Point) = Point((p.x + q.x) / 2, (p.y + q.y) / 2)

"""
    p ≈ₚ q

Approximate equality of points using the package tolerance.
"""
≈ₚ(p::Point, q::Point) = abs(p.x - q.x) ≤ ATOL && abs(p.y - q.y) ≤ ATOL

Base.isapprox(p::Point, q::Point; atol::Real=ATOL) =
    abs(p.x - q.x) ≤ atol && abs(p.y - q.y) ≤ atol

"""
    unit(v)

`v` scaled to length one. Throws `ArgumentError` for the zero vector.
"""
function unit(v::Vec2)
    n = norm2(v)
    n > 0 || throw(ArgumentError("cannot normalise the zero vector"))
    return v / n
end

"""
    parse_point(s::AbstractString) -> Union{Point{Float64},Nothing}

Parse strings such as `"(1.5, -2)"` or `"3 4"`. Returns `nothing` when
the text does not look like a point.
"""
function parse_point(s::AbstractString)::Union{Point{Float64},Nothing}
    m = match(r"^\s*\(?\s*([-+0-9.eE]+)\s*[, ]\s*([-+0-9.eE]+)\s*\)?\s*$", s)
    m === nothing && return nothing
    x = tryparse(Float64, m.captures[1])
    y = tryparse(Float64, m.captures[2])
    (x === nothing || y === nothing) && return nothing
    return Point(x, y)
end

"""
    cloud_centroid(xs, ys) -> Point{Float64}

Mean position of a point cloud stored as two coordinate vectors.
"""
function cloud_centroid(xs::Vector{Float64}, ys::Vector{Float64})
    isempty(xs) && throw(ArgumentError("empty point cloud"))
    sx = sy = 0.0
    @inbounds @simd for i in eachindex(xs, ys)
        sx += xs[i]
        sy += ys[i]
    end
    return Point(sx / length(xs), sy / length(ys))
end

"""
    shift_cloud(xs, ys, v::Vec2) -> Tuple

Translate every point of a cloud by `v`, returning new coordinate vectors.
"""
shift_cloud(xs::AbstractVector, ys::AbstractVector, v::Vec2) = (xs .+ v.dx, ys .+ v.dy)

# A loose "registry" of named points, mutated at runtime. It is deliberately
# not `const`, so reading it inside functions is type-unstable.
landmarks = Dict{String,Any}("origin" => origin(), "unit_x" => Point(1.0, 0.0))

"""
    landmark(name) -> Union{Point,Nothing}

Look up a named point in the global landmark table.
"""
function landmark(name::AbstractString)
    haskey(landmarks, name) || return nothing
    return landmarks[name]
end

"""
    register_landmark!(name, p)

Add or replace a named point.
"""
function register_landmark!(name::AbstractString, p::Point)
    global landmarks
    landmarks[String(name)] = p
    return p
end
