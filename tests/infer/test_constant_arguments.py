"""Constant propagation: a `true`/`false` or `:name` argument the call writes (a keyword, a position,
or the default the call leaves in place) decides the conditions the method tests it in, as Julia's
inference propagates constants; `getproperty(x, :name)` is inferred for the symbol; and the
`nothing` of a `Union{T, Nothing}` is dropped where Base has no method for it (the call would
throw), as Julia's union splitting finds."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import first_types

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

PICK = ("struct Whole\n    n::Int\nend\nstruct Part\n    n::Int\nend\n"
        "pick(x::Int; view::Bool=false) = view ? Part(x) : Whole(x)\n"
        "pick2(x::Int, view::Bool=false) = if !view\n    Whole(x)\nelse\n    Part(x)\nend\n"
        "both(x::Int, view::Bool) = view ? Part(x) : Whole(x)\n"
        "function moved(x::Int; view::Bool=false)\n    view = !view\n    return view ? Part(x) : Whole(x)\nend\n")


def test_a_constant_keyword_decides_the_branch():
    src = PICK + ("r1 = pick(1, view=true)\nr2 = pick(1, view=false)\nr3 = pick(1)\nr4 = pick2(1, true)\n"
                  "r5 = pick2(1)\nflag = rand(Bool)\nr6 = pick(1, view=flag)\nr7 = both(1, false)\n"
                  "r8 = moved(1, view=true)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"], t["r5"]) == ("Part", "Whole", "Whole", "Part", "Whole")
    assert t["r6"] == "Union{Part, Whole}"    # not a constant: both branches
    assert t["r7"] == "Whole"
    assert t["r8"] == "Union{Part, Whole}"    # the parameter is assigned in the body: not a constant


def test_getproperty_branches_on_the_constant_symbol():
    src = ("mutable struct Lazy\n    idx::Union{Vector{Int}, Nothing}\n    name::String\nend\n"
           "function Base.getproperty(x::Lazy, f::Symbol)\n"
           "    if f in (:idx, :starts)\n        return getfield(x, f)::Vector{Int}\n"
           "    elseif f === :label\n        return Symbol(getfield(x, :name))\n    end\n"
           "    return getfield(x, f)\nend\n"
           "z = Lazy(nothing, \"a\")\nr1 = z.idx\nr2 = z.label\nr3 = z.name\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("Vector{Int64}", "Symbol", "String")


def test_nothing_of_a_union_is_dropped_where_base_has_no_method():
    src = ("mutable struct G\n    idx::Union{Vector{Int}, Nothing}\n    d::Union{Dict{Symbol, Int}, Nothing}\n"
           "    p::Union{Nothing, Tuple{Int, Float64}}\nend\n"
           "g = G([1], nothing, nothing)\nr1 = g.idx[1]\nr2 = g.idx[1:2]\nr3 = length(g.idx)\n"
           "r4 = get(g.d, :k, 0)\nr5 = g.p[2]\nr6 = first(g.idx)\nr7 = isnothing(g.idx)\nr8 = string(g.idx)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"], t["r5"], t["r6"]) == (
        "Int64", "Vector{Int64}", "Int64", "Int64", "Float64", "Int64")
    assert t["r7"] == "Bool"
    assert t["r8"] == "String"   # string(nothing) is a method: both members give String


def test_a_field_read_of_an_optional_value_is_the_value_s_field():
    src = ("struct Node1\n    next::Union{Node1, Nothing}\n    v::Float64\nend\n"
           "function f(n::Node1)\n    m = n.next\n    return m.v\nend\nr = f(Node1(nothing, 1.0))\n")
    assert first_types(src)["r"] == "Float64"


def test_a_typed_keyword_left_out_is_its_default():
    src = ("g(::Colon) = 1.0\ng(::Int) = \"a\"\nf(x; dims::Union{Colon, Int}=:) = g(dims)\nr1 = f(1)\n"
           "r2 = f(1, dims=2)\nf1(x; k::Union{Int, Nothing}=nothing) = k\nr3 = f1(1)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("Float64", "String", "Nothing")


def test_a_singleton_comparison_the_argument_type_decides_is_a_constant():
    # `dims === (:)` with dims::Colon is true, `x === nothing` with x::Int64 false (Julia's `===`)
    src = ("function f(A::Vector{Int}, dims)\n"
           "    if dims === (:)\n        return sum(A)\n    else\n        return \"no\"\n    end\nend\n"
           "function g(x)\n    x === nothing && return \"no\"\n    return x + 1\nend\n"
           "y = f([1], :)\nz = g(2)\n")
    t = first_types(src)
    assert t["y"] == "Int64"
    assert t["z"] == "Int64"


def test_colon_as_a_value_and_dims_colon_as_no_dims():
    src = "d = (:)\na = sum([1, 2], dims=(:))\nb = sum([1.5]; dims=d)\nc = sum([1.5]; dims=1)\n"
    t = first_types(src)
    assert t["d"] == "Colon"
    assert t["a"] == "Int64"
    assert t["b"] == "Float64"
    assert t["c"] == "Vector{Float64}"


def test_the_count_of_a_vararg_binds_its_static_parameter():
    # `f(x::T, sz::Vararg{Integer, N}) where {T, N}`: N is how many arguments the vararg takes
    src = ("struct Grid{T, N}\n    x::T\n    sz::NTuple{N, Int}\nend\n"
           "grid(x::T, sz::Vararg{Integer, N}) where {T, N} = Grid{T, N}(x, sz)\n"
           "count(sz::Vararg{Integer, N}) where {N} = N\n"
           "g = grid(1.5, 2, 3)\nn = count(1, 2, 3)\n")
    t = first_types(src)
    assert t["g"] == "Grid{Float64, 2}"
    assert t["n"] == "Int64"


def test_collect_of_a_package_iterator_follows_its_eltype_and_iterator_size():
    src = ("struct Perms{T}\n    data::T\nend\n"
           "Base.iterate(p::Perms, s=1) = s > 2 ? nothing : (collect(p.data), s + 1)\n"
           "Base.length(p::Perms) = 2\n"
           "Base.eltype(p::Perms) = Vector{eltype(p.data)}\n"
           "struct Grid end\n"
           "Base.iterate(g::Grid, s=1) = s > 4 ? nothing : (s, s + 1)\n"
           "Base.eltype(::Type{Grid}) = Int\n"
           "Base.IteratorSize(::Type{Grid}) = Base.HasShape{2}()\n"
           "struct Bare end\n"
           "Base.iterate(b::Bare, s=1) = s > 2 ? nothing : (s, s + 1)\n"
           "p = Perms(1:3)\ne = eltype(p)\nv = collect(p)\nm = collect(Grid())\nbare = collect(Bare())\n")
    t = first_types(src)
    assert t["e"] == "Type{Vector{Int64}}"      # `Vector{eltype(p.data)}`: a call in a parameter
    assert t["v"] == "Vector{Vector{Int64}}"
    assert t["m"] == "Matrix{Int64}"
    assert t["bare"] is None                    # no eltype of its own: Base's is Any, not taken


def test_isa_of_an_argument_whose_type_decides_it_is_a_constant():
    # Julia's `isa` is a constant where the argument's inferred type is inside the tested type, or
    # cannot meet it: the branch it rules out is dead code
    src = ("function f(c)\n    if c isa AbstractVector{<:Pair}\n        return 1\n    else\n        return 2.0\n"
           "    end\nend\n"
           "g(c) = isa(c, AbstractVector) ? :vec : \"other\"\n"
           "abstract type Shape end\nstruct Sq <: Shape end\nstruct Dot end\n"
           "h(s) = s isa Shape ? 1 : 2.0\n"
           "r1 = f([:a, :b])\nr2 = f([1 => 2])\nr3 = g([1, 2])\nr4 = g(3)\nr5 = h(Sq())\nr6 = h(Dot())\n"
           "r7 = f(rand() > 0.5 ? [:a] : [1 => 2])\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"], t["r5"], t["r6"]) == \
        ("Float64", "Int64", "Symbol", "String", "Int64", "Float64")
    # a union argument is split, each member deciding its own call
    assert t["r7"] == "Union{Float64, Int64}"


def test_isa_of_a_type_not_known_in_full_decides_nothing():
    # `Opaque` comes from a module not known here: nothing may be said of what is (not) an Opaque
    src = ("using SomewhereElse\n"
           "k(x) = x isa Opaque ? 1 : 2.0\nm(x::Vector{T}) where {T} = x isa Vector{Int} ? 1 : 2.0\n"
           "r1 = k(3)\nr2 = m([1.5])\n")
    t = first_types(src)
    assert t["r1"] == "Union{Float64, Int64}"
    assert t["r2"] == "Float64"


def test_isa_of_a_type_written_with_local_variables_decides_nothing():
    # `x isa AbstractDict{K,V}` of locals K and V: the text does not say what K and V hold, so the
    # condition is not folded (read as written it named no such types, and was false: a wrong label)
    src = ("function chk(x, K, V)\n    if x isa AbstractDict{K,V}\n        return 1\n    end\n    return \"s\"\nend\n"
           "r = chk(Dict{Int,Int}(), Int, Int)\n")
    assert first_types(src)["r"] == "Union{Int64, String}"


def test_a_constant_parameter_passed_on_stays_a_constant():
    """DataFrames' `select(df, cols...; copycols=false)` calls `manipulate(...; copycols=copycols)`:
    the callee's branch on it is decided by the constant the outer call wrote, passed as a keyword
    (`k=k` or `; k`) or by position; a parameter the method assigns is not passed on as a constant."""
    src = PICK + ("outer1(x::Int; view::Bool=true) = pick(x, view=view)\n"
                  "outer2(x::Int; view::Bool=true) = pick(x; view)\n"
                  "outer3(x::Int; view::Bool=true) = both(x, view)\n"
                  "function outer4(x::Int; view::Bool=true)\n    view = !view\n    return both(x, view)\nend\n"
                  "a = outer1(1, view=false)\nb = outer2(1, view=false)\nc = outer3(1, view=false)\n"
                  "d = outer1(1)\ne = outer4(1, view=false)\n")
    t = first_types(src)
    assert (t["a"], t["b"], t["c"], t["d"]) == ("Whole", "Whole", "Whole", "Part")
    assert t["e"] == "Union{Part, Whole}"


def test_isa_of_a_call_of_a_concrete_type_is_decided():
    """StructArrays' `IndexStyle(f) isa IndexCartesian ? CartesianIndex{ndims(f)} : index_type(ls)`:
    the call's value has a concrete type, so the `isa` is a constant Julia folds and the other
    branch is dead code."""
    src = ("it(::Tuple{}) = Int\nfunction it(components::Tuple)\n    f, ls = first(components), Base.tail(components)\n"
           "    return IndexStyle(f) isa IndexCartesian ? CartesianIndex{ndims(f)} : it(ls)\nend\n"
           "a = it((rand(5), rand(5)))\nb = rand(Bool) isa Bool ? 1 : \"s\"\n")
    t = first_types(src)
    assert (t["a"], t["b"]) == ("Type{Int64}", "Int64")
