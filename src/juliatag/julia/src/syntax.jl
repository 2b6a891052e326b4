# Syntax-level labels: everything that can be said without running the file.
#
# The walk over the JuliaSyntax tree records, at 0-based byte offsets of tokens:
#   - literal types (`1` Int64, `0x01ff` UInt16, `1f0` Float32, `'a'` Char, `"s"` String, `:s` Symbol);
#   - types in type position (`Float64` in `x::Float64`, `Vector{Float64}` on `Vector`), with the
#     `type_position` flag; annotated arguments and struct fields get their declared type;
#   - definition sites (`definition`): function names, arguments, assigned names, struct names/fields;
#   - regions: macro-call arguments (`in_macro`), quoted code (`quoted`), docstrings (`docstring`),
#     syntax errors;
#   - the file's type declarations (so juliatag knows whether `Foo` is concrete), and one entry per
#     top-level method definition (`functions`).
# It also collects, for the inference step (exec.jl), every identifier that may name a local
# variable, with the method it belongs to.

mutable struct Label
    type::Union{Nothing,String}
    flags::Vector{String}
    stability::Union{Nothing,String}
    priority::Int
end

struct IdentRef
    pos::Int          # 0-based byte offset
    name::Symbol
    func::Int         # index in ctx.funcdefs of the top-level method it belongs to (0: none)
    closure::Bool     # inside an anonymous function, generator or do-block of that method
end

mutable struct FuncDef
    name::String
    callee::String             # source of the name expression (`f`, `Base.show`), module-qualified
    name_pos::Int              # 0-based offset of the name token, -1 without one
    start::Int                 # 0-based byte range of the definition [start, stop)
    stop::Int
    line_first::Int
    line_last::Int
    text::String               # source text of the definition (TypedSyntax re-parses it)
    argnames::Set{Symbol}
    argtypes::Dict{Symbol,Union{Nothing,String}}
    assigned::Set{Symbol}      # names assigned in the body (their type may differ from the declaration)
    rettype::Union{Nothing,String}
    entry::Dict{String,Any}    # the `functions` entry sent back
end

mutable struct Ctx
    text::String
    bytes::Vector{UInt8}
    line_starts::Vector{Int}
    allow_exec::Bool
    path::String
    deadline::Float64
    labels::Dict{Int,Label}
    ranges::Vector{Any}
    errors::Vector{Any}
    decls::Vector{String}
    funcdefs::Vector{FuncDef}
    idents::Vector{IdentRef}
    ident_at::Dict{Int,Int}
    user_types::Set{Symbol}
    diagnostics::Vector{String}
    notes::Vector{String}
    typemod::Module
    strip::Vector{String}
    type_cache::Dict{String,Any}
    exec::Union{Nothing,Dict{String,Any}}
end

function Ctx(text::String, allow_exec::Bool, path::String, deadline::Float64)
    bytes = Vector{UInt8}(codeunits(text))
    line_starts = [1]
    for (i, b) in enumerate(bytes)
        b == 0x0a && push!(line_starts, i + 1)
    end
    return Ctx(text, bytes, line_starts, allow_exec, path, deadline, Dict{Int,Label}(), Any[], Any[],
               String[], FuncDef[], IdentRef[], Dict{Int,Int}(), Set{Symbol}(), String[], String[],
               TypeScope, String[], Dict{String,Any}(), nothing)
end

struct Env
    func::Int                  # enclosing top-level method (index in ctx.funcdefs), 0 for none
    closure::Bool              # inside a closure of that method
    role::Symbol               # what a bare identifier here is: :value, :callee
    typevars::Vector{Symbol}   # static parameters in scope (`where T`)
    modpath::Vector{String}    # enclosing `module` names
    no_string_type::Bool       # inside a string macro (`r"..."` is not a String)
end

const ROOT_ENV = Env(0, false, :value, Symbol[], String[], false)

setenv(e::Env; func=e.func, closure=e.closure, role=e.role, typevars=e.typevars, modpath=e.modpath,
       no_string_type=e.no_string_type) = Env(func, closure, role, typevars, modpath, no_string_type)

const LITERAL_LEAVES = Set(["Integer", "BinInt", "OctInt", "HexInt", "Float", "Float32", "Char",
                            "true", "false", "Bool"])
