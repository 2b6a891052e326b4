# The entry points juliatag's Python worker calls (through juliacall).

const REQUEST_COUNTER = Ref(0)

"""
    label_json(text, allow_exec, path, timeout) -> String

Label one file; returns the `result` object of juliatag's worker protocol as JSON
(`juliatag/backends/protocol.py` documents it). `allow_exec` evaluates the file's definitions
(runs its code). `timeout` (seconds) is the parent's hard limit; work that would not finish within
70% of it is skipped and reported in `diagnostics`. `path` is only used in messages.
"""
function label_json(text, allow_exec, path, timeout)::String
    ctx, tokens = label_ctx(text, allow_exec, path, timeout)
    return result_json(ctx, tokens)
end

"""
    label_ctx(text, allow_exec, path, timeout) -> (ctx, tokens)

The work behind `label_json`, returning the labelling context itself (tests inspect it).
"""
function label_ctx(text, allow_exec, path, timeout)
    REQUEST_COUNTER[] += 1
    # arguments may arrive as Julia values or, depending on juliacall's conversion, as Python
    # objects; their printed forms are the same
    text = text isa String ? text : string(text)
    allow_exec = allow_exec isa Bool ? allow_exec : string(allow_exec) in ("True", "true", "1")
    timeout = timeout isa Real ? Float64(timeout) : something(tryparse(Float64, string(timeout)), 120.0)
    budget = timeout > 0 ? timeout : 120.0
    ctx = Ctx(text, allow_exec, string(path), time() + 0.7 * budget)
    tokens = try
        token_rows(ctx.text)
    catch err
        push!(ctx.notes, "JuliaSyntax could not tokenize the file: $(errline(err))")
        Any[]
    end
    fname = "juliatag_input_$(REQUEST_COUNTER[]).jl"     # unique: methods are matched by file name
    sandbox = nothing
    counts = (0, 0, 0)
    if allow_exec
        sandbox, name = new_sandbox()
        ctx.typemod = sandbox                              # annotations resolve in the file's module
        ctx.strip = ["Main.$(name).", "$(name)."]
        counts = evaluate_definitions!(ctx, sandbox, fname)
    end
    syntax_ok = try
        Base.invokelatest(syntax_pass!, ctx)
        true
    catch err
        push!(ctx.notes, "syntax pass failed: $(errline(err))")
        false
    end
    if allow_exec
        ts = optional_module("TypedSyntax") !== nothing     # loaded before inference runs (world age)
        jet = optional_module("JET") !== nothing
        inferred = syntax_ok ? Base.invokelatest(infer_all!, ctx, sandbox, fname) : 0
        ctx.exec = Dict{String,Any}("evaluated" => counts[1], "failed" => counts[2], "skipped" => counts[3],
                                    "methods" => length(ctx.funcdefs), "inferred" => inferred,
                                    "typed_syntax" => ts, "jet" => jet)
    end
    return ctx, tokens
end

function result_json(ctx::Ctx, tokens)::String
    labels = Any[]
    for pos in sort!(collect(keys(ctx.labels)))
        lab = ctx.labels[pos]
        d = Dict{String,Any}("start" => pos)
        lab.type === nothing || (d["type"] = lab.type)
        isempty(lab.flags) || (d["flags"] = lab.flags)
        lab.stability === nothing || (d["stability"] = lab.stability)
        push!(labels, d)
    end
    functions = Any[fd.entry for fd in ctx.funcdefs if !isempty(fd.entry)]
    res = Dict{String,Any}(
        "tokens" => tokens,
        "labels" => labels,
        "ranges" => ctx.ranges,
        "errors" => ctx.errors,
        "decls" => ctx.decls,
        "functions" => functions,
        "diagnostics" => ctx.diagnostics,
        "note" => isempty(ctx.notes) ? nothing : join(ctx.notes, "; "),
        "exec" => ctx.exec,
    )
    return to_json(res)
end

function juliasyntax_version()::String
    v = try
        pkgversion(JS)
    catch
        nothing
    end
    v === nothing || return string(v)
    return isdefined(Base, :JuliaSyntax) && JS === getfield(Base, :JuliaSyntax) ? "Base (Julia $(VERSION))" : "?"
end

"""
    hello_json() -> String

What this worker is: its version, Julia's, JuliaSyntax's, and whether TypedSyntax and JET can be
loaded (they are used with allow_exec only).
"""
function hello_json()::String
    d = Dict{String,Any}(
        "worker" => "JuliaTagWorker $(WORKER_VERSION)",
        "julia_version" => string(VERSION),
        "juliasyntax" => juliasyntax_version(),
        "typed_syntax" => available("TypedSyntax"),
        "jet" => available("JET"),
        "threads" => Threads.nthreads(),
    )
    return to_json(d)
end

"""
    warm_up()

Compile the code paths once (and load TypedSyntax/JET if present) before the first real file, so
the first file's time limit is not spent compiling the worker.
"""
function warm_up()
    src = "struct WarmUp\n    x::Float64\nend\nscale(p::WarmUp, n::Int) = p.x * n + 1\n" *
          "function total(v::Vector{Float64})\n    s = 0.0\n    for x in v\n        s += x\n    end\n    return s\nend\n"
    label_json(src, false, "warmup.jl", 120.0)
    label_json(src, true, "warmup.jl", 120.0)
    return nothing
end
