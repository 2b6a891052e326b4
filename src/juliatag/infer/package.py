"""What a whole package defines, gathered cheaply from the text of all its files.

A file is labelled on its own, but it sees the names, types and constants its package defines
in other files (Julia packages are usually one module `include`-ing many files). The summary is
built by a line-oriented scan (no parse), is small and picklable, and a worker turns it into a
`PackageIndex` once per package. It also says which of the package's own source files define a
function of each name, so that a worker parses only those files, with the real parser, when a call
needs their methods (`program.py`).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import cached_property

from ..types.jtypes import JType, show
from ..types.registry import TypeRegistry, base_registry, base_submodules, declare_package
from .base.knowledge import STDLIB_MODULES
from .base.methods import summarised_stdlibs
from .base.names import MODULE_CONSTANTS
from .generated import generated_source
from .state import PACKAGE_INDEXES_KEPT

# Every pattern here runs in linear time on any input (tests/safety/test_in_package_regex.py): macro
# prefixes (`@inline function`) stay on their line (`[^\S\n]`, whitespace but not a newline), and
# the parts that used to be a lazy group followed by whitespace (`(.+?)\s+end`, `([^=]+?)\s*=`),
# quadratic or worse on long runs of blanks, are found by the functions below them instead.
_MACROS = r"(?:(?:[\w.]+\.)?@\w+[^\S\n]+)*"
_NAME = r"[A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*"
_STRUCT_RE = re.compile(r"^([ \t]*)" + _MACROS + r"(mutable\s+)?struct\s+(.+)$", re.M)
_ABSTRACT_HEAD_RE = re.compile(r"[ \t]*abstract\s+type")
_ABSTRACT_TAIL_RE = re.compile(r"(?<=\s)end\b")
_PRIMITIVE_HEAD_RE = re.compile(r"[ \t]*primitive\s+type")
_PRIMITIVE_TAIL_RE = re.compile(r"(?<=\s)(\d+)\s+end\b")
_FUNCTION_RE = re.compile(r"^[ \t]*" + _MACROS + r"function\s+(?:[\w.]+\.)?([A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*)",
                          re.M)
# operator names a method may define (`Base.:+(a::T, b::T) = ...`, `function Base.:(==)(a, b)`, `(∈)(x, d) = ...`)
_OP = r"[+\-*/\\^%<>=!~&|⊻÷√∛∈∉∋⊆⊇⊂⊃∘×⋅≈≉≠≤≥⊗⊕⊙⋆∪∩:]+"
_FUNCTION_OP_RE = re.compile(r"^[ \t]*" + _MACROS + r"function\s+(?:[\w.]+\.)?:?(?:\((" + _OP + r")\)|(" + _OP + r"))\s*[({]")
_CONST_HEAD_RE = re.compile(r"[ \t]*" + _MACROS + r"const\s+(" + _NAME + ")")
_USING_RE = re.compile(r"^[ \t]*using\s+([^\n#]+)", re.M)
_IMPORT_RE = re.compile(r"^[ \t]*import\s+([^\n#]+)", re.M)
_MACRO_RE = re.compile(r"^[ \t]*macro\s+(\w+)", re.M)
_MODULE_RE = re.compile(r"^[ \t]*(?:bare)?module\s+(\w+)", re.M)
_ENUM_RE = re.compile(r"^[ \t]*@enum\s+(\w+)(?:::(\w+))?([^\n]*)", re.M)
ENUM_SCAN_LINES = 400   # the values of a block-form `@enum E begin ... end` are read from this many lines
_GLOBAL_RE = re.compile(r"^([A-Za-z_][\w!]*)\s*(?:::[^=\n]+)?=(?!=)", re.M)
_FIELD_CONST_RE = re.compile(r"const\s+(" + _NAME + ")")
_NAME_RE = re.compile(_NAME)
# Struct fields are read from at most STRUCT_SCAN_LINES lines after each `struct` line, and from at
# most FILE_STRUCT_SCAN_LINES lines per file in all (a file of nothing but `struct A` lines would
# otherwise cost 400 lines per line); past that a struct is still declared, without its fields.
# Real packages read at most ~2,000 lines per file (CUDA's 228 structs in one file).
STRUCT_SCAN_LINES = 400
HEAD_CONTINUATION_LINES = 4   # lines a struct's head may go on over (`struct S{T} <:` then its supertype)
FILE_STRUCT_SCAN_LINES = 50_000
MAX_IMPORT_LINES = 50       # lines one `using X: a, b,` list may continue on


@dataclass(frozen=True)
class PackageSummary:
    name: str
    decl_lines: tuple = ()
    functions: tuple = ()
    consts: tuple = ()          # (name, type text or "")
    names: tuple = ()           # every other defined name (types, macros, modules, globals, enum values)
    opaque: bool = False        # the package `using`s modules we know nothing about
    aliases: tuple = ()         # (name, right-hand side) of `const A = SomeTypeOrModule`
    used: tuple = ()            # the standard-library modules its files `using`/`import`
    imported: tuple = ()        # the names its files bring in by name from those (`using Random: default_rng`)
    # the package's own source files (src/, ext/) that define functions, as (file path, sha256), and
    # (function name, indices into `sources` of the files defining it): where a worker finds, and
    # parses, the methods of a function defined in another file (infer/program.py)
    sources: tuple = ()
    function_files: tuple = ()
    # what other packages see of it, and what it sees of them (`with_dependencies`): the names its
    # source files `export`, the packages they `using`/`import` (in order), those of them in the same
    # corpus, and (not written to JSON: linked by name after loading) their summaries
    exports: tuple = ()
    uses: tuple = ()
    deps: tuple = ()
    dependencies: tuple = ()
    # the package's test files (under test/ or tests/): the sha256 of each, and, as `sources` and
    # `function_files` are for the package's own sources, those defining functions the package's own
    # sources do not (its test helpers), which only its other test files see (as Julia's test
    # scripts `include` each other into one module)
    test_files: tuple = ()
    test_sources: tuple = ()
    test_function_files: tuple = ()
    # `testdigraphs = testgraphs` at a file's top level, assigned once in the package: ((name, the
    # function it names), ...); a call of the name is a call of that function
    function_aliases: tuple = ()
    # `import Statistics: mean, var`: ((name, module), ...) of the functions its files import by name
    # to extend, so that `mean(x::W) = ...` is a method of Statistics' `mean` (reached by
    # `Statistics.mean(...)` as by `mean(...)`)
    extended: tuple = ()
    # SimpleTraits' `@traitimpl IsDirected{G} <- is_directed(G)`: ((trait, function), ...); the trait
    # holds for a type where the function returns true for it (which picks a `@traitfn` method)
    traits: tuple = ()
    # (macro name, indices into `sources` of the files defining it): where a worker finds a macro a
    # file of the package calls, to expand it as a template (infer/templates.py)
    macro_files: tuple = ()

    def to_json(self) -> dict:
        return {"name": self.name, "decl_lines": list(self.decl_lines), "functions": list(self.functions),
                "consts": [list(c) for c in self.consts], "names": list(self.names), "opaque": self.opaque,
                "aliases": [list(a) for a in self.aliases], "used": list(self.used), "imported": list(self.imported),
                "sources": [list(s) for s in self.sources],
                "function_files": [[n, list(ix)] for n, ix in self.function_files],
                "exports": list(self.exports), "uses": list(self.uses), "deps": list(self.deps),
                "test_files": list(self.test_files), "test_sources": [list(s) for s in self.test_sources],
                "test_function_files": [[n, list(ix)] for n, ix in self.test_function_files],
                "function_aliases": [list(a) for a in self.function_aliases],
                "extended": [list(a) for a in self.extended], "traits": [list(a) for a in self.traits],
                "macro_files": [[n, list(ix)] for n, ix in self.macro_files]}

    @classmethod
    def from_json(cls, d: dict) -> "PackageSummary":
        return cls(d["name"], tuple(d["decl_lines"]), tuple(d["functions"]), tuple(tuple(c) for c in d["consts"]),
                   tuple(d["names"]), d["opaque"], tuple(tuple(a) for a in d["aliases"]), tuple(d.get("used", ())),
                   tuple(d.get("imported", ())),
                   tuple(tuple(s) for s in d.get("sources", ())),
                   tuple((n, tuple(ix)) for n, ix in d.get("function_files", ())),
                   tuple(d.get("exports", ())), tuple(d.get("uses", ())), tuple(d.get("deps", ())),
                   test_files=tuple(d.get("test_files", ())),
                   test_sources=tuple(tuple(s) for s in d.get("test_sources", ())),
                   test_function_files=tuple((n, tuple(ix)) for n, ix in d.get("test_function_files", ())),
                   function_aliases=tuple(tuple(a) for a in d.get("function_aliases", ())),
                   extended=tuple(tuple(a) for a in d.get("extended", ())),
                   traits=tuple(tuple(a) for a in d.get("traits", ())),
                   macro_files=tuple((n, tuple(ix)) for n, ix in d.get("macro_files", ())))

    @cached_property
    def digest_value(self) -> str:
        return self._digest()

    def digest(self) -> str:
        """A hash of everything the summary holds (computed once: summaries are frozen)."""
        return self.digest_value

    def _digest(self) -> str:
        h = hashlib.sha256()
        for part in (self.name, *self.decl_lines, "|", *self.functions, "|", *map(str, self.consts), "|",
                     *self.names, str(self.opaque), "|", *map(str, self.aliases), "|", *self.used, "|", *self.imported, "|",
                     *map(str, self.sources), "|", *map(str, self.function_files), "|", *self.exports, "|",
                     *self.uses, "|", *self.deps, "|", *(d.digest() for d in self.dependencies), "|",
                     *self.test_files, "|", *map(str, self.test_sources), "|", *map(str, self.test_function_files),
                     "|", *map(str, self.function_aliases), "|", *map(str, self.extended), "|",
                     *map(str, self.traits), "|", *map(str, self.macro_files)):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _blank_run(text: str, i: int) -> int:
    """The end of the run of whitespace starting at `i`."""
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _lazy_before_tail(line: str, head_re, tail_re):
    r"""`HEAD\s+(.+?)\s+TAIL` matched at the start of one line, in linear time: (group, tail match) or
    None. `tail_re` finds TAIL only right after whitespace (`(?<=\s)TAIL`), so it is tried once per
    place instead of once per character of every blank run (what made the plain pattern quadratic)."""
    hm = head_re.match(line)
    if hm is None:
        return None
    start = hm.end()
    g = _blank_run(line, start)
    if g == start:
        return None
    for tm in tail_re.finditer(line, g):
        a = tm.start()
        if a >= g + 2:
            r = a
            while line[r - 1].isspace():
                r -= 1
            return line[g:max(r, g + 1)], tm
    if g - start >= 3:  # backtracking: `\s+` gives one blank to the group and keeps one for itself
        tm = tail_re.match(line, g)
        if tm is not None:
            return line[g - 2:g - 1], tm
    return None


def _match_abstract(line: str):
    """`abstract type (.+?) end` on one line: the head, or None."""
    found = _lazy_before_tail(line, _ABSTRACT_HEAD_RE, _ABSTRACT_TAIL_RE)
    return None if found is None else found[0]


def _match_primitive(line: str):
    r"""`primitive type (.+?) (\d+) end` on one line: (head, bits), or None."""
    found = _lazy_before_tail(line, _PRIMITIVE_HEAD_RE, _PRIMITIVE_TAIL_RE)
    return None if found is None else (found[0], found[1].group(1))


def _type_then(rest: str, final: str):
    r"""`(?:::\s*([^=]+?))?\s*` followed by `=` (final "=") or by an optional `=...` then the end (final
    "end"), matched at the start of `rest` (one line) without backtracking: (matched, type or None, text
    after the `=` or None)."""
    t = rest.lstrip()
    if t.startswith("::"):
        u = t[2:]
        eq = u.find("=")
        region = u if eq < 0 else u[:eq]
        if not region or (eq < 0 and final == "="):
            return False, None, None
        typ = region.strip() or region[-1]
        return True, typ, (None if eq < 0 else u[eq + 1:])
    if t.startswith("="):
        return True, None, t[1:]
    return (final == "end" and t == ""), None, None


def _match_const(line: str):
    """`const NAME [:: T] = VALUE` (after macro prefixes) on one line: (name, T or None, VALUE) or None.
    A parametric alias `const NAME{P, ...} = VALUE` gives the name with its parameters, `NAME{P, ...}`."""
    hm = _CONST_HEAD_RE.match(line)
    if hm is None:
        return None
    name, rest = hm.group(1), line[hm.end():]
    if rest.startswith("{"):
        close = _closing_brace(rest)
        if close < 0:
            return None
        name, rest = name + rest[:close + 1], rest[close + 1:]
    ok, typ, after = _type_then(rest, "=")
    if not ok:
        return None
    value = after.lstrip() or after[-1:]  # `\s*([^\n]+)$`: at least one character
    return (name, typ, value) if value else None


def _closing_brace(text: str) -> int:
    """Index of the `}` closing the `{` that `text` starts with, or -1."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _match_field(stripped: str):
    """A struct field line, comment and blanks stripped: `[const] NAME [:: T] [= default]`: (name, T or
    None) or None."""
    for nm in (_FIELD_CONST_RE.match(stripped), _NAME_RE.match(stripped)):
        if nm is not None:
            ok, typ, _ = _type_then(stripped[nm.end():], "end")
            if ok:
                return nm.group(nm.lastindex or 0), typ
    return None


