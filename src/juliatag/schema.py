"""The label schema: lexeme kinds, flag bits, concreteness and stability codes.

Everything here is written into every corpus manifest, so ids never change within a
schema version. Add kinds or flags only at the end, and bump SCHEMA_VERSION.
"""

from __future__ import annotations

SCHEMA_VERSION = "1.0"

# ---------------------------------------------------------------------------
# Lexeme kinds (uint8). Names follow JuliaSyntax's kind names where one exists.
# ---------------------------------------------------------------------------

TRIVIA_KINDS = ("Whitespace", "NewlineWs", "Comment")

KEYWORDS = (
    "baremodule", "begin", "break", "const", "continue", "do", "export", "for", "function",
    "global", "if", "import", "let", "local", "macro", "module", "quote", "return", "struct",
    "try", "using", "while", "catch", "finally", "else", "elseif", "end",
    # contextual keywords (only when the context makes them keywords)
    "abstract", "as", "mutable", "outer", "primitive", "public", "type", "var", "where",
)

LITERAL_KINDS = (
    "Bool", "Integer", "BinInt", "OctInt", "HexInt", "Float", "Float32", "Char", "String",
    "CmdString",
)

DELIMITERS = ("@", ",", ";", "[", "]", "{", "}", "(", ")", '"', '"""', "`", "```")

# Operators that get a kind of their own. Anything else is "Operator" (undotted) or
# "DottedOperator" (a broadcast form such as `.⊗`).
OPERATORS = (
    "=", ":=", "~", "+=", "-=", "*=", "/=", "//=", "\\=", "^=", "÷=", "%=", "<<=", ">>=",
    ">>>=", "|=", "&=", "⊻=", "=>", "?", "->", "-->", "||", "&&", "<:", ">:", "==", "===",
    "!=", "!==", "<", ">", "<=", ">=", "in", "isa", "|>", "<|", ":", "..", "...", "+", "-",
    "*", "/", "\\", "^", "%", "//", "<<", ">>", ">>>", "&", "|", "!", "'", ".'", "::", ".",
    "$", "++",
    "÷", "≤", "≥", "≠", "≡", "≢", "∈", "∉", "∋", "⊻", "∘", "√", "∛", "⋅", "×", "≈", "∪", "∩",
    "⊆", "⊂", "⊇", "⊃", "±", "∓", "⊗", "⊕", "←", "→", "↦", "∧", "∨", "¬", "…",
    ".=", ".+", ".-", ".*", "./", ".^", ".\\", ".//", ".%", ".==", ".!=", ".<", ".>", ".<=",
    ".>=", ".===", ".!==", ".&", ".|", ".&&", ".||", ".!", ".÷", ".|>", ".+=", ".-=", ".*=",
    "./=", ".^=", ".=>", ".≤", ".≥", ".≠", ".∈", ".⋅", ".×", ".~",
)

OTHER_KINDS = (
    "Identifier", "Operator", "DottedOperator", "ErrorUnknownCharacter",
    "ErrorInvalidNumericConstant", "ErrorEofMultiComment",
)

KIND_NAMES: tuple[str, ...] = (
    ("None",) + TRIVIA_KINDS + ("Identifier",) + KEYWORDS + LITERAL_KINDS + DELIMITERS
    + OPERATORS + tuple(k for k in OTHER_KINDS if k != "Identifier")
)
assert len(KIND_NAMES) == len(set(KIND_NAMES)), "duplicate kind name"
assert len(KIND_NAMES) <= 256, "kinds must fit in uint8"

KIND_ID: dict[str, int] = {name: i for i, name in enumerate(KIND_NAMES)}

