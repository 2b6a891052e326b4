# A minimal JSON writer (the worker only writes JSON; requests arrive as plain arguments).
#
# Supported values: nothing (null), Bool, Integer, AbstractFloat, AbstractString, Symbol,
# AbstractVector / Tuple (arrays), AbstractDict with string-like keys (objects).

function json_string(io::IO, s::AbstractString)
    print(io, '"')
    for c in s
        if !isvalid(c)
            print(io, "\\ufffd")          # invalid UTF-8 never reaches the wire
        elseif c == '"'
            print(io, "\\\"")
        elseif c == '\\'
            print(io, "\\\\")
        elseif c == '\n'
            print(io, "\\n")
        elseif c == '\r'
            print(io, "\\r")
        elseif c == '\t'
            print(io, "\\t")
        elseif c < ' ' || c == '\u7f' || c == '\u2028' || c == '\u2029'
            print(io, "\\u", string(UInt32(c); base=16, pad=4))
        else
            print(io, c)
        end
    end
    print(io, '"')
    return nothing
end

json_write(io::IO, ::Nothing) = print(io, "null")
json_write(io::IO, x::Bool) = print(io, x ? "true" : "false")
json_write(io::IO, x::Integer) = print(io, Int64(x))
json_write(io::IO, x::AbstractFloat) = isfinite(x) ? print(io, Float64(x)) : print(io, "null")
json_write(io::IO, x::AbstractString) = json_string(io, x)
json_write(io::IO, x::Symbol) = json_string(io, String(x))

function json_write(io::IO, xs::Union{AbstractVector,Tuple})
    print(io, '[')
    first = true
    for x in xs
        first || print(io, ',')
        first = false
        json_write(io, x)
    end
    print(io, ']')
    return nothing
end

function json_write(io::IO, d::AbstractDict)
    print(io, '{')
    first = true
    for (k, v) in d
        first || print(io, ',')
        first = false
        json_string(io, string(k))
        print(io, ':')
        json_write(io, v)
    end
    print(io, '}')
    return nothing
end

# anything else is sent as its printed form
json_write(io::IO, x) = json_string(io, sprint(show, x))

function to_json(x)::String
    io = IOBuffer()
    json_write(io, x)
    return String(take!(io))
end
