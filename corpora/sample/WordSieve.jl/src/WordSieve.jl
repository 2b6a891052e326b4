"""
    WordSieve

Small text utilities: a regex-free tokenizer, word and n-gram counting,
light normalisation of Unicode text and plain-text formatting helpers.
"""
module WordSieve

export Token, TokenKind, WORD, NUMBER, PUNCT, SPACE, SYMBOL
export tokenize, words, sentences
export count_words, top_words, ngrams, count_ngrams, vocabulary
export normalize_text, fold_accents, slugify, is_palindrome
export wrap, justify, format_table, highlight

include("tokenize.jl")
include("counts.jl")
include("normalize.jl")
include("format.jl")

end # module WordSieve
