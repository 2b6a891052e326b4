"""Outputs that look like Base's but are not truth."""

from juliatag.truth.compare import package_registry
from juliatag.truth.outputs import printed_type
from juliatag.truth.trust import PackageTrust, input_skip


def _trust(decls, texts):
    reg = package_registry(decls)
    return reg, PackageTrust(reg, set(reg.decls), texts)


def test_custom_show_makes_a_summary_untrusted():
    reg, trust = _trust(["struct Grid <: AbstractVector{Int64}; n::Int64 end", "struct Plain; x::Int64 end"],
                        ["Base.summary(io::IO, g::Grid) = print(io, 2, \"-element Grid\")\n"])
    p = printed_type(["2-element Grid:"])
    assert trust.output_skip(p, reg.parse(p.type_text)) == "custom-show"
    p = printed_type(["1-element Vector{Plain}:"])
    assert trust.output_skip(p, reg.parse(p.type_text)) is None


def test_package_number_types_make_numbers_untrusted():
    reg, trust = _trust(["struct Meter <: Real; v::Float64 end"], [])
    for out in ("1.5", "2", "1//2", "0x01"):
        p = printed_type([out])
        assert trust.output_skip(p, reg.parse(p.type_text)) == "package-lookalike", out
    p = printed_type(['"s"'])
    assert trust.output_skip(p, reg.parse(p.type_text)) is None
    reg, trust = _trust(["struct Str3 <: AbstractString; x::UInt32 end"], [])
    p = printed_type(['"abc"'])
    assert trust.output_skip(p, reg.parse(p.type_text)) == "package-lookalike"


def test_input_rules():
    two = printed_type(["2"])
    assert input_skip("x = 1;", ["1"], two) == "no-output"
    assert input_skip("f(1)", [], None) == "no-output"
    assert input_skip("f(1)", ["ERROR: MethodError: no method"], None) == "error"
    assert input_skip("println(1)", ["1"], two) == "prints"
    assert input_skip("@time f(1)", ["2"], two) == "prints"
    assert input_skip('f("@time")', ["2"], two) is None          # inside a string: not a macro
    assert input_skip("@views a[1:2]", ["2"], two) is None
    assert input_skip("Int32(1) + Int32(1)", ["2"], two) == "other-width"
    assert input_skip("big(2.5)", ["2.5"], printed_type(["2.5"])) == "other-width"
    assert input_skip("x[1]", ["1"], two, before="x = Int32[1, 2]") == "other-width"  # named earlier
    assert input_skip("1 + 1", ["2"], two) is None


def test_summaries_base_never_prints_and_supertype_shows():
    reg, trust = _trust(["abstract type AbstractTable end", "struct Table <: AbstractTable; n::Int64 end",
                         "struct Rows <: AbstractVector{Int64}; n::Int64 end"],
                        ["function Base.show(io::IO, ::MIME\"text/plain\", t::AbstractTable)\n"])
    p = printed_type(["3×2 Table"])               # printed by the package: Table is no AbstractArray
    assert trust.output_skip(p, reg.parse(p.type_text)) == "not-a-base-form"
    assert printed_type(["Table with 2 entries:"]) is None
    p = printed_type(["Table"])                   # the type itself, shown through its supertype's method
    assert trust.output_skip(p, reg.parse(p.type_text)) == "custom-show"
    p = printed_type(["3-element Rows:"])
    assert trust.output_skip(p, reg.parse(p.type_text)) is None