const SPEC_KINDS = Set(["=", "in", "iteration", "cartesian_iterator", "filter"])

# ------------------------------------------------------------------------------ helpers

pos0(n)::Int = nfirst(JS, n) - 1
line_of(ctx::Ctx, byte1::Int)::Int = searchsortedlast(ctx.line_starts, byte1)

function srctext(ctx::Ctx, n)::String
    a, b = nfirst(JS, n), nlast(JS, n)
    b < a && return ""
    return String(ctx.bytes[a:b])
end

oneline(s::AbstractString) = join(split(s), " ")

function identifier_symbol(ctx::Ctx, n)::Symbol
    v = nval(n)
    v isa Symbol && return v
    return Symbol(srctext(ctx, n))
end

function setlabel!(ctx::Ctx, pos::Int; type=nothing, flags=(), stability=nothing, priority::Int=1)
    pos < 0 && return nothing
    lab = get!(() -> Label(nothing, String[], nothing, 0), ctx.labels, pos)
    for f in flags
        f in lab.flags || push!(lab.flags, f)
    end
    if type !== nothing && priority >= lab.priority
        lab.type = type
        lab.priority = priority
        stability === nothing || (lab.stability = stability)
    elseif stability !== nothing && (lab.stability === nothing || priority >= lab.priority)
        lab.stability = stability
    end
    return nothing
end

function record_ident!(ctx::Ctx, pos::Int, name::Symbol, env::Env)
    push!(ctx.idents, IdentRef(pos, name, env.func, env.closure))
    ctx.ident_at[pos] = length(ctx.idents)
    return nothing
end

add_range!(ctx::Ctx, a::Int, b::Int, flag::String) = (b > a && push!(ctx.ranges, (a, b, [flag])); nothing)

# --------------------------------------------------------------------------- types

# Evaluate a type annotation without running code: (printed type, value) or (nothing, nothing).
# Types declared by the file itself (not evaluated unless --allow-exec) are returned in their
# source spelling; juliatag learns them from `decls`.
function eval_type(ctx::Ctx, n, env::Env)
    src = srctext(ctx, n)
    isempty(src) && return (nothing, nothing)
    key = src
    if isempty(env.typevars) && haskey(ctx.type_cache, key)
        return ctx.type_cache[key]
    end
    out = _eval_type(ctx, src, env)
    isempty(env.typevars) && (ctx.type_cache[key] = out)
    return out
end

function _eval_type(ctx::Ctx, src::String, env::Env)
    ex = try
        Meta.parse(src; raise=false)
    catch
        return (nothing, nothing)
    end
    (ex isa Expr && ex.head in (:error, :incomplete)) && return (nothing, nothing)
    safe_type_expr(ex) || return (nothing, nothing)
    syms = expr_symbols!(Set{Symbol}(), ex)
    any(s -> s in env.typevars, syms) && return (nothing, nothing)
    val = try
        Core.eval(ctx.typemod, ex)
    catch
        nothing
    end
    if val isa Type
        return (type_string(val, ctx.typemod, ctx.strip), val)
    end
    # a type of this file that was not evaluated: its own spelling, if every name is known
    if val === nothing && !isempty(syms) && any(s -> s in ctx.user_types, syms) &&
       all(s -> s in ctx.user_types || _is_type_name(s), syms)
        return (string(ex), nothing)
    end
    return (nothing, nothing)
end

function _is_type_name(s::Symbol)::Bool
    try
        return Core.eval(TypeScope, s) isa Type
    catch
        return false
    end
end

# the identifier that names the type of a type expression (`Vector` in `Vector{Float64}`)
function type_head(n)
    k = nkind(JS, n)
    nleaf(JS, n) && return k == "Identifier" ? n : nothing
    ch = nkids(JS, n)
    (k == "curly" || k == "where") && !isempty(ch) && return type_head(ch[1])
    k == "." && return last_leaf(JS, n)
    return nothing
end

# A type expression: every name in it gets `type_position` and its own type; the head name gets
# the type of the whole expression. Returns (printed type, value).
function typeexpr!(ctx::Ctx, n, env::Env)
    T, val = eval_type(ctx, n, env)
    type_names!(ctx, n, env)
    h = type_head(n)
    if h !== nothing && T !== nothing
        setlabel!(ctx, pos0(h); type=T, flags=("type_position",), priority=2)
    end
    return (T, val)
