"""Label every lexeme of a file: lex, parse, infer, then map the analysis onto lexemes.

This is the per-file unit of work of `juliatag ingest` and `juliatag label`.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field

from . import schema
from .lexer import Lexemes, lex
from .schema import (C_NA, DEPTH_NA, F_SYNTAX_ERROR, KIND_ID, S_NA, TYPE_ID_NA, TYPE_ID_UNKNOWN)
from .types import type_ids
from .types.jtypes import (BOOL, CHAR, FLOAT32, FLOAT64, INT64, STRING, UNKNOWN, dt, printable)

K = KIND_ID
_LITERAL_TYPES = {
    K["Integer"]: INT64, K["Float"]: FLOAT64, K["Float32"]: FLOAT32, K["Bool"]: BOOL, K["Char"]: CHAR,
    K["String"]: STRING, K["CmdString"]: dt("Cmd"),
}
# operators that are syntax rather than calls: n/a when the analyzer gave them nothing
_SYNTAX_OPS = frozenset(K[k] for k in ("=", ":=", "::", "->", ".", "...", "?", "$", "&&", "||", "<:", ">:", "~",
                                       "-->", ".=", "in", "isa"))
K_IDENT = K["Identifier"]
K_AT = K["@"]
_OPEN_STRING = frozenset({K['"'], K['"""'], K["`"], K["```"]})
_STRING_CHUNK = frozenset({K["String"], K["CmdString"]})


@dataclass
class FileLabels:
    lexemes: Lexemes
    types: list
    type_ids: list
    concreteness: list
    depth: list
    stability: list
    flags: list
    functions: list = field(default_factory=list)   # dicts: name, start, end, return_type, stability
    error_bytes: int = 0
    diagnostics: list = field(default_factory=list)
    note: str | None = None                          # why the file has lexical labels only, if so


# fatou's parse time grows exponentially with bracket nesting (25 nested `[` take ~10 s) and its
# printout quadratically with block nesting; real packages nest brackets at most 13 deep (measured
# over 3,550 files), so deeper files are labelled lexically and recorded.
MAX_BRACKET_DEPTH = 20
MAX_BLOCK_DEPTH = 400
_OPENERS = frozenset(K[k] for k in ("(", "[", "{"))
_CLOSERS = frozenset(K[k] for k in (")", "]", "}"))
_BLOCK_OPEN = frozenset(K[k] for k in ("function", "if", "for", "while", "let", "begin", "quote", "try", "do",
                                       "struct", "module", "macro", "baremodule"))
_BLOCK_END = K["end"]


def nesting_depths(lx: Lexemes) -> tuple[int, int]:
    """Maximum bracket nesting and (approximate) block nesting of a file's lexemes."""
    b = bmax = k = kmax = 0
    for kind in lx.kinds:
        if kind in _OPENERS:
            b += 1
            if b > bmax:
                bmax = b
        elif kind in _CLOSERS:
            if b:
                b -= 1
        elif kind in _BLOCK_OPEN:
            k += 1
            if k > kmax:
                kmax = k
        elif kind == _BLOCK_END and k:
            k -= 1
    return bmax, kmax


def _error_mask(lx: Lexemes, ranges: list[tuple[int, int]]) -> list[bool]:
    mask = [False] * len(lx)
    if not ranges:
        return mask
    starts = lx.starts
    for a, b in ranges:
        b = max(b, a + 1)
        i = max(0, bisect.bisect_right(starts, a) - 1)
        while i < len(starts) and starts[i] < b:
            if lx.ends[i] > a:
                mask[i] = True
            i += 1
    return mask


def label_source(data: bytes, parser=None, package=None, infer: bool = True, text: str | None = None) -> FileLabels:
    """Label one file's bytes (UTF-8). `parser` None means no parse tree (lexical labels only)."""
    if text is None:
        text = data.decode("utf-8")
    lx = lex(text)
    analysis = None
    error_ranges: list = []
    diagnostics: list = []
    if parser is not None:
        bracket, block = nesting_depths(lx)
        if bracket > MAX_BRACKET_DEPTH or block > MAX_BLOCK_DEPTH:
            fl = map_labels(lx, None, [(0, len(data))])
            fl.note = f"parse-skipped: nesting {bracket} brackets / {block} blocks deep"
            return fl
    if parser is not None:
        # a package's source file may have been parsed already, for the calls other files make into it
        program = None
        if infer and package is not None:
            from .infer.program import program_for
            program = program_for(package, parser.parse)
        sha = hashlib.sha256(data).hexdigest() if program is not None else ""
        result = program.parsed(data, sha) if program is not None else None
        if result is None:
            result = parser.parse(data)
            if program is not None:
                program.offer(data, sha, result)
        error_ranges = result.error_ranges
        diagnostics = result.diagnostics
        if infer:
            from .infer.analyzer import analyze_file
            analysis = analyze_file(data, result.root, package, program.view(sha) if program is not None else None)
    return map_labels(lx, analysis, error_ranges, diagnostics)


