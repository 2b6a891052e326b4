#=
Normalisation helpers. These deliberately avoid the Unicode stdlib so that
the behaviour is easy to read off the tables below.
=#

# Latin letters with diacritics mapped to their base letter.
const ACCENT_TABLE = Dict{Char,Char}(
    'á' => 'a', 'à' => 'a', 'â' => 'a', 'ä' => 'a', 'ã' => 'a', 'å' => 'a',
    'é' => 'e', 'è' => 'e', 'ê' => 'e', 'ë' => 'e',
    'í' => 'i', 'ì' => 'i', 'î' => 'i', 'ï' => 'i',
    'ó' => 'o', 'ò' => 'o', 'ô' => 'o', 'ö' => 'o', 'õ' => 'o', 'ø' => 'o',
    'ú' => 'u', 'ù' => 'u', 'û' => 'u', 'ü' => 'u',
    'ç' => 'c', 'ñ' => 'n', 'ý' => 'y', 'ÿ' => 'y',
)

# Multi-character expansions.
const LIGATURES = Dict{Char,String}('ß' => "ss", 'æ' => "ae", 'œ' => "oe", 'ﬁ' => "fi", 'ﬂ' => "fl")

# Typographic punctuation replaced by plain ASCII.
const PUNCT_TABLE = Dict{Char,String}(
    '‘' => "'", '’' => "'", '“' => "\"", '”' => "\"",
    '–' => "-", '—' => "-", '…' => "...", '\u00a0' => " ",
)

"""
    fold_accents(s) -> String

Strip diacritics from Latin letters and expand ligatures, preserving case.
"""
function fold_accents(s::AbstractString)::String
    io = IOBuffer()
    for c in s
        lc = lowercase(c)
        if haskey(ACCENT_TABLE, lc)
            b = ACCENT_TABLE[lc]
            print(io, isuppercase(c) ? uppercase(b) : b)
        elseif haskey(LIGATURES, lc)
            e = LIGATURES[lc]
            print(io, isuppercase(c) ? uppercasefirst(e) : e)
        else
            print(io, c)
        end
    end
    return String(take!(io))
end

"""
    normalize_text(s; lower=true, accents=false, collapse=true) -> String

Replace typographic punctuation, optionally lower-case and fold accents,
and collapse runs of whitespace into a single space.
"""
function normalize_text(s::AbstractString; lower::Bool=true, accents::Bool=false,
                        collapse::Bool=true)::String
    t = join(get(PUNCT_TABLE, c, string(c)) for c in s)
    accents && (t = fold_accents(t))
    lower && (t = lowercase(t))
    if collapse
        t = strip(replace(t, r"\s+" => " "))
    end
    return String(t)
end

"""
    slugify(s; sep='-') -> String

A URL-friendly identifier: lower-case ASCII letters and digits separated by
`sep`.
"""
function slugify(s::AbstractString; sep::Char='-')::String
    t = lowercase(fold_accents(s))
    parts = String[]
    buf = Char[]
    for c in t
        if isascii(c) && (isletter(c) || isdigit(c))
            push!(buf, c)
        elseif !isempty(buf)
            push!(parts, String(buf))
            empty!(buf)
        end
    end
    isempty(buf) || push!(parts, String(buf))
    return join(parts, sep)
end

"""
    is_palindrome(s) -> Bool

Whether `s` reads the same backwards, ignoring case, spaces, punctuation
and accents.
"""
function is_palindrome(s::AbstractString)::Bool
    cs = [lowercase(c) for c in fold_accents(s) if isletter(c) || isdigit(c)]
    n = length(cs)
    for i in 1:(n ÷ 2)
        cs[i] == cs[n-i+1] || return false
    end
    return true
end

"""
    script_of(c::Char) -> Symbol

A coarse guess of the writing system of a character.
"""
function script_of(c::Char)::Symbol
    u = UInt32(c)
    return u < 0x80 ? :ascii :
           u ≤ 0x024f ? :latin :
           0x0370 ≤ u ≤ 0x03ff ? :greek :
           0x0400 ≤ u ≤ 0x04ff ? :cyrillic :
           0x2200 ≤ u ≤ 0x22ff ? :math :
           0x3040 ≤ u ≤ 0x30ff ? :kana :
           :other
end

"""
    mathify(s) -> String

Replace ASCII spellings with Unicode math symbols: `<=` → `≤`, `>=` → `≥`,
`!=` → `≠`, `in` → `∈`, `sqrt` → `√`, `alpha` → `α`, `div` → `÷`.
"""
function mathify(s::AbstractString)::String
    return replace(s, "<=" => "≤", ">=" => "≥", "!=" => "≠",
                   r"\bin\b" => "∈", r"\bsqrt\b" => "√", r"\balpha\b" => "α",
                   r"\bdiv\b" => "÷")
end
