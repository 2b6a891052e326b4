# Tokens as JuliaSyntax cuts them, for juliatag's kind comparison.
#
# Each token is sent as [start, end, kind, flags]: 0-based byte offsets with `end` exclusive, the
# JuliaSyntax kind name unmapped, and flag bits (must match juliatag/backends/protocol.py):
const TOK_DOTTED = 1      # broadcast operator
const TOK_SUFFIXED = 2    # operator with a suffix (`+₁`)
const TOK_OPERATOR = 4    # is_operator(kind)
const TOK_KEYWORD = 8     # is_keyword(kind)
const TOK_ERROR = 16      # is_error(kind)
#
# juliatag maps the names onto its kind table (documented in juliatag/backends/mapping.py):
# names it shares map to themselves, `true`/`false` -> Bool, macro-name kinds -> Identifier, a `.`
# token directly followed by an operator token -> the dotted operator (`.+`), unknown operators
# -> Operator, other error kinds -> ErrorUnknownCharacter; zero-width tokens are not sent.

# JuliaSyntax.tokenize; on JuliaSyntax 1.0+ operators in identifier position keep their
# operator kinds (`a + b` gives `+`, not `Identifier`), like 0.4 did by default.
function _tokenize(text::String)
    try
        return JS.tokenize(text; operators_as_identifiers=false)
    catch err
        err isa MethodError || rethrow()
        return JS.tokenize(text)
    end
end

function token_rows(text::String)
    rows = Vector{Any}()
    for tok in _tokenize(text)
        r = tok.range
        s = Int(first(r)) - 1
        e = Int(last(r))
        e > s || continue                     # zero-width parser tokens (implied names, error markers)
        k = JS.kind(tok)
        f = 0
        nflag(JS, :is_dotted, tok) && (f |= TOK_DOTTED)
        nflag(JS, :is_suffixed, tok) && (f |= TOK_SUFFIXED)
        nflag(JS, :is_operator, k) && (f |= TOK_OPERATOR)
        nflag(JS, :is_keyword, k) && (f |= TOK_KEYWORD)
        nflag(JS, :is_error, k) && (f |= TOK_ERROR)
        push!(rows, (s, e, string(k), f))
    end
    return rows
end