class _Lines:
    """A file's lines with their start offsets (built once per file, only if it declares a struct)."""

    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.scan_budget = FILE_STRUCT_SCAN_LINES
        self.starts = []
        pos = 0
        for line in self.lines:
            self.starts.append(pos)
            pos += len(line) + 1

    def index_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1


def _continues(head: str) -> bool:
    """Whether a type's head goes on over the next line: `struct S{T} <:`, or a brace left open."""
    return head.endswith("<:") or head.count("{") > head.count("}")


def _head_over_lines(lines: _Lines, index: int, head: str) -> tuple[int, str]:
    """(index of the head's last line, the head joined over up to HEAD_CONTINUATION_LINES lines)."""
    for _ in range(HEAD_CONTINUATION_LINES):
        if not _continues(_strip_comment(head).strip()) or index + 1 >= len(lines.lines):
            break
        index += 1
        head = f"{_strip_comment(head).strip()} {_strip_comment(lines.lines[index]).strip()}"
    return index, head


def _struct_block(lines: _Lines, offset: int, m):
    """Yield (mutable, head, fields) for the struct declared on the line at `offset`."""
    indent, mutable, head = m.group(1), bool(m.group(2)), _strip_comment(m.group(3))
    if not head:
        return
    if re.search(r"\bend\s*$", head) or ";" in head:
        # one-line struct: `struct A end`, `struct A; x::Int; end`
        parts = [p.strip() for p in re.sub(r"\bend\s*$", "", head).split(";")]
        yield mutable, parts[0], [p for p in parts[1:] if p]
        return
    if lines.scan_budget <= 0:
        yield mutable, head, []
        return
    start_line, head = _head_over_lines(lines, lines.index_at(offset), head)
    if _continues(head) or head.count("{") != head.count("}"):
        return
    fields = []
    depth = 0
    end_re = re.compile(rf"^{re.escape(indent)}end\b")
    for line in lines.lines[start_line + 1:start_line + min(STRUCT_SCAN_LINES, lines.scan_budget + 1)]:
        lines.scan_budget -= 1
        stripped = _strip_comment(line).strip()
        if depth == 0 and end_re.match(line):
            break
        if not stripped:
            continue
        if re.match(r"^(function|if|for|while|let|begin|quote|try|do)\b", stripped) or \
                re.search(r"\bdo\b(\s+\w+)?\s*$", stripped):
            depth += 1
            continue
        if depth > 0:
            if re.match(r"^end\b", stripped):
                depth -= 1
            continue
        if "(" in stripped.split("=", 1)[0] or stripped.startswith("@"):
            continue
        fm = _match_field(stripped)
        if fm:
            fields.append(f"{fm[0]}::{fm[1].strip()}" if fm[1] else fm[0])
    yield mutable, head, fields


