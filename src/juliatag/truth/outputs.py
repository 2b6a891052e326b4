"""Printed REPL output -> the Julia type it fixes, for the forms Base prints itself.

Only these forms are read (anything else is not truth):

| printed output (first line)                         | type                                        |
|-----------------------------------------------------|---------------------------------------------|
| `3-element Vector{Float64}:`, `2×2 Matrix{Int64}:`   | the type in the summary                     |
| `0-element Vector{Int64}`, `... with 2 stored entries:` | the type in the summary                  |
| `Dict{String, Int64} with 2 entries:`, `Set{Int64}()` | the type in the summary                    |
| `2`, `-3`                                           | Int64                                       |
| `2.5`, `1.0e-5`, `Inf`, `NaN`                       | Float64                                     |
| `2.5f0`, `Inf32`, `NaN32`; `Float16(2.5)`           | Float32; Float16                            |
| `"abc"`; `'a': ASCII/Unicode U+0061 (...)`; `:sym`  | String; Char; Symbol                        |
| `1//2`; `1 + 2im`; `1.0 + 2.0im`                    | Rational{Int64}; Complex{Int64}; Complex{Float64} |
| `0x01`, `0x0001`, ... (2/4/8/16/32 hex digits)      | UInt8, UInt16, UInt32, UInt64, UInt128      |
| `1:3`; `1:2:5`; `0.0:0.5:1.0`; `'a':1:'c'`; `Base.OneTo(3)` | UnitRange{Int64}; StepRange{Int64, Int64}; StepRangeLen{Float64, ...}; StepRange{Char, Int64}; Base.OneTo{Int64} |
| `true`, `false`; `missing`; `nothing`               | Bool; Missing; Nothing                      |
| `Float64`, `Vector{Int64} (alias for Array{Int64, 1})` | Type{...} of that type                   |

Summaries whose "type" is a call (`view(::Vector{Int64}, 1:2)`, `adjoint(...)`,
`OffsetArray(...)`) are not types and are skipped. Which of these a package can fake with its own
`show` is decided in `trust.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# families: which printed form it is, so trust rules can refuse a family for a package
F_ARRAY, F_DICT, F_INT, F_FLOAT, F_STRING, F_CHAR, F_SYMBOL, F_RATIONAL, F_COMPLEX, F_UNSIGNED, F_RANGE, \
    F_BOOL, F_MISSING, F_NOTHING, F_TYPE = ("array", "dict", "int", "float", "string", "char", "symbol",
                                            "rational", "complex", "unsigned", "range", "bool", "missing",
                                            "nothing", "type")

INT64_MAX = (1 << 63) - 1
_TWICE = "StepRangeLen{Float64, Base.TwicePrecision{Float64}, Base.TwicePrecision{Float64}, Int64}"
_INT = r"-?\d+"
_FLOAT = r"-?(?:\d+\.\d+(?:e[+-]?\d+)?|\d+e[+-]?\d+|Inf|NaN)"
_FLOAT32 = r"-?(?:\d+\.\d+f[+-]?\d+|Inf32|NaN32)"

_ARRAY_RE = re.compile(r"^(?:\d+-element|\d+(?:×\d+)+) (?P<type>.+?)(?::| with \d+ stored entr(?:y|ies):?|)$")
_DICT_RE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*\{.*\}) with \d+ (?:entry|entries|element|elements):$")
_EMPTY_RE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*\{.*\})\(\)$")
_CHAR_RE = re.compile(r"^'(?:[^'\\]|\\.+)': (?:ASCII/)?Unicode U\+[0-9A-F]{4,6} \(.*\)$")
_STRING_RE = re.compile(r'^"(?:[^"\\$]|\\.)*"$')
_SYMBOL_RE = re.compile(r"^:[A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*$")
_HEX_RE = re.compile(r"^0x([0-9a-f]+)$")
_HEX_TYPES = {2: "UInt8", 4: "UInt16", 8: "UInt32", 16: "UInt64", 32: "UInt128"}
_COMPLEX_INT_RE = re.compile(rf"^{_INT} [+-] \d+im$")
_COMPLEX_FLOAT_RE = re.compile(rf"^{_FLOAT} [+-] (?:\d+\.\d+(?:e[+-]?\d+)?|Inf|NaN)im$")
_COMPLEX_F32_RE = re.compile(rf"^{_FLOAT32} [+-] (?:\d+\.\d+f[+-]?\d+|Inf32|NaN32)im$")
_ALIAS_RE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*(?:\{.*\})?) \(alias for (?P<target>.+)\)$")
_TYPE_NAME_RE = re.compile(r"^[A-Za-z_][\w.]*(?:\{.*\})?$")
_SCALARS = [
    (re.compile(rf"^{_INT}$"), "Int64", F_INT),
    (re.compile(rf"^{_FLOAT}$"), "Float64", F_FLOAT),
    (re.compile(rf"^{_FLOAT32}$"), "Float32", F_FLOAT),
    (re.compile(r"^Float16\(-?(?:\d+\.\d+(?:e[+-]?\d+)?|Inf|NaN)\)$"), "Float16", F_FLOAT),
    (re.compile(rf"^{_INT}//\d+$"), "Rational{Int64}", F_RATIONAL),
    (re.compile(rf"^{_INT}:{_INT}$"), "UnitRange{Int64}", F_RANGE),
    (re.compile(rf"^{_INT}:{_INT}:{_INT}$"), "StepRange{Int64, Int64}", F_RANGE),
    (re.compile(rf"^{_FLOAT}:{_FLOAT}:{_FLOAT}$"), _TWICE, F_RANGE),
    (re.compile(r"^'\S':-?\d+:'\S'$"), "StepRange{Char, Int64}", F_RANGE),
    (re.compile(r"^Base\.OneTo\(\d+\)$"), "Base.OneTo{Int64}", F_RANGE),
    (re.compile(r"^(?:true|false)$"), "Bool", F_BOOL),
    (re.compile(r"^missing$"), "Missing", F_MISSING),
    (re.compile(r"^nothing$"), "Nothing", F_NOTHING),
]


@dataclass(frozen=True)
class PrintedType:
    type_text: str      # Julia type syntax, to be parsed by the type registry
    family: str         # one of the F_* names above
    is_type_value: bool = False  # the output is a type itself: the value's type is Type{type_text}


def _bracket_balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _type_text_ok(text: str) -> bool:
    """A printed type, not a call (`view(::Vector{Int64}, 1:2)`) or a phrase."""
    return bool(_TYPE_NAME_RE.match(text)) and "(" not in text and " with " not in text and _bracket_balanced(text)


def printed_type(lines: list[str]) -> PrintedType | None:
    """The type fixed by a REPL output (its lines, trailing blank lines removed), or None."""
    if not lines:
        return None
    first = lines[0].rstrip()
    if not first or first != first.lstrip():
        return None
    m = _ARRAY_RE.match(first)
    if m:
        t = m.group("type")
        return PrintedType(t, F_ARRAY) if _type_text_ok(t) else None
    m = _DICT_RE.match(first)
    if m:
        t = m.group("type")
        return PrintedType(t, F_DICT) if _type_text_ok(t) else None
    if len(lines) != 1:
        return None
    m = _EMPTY_RE.match(first)
    if m:
        t = m.group("type")
        return PrintedType(t, F_DICT) if _type_text_ok(t) else None
    for rx, t, family in _SCALARS:
        if rx.match(first):
            if family == F_INT and abs(int(first)) > INT64_MAX:
                return None  # printed as Int128 or BigInt
            return PrintedType(t, family)
    if _STRING_RE.match(first):
        return PrintedType("String", F_STRING)
    if _CHAR_RE.match(first):
        return PrintedType("Char", F_CHAR)
    if _SYMBOL_RE.match(first) and first not in (":nothing",):
        return PrintedType("Symbol", F_SYMBOL)
    m = _HEX_RE.match(first)
    if m:
        t = _HEX_TYPES.get(len(m.group(1)))
        return PrintedType(t, F_UNSIGNED) if t else None
    if _COMPLEX_INT_RE.match(first):
        return PrintedType("Complex{Int64}", F_COMPLEX)
    if _COMPLEX_F32_RE.match(first):
        return PrintedType("Complex{Float32}", F_COMPLEX)
    if _COMPLEX_FLOAT_RE.match(first):
        return PrintedType("Complex{Float64}", F_COMPLEX)
    m = _ALIAS_RE.match(first)
    if m and _type_text_ok(m.group("type")):
        return PrintedType(m.group("type"), F_TYPE, is_type_value=True)
    if _type_text_ok(first) and first[:1].isupper():
        return PrintedType(first, F_TYPE, is_type_value=True)
    return None
