"""Julia lexer: cuts source text into lexemes the way JuliaSyntax's tokenizer does.

The lexemes tile the text exactly (every byte belongs to exactly one lexeme) for any input,
valid Julia or not. Offsets are byte offsets into the UTF-8 encoding.

Differences from JuliaSyntax that are deliberate (see DESIGN.md): every multi-character
operator is one lexeme, including broadcast forms (`.+`, `.=`, `.*=`), which JuliaSyntax's
tokenizer splits into `.` and the operator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import schema
from .data import read_text

K = schema.KIND_ID

# whitespace characters other than newline (JuliaSyntax's iswhitespace, less '\n')
_WS_CHARS = " \t\f\v\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS_RE = re.compile(f"[{_WS_CHARS}]*(?:\\n[{_WS_CHARS}]*)?|\\n[{_WS_CHARS}]*")

# operator suffix characters (sub/superscripts, primes) accepted after most operators
_OP_SUFFIX = (
    "²³¹ʰʲʳʷʸˡˢˣᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁᵂᵃᵇᵈᵉᵍᵏᵐᵒᵖᵗᵘᵛᵝᵞᵟᵠᵡᵢᵣᵤᵥᵦᵧᵨᵩᵪᶜᶠᶥᶦᶫᶰᶸᶻᶿ′″‴‵‶‷⁗⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ"
    "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜⱼⱽꜛꜜꜝ"
)
# operators that take no suffix (JuliaSyntax's optakessuffix)
_NO_SUFFIX = {"...", "?", "<:", ">:", "&&", "||", "≔", "⩴", ":", "..", "$", "::", ".", "!", ".'",
              "->", "¬", "√", "∛", "∜", "'"}
_ASSIGN_OPS = ("+=", "-=", "−=", "*=", "/=", "//=", "\\=", "^=", "÷=", "%=", "<<=", ">>=", ">>>=",
               "|=", "&=", "⊻=", "=")
# operators that cannot be dotted
_UNDOTTABLE = {"?", "$", ":", "'", ".'", "::", ".", "..", "...", "->", "&&", "||", ":=", "<:", ">:",
               "=>", "-->", "<--", "<-->", "~"}
# '−' (U+2212 minus) is an alias of '-', middle dots are aliases of '⋅'
_OP_ALIASES = ("−", "\u00b7", "\u0387")

_NUMBER_RE = re.compile(
    r"""
    (?P<hexfloat>0x(?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?(?:\.[0-9a-fA-F](?:_?[0-9a-fA-F])*|\.)?[pP][+-]?[0-9]+)
  | (?P<hex>0x[0-9a-fA-F](?:_?[0-9a-fA-F])*)
  | (?P<bin>0b[01](?:_?[01])*)
  | (?P<oct>0o[0-7](?:_?[0-7])*)
  | (?P<dec>
        (?:[0-9](?:_?[0-9])*(?:\.(?![.0-9a-zA-Z_])|\.[0-9](?:_?[0-9])*)?|\.[0-9](?:_?[0-9])*)
        (?:(?P<exp>[eEf])[+-]?[0-9]+)?
    )
    """,
    re.X,
)
_BAD_NUMBER_TAIL = re.compile(r"[0-9a-zA-Z_]")
_CHAR_BODY_RE = re.compile(r"\\(?:u\{?[0-9a-fA-F]{1,6}\}?|U[0-9a-fA-F]{1,8}|x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)|[^\\\n]",
                           re.S)


@lru_cache(maxsize=1)
def _operator_tables():
    text = read_text("operators.txt")
    ops = {line for line in text.splitlines() if line and not line.startswith("#")}
    ops.update(_ASSIGN_OPS)
    ops.update(_OP_ALIASES)
    ops.update({":=", "++"})
    ops.discard("'")  # handled by the prime/char rule
    dotted = {"." + op for op in ops if op not in _UNDOTTABLE and not op.startswith(".")}
    dotted.add(".=")
    everything = sorted(ops | dotted, key=lambda s: (-len(s), s))
    op_re = re.compile("|".join(re.escape(o) for o in everything))
    op_chars = {o[0] for o in ops if not o.isascii()} | set(_OP_ALIASES)
    return op_re, frozenset(op_chars)


@lru_cache(maxsize=1)
def _code_regexes():
    op_re, op_chars = _operator_tables()
    excluded = re.escape("".join(sorted(op_chars))) + _WS_CHARS + "\u200b-\u200f\u2060\u2061\u00ad"
    # identifier start: ASCII letter or underscore, or any non-ASCII char that is not an operator,
    # whitespace, or a never-identifier char. Continuation also allows digits, '!' (not before '=').
    other = f"[^\\x00-\\x7f{excluded}\\u27e6-\\u27ef\\u3008-\\u3011\\u3014-\\u301b\\uff08\\uff09\\uff3b\\uff3d]"
    ident = f"(?:[A-Za-z_]|{other})(?:[A-Za-z0-9_]|!(?!=)|{other})*"
    # the common case in one match: whitespace run, identifier, or ASCII punctuation/operator
    fast = re.compile(f"(?P<ws>[ \\t]+(?:\\n[ \\t]*)?|\\n[ \\t]*)|(?P<id>{ident})")
    return op_re, re.compile(ident), op_chars, fast


@dataclass(slots=True)
class Lexemes:
    """Lexemes of one file as parallel lists: byte offsets [start, end) and kind ids."""

    starts: list[int]
    ends: list[int]
    kinds: list[int]

    def __len__(self) -> int:
        return len(self.kinds)


K_WS = K["Whitespace"]
K_NEWLINE = K["NewlineWs"]
K_ID = K["Identifier"]
_FAST_START = frozenset(" \t\nabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_WS_TAIL = frozenset("\r\f\v\u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | frozenset(
    chr(c) for c in range(0x2000, 0x200B))
_CONTEXTUAL = frozenset({"abstract", "primitive", "mutable", "type", "var", "outer", "as", "public"})
_PRIME_AFTER = frozenset(
    [K["Identifier"], K["."], K[")"], K["]"], K["}"], K["'"], K["end"], K["in"], K["isa"]]
    + [K[k] for k in ("abstract", "as", "mutable", "outer", "primitive", "public", "type", "var")]
    + [K[k] for k in schema.LITERAL_KINDS]
    + [K['"'], K['"""'], K["`"], K["```"]]
)
_RAW_STRING_AFTER = frozenset(
    [K["Identifier"], K["in"], K["isa"]]
    + [K[k] for k in ("abstract", "as", "mutable", "outer", "primitive", "public", "type", "var")]
)
_HARD_KEYWORDS = frozenset(
    ("baremodule", "begin", "break", "const", "continue", "do", "export", "for", "function", "global",
     "if", "import", "let", "local", "macro", "module", "quote", "return", "struct", "try", "using",
     "while", "catch", "finally", "else", "elseif", "end", "where")
)
_WORD_KINDS = {**{w: K[w] for w in _HARD_KEYWORDS}, "true": K["Bool"], "false": K["Bool"], "in": K["in"],
               "isa": K["isa"]}
