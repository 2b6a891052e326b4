"""Mapping a Julia worker's answer onto our lexemes and schema (pure Python, no worker process)."""

from juliatag import schema
from juliatag.backends.mapping import julia_kind_name, julia_kinds, labels_from_result, merge_tokens
from juliatag.backends.protocol import TOK_DOTTED, TOK_ERROR, TOK_KEYWORD, TOK_OPERATOR, TOK_SUFFIXED
from juliatag.lexer import lex
from juliatag.types.type_ids import ID_OF, bucket_id

K = schema.KIND_ID


def at(text: str, needle: str, occurrence: int = 1) -> int:
    """Byte offset of the occurrence-th `needle` in `text`."""
    data, pos = text.encode(), -1
    for _ in range(occurrence):
        pos = data.index(needle.encode(), pos + 1)
    return pos


def index_of(lx, offset: int) -> int:
    return lx.starts.index(offset)


def test_kind_names_follow_the_documented_mapping():
    assert julia_kind_name("Identifier") == "Identifier"
    assert julia_kind_name("function", TOK_KEYWORD) == "function"
    assert julia_kind_name("Integer") == "Integer" and julia_kind_name("HexInt") == "HexInt"
    assert julia_kind_name("\"\"\"") == '"""'
    assert julia_kind_name("true") == julia_kind_name("false") == "Bool"
    for name in ("MacroName", "StringMacroName", "CmdMacroName", "Placeholder", "core_@int128_str", "doc"):
        assert julia_kind_name(name) == "Identifier"
    assert julia_kind_name("+", TOK_OPERATOR | TOK_DOTTED) == ".+"
    assert julia_kind_name("⊗", TOK_OPERATOR | TOK_DOTTED) == "DottedOperator"
    assert julia_kind_name("+", TOK_OPERATOR | TOK_SUFFIXED) == "Operator"
    assert julia_kind_name("<-->", TOK_OPERATOR) == "Operator"
    assert julia_kind_name("ErrorInvalidNumericConstant", TOK_ERROR) == "ErrorInvalidNumericConstant"
    assert julia_kind_name("ErrorInvalidInterpolationTerminator", TOK_ERROR) == "ErrorUnknownCharacter"
    assert julia_kind_name("error") == "ErrorUnknownCharacter"
    assert all(julia_kind_name(k) in schema.KIND_ID for k in ("None", "EndMarker", "TOMBSTONE", "$="))


def test_dotted_operators_are_merged_and_zero_width_tokens_dropped():
    tokens = [[0, 1, "a", 0], [1, 2, ".", 0], [2, 3, "+", TOK_OPERATOR], [3, 3, "error", TOK_ERROR],
              [3, 4, ".", 0], [4, 5, "b", 0], [5, 6, ".", 0], [6, 7, "=", TOK_OPERATOR],
              [7, 8, ".", 0], [8, 10, "in", TOK_OPERATOR]]                   # `Base.in`: not a broadcast
    assert merge_tokens(tokens) == [(0, 1, "Identifier"), (1, 3, ".+"), (3, 4, "."), (4, 5, "Identifier"),
                                    (5, 7, ".="), (7, 8, "."), (8, 10, "in")]


def test_julia_kinds_line_up_with_our_lexemes_only_where_the_cut_is_the_same():
    text = "y .= x .+ -1"
    lx = lex(text)
    data = text.encode()
    tokens = []
    for s, e, k in zip(lx.starts, lx.ends, lx.kinds):
        name = schema.KIND_NAMES[k]
        if name in (".=", ".+"):
            tokens += [[s, s + 1, ".", 0], [s + 1, e, name[1:], TOK_OPERATOR]]
        elif data[s:e] == b"-":
            continue
        elif data[s:e] == b"1":
            tokens.append([s - 1, e, "Integer", 0])      # JuliaSyntax glues `-1` into one literal
        else:
            tokens.append([s, e, name, 0])
    kinds = julia_kinds(lx, tokens)
    assert kinds[index_of(lx, at(text, ".="))] == K[".="]
    assert kinds[index_of(lx, at(text, ".+"))] == K[".+"]
    assert kinds[index_of(lx, at(text, "-"))] is None and kinds[index_of(lx, at(text, "1"))] is None
    assert kinds[0] == K["Identifier"]