K_NONE = KIND_ID["None"]
K_WHITESPACE = KIND_ID["Whitespace"]
K_NEWLINE = KIND_ID["NewlineWs"]
K_COMMENT = KIND_ID["Comment"]
K_IDENTIFIER = KIND_ID["Identifier"]
TRIVIA_IDS = frozenset(KIND_ID[k] for k in TRIVIA_KINDS)
KEYWORD_IDS = frozenset(KIND_ID[k] for k in KEYWORDS)
LITERAL_IDS = frozenset(KIND_ID[k] for k in LITERAL_KINDS)
NUMBER_IDS = frozenset(KIND_ID[k] for k in ("Integer", "BinInt", "OctInt", "HexInt", "Float", "Float32"))
OPERATOR_IDS = frozenset(KIND_ID[k] for k in OPERATORS) | {KIND_ID["Operator"], KIND_ID["DottedOperator"]}
ERROR_IDS = frozenset(KIND_ID[k] for k in OTHER_KINDS if k.startswith("Error"))


def kind_name(kind_id: int) -> str:
    return KIND_NAMES[kind_id]


# ---------------------------------------------------------------------------
# Flag bits (uint16)
# ---------------------------------------------------------------------------

FLAG_NAMES: tuple[str, ...] = (
    "syntax_error",          # bit 0: inside a region the parser could not read
    "undefined_name",        # bit 1: a name with no visible definition
    "definition",            # bit 2: the lexeme defines the name (function, struct, field, argument, binding)
    "type_position",         # bit 3: an identifier used as a type (`x::T`, `struct T`, `T{...}` in a signature)
    "abstract_field",        # bit 4: a field or element type that is abstract (`x::Real`, `Vector{Any}`)
    "nonconst_global",       # bit 5: a read of a non-const global inside a function
    "boxed_capture",         # bit 6: a captured variable that is reassigned (Core.Box)
    "in_macro",              # bit 7: inside a macro call's arguments
    "docstring",             # bit 8: part of a docstring
    "quoted",                # bit 9: inside quoted code (`quote ... end`, `:(...)`): code as data
)
FLAG_BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(FLAG_NAMES)}
F_SYNTAX_ERROR = FLAG_BIT["syntax_error"]
F_UNDEFINED = FLAG_BIT["undefined_name"]
F_DEFINITION = FLAG_BIT["definition"]
F_TYPE_POSITION = FLAG_BIT["type_position"]
F_ABSTRACT_FIELD = FLAG_BIT["abstract_field"]
F_NONCONST_GLOBAL = FLAG_BIT["nonconst_global"]
F_BOXED = FLAG_BIT["boxed_capture"]
F_IN_MACRO = FLAG_BIT["in_macro"]
F_DOCSTRING = FLAG_BIT["docstring"]
F_QUOTED = FLAG_BIT["quoted"]


def flag_names(flags: int) -> list[str]:
    return [name for i, name in enumerate(FLAG_NAMES) if flags >> i & 1]


# ---------------------------------------------------------------------------
# Concreteness (int8) and stability (int8)
# ---------------------------------------------------------------------------

CONCRETENESS_NAMES = ("na", "concrete", "abstract", "union", "unknown")
C_NA, C_CONCRETE, C_ABSTRACT, C_UNION, C_UNKNOWN = range(5)

STABILITY_NAMES = ("na", "stable", "union", "unstable")
S_NA, S_STABLE, S_UNION, S_UNSTABLE = range(4)

# type ids (int16): 0 = not applicable, 1 = unknown, 2..127 fixed, 128..1151 buckets
TYPE_ID_NA = 0
TYPE_ID_UNKNOWN = 1
N_FIXED_TYPE_IDS = 128
N_TYPE_BUCKETS = 1024
N_TYPE_IDS = N_FIXED_TYPE_IDS + N_TYPE_BUCKETS

DEPTH_NA = -1
MAX_DEPTH = 7


def schema_tables() -> dict:
    """The id tables written into manifests."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kinds": list(KIND_NAMES),
        "trivia_kinds": list(TRIVIA_KINDS),
        "flags": {name: i for i, name in enumerate(FLAG_NAMES)},
        "concreteness": list(CONCRETENESS_NAMES),
        "stability": list(STABILITY_NAMES),
        "depth": {"na": DEPTH_NA, "max": MAX_DEPTH},
    }