_SIMPLE_PUNCT = {",": K[","], ";": K[";"], "[": K["["], "]": K["]"], "{": K["{"], "}": K["}"],
                 "@": K["@"]}


class _Lexer:
    def __init__(self, text: str):
        self.text = text
        self.n = len(text)
        self.starts: list[int] = []
        self.kinds: list[int] = []
        self.op_re, self.ident_re, self.op_chars, self.fast_re = _code_regexes()
        # stack of string states: [delim, triple, raw, paren_depth]; code mode when empty
        self.strings: list[list] = []
        self.last = K["None"]

    def emit(self, start: int, kind: int) -> None:
        self.starts.append(start)
        self.kinds.append(kind)
        self.last = kind

    def run(self) -> tuple[list[int], list[int]]:
        n = self.n
        pos = 0
        while pos < n:
            if self.strings:
                state = self.strings[-1]
                if state[3] > 0:  # inside $( ... ) of a string
                    pos = self.code_token(pos, state)
                else:
                    pos = self.string_token(pos, state)
            else:
                pos = self.code_token(pos, None)
        return self.starts, self.kinds

    # ------------------------------------------------------------------ code
    def code_token(self, pos: int, interp) -> int:
        text = self.text
        c = text[pos]
        if c in _FAST_START:
            m = self.fast_re.match(text, pos)
            if m is not None:
                end = m.end()
                if m.lastgroup == "ws":
                    if end < self.n and (text[end] in _WS_TAIL):
                        pass  # unusual whitespace follows: take the general path below
                    else:
                        self.starts.append(pos)
                        kind = K_NEWLINE if "\n" in m.group() else K_WS
                        self.kinds.append(kind)
                        self.last = kind
                        return end
                else:
                    w = m.group()
                    if w not in _CONTEXTUAL and not (end < self.n and text[end] == '"'):
                        kind = _WORD_KINDS.get(w, K_ID)
                        self.starts.append(pos)
                        self.kinds.append(kind)
                        self.last = kind
                        return end
                    return self.word(pos, end)
        if c == "\n" or c in " \t\r\f\v" or (c > "\x7f" and re.match(f"[{_WS_CHARS}]", c)):
            end = _WS_RE.match(text, pos).end()
            self.emit(pos, K["NewlineWs"] if "\n" in text[pos:end] else K["Whitespace"])
            return end
        if c == "#":
            return self.comment(pos)
        if c == '"':
            return self.open_string(pos, '"')
        if c == "`":
            return self.open_string(pos, "`")
        if c == "'":
            if self.last in _PRIME_AFTER:
                self.emit(pos, K["'"])
                return pos + 1
            return self.char_literal(pos)
        if c in "()":
            if interp is not None:
                interp[3] += 1 if c == "(" else -1
            self.emit(pos, K[c])
            return pos + 1
        kind = _SIMPLE_PUNCT.get(c)
        if kind is not None:
            self.emit(pos, kind)
            return pos + 1
        if c.isdigit() or (c == "." and pos + 1 < self.n and text[pos + 1].isdigit()
                           and self.last not in (K["Identifier"], K[")"], K["]"], K["}"])):
            return self.number(pos)
        m = self.ident_re.match(text, pos)
        if m is not None:
            return self.word(pos, m.end())
        m = self.op_re.match(text, pos)
        if m is not None:
            op = m.group()
            end = m.end()
            base = op[1:] if op.startswith(".") and len(op) > 1 and op not in ("..", "...", ".'") else op
            if base not in _NO_SUFFIX and base not in _ASSIGN_OPS:
                while end < self.n and text[end] in _OP_SUFFIX:
                    end += 1
            if op == "−":
                op = "-"
            elif op in ("\u00b7", "\u0387"):
                op = "⋅"
            kind = K.get(op)
            if kind is None:
                kind = K["DottedOperator"] if base is not op else K["Operator"]
            self.emit(pos, kind)
            return end
        self.emit(pos, K["ErrorUnknownCharacter"])
        return pos + 1

    def word(self, pos: int, end: int) -> int:
        text = self.text
        w = text[pos:end]
        if w in _HARD_KEYWORDS:
            kind = K[w]
        elif w == "true" or w == "false":
            kind = K["Bool"]
        elif w == "in" or w == "isa":
            kind = K[w]
        elif w in ("abstract", "primitive"):
            kind = K[w] if re.match(r"[ \t]+type\b", text[end:end + 16]) else K["Identifier"]
        elif w == "mutable":
            kind = K[w] if re.match(r"[ \t]+struct\b", text[end:end + 16]) else K["Identifier"]
        elif w == "type":
            kind = K[w] if self.last == K["Whitespace"] and self._prev_word() in ("abstract", "primitive") \
                else K["Identifier"]
        elif w == "var":
            kind = K[w] if end < self.n and text[end] == '"' else K["Identifier"]
        elif w == "outer":
            kind = K[w] if self.last == K["Whitespace"] and self._prev_word() == "for" else K["Identifier"]
        elif w == "as":
            kind = K[w] if self.last == K["Whitespace"] and self._in_import_line(pos) else K["Identifier"]
        elif w == "public":
            kind = K[w] if self._at_statement_start(pos) and re.match(r"[ \t]+[A-Za-z_@]", text[end:end + 4]) \
                else K["Identifier"]
        else:
            kind = K["Identifier"]
        self.emit(pos, kind)
        return end

    def _prev_word(self) -> str:
        # the word lexeme before the trailing whitespace lexeme
        if len(self.starts) < 2:
            return ""
        s = self.starts[-2]
        return self.text[s:self.starts[-1]]

    def _in_import_line(self, pos: int) -> bool:
        line_start = self.text.rfind("\n", 0, pos) + 1
        head = self.text[line_start:pos].lstrip()
        return head.startswith(("import ", "using ", "export "))

    def _at_statement_start(self, pos: int) -> bool:
        line_start = self.text.rfind("\n", 0, pos) + 1
        return self.text[line_start:pos].strip() == "" and not self.strings

    def number(self, pos: int) -> int:
        m = _NUMBER_RE.match(self.text, pos)
        if m is None:  # cannot happen: called on a digit or .digit
            self.emit(pos, K["ErrorInvalidNumericConstant"])
            return pos + 1
        end = m.end()
        group = m.lastgroup
        if group == "hexfloat":
            kind = K["Float"]
        elif group == "hex":
            kind = K["HexInt"]
        elif group == "bin":
            kind = K["BinInt"]
        elif group == "oct":
            kind = K["OctInt"]
        else:
            s = m.group()
            if m.group("exp") == "f":
                kind = K["Float32"]
            elif "." in s or m.group("exp"):
                kind = K["Float"]
            else:
                kind = K["Integer"]
        if group in ("hex", "bin", "oct") and end < self.n and _BAD_NUMBER_TAIL.match(self.text, end):
            # `0b123`, `0xenomorph`: invalid numeric constant up to the end of the word
            while end < self.n and _BAD_NUMBER_TAIL.match(self.text, end):
                end += 1
            kind = K["ErrorInvalidNumericConstant"]
        self.emit(pos, kind)
        return end

    def comment(self, pos: int) -> int:
        text = self.text
        if pos + 1 < self.n and text[pos + 1] == "=":
            depth, i = 1, pos + 2
            while depth and i < self.n:
                j = text.find("=#", i)
                k = text.find("#=", i)
                if j < 0:
                    i = self.n
                    break
                if 0 <= k < j:
                    depth += 1
                    i = k + 2
                else:
                    depth -= 1
                    i = j + 2
            self.emit(pos, K["Comment"] if depth == 0 else K["ErrorEofMultiComment"])
            return i
        end = text.find("\n", pos)
        if end < 0:
            end = self.n
        elif end > pos and text[end - 1] == "\r":
            end -= 1
        self.emit(pos, K["Comment"])
        return end

    def char_literal(self, pos: int) -> int:
        text = self.text
        self.emit(pos, K["'"])
        i = pos + 1
        if i >= self.n:
            return i
        # `'''` is the char literal for a single quote
        if text.startswith("''", i):
            self.emit(i, K["Char"])
            self.emit(i + 1, K["'"])
            return i + 2
        m = _CHAR_BODY_RE.match(text, i)
        if m is None:  # newline right after the quote: an unterminated char
            return i
        end = m.end()
        # a multi-codepoint "char" (invalid, but lexed as one Char up to the closing quote)
        close = text.find("'", end)
        nl = text.find("\n", end)
        if close >= 0 and (nl < 0 or close < nl) and close - end <= 8 and text[end] != "'":
            end = close
        self.emit(i, K["Char"])
        if end < self.n and text[end] == "'":
            self.emit(end, K["'"])
            return end + 1
        return end

    # --------------------------------------------------------------- strings
    def open_string(self, pos: int, delim: str) -> int:
        text = self.text
        triple = text.startswith(delim * 3, pos)
        if delim == "`":
            raw = True
            self.emit(pos, K["```"] if triple else K["`"])
        else:
            raw = self.last in _RAW_STRING_AFTER or self.last == K["var"]
            self.emit(pos, K['"""'] if triple else K['"'])
        self.strings.append([delim, triple, raw, 0])
        return pos + (3 if triple else 1)

    def string_token(self, pos: int, state: list) -> int:
        text, n = self.text, self.n
        delim, triple, raw, _ = state
        close = delim * 3 if triple else delim
        chunk_kind = K["CmdString"] if delim == "`" else K["String"]
        if self.last == K["$"] and not raw:
            c = text[pos]
            if c == "(":
                state[3] = 1
                self.emit(pos, K["("])
                return pos + 1
            m = self.ident_re.match(text, pos)
            if m is not None:
                return self.word(pos, m.end())
        if text.startswith(close, pos):
            self.strings.pop()
            self.emit(pos, K[close])
            return pos + len(close)
        if not raw and text[pos] == "$":
            self.emit(pos, K["$"])
            return pos + 1
        if not raw and text[pos] == "\\" and pos + 1 < n and text[pos + 1] in "\r\n":
            # escaped newline: whitespace, up to the indentation of the next line
            i = pos + 1
            if text[i] == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            i += 1
            while i < n and text[i] in " \t":
                i += 1
            self.emit(pos, K["Whitespace"])
            return i
        i = pos
        while i < n:
            c = text[i]
            if c == delim and text.startswith(close, i):
                break
            if triple and c == "\n":
                i += 1
                break
            if c == "\\":
                if raw:
                    j = i
                    while j < n and text[j] == "\\":
                        j += 1
                    if (j - i) % 2 == 1 and j < n and text[j] == delim:
                        i = j + 1
                    else:
                        i = j
                    continue
                if i + 1 < n and text[i + 1] in "\r\n":
                    break
                i += 2
                continue
            if c == "$" and not raw:
                break
            i += 1
        i = min(i, n)
        self.emit(pos, chunk_kind)
        return i


def lex(text: str) -> Lexemes:
    """Cut `text` into lexemes; offsets are bytes of its UTF-8 encoding."""
    starts, kinds = _Lexer(text).run()
    n = len(text)
    if text.isascii():
        ends = starts[1:] + [n] if starts else []
        return Lexemes(starts, ends, kinds)
    # map character offsets to byte offsets
    byte_starts = []
    b = 0
    prev = 0
    for s in starts:
        b += len(text[prev:s].encode("utf-8"))
        byte_starts.append(b)
        prev = s
    total = b + len(text[prev:].encode("utf-8"))
    ends = byte_starts[1:] + [total] if byte_starts else []
    return Lexemes(byte_starts, ends, kinds)


def lexeme_texts(data: bytes, lx: Lexemes) -> list[str]:
    return [data[s:e].decode("utf-8") for s, e in zip(lx.starts, lx.ends, strict=False)]
