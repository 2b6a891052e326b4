# Plain-text layout: wrapping, justification, tables and highlighting.

"""
    wrap(text; width=72, indent="") -> String

Greedy word wrap. Words longer than `width` are placed on a line of their
own rather than broken. Widths are measured with `textwidth`, so wide East
Asian characters count as two columns.
"""
function wrap(text::AbstractString; width::Integer=72, indent::AbstractString="")::String
    @assert width > textwidth(indent) "indent is wider than the line"
    lines = String[]
    current = IOBuffer()
    col = 0
    for w in split(text)
        ww = textwidth(w)
        if col > 0 && col + 1 + ww > width
            push!(lines, String(take!(current)))
            col = 0
        end
        if col == 0
            print(current, indent, w)
            col = textwidth(indent) + ww
        else
            print(current, ' ', w)
            col += 1 + ww
        end
    end
    col > 0 && push!(lines, String(take!(current)))
    return join(lines, '\n')
end

"""
    justify(line, width) -> String

Pad the gaps between words so the line is exactly `width` columns wide.
Extra spaces go to the leftmost gaps. Lines with a single word are
left-aligned.
"""
function justify(line::AbstractString, width::Integer)::String
    ws = split(line)
    isempty(ws) && return " "^width
    length(ws) == 1 && return rpad(ws[1], width)
    gaps = length(ws) - 1
    free = width - sum(textwidth, ws)
    free < gaps && return join(ws, ' ')
    base, extra = divrem(free, gaps)
    io = IOBuffer()
    for (i, w) in enumerate(ws)
        print(io, w)
        if i ≤ gaps
            print(io, ' '^(base + (i ≤ extra ? 1 : 0)))
        end
    end
    return String(take!(io))
end

"""
    Alignment

`:left`, `:right` or `:center`.
"""
const Alignment = Symbol

function align(s::AbstractString, width::Integer, how::Alignment)
    pad = width - textwidth(s)
    pad ≤ 0 && return String(s)
    if how === :left
        return s * " "^pad
    elseif how === :right
        return " "^pad * s
    elseif how === :center
        l = pad ÷ 2
        return " "^l * s * " "^(pad - l)
    else
        throw(ArgumentError("unknown alignment :$how"))
    end
end

"""
    cell_string(x) -> String

How a value is shown in a table cell: `missing` and `nothing` become
empty-ish markers, floats are rounded to 3 significant digits.
"""
cell_string(::Missing) = "—"
cell_string(::Nothing) = ""
cell_string(x::AbstractFloat) = string(round(x; sigdigits=3))
cell_string(x) = string(x)

"""
    format_table(rows; header=nothing, align=nothing) -> String

Render a vector of rows (vectors or tuples) or of named tuples as a
plain-text table. Numbers are right-aligned by default, everything else
left-aligned.
"""
function format_table(rows::AbstractVector; header=nothing, align=nothing)
    isempty(rows) && return ""
    # Named tuples supply their own header.
    if header === nothing && first(rows) isa NamedTuple
        header = collect(String.(keys(first(rows))))
    end
    cells = [cell_string.(collect(values(r))) for r in rows]
    ncol = maximum(length, cells)
    numeric = [all(r -> length(r) < j || values(r)[j] isa Union{Number,Missing}, rows) for j in 1:ncol]
    how = align === nothing ? [n ? :right : :left for n in numeric] : align
    widths = zeros(Int, ncol)
    allrows = header === nothing ? cells : vcat([collect(header)], cells)
    for r in allrows, (j, c) in enumerate(r)
        widths[j] = max(widths[j], textwidth(c))
    end
    fmt(r) = join((WordSieve.align(get(r, j, ""), widths[j], how[j]) for j in 1:ncol), " │ ")
    out = String[]
    if header !== nothing
        push!(out, fmt(header))
        push!(out, join(("─"^w for w in widths), "─┼─"))
    end
    append!(out, fmt.(cells))
    return join(rstrip.(out), '\n')
end

"""
    highlight(text, pattern; open="[", close="]") -> String

Surround every match of `pattern` (a string or `Regex`) with markers.
"""
function highlight(text::AbstractString, pattern::Union{AbstractString,Regex};
                   open::AbstractString="[", close::AbstractString="]")::String
    re = pattern isa Regex ? pattern : Regex(escape_regex(pattern))
    return replace(text, re => m -> "$open$m$close")
end

const REGEX_SPECIALS = Set("\\^\$.|?*+()[]{}")

escape_regex(s::AbstractString) = join(c ∈ REGEX_SPECIALS ? "\\$c" : string(c) for c in s)

"""
    try_parse_cells(row) -> Vector{Any}

Parse each string cell as an `Int`, then a `Float64`, falling back to the
original string. The result is heterogeneous by nature.
"""
function try_parse_cells(row::AbstractVector{<:AbstractString})
    out = Any[]
    for s in row
        v = tryparse(Int, s)
        if v === nothing
            v = try
                parse(Float64, s)
            catch
                String(s)
            end
        end
        push!(out, v)
    end
    return out
end
