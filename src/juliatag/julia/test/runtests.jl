# Tests of the Julia side of juliatag's --backend julia.
#
#     julia --startup-file=no --project=src/juliatag/julia src/juliatag/julia/test/runtests.jl
#
# (juliatag's Python tests run this file when a `julia` executable is available, and skip it,
# saying so, when not.)

using Test

include(joinpath(@__DIR__, "..", "src", "JuliaTagWorker.jl"))
const W = JuliaTagWorker

# byte offset (0-based) of the `occurrence`-th occurrence of `needle` in `src`
function offset(src::String, needle::String, occurrence::Int=1)
    i = 0
    r = nothing
    for _ in 1:occurrence
        r = findnext(needle, src, i + 1)
        r === nothing && error("$needle not found")
        i = first(r)
    end
    return first(r) - 1
end

labels(src; exec=false) = W.label_ctx(src, exec, "test.jl", 60.0)

function label_at(ctx, src, needle, occurrence=1)
    return get(ctx.labels, offset(src, needle, occurrence), nothing)
end

type_at(ctx, src, needle, occurrence=1) = (l = label_at(ctx, src, needle, occurrence); l === nothing ? nothing : l.type)
flags_at(ctx, src, needle, occurrence=1) = (l = label_at(ctx, src, needle, occurrence); l === nothing ? String[] : l.flags)

@testset "JuliaTagWorker" begin

@testset "tokens tile the file" begin
    for src in ["x = 1 + 2\n", "a .+= b .* 2\n", "s = \"α \$(x) β\"\n# comment\n", "f(x::Int) = x'\n",
                "struct P\n    x::Float64\nend\n", "function broken(x\n    x +\nend\n", "y = '\\''\n"]
        rows = W.token_rows(src)
        @test !isempty(rows)
        @test first(rows)[1] == 0
        @test last(rows)[2] == ncodeunits(src)
        for (a, b) in zip(rows[1:end-1], rows[2:end])
            @test a[2] == b[1]              # contiguous (zero-width tokens are left out)
        end
        @test all(r -> r[2] > r[1], rows)
    end
    rows = W.token_rows("x .+ 1")
    kinds = [r[3] for r in rows]
    @test "Identifier" in kinds
    @test "Integer" in kinds
    @test "+" in kinds                       # `.+` is `.` and `+`, or `+` with the dotted flag
    plus = rows[findfirst(r -> r[3] == "+", rows)]
    @test plus[4] & W.TOK_OPERATOR != 0
end

@testset "literals" begin
    src = "a = 1\nb = 1.0\nc = 1f0\nd = 0x1f\ne = 0x01ff\nf = 'q'\ng = \"s\"\nh = :sym\ni = true\nj = nothing\n"
    ctx, _ = labels(src)
    @test type_at(ctx, src, "1\n") == "Int64"
    @test type_at(ctx, src, "1.0") == "Float64"
    @test type_at(ctx, src, "1f0") == "Float32"
    @test type_at(ctx, src, "0x1f") == "UInt8"
    @test type_at(ctx, src, "0x01ff") == "UInt16"
    @test type_at(ctx, src, "'q'") == "Char"
    @test type_at(ctx, src, "\"s\"") == "String"
    @test type_at(ctx, src, ":sym") == "Symbol"
    @test type_at(ctx, src, "sym") == "Symbol"
    @test type_at(ctx, src, "true") == "Bool"
    @test type_at(ctx, src, "nothing") == "Nothing"
    @test "definition" in flags_at(ctx, src, "a =")
end

@testset "annotations and definitions" begin
    src = "function f(x::Float64, v::Vector{Float64}, n)\n    y = x + n\n    return v\nend\n"
    ctx, _ = labels(src)
    @test type_at(ctx, src, "x::") == "Float64"
    @test "definition" in flags_at(ctx, src, "x::")
    @test label_at(ctx, src, "x::").stability == "stable"
    @test type_at(ctx, src, "Float64") == "Float64"
    @test "type_position" in flags_at(ctx, src, "Float64")
    @test type_at(ctx, src, "Vector") == "Vector{Float64}"
    @test type_at(ctx, src, "Float64", 2) == "Float64"
    @test type_at(ctx, src, "x + n") == "Float64"      # an argument never reassigned keeps its type
    @test type_at(ctx, src, "v\nend") == "Vector{Float64}"
    @test "definition" in flags_at(ctx, src, "f(")
    @test "definition" in flags_at(ctx, src, "y =")
    @test length(ctx.funcdefs) == 1
    @test ctx.funcdefs[1].name == "f"
    @test ctx.funcdefs[1].entry["start"] == 0
    @test ctx.funcdefs[1].entry["end"] == ncodeunits(src) - 1
