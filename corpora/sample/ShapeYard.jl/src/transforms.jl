#=
Affine transforms of the plane, stored as a 2×2 linear part plus a
translation. Transforms compose with `∘` like functions do:
(f ∘ g)(p) == f(g(p)).
=#

"""
    Affine(a, b, c, d, tx, ty)

The map `(x, y) ↦ (a*x + b*y + tx, c*x + d*y + ty)`.
"""
struct Affine
    a::Float64
    b::Float64
    c::Float64
    d::Float64
    tx::Float64
    ty::Float64
end

const IDENTITY = Affine(1, 0, 0, 1, 0, 0)

Base.one(::Type{Affine}) = IDENTITY

"""
    translation(dx, dy)
    translation(v::Vec2)
"""
translation(dx::Real, dy::Real) = Affine(1, 0, 0, 1, dx, dy)
translation(v::Vec2) = translation(v.dx, v.dy)

"""
    rotation(θ; about=origin())

Counter-clockwise rotation by `θ` radians about the point `about`.
"""
function rotation(θ::Real; about::Point=origin())
    s, c = sincos(θ)
    R = Affine(c, -s, s, c, 0, 0)
    if about.x == 0 && about.y == 0
        return R
    end
    v = about - origin()
    return translation(v) ∘ R ∘ translation(-v)
end

"""
    scaling(sx, sy=sx)

Scale by `sx` horizontally and `sy` vertically about the origin.
"""
scaling(sx::Real, sy::Real=sx) = Affine(sx, 0, 0, sy, 0, 0)

"""
    compose(fs...)

Compose a sequence of transforms, applied right to left.
"""
compose(fs::Affine...) = isempty(fs) ? IDENTITY : reduce(∘, fs)

function Base.:∘(f::Affine, g::Affine)
    return Affine(
        f.a * g.a + f.b * g.c, f.a * g.b + f.b * g.d,
        f.c * g.a + f.d * g.c, f.c * g.b + f.d * g.d,
        f.a * g.tx + f.b * g.ty + f.tx,
        f.c * g.tx + f.d * g.ty + f.ty,
    )
end

"""
    det(f::Affine)

Determinant of the linear part; the factor by which areas are scaled.
"""
det(f::Affine) = f.a * f.d - f.b * f.c

function Base.inv(f::Affine)
    Δ = det(f)
    abs(Δ) > ATOL || throw(ArgumentError("transform is singular"))
    a, b, c, d = f.d / Δ, -f.b / Δ, -f.c / Δ, f.a / Δ
    return Affine(a, b, c, d, -(a * f.tx + b * f.ty), -(c * f.tx + d * f.ty))
end

Base.isapprox(f::Affine, g::Affine; atol=1e-9) =
    all(abs(getfield(f, k) - getfield(g, k)) ≤ atol for k in fieldnames(Affine))

# ---------------------------------------------------------------------------
# applying transforms

"""
    apply(f, x)

Apply transform `f` to a point, vector or shape. Vectors ignore the
translation part. Circles only stay circles under similarity transforms, so
applying a shear to a circle throws.
"""
function apply end

apply(f::Affine, p::Point) = Point(f.a * p.x + f.b * p.y + f.tx, f.c * p.x + f.d * p.y + f.ty)
apply(f::Affine, v::Vec2) = Vec2(f.a * v.dx + f.b * v.dy, f.c * v.dx + f.d * v.dy)
apply(f::Affine, s::Segment) = Segment(apply(f, s.a), apply(f, s.b))
apply(f::Affine, p::Polygon) = Polygon([apply(f, q) for q in p.pts])
apply(f::Affine, l::Polyline) = Polyline(map(q -> apply(f, q), l.pts), l.label)

function apply(f::Affine, r::Rect)
    # Axis-aligned rectangles stay rectangles only without rotation or shear.
    if abs(f.b) ≤ ATOL && abs(f.c) ≤ ATOL
        return Rect(apply(f, r.lo), apply(f, r.hi))
    end
    return Polygon(map(q -> apply(f, q), vertices(r)))
end

function apply(f::Affine, c::Circle)
    # Columns of the linear part must be orthogonal and of equal length.
    u = Vec2(f.a, f.c)
    v = Vec2(f.b, f.d)
    if abs(dot2(u, v)) > 1e-8 || abs(norm2(u) - norm2(v)) > 1e-8
        throw(ArgumentError("non-similarity transform turns a circle into an ellipse"))
    end
    return Circle(apply(f, c.center), c.r * norm2(u))
end

(f::Affine)(x) = apply(f, x)