end

function type_names!(ctx::Ctx, n, env::Env)
    k = nkind(JS, n)
    if nleaf(JS, n)
        if k == "Identifier"
            name = identifier_symbol(ctx, n)
            T = nothing
            if !(name in env.typevars)
                T, _ = eval_type(ctx, n, env)
            end
            setlabel!(ctx, pos0(n); type=T, flags=("type_position",), priority=1)
        end
        return nothing
    end
    if k == "curly" && n !== nothing
        ch = nkids(JS, n)
        for (i, c) in enumerate(ch)
            if i > 1 && nkind(JS, c) == "curly"
                typeexpr!(ctx, c, env)            # nested `Vector{Vector{Int}}`: its own head type
            else
                type_names!(ctx, c, env)
            end
        end
    elseif k == "."
        l = last_leaf(JS, n)
        if l !== nothing
            T, _ = eval_type(ctx, n, env)
            setlabel!(ctx, pos0(l); type=T, flags=("type_position",), priority=1)
        end
    elseif k == "where"
        ch = nkids(JS, n)
        tv = copy(env.typevars)
        for c in ch[2:end]
            collect_typevars!(ctx, c, tv, env)
        end
        isempty(ch) || type_names!(ctx, ch[1], setenv(env; typevars=tv))
    else
        for c in nkids(JS, n)
            type_names!(ctx, c, env)
        end
    end
    return nothing
end

# `T`, `T<:Real`, `{T, S<:AbstractString}`: names bound by `where` or by type parameters
function collect_typevars!(ctx::Ctx, tv, set::Vector{Symbol}, env::Env)
    k = nkind(JS, tv)
    if nleaf(JS, tv)
        if k == "Identifier"
            push!(set, identifier_symbol(ctx, tv))
            setlabel!(ctx, pos0(tv); flags=("definition", "type_position"))
        end
    elseif k == "<:" || k == ">:"
        ch = nkids(JS, tv)
        isempty(ch) || collect_typevars!(ctx, ch[1], set, env)
        length(ch) >= 2 && typeexpr!(ctx, ch[2], env)
    elseif k in ("braces", "curly", "bracescat", "tuple", "parameters")
        for c in nkids(JS, tv)
            collect_typevars!(ctx, c, set, env)
        end
    else
        walk!(ctx, tv, env)
    end
    return nothing
end

# (name leaf, parameter nodes, supertype node) of `Name{P...} <: Super`
function split_type_sig(sig)
    s = sig
    super = nothing
    if nkind(JS, s) == "<:" && !nleaf(JS, s)
        ch = nkids(JS, s)
        s = ch[1]
        length(ch) >= 2 && (super = ch[2])
    end
    params = ()
    if nkind(JS, s) == "curly" && !nleaf(JS, s)
        ch = nkids(JS, s)
        s = ch[1]
        params = ch[2:end]
    end
    name = nleaf(JS, s) ? s : last_leaf(JS, s)
    return name, params, super
end

# ---------------------------------------------------------------------------- the walk

