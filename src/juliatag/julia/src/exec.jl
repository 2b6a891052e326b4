# --allow-exec: evaluate the file's definitions, infer its methods, map the types back.
#
# THIS RUNS THE FILE'S CODE. Only top-level statements that define something are evaluated
# (functions, types, constants, globals, modules, `using`/`import`, macro calls whose expansion
# defines something); other statements (calls, loops, `include`) are skipped. Evaluation happens
# in a fresh anonymous module per file; `include` there refuses to read other files.
#
# Each top-level method definition found by the syntax pass is matched to its Method by file and
# line, and inferred with `Base.code_typed_by_type(...; optimize=false)` (what @code_warntype
# shows) under one of three signatures:
#   "concrete"       every argument type in the signature is concrete: inferred as declared;
#   "representative" abstract annotations with a typical concrete stand-in (Real -> Float64,
#                    AbstractVector{T} -> Vector{T}, ...; see types.jl), and the stand-in
#                    dispatches to the same method: inferred for that typical call;
#   "generic"        otherwise (untyped arguments): inferred with the declared types, and only
#                    concrete results are kept (a concrete call could only make them narrower).
# Results: every local variable's whole-method type (its binding's stability verdict), the return
# type on the function's name, the function's verdict (worst of return and locals), Core.Box
# captures; with TypedSyntax, the types of calls and of variable uses at each point; with JET,
# undefined names and runtime dispatch.

const SANDBOX_COUNTER = Ref(0)

function new_sandbox()
    SANDBOX_COUNTER[] += 1
    name = Symbol("JuliaTagSandbox", SANDBOX_COUNTER[])
    mod = Module(name)
    # like a module written as `module ... end`: its own `eval`; `include` of other files refused
    # (a Julia whose Module() already defines them keeps its own)
    for def in (:(eval(x) = Core.eval($mod, x)),
                :(include(args...) = throw(ErrorException("juliatag does not evaluate include()"))))
        try
            Core.eval(mod, def)
        catch
        end
    end
    return mod, name
end

function errline(err)::String
    msg = try
        sprint(showerror, err)
    catch
        string(typeof(err))
    end
    line = strip(first(split(msg, '\n')))
    return length(line) > 200 ? first(line, 197) * "..." : String(line)
end

const DEF_HEADS = (:function, :struct, :abstract, :primitive, :macro, :module, :using, :import, :const,
                   :export, :public, :global)

function is_call_sig(@nospecialize(x))::Bool
    x isa Expr || return false
    x.head === :call && return true
    return (x.head === :where || x.head === :(::)) && !isempty(x.args) && is_call_sig(x.args[1])
end

function expansion_defines(@nospecialize(x))::Bool
    x isa Expr || return false
    h = x.head
    (h in DEF_HEADS || h === :method) && return true
    h === :(=) && return !isempty(x.args) && is_call_sig(x.args[1])
    if h === :block || h === :toplevel || h === :escape || h === :macrocall || h === Symbol("hygienic-scope")
        return any(expansion_defines, x.args)
    end
    return false
end

function defines_something(mod::Module, @nospecialize(ex))::Bool
    ex isa Expr || return false
    h = ex.head
    h in DEF_HEADS && return true
    h === :(=) && return true                    # short-form methods and global bindings
    (h === :toplevel || h === :block) && return any(x -> defines_something(mod, x), ex.args)
    if h === :macrocall
        # `@inline f(x) = ...`, `"doc" f(x) = ...`, `@kwdef struct ...`: a definition as an argument
        any(is_definition_expr, ex.args) && return true
        # otherwise, if its expansion defines something (expanding runs only the macro's own code)
        ex2 = try
            macroexpand(mod, ex; recursive=true)
        catch
            return false
        end
        return expansion_defines(ex2)
    end
    return false
end

# a definition by itself (not a block that happens to contain one, such as a testset's body)
function is_definition_expr(@nospecialize(x))::Bool
    x isa Expr || return false
    h = x.head
    (h in DEF_HEADS || h === :method) && return true
    h === :(=) && return !isempty(x.args) && is_call_sig(x.args[1])
    h === :macrocall && return any(is_definition_expr, x.args)
    return false