class SummaryBuilder:
    """Accumulates a package summary file by file (so a planner can stream files)."""

    def __init__(self, name: str):
        self.name = name
        self.decls: list = []
        self.functions: set = set()
        self.consts: dict = {}
        self.irrationals: list = []   # names an `@irrational` defines (Base's macro, unless the package has its own)
        self.names: set = set()
        self.aliases: dict = {}
        self.opaque = False
        self.used: set = set()
        self.imported: set = set()
        self.sources: list = []
        self.function_files: dict = {}
        self.exports: set = set()
        self.uses: list = []
        self.test_files: list = []
        self.test_sources: list = []
        self.test_function_files: dict = {}
        self.macro_files: dict = {}   # macro name -> indices into `sources` of the files defining it
        self.file_macros: set = set()   # the macros the file being scanned defines
        self.assigned: dict = {}   # name -> [(right-hand name, in a test file)] of `name = other` lines
        self.extended: dict = {}   # name -> module of `import Module: name` (the first seen)
        self.traits: dict = {}     # trait -> the function `@traitimpl Trait{X} <- f(X)` names (the first seen)

    def add(self, text: str, source: tuple | None = None, test: bool = False) -> None:
        """Scan one file. `source`: (file path, sha256) when the file is one of the package's own
        sources (under src/ or ext/), whose methods other files may call, or, with `test`, one of its
        test files (`is_test_file`), whose methods its other test files may call. What a source
        file's top-level code generates (`@eval` loops, template macros: `generated`) is scanned
        too, as one more source: the file's path with the sha256 of the written-out text, which a
        worker writes out again from the file."""
        self._add(text, source, test)
        if source is not None and not test:
            generated = generated_source(text)
            if generated is not None:
                self._add(generated, (source[0], hashlib.sha256(generated.encode("utf-8")).hexdigest()))

    def _add(self, text: str, source: tuple | None, test: bool = False) -> None:
        every = self.functions
        self.functions = found = set()
        self.file_macros = macros = set()
        try:
            _scan(text, self)
        finally:
            self.functions = every
        every |= found
        if source is not None:
            for m in _NAME_ASSIGNMENT_RE.finditer(text):
                self.assigned.setdefault(m.group(1), []).append((m.group(2), test))
        if source is not None and test:
            self.test_files.append(source[1])
            if found:
                self.test_sources.append(tuple(source))
                for name in found:
                    self.test_function_files.setdefault(name, []).append(len(self.test_sources) - 1)
            return
        if source is not None:
            self.exports.update(_exports(text))
            self.exports.update(_reexports(text))
            for mod in _used_packages(text):
                if mod != self.name and mod not in self.uses:
                    self.uses.append(mod)
        if source is not None and (found or macros):
            i = len(self.sources)
            self.sources.append(tuple(source))
            for name in found:
                self.function_files.setdefault(name, []).append(i)
            for name in macros:
                self.macro_files.setdefault(name, []).append(i)

    def _function_aliases(self) -> dict:
        """name -> function of the `name = f` lines at a file's top level where `f` is a function the
        same kind of files define (sources, or test files for a test file's line) and `name` is
        assigned nowhere else at top level and defines no method itself."""
        out = {}
        for name, rhs in self.assigned.items():
            if len(rhs) != 1 or name in self.function_files or name in self.test_function_files:
                continue
            target, test = rhs[0]
            if target in (self.test_function_files if test else self.function_files):
                out[name] = target
        return out

    def build(self) -> PackageSummary:
        consts = dict(self.consts)
        aliases = self._function_aliases()
        functions = self.functions | set(aliases)
        function_files, test_function_files = dict(self.function_files), dict(self.test_function_files)
        for name, target in aliases.items():
            for files in (function_files, test_function_files):
                if target in files:
                    files[name] = files[target]
        if "@irrational" not in self.names:   # Base's `@irrational name value expr`: an Irrational{:name}
            for name in self.irrationals:
                consts.setdefault(name, f"Irrational{{:{name}}}")
        return PackageSummary(self.name, tuple(self.decls), tuple(sorted(functions)),
                              tuple(sorted(consts.items())), tuple(sorted(self.names)), self.opaque,
                              tuple(sorted(self.aliases.items())), tuple(sorted(self.used)), tuple(sorted(self.imported)),
                              tuple(self.sources),
                              tuple((n, tuple(ix)) for n, ix in sorted(function_files.items())),
                              tuple(sorted(self.exports)), tuple(self.uses),
                              test_files=tuple(self.test_files), test_sources=tuple(self.test_sources),
                              test_function_files=tuple((n, tuple(ix)) for n, ix in
                                                        sorted(test_function_files.items())
                                                        if n not in function_files),
                              function_aliases=tuple(sorted(aliases.items())),
                              extended=tuple(sorted(self.extended.items())),
                              traits=tuple(sorted(self.traits.items())),
                              macro_files=tuple((n, tuple(ix)) for n, ix in sorted(self.macro_files.items())))


