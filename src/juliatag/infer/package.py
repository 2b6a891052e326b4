"""What a whole package defines, gathered cheaply from the text of all its files.

A file is labelled on its own, but it sees the names, types and constants its package defines
in other files (Julia packages are usually one module `include`-ing many files). The summary is
built by a line-oriented scan (no parse), is small and picklable, and a worker turns it into a
`PackageIndex` once per package.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass

from ..types.hierarchy import TypeRegistry, base_registry, declare_from_source
from ..types.jtypes import BOOL, FLOAT64, INT64, STRING, SYMBOL, DataT, FuncT, JType

_STRUCT_RE = re.compile(r"^([ \t]*)(?:(?:Base\.)?@kwdef\s+|@with_kw\s+|@concrete\s+)?(mutable\s+)?struct\s+(.+)$",
                        re.M)
_ABSTRACT_RE = re.compile(r"^[ \t]*abstract\s+type\s+(.+?)\s+end\b", re.M)
_PRIMITIVE_RE = re.compile(r"^[ \t]*primitive\s+type\s+(.+?)\s+(\d+)\s+end\b", re.M)
_FUNCTION_RE = re.compile(r"^[ \t]*(?:@\w+\s+)*function\s+(?:[\w.]+\.)?([A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*)",
                          re.M)
_SHORT_FN_RE = re.compile(
    r"^[ \t]*(?:@\w+\s+)*(?:[\w.]+\.)?([A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*)(?:\{[^}\n]*\})?\([^\n=]*\)"
    r"(?:\s*::\s*[^\n=]+?)?(?:\s+where\s+[^\n=]+?)?\s*=(?!=)", re.M)
_CONST_RE = re.compile(r"^[ \t]*const\s+([A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*)\s*(?:::\s*([^=\n]+?))?\s*=\s*([^\n]+)$",
                       re.M)
_USING_RE = re.compile(r"^[ \t]*using\s+([^\n#]+)", re.M)
_IMPORT_RE = re.compile(r"^[ \t]*import\s+([^\n#]+)", re.M)
_MACRO_RE = re.compile(r"^[ \t]*macro\s+(\w+)", re.M)
_MODULE_RE = re.compile(r"^[ \t]*(?:bare)?module\s+(\w+)", re.M)
_ENUM_RE = re.compile(r"^[ \t]*@enum\s+(\w+)(?:::\w+)?([^\n]*)", re.M)
_GLOBAL_RE = re.compile(r"^([A-Za-z_][\w!]*)\s*(?:::[^=\n]+)?=(?!=)", re.M)
_FIELD_RE = re.compile(r"^\s*(?:const\s+)?([A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*)\s*(?:::\s*([^=#\n]+?))?\s*(?:=[^\n]*)?\s*(?:#.*)?$")
_KNOWN_MODULES = {"Base", "Core", "LinearAlgebra", "Statistics", "Random", "Printf", "Dates", "SparseArrays",
                  "Test", "InteractiveUtils", "Markdown", "Logging", "Serialization", "Distributed", "Mmap",
                  "Sockets", "UUIDs", "Unicode", "SHA", "Pkg", "TOML", "Libdl", "DelimitedFiles"}


@dataclass(frozen=True)
class PackageSummary:
    name: str
    decl_lines: tuple = ()
    functions: tuple = ()
    consts: tuple = ()          # (name, type text or "")
    names: tuple = ()           # every other defined name (types, macros, modules, globals, enum values)
    opaque: bool = False        # the package `using`s modules we know nothing about
    aliases: tuple = ()         # (name, right-hand side) of `const A = SomeTypeOrModule`

    def to_json(self) -> dict:
        return {"name": self.name, "decl_lines": list(self.decl_lines), "functions": list(self.functions),
                "consts": [list(c) for c in self.consts], "names": list(self.names), "opaque": self.opaque,
                "aliases": [list(a) for a in self.aliases]}

    @classmethod
    def from_json(cls, d: dict) -> "PackageSummary":
        return cls(d["name"], tuple(d["decl_lines"]), tuple(d["functions"]), tuple(tuple(c) for c in d["consts"]),
                   tuple(d["names"]), d["opaque"], tuple(tuple(a) for a in d["aliases"]))

    def digest(self) -> str:
        h = hashlib.sha256()
        for part in (self.name, *self.decl_lines, "|", *self.functions, "|", *map(str, self.consts), "|",
                     *self.names, str(self.opaque), "|", *map(str, self.aliases)):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _struct_blocks(text: str):
    lines = text.splitlines()
    for m in _STRUCT_RE.finditer(text):
        indent, mutable, head = m.group(1), bool(m.group(2)), _strip_comment(m.group(3))
        if not head:
            continue
        if re.search(r"\bend\s*$", head) or ";" in head:
            # one-line struct: `struct A end`, `struct A; x::Int; end`
            parts = [p.strip() for p in re.sub(r"\bend\s*$", "", head).split(";")]
            yield mutable, parts[0], [p for p in parts[1:] if p]
            continue
        start_line = text.count("\n", 0, m.start())
        fields = []
        depth = 0
        for line in lines[start_line + 1:start_line + 400]:
            code = _strip_comment(line)
            stripped = code.strip()
            if depth == 0 and re.match(rf"^{re.escape(indent)}end\b", line):
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
            fm = _FIELD_RE.match(stripped)
            if fm:
                fields.append(f"{fm.group(1)}::{fm.group(2).strip()}" if fm.group(2) else fm.group(1))
        yield mutable, head, fields


class SummaryBuilder:
    """Accumulates a package summary file by file (so a planner can stream files)."""

    def __init__(self, name: str):
        self.name = name
        self.decls: list = []
        self.functions: set = set()
        self.consts: dict = {}
        self.names: set = set()
        self.aliases: dict = {}
        self.opaque = False

    def add(self, text: str) -> None:
        _scan(text, self)

    def build(self) -> PackageSummary:
        return PackageSummary(self.name, tuple(self.decls), tuple(sorted(self.functions)),
                              tuple(sorted(self.consts.items())), tuple(sorted(self.names)), self.opaque,
                              tuple(sorted(self.aliases.items())))


def summarize_package(name: str, texts) -> PackageSummary:
    """Scan the texts of a package's files for what they define."""
    b = SummaryBuilder(name)
    for text in texts:
        b.add(text)
    return b.build()


