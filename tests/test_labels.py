"""Label columns on snippets whose answers are known (DESIGN.md 'Lexemes and labels')."""

import pytest

from juliatag import schema
from juliatag.labels import label_source
from juliatag.syntax import get_parser
from juliatag.types import type_ids


@pytest.fixture(scope="module")
def parser():
    return get_parser("fatou")


def labeled(src: str, parser):
    data = src.encode()
    fl = label_source(data, parser)
    out = []
    for i in range(len(fl.lexemes)):
        s, e = fl.lexemes.starts[i], fl.lexemes.ends[i]
        out.append({"text": data[s:e].decode(), "kind": schema.KIND_NAMES[fl.lexemes.kinds[i]],
                    "type": fl.types[i], "id": fl.type_ids[i], "conc": schema.CONCRETENESS_NAMES[fl.concreteness[i]],
                    "depth": fl.depth[i], "stab": schema.STABILITY_NAMES[fl.stability[i]],
                    "flags": set(schema.flag_names(fl.flags[i]))})
    return out, fl


def find(rows, text, occurrence=1):
    hits = [r for r in rows if r["text"] == text]
    return hits[occurrence - 1]


def test_annotation_gives_type_position_and_no_type_on_punctuation(parser):
    rows, _ = labeled("f(x::Float64) = x\n", parser)
    colon = find(rows, "::")
    assert colon["type"] is None and colon["id"] == schema.TYPE_ID_NA and colon["depth"] == -1
    t = find(rows, "Float64")
    assert t["type"] == "Float64" and "type_position" in t["flags"] and t["depth"] == 4
    assert find(rows, "x")["flags"] >= {"definition"}


def test_literals(parser):
    rows, _ = labeled('a = 1; b = 1.0; c = 1f0; d = 0x1f; e = 0x01ff; f = \'z\'; g = "s"; h = :s; k = true; '
                      'm = nothing; n = 1//2; p = 2im\n', parser)
    want = {"a": "Int64", "b": "Float64", "c": "Float32", "d": "UInt8", "e": "UInt16", "f": "Char", "g": "String",
            "h": "Symbol", "k": "Bool", "m": "Nothing", "n": "Rational{Int64}", "p": "Complex{Int64}"}
    for name, typ in want.items():
        assert find(rows, name)["type"] == typ, name
    assert find(rows, "//")["type"] == "Rational{Int64}"
    assert find(rows, "im")["type"] == "Complex{Bool}"


def test_trivia_keywords_and_macro_names_have_no_type(parser):
    rows, _ = labeled("# comment\nfunction g(v)\n    @inbounds v[1]\nend\n", parser)
    for r in rows:
        if r["kind"] in ("Comment", "Whitespace", "NewlineWs", "function", "end", "@"):
            assert r["id"] == schema.TYPE_ID_NA and r["stab"] == "na" and r["conc"] == "na"
    assert find(rows, "inbounds")["id"] == schema.TYPE_ID_NA
    assert "in_macro" in find(rows, "v", 2)["flags"]


def test_unknown_is_honest(parser):
    rows, _ = labeled("h(x) = some_external_function(x)\n", parser)
    r = find(rows, "some_external_function")
    assert r["type"] is None and r["id"] == schema.TYPE_ID_UNKNOWN and r["conc"] == "unknown"
    assert find(rows, "x", 2)["id"] == schema.TYPE_ID_UNKNOWN  # an untyped argument has no known type


def test_undefined_names_are_flagged_only_when_certain(parser):
    rows, _ = labeled("f(x::Int) = x + not_defined_anywhere\n", parser)
    assert "undefined_name" in find(rows, "not_defined_anywhere")["flags"]
    rows, _ = labeled("using SomePackage\nf(x::Int) = x + maybe_exported\n", parser)
    assert "undefined_name" not in find(rows, "maybe_exported")["flags"]


def test_stability_and_diagnostic_flags(parser):
    src = """
scale = 3
struct Box
    item
    n::Real
end
function f(b::Box, x::Int)
    y = x * scale
    z = b.item
    return y
end
function g(n::Int)
    acc = 0
    for i in 1:n
        acc /= 2
    end
    return acc
end
function h(v::Vector{Int})
    c = 0
    inc = () -> (c += 1)
    inc()
    return c
end
"""
    rows, fl = labeled(src, parser)
    assert "nonconst_global" in find(rows, "scale", 2)["flags"]
    assert find(rows, "scale", 2)["type"] == "Any" and find(rows, "y")["stab"] == "unstable"
    assert "abstract_field" in find(rows, "item")["flags"] and "abstract_field" in find(rows, "n")["flags"]
    assert find(rows, "acc", 3)["type"] == "Union{Float64, Int64}" and find(rows, "acc")["stab"] == "union"
    assert "boxed_capture" in find(rows, "c")["flags"]
    verdicts = {f["name"]: schema.STABILITY_NAMES[f["stability"]] for f in fl.functions}
    assert verdicts == {"f": "unstable", "g": "union", "h": "unstable"}


def test_syntax_error_regions_are_flagged_with_unknown_types(parser):
    rows, fl = labeled("a = 1\nz = 1 ) 2\nb = 2.0\n", parser)
    assert fl.error_bytes > 0
    bad = [r for r in rows if "syntax_error" in r["flags"]]
    assert bad and all(r["id"] in (schema.TYPE_ID_NA, schema.TYPE_ID_UNKNOWN) for r in bad)
    assert find(rows, "b")["type"] == "Float64" and "syntax_error" not in find(rows, "b")["flags"]


def test_docstrings_are_flagged(parser):
    rows, _ = labeled('"""\n    f(x)\n\nDoubles.\n"""\nf(x::Int) = 2x\n', parser)
    chunks = [r for r in rows if r["kind"] == "String"]
    assert chunks and all("docstring" in r["flags"] for r in chunks)


def test_type_ids_buckets_for_user_types(parser):
    rows, _ = labeled("struct Particle\n    m::Float64\nend\np = Particle(1.0)\n", parser)
    p = find(rows, "p")
    assert p["type"] == "Particle" and p["id"] == type_ids.bucket_id("Particle") and p["conc"] == "concrete"


def test_deep_nesting_never_crashes(parser):
    for src in ["x = " + "(" * 20000 + "1" + ")" * 20000, "function f(x)\n" + "if x > 0\n" * 3000 + "end\n" * 3001,
                "y = " + " + ".join(["1"] * 3000), "z = x" + ".a" * 3000, "function g(x)\n y = x" + ".a" * 3000 + "\nend",
                "w = " + "!" * 3000 + "x"]:
        fl = label_source(src.encode(), parser)
        assert fl.lexemes.ends[-1] == len(src.encode())