function walk!(ctx::Ctx, n, env::Env)
    k = nkind(JS, n)
    nleaf(JS, n) && return leaf!(ctx, n, k, env)
    ch = nkids(JS, n)
    if k == "error"
        add_error!(ctx, n)
    elseif k == "function" || (k == "=" && !isempty(ch) && is_call_signature(ch[1]))
        fundef!(ctx, n, env)
    elseif k == "="
        assign!(ctx, n, env)
    elseif k == "struct"
        struct!(ctx, n, env)
    elseif k == "abstract" || k == "primitive"
        typedecl!(ctx, n, env, k)
    elseif k == "macro"
        macrodef!(ctx, n, env)
    elseif k == "macrocall"
        macrocall!(ctx, n, env)
    elseif k == "doc"
        doc!(ctx, n, env)
    elseif k == "quote"
        quote!(ctx, n, env)
    elseif k == "string"
        string!(ctx, n, env, "String")
    elseif k == "cmdstring"
        string!(ctx, n, env, "Cmd")
    elseif k == "char"
        pos = pos0(n)
        setlabel!(ctx, pos; type="Char")
        for c in ch
            walk!(ctx, c, env)
        end
    elseif k == "::"
        if length(ch) >= 2
            walk!(ctx, ch[1], setenv(env; role=:value))
            typeexpr!(ctx, ch[2], env)
        elseif length(ch) == 1
            typeexpr!(ctx, ch[1], env)
        end
    elseif k == "curly" || k == "where"
        typeexpr!(ctx, n, env)
    elseif k == "call" || k == "dotcall"
        call!(ctx, n, env)
    elseif k == "."
        isempty(ch) || walk!(ctx, ch[1], setenv(env; role=:value))
        # the field name is neither a variable nor a Symbol literal
    elseif k == "->"
        lenv = setenv(env; closure=true, role=:value)
        isempty(ch) || argument!(ctx, ch[1], lenv, nothing)
        for c in ch[2:end]
            walk!(ctx, c, lenv)
        end
    elseif k == "do"
        do!(ctx, n, env)
    elseif k == "generator" || k == "filter"
        cenv = setenv(env; closure=true, role=:value)
        for c in ch
            if nkind(JS, c) in SPEC_KINDS
                loopspec!(ctx, c, cenv)
            else
                walk!(ctx, c, cenv)
            end
        end
    elseif k == "for"
        isempty(ch) || loopspec!(ctx, ch[1], env)
        for c in ch[2:end]
            walk!(ctx, c, env)
        end
    elseif k == "module" || k == "baremodule"
        module!(ctx, n, env)
    elseif k in ("import", "using", "export", "public")
        # names of other modules: nothing to label
    elseif k == "tuple" || k == "parameters"
        for c in ch
            callarg!(ctx, c, env)
        end
    else
        venv = env.role === :value ? env : setenv(env; role=:value)
        for c in ch
            walk!(ctx, c, venv)
        end
    end
    return nothing
end

function leaf!(ctx::Ctx, n, k::String, env::Env)
    if k in LITERAL_LEAVES
        v = nval(n)
        v === nothing || setlabel!(ctx, pos0(n); type=type_string(typeof(v), ctx.typemod, ctx.strip))
    elseif k == "Identifier" && env.role === :value
        name = identifier_symbol(ctx, n)
        pos = pos0(n)
        if name === :nothing
            setlabel!(ctx, pos; type="Nothing")
        elseif name === :missing
            setlabel!(ctx, pos; type="Missing")
        end
        record_ident!(ctx, pos, name, env)
    end
    return nothing
end

function add_error!(ctx::Ctx, n)
    a, b = nfirst(JS, n) - 1, nlast(JS, n)
    b > a && push!(ctx.errors, (a, b))
    return nothing
end

# `f(x)`, `f(x)::T`, `f(x) where T`: the left side of a short-form function definition
function is_call_signature(n)::Bool
    nleaf(JS, n) && return false
    k = nkind(JS, n)
    k == "call" && return true
    if k == "where" || k == "::"
        ch = nkids(JS, n)
        return !isempty(ch) && is_call_signature(ch[1])
    end
    return false
end

function call!(ctx::Ctx, n, env::Env)
    ch = nkids(JS, n)
    ci = callee_index(JS, n, ch)
    for (i, c) in enumerate(ch)
        if i == ci
            walk!(ctx, c, setenv(env; role=:callee))
        else
            callarg!(ctx, c, env)
        end
    end
    return nothing
end

# an argument of a call or an element of a tuple: `k=v` names a keyword / a field, not a variable
function callarg!(ctx::Ctx, c, env::Env)
    k = nkind(JS, c)
    venv = env.role === :value ? env : setenv(env; role=:value)
    if (k == "=" || k == "kw") && !nleaf(JS, c)
        ch = nkids(JS, c)
        for x in ch[2:end]
            walk!(ctx, x, venv)
        end
    elseif k == "parameters" && !nleaf(JS, c)
        for x in nkids(JS, c)
            callarg!(ctx, x, venv)
        end
    else
        walk!(ctx, c, venv)
    end
    return nothing
end

function assign!(ctx::Ctx, n, env::Env)
    ch = nkids(JS, n)
    isempty(ch) && return nothing
    venv = env.role === :value ? env : setenv(env; role=:value)
    def!(ctx, ch[1], venv)
    for c in ch[2:end]
        walk!(ctx, c, venv)
    end
    return nothing