end

# returns (evaluated, failed, skipped) counts
function evaluate_definitions!(ctx::Ctx, mod::Module, fname::String)
    top = try
        Meta.parseall(ctx.text; filename=fname)
    catch err
        push!(ctx.notes, "definitions not evaluated: $(errline(err))")
        return (0, 0, 0)
    end
    evaluated = failed = skipped = 0
    lnn = LineNumberNode(1, Symbol(fname))
    args = top isa Expr ? top.args : Any[top]
    for ex in args
        if ex isa LineNumberNode
            lnn = ex
            continue
        end
        if time() > ctx.deadline
            push!(ctx.diagnostics, "evaluation stopped at line $(lnn.line): time budget spent")
            break
        end
        if !defines_something(mod, ex)
            skipped += 1
            continue
        end
        try
            Core.eval(mod, Expr(:toplevel, lnn, ex))
            evaluated += 1
        catch err
            failed += 1
            push!(ctx.diagnostics, "line $(lnn.line): not evaluated: $(errline(err))")
        end
    end
    return (evaluated, failed, skipped)
end

# the Method a definition created: same file, line inside the definition; with default arguments
# (several methods), the one taking all of them
function find_method(@nospecialize(f), fname::String, fd::FuncDef)
    best = nothing
    for m in methods(f)
        String(m.file) == fname || continue
        fd.line_first <= m.line <= fd.line_last || continue
        if best === nothing || m.nargs > best.nargs
            best = m
        end
    end
    return best
end

# a method with keyword arguments keeps its body in a hidden method (`#f#12`)
function body_method(m::Method)
    isdefined(Base, :bodyfunction) || return m
    bf = try
        Base.bodyfunction(m)
    catch
        nothing
    end
    bf === nothing && return m
    ms = try
        collect(methods(bf))
    catch
        Method[]
    end
    return length(ms) == 1 ? ms[1] : m
end

function signature_for(m::Method)
    sig = m.sig
    u = Base.unwrap_unionall(sig)
    u isa DataType || return ("generic", sig)
    ps = collect(Any, u.parameters)
    isempty(ps) && return ("generic", sig)
    args = ps[2:end]
    if !Base.has_free_typevars(u) && all(is_concrete_like, args)
        return ("concrete", u)
    end
    reps = Any[representative(p) for p in args]
    if !any(isnothing, reps) && !Base.has_free_typevars(ps[1])
        tt = try
            Tuple{ps[1], reps...}
        catch
            nothing
        end
        if tt !== nothing
            w = try
                which(tt)
            catch
                nothing
            end
            w === m && return ("representative", tt)
        end
    end
    return ("generic", sig)
end

_parent(ci) = try
    getproperty(ci, :parent)
catch
    nothing
end

function pick_result(results, m::Method)
    for r in results
        mi = _parent(r.first)
        if mi isa Core.MethodInstance && mi.def === m
            return (r.first, r.second, mi)
        end
    end
    if length(results) == 1
        r = results[1]
        return (r.first, r.second, _parent(r.first))
    end
    return nothing
end

function infer_all!(ctx::Ctx, mod::Module, fname::String)
    byfunc = Dict{Int,Vector{IdentRef}}()
    for r in ctx.idents
        r.func > 0 && push!(get!(() -> IdentRef[], byfunc, r.func), r)
    end
    n = 0
    for (i, fd) in enumerate(ctx.funcdefs)
        if time() > ctx.deadline
            push!(ctx.diagnostics, "inference stopped after $n of $(length(ctx.funcdefs)) methods: time budget spent")
            break
        end
        try
            infer_def!(ctx, mod, fname, i, fd, get(byfunc, i, IdentRef[])) && (n += 1)
        catch err
            push!(ctx.diagnostics, "line $(fd.line_first): $(fd.name) not inferred: $(errline(err))")
        end
    end
    return n
end

