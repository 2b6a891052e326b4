#=
A hand-written tokenizer. It walks the string one `Char` at a time (never by
byte index arithmetic) and returns `SubString`s that share memory with the
input, so tokenizing a large text allocates only the `Token` vector.
=#

"""
    TokenKind

The category of a [`Token`](@ref).
"""
@enum TokenKind WORD NUMBER PUNCT SPACE SYMBOL

"""
    Token

A slice of the input text together with its kind and the (1-based)
character offset at which it starts.
"""
struct Token
    kind::TokenKind
    text::SubString{String}
    offset::Int
end

Base.show(io::IO, t::Token) = print(io, "Token(", t.kind, ", ", repr(String(t.text)), ")")
Base.length(t::Token) = length(t.text)

# Characters that may appear inside a word when surrounded by letters,
# as in "don't" or "well-known".
const JOINERS = Set(['\'', '’', '-'])

"""
    charkind(c::Char) -> TokenKind

Classify a single character.
"""
function charkind(c::Char)::TokenKind
    if isletter(c) || c == '_'
        return WORD
    elseif isdigit(c)
        return NUMBER
    elseif isspace(c)
        return SPACE
    elseif ispunct(c)
        return PUNCT
    else
        return SYMBOL
    end
end

"""
    tokenize(text; keep_space=false) -> Vector{Token}

Split `text` into tokens. Runs of letters form words (with inner
apostrophes and hyphens), runs of digits with at most one decimal point
form numbers, and every other non-space character is its own token.
"""
function tokenize(text::AbstractString; keep_space::Bool=false)::Vector{Token}
    s = String(text)
    toks = Token[]
    i = firstindex(s)
    charpos = 1
    while i ≤ lastindex(s)
        c = s[i]
        k = charkind(c)
        j = i
        nchars = 1
        if k == WORD || k == NUMBER || k == SPACE
            seen_dot = false
            while true
                nj = nextind(s, j)
                nj > lastindex(s) && break
                d = s[nj]
                dk = charkind(d)
                ok = dk == k
                if !ok && k == WORD
                    # Allow a joiner followed by another letter.
                    ok = d ∈ JOINERS && nextind(s, nj) ≤ lastindex(s) &&
                         charkind(s[nextind(s, nj)]) == WORD
                    ok = ok || dk == NUMBER  # "mp3", "x86"
                elseif !ok && k == NUMBER && d == '.' && !seen_dot
                    nn = nextind(s, nj)
                    ok = nn ≤ lastindex(s) && isdigit(s[nn])
                    seen_dot = ok
                end
                ok || break
                j = nj
                nchars += 1
            end
        end
        if k != SPACE || keep_space
            push!(toks, Token(k, SubString(s, i, j), charpos))
        end
        charpos += nchars
        i = nextind(s, j)
    end
    return toks
end

"""
    words(text; lower=true) -> Vector{String}

Just the word tokens, optionally lower-cased.
"""
function words(text::AbstractString; lower::Bool=true)
    ws = (String(t.text) for t in tokenize(text) if t.kind == WORD)
    return lower ? map(lowercase, ws) : collect(ws)
end

# Abbreviations that end in a period but do not end a sentence. This is a
# mutable, non-constant global on purpose: callers extend it at runtime.
abbreviations = ["mr", "mrs", "dr", "e.g", "i.e", "etc", "vs"]

"""
    sentences(text) -> Vector{SubString{String}}

Split text after `.`, `!` or `?` followed by whitespace, except after a
known abbreviation.
"""
function sentences(text::AbstractString)
    s = String(text)
    out = SubString{String}[]
    start = firstindex(s)
    for m in eachmatch(r"[.!?]+(?=\s|$)", s)
        stop = m.offset + ncodeunits(m.match) - 1
        before = SubString(s, start, prevind(s, m.offset))
        lastword = let ws = split(before)
            isempty(ws) ? "" : lowercase(ws[end])
        end
        if m.match == "." && lastword ∈ abbreviations
            continue
        end
        piece = strip(SubString(s, start, stop))
        isempty(piece) || push!(out, piece)
        start = nextind(s, stop)
    end
    if start ≤ lastindex(s)
        rest = strip(SubString(s, start))
        isempty(rest) || push!(out, rest)
    end
    return out
end
