"""Calls at their arguments' run-time types, and the types a package's own spellings name: an alias
of a type spelt through the package's modules, arrays of several instances of one parametric type,
`@inferred f(x)` with `x` of an abstract static type, and `T(n)` with T a static parameter."""

import pytest

from juliatag.syntax.fatou import find_fatou
from juliatag.schema import S_STABLE

from .snippets import first_types, labels

pytestmark = pytest.mark.skipif(find_fatou() is None, reason="fatou is not installed")

PKG = ("module P\n"
       "module Inner\n"
       "abstract type AG{T<:Integer} end\n"
       "struct G{T<:Integer} <: AG{T}\n    adj::Vector{Vector{T}}\nend\n"
       "end\n"
       "using .Inner: AG, G\n"
       "const Graph = P.Inner.G\n"
       "adj(g::AG) = g.adj\n"
       "nv(g::AG{T}) where {T} = T(length(adj(g)))\n"
       "has(g::AG, i::Integer) = i <= length(adj(g))\n"
       "end\n")


def _in_package(code: str) -> str:
    """`code` at the end of the package's module (one file: its calls reach the methods above)."""
    return PKG[:-len("end\n")] + code + "end\n"


def _stability(source: str, token: str) -> list:
    return [s for text, _, s in labels(source) if text == token]


def _inferred_per_graph(defs: str, calls: dict) -> str:
    """The package with `defs`, then `name = @inferred call` for each of `calls` in a loop over graphs
    of two element types: `gv` is some G{T}, T known at run time only (a vector of them, not a
    literal one, whose loop would run once per value)."""
    body = "".join(f"    {name} = @inferred {call}\n" for name, call in calls.items())
    return _in_package(defs + "gs = [G([[1]]), G([UInt8[1]])]\nfor gv in gs\n" + body + "end\n")


def test_an_alias_spelt_through_the_package_modules_names_the_type():
    t = first_types(_in_package("g8 = Graph{UInt8}([UInt8[1]])\ng64 = Graph([[1]])\n"))
    assert t["g8"] == "G{UInt8}"       # Graph{UInt8} is G{UInt8}, never a type named Graph
    assert t["g64"] == "G{Int64}"


def test_an_alias_of_a_type_not_known_stays_unknown():
    src = "const Other = Elsewhere.Thing\nx = Other{UInt8}(1)\n"
    t = first_types(src)
    assert t["x"] is None


def test_instances_of_one_parametric_type_join_where_no_promotion_rule_is_in_reach():
    src = "a = [G([[1]]), G([UInt8[1]])]\nb = [G([[1]]), G([[2]])]\n"
    t = first_types(_in_package(src))
    assert t["a"] == "Vector{G}"
    assert t["b"] == "Vector{G{Int64}}"
    # a package that defines a promotion rule, in any of its files, may promote them to anything
    rule = "Base.promote_rule(::Type{G{A}}, ::Type{G{B}}) where {A, B} = G{promote_type(A, B)}\n"
    t = first_types(_in_package(src), [PKG, rule, src])
    assert t["a"] is None


def test_inferred_calls_are_inferred_at_the_run_time_argument_types():
    src = _inferred_per_graph("", {"n": "nv(gv)", "h": "has(gv, 2)", "d": "adj(gv)"})
    t = first_types(src)
    assert t["gv"] == "G"                     # the loop variable: some G{T}
    assert t["h"] == "Bool"
    # nv returns the T of each G{T}: concrete per call (the label shows its bound)
    assert _stability(src, "n")[0] == S_STABLE
    assert t["n"] == "Integer"
    assert _stability(src, "d")[0] == S_STABLE   # Vector{Vector{T}}: concrete per call, no name


def test_broadcasting_values_of_a_type_concrete_per_call_makes_an_array_concrete_per_call():
    # `first.(v)` of T values: an Array{T} (a BitArray where T is Bool), concrete for each call
    src = _inferred_per_graph("heads(g::AG) = first.(adj(g))\nhalves(g::AG) = length.(adj(g)) ./ 2\n",
                              {"a": "heads(gv)", "b": "halves(gv)"})
    t = first_types(src)
    assert _stability(src, "a")[0] == S_STABLE
    assert t["a"] == "AbstractVector"   # T may be Bool (T <: Integer): an Array or a BitArray
    assert t["b"] == "Vector{Float64}"


def test_a_type_holding_a_run_time_parameter_shows_the_unionall_over_it():
    # `GenericEdge{eltype(g)}` of a run-time g: a type parameter computed by a call is kept when it is
    # concrete per call; the label shows the UnionAll over it, each part within its bound
    src = _inferred_per_graph("struct Ed{T}\n    v::T\nend\n"
                              "etype(g::AG{T}) where {T} = Ed{T}\n"
                              "edges_of(g::AG) = Vector{etype(g)}()\n"
                              "firsts(g::AG) = [(nv(g), 1)]\n",
                              {"e": "edges_of(gv)", "f": "firsts(gv)"})
    t = first_types(src)
    assert _stability(src, "e")[0] == S_STABLE
    assert t["e"] == "Vector{<:Ed{<:Integer}}"
    assert t["f"] == "Vector{<:Tuple{Integer, Int64}}"


