"""Syntax-token kinds the interpreter reads as operators, and the tokens it skips."""

from __future__ import annotations

OPS = {
    "PLUS": "+", "MINUS": "-", "STAR": "*", "SLASH": "/", "CARET": "^", "BACKSLASH": "\\", "PERCENT": "%",
    "EQ_EQ": "==", "EQ_EQ_EQ": "===", "NOT_EQ": "!=", "NOT_EQ_EQ": "!==", "LT": "<", "GT": ">", "LE": "<=",
    "GE": ">=", "AMP": "&", "PIPE": "|", "SLASH_SLASH": "//", "SHL": "<<", "SHR": ">>", "USHR": ">>>",
    "PIPE_GT": "|>", "BANG": "!", "TILDE": "~", "DOT_DOT": "..", "SUBTYPE": "<:", "SUPERTYPE": ">:",
}
COMPOUND = {"PLUS_EQ": "+", "MINUS_EQ": "-", "STAR_EQ": "*", "SLASH_EQ": "/", "CARET_EQ": "^",
            "BACKSLASH_EQ": "\\", "PERCENT_EQ": "%", "SLASH_SLASH_EQ": "//", "AMP_EQ": "&", "PIPE_EQ": "|",
            "SHL_EQ": "<<", "SHR_EQ": ">>", "USHR_EQ": ">>>", "XOR_EQ": "⊻", "DIV_EQ": "÷"}
TRIVIAL = frozenset({"LPAREN", "RPAREN", "LBRACKET", "RBRACKET", "LBRACE", "RBRACE", "COMMA", "SEMICOLON"})


def returned_value(node):
    """The expression a `return` statement (RETURN_EXPR) returns; None for a bare `return`."""
    vals = [c for c in node.children if c.kind != "RETURN_KW" and c.kind not in TRIVIAL]
    return vals[0] if len(vals) == 1 else None


def macro_short_name(written: str) -> str:
    """The macro's own name, as written in a MACRO_NAME (`@test`, `Base.@kwdef`, `Test.@test`):
    `test`, `kwdef`; `@.` is `.`."""
    if written in ("@.", "."):
        return "."
    return written.rsplit(".", 1)[-1].lstrip("@")


def op_text(it, node) -> str:
    """The operator an operator token stands for (its text when it is not a named token kind)."""
    return OPS.get(node.kind) or it.text(node)

# operator tokens that can name a method being defined (`+(a, b) = ...`, `Base.:(:)(...)`): `!==`, `<:`
# and `>:` are syntax, not functions; `:` is a function
METHOD_OP_KINDS = (frozenset(OPS) - {"NOT_EQ_EQ", "SUBTYPE", "SUPERTYPE"}) | {"COLON"}