end

# the left side of an assignment or loop: the names it binds are definition sites
function def!(ctx::Ctx, lhs, env::Env)
    k = nkind(JS, lhs)
    if nleaf(JS, lhs)
        if k == "Identifier"
            name = identifier_symbol(ctx, lhs)
            pos = pos0(lhs)
            setlabel!(ctx, pos; flags=("definition",))
            record_ident!(ctx, pos, name, env)
            env.func > 0 && push!(ctx.funcdefs[env.func].assigned, name)
        else
            leaf!(ctx, lhs, k, env)
        end
        return nothing
    end
    ch = nkids(JS, lhs)
    if k == "tuple" || k == "parens" || k == "..." || k == "parameters"
        for c in ch
            def!(ctx, c, env)
        end
    elseif k == "::" && length(ch) == 2
        T, _ = typeexpr!(ctx, ch[2], env)
        def!(ctx, ch[1], env)
        nleaf(JS, ch[1]) && T !== nothing && setlabel!(ctx, pos0(ch[1]); type=T, priority=1)
    else
        walk!(ctx, lhs, env)                # `a[i] = ...`, `a.b = ...`
    end
    return nothing
end

# `for` specifications: `x = xs` (0.4), `(iteration (in x xs))` (1.0), `i = 1:n, j = 1:m`
function loopspec!(ctx::Ctx, s, env::Env)
    k = nkind(JS, s)
    nleaf(JS, s) && return walk!(ctx, s, env)
    ch = nkids(JS, s)
    if (k == "=" || k == "in") && length(ch) == 2
        def!(ctx, ch[1], env)
        walk!(ctx, ch[2], setenv(env; role=:value))
    elseif k == "iteration" || k == "cartesian_iterator" || k == "block" || k == "filter"
        for c in ch
            if nkind(JS, c) in SPEC_KINDS || k == "iteration" || k == "cartesian_iterator"
                loopspec!(ctx, c, env)
            else
                walk!(ctx, c, env)                  # a filter condition
            end
        end
    else
        walk!(ctx, s, env)
    end
    return nothing
end

# ----------------------------------------------------------------------- definitions

function fundef!(ctx::Ctx, n, env::Env)
    ch = nkids(JS, n)
    isempty(ch) && return nothing
    sig = ch[1]
    body = ch[2:end]
    if nleaf(JS, sig)                       # `function f end`
        nkind(JS, sig) == "Identifier" && setlabel!(ctx, pos0(sig); flags=("definition",))
        return nothing
    end
    tvars = copy(env.typevars)
    rettype_node = nothing
    s = sig
    while !nleaf(JS, s)
        k = nkind(JS, s)
        sch = nkids(JS, s)
        if k == "where" && !isempty(sch)
            for tv in sch[2:end]
                collect_typevars!(ctx, tv, tvars, env)
            end
            s = sch[1]
        elseif k == "::" && length(sch) == 2
            rettype_node = sch[2]
            s = sch[1]
        else
            break
        end
    end
    if nleaf(JS, s) || nkind(JS, s) != "call"
        # anonymous `function (x) ... end` (or a form we do not model): a closure
        lenv = setenv(env; closure=true, role=:value, typevars=tvars)
        argument!(ctx, s, lenv, nothing)
        for b in body
            walk!(ctx, b, lenv)
        end
        return nothing
    end
    sch = nkids(JS, s)
    callee = sch[1]
    toplevel = env.func == 0 && !env.closure
    name_leaf = _callee_name(callee)
    name = name_leaf === nothing ? "" : String(identifier_symbol(ctx, name_leaf))
    fd = nothing
    idx = 0
    if toplevel && !isempty(name)
        fbyte, lbyte = nfirst(JS, n), nlast(JS, n)
        # a bare name defined inside `module Sub` is `Sub.f` from the sandbox; `Base.show` stays
        qualified = nkind(JS, callee) == "."
        prefix = (isempty(env.modpath) || qualified) ? "" : join(env.modpath, ".") * "."
        callee_src = nkind(JS, callee) == "curly" ? srctext(ctx, name_leaf) : srctext(ctx, callee)
        fd = FuncDef(name, prefix * callee_src, pos0(name_leaf), fbyte - 1, lbyte, line_of(ctx, fbyte),
                     line_of(ctx, lbyte), srctext(ctx, n), Set{Symbol}(), Dict{Symbol,Union{Nothing,String}}(),
                     Set{Symbol}(), nothing, Dict{String,Any}())
        push!(ctx.funcdefs, fd)
        idx = length(ctx.funcdefs)
    end
    name_leaf === nothing || setlabel!(ctx, pos0(name_leaf); flags=("definition",))
    if nkind(JS, callee) == "curly"         # `Foo{T}(x) = ...`: a constructor with parameters
        type_names!(ctx, callee, setenv(env; typevars=tvars))
    elseif !nleaf(JS, callee) && nkind(JS, callee) != "."
        walk!(ctx, callee, setenv(env; closure=true))    # `(x::Foo)(y)`: a callable object
    end
    aenv = setenv(env; func=idx, closure=!toplevel || env.closure, role=:value, typevars=tvars)
    for a in sch[2:end]
        argument!(ctx, a, aenv, fd)
    end
    if rettype_node !== nothing
        T, _ = typeexpr!(ctx, rettype_node, aenv)
        if fd !== nothing
            fd.rettype = T
        end
        name_leaf === nothing || setlabel!(ctx, pos0(name_leaf); type=T, priority=1)
    end
    for b in body
        walk!(ctx, b, aenv)
    end
    if fd !== nothing
        fd.entry = Dict{String,Any}("name" => fd.name, "start" => fd.start, "end" => fd.stop,
                                    "return_type" => fd.rettype, "stability" => "na")
    end
    return nothing