function infer_def!(ctx::Ctx, mod::Module, fname::String, idx::Int, fd::FuncDef, refs::Vector{IdentRef})::Bool
    f = try
        Core.eval(mod, Meta.parse(fd.callee))
    catch
        return false
    end
    m = find_method(f, fname, fd)
    m === nothing && return false
    bm = body_method(m)
    mode, tt = signature_for(bm)
    results = Base.code_typed_by_type(tt; optimize=false)
    picked = pick_result(results, bm)
    picked === nothing && return false
    ci, rt, mi = picked
    apply_inference!(ctx, fd, bm, ci, rt, mode, refs)
    fd.entry["mode"] = mode
    sigstr = type_string(tt, ctx.typemod, ctx.strip)
    sigstr === nothing || (fd.entry["signature"] = sigstr)
    if _loaded("TypedSyntax") && time() < ctx.deadline
        typed_syntax!(ctx, fd, bm, mi, ci, rt, mode)
    end
    if _loaded("JET") && time() < ctx.deadline
        jet!(ctx, fd, fname, tt, mode, refs)
    end
    return true
end

function apply_inference!(ctx::Ctx, fd::FuncDef, m::Method, ci, @nospecialize(rt), mode::String,
                          refs::Vector{IdentRef})
    names = ci.slotnames
    types = ci.slottypes
    types === nothing && return nothing
    generic = mode == "generic"
    count = Dict{Symbol,Int}()
    for nm in names
        count[nm] = get(count, nm, 0) + 1
    end
    verdict = "stable"
    unknown = false
    for (i, nm) in enumerate(names)
        count[nm] == 1 || continue            # shadowed names: ambiguous, left alone
        s = String(nm)
        (isempty(s) || startswith(s, '#')) && continue
        # arguments keep their declared type unless the body reassigns them
        (i <= m.nargs && !(nm in fd.assigned)) && continue
        T = widen_type(types[i])
        boxed = T === Core.Box
        if generic && !boxed && !is_concrete_like(T)
            unknown = true                    # a concrete call could give a narrower type
            continue
        end
        w = stability_word(T)
        verdict = worst(verdict, w)
        Tstr = boxed ? nothing : type_string(T, ctx.typemod, ctx.strip)
        flags = boxed ? ("boxed_capture",) : ()
        for r in refs
            r.name === nm || continue
            (r.closure && !boxed) && continue
            setlabel!(ctx, r.pos; type=Tstr, flags=flags, stability=w, priority=2)
        end
    end
    R = widen_type(rt)
    if generic && !is_concrete_like(R)
        unknown = true
        Rstr = nothing
    else
        verdict = worst(verdict, stability_word(R))
        Rstr = type_string(R, ctx.typemod, ctx.strip)
    end
    if fd.name_pos >= 0 && Rstr !== nothing
        setlabel!(ctx, fd.name_pos; type=Rstr, flags=("definition",), priority=3)
    end
    if Rstr !== nothing
        fd.entry["return_type"] = Rstr
    end
    # unknown parts leave the verdict open, unless something is unstable in any case
    fd.entry["stability"] = (unknown && verdict != "unstable") ? "na" : verdict
    return nothing
end

# --- TypedSyntax: types of calls and of each use of a variable ----------------------------------

function typed_syntax!(ctx::Ctx, fd::FuncDef, m::Method, mi, ci, @nospecialize(rt), mode::String)
    TS = OPTIONAL["TypedSyntax"]
    M = try
        getfield(TS, :JuliaSyntax)
    catch
        return nothing
    end
    tsn = nothing
    for target in (mi, m)                    # newer TypedSyntax takes a MethodInstance, older a Method
        target === nothing && continue
        try
            res = Base.invokelatest(TS.tsn_and_mappings, target, ci, rt, fd.text, fd.line_first; warn=false)
            tsn = res[1]
            break
        catch err
            err isa MethodError && continue
            push!(ctx.diagnostics, "line $(fd.line_first): TypedSyntax failed on $(fd.name): $(errline(err))")
            return nothing
        end
    end
    tsn === nothing && return nothing
    Base.invokelatest(_typed_walk!, ctx, M, tsn, fd, mode)
    return nothing