# `name = other` alone on a line at a file's top level (column 0), `const` or not
_NAME_ASSIGNMENT_RE = re.compile(r"^(?:const[ \t]+)?([A-Za-z_][\w!]*)[ \t]*=[ \t]*([A-Za-z_][\w!]*)[ \t]*(?:#[^\n]*)?$",
                                 re.M)
_EXPORT_RE = re.compile(r"^[ \t]*(?:export|public)\b[ \t]*([^\n]*)", re.M)
_USING_PACKAGE_RE = re.compile(r"^[ \t]*(?:@reexport[ \t]+)?(?:using|import)[ \t]+([^\n#]*)", re.M)
DEPENDENCY_DEPTH = 1   # levels of packages used (in the corpus) a package's analysis reaches: more cost the whole corpus 3.7x the memory
EXPORT_CONTINUATION_LINES = 200   # lines an `export a, b,` list may continue over


def _listed(text: str, pattern: re.Pattern):
    """The comma-separated items of each list `pattern` starts (its group 1: the rest of the line),
    continued over lines while the line ends in a comma or holds nothing yet (`export` alone, or
    `@reexport using Dep:`), comments left out."""
    for m in pattern.finditer(text):
        rest, pos = m.group(1), m.end()
        for _ in range(EXPORT_CONTINUATION_LINES):
            body = rest.split("#", 1)[0].strip()
            yield from (n.strip() for n in body.split(","))
            if (body and not body.endswith(",")) or pos >= len(text):
                break
            nxt = text.find("\n", pos + 1)
            nxt = len(text) if nxt < 0 else nxt
            rest, pos = text[pos + 1:nxt], nxt