end

function _callee_name(callee)
    k = nkind(JS, callee)
    nleaf(JS, callee) && return callee          # `f`, or an operator `+`
    (k == "." || k == "curly") && return k == "." ? last_leaf(JS, callee) : type_head(callee)
    return nothing
end

# an argument in a signature: a definition site, typed by its annotation
function argument!(ctx::Ctx, a, env::Env, fd; splat::Bool=false)
    k = nkind(JS, a)
    if nleaf(JS, a)
        k == "Identifier" && argname!(ctx, a, env, fd, nothing, splat)
        return nothing
    end
    ch = nkids(JS, a)
    if k == "::"
        if length(ch) == 2
            T, _ = typeexpr!(ctx, ch[2], env)
            if nleaf(JS, ch[1]) && nkind(JS, ch[1]) == "Identifier"
                argname!(ctx, ch[1], env, fd, splat ? nothing : T, splat)
            else
                argument!(ctx, ch[1], env, fd; splat=splat)
            end
        elseif length(ch) == 1
            typeexpr!(ctx, ch[1], env)       # `::Type{T}`: an unnamed argument
        end
    elseif k == "=" || k == "kw"             # a default value
        isempty(ch) || argument!(ctx, ch[1], env, fd; splat=splat)
        for c in ch[2:end]
            walk!(ctx, c, setenv(env; role=:value))
        end
    elseif k == "..."
        for c in ch
            argument!(ctx, c, env, fd; splat=true)
        end
    elseif k == "parameters" || k == "tuple" || k == "parens"
        for c in ch
            argument!(ctx, c, env, fd; splat=splat)
        end
    else
        walk!(ctx, a, env)
    end
    return nothing
end

function argname!(ctx::Ctx, leaf, env::Env, fd, T, splat::Bool)
    name = identifier_symbol(ctx, leaf)
    pos = pos0(leaf)
    # Julia specialises on the concrete runtime type of an argument: not itself unstable
    setlabel!(ctx, pos; type=T, flags=("definition",), stability="stable", priority=4)
    record_ident!(ctx, pos, name, env)
    if fd !== nothing
        push!(fd.argnames, name)
        fd.argtypes[name] = T
    end
    return nothing
end

function struct!(ctx::Ctx, n, env::Env)
    ch = nkids(JS, n)
    isempty(ch) && return nothing
    sig = ch[1]
    kw = startswith(srctext(ctx, n), "mutable") ? "mutable struct" : "struct"
    push!(ctx.decls, "$kw $(oneline(srctext(ctx, sig))) end")
    tenv = typesig!(ctx, sig, env)
    if length(ch) >= 2 && !nleaf(JS, ch[2])
        for f in nkids(JS, ch[2])
            field!(ctx, f, tenv)
        end
    end
    return nothing
