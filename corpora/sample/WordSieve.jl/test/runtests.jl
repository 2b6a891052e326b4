using Test
using WordSieve
const WS = WordSieve

const SAMPLE = """
The quick brown fox jumps over the lazy dog. The dog didn't care!
Dr. Smith paid 3.50 for a well-known book, e.g. a novel. Was it good?
"""

@testset "WordSieve" begin
    @testset "tokenize" begin
        toks = tokenize("Hello, world 42!")
        @test [t.kind for t in toks] == [WORD, PUNCT, WORD, NUMBER, PUNCT]
        @test String(toks[1].text) == "Hello"
        @test toks[3].offset == 8
        @test length(tokenize("a b"; keep_space=true)) == 3
        @test [String(t.text) for t in tokenize("don't stop-gap 3.14.")] == ["don't", "stop-gap", "3.14", "."]
        @test [String(t.text) for t in tokenize("αβγ ÷ 2")] == ["αβγ", "÷", "2"]
        @test tokenize("α ∈ S")[2].kind == SYMBOL
        @test tokenize("") == Token[]
    end

    @testset "words and sentences" begin
        @test words("The THE the") == ["the", "the", "the"]
        @test words("Mixed Case"; lower=false) == ["Mixed", "Case"]
        ss = sentences(SAMPLE)
        @test length(ss) == 4
        @test startswith(ss[3], "Dr. Smith")
        @test ss[end] == "Was it good?"
        push!(WS.abbreviations, "fig")
        @test length(sentences("See fig. 3 for details. Done.")) == 2
    end

    @testset "counting" begin
        c = count_words(SAMPLE)
        @test c["the"] == 3
        @test c["dog"] == 2
        @test !haskey(c, "The")
        c2 = count_words(SAMPLE; stopwords=Set(["the", "a"]))
        @test !haskey(c2, "the")
        @test top_words(c, 3) == ["the" => 3, "a" => 2, "dog" => 2]
        @test first(top_words("b a b a c", 1)) == ("a" => 2)
        @test count_words(["a b", "b c"]) == Dict("a" => 1, "b" => 2, "c" => 1)
        @test ngrams([1, 2, 3, 4], 2) == [[1, 2], [2, 3], [3, 4]]
        @test isempty(ngrams([1], 2))
        @test_throws ArgumentError ngrams([1, 2], 0)
        @test count_ngrams("a b a b", 2) == Dict("a b" => 2, "b a" => 1)
    end

    @testset "vocabulary" begin
        v = vocabulary(["a a a b b c", "a d"]; min_count=2)
        @test length(v) == 3
        @test v["a"] == 2 && v["b"] == 3
        @test v["zzz"] == 1
        @test "c" ∉ v
        @test WS.encode(v, "b a q") == [3, 2, 1]
        @test WS.decode(v, [2, 3, 1]) == "a b <unk>"
    end

    @testset "normalize" begin
        @test fold_accents("Crème brûlée à São Paulo") == "Creme brulee a Sao Paulo"
        @test fold_accents("Straße") == "Strasse"
        @test normalize_text("  “Hello”\u00a0—  World…  ") == "\"hello\" - world..."
        @test normalize_text("Ça va"; lower=false, accents=true) == "Ca va"
        @test slugify("Hello, Wörld! 2024 édition") == "hello-world-2024-edition"
        @test slugify("a b"; sep='_') == "a_b"
        @test is_palindrome("A man, a plan, a canal: Panamá")
        @test !is_palindrome("juliatag")
        @test WS.script_of('α') === :greek
        @test WS.script_of('∈') === :math
        @test WS.mathify("x <= y && alpha != 1 && i in S") == "x ≤ y && α ≠ 1 && i ∈ S"
    end

    @testset "format" begin
        text = "the quick brown fox jumps over the lazy dog"
        w = wrap(text; width=15)
        @test all(l -> textwidth(l) ≤ 15, split(w, '\n'))
        @test replace(w, '\n' => ' ') == text
        @test wrap("supercalifragilistic word"; width=5) == "supercalifragilistic\nword"
        @test justify("a b c", 9) == "a   b   c"
        @test justify("ab c d", 9) == "ab   c  d"
        @test textwidth(justify("single", 10)) == 10
        t = format_table([(name="x", n=1), (name="yy", n=missing)])
        lines = split(t, '\n')
        @test length(lines) == 4
        @test occursin("│", lines[1]) && occursin("┼", lines[2])
        @test endswith(lines[4], "—")
        @test highlight("a+b = b+a", "b+a") == "a+b = [b+a]"
        @test highlight("cat hat", r"[ch]at"; open="<", close=">") == "<cat> <hat>"
        cells = WS.try_parse_cells(["1", "2.5", "x"])
        @test cells == Any[1, 2.5, "x"]
        @test cells[1] isa Int && cells[2] isa Float64 && cells[3] isa String
    end
end