# how a lexeme kind is labelled when the analyzer recorded nothing at its offset
_C_TRIVIA, _C_NONE, _C_LITERAL, _C_VALUE = range(4)
_NO_TYPE_KINDS = frozenset(K[k] for k in (",", ";", "(", ")", "[", "]", "{", "}", "@", '"', '"""', "`", "```"))


def _kind_classes() -> list[int]:
    out = []
    for kid in range(len(schema.KIND_NAMES)):
        if kid in schema.TRIVIA_IDS:
            out.append(_C_TRIVIA)
        elif kid in schema.KEYWORD_IDS or kid in _NO_TYPE_KINDS or kid in _SYNTAX_OPS or kid == K["None"]:
            out.append(_C_NONE)
        elif kid in _LITERAL_TYPES or kid in schema.NUMBER_IDS:
            out.append(_C_LITERAL)
        elif kid == K_IDENT or kid in schema.OPERATOR_IDS:
            out.append(_C_VALUE)
        else:
            out.append(_C_NONE)
    return out


_KIND_CLASS = _kind_classes()
K_CHAR = K["Char"]
K_QUOTE = K["'"]


def map_labels(lx: Lexemes, analysis, error_ranges: list, diagnostics: list | None = None) -> FileLabels:
    """Turn the analysis (types recorded at byte offsets) into the label columns of every lexeme."""
    from .infer import verdicts

    n = len(lx)
    kinds, starts = lx.kinds, lx.starts
    types: list = [None] * n
    tids = [TYPE_ID_NA] * n
    conc = [C_NA] * n
    depth = [DEPTH_NA] * n
    stab = [S_NA] * n
    flags = [0] * n
    err = _error_mask(lx, error_ranges) if error_ranges else None
    if analysis is not None:
        reg, labels = analysis.registry, analysis.labels
    else:
        from .types.registry import base_registry
        reg, labels = base_registry(), {}
    kind_class = _KIND_CLASS
    string_stack: list = []
    type_cache: dict = {}   # type -> (printed, type id, concreteness, depth)
    for i in range(n):
        kind = kinds[i]
        cls = kind_class[kind]
        in_error = err is not None and err[i]
        if cls == _C_TRIVIA:
            if in_error:
                flags[i] = F_SYNTAX_ERROR
            continue
        rec = labels.get(starts[i])
        f = F_SYNTAX_ERROR if in_error else 0
        if rec is not None:
            f |= rec.flags
        flags[i] = f
        if kind == K_IDENT and i > 0 and kinds[i - 1] == K_AT:
            continue  # a macro name (`@inbounds`): not a value
        t = None
        stab_src = None
        if rec is not None and not in_error:  # inside an unreadable region: no type, only the kind
            t = rec.type
            stab_src = rec.stab
        if kind in _OPEN_STRING:
            # an opening delimiter starts a string whose chunks share its type; a closing one ends it
            if string_stack and string_stack[-1][0] == kind and rec is None:
                string_stack.pop()
                continue
            string_stack.append((kind, t))
        elif kind in _STRING_CHUNK and t is None and string_stack:
            t = string_stack[-1][1]
        elif kind == K_CHAR and t is None and i > 0 and kinds[i - 1] == K_QUOTE:
            prev = labels.get(starts[i - 1])
            t = prev.type if prev is not None else CHAR
        if t is None:
            if cls == _C_NONE:
                continue
            if in_error:
                t = UNKNOWN
            elif cls == _C_LITERAL:
                t = _LITERAL_TYPES.get(kind, UNKNOWN)
            elif kind == K_IDENT or kind not in _SYNTAX_OPS:
                t = UNKNOWN
            else:
                continue
        hit = type_cache.get(t)
        if hit is None:
            view = verdicts.label_view(t, reg)
            hit = (printable(view), type_ids.type_id(view, reg) if view is not UNKNOWN else TYPE_ID_UNKNOWN,
                   verdicts.concreteness(t, reg), reg.depth(view) if view is not UNKNOWN else DEPTH_NA)
            type_cache[t] = hit
        types[i], tids[i], conc[i], depth[i] = hit
        if isinstance(stab_src, int):
            s = stab_src
        else:
            s = verdicts.stability(t, reg)
        stab[i] = s
    if analysis is not None and analysis.range_flags:
        starts = lx.starts
        for a, b, fl in analysis.range_flags:
            j = max(0, bisect.bisect_right(starts, a) - 1)
            while j < n and starts[j] < b:
                if lx.ends[j] > a and kind_class[lx.kinds[j]] != _C_TRIVIA:
                    flags[j] |= fl
                j += 1
    functions = []
    if analysis is not None:
        for fv in analysis.functions:
            view = verdicts.label_view(fv.return_type, reg)
            functions.append({"name": fv.name, "start": fv.start, "end": fv.end,
                              "return_type": printable(view), "stability": fv.stability})
    error_bytes = sum(lx.ends[i] - lx.starts[i] for i in range(n) if err[i]) if err is not None else 0
    return FileLabels(lx, types, tids, conc, depth, stab, flags, functions, error_bytes, diagnostics or [])