end

function typedecl!(ctx::Ctx, n, env::Env, kind::String)
    ch = nkids(JS, n)
    isempty(ch) && return nothing
    push!(ctx.decls, "$kind type $(oneline(srctext(ctx, ch[1]))) end")
    typesig!(ctx, ch[1], env)
    return nothing
end

# the `Name{T<:X} <: Super` of a type declaration; returns the environment of its body
function typesig!(ctx::Ctx, sig, env::Env)
    name, params, super = split_type_sig(sig)
    tvars = copy(env.typevars)
    for p in params
        collect_typevars!(ctx, p, tvars, env)
    end
    tenv = setenv(env; typevars=tvars)
    super === nothing || typeexpr!(ctx, super, tenv)
    if name !== nothing
        tname = String(identifier_symbol(ctx, name))
        setlabel!(ctx, pos0(name); type=tname, flags=("definition", "type_position"), priority=3)
    end
    return tenv
end

function field!(ctx::Ctx, f, env::Env)
    k = nkind(JS, f)
    if nleaf(JS, f)
        if k == "Identifier"                 # an untyped field: Any
            setlabel!(ctx, pos0(f); type="Any", flags=("definition", "abstract_field"), priority=3)
        end
        return nothing
    end
    ch = nkids(JS, f)
    if k == "::" && length(ch) == 2 && nleaf(JS, ch[1])
        T, val = typeexpr!(ctx, ch[2], env)
        flags = ["definition"]
        val isa Type && !is_concrete_like(val) && push!(flags, "abstract_field")
        setlabel!(ctx, pos0(ch[1]); type=T, flags=flags, priority=3)
    elseif k == "const" && length(ch) == 1
        field!(ctx, ch[1], env)
    elseif k == "doc" && length(ch) >= 2
        add_range!(ctx, pos0(ch[1]), nlast(JS, ch[1]), "docstring")
        walk!(ctx, ch[1], env)
        for c in ch[2:end]
            field!(ctx, c, env)
        end
    else
        walk!(ctx, f, env)                  # inner constructors and other statements
    end
    return nothing
end

function macrodef!(ctx::Ctx, n, env::Env)
    ch = nkids(JS, n)
    isempty(ch) && return nothing
    sig = ch[1]
    lenv = setenv(env; closure=true, role=:value)
    if !nleaf(JS, sig) && nkind(JS, sig) == "call"
        sch = nkids(JS, sig)
        l = _callee_name(sch[1])
        l === nothing || setlabel!(ctx, pos0(l); flags=("definition",))
        for a in sch[2:end]
            argument!(ctx, a, lenv, nothing)
        end
    end
    for b in ch[2:end]
        walk!(ctx, b, lenv)
    end
    return nothing
end

function macrocall!(ctx::Ctx, n, env::Env)
    ch = nkids(JS, n)
    isempty(ch) && return nothing
    mname = srctext(ctx, ch[1])
    strmacro = nkind(JS, ch[1]) in ("StringMacroName", "CmdMacroName") || endswith(mname, "_str") ||
               endswith(mname, "_cmd")
    args = ch[2:end]
    if !isempty(args)
        add_range!(ctx, pos0(args[1]), nlast(JS, args[end]), "in_macro")
    end
    menv = setenv(env; no_string_type=strmacro, role=:value)
    for c in args
        walk!(ctx, c, menv)
    end
    return nothing
end

function doc!(ctx::Ctx, n, env::Env)
    ch = nkids(JS, n)
    isempty(ch) && return nothing
    add_range!(ctx, pos0(ch[1]), nlast(JS, ch[1]), "docstring")
    walk!(ctx, ch[1], env)
    for c in ch[2:end]
        walk!(ctx, c, env)
    end
    return nothing
end

