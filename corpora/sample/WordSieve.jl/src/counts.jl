# Counting words and n-grams.

"""
    count_words(text; lower=true, stopwords=Set{String}()) -> Dict{String,Int}

Frequency of each word in `text`, ignoring anything in `stopwords`.
"""
function count_words(text::AbstractString; lower::Bool=true,
                     stopwords::AbstractSet{<:AbstractString}=Set{String}())::Dict{String,Int}
    counts = Dict{String,Int}()
    for w in words(text; lower=lower)
        w ∈ stopwords && continue
        counts[w] = get(counts, w, 0) + 1
    end
    return counts
end

"""
    count_words(texts::AbstractVector{<:AbstractString}; kw...)

Combined frequencies over several documents.
"""
function count_words(texts::AbstractVector{<:AbstractString}; kw...)
    return reduce((a, b) -> mergewith!(+, a, b), (count_words(t; kw...) for t in texts);
                  init=Dict{String,Int}())
end

"""
    top_words(counts, k=10) -> Vector{Pair{String,Int}}

The `k` most frequent entries, ties broken alphabetically.
"""
function top_words(counts::AbstractDict{String,Int}, k::Integer=10)
    ps = collect(counts)
    sort!(ps; by=p -> (-p.second, p.first))
    return ps[1:min(k, length(ps))]
end

top_words(text::AbstractString, k::Integer=10; kw...) = top_words(count_words(text; kw...), k)

"""
    ngrams(xs, n) -> Vector

All contiguous `n`-element windows of `xs`, each returned as a vector of
the element type. Returns an empty vector when `xs` is shorter than `n`.
"""
function ngrams(xs::AbstractVector{T}, n::Integer) where {T}
    n ≥ 1 || throw(ArgumentError("n must be at least 1"))
    return [xs[i:i+n-1] for i in 1:length(xs)-n+1]
end

ngrams(text::AbstractString, n::Integer) = ngrams(words(text), n)

"""
    count_ngrams(text, n) -> Dict{String,Int}

Word `n`-gram frequencies, joining the words of each gram with a space.
"""
function count_ngrams(text::AbstractString, n::Integer)
    d = Dict{String,Int}()
    for g in ngrams(text, n)
        key = join(g, ' ')
        d[key] = get(d, key, 0) + 1
    end
    return d
end

"""
    Vocabulary

A bidirectional mapping between words and dense integer ids. Id 1 is
reserved for the unknown word.
"""
struct Vocabulary
    word2id::Dict{String,Int}
    id2word::Vector{String}
end

const UNK = "<unk>"

"""
    vocabulary(texts; min_count=1, max_size=typemax(Int)) -> Vocabulary

Build a vocabulary from the most frequent words.
"""
function vocabulary(texts; min_count::Integer=1, max_size::Integer=typemax(Int))
    counts = count_words(collect(String, texts))
    kept = [w for (w, c) in top_words(counts, length(counts)) if c ≥ min_count]
    kept = kept[1:min(length(kept), max_size - 1)]
    id2word = [UNK; kept]
    word2id = Dict(w => i for (i, w) in enumerate(id2word))
    return Vocabulary(word2id, id2word)
end

Base.length(v::Vocabulary) = length(v.id2word)
Base.getindex(v::Vocabulary, w::AbstractString) = get(v.word2id, w, 1)
Base.getindex(v::Vocabulary, i::Integer) = v.id2word[i]
Base.in(w::AbstractString, v::Vocabulary) = haskey(v.word2id, w)

"""
    encode(v, text) -> Vector{Int}
    decode(v, ids) -> String
"""
encode(v::Vocabulary, text::AbstractString) = [v[w] for w in words(text)]
decode(v::Vocabulary, ids::AbstractVector{<:Integer}) = join((v[i] for i in ids), ' ')