def test_isa_a_run_time_parameter_is_no_constant():
    # `x isa T` with T some G's run-time parameter: Int64 is a T for G{Int64} only, so both branches
    src = _inferred_per_graph("function isint(g::AG{T}) where {T}\n    x = 1\n    return x isa T ? 1 : 2.0\nend\n",
                              {"r": "isint(gv)"})
    assert first_types(src)["r"] == "Union{Float64, Int64}"


def test_a_comprehension_of_values_of_a_type_concrete_per_call_is_an_array_of_it():
    # `T[v for v in ...]` and `[nv(g) for _ in 1:2]`: an Array{T} whichever T the call has (never a
    # BitArray: a comprehension collects into an Array of its element type)
    src = _inferred_per_graph("typed(g::A) where {T, A<:AG{T}} = T[v for v in 1:2]\n"
                              "counts(g::AG) = [nv(g) for _ in 1:2]\n",
                              {"a": "typed(gv)", "b": "counts(gv)"})
    t = first_types(src)
    assert _stability(src, "a")[0] == S_STABLE and _stability(src, "b")[0] == S_STABLE
    assert (t["a"], t["b"]) == ("Vector{<:Integer}", "Vector{<:Integer}")


def test_a_trait_of_a_run_time_argument_reaches_the_package_methods_for_its_type():
    # Base's `eltype(x) = eltype(typeof(x))`: the type of `gv` is G{T} for one unknown T
    src = _inferred_per_graph("Base.eltype(::Type{<:AG{T}}) where {T} = T\n", {"e": "eltype(gv)"})
    t = first_types(src)
    assert _stability(src, "e")[0] == S_STABLE
    assert t["e"] is None      # T, which has no name in the caller (never the callee's `T`)


def test_without_inferred_a_call_on_an_abstract_static_type_is_not_concrete():
    src = _in_package("function f(gs::Vector{G})\n"
                      "    for gv in gs\n"
                      "        n = nv(gv)\n"
                      "        return n\n"
                      "    end\n"
                      "end\n")
    assert first_types(src)["n"] in (None, "Integer")
    assert _stability(src, "n")[0] != S_STABLE


def test_a_static_parameter_called_on_a_number_is_that_number_type():
    src = ("conv(x::T, n::Int) where {T<:Integer} = T(n)\n"
           "conv2(x::T, s::String) where {T<:Integer} = T(s)\n"
           "function g(x::Integer)\n    a = conv(x, 3)\n    b = conv2(x, \"3\")\n    return a\nend\n")
    t = first_types(src)
    assert t["a"] == "Integer"                     # the T of each call: concrete per call
    assert _stability(src, "a")[0] == S_STABLE
    assert t["b"] is None                          # T(::String) is not a number conversion


CONST_SRC = ("abstract type Shape end\n"
             "struct Sq <: Shape\n    s::Float64\nend\n"
             "struct Ci <: Shape\n    r::Float64\nend\n"
             "round_(::Type{<:Sq}) = false\n"
             "round_(::Type{<:Ci}) = true\n"
             "round_(x::S) where {S} = round_(S)\n"
             "pick(x::Shape) = round_(x) ? \"round\" : 1\n"
             "function pick2(x::Shape)\n    if !round_(x)\n        return 1.0\n    else\n        return \"r\"\n    end\nend\n")


def test_a_condition_julia_knows_as_a_constant_rules_a_branch_out():
    t = first_types(CONST_SRC + "a = pick(Sq(1.0))\nb = pick(Ci(1.0))\nc = pick2(Sq(1.0))\n"
                    "sq = Sq(1.0)\ncond = round_(sq) ? 1 : 2.0\n")
    assert (t["a"], t["b"], t["c"]) == ("Int64", "String", "Float64")
    assert t["cond"] == "Float64"           # round_(::Sq) is false


def test_a_condition_on_an_abstract_type_keeps_both_branches():
    src = CONST_SRC + "function g(xs::Vector{Shape})\n    a = pick(xs[1])\n    return a\nend\n"
    assert first_types(src)["a"] in (None, "Union{Int64, String}")   # never one of them alone


def test_a_parameter_bound_to_an_abstract_argument_is_its_run_time_type():
    src = _in_package("struct Iter{H}\n    g::H\nend\n"
                      "function f(gs::Vector{G})\n"
                      "    it = Iter(gs[1])\n"
                      "    fa = gs[1].adj\n"
                      "    return it\n"
                      "end\n")
    t = first_types(src)
    # Iter{G{T}} for the G{T} of each element: never the concrete-looking Iter{G}
    assert t["it"] in (None, "Iter{<:G}", "Iter{<:G{<:Integer}}")
    assert _stability(src, "it")[0] != S_STABLE
    # a Vector{Vector{T}} where T: never Vector{Vector} (a concrete type of its own)
    assert t["fa"] is None