function quote!(ctx::Ctx, n, env::Env)
    pos = pos0(n)
    ch = nkids(JS, n)
    if pos < length(ctx.bytes) && ctx.bytes[pos+1] == UInt8(':')
        if length(ch) == 1 && nleaf(JS, ch[1])
            k = nkind(JS, ch[1])
            if k in LITERAL_LEAVES            # `:1` is just 1
                leaf!(ctx, ch[1], k, env)
            else                              # `:name`, `:+`
                setlabel!(ctx, pos; type="Symbol")
                setlabel!(ctx, pos0(ch[1]); type="Symbol")
            end
        else                                  # `:(a + b)`: code as data
            setlabel!(ctx, pos; type="Expr")
            add_range!(ctx, pos + 1, nlast(JS, n), "quoted")
        end
    else                                      # quote ... end
        add_range!(ctx, pos, nlast(JS, n), "quoted")
    end
    return nothing
end

function string!(ctx::Ctx, n, env::Env, T::String)
    env.no_string_type || setlabel!(ctx, pos0(n); type=T)
    venv = setenv(env; role=:value)
    for c in nkids(JS, n)
        k = nkind(JS, c)
        (nleaf(JS, c) && (k == "String" || k == "CmdString")) && continue
        walk!(ctx, c, venv)                   # interpolations
    end
    return nothing
end

function do!(ctx::Ctx, n, env::Env)
    ch = nkids(JS, n)
    i = 1
    if !isempty(ch) && nkind(JS, ch[1]) == "call"     # 0.4: `(do (call f x) (tuple y) body)`
        walk!(ctx, ch[1], env)
        i = 2
    end
    lenv = setenv(env; closure=true, role=:value)
    if i <= length(ch)
        argument!(ctx, ch[i], lenv, nothing)
    end
    for c in ch[i+1:end]
        walk!(ctx, c, lenv)
    end
    return nothing
end

function module!(ctx::Ctx, n, env::Env)
    ch = nkids(JS, n)
    isempty(ch) && return nothing
    name = nothing
    rest = ch
    if nleaf(JS, ch[1]) && nkind(JS, ch[1]) == "Identifier"
        name = ch[1]
        rest = ch[2:end]
    elseif length(ch) >= 2 && nleaf(JS, ch[2]) && nkind(JS, ch[2]) == "Identifier"   # a `bare` flag first
        name = ch[2]
        rest = ch[3:end]
    end
    modpath = copy(env.modpath)
    if name !== nothing
        setlabel!(ctx, pos0(name); type="Module", flags=("definition",))
        push!(modpath, String(identifier_symbol(ctx, name)))
    end
    menv = setenv(ROOT_ENV; modpath=modpath)
    for c in rest
        walk!(ctx, c, menv)
    end
    return nothing
end

# ------------------------------------------------------------------------- the pass

# names of the types the file declares (so annotations naming them are known before evaluation)
function collect_user_types!(ctx::Ctx, tree)
    each_node(JS, tree) do n
        k = nkind(JS, n)
        if (k == "struct" || k == "abstract" || k == "primitive") && !nleaf(JS, n)
            ch = nkids(JS, n)
            if !isempty(ch)
                name, _, _ = split_type_sig(ch[1])
                name === nothing || push!(ctx.user_types, identifier_symbol(ctx, name))
            end
        end
    end
    return nothing
end

# arguments that are never reassigned keep their declared type in the whole body
function argument_references!(ctx::Ctx)
    for r in ctx.idents
        (r.func == 0 || r.closure) && continue
        fd = ctx.funcdefs[r.func]
        (r.name in fd.argnames && !(r.name in fd.assigned)) || continue
        setlabel!(ctx, r.pos; type=get(fd.argtypes, r.name, nothing), stability="stable", priority=2)
    end
    return nothing
end

function syntax_pass!(ctx::Ctx)
    stream = JS.ParseStream(ctx.text)
    JS.parse!(stream; rule=:all)
    for d in stream.diagnostics
        a, b = Int(d.first_byte) - 1, Int(d.last_byte)
        if d.level === :error
            b > a && push!(ctx.errors, (a, b))
            push!(ctx.diagnostics, "line $(line_of(ctx, max(a, 0) + 1)): $(d.message)")
        end
    end
    tree = JS.build_tree(JS.SyntaxNode, stream)
    collect_user_types!(ctx, tree)
    walk!(ctx, tree, ROOT_ENV)
    argument_references!(ctx)
    return tree
end
