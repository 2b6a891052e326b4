"""Method forms Julia code writes that the method table must read (`(+)(a, b) = ...`,
`xs::Vararg{T, N}`, `@generated`), calls that leave positional defaults (dispatched again at the
full arity, as Julia lowers them), `(a = f(x); (a, a))` blocks, and Base rules (`similar` with
dimensions, `Vector(x)`, `promote_op`, `reverse` of a tuple, `replace` that widens)."""

import pytest

from juliatag.syntax.fatou import find_fatou

from .snippets import first_types, labels

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")


def test_operator_methods_written_in_parentheses_are_methods():
    src = ("struct Foo end\n(+)(a::Foo, b::Foo) = 1.0\n(*)(a::Foo, b::Int) = \"s\"\n"
           "r1 = Foo() + Foo()\nr2 = Foo() * 2\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("Float64", "String")


def test_vararg_annotations_are_varargs():
    src = ("mm(f, A::AbstractVector, Bs::Vararg{Vector, N}) where {N} = 1.0\nr1 = mm(+, [1], [2])\n"
           "g(x::T, sz::Vararg{Integer, N}) where {T, N} = x\nr2 = g(1.0, 3)\nr3 = g(1.0, 3, 4)\n"
           "k(xs::Vararg) = length(xs)\nr4 = k(1, 2)\nr5 = g(1.0, 2.5)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Float64", "Float64", "Float64", "Int64")
    assert t["r5"] is None   # 2.5 is no Integer: no method


def test_a_generated_function_is_not_its_expression():
    t = first_types("@generated gg(x) = :(x + 1)\nr1 = gg(1)\n@generated function hh(x)\n    return :(x)\nend\n"
                    "r2 = hh(2.0)\n")
    assert t["r1"] is None and t["r2"] is None   # never the Expr its body builds


def test_positional_defaults_dispatch_again_at_full_arity():
    src = ("g(v, w::AbstractVector, dims::Colon=:) = 1\ng(v, w::Vector{Float64}, dims::Colon) = \"s\"\n"
           "r1 = g(1, [1.0])\nr2 = g(1, [1])\nh(x, n=2) = x^n\nr3 = h(2.0)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("String", "Int64", "Float64")


def test_a_parenthesised_block_assigns_and_gives_its_last_value():
    src = ("struct Bd\n    dv::Vector{Float64}\nend\nsz(M::Bd) = (n = length(M.dv); (n, n))\n"
           "r1 = sz(Bd([1.0]))\nr2 = (p = 1; q = 2.0; p + q)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("Tuple{Int64, Int64}", "Float64")


def test_base_rules_for_similar_vector_promote_op_reverse_and_replace():
    src = ("A = rand(3, 3)\nv = [1, 2]\nr1 = similar(A, Float64, (3, 3))\nr2 = similar(A, Int, size(A))\n"
           "r3 = similar(A, (2,))\nr4 = Vector([1, 2])\nr5 = Matrix(A)\nr6 = Array(1:3)\n"
           "r7 = reverse((1, 2.0, \"s\"))\nr8 = Base.promote_op(+, Int, Float64)\nr9 = transpose(2.0)\n"
           "r10 = replace(v, 0 => 5)\nr11 = replace(v, 0 => missing)\nr12 = Vector(A)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("Matrix{Float64}", "Matrix{Int64}", "Vector{Float64}")
    assert (t["r4"], t["r5"], t["r6"]) == ("Vector{Int64}", "Matrix{Float64}", "Vector{Int64}")
    assert t["r7"] == "Tuple{String, Float64, Int64}"
    assert (t["r8"], t["r9"]) == ("Type{Float64}", "Float64")
    assert t["r10"] == "Vector{Int64}"
    assert t["r11"] is None      # Vector{Union{Missing, Int64}} in Julia: never the input's type
    assert t["r12"] is None      # a Matrix is no Vector


def test_differentiation_rule_macros_leave_the_function_s_methods_known():
    src = ("f(x::Float64) = 2x\n@non_differentiable f(::Any...)\nr1 = f(1.0)\n")
    assert first_types(src)["r1"] == "Float64"


def test_an_alias_of_an_alias_declared_further_down_is_a_type():
    # Julia's own order in LinearAlgebra's adjtrans.jl is the other way round; a package's lines
    # come in any order, and the alias must never be dropped (the `Any` method would then win)
    src = ("struct Adj{T, S}\n    p::S\nend\nstruct Tra{T, S}\n    p::S\nend\n"
           "const AdjOrTrVec{T, V<:AbstractVector} = AdjOrTr{T, V}\n"
           "const AdjOrTr{T, S} = Union{Adj{T, S}, Tra{T, S}} where {T, S}\n"
           "k(a::AdjOrTrVec, b::AdjOrTrVec) = \"s\"\nk(a, b) = 2.0\nx = Tra{Int, Vector{Int}}([1])\nr1 = k(x, x)\n")
    assert first_types(src)["r1"] == "String"


def test_a_where_bound_naming_another_variable_binds_it():
    src = ("struct W{T}\n    x::T\nend\nf(::Type{T}) where {S<:Number, T<:AbstractMatrix{S}} = W{S}(one(S))\n"
           "r1 = f(Matrix{Float64})\n")
    assert first_types(src)["r1"] == "W{Float64}"


def test_the_default_constructor_outranks_a_varargs_outer_one():
    src = ("struct Foo{T, N, Ax}\n    data::Array{T, N}\n    axes::Ax\n    n::Int\nend\n"
           "Foo(data::Array{T, N}, axes...) where {T, N} = Foo(data, axes, 1)\n"
           "r1 = Foo([1 2; 3 4], 2:3, [:a, :b])\nr2 = Foo([1 2; 3 4], (2:3,), 5)\n")
    t = first_types(src)
    assert t["r1"] == "Foo{Int64, 2, Tuple{UnitRange{Int64}, Vector{Symbol}}}"
    assert t["r2"] == "Foo{Int64, 2, Tuple{UnitRange{Int64}}}"


def test_a_keyword_splat_is_the_pairs_of_the_other_keywords():
    src = ("f(; kw...) = values(kw)\nr1 = f(a=1, b=2.0)\ng(x; k=1, kw...) = kw\nr2 = g(1, k=2, z=\"s\")\n"
           "h(; kw...) = keys(kw)\nr3 = h(p=1)\nr4 = f()\n")
    t = first_types(src)
    assert t["r1"] == "@NamedTuple{a::Int64, b::Float64}"
    assert t["r2"] == "Base.Pairs{Symbol, String, Tuple{Symbol}, @NamedTuple{z::String}}"
    assert (t["r3"], t["r4"]) == ("Tuple{Symbol}", "@NamedTuple{}")


def test_a_value_static_parameter_is_its_value():
    src = ("struct W{T, N, I}\n    x::T\n    n::Int\nend\n"
           "h(x::AbstractArray{T, N}) where {T, N} = W{T, N, Int}(x[1], 1)\nr1 = h([1.0, 2.0])\n"
           "k(x::AbstractArray{T, N}) where {T, N} = N\nr2 = k(rand(2, 2))\n"
           "m(x::AbstractArray{T, N}) where {T, N} = Array{T, N}(undef, size(x))\nr3 = m(rand(2, 2))\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("W{Float64, 1, Int64}", "Int64", "Matrix{Float64}")


def test_inferred_over_a_union_is_stable_where_each_member_infers_concretely():
    src = "using Test\nfor x in ([1, 2], [1.0, 2.0])\n    y = @inferred sum(x)\nend\n"
    calls = [(t, s) for tok, t, s in labels(src) if tok == "sum"]
    assert calls == [("Union{Float64, Int64}", 1)]   # stable: Julia infers Int64 and Float64 apart


def test_base_rules_for_empty_and_oneto():
    t = first_types("r1 = empty([1, 2])\nr2 = empty(Dict(1 => 2.0))\nr3 = Base.oneto(3)\nr4 = empty(Set([1]))\n")
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Vector{Int64}", "Dict{Int64, Float64}", "Base.OneTo{Int64}",
                                                    "Set{Int64}")


def test_tuples_ending_in_varargs_rank_by_their_elements():
    src = ("q(x::Tuple{Any, Vararg{Any}}) = 1.0\nq(x::Tuple{AbstractUnitRange, Vararg{AbstractUnitRange}}) = \"s\"\n"
           "r1 = q((1:2, 3:4))\nr2 = q((1, 2))\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("String", "Float64")


def test_typeof_an_operator_or_a_qualified_function_in_a_signature():
    src = ("k(a, r, c::Integer) = 1.0\nk(a, ::typeof(!), c::Integer) = \"s\"\nr1 = k(1, !, 3)\nr2 = k(1, 2, 3)\n"
           "m(::typeof(Base.sum)) = 1\nm(x) = 2.0\nr3 = m(sum)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("String", "Float64", "Int64")


def test_dims_and_rand_of_more_dimensions():
    src = ("r1 = rand(3, 3, 3)\nr2 = rand((2, 3))\nr3 = rand(Float32, (2,))\nf(d::Dims{2}) = 1.0\nf(x) = \"s\"\n"
           "r4 = f((2, 3))\nr5 = f((2,))\n")
    t = first_types(src)
    assert [t[f"r{i}"] for i in range(1, 6)] == ["Array{Float64, 3}", "Matrix{Float64}", "Vector{Float32}",
                                                  "Float64", "String"]


def test_a_tuple_is_indexed_by_base_whatever_it_holds():
    src = ("struct G\n    n::Int\nend\nBase.getindex(g::G, i::Int) = 2.0\nt = (G(1), [1])\nr1 = t[1]\nr2 = t[2]\n"
           "r3 = G(1)[3]\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("G", "Vector{Int64}", "Float64")


def test_calling_a_union_of_functions_joins_their_results():
    src = ("a(x) = 1.0\nb(x) = 2.0\nc(x) = \"s\"\nfor fun in (a, b)\n    global r1 = fun(1)\nend\n"
           "for fun in (a, c)\n    global r2 = fun(1)\nend\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("Float64", "Union{Float64, String}")


def test_tail_front_and_tuple_splats_keep_tuple_lengths():
    # Julia's tuple recursion: `Base.tail` drops the first element, `(x, rest...)` splats a tuple
    src = ("t = (1, 2.0, \"s\")\nr1 = Base.tail(t)\nr2 = Base.front(t)\nr3 = (t..., 'c')\n"
           "r4 = Base.tail((1,))\nr5 = (0x01, Base.tail(t)...)\n"
           "r6 = Base.tail(ntuple(i -> i, 3))\nr7 = Base.tail(())\nr8 = tail(t)\nr9 = (1, [2, 3]...)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("Tuple{Float64, String}", "Tuple{Int64, Float64}")
    assert t["r3"] == "Tuple{Int64, Float64, String, Char}"
    assert (t["r4"], t["r5"]) == ("Tuple{}", "Tuple{UInt8, Float64, String}")
    assert t["r6"] == "Tuple{Int64, Int64}"   # ntuple of a literal length
    assert t["r7"] is None       # throws
    assert t["r8"] is None       # `tail` is not exported: without an import it is not Base's
    assert t["r9"] is None       # a vector's length is not known


def test_recursion_over_tuples_through_tail():
    src = ("_first(t::Tuple) = t[1]\n_first(t::Tuple{}) = 1\n"
           "_rest(t::Tuple) = Base.tail(t)\n_rest(t::Tuple{}) = t\n"
           "pairs3(a::Tuple{}, b::Tuple{}) = ()\n"
           "function pairs3(a::Tuple, b::Tuple)\n    h = (_first(a), _first(b))\n"
           "    (h, pairs3(_rest(a), _rest(b))...)\nend\nr1 = pairs3((2,), (1, 3))\n")
    assert first_types(src)["r1"] == "Tuple{Tuple{Int64, Int64}, Tuple{Int64, Int64}}"


def test_repeat_real_and_conj_of_arrays_follow_base():
    # `repeat` is `similar(A, ...)` with as many dimensions as counts: a Vector over two counts is a
    # Matrix and a range a Vector; `real`/`conj` of an array of reals is the array itself, and of an
    # Array of complex numbers an Array of the same shape (`conj.(A)`)
    src = ("v = [1, 2]\nm = [1 2; 3 4]\nr1 = repeat(v, 3)\nr2 = repeat(v, 2, 3)\nr3 = repeat(1:3, 2)\n"
           "r4 = repeat(m, 2)\nr5 = real([1.0, 2.0])\nr6 = conj(m)\nr7 = conj([1im])\nr8 = repeat(v, 1, 2, 3)\n"
           "r9 = repeat(v, outer=4)\nr10 = repeat(v, inner=2, outer=(2, 3))\nr11 = repeat(v, outer=n)\n"
           "r12 = repeat(1:2, 2, 3)\nr13 = repeat('a', 3)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Vector{Int64}", "Matrix{Int64}", "Vector{Int64}", "Matrix{Int64}")
    assert (t["r5"], t["r6"]) == ("Vector{Float64}", "Matrix{Int64}")
    assert (t["r7"], t["r8"]) == ("Vector{Complex{Int64}}", "Array{Int64, 3}")
    assert (t["r9"], t["r10"], t["r11"]) == ("Vector{Int64}", "Matrix{Int64}", None)
    assert (t["r12"], t["r13"]) == ("Matrix{Int64}", "String")


def test_first_of_a_tuple_is_its_first_element_not_the_element_union():
    src = ("r1 = first((1, 2.0))\nr2 = first.([(1, 2.0)])\nr3 = last((1, 2.0))\nv = [(1, 2.0)]\n"
           "r4 = map(first, v)\nr5 = first(v)\nr6 = first([1.0, 2.0])\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("Int64", "Vector{Int64}", "Float64")
    assert (t["r4"], t["r5"], t["r6"]) == ("Vector{Int64}", "Tuple{Int64, Float64}", "Float64")


def test_reductions_over_tuples_of_several_types_are_not_the_element_union():
    # Julia reduces `(1, 2.0)` element by element, promoting (`sum((1, 2.0))` is a Float64), and a
    # tuple's eltype is the promote_typejoin of its element types (`collect((1, 2.0))` is Vector{Real})
    src = ("r1 = sum((1, 2.0))\nr2 = maximum((1, 2.0))\nr3 = reduce(+, (1, 2.0))\nr4 = mapreduce(abs, +, (1, 2.0))\n"
           "r5 = maximum(abs, (1, 2.0))\nr6 = extrema((1, 2.0))\nr7 = collect((1, 2.0))\nr8 = collect((1, \"a\"))\n"
           "r9 = collect((1, nothing))\nr10 = sum((1, 2))\nr11 = collect((1, 2))\nr12 = eltype((1, 2.0))\n")
    t = first_types(src)
    assert [t[f"r{i}"] for i in range(1, 7)] == [None] * 6
    assert (t["r7"], t["r8"], t["r9"]) == ("Vector{Real}", "Vector{Any}", "Vector{Union{Int64, Nothing}}")
    assert (t["r10"], t["r11"], t["r12"]) == ("Int64", "Vector{Int64}", "Type{Real}")


def test_reshape_with_a_colon_or_three_dimensions():
    src = ("function f(v::Vector{Int}, A::Matrix{Float64})\n    r1 = reshape(v, 2, :)\n    r2 = reshape(A, :)\n"
           "    r3 = reshape(v, :, 3)\n    r4 = reshape(v, (2, 3, 1))\nend\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Matrix{Int64}", "Vector{Float64}", "Matrix{Int64}", "Array{Int64, 3}")


def test_traitfn_methods_apply_to_their_declared_type_whichever_trait_holds():
    """SimpleTraits' `@traitfn f(g::AG::IsDirected) where {AG<:AbstractG}` is a method for AG (the
    trait picks between it and the `::(!IsDirected)` one): not a method for the trait's type."""
    src = ("abstract type AbstractG end\nstruct DG <: AbstractG end\nstruct Other end\n"
           "@traitfn function comps(g::AG::IsDirected) where {AG<:AbstractG}\n    return [1, 2]\nend\n"
           "@traitfn comps(g::AG::(!IsDirected)) where {AG<:AbstractG} = throw(ArgumentError(\"undirected\"))\n"
           "@traitfn both(g::::IsDirected) = 1\n@traitfn both(g::::(!IsDirected)) = 2.0\n"
           "@traitfn sym(g::AG) where {AG<:AbstractG; !IsDirected{AG}} = true\n"
           "@traitfn sym(g::AG) where {AG<:AbstractG; IsDirected{AG}} = false\n"
           "d = comps(DG())\nmixed = both(DG())\ns = sym(DG())\n")
    t = first_types(src)
    assert t["d"] == "Vector{Int64}"      # the other variant only throws
    assert t["mixed"] is None             # which variant is called is not known here
    assert t["s"] == "Bool"               # a trait in the `where` list: AG is still a static parameter


def test_the_trait_a_traitimpl_function_gives_a_type_picks_the_traitfn_method():
    """`@traitimpl IsDirected{G} <- is_directed(G)`: the trait holds for the types `is_directed`
    returns true for, which picks the `::::IsDirected` or the `::::(!IsDirected)` method (SimpleTraits'
    dispatch); where that function's answer is not a constant of the type, both stay possible."""
    src = ("abstract type AbstractG end\nstruct DG <: AbstractG end\nstruct UG <: AbstractG end\n"
           "struct Mixed <: AbstractG\n    d::Bool\nend\n"
           "@traitdef IsDirected{G<:AbstractG}\n@traitimpl IsDirected{G} < -is_directed(G)\n"
           "is_directed(::Type{<:DG}) = true\nis_directed(::Type{<:UG}) = false\n"
           "is_directed(::Type{Mixed}) = rand(Bool)\n"
           "@traitfn both(g::::IsDirected) = 1\n@traitfn both(g::::(!IsDirected)) = 2.0\n"
           "@traitfn each(g::G::IsDirected) where {G<:AbstractG} = :d\n"
           "@traitfn each(g::G::(!IsDirected)) where {G<:AbstractG} = \"u\"\n"
           "r1 = both(DG())\nr2 = both(UG())\nr3 = each(DG())\nr4 = each(UG())\nr5 = both(Mixed(true))\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Int64", "Float64", "Symbol", "String")
    assert t["r5"] is None


def test_float_functions_of_big_and_rational_numbers_follow_float():
    """`sqrt`, `exp`, `log`, ... of a real number are `float` of its type: a BigFloat for a BigInt or a
    Rational{BigInt} (LogExpFunctions' `loglogistic(big(1)//2)`), the float type itself for a float."""
    src = ("x = BigInt(1)//BigInt(2)\nr1 = float(x)\nr2 = x * 1.0\nr3 = sqrt(x)\nr4 = sqrt(2)\nr5 = sqrt(2.0f0)\n"
           "r6 = atan(1.0f0, 2.0f0)\nr7 = hypot(3, 4.0f0)\nr8 = inv(3)\nr9 = exp(-float(x))\nr10 = (1//2) * 1.0f0\n")
    t = first_types(src)
    assert [t[f"r{i}"] for i in range(1, 11)] == ["BigFloat", "BigFloat", "BigFloat", "Float64", "Float32", "Float32",
                                                  "Float32", "Float64", "BigFloat", "Float32"]


def test_a_c_call_returns_its_declared_type():
    """`ccall(f, Ret, (Args...), args...)` and `@ccall lib.f(x::T)::Ret` return Ret (Cvoid is
    Nothing), also where the type comes from an `@eval` loop's interpolation."""
    src = ("function g(n::Integer)\n    ccall((:dnrm2_, \"lib\"), Float64, (Ref{Int},), n)\nend\n"
           "k(x) = ccall(:jl_f, Cvoid, (Any,), x)\n"
           "r1 = g(2)\nr2 = k(1)\n"
           "r3 = @ccall strlen(\"abc\"::Cstring)::Csize_t\nr4 = @ccall libc.getpid()::Cint\n"
           "r5 = ccall(:f, T, ())\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Float64", "Nothing", "UInt64", "Int32")
    assert t["r5"] is None   # a return type not known here


def test_a_declared_local_holds_the_value_it_was_assigned_where_that_is_of_its_type():
    """`x::T = v` lowers to `x = typeassert(convert(T, v), T)`: a value of type T converts to
    itself, so the local has the value's narrower type; other values become T. A typed global
    keeps its declared type."""
    src = ("function f(x::Vector{Float64})\n    szs::Dims = size(x)\n    r1 = szs\n    y::Real = 1\n"
           "    r2 = y\n    y = 2.5\n    r3 = y\n    z::Float64 = 1\n    r4 = z\n    return r1, r2, r3, r4\nend\n"
           "r = f([1.0])\ng::Real = 1\nr5 = g\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Tuple{Int64}", "Int64", "Float64", "Float64")
    assert t["r"] == "Tuple{Tuple{Int64}, Int64, Float64, Float64}"
    assert t["r5"] == "Real"


def test_base_rules_for_index_style_pointers_and_array_internals():
    src = ("A = [1 2; 3 4]\nr1 = IndexStyle(A)\nr2 = IndexStyle(1:3)\nr3 = IndexLinear()\n"
           "p = pointer([1.0])\nr4 = p + 8\nr5 = p - 8\n"
           "r6 = Base.merge_adjacent_dim(size(A), strides(A))\nr7 = Base._checkcontiguous(Bool, A)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("IndexLinear", "IndexLinear", "IndexLinear")
    assert (t["r4"], t["r5"]) == ("Ptr{Float64}", "Ptr{Float64}")
    assert (t["r6"], t["r7"]) == ("Tuple{Int64, Int64, Int64}", "Bool")


def test_a_loop_over_a_package_iterator_takes_the_elements_its_iterate_methods_return():
    """`for x in itr` calls `iterate(itr)`, then `iterate(itr, state)`: where the package defines
    them, the loop variable is the join of the elements they return, over every state they give."""
    src = ("struct Evens\n    n::Int\nend\n"
           "Base.iterate(e::Evens, s=0) = s >= e.n ? nothing : (2s, s + 1)\n"
           "struct Mixed end\n"
           "Base.iterate(::Mixed) = (1, 1)\nBase.iterate(::Mixed, s::Int) = s > 2 ? nothing : (1.5, 2.0)\n"
           "Base.iterate(::Mixed, s::Float64) = nothing\n"
           "struct Opaque end\nBase.iterate(o::Opaque, s=1) = (unknown_thing(s), s)\n"
           "function f()\n    for x in Evens(3)\n        r1 = x\n    end\n"
           "    for y in Mixed()\n        r2 = y\n    end\n    for z in Opaque()\n        r3 = z\n    end\n"
           "    return [2e for e in Evens(2)]\nend\nr4 = f()\n")
    t = first_types(src)
    assert t["r1"] == "Int64"
    assert t["r2"] == "Union{Float64, Int64}"
    assert t["r3"] is None          # what iterate returns is not known
    assert t["r4"] == "Vector{Int64}"


def test_first_and_do_blocks_over_a_package_iterator_use_its_iterate_methods():
    src = ("struct Evens\n    n::Int\nend\n"
           "Base.iterate(e::Evens, s=0) = s >= e.n ? nothing : (2s, s + 1)\n"
           "r1 = first(Evens(3))\n"
           "function g(e::Evens)\n    foreach(e) do x\n        r3 = x\n    end\n    return nothing\nend\ng(Evens(2))\n")
    t = first_types(src)
    assert t["r1"] == "Int64"
    assert t["r3"] == "Int64"       # a do-block's argument: an element of what it iterates
    own = first_types("struct Own end\nBase.iterate(::Own, s=1) = (1.0, s)\nBase.first(::Own) = \"own\"\n"
                      "r2 = first(Own())\n")
    assert own["r2"] == "String"    # the package's own `first`


def test_the_default_constructor_beats_a_less_specific_outer_method():
    """`Acc(map::AbstractDict) = Acc(Dict(map))` beside the default `Acc(map::Dict{T, V})`: a Dict
    reaches the default, the more specific (Julia's dispatch), so the outer method is no
    recursion; one whose signature is as narrow as the fields' keeps the call."""
    src = ("struct Acc{T, V} <: AbstractDict{T, V}\n    map::Dict{T, V}\nend\n"
           "Acc(map::AbstractDict) = Acc(Dict(map))\n"
           "function Acc(p::Pair, ps::Pair...)\n    a = Acc(Dict(p))\n    return a\nend\n"
           "struct Cell\n    x::Float64\nend\nCell(x::Float64) = 1\n"
           "r1 = Acc(Dict(\"a\" => 2))\nr2 = Acc(\"a\" => 2, \"b\" => 3)\n"
           "r4 = Cell(1.5)\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("Acc{String, Int64}", "Acc{String, Int64}")
    assert t["r4"] == "Int64"   # the same signature as the default's: the method written replaces it


def test_a_one_argument_operator_method_written_as_a_prefix_operator_is_a_method():
    """`-(a::Fl) = ...` parses as the operator applied to `(a::Fl)`; Julia reads it as a method."""
    src = ("struct Fl\n    v::Float64\nend\n-(a::Fl) = Fl(-a.v)\n!(a::Fl) = \"no\"\n"
           "-(a::T) where {T<:AbstractString} = 1\n"
           "r1 = -Fl(1.0)\nr2 = !Fl(1.0)\nr3 = -1.5\nr4 = -\"s\"\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"], t["r4"]) == ("Fl", "String", "Float64", "Int64")


def test_promote_shape_of_arrays_is_that_of_their_axes():
    """Base's `promote_shape(a, b)`: the package's `axes` methods where it has them, else Base's;
    of tuples, the longer."""
    src = ("struct Tw <: AbstractVector{Int}\n    ax::Tuple{UnitRange{Int}}\nend\nBase.axes(t::Tw) = t.ax\n"
           "r1 = promote_shape([1, 2], [3, 4])\nr2 = promote_shape(Tw((1:2,)), [1, 2])\n"
           "r3 = promote_shape((2, 3), (2,))\nr4 = promote_shape((2,), (2, 1))\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("Tuple{Base.OneTo{Int64}}", "Tuple{UnitRange{Int64}}")
    assert (t["r3"], t["r4"]) == ("Tuple{Int64, Int64}", "Tuple{Int64, Int64}")


def test_base_rules_for_checks_big_numbers_and_index_searches():
    src = ("r1 = big(1)\nr2 = big(1.5)\nr3 = real(Float64)\nr4 = rand((\"a\", \"b\"))\nr5 = rand((2, 3))\n"
           "r6 = intersect(1:3, [2, 3])\nr7 = Base.require_one_based_indexing([1])\nr8 = checkbounds(Bool, [1], 1)\n"
           "r9 = widemul(1, 2)\nr10 = complex(Float64)\nr11 = summary([1])\nr12 = intersect(1:3, 2:5)\n"
           "r13 = checkbounds([1], 1)\nr14 = findall([true false; true true])\nr15 = findall(isodd, [1 2; 3 4])\n"
           "r16 = findall(isodd, [1, 2])\nr17 = findall(isodd, Dict(:a => 1))\nr18 = fill(1)\n"
           "r19 = cumsum([true, false])\nr20 = only(Ref(1.5))\nr21 = nameof(Int)\n")
    t = first_types(src)
    assert [t[f"r{i}"] for i in range(1, 22)] == [
        "BigInt", "BigFloat", "Type{Float64}", "String", "Matrix{Float64}", "Vector{Int64}", "Bool", "Bool",
        "Int128", "Type{Complex{Float64}}", "String", "UnitRange{Int64}", "Nothing", "Vector{CartesianIndex{2}}",
        "Vector{CartesianIndex{2}}", "Vector{Int64}", "Vector{Symbol}", "Array{Int64, 0}", "Vector{Int64}",
        "Float64", "Symbol"]


def test_base_order_constants_by_their_qualified_names():
    """`Base.Order.Forward` and `Base.Forward` are orderings, not modules; a bare `Reverse` may be a
    package's own binding, so it is left to the package."""
    src = ("r1 = Base.Order.Forward\nr2 = Base.Forward\nr3 = Base.Order.Reverse\nr4 = Reverse\nr5 = Base.Reverse\n"
           "r6 = Base.Iterators.Reverse\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("Base.Order.ForwardOrdering", "Base.Order.ForwardOrdering")
    assert t["r3"] == t["r5"] == "Base.Order.ReverseOrdering{Base.Order.ForwardOrdering}"
    assert t["r6"] == "Type{Base.Iterators.Reverse}"
    assert t["r4"] is None


def test_rethrow_of_a_caught_exception_never_returns():
    """`rethrow(e)` of the `e` a `catch` binds (of type Any) meets Base's `rethrow(::Any)` whatever
    `e` is: the catch branch never returns, and the function has the `try` branch's type."""
    src = ("function f(kv)\n    try\n        return length(kv)\n    catch e\n        rethrow(e)\n    end\nend\n"
           "function g(kv)\n    try\n        return length(kv)\n    catch e\n        if isempty(kv)\n"
           "            throw(ArgumentError(\"x\"))\n        else\n            rethrow(e)\n        end\n    end\nend\n"
           "r1 = f([1])\nr2 = g([1])\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("Int64", "Int64")


def test_dict_with_eltype_builds_the_type_for_the_pairs_element_type():
    """Base's `dict_with_eltype((K, V) -> D{K, V}, kv, eltype(kv))`, as Dict-like constructors call
    it: D{K, V}(kv) for an element type Pair{K, V} or Tuple{K, V}; otherwise some D, its parameters
    not known (a constructor makes its type)."""
    src = ("struct D{K, V}\n    d::Dict{K, V}\n    D{K, V}(kv) where {K, V} = new{K, V}(Dict{K, V}(kv))\nend\n"
           "D(kv) = Base.dict_with_eltype((K, V) -> D{K, V}, kv, eltype(kv))\n"
           "r1 = D([(\"a\", 1)])\nr2 = D([\"a\" => 1.5])\nr3 = D(Any[1])\nr4 = D([(1, 2), (\"a\", 4)])\n")
    t = first_types(src)
    assert (t["r1"], t["r2"], t["r3"]) == ("D{String, Int64}", "D{String, Float64}", "D")
    assert t["r4"] == "D{Any, Int64}"   # Tuple{Any, Int64}: K is Any
    # pairs of several types: an empty D{Any, Any}() that `empty(d, K, V)` widens to the
    # promote_typejoin of the keys and of the values, as Base's grow_to! does
    grown = ("struct E{K, V}\n    d::Dict{K, V}\n    E{K, V}() where {K, V} = new{K, V}(Dict{K, V}())\n"
             "    E{K, V}(kv) where {K, V} = new{K, V}(Dict{K, V}(kv))\nend\n"
             "E(kv) = Base.dict_with_eltype((K, V) -> E{K, V}, kv, eltype(kv))\nE(ps::Pair...) = E(ps)\n"
             "Base.empty(d::E, ::Type{K}, ::Type{V}) where {K, V} = E{K, V}()\n"
             "g1 = E(1 => 1, 2 => 2.0)\ng2 = E((1 => 1, \"a\" => 2))\n")
    t = first_types(grown)
    assert (t["g1"], t["g2"]) == ("E{Int64, Real}", "E{Any, Int64}")


def test_transpose_of_number_vectors_and_the_ends_of_a_pair():
    """`transpose`/`adjoint` of any vector or matrix of numbers wrap it as it is; of a vector of
    vectors they are recursive (not known here). `first`/`last` of a Pair are its two members."""
    src = ("r1 = transpose(1:3)\nr2 = adjoint(1:3)\nr3 = transpose([1 2; 3 4])\nr4 = transpose([[1]])\n"
           "r5 = last(1 => \"a\")\nr6 = first(1 => \"a\")\nr7 = values(IdDict(1 => 2.0))\n")
    t = first_types(src)
    assert [t[f"r{i}"] for i in range(1, 8)] == [
        "Transpose{Int64, UnitRange{Int64}}", "Adjoint{Int64, UnitRange{Int64}}", "Transpose{Int64, Matrix{Int64}}",
        None, "String", "Int64", "Base.ValueIterator{IdDict{Int64, Float64}}"]


def test_base_rules_that_return_a_new_array_for_a_range_and_splice():
    """`zero`/`shuffle` of a range make a Vector (a range cannot hold them); `splice!` returns what
    it removes: an element for an index, a Vector for a range."""
    src = ("using Random\nr1 = zero(1:3)\nr2 = shuffle(1:3)\nr3 = shuffle([1.5])\nr4 = splice!([1, 2], 1)\n"
           "r5 = splice!([1, 2], 1:1)\nr6 = eachindex([1, 2], [3, 4])\nr7 = pointer([1, 2], 2)\nr8 = zero([1, 2])\n")
    t = first_types(src)
    assert [t[f"r{i}"] for i in range(1, 9)] == [
        "Vector{Int64}", "Vector{Int64}", "Vector{Float64}", "Int64", "Vector{Int64}", "Base.OneTo{Int64}",
        "Ptr{Int64}", "Vector{Int64}"]


def test_merge_of_named_tuples_is_the_merged_named_tuple():
    """Base's `merge` of NamedTuples: the first's names, then the others' new ones, each of the type
    of the last that has it; with a Dict or pairs it is left to the table (an abstract NamedTuple)."""
    src = ("r1 = merge((a=1,), (b=2.0,))\nr2 = merge((a=1, b=2), (b=\"x\",))\nr3 = merge((a=1,), Dict(:b => 2))\n"
           "r4 = merge((a=1,), (b=2,), (a=1.5,))\n")
    t = first_types(src)
    assert (t["r1"], t["r2"]) == ("@NamedTuple{a::Int64, b::Float64}", "@NamedTuple{a::Int64, b::String}")
    assert (t["r3"], t["r4"]) == ("NamedTuple", "@NamedTuple{a::Float64, b::Int64}")


def test_juxtaposition_is_a_call_of_the_package_s_multiplication():
    # `2.0S` is `2.0 * S`: a package method of `*` for its type answers, as for the written operator
    src = ("struct Scale{T}\n    v::T\nend\nBase.:*(x::Number, s::Scale) = Scale(x * s.v)\nconst S = Scale(true)\n"
           "j = Float16(1)S\nk = 2.0S\nm = 2(1.5)\n")
    t = first_types(src)
    assert t["j"] == "Scale{Float16}"
    assert t["k"] == "Scale{Float64}"
    assert t["m"] == "Float64"


def test_a_literal_integer_power_calls_the_package_s_literal_pow():
    """`x^2` is `Base.literal_pow(^, x, Val{2}())`: JuMP's `literal_pow(::typeof(^),
    x::AbstractVariableRef, ::Val{2}) = x * x` answers for its own types; other powers, and numbers,
    are `^`'s."""
    src = ("abstract type AbstractRef end\nstruct Ref1 <: AbstractRef end\nstruct Quad end\nstruct Aff end\n"
           "Base.literal_pow(::typeof(^), x::AbstractRef, ::Val{2}) = Quad()\n"
           "Base.:^(x::AbstractRef, n::Integer) = Aff()\n"
           "r = Ref1()\nq = r^2\nm = r^(-2)\na = r^3\ni = 3^2\nf = 2.0^-1\n")
    t = first_types(src)
    assert (t["q"], t["m"], t["a"], t["i"], t["f"]) == ("Quad", "Aff", "Aff", "Int64", "Float64")


def test_a_destructuring_argument_binds_its_names():
    """StatsBase's `_add((x1, x2)::Tuple{<:Real,<:Real}, (y1, y2)::Tuple{<:Real,<:Real}) =
    (x1 + y1, x2 + y2)`: the argument is unpacked into its names, as `(x1, x2) = arg`."""
    src = ("_add((x1, x2)::Tuple{<:Real,<:Real}, (y1, y2)::Tuple{<:Real,<:Real}) = (x1 + y1, x2 + y2)\n"
           "swap((a, b)) = (b, a)\n"
           "r = _add((1.0, 2), (3.0, 4))\ns = swap((1, \"x\"))\n")
    t = first_types(src)
    assert (t["r"], t["s"], t["x1"]) == ("Tuple{Float64, Int64}", "Tuple{String, Int64}", "Real")


def test_a_reduction_of_a_function_over_dimensions_of_an_array():
    """Statistics' `_mean`: `sum(f, A; dims=dims)` of an Array is an Array of as many dimensions, of
    what the whole reduction gives (Bools summed are Ints)."""
    src = ("a = sum(abs2, [1.0, 2.0]; dims=1)\nb = sum(x -> x > 0, [1 2; 3 4]; dims=2)\n"
           "c = maximum(identity, [1, 2]; dims=1)\nd = sum(string, [1, 2]; dims=1)\n")
    t = first_types(src)
    assert (t["a"], t["b"], t["c"], t["d"]) == ("Vector{Float64}", "Matrix{Int64}", "Vector{Int64}", None)


def test_a_unit_range_s_length_is_of_its_element_type_and_fma_promotes():
    """`length(Base.OneTo(big(3)))` is a BigInt (FillArrays' BigInt axes: `size(Z) = length.(axes(Z))`);
    `fma`/`muladd` of mixed arguments promote first (Statistics' `_quantile`)."""
    src = ("a = length(Base.OneTo(big(3)))\nb = length(1:3)\nc = length.((Base.OneTo(big(2)),))\n"
           "d = length([1, 2])\ne = fma(3, 0.5, 1.0)\nf = muladd(2, 3, 4)\ng = fma(1.0f0, 2, 3)\n")
    t = first_types(src)
    assert (t["a"], t["b"], t["c"], t["d"]) == ("BigInt", "Int64", "Tuple{BigInt}", "Int64")
    assert (t["e"], t["f"], t["g"]) == ("Float64", "Int64", "Float32")


def test_ntuple_of_a_constant_length_is_a_tuple_of_that_length():
    """`ntuple(f, n)` of a literal, a static parameter's value, `ndims(A)` of an array whose type
    fixes its dimensions, or `length(t)` of a fixed tuple, is an NTuple of that length (FillArrays'
    `repeat(A; inner=ntuple(x->1, ndims(A)))`); any other n leaves the length open. `Tuple(2)` is
    `(2,)`."""
    src = ("a = ntuple(i -> 1.0, 3)\nfirsts(::AbstractArray{T, N}) where {T, N} = ntuple(i -> i, N)\n"
           "b = firsts(zeros(2, 2))\nk(A::AbstractArray; inner=ntuple(x -> 1, ndims(A))) = inner\n"
           "c = k(zeros(2, 2, 2))\nt = (1, 2)\nd = ntuple(i -> t[i], length(t))\nm = rand(1:3)\n"
           "e = ntuple(i -> i, m)\nf = Tuple(2)\n")
    t = first_types(src)
    assert (t["a"], t["b"], t["c"]) == ("Tuple{Float64, Float64, Float64}", "Tuple{Int64, Int64}",
                                        "Tuple{Int64, Int64, Int64}")
    assert (t["d"], t["e"]) == ("Tuple{Int64, Int64}", "Tuple{Vararg{Int64}}")
    assert t["f"] == "Tuple{Int64}"   # `Tuple(2)`: a number iterates once


def test_base_s_generic_similar_and_imag_pass_a_package_array_on_to_its_methods():
    """Base's `similar(a, dims) = similar(a, eltype(a), dims)`, `similar(a) = similar(a, eltype(a))`,
    `similar(a, T) = similar(a, T, axes(a))` and `imag(a::AbstractArray{<:Real}) = zero(a)` reach the
    package's own methods of the call they make (LinearAlgebra's `similar(B::Bidiagonal, T, dims)`,
    FillArrays' `zero(::Ones)`)."""
    src = ("struct Z{T, N} <: AbstractArray{T, N}\n    n::NTuple{N, Int}\nend\n"
           "Base.size(z::Z) = z.n\nBase.axes(z::Z) = map(Base.OneTo, z.n)\n"
           "Base.similar(z::Z, ::Type{S}, dims::Dims{N}) where {S, N} = Z{S, N}(dims)\n"
           "Base.zero(z::Z{T, N}) where {T, N} = Z{T, N}(z.n)\n"
           "z = Z{Float64, 1}((3,))\na = similar(z, (2, 2))\nb = similar(z)\nc = similar(z, Int)\nd = imag(z)\n")
    t = first_types(src)
    assert (t["a"], t["b"], t["c"], t["d"]) == ("Z{Float64, 2}", "Z{Float64, 1}", "Z{Int64, 1}", "Z{Float64, 1}")


def test_zero_and_one_of_an_array_are_of_its_type_only_where_julia_s_methods_make_them_so():
    """Base's `zero(x::AbstractArray{T}) where {T<:Number}` is `fill!(similar(x, typeof(zero(T))),
    zero(T))`: a view's zero is an Array and an adjoint matrix's a Matrix (not known here, never the
    argument's type); LinearAlgebra's own `zero(::UnitUpperTriangular)` is an UpperTriangular; a
    package array without a `zero` method of its own gets its `similar`'s type. `one` of a matrix is
    Base's Matrix, or the standard library type's own method's."""
    src = ("using LinearAlgebra\nA = rand(3, 3)\nz1 = zero(view(A, 1:2, :))\nz2 = zero(A')\n"
           "z3 = zero(UnitUpperTriangular(A))\nz4 = zero(Diagonal(rand(3)))\nz5 = zero(A)\n"
           "o1 = one(view(A, 1:2, 1:2))\no2 = one(A)\no3 = one(UnitLowerTriangular(A))\n"
           "struct Y{T, N} <: AbstractArray{T, N}\n    n::NTuple{N, Int}\nend\n"
           "Base.size(y::Y) = y.n\nBase.similar(y::Y, ::Type{S}) where {S} = Y{S, 1}((3,))\n"
           "z6 = zero(Y{Float64, 2}((2, 2)))\nusing SparseArrays\n"
           "o4 = one(SparseMatrixCSC{Float64, Int32}(rand(2, 2)))\n")
    t = first_types(src)
    assert (t["z1"], t["z2"], t["o1"]) == (None, None, None)
    assert (t["z3"], t["z4"], t["z5"]) == ("UpperTriangular{Float64, Matrix{Float64}}",
                                           "Diagonal{Float64, Vector{Float64}}", "Matrix{Float64}")
    assert (t["o2"], t["o3"]) == ("Matrix{Float64}", "UnitLowerTriangular{Float64, Matrix{Float64}}")
    assert t["z6"] == "Y{Float64, 1}"
    assert t["o4"] == "SparseMatrixCSC{Float64, Int64}"   # SparseArrays' `_one` indexes by Int


def test_shuffle_makes_a_mutable_copy_of_the_argument_s_similar_type():
    """Random's `shuffle(a) = shuffle!(copymutable(a))`: a range's and a view's shuffle is a Vector
    (a view's is not known here, never a SubArray), an Array's an Array, a BitVector's a BitVector."""
    src = ("using Random\na = shuffle(1:10)\nb = shuffle([1, 2])\nc = shuffle(view([1, 2, 3], 1:2))\n"
           "d = shuffle(trues(3))\n")
    t = first_types(src)
    assert (t["a"], t["b"], t["c"], t["d"]) == ("Vector{Int64}", "Vector{Int64}", None, "BitVector")


def test_adjoint_and_transpose_of_linear_algebra_s_wrappers_are_its_own_methods_results():
    """LinearAlgebra's adjoint/transpose of its wrappers: an adjoint's adjoint is its parent, a
    Symmetric's transpose itself, an UpperTriangular's adjoint a LowerTriangular of the adjoint
    data (of another parent than a Matrix, not known: `UpperTriangular(A')'` unwraps A); a real
    Diagonal's is a Diagonal (its band `vec(adjoint(v))` is v), never an Adjoint wrapper; a complex
    Symmetric's is Julia's generic Adjoint. `x'` is the call `adjoint(x)`, so a package's own method
    answers too."""
    src = ("using LinearAlgebra\nA = rand(3, 3)\nU = UpperTriangular(A)\nb1 = U'\nb2 = transpose(U)\n"
           "b3 = (A')'\nb4 = transpose(transpose(A))\nb5 = Symmetric(A)'\nb6 = adjoint(Diagonal(rand(3)))\n"
           "b7 = rand(3)'\nb8 = A'\nb10 = UpperTriangular(A')'\nb11 = Symmetric(rand(ComplexF64, 2, 2))'\n"
           "struct Rw\n    x::Vector{Float64}\nend\nBase.adjoint(r::Rw) = r.x\nb9 = Rw([1.0])'\n")
    t = first_types(src)
    assert (t["b1"], t["b2"]) == ("LowerTriangular{Float64, Adjoint{Float64, Matrix{Float64}}}",
                                  "LowerTriangular{Float64, Transpose{Float64, Matrix{Float64}}}")
    assert (t["b3"], t["b4"], t["b5"]) == ("Matrix{Float64}", "Matrix{Float64}", "Symmetric{Float64, Matrix{Float64}}")
    assert (t["b6"], t["b10"]) == ("Diagonal{Float64, Vector{Float64}}", None)
    assert t["b11"] == "Adjoint{Complex{Float64}, Symmetric{Complex{Float64}, Matrix{Complex{Float64}}}}"
    assert (t["b7"], t["b8"]) == ("Adjoint{Float64, Vector{Float64}}", "Adjoint{Float64, Matrix{Float64}}")
    assert t["b9"] == "Vector{Float64}"


def test_reverse_is_base_s_reverse_never_the_lazy_iterator():
    """Unqualified `reverse` is Base's (a reversed copy), never `Iterators.reverse`'s lazy `Reverse`,
    which the table also files under `reverse`: a Matrix's is a Matrix, an adjoint vector's is not
    known here; `Iterators.reverse` written out is the iterator."""
    src = ("v = rand(3)\nA = rand(2, 2)\nx1 = reverse(A)\nx2 = reverse(v')\nx3 = Iterators.reverse(v)\n"
           "x4 = reverse(1:3)\n")
    t = first_types(src)
    assert (t["x1"], t["x2"]) == ("Matrix{Float64}", None)
    assert (t["x3"], t["x4"]) == ("Base.Iterators.Reverse{Vector{Float64}}", "StepRange{Int64, Int64}")


def test_an_integer_to_a_negative_literal_power_is_a_float():
    """`2^-1` is `Base.literal_pow(^, 2, Val(-1))`, which is `inv(2)`: 0.5, a Float64 (an integer power
    of a variable stays an Int; broadcast powers of a literal too, `v .^ -1`)."""
    src = ("a = 2^-1\nb = 2^(-2)\nc = 2^2\nd = Int32(2)^-1\nv = [1, 2]\ne = v .^ -1\nf = v .^ 2\n"
           "g = Float32[1] .^ -1\n")
    t = first_types(src)
    assert (t["a"], t["b"], t["c"], t["d"]) == ("Float64", "Float64", "Int64", "Float64")
    assert (t["e"], t["f"], t["g"]) == ("Vector{Float64}", "Vector{Int64}", "Vector{Float32}")


def test_a_matrix_plus_its_transpose_is_a_matrix():
    """`A + transpose(A)` and `A .+ A'` of a Matrix: an adjoint or transposed matrix has no broadcast
    style of its own, so the result is a Matrix (LinearAlgebra's `Symmetric(A + transpose(A))`); an
    adjoint vector keeps its own."""
    src = ("using LinearAlgebra\nA = rand(3, 3)\nb = A + transpose(A)\nc = A .+ A'\nd = A' - A\n"
           "v = rand(3)\ne = v' .+ 1\n")
    t = first_types(src)
    assert (t["b"], t["c"], t["d"]) == ("Matrix{Float64}", "Matrix{Float64}", "Matrix{Float64}")
    assert t["e"] is None


def test_nonmissingtype_takes_missing_out_of_a_type():
    """Statistics' `cor(x::AbstractVector{T}) = T === Missing ? missing : one(float(nonmissingtype(T)))`."""
    src = ("c(x::AbstractVector{T}) where {T} = T === Missing ? missing : one(float(nonmissingtype(T)))\n"
           "a = c(rand(3))\nb = nonmissingtype(Union{Int, Missing})\nd = nonmissingtype(Float64)\n"
           "e = nonmissingtype(Missing)\n")
    t = first_types(src)
    assert (t["a"], t["b"], t["d"], t["e"]) == ("Float64", "Type{Int64}", "Type{Float64}", "Type{Union{}}")


def test_to_indices_keeps_int_indices_and_makes_a_colon_a_slice_of_the_axis():
    """Base's `to_indices(A, I)`: Ints and Int arrays stay as they are, a colon at dimension d is
    `Base.Slice(axes(A)[d])`, with A's own `axes` (FillArrays' `getindex(A::OneElement, inds...)`
    starts with it); a Bool array or a CartesianIndex is not known here."""
    src = ("struct W{T, N} <: AbstractArray{T, N}\n    ax::NTuple{N, Base.OneTo{Int}}\nend\n"
           "Base.axes(w::W) = w.ax\n"
           "w = W{Float64, 2}((Base.OneTo(2), Base.OneTo(3)))\nM = [1 2; 3 4]\n"
           "a = to_indices(M, (1, 2:3))\nb = to_indices(M, (:, 1))\nc = to_indices(w, (1:1, :))\n"
           "d = to_indices(M, ([true, false], 1))\n")
    t = first_types(src)
    assert (t["a"], t["b"]) == ("Tuple{Int64, UnitRange{Int64}}", "Tuple{Base.Slice{Base.OneTo{Int64}}, Int64}")
    assert t["c"] == "Tuple{UnitRange{Int64}, Base.Slice{Base.OneTo{Int64}}}"
    assert t["d"] is None


def test_a_method_that_may_apply_sees_its_pattern_for_an_argument_not_known():
    """A call with an argument of unknown type may reach any method whose pattern it may meet; the
    one it reaches sees there an argument within its pattern (PlotsBase's `plot(plt::Plot, args...)
    = plot!(deepcopy(plt), ...)`, which returns the Plot). Where every method it may reach gives
    the same type, that is the call's; where they differ, it stays unknown."""
    src = ("abstract type Shape end\nstruct Sq <: Shape\n    s::Float64\nend\n"
           "struct Ci <: Shape\n    r::Float64\nend\n"
           "area(x) = 0.0\narea(s::Sq) = s.s^2\narea(c::Ci) = c.r^2 * 3.14\n"
           "side(s::Sq) = s.s\nside(c::Ci) = c.r\n"
           "kind(x) = 1\nkind(s::Sq) = s.s\n"
           "y1 = area(q)\ny2 = side(q)\ny3 = kind(q)\n")
    t = first_types(src)
    assert (t["y1"], t["y2"], t["y3"]) == ("Float64", "Float64", None)


def test_a_curly_call_s_parameters_bind_the_where_variables_of_the_argument_patterns():
    """`AbstractArray{T}(F::Z{T}) where T = F` is the method for `AbstractArray{Int}` of a `Z{Int}`
    only: for `AbstractArray{Float64}` of it, T is Float64 in the argument's pattern too, which a
    `Z{Int}` does not meet, and the other method converts (FillArrays' `elconvert(T, A) =
    AbstractArray{T}(A)`; Zeros{Float64} - Zeros{Int} was labelled Zeros{Int})."""
    src = ("struct Z{T, N} <: AbstractArray{T, N}\n    ax::NTuple{N, Base.OneTo{Int}}\nend\n"
           "AbstractArray{T}(F::Z{T}) where T = F\n"
           "AbstractArray{T}(F::Z) where T = Z{T, 1}(F.ax)\n"
           "struct W end\nBase.AbstractArray{T}(w::W) where T = Z{T, 1}((Base.OneTo(1),))\n"
           "z = Z{Int, 1}((Base.OneTo(3),))\ny1 = AbstractArray{Float64}(z)\ny2 = AbstractArray{Int}(z)\n"
           "y3 = AbstractArray{Float32}(W())\n")
    t = first_types(src)
    assert (t["y1"], t["y2"]) == ("Z{Float64, 1}", "Z{Int64, 1}")
    # a constructor of another module's type, written qualified (`Base.AbstractArray{T}(w::W)`)
    assert t["y3"] == "Z{Float32, 1}"