def _exports(text: str) -> set:
    """The names listed by `export`/`public` statements (a macro's without its `@`)."""
    return {n.lstrip("@") for n in _listed(text, _EXPORT_RE) if _NAME_RE.fullmatch(n.lstrip("@"))}


_REEXPORT_RE = re.compile(r"^[ \t]*@reexport[ \t]+using[ \t]+[\w.]+[ \t]*:([^\n]*)", re.M)


def _reexports(text: str) -> set:
    """The names Reexport's `@reexport using Dep: a, b` lists: the module exports them as its own."""
    return {n for n in _listed(text, _REEXPORT_RE) if _NAME_RE.fullmatch(n)}


def _used_packages(text: str) -> list:
    """The packages a file's `using`/`import` statements name, in order (not relative modules)."""
    out = []
    for m in _USING_PACKAGE_RE.finditer(text):
        spec = m.group(1).split(":", 1)[0]
        for part in spec.split(","):
            mod = part.strip().split(" ", 1)[0].split(".", 1)[0]
            if mod and not part.strip().startswith(".") and _NAME_RE.fullmatch(mod) and mod not in out:
                out.append(mod)
    return out


def with_dependencies(summaries: dict) -> dict:
    """Each summary with the summaries of the packages it uses that are in the same corpus, in the
    order it uses them, each with those it uses in turn down to DEPENDENCY_DEPTH levels (one: a
    dependency's own dependencies are not linked; three made ingest of the whole corpus take 3.7x the
    memory). A package already on the way down is left out there, so a cycle of packages using each
    other is broken the same way whatever the order of the corpus."""

    def linked(name: str, path: frozenset) -> PackageSummary:
        s = summaries[name]
        deps = tuple(d for d in s.uses if d in summaries and d not in path)
        if len(path) > DEPENDENCY_DEPTH:
            return replace(s, deps=deps, dependencies=())
        return replace(s, deps=deps, dependencies=tuple(linked(d, path | {d}) for d in deps))

    return {name: linked(name, frozenset({name})) for name in summaries}


PROGRAM_FOLDERS = frozenset({"src", "ext"})
NOT_PROGRAM_FOLDERS = frozenset({"test", "tests", "docs", "doc", "examples", "example", "benchmark", "benchmarks"})


def is_program_file(path: str) -> bool:
    """Whether a file (its path as discovered) is one of its package's own sources: under a `src/` or
    `ext/` folder and not under a test, docs, examples or benchmark folder."""
    parts = path.replace("\\", "/").split("/")[:-1]
    return any(p in PROGRAM_FOLDERS for p in parts) and not any(p in NOT_PROGRAM_FOLDERS for p in parts)


TEST_FOLDERS = frozenset({"test", "tests"})


def is_test_file(path: str) -> bool:
    """Whether a file (its path as discovered) is one of its package's test files: under a `test/`
    or `tests/` folder."""
    return path.endswith(".jl") and any(p in TEST_FOLDERS for p in path.replace("\\", "/").split("/")[:-1])


def summarize_package(name: str, texts) -> PackageSummary:
    """Scan the texts of a package's files for what they define."""
    b = SummaryBuilder(name)
    for text in texts:
        b.add(text)
    return b.build()


# One pass finds every line that starts with a declaration keyword; a second finds lines that
# start like a call, which are checked in Python for the `f(x) = ...` short function form.
_DECL_LINE_RE = re.compile(
    r"^[ \t]*" + _MACROS + r"(function|struct|mutable|abstract|primitive|const|using|import|macro|module|baremodule"
    r"|@enum|@irrational)\b([^\n]*)", re.M)
_CALL_LINE_RE = re.compile(
    r"^[ \t]*(?:@\w+[^\S\n]+)*(?:[\w.]+\.)?([A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*)(?:\{[^}\n]*\})?\(([^\n]*)",
    re.M)
# `@deprecate old(x) new(x)` (also `Base.@deprecate`, `@deprecate(old(x), new(x))`) defines `old`
_DEPRECATE_RE = re.compile(r"^[ \t]*(?:Base\.)?@deprecate[ \t(]+(?:[\w.]+\.)?([A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*)\(",
                           re.M)
_OPERATOR_LINE_RE = re.compile(
    r"^[ \t]*(?:@\w+[^\S\n]+)*(?:[\w.]+\.)?:?(?:\((" + _OP + r")\)|(" + _OP + r"))(?:\{[^}\n]*\})?\(([^\n]*)", re.M)


def _short_definition(rest: str) -> bool:
    """`rest` follows `name(`: is the line `name(args)[::T][ where ...] = body`?"""
    if "=" not in rest:
        return False
    depth = 1
    for i, ch in enumerate(rest):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                tail = rest[i + 1:].split("#", 1)[0]
                eq = tail.find("=")
                if eq < 0 or tail[eq + 1:eq + 2] in ("=", ">"):
                    return False
                head = tail[:eq].strip()
                return head == "" or head.startswith("::") or head.startswith("where")
        elif ch == "#":
            return False
    return False


# `@traitimpl IsDirected{G} <- is_directed(G)` (also written `< -`)
_TRAITIMPL_RE = re.compile(r"^[ \t]*@traitimpl\s+([A-Za-z_]\w*)\{[^}\n]*\}\s*<\s*-\s*([A-Za-z_][\w!]*)\s*\(", re.M)
_TRIPLE = '"' * 3
_LEXICAL_RE = re.compile(r'#=|#|"{3}|"|\'')
_CHAR_RE = re.compile(r"'(?:\\.[^']{0,9}|[^\\'])'")
_STRING_END_RE = re.compile(r'(?:[^"\\]|\\.)*"', re.S)
_BLOCK_COMMENT_RE = re.compile(r"#=|=#")
_TRIPLE_END_RE = re.compile(r'(?:[^"\\]|\\.|"(?!""))*"{3}', re.S)


