"""Map a Julia worker's answer onto juliatag's lexemes and label schema.

Our own lexer (`juliatag.lexer.lex`) is the authority for the lexeme cut, so both backends give
identical `lex_start`/`lex_end`/`lex_kind` columns; the worker's results are attached to our
lexemes by byte offset:

- a label (`{"start", "type", "flags", "stability"}`) goes to the lexeme that contains byte
  `start`. JuliaSyntax cuts a few things differently from us (it splits `.+` into `.` and `+`;
  it glues `-1` into one literal), and containment puts such labels on the right lexeme.
- type strings are parsed into our lattice with a registry that also knows the file's own type
  declarations (`decls`), then rendered exactly like the static backend renders its types
  (`labels.map_labels`), so type ids, concreteness and depth are computed the same way for both
  backends, and lexemes the worker said nothing about get the same lexical defaults.
- the worker's own tokens are kept for `compare-backends`: `julia_kinds` maps each JuliaSyntax
  kind name onto our kind table, per lexeme.

JuliaSyntax kind name -> our kind name (see `julia_kind_name`):
- names that exist in our table (keywords, literals, delimiters, most operators, trivia,
  `Identifier`, our three error kinds) map to themselves;
- `true` / `false` (JuliaSyntax's literal kinds) -> `Bool`;
- `MacroName`, `StringMacroName`, `StrMacroName`, `CmdMacroName`, `Placeholder`, `core_@...`,
  and contextual keywords we do not list (`doc`) -> `Identifier`;
- a broadcast operator: JuliaSyntax reports `.` followed by the operator (or one operator token
  with the dotted flag); both become `.` + name when our table has it (`.+`), else `DottedOperator`;
- an operator with a suffix (`+₁`), or one our table does not list -> `Operator`;
- any other `Error*` kind or `error` -> `ErrorUnknownCharacter`;
- zero-width tokens (implied macro names, empty error markers) are dropped.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..lexer import Lexemes
from ..schema import FLAG_BIT, KIND_ID, S_NA, S_STABLE, S_UNION, S_UNSTABLE
from .protocol import TOK_DOTTED, TOK_ERROR, TOK_KEYWORD, TOK_OPERATOR, TOK_SUFFIXED

STABILITY_CODES = {"na": S_NA, "stable": S_STABLE, "union": S_UNION, "unstable": S_UNSTABLE}
_IDENTIFIER_LIKE = {"MacroName", "StringMacroName", "StrMacroName", "CmdMacroName", "Placeholder", "doc",
                    "VarIdentifier"}


def julia_kind_name(name: str, tokflags: int = 0) -> str:
    """Our kind name for a JuliaSyntax token kind (see the module doc for the rules)."""
    if name in ("true", "false"):
        return "Bool"
    if tokflags & TOK_DOTTED:
        dotted = name if name.startswith(".") else "." + name
        return dotted if dotted in KIND_ID and not tokflags & TOK_SUFFIXED else "DottedOperator"
    if tokflags & TOK_SUFFIXED:
        return "Operator"
    if name in KIND_ID and name != "None":
        return name
    if name in _IDENTIFIER_LIKE or name.startswith("core_@"):
        return "Identifier"
    if tokflags & TOK_ERROR or name.startswith("Error") or name == "error":
        return "ErrorUnknownCharacter"
    if tokflags & TOK_OPERATOR:
        return "Operator"
    if tokflags & TOK_KEYWORD:
        return "Identifier"
    if name[:1].isalpha() or name[:1] == "_":
        return "Identifier"
    return "Operator"


def merge_tokens(tokens: list) -> list[tuple[int, int, str]]:
    """(start, end, our kind name) per worker token: dotted operators merged, zero-width dropped."""
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        start, end, name = int(tok[0]), int(tok[1]), str(tok[2])
        flags = int(tok[3]) if len(tok) > 3 else 0
        if end <= start:
            i += 1
            continue
        if name == "." and not flags & TOK_DOTTED and i + 1 < n:
            nxt = tokens[i + 1]
            nflags = int(nxt[3]) if len(nxt) > 3 else 0
            nname = str(nxt[2])
            # a symbolic operator right after the dot (`.+`); not a word operator (`Base.in`)
            if int(nxt[0]) == end and int(nxt[1]) > end and nflags & TOK_OPERATOR and \
                    nname not in (".", ":", "::") and not (nname[:1].isalnum() or nname[:1] == "_"):
                out.append((start, int(nxt[1]), julia_kind_name(nname, nflags | TOK_DOTTED)))
                i += 2
                continue
        out.append((start, end, julia_kind_name(name, flags)))
        i += 1
    return out


def julia_kinds(lx: Lexemes, tokens: list) -> list:
    """Per lexeme: our kind id of the worker token with exactly the same byte range, else None."""
    by_range = {(s, e): KIND_ID[k] for s, e, k in merge_tokens(tokens)}
    return [by_range.get((lx.starts[i], lx.ends[i])) for i in range(len(lx))]


@dataclass
class _Rec:
    """Duck-typed like infer.interpreter.LabelRec (what labels.map_labels reads)."""

    type: object
    flags: int = 0
    stab: object = None


@dataclass
class _Verdict:
    name: str
    start: int
    end: int
    return_type: object
    stability: int


@dataclass
class _Analysis:
    """Duck-typed like infer.analyzer.FileAnalysis."""

    labels: dict
    range_flags: list
    functions: list
    registry: object


def flag_bits(names) -> int:
    bits = 0
    for name in names or ():
        bits |= FLAG_BIT.get(str(name), 0)
    return bits


class TypeParser:
    """Julia type strings -> our JType, with the file's own declarations known. Never raises."""

    def __init__(self, decls=()):
        from ..types.registry import TypeRegistry, base_registry, declare_from_source

        self.registry = TypeRegistry(parent=base_registry())
        for line in decls or ():
            try:
                declare_from_source(self.registry, str(line), user=True)
            except Exception:
                continue  # a declaration our reader cannot follow: its name stays unknown
        self._cache: dict = {}

    def parse(self, text):
        from ..types.jtypes import ANY, UNKNOWN

        if text is None:
            return None
        hit = self._cache.get(text)
        if hit is None:
            if text == "Any":
                hit = ANY
            else:
                try:
                    hit = self.registry.parse(text)
                except Exception:
                    hit = UNKNOWN
            self._cache[text] = hit
        return hit


