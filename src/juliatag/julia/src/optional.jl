# Optional packages: TypedSyntax (types of calls and expressions) and JET (undefined names,
# runtime dispatch). They are used when the Julia environment can load them
# (`Base.identify_package` finds them on the load path) and never installed by juliatag.
# Functions of a package loaded at run time are called with `Base.invokelatest` (world age).

const OPTIONAL = Dict{String,Any}()

function optional_module(name::String)
    haskey(OPTIONAL, name) && return OPTIONAL[name]
    mod = nothing
    try
        id = Base.identify_package(name)
        if id !== nothing
            mod = Base.require(id)
        end
    catch err
        println(stderr, "JuliaTagWorker: could not load $name: ", first(split(sprint(showerror, err), '\n')))
        mod = nothing
    end
    OPTIONAL[name] = mod
    return mod
end

# whether a package could be loaded, without loading it
available(name::String)::Bool = try
    Base.identify_package(name) !== nothing
catch
    false
end

# whether `optional_module(name)` has loaded the package
_loaded(name::String)::Bool = get(OPTIONAL, name, nothing) !== nothing
