# Types: evaluating type annotations safely, printing types, stability verdicts.

# Annotations are evaluated here when code is not executed: a module that sees only Core and Base.
module TypeScope end

# Is `ex` a type expression whose evaluation cannot run user code? Names, `A.B` paths, `T{...}`
# applications, `<:`/`>:` bounds, `where`, integer/Bool/Symbol parameters and `typeof(name)`.
# Evaluating these only looks up bindings and applies types.
function safe_type_expr(ex)::Bool
    ex isa Symbol && return true
    (ex isa Integer || ex isa Bool) && return true
    ex isa QuoteNode && return ex.value isa Symbol
    ex isa Expr || return false
    h = ex.head
    if h === :curly || h === :<: || h === :>: || h === :where
        return all(safe_type_expr, ex.args)
    elseif h === :.
        return length(ex.args) == 2 && safe_type_expr(ex.args[1]) &&
               ex.args[2] isa QuoteNode && ex.args[2].value isa Symbol
    elseif h === :call
        return length(ex.args) == 2 && ex.args[1] === :typeof && ex.args[2] isa Symbol
    end
    return false
end

function expr_symbols!(out::Set{Symbol}, ex)
    if ex isa Symbol
        push!(out, ex)
    elseif ex isa Expr
        # the field name of `A.B` is not a free name
        args = ex.head === :. ? ex.args[1:1] : ex.args
        for a in args
            expr_symbols!(out, a)
        end
    end
    return out
end

# Julia's own printing of `T`, relative to module `mod` (a type defined in the sandbox prints as
# `Foo`, not `Main.JuliaTagSandbox3.Foo`); nothing for values that are not types.
function type_string(@nospecialize(T), mod::Module, strip::Vector{String})
    (T isa Type || T isa TypeVar) || return nothing
    s = try
        sprint(show, T; context=(:module => mod))
    catch
        return nothing
    end
    for prefix in strip
        occursin(prefix, s) && (s = replace(s, prefix => ""))
    end
    return s
end

# Inference lattice elements (Core.Const, PartialStruct, ...) as plain types.
function widen_type(@nospecialize(T))
    (T isa Type || T isa TypeVar) && return T
    try
        return Core.Compiler.widenconst(T)
    catch
        return Any
    end
end

# Types Julia's code generation handles without dynamic dispatch (singletons `Type{X}` included).
function is_concrete_like(@nospecialize(T))::Bool
    T isa Type || return false
    T === Union{} && return true
    isconcretetype(T) && return true
    if T isa DataType && T <: Type && length(T.parameters) == 1 && !(T.parameters[1] isa TypeVar)
        return true
    end
    return false
end

const MAX_UNION_SPLIT = 4

# The colour @code_warntype gives a binding or call of type T:
# "stable", "union" (a small union of concrete types) or "unstable" (abstract, Any, Core.Box).
function stability_word(@nospecialize(T))::String
    T = widen_type(T)
    T === Core.Box && return "unstable"
    is_concrete_like(T) && return "stable"
    if T isa Union
        ms = Base.uniontypes(T)
        if length(ms) <= MAX_UNION_SPLIT && all(is_concrete_like, ms)
            return "union"
        end
    end
    return "unstable"
end

const STABILITY_RANK = Dict("na" => 0, "stable" => 1, "union" => 2, "unstable" => 3)
worst(a::String, b::String) = STABILITY_RANK[b] > STABILITY_RANK[a] ? b : a

# A concrete type standing for an abstract argument annotation, so that a method like
# `f(x::Real)` can be inferred the way Julia would specialise it for a typical call.
# `nothing` when there is no sensible representative (`Any`, unknown abstract types, Vararg).
const REPRESENTATIVES = Pair{Type,Type}[
    Integer => Int, Signed => Int, Unsigned => UInt, Real => Float64, AbstractFloat => Float64,
    Number => Float64, AbstractString => String, AbstractChar => Char, AbstractIrrational => Float64,
    IO => IOBuffer, Function => typeof(identity), AbstractRange => UnitRange{Int},
    AbstractUnitRange => UnitRange{Int}, AbstractVector => Vector{Float64},
    AbstractMatrix => Matrix{Float64}, AbstractArray => Vector{Float64},
    AbstractDict => Dict{Symbol,Any}, AbstractSet => Set{Int},
]

function representative(@nospecialize(T))
    T isa TypeVar && return representative(T.ub)
    T isa Type || return nothing
    T === Any && return nothing
    is_concrete_like(T) && return T
    for (A, R) in REPRESENTATIVES
        T === A && return R
    end
    # AbstractArray{E,N} / AbstractVector{E} with a known element type -> Array{E,N}
    U = Base.unwrap_unionall(T)
    if U isa DataType && U.name === AbstractArray.body.body.name && length(U.parameters) == 2
        E = representative(U.parameters[1])
        N = U.parameters[2]
        if E !== nothing && N isa Int
            return Array{E,N}
        end
    end
    if U isa DataType && U.name === AbstractDict.body.body.name && length(U.parameters) == 2
        K = representative(U.parameters[1])
        V = U.parameters[2]
        V = V isa TypeVar ? representative(V) : V
        if K !== nothing && V isa Type
            return Dict{K,V}
        end
    end
    return nothing
end
