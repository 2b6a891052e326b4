"""
    JuliaTagWorker

The Julia side of juliatag's `--backend julia`. Given the text of one Julia file it returns, as a
JSON string (see `label_json`):

- the file's tokens as JuliaSyntax cuts them (kind names unmapped; juliatag maps them onto its
  own kind table and keeps its own lexeme cut, so both backends tile files identically);
- labels at byte offsets: literal types, `::T` annotations and names in type position, definition
  sites, struct fields, macro-call / quoted / docstring regions, syntax-error regions, and the
  file's type declarations;
- with `allow_exec = true` only: the file's definitions are evaluated in a fresh anonymous module
  (this RUNS the file's code), each method is inferred with `Base.code_typed_by_type` (argument
  types from the method's signature, or a representative concrete signature), and the inferred
  types of locals, arguments and returns are mapped back onto the identifiers; TypedSyntax (types
  of calls) and JET (undefined names, runtime dispatch) are used when the environment has them.

It is loaded by `python -m juliatag.backends.julia_worker` through juliacall (`include` of this
file: no package manager operation, no download), and can also be used from Julia directly:

    include("src/juliatag/julia/src/JuliaTagWorker.jl")
    JuliaTagWorker.label_json(read("file.jl", String), false, "file.jl", 30.0)
"""
module JuliaTagWorker

const WORKER_VERSION = v"0.1.0"

# JuliaSyntax: the copy inside Base on Julia 1.10+, else the JuliaSyntax package if installed.
function _load_juliasyntax()
    isdefined(Base, :JuliaSyntax) && return getfield(Base, :JuliaSyntax)
    id = Base.identify_package("JuliaSyntax")
    id === nothing && error("JuliaTagWorker needs Julia 1.10+ (Base.JuliaSyntax) or the JuliaSyntax package")
    return Base.require(id)
end
const JS = _load_juliasyntax()

include("json.jl")
include("nodes.jl")
include("tokens.jl")
include("types.jl")
include("syntax.jl")
include("optional.jl")
include("exec.jl")
include("api.jl")

end # module
