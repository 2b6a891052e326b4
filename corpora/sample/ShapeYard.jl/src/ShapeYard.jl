"""
    ShapeYard

A small planar geometry toolkit: points and vectors, a hierarchy of shapes,
affine transforms and a convex hull routine. Written for juliatag's sample
corpus; it favours clarity over speed.
"""
module ShapeYard

export Point, Vec2, origin, distance, norm2, dot2, cross2, midpoint, ≈ₚ
export AbstractShape, ClosedShape, OpenShape, Circle, Rect, Polygon, Segment, Polyline
export area, perimeter, centroid, bounding_box, encloses, vertices, describe
export Affine, translation, rotation, scaling, compose, apply
export convex_hull, orientation, is_convex

# Tolerance used by approximate comparisons throughout the package.
const ATOL = 1e-9

include("points.jl")
include("shapes.jl")
include("transforms.jl")
include("hull.jl")

end # module ShapeYard