def _doc_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of a file's triple-quoted strings (docstrings, long messages), found
    by skipping its comments, strings and character literals. The declarations a docstring shows
    (`    struct ScalarConstraint` in its prose) are not the file's."""
    spans: list[tuple[int, int]] = []
    if _TRIPLE not in text:
        return spans
    pos, n = 0, len(text)
    while pos < n:
        m = _LEXICAL_RE.search(text, pos)
        if m is None:
            break
        tok, at = m.group(), m.start()
        if tok == "#":
            nl = text.find("\n", at)
            pos = n if nl < 0 else nl + 1
        elif tok == "#=":
            depth, pos = 1, at + 2
            while depth and pos < n:
                c = _BLOCK_COMMENT_RE.search(text, pos)
                if c is None:
                    pos = n
                    break
                depth += 1 if c.group() == "#=" else -1
                pos = c.end()
        elif tok == _TRIPLE:
            e = _TRIPLE_END_RE.match(text, at + 3)
            pos = n if e is None else e.end()
            spans.append((at, pos))
        elif tok == '"':
            e = _STRING_END_RE.match(text, at + 1)
            pos = n if e is None else e.end()
        else:   # a character literal, unless the quote is an adjoint (`x'`, `A[1]'`)
            prev = text[at - 1] if at else " "
            c = _CHAR_RE.match(text, at)
            pos = c.end() if c is not None and not (prev.isalnum() or prev in "_)]}'!.") else at + 1
    return spans


def _in_spans(spans: list, offset: int) -> bool:
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _scan(text: str, b: "SummaryBuilder") -> None:
    decls, functions, consts, names, aliases = b.decls, b.functions, b.consts, b.names, b.aliases
    lines = None
    docs = _doc_spans(text)
    for m in _DECL_LINE_RE.finditer(text):
        if docs and _in_spans(docs, m.start()):
            continue
        kw, rest = m.group(1), m.group(2)
        line = m.group(0)
        if kw in ("struct", "mutable"):
            if lines is None:
                lines = _Lines(text)
            sm = _STRUCT_RE.match(line)
            if sm:
                for mutable, head, fields in _struct_block(lines, m.start(), sm):
                    kind = "mutable struct" if mutable else "struct"
                    body = "; ".join(fields)
                    decls.append(f"{kind} {head}" + (f"; {body}" if body else "") + " end")
        elif kw == "abstract":
            am = _match_abstract(line)
            if am is None and _continues(_strip_comment(line).strip()):
                if lines is None:
                    lines = _Lines(text)
                am = _match_abstract(_head_over_lines(lines, lines.index_at(m.start()), line)[1])
            if am:
                decls.append(f"abstract type {_strip_comment(am)} end")
        elif kw == "primitive":
            pm = _match_primitive(line)
            if pm:
                decls.append(f"primitive type {pm[0]} {pm[1]} end")
        elif kw == "function":
            om = _FUNCTION_OP_RE.match(line)
            if om:
                functions.add(om.group(1) or om.group(2))
            else:
                fm = _FUNCTION_RE.match(line)
                if fm:
                    functions.add(fm.group(1))
        elif kw == "const":
            cm = _match_const(line)
            if cm is None:  # `const X =` with its value on the next lines: the name is still defined
                nm = re.match(r"\s*([A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*)", rest)
                if nm:
                    consts.setdefault(nm.group(1), "")
            else:
                name, typ, value = cm
                rhs = _strip_comment(value).strip()
                if not typ and re.fullmatch(r"[A-Z][\w.]*(\{[^=]*\})?", rhs):
                    # `const Model = GenericModel{Float64}` (a type alias), `const MinHeap{T} =
                    # BinaryHeap{T, Forward}` (a parametric one) or `const MOI = MathOptInterface`
                    aliases.setdefault(name, rhs)
                elif "{" in name:
                    consts.setdefault(name.split("{", 1)[0], "")  # a parametric alias not read
                else:
                    consts.setdefault(name, (typ or "").strip() or _literal_type_text(value))
        elif kw == "macro":
            mm = _MACRO_RE.match(line)
            if mm:
                names.add("@" + mm.group(1))
                b.file_macros.add(mm.group(1))
        elif kw in ("module", "baremodule"):
            mm = _MODULE_RE.match(line)
            if mm:
                names.add(mm.group(1))
        elif kw == "@enum":
            em = _ENUM_RE.match(line)
            if em:
                if lines is None and em.group(3).split("#")[0].strip().startswith("begin"):
                    lines = _Lines(text)
                _enum(em, lines, m.start(), b)
        elif kw == "@irrational":
            # `@irrational name value expr` defines the constant `name` (its type: see `build`)
            im = re.match(r"[ \t(]*([A-Za-z_\u00a0-\uffff][\w\u00a0-\uffff]*)", rest)
            if im:
                b.names.add(im.group(1))
                b.irrationals.append(im.group(1))
        elif kw == "using":
            _using(_continued(text, m.end(), rest), b)
        elif kw == "import":
            spec = _continued(text, m.end(), rest)
            _base_types_imported(spec, b)
            _stdlib_used(spec, b)
            if ":" in spec:
                module, _, listed = spec.partition(":")
                module = module.strip()
                items = [x.strip() for x in listed.split(",") if x.strip()]
                if re.fullmatch(r"[A-Za-z_][\w.]*", module):
                    for x in items:
                        if re.fullmatch(r"[\w!\u00a0-\uffff]+", x):   # not `f as g`
                            b.extended.setdefault(x, module)
                names.update(x.split(" as ")[-1].strip() for x in items)
            else:
                names.update(x.strip().split(" as ")[-1].strip().split(".")[-1] for x in spec.split(",") if x.strip())
    for m in _CALL_LINE_RE.finditer(text):
        if _short_definition(m.group(2)):
            functions.add(m.group(1))
    for m in _OPERATOR_LINE_RE.finditer(text):
        if _short_definition(m.group(3)):
            functions.add(m.group(1) or m.group(2))
    functions.update(m.group(1) for m in _DEPRECATE_RE.finditer(text))
    for m in _TRAITIMPL_RE.finditer(text):
        if not (docs and _in_spans(docs, m.start())):
            b.traits.setdefault(m.group(1), m.group(2))
    names.update(m.group(1) for m in _GLOBAL_RE.finditer(text))