end

function _typed_walk!(ctx::Ctx, M, tsn, fd::FuncDef, mode::String)
    off = fd.start
    each_node(M, tsn) do node
        typ = try
            getproperty(node, :typ)
        catch
            nothing
        end
        typ === nothing && return nothing
        T = widen_type(typ)
        (mode == "generic" && !is_concrete_like(T)) && return nothing
        k = nkind(M, node)
        stab = stability_word(T)
        if nleaf(M, node)
            k == "Identifier" || return nothing
            pos = off + nfirst(M, node) - 1
            r = get(ctx.ident_at, pos, 0)
            r == 0 && return nothing          # not a variable use we know (callee, field name, ...)
            ref = ctx.idents[r]
            ref.closure && return nothing
            (ref.name in fd.argnames && !(ref.name in fd.assigned)) && return nothing
            stab = nothing                    # a variable keeps its binding's (whole-method) verdict
        elseif k == "call" || k == "dotcall"
            ch = nkids(M, node)
            isempty(ch) && return nothing
            l = last_leaf(M, ch[callee_index(M, node, ch)])
            l === nothing && return nothing
            pos = off + nfirst(M, l) - 1
        elseif k == "ref"
            ch = nkids(M, node)
            isempty(ch) && return nothing
            pos = _bracket_after(ctx, off + nlast(M, ch[1]))
            pos === nothing && return nothing
        else
            return nothing
        end
        setlabel!(ctx, pos; type=type_string(T, ctx.typemod, ctx.strip), stability=stab, priority=3)
        return nothing
    end
    return nothing
end

# 0-based offset of the `[` that follows 0-based offset `from` (spaces allowed), or nothing
function _bracket_after(ctx::Ctx, from::Int)
    j = from + 1                              # 1-based index of the byte at offset `from`
    while j <= length(ctx.bytes)
        b = ctx.bytes[j]
        b == UInt8('[') && return j - 1
        (b == UInt8(' ') || b == UInt8('\t')) || return nothing
        j += 1
    end
    return nothing
end

# --- JET: undefined names, runtime dispatch -------------------------------------------------------

function _jet_reports(JET, fn::Symbol, @nospecialize(tt))
    res = try
        Base.invokelatest(getfield(JET, fn), tt)
    catch
        return Any[]
    end
    return try
        collect(Any, Base.invokelatest(JET.get_reports, res))
    catch
        Any[]
    end
end

function _report_line(r, fname::String)
    vst = try
        getproperty(r, :vst)
    catch
        return nothing
    end
    for fr in Iterators.reverse(vst)
        file = try
            string(getproperty(fr, :file))
        catch
            continue
        end
        endswith(file, fname) && return Int(getproperty(fr, :line))
    end
    return nothing
end

function jet!(ctx::Ctx, fd::FuncDef, fname::String, @nospecialize(tt), mode::String, refs::Vector{IdentRef})
    JET = OPTIONAL["JET"]
    for r in _jet_reports(JET, :report_call, tt)
        occursin("UndefVar", string(nameof(typeof(r)))) || continue
        var = try
            getproperty(r, :var)
        catch
            nothing
        end
        name = var isa GlobalRef ? var.name : var isa Symbol ? var : nothing
        name === nothing && continue
        line = _report_line(r, fname)
        line === nothing && continue
        for ref in refs
            (ref.name === name && line_of(ctx, ref.pos + 1) == line) || continue
            setlabel!(ctx, ref.pos; flags=("undefined_name",))
        end
        push!(ctx.diagnostics, "line $line: `$name` is not defined (JET)")
    end
    if mode != "generic"
        n = 0
        for r in _jet_reports(JET, :report_opt, tt)
            occursin("RuntimeDispatch", string(nameof(typeof(r)))) || continue
            n += 1
            line = _report_line(r, fname)
            line === nothing || push!(ctx.diagnostics, "line $line: runtime dispatch in $(fd.name) (JET)")
        end
        fd.entry["runtime_dispatch"] = n
    end
    return nothing
end