def test_a_call_of_a_union_argument_is_split():
    src = ("struct Lg{T<:Real}\n    p::T\nend\n"
           "half(x::Lg{T}) where {T} = x.p / 2\n"
           "for p in (-0.3, 0.1f0)\n"
           "    d = Lg(p)\n"
           "    h = half(d)\n"
           "end\n")
    t = first_types(src)
    # Julia splits the Union{Float32, Float64} of `p`: never a Lg{Union{Float32, Float64}}
    assert t["d"] == "Union{Lg{Float32}, Lg{Float64}}"
    assert t["h"] == "Union{Float32, Float64}"


def test_a_type_name_is_the_type_and_prints_as_julia_prints_it():
    # G has a constructor method of its own: its name is still bound to the type, and the
    # UnionAll `G{T} where T<:Integer` prints as `G`, not `G{<:Integer}`
    src = _in_package("G(x::Int) = G([[x]])\nty = G\nvs = Vector{G}()\nk = [G([[1]]), G([UInt8[1]])]\n")
    t = first_types(src)
    assert t["ty"] == "Type{G}"
    assert t["vs"] == "Vector{G}"
    assert t["k"] == "Vector{G}"


def test_an_unbounded_static_parameter_called_on_a_number_is_that_parameter():
    # Graphs' `nv(g::AbstractSimpleGraph{T}) where {T} = T(length(fadj(g)))`: T has no declared bound
    src = ("struct SG{T}\n    f::Vector{Vector{T}}\nend\nstruct GG{T}\n    g::SG{T}\nend\n"
           "nv(g::SG{T}) where {T} = T(length(g.f))\nname(g::SG{T}) where {T} = T(\"x\")\n"
           "function h(g::GG)\n    r1 = nv(g.g)\n    r2 = name(g.g)\n    return r1\nend\nr3 = nv(SG([[0x01]]))\n")
    t = first_types(src)
    assert (t["r1"], t["r3"]) == ("T", "UInt8")
    assert t["r2"] is None         # T(::String) is no number conversion


def test_inferred_calls_on_wrappers_of_several_parameters_infer_at_each_run_time_type():
    """`for g in [W(G(...)), W(G(UInt8...))]`: each `g` is a W{T} for one T at run time; T is an Integer
    because W's field is a G{T}, and a method's generator over `1:nv(g)` yields T's. `@inferred`
    sees each call at its concrete type (Graphs' GenericGraph tests)."""
    src = _in_package("struct W{T}\n    g::G{T}\nend\n"
                      "nvw(w::W) = nv(w.g)\n"
                      "verts(w::W) = (v for v in Base.OneTo(nvw(w)))\n"
                      "deg(w::W, v::Integer) = 3\n"
                      "deg(w::W, vs=verts(w)) = [deg(w, v) for v in vs]\n"
                      "function lowest(w)\n    m = typemax(Int)\n    for i in verts(w)\n"
                      "        d = deg(w, i)\n        d < m && (m = d)\n    end\n    return m\nend\n"
                      "ws = [W(G([[1]])), W(G([UInt8[1]]))]\n"
                      "for wv in ws\n"
                      "    low = @inferred lowest(wv)\n"
                      "    cnt = @inferred nvw(wv)\n"
                      "end\n")
    t = first_types(src)
    assert t["low"] == "Int64"
    assert _stability(src, "low")[0] == S_STABLE
    assert _stability(src, "cnt")[0] == S_STABLE


def test_a_run_time_parameter_binds_a_constructor_s_curly_variable():
    """`etype(g)(x)` of a `g::G{<:Integer}` at its run-time type is `E{T}(x)` with T that concrete
    parameter: it binds the constructor method's `T<:Integer` (within its bound), so the call is
    known and stable (before, the bound was left open and the call unknown)."""
    src = ("struct E{T<:Integer}\n    a::T\n    b::T\nend\nE{T}(p::Pair) where {T<:Integer} = E(T(p.first), T(p.second))\n"
           "struct G{T<:Integer}\n    n::T\nend\netype(::G{T}) where {T} = E{T}\nadd(g::G, x) = add(g, etype(g)(x))\n"
           "add(g::G{T}, e::E{T}) where {T} = e.a\n"
           "for g in G[G(1), G(0x01)]\n    r = @inferred add(g, 4 => 1)\nend\n")
    got = [(t, s) for text, t, s in labels(src) if text == "add"]
    assert got[-1] == ("Integer", S_STABLE)   # some concrete Integer per call
