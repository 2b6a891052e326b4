"""Issue 14 item 3: the package summary (run in the main process while planning, with no time
limit) is linear in its input. Each attack is run in a child process with a hard timeout; before
the fix `@a\\n` x 100,000 took minutes (cubic) and a struct field line with 1,000 blanks 13 s."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from juliatag.infer.package import summarize_package

N = 200_000
ATTACKS = {
    "macro lines": "'@a\\n' * N",
    "macro lines then const": "'@a\\n' * N + 'const x = 1\\n'",
    "macro lines then call": "'@a\\n' * N + 'f(x) = 1\\n'",
    "const type blanks": "'const x::a' + ' ' * N + 'b\\n'",
    "struct field blanks": "'struct A\\nx::a' + ' ' * N + 'b\\nend\\n'",
    "abstract blanks": "'abstract type A' + ' ' * N + 'x\\n'",
    "primitive blanks": "'primitive type A' + ' ' * N + '8 x\\n'",
    "struct lines": "'struct A\\n' * (N // 4)",
    "one line of macros": "'@a ' * N",
    "enum blocks": "'@enum E begin\\n' * (N // 4)",
    "enum line blanks": "'@enum E a' + ' ' * N + 'b\\n'",
    "operator run": "'+' * N + '(x) = 1\\n'",
    "operator lines": "'Base.:+(\\n' * (N // 4)",
    "operator function blanks": "'function Base.:(==)' + ' ' * N + 'x\\n'",
    "struct heads left open": "'struct A{\\n' * (N // 4)",
    "abstract heads left open": "'abstract type A <:\\n' * (N // 4)",
    "triple quotes": "'\"' * 3 * N",
    "struct lines in one docstring": "'\"' * 3 + '\\nstruct A\\n' * (N // 4)",
    "character quotes": "\"'\" * N",
    "unterminated string": "'\"\"\"' + 'struct A end\\n' + '\"a\\\\' * N",
    "nested block comments": "'#=' * N",
    "traitimpl blanks": "'@traitimpl A{' + 'x' * N + '\\n' + '@traitimpl A{x} <' + ' ' * N + '\\n'",
}
LIMIT_S = 60  # each attack takes well under a second here; the quadratic code took minutes or days


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_summary_is_fast_on_hostile_text(name):
    code = textwrap.dedent(f"""
        import time
        from juliatag.infer.package import summarize_package
        N = {N}
        text = {ATTACKS[name]}
        t = time.perf_counter()
        summarize_package("P", [text])
        print(time.perf_counter() - t)
    """)
    try:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=LIMIT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: the package summary of a {N:,}-unit text took over {LIMIT_S} s")
    assert r.returncode == 0, r.stderr
    assert float(r.stdout) < LIMIT_S / 2


def test_summary_results_unchanged_on_ordinary_declarations():
    text = textwrap.dedent("""\
        @inline function f(x) x end
        Base.@kwdef struct S{T} <: AbstractS
            x::Int = 1
            y::Vector{T}
            const z
            w  # a comment
        end
        abstract type AbstractS end
        primitive type P8 <: Integer 8 end
        const LIMIT::Int = 3
        const RATE = 0.5
        const NAME = "n"
        const Alias = Vector{Int}
        @static const FLAG = true
        g(x)::Int = 2
        @enum Color red green
        """)
    s = summarize_package("P", [text])
    assert s.decl_lines == ("struct S{T} <: AbstractS; x::Int; y::Vector{T}; z; w end",
                            "abstract type AbstractS end", "primitive type P8 <: Integer 8 end",
                            "primitive type Color <: Enum{Int32} end")
    # `const z` in a struct reads as a package constant (as before); its type is unknown. An enum's
    # values are constants of the enum type (issue 16)
    assert dict(s.consts) == {"LIMIT": "Int", "RATE": "Float64", "NAME": "String", "FLAG": "Bool", "z": "",
                              "red": "Color", "green": "Color"}
    assert dict(s.aliases) == {"Alias": "Vector{Int}"}
    assert set(s.functions) == {"f", "g"} and {"Color", "red", "green"} <= set(s.names)


def test_macro_on_the_line_before_a_declaration():
    s = summarize_package("P", ["@a\nprimitive type P 8 end\n@b\nconst K = 1\n@c\n@enum E e1\n"])
    assert s.decl_lines == ("primitive type P 8 end", "primitive type E <: Enum{Int32} end")
    assert dict(s.consts) == {"K": "Int64", "e1": "E"}
    assert {"E", "e1"} <= set(s.names)