def _enum(em, lines: "_Lines | None", offset: int, b: "SummaryBuilder") -> None:
    """`@enum E[::Base] a b=2 ...` or its block form (values on the next lines, up to `end`; read from
    at most ENUM_SCAN_LINES lines, out of the file's line budget): E is a primitive type under
    `Enum{Base}`, each value a constant of type E."""
    ename, base, rest = em.group(1), em.group(2) or "Int32", em.group(3).split("#")[0].strip()
    b.names.add(ename)
    b.decls.append(f"primitive type {ename} <: Enum{{{base}}} end")
    values = []
    if rest.startswith("begin") and lines is not None:
        i = lines.index_at(offset) + 1
        for _ in range(ENUM_SCAN_LINES):
            if i >= len(lines.lines) or lines.scan_budget <= 0:
                break
            lines.scan_budget -= 1
            line = lines.lines[i].split("#")[0].strip()
            i += 1
            if line == "end":
                break
            values += re.findall(r"^[A-Za-z_]\w*", line)
    else:
        values = [v.split("=")[0].strip() for v in re.findall(r"\b[A-Za-z_]\w*(?:\s*=\s*\S+)?", rest)]
    for v in values:
        if v not in ("begin", "end"):
            b.names.add(v)
            b.consts.setdefault(v, ename)


def _stdlib_used(spec: str, b: "SummaryBuilder") -> None:
    """Record the standard-library modules a `using`/`import` line names (`using LinearAlgebra: norm`,
    `import Statistics`, `using Base.Threads`: the last part), and the names it brings in by name
    from one of them under their own name (`using Random: default_rng`)."""
    mods = [spec.partition(":")[0]] if ":" in spec else spec.split(",")
    for mod in mods:
        last = mod.strip().split(" as ")[0].strip().split(".")[-1]
        if last in STDLIB_MODULES or last in ("Threads", "Iterators"):
            b.used.add(last)
            if ":" in spec:
                b.imported.update(x.strip() for x in spec.partition(":")[2].split(",")
                                  if x.strip() and " as " not in x)


def _continued(text: str, end: int, rest: str) -> str:
    """A `using`/`import` line's list without its comments, with the lines it continues on (a line
    ending in a comma goes on: `using Base: a, b,` then `c, d`)."""
    spec = rest.split("#", 1)[0].strip()
    for _ in range(MAX_IMPORT_LINES):
        if not spec.endswith(","):
            break
        nl = text.find("\n", end + 1)
        line = text[end + 1:nl if nl >= 0 else len(text)]
        end = nl if nl >= 0 else len(text)
        spec += " " + line.split("#", 1)[0].strip()
    return spec


def _base_types_imported(spec: str, b: "SummaryBuilder") -> None:
    """`using Base: Ordering, KeySet` (or `import`, from Base, one of its modules such as
    `Base.Broadcast` (or `Broadcast`), or Core): each name that is a type Base defines under that
    name becomes one in the package, as an alias of it, and Base.Order's `Forward`/`Reverse`
    constants of their types. Names Base spells otherwise are left alone."""
    if ":" not in spec:
        return
    mod, _, items = spec.partition(":")
    mod = mod.strip()
    if mod in base_submodules():
        mod = "Base." + mod
    if mod not in ("Base", "Core") and not (mod.startswith("Base.") and mod[5:] in base_submodules()):
        return
    reg = base_registry()
    for item in items.split(","):
        name = item.strip()
        if not name or " " in name or not name[:1].isupper():
            continue
        if name in MODULE_CONSTANTS and mod in ("Base", "Base.Order"):
            b.consts.setdefault(name, show(MODULE_CONSTANTS[name]))   # `using Base: Forward`: the ordering
            continue
        canon = reg.canonical(f"{mod}.{name}")
        if canon is not None and canon in (name, f"Base.{name}", f"{mod}.{name}", f"Base.Order.{name}", f"Core.{name}"):
            b.aliases.setdefault(name, canon)


def _using(spec: str, b: "SummaryBuilder") -> None:
    _stdlib_used(spec, b)
    _base_types_imported(spec, b)
    if ":" in spec:
        _, _, items = spec.partition(":")
        b.names.update(x.strip().split(" as ")[-1].strip() for x in items.split(",") if x.strip())
        return
    for mod in spec.split(","):
        mod = mod.strip()
        if not mod or mod.startswith("."):
            continue
        if mod.split(".")[0] not in STDLIB_MODULES:
            b.opaque = True


def _literal_type_text(rhs: str) -> str:
    rhs = _strip_comment(rhs).strip()
    if re.fullmatch(r"-?\d[\d_]*", rhs):
        return "Int64"
    if re.fullmatch(r"-?(\d[\d_]*\.\d*|\.\d+)([eE][+-]?\d+)?|-?\d+[eE][+-]?\d+", rhs):
        return "Float64"
    if re.fullmatch(r'"[^"\\$]*"', rhs):
        return "String"
    if rhs in ("true", "false"):
        return "Bool"
    if re.fullmatch(r":[A-Za-z_]\w*", rhs):
        return "Symbol"
    return ""