end

@testset "types declared by the file" begin
    src = "abstract type Shape end\nstruct Circle{T<:Real} <: Shape\n    r::T\n    c\n    n::Int\nend\n" *
          "area(s::Circle) = s.r\n"
    ctx, _ = labels(src)
    @test "abstract type Shape end" in ctx.decls
    @test "struct Circle{T<:Real} <: Shape end" in ctx.decls
    @test type_at(ctx, src, "Circle{") == "Circle"
    @test "type_position" in flags_at(ctx, src, "Circle{")
    @test type_at(ctx, src, "c\n") == "Any"
    @test "abstract_field" in flags_at(ctx, src, "c\n")
    @test type_at(ctx, src, "n::") == "Int64"
    @test type_at(ctx, src, "s::") == "Circle"          # not evaluated: its own spelling
end

@testset "regions" begin
    src = "@inbounds y = v[1]\nq = :(a + b)\n\"\"\"doc\"\"\"\nf(x) = x\nz = (\n"
    ctx, _ = labels(src)
    ranges = Dict(r[3][1] => (r[1], r[2]) for r in ctx.ranges)
    @test ranges["in_macro"][1] == offset(src, "y =")
    @test ranges["quoted"][1] == offset(src, "(a + b)")
    @test ranges["docstring"][1] == offset(src, "\"\"\"doc")
    @test type_at(ctx, src, ":(a") == "Expr"
    @test !isempty(ctx.errors)                           # `z = (` does not parse
    @test !isempty(ctx.diagnostics)
end

@testset "JSON" begin
    @test W.to_json("a\"b\\c\nd\u01") == "\"a\\\"b\\\\c\\nd\\u0001\""
    @test W.to_json(Any[1, true, nothing, "x", (2, "y")]) == "[1,true,null,\"x\",[2,\"y\"]]"
    js = W.label_json("x = 1\n", false, "t.jl", 10.0)
    @test startswith(js, "{") && endswith(js, "}")
    @test occursin("\"tokens\":", js) && occursin("\"labels\":", js) && occursin("\"Int64\"", js)
    hello = W.hello_json()
    @test occursin("\"julia_version\":\"$(VERSION)\"", hello)
end

@testset "inference with allow_exec" begin
    src = """
    g(x::Int) = x < 0 ? nothing : x
    function h(x::Float64)
        y = x
        y = 1
        return y
    end
    function b()
        a = 0
        inc = () -> (a += 1)
        inc()
        return a
    end
    r(x::Real) = 2x
    k(x) = 1
    "documented"
    d(x::Int) = x + 1
    """
    ctx, _ = labels(src; exec=true)
    byname = Dict(fd.name => fd.entry for fd in ctx.funcdefs)
    @test byname["g"]["return_type"] == "Union{Nothing, Int64}"
    @test byname["g"]["stability"] == "union"
    @test byname["g"]["mode"] == "concrete"
    @test label_at(ctx, src, "y = x").stability == "union"
    ty = type_at(ctx, src, "y = x")
    @test startswith(ty, "Union{") && occursin("Float64", ty) && occursin("Int64", ty)
    @test "boxed_capture" in flags_at(ctx, src, "a = 0")
    @test label_at(ctx, src, "a = 0").stability == "unstable"
    @test byname["b"]["stability"] == "unstable"
    @test byname["r"]["mode"] == "representative"
    @test byname["r"]["return_type"] == "Float64"
    @test byname["k"]["mode"] == "generic"
    @test byname["k"]["return_type"] == "Int64"         # concrete even for an untyped argument
    @test type_at(ctx, src, "g(") == "Union{Nothing, Int64}"
    @test byname["d"]["return_type"] == "Int64"          # a docstring does not hide the definition
    @test ctx.exec["evaluated"] == 6
    @test ctx.exec["inferred"] == 6
end

@testset "allow_exec evaluates definitions only" begin
    src = "const N = 3\nf() = N\nerror(\"top-level calls are not run\")\ninclude(\"elsewhere.jl\")\n"
    ctx, _ = labels(src; exec=true)
    @test ctx.exec["evaluated"] == 2
    @test ctx.exec["skipped"] == 2
    @test ctx.funcdefs[1].entry["return_type"] == "Int64"
end

end # testset