def _lexeme_at(starts: list, ends: list, offset: int) -> int | None:
    i = bisect.bisect_right(starts, offset) - 1
    if 0 <= i < len(starts) and starts[i] <= offset < ends[i]:
        return i
    return None


def labels_from_result(lx: Lexemes, result: dict, text_bytes: int | None = None):
    """Build the FileLabels of a file from a worker's `label` result."""
    from ..labels import map_labels
    from ..types.jtypes import UNKNOWN

    result = result or {}
    types = TypeParser(result.get("decls") or ())
    starts, ends = lx.starts, lx.ends
    recs: dict[int, _Rec] = {}
    for lab in result.get("labels") or ():
        try:
            offset = int(lab["start"])
        except (KeyError, TypeError, ValueError):
            continue
        i = _lexeme_at(starts, ends, offset)
        if i is None:
            continue
        key = starts[i]
        t = types.parse(lab.get("type"))
        stab = lab.get("stability")
        stab = STABILITY_CODES.get(stab) if isinstance(stab, str) else None
        bits = flag_bits(lab.get("flags"))
        rec = recs.get(key)
        if rec is None:
            # type None: the worker only flags the lexeme; map_labels keeps its lexical default type
            recs[key] = _Rec(t, bits, stab)
            continue
        # two worker labels on one of our lexemes (a cut JuliaSyntax makes and we do not, such as
        # `-1` or `.+`): the first typed one wins, flags accumulate
        rec.flags |= bits
        if rec.type is None and t is not None:
            rec.type = t
            rec.stab = stab
    range_flags = []
    for item in result.get("ranges") or ():
        try:
            a, b, names = int(item[0]), int(item[1]), item[2]
        except (IndexError, TypeError, ValueError):
            continue
        bits = flag_bits(names)
        if bits and b > a:
            range_flags.append((a, b, bits))
    functions = []
    for fn in result.get("functions") or ():
        try:
            rt = types.parse(fn.get("return_type"))
            functions.append(_Verdict(str(fn["name"]), int(fn["start"]), int(fn["end"]),
                                      rt if rt is not None else UNKNOWN,
                                      STABILITY_CODES.get(fn.get("stability") or "na", S_NA)))
        except (KeyError, TypeError, ValueError):
            continue
    functions.sort(key=lambda f: (f.start, f.end))
    errors = []
    for item in result.get("errors") or ():
        try:
            a, b = int(item[0]), int(item[1])
        except (IndexError, TypeError, ValueError):
            continue
        errors.append((a, max(b, a + 1)))
    analysis = _Analysis(recs, range_flags, functions, types.registry)
    diagnostics = [str(d) for d in (result.get("diagnostics") or ())]
    fl = map_labels(lx, analysis, errors, diagnostics)
    fl.note = result.get("note") or None
    return fl