def own_module_names(summary: PackageSummary) -> frozenset:
    """The names that may open a path to one of the package's own definitions: the package's name
    and the names it defines (its submodules among them)."""
    return frozenset((summary.name, *summary.names))


class PackageIndex:
    """A package's definitions, ready for lookups during analysis."""

    def __init__(self, summary: PackageSummary):
        self.summary = summary
        # the types of the packages it uses (in the corpus) first, each also as `Dep.T`, then its own
        self.registry = TypeRegistry(parent=dependency_types(summary.dependencies))
        self.modules: set = set(declare_package(self.registry, summary.decl_lines, summary.aliases,
                                                own_module_names(summary)))
        self.registry.add_module_prefix(summary.name)
        # `const MOI = MathOptInterface`: an alias whose right-hand side names no type, a module
        self.module_aliases = {name: rhs for name, rhs in summary.aliases if name in self.modules and "{" not in rhs}
        self.functions = frozenset(summary.functions)
        self.consts = dict(summary.consts)
        self.names = frozenset(summary.names)
        self.opaque = summary.opaque
        self.used_modules = frozenset(summary.used)
        self.imported_names = frozenset(summary.imported)
        self.sources = summary.sources
        self.function_files = dict(summary.function_files)
        self.macro_files = dict(summary.macro_files)
        self.test_files = frozenset(summary.test_files)
        self.test_sources = summary.test_sources
        self.test_function_files = dict(summary.test_function_files)
        self.function_aliases = dict(summary.function_aliases)
        self.extended = dict(summary.extended)
        self.traits = dict(summary.traits)
        self.exports = frozenset(summary.exports)
        self._dependencies = None
        self._const_types: dict = {}
        self._in_reach: dict = {}   # function name -> `defines_in_reach`

    def dependencies(self) -> list:
        """The PackageIndex of each package this one uses that is in the corpus, in order, whose
        methods its calls reach: not a standard library with a generated summary (Julia loads the
        stdlib it ships, whose API and types the summary gives; the corpus's copy is labelled as a
        package of its own)."""
        if self._dependencies is None:
            self._dependencies = [index_for(d) for d in self.summary.dependencies
                                  if d.name not in summarised_stdlibs()]
        return self._dependencies

    def defines_in_reach(self, name: str) -> bool:
        """Whether the package's sources or test files, or a package it uses in the corpus (at any
        depth), define methods of function `name`, Base's included (`Base.promote_rule(...)`).
        Worked out once per name (it is asked at every array literal)."""
        hit = self._in_reach.get(name)
        if hit is None:
            hit = False
            seen, todo = set(), [self]
            while todo and not hit:
                index = todo.pop()
                if index.summary.name in seen:
                    continue
                seen.add(index.summary.name)
                hit = name in index.functions or name in index.test_function_files
                todo.extend(index.dependencies())
            self._in_reach[name] = hit
        return hit

    def defines(self, name: str) -> bool:
        return name in self.functions or name in self.consts or name in self.names or name in self.modules or \
            self.registry.canonical(name) is not None

    def used_global_type(self, name: str) -> JType | None:
        """The type of the constant `name` that a package this one uses exports: its own, or one it
        re-exports from a package it uses in turn, as far as DEPENDENCY_DEPTH links them; else None."""
        todo = [d for d in self.dependencies() if d is not None]
        seen = {self.summary.name}
        while todo:
            dep = todo.pop(0)
            if dep.summary.name in seen or name not in dep.exports:
                continue
            seen.add(dep.summary.name)
            t = dep.global_type(name)
            if t is not None:
                return t
            todo.extend(d for d in dep.dependencies() if d is not None)
        return None

    def global_type(self, name: str) -> JType | None:
        if name in self._const_types:
            return self._const_types[name]
        t = None
        text = self.consts.get(name)
        if text:
            try:
                t = self.registry.parse(text)
            except Exception:
                t = None
        self._const_types[name] = t
        return t


_CACHE: "OrderedDict[str, PackageIndex]" = OrderedDict()
# the registries of the types of packages used, one per package over those before it in a list of
# dependencies (keyed by the digests of the list up to it): shared by the packages that use them
_LAYERS: "OrderedDict[tuple, TypeRegistry]" = OrderedDict()


def dependency_types(dependencies) -> TypeRegistry:
    """Base's registry with a layer per package of `dependencies` over it, in order, each declaring
    that package's types (also as `Dep.T`); a layer is built once per process and list prefix, and
    never changed after (the packages of a monorepo use the same few)."""
    parent = base_registry()
    key: tuple = ()
    for dep in dependencies:
        if dep.name in summarised_stdlibs():
            continue   # Julia loads the standard library it ships, whose types Base's registry holds
        key = (*key, dep.digest())
        parent = _recently_used(_LAYERS, key, lambda under=parent, dep=dep: _types_layer(under, dep))
    return parent


def _types_layer(parent: TypeRegistry, dep: PackageSummary) -> TypeRegistry:
    """A registry over `parent` declaring `dep`'s types, also as `Dep.T`."""
    layer = TypeRegistry(parent=parent)
    declare_package(layer, dep.decl_lines, dep.aliases, own_module_names(dep))
    layer.add_module_prefix(dep.name)
    return layer


def _recently_used(cache: OrderedDict, key, build):
    """`cache[key]`, built by `build()` where it is missing; the cache keeps the PACKAGE_INDEXES_KEPT
    entries used last."""
    value = cache.get(key)
    if value is None:
        value = cache[key] = build()
        while len(cache) > PACKAGE_INDEXES_KEPT:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return value


def index_for(summary: PackageSummary | None) -> PackageIndex | None:
    """The PackageIndex of `summary`, cached per process (workers label many files per package)."""
    if summary is None:
        return None
    return _recently_used(_CACHE, summary.digest(), lambda: PackageIndex(summary))