def _scan(text: str, b: "SummaryBuilder") -> None:
    decls, functions, consts, names, aliases = b.decls, b.functions, b.consts, b.names, b.aliases
    if True:
        for mutable, head, fields in _struct_blocks(text):
            kw = "mutable struct" if mutable else "struct"
            body = "; ".join(fields)
            decls.append(f"{kw} {head}" + (f"; {body}" if body else "") + " end")
        for m in _ABSTRACT_RE.finditer(text):
            decls.append(f"abstract type {_strip_comment(m.group(1))} end")
        for m in _PRIMITIVE_RE.finditer(text):
            decls.append(f"primitive type {m.group(1)} {m.group(2)} end")
        functions.update(m.group(1) for m in _FUNCTION_RE.finditer(text))
        functions.update(m.group(1) for m in _SHORT_FN_RE.finditer(text))
        for m in _CONST_RE.finditer(text):
            rhs = _strip_comment(m.group(3)).strip()
            if not m.group(2) and re.fullmatch(r"[A-Z][\w.]*(\{[^=]*\})?", rhs):
                # `const Model = GenericModel{Float64}` (a type alias) or `const MOI = MathOptInterface`
                aliases.setdefault(m.group(1), rhs)
                continue
            consts.setdefault(m.group(1), (m.group(2) or "").strip() or _literal_type_text(m.group(3)))
        for m in _MACRO_RE.finditer(text):
            names.add("@" + m.group(1))
        names.update(m.group(1) for m in _MODULE_RE.finditer(text))
        for m in _ENUM_RE.finditer(text):
            names.add(m.group(1))
            names.update(re.findall(r"\b([A-Za-z_]\w*)\b", m.group(2).split("#")[0]))
        names.update(m.group(1) for m in _GLOBAL_RE.finditer(text))
        for m in _USING_RE.finditer(text):
            spec = m.group(1).strip()
            if ":" in spec:
                mod, _, items = spec.partition(":")
                names.update(x.strip().split(" as ")[-1].strip() for x in items.split(","))
                continue
            for mod in spec.split(","):
                mod = mod.strip()
                if not mod:
                    continue
                if mod.startswith("."):
                    continue
                if mod.split(".")[0] not in _KNOWN_MODULES:
                    b.opaque = True
        for m in _IMPORT_RE.finditer(text):
            spec = m.group(1)
            if ":" in spec:
                names.update(x.strip().split(" as ")[-1].strip() for x in spec.partition(":")[2].split(","))
            else:
                names.update(x.strip().split(".")[-1] for x in spec.split(","))


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


class PackageIndex:
    """A package's definitions, ready for lookups during analysis."""

    def __init__(self, summary: PackageSummary):
        self.summary = summary
        self.registry = TypeRegistry(parent=base_registry())
        for line in summary.decl_lines:
            try:
                declare_from_source(self.registry, line, user=True)
            except Exception:
                continue  # a declaration the line scanner got wrong is just not known
        self.modules: set = set()
        for alias, rhs in summary.aliases:
            head = rhs.split("{", 1)[0]
            if self.registry.canonical(head) is not None:
                try:
                    declare_from_source(self.registry, f"const {alias} = {rhs}", user=True)
                    continue
                except Exception:
                    pass
            self.modules.add(alias)
        self.functions = frozenset(summary.functions)
        self.consts = dict(summary.consts)
        self.names = frozenset(summary.names)
        self.opaque = summary.opaque
        self._const_types: dict = {}

    def defines(self, name: str) -> bool:
        return name in self.functions or name in self.consts or name in self.names or name in self.modules or \
            self.registry.canonical(name) is not None

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

    def return_type(self, name: str) -> JType | None:
        return None


_CACHE: "OrderedDict[str, PackageIndex]" = OrderedDict()


def index_for(summary: PackageSummary | None) -> PackageIndex | None:
    """The PackageIndex of `summary`, cached per process (workers label many files per package)."""
    if summary is None:
        return None
    key = summary.digest()
    idx = _CACHE.get(key)
    if idx is None:
        idx = PackageIndex(summary)
        _CACHE[key] = idx
        while len(_CACHE) > 8:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return idx