def test_labels_land_on_the_lexeme_containing_their_offset():
    text = "function f(x::Float64, v)\n    y = v .+ x\n    return y\nend\n"
    lx = lex(text)
    result = {
        "labels": [
            {"start": at(text, "f("), "type": "Union{Nothing, Int64}", "flags": ["definition"], "stability": "union"},
            {"start": at(text, "x::"), "type": "Float64", "flags": ["definition"], "stability": "stable"},
            {"start": at(text, "Float64"), "type": "Float64", "flags": ["type_position"]},
            {"start": at(text, ".+") + 1, "type": "Vector{Float64}"},          # JuliaSyntax's `+` of `.+`
            {"start": at(text, ".+"), "flags": ["in_macro"]},                    # flags only, then a type
            {"start": at(text, "y ="), "type": "NotAType{{", "flags": ["definition"]},
            {"start": at(text, "y\nend"), "type": "Any", "stability": "unstable"},
            {"start": 10_000, "type": "Int64"},                                  # outside the file: ignored
            {"type": "Int64"},                                                   # malformed: ignored
        ],
        "functions": [{"name": "f", "start": 0, "end": len(text) - 1, "return_type": "Union{Nothing, Int64}",
                       "stability": "union"}],
    }
    fl = labels_from_result(lx, result)
    assert (fl.lexemes.starts, fl.lexemes.ends, fl.lexemes.kinds) == (lx.starts, lx.ends, lx.kinds)
    i = index_of(lx, at(text, "f("))
    # Julia's printing, normalised by our printer (union members sorted) like the static backend's
    assert fl.types[i] == "Union{Int64, Nothing}" and fl.type_ids[i] == ID_OF["Union{T, Nothing}"]
    assert fl.concreteness[i] == schema.C_UNION and fl.stability[i] == schema.S_UNION
    assert fl.flags[i] == schema.F_DEFINITION
    i = index_of(lx, at(text, "x::"))
    assert (fl.types[i], fl.type_ids[i], fl.depth[i]) == ("Float64", ID_OF["Float64"], 4)
    assert fl.concreteness[i] == schema.C_CONCRETE and fl.stability[i] == schema.S_STABLE
    i = index_of(lx, at(text, "Float64"))
    assert fl.flags[i] == schema.F_TYPE_POSITION and fl.types[i] == "Float64"
    i = index_of(lx, at(text, ".+"))
    assert fl.types[i] == "Vector{Float64}" and fl.type_ids[i] == ID_OF["Vector{Float64}"]
    assert fl.flags[i] == schema.F_IN_MACRO
    i = index_of(lx, at(text, "y ="))
    assert fl.types[i] is None and fl.type_ids[i] == schema.TYPE_ID_UNKNOWN    # unreadable type: unknown
    assert fl.concreteness[i] == schema.C_UNKNOWN and fl.flags[i] == schema.F_DEFINITION
    i = index_of(lx, at(text, "y\nend"))
    assert (fl.types[i], fl.concreteness[i], fl.depth[i], fl.stability[i]) == \
        ("Any", schema.C_ABSTRACT, 0, schema.S_UNSTABLE)
    v = index_of(lx, at(text, "v)"))
    assert fl.types[v] is None and fl.type_ids[v] == schema.TYPE_ID_UNKNOWN    # said nothing: unknown
    assert fl.type_ids[index_of(lx, at(text, "("))] == schema.TYPE_ID_NA
    assert fl.functions == [{"name": "f", "start": 0, "end": len(text) - 1, "return_type": "Union{Int64, Nothing}",
                             "stability": schema.S_UNION}]


def test_the_files_own_types_are_known_through_decls():
    text = "p = Point(1.0)\nq = Shape\nr = Other\n"
    lx = lex(text)
    result = {"decls": ["abstract type Shape end", "struct Point{T<:Real} <: Shape end", "not a declaration"],
              "labels": [{"start": at(text, "p"), "type": "Point{Float64}"},
                         {"start": at(text, "q"), "type": "Shape"},
                         {"start": at(text, "r"), "type": "Other"}]}
    fl = labels_from_result(lx, result)
    p, q, r = (index_of(lx, at(text, n)) for n in ("p", "q", "r"))
    assert fl.types[p] == "Point{Float64}" and fl.concreteness[p] == schema.C_CONCRETE and fl.depth[p] == 2
    assert fl.type_ids[p] == bucket_id("Point")
    assert fl.concreteness[q] == schema.C_ABSTRACT and fl.depth[q] == 1
    assert fl.types[r] == "Other" and fl.concreteness[r] == schema.C_UNKNOWN and fl.depth[r] == -1


def test_lexical_defaults_regions_and_errors():
    text = "a = 1\nb = \"s\"\n@m c = 2\nd = (\n"
    lx = lex(text)
    result = {"ranges": [[at(text, "c ="), at(text, "2") + 1, ["in_macro"]], [5, 3, ["quoted"]], ["x"]],
              "errors": [[at(text, "d ="), len(text)]], "diagnostics": ["line 4: unexpected end"],
              "note": None}
    fl = labels_from_result(lx, result)
    one = index_of(lx, at(text, "1"))
    assert fl.types[one] == "Int64" and fl.stability[one] == schema.S_STABLE     # the literal default
    assert fl.types[index_of(lx, at(text, "s"))] == "String"
    for needle in ("c", "=", "2"):
        i = index_of(lx, at(text, needle, 3 if needle == "=" else 1))
        assert fl.flags[i] & schema.F_IN_MACRO
    ws = index_of(lx, at(text, "c =") + 1)
    assert lx.kinds[ws] == K["Whitespace"] and fl.flags[ws] == 0                  # trivia keep no flags
    d = index_of(lx, at(text, "d ="))
    assert fl.flags[d] & schema.F_SYNTAX_ERROR and fl.error_bytes == len(text) - at(text, "d =")
    assert fl.diagnostics == ["line 4: unexpected end"] and fl.note is None


def test_an_empty_answer_gives_the_same_lexical_labels_as_the_static_backend_without_a_parse():
    from juliatag.labels import map_labels

    text = "x = 1 + 2.0\ns = \"a $x\"\n"
    lx = lex(text)
    fl, ref = labels_from_result(lx, {}), map_labels(lx, None, [])
    for col in ("types", "type_ids", "concreteness", "depth", "stability", "flags"):
        assert getattr(fl, col) == getattr(ref, col), col
    assert fl.functions == [] and fl.error_bytes == 0
