"""Generate the bundled API summaries of stdlib packages, `src/juliatag/data/stdlib/<NAME>.jl`.

    python tools/gen_stdlib_summaries.py \\
        --source LinearAlgebra=/work/data/packages/LinearAlgebra \\
        --git-dir LinearAlgebra=/work/.mirror/JuliaLang+LinearAlgebra.jl/repo \\
        --source SparseArrays=... --git-dir SparseArrays=... --source Statistics=... --git-dir Statistics=...

A source is `NAME=DIR` (with `--git-dir NAME=GITDIR`: the commit is the git directory's HEAD, and every
`DIR/src/**/*.jl` must equal that commit's file, or nothing is written) or `NAME=DIR@COMMIT` (the commit
as given, unverified). Nothing is downloaded.

juliatag summarises the packages with its own parser and abstract interpreter: every method under
its declared argument types, as when it labels the package. A method becomes a line of the
`data/base_methods.jl` format only when a wrong type is unlikely:

- the function is the package's API (exported or `public` by its top module, defined there and not
  imported from another module), the method takes no keyword arguments, is no `Name{T}(...)`
  constructor, and every parameter type is known and means the same in juliatag's Base type table;
- the return type is known, not `Any`, not `Union{}`, concrete (or a union of concrete types) once
  the method's type variables are fixed, and depends on the arguments only through the method's own
  `where` variables: an argument returned as it is (`mul!(C, A, B)` returns `C`) gets a `where`
  variable of its own (`mul!(::A1, ...) where {A1<:AbstractMatrix} = A1`);
- no other method of the function, in any summarised package, could be the one Julia calls for some of
  its arguments (more specific, equally specific, or of unclear precedence) without being emitted in
  the same file (or, for an unclear one, with another return type): the table is tried top to bottom;
  lines of one function are ordered most specific first;
- no hand-written rule (data/base_methods.jl, tried first) already answers every call it matches.

Methods no definition pass collects count as such other methods too: `@eval $f(x::$T) = ...` in a `for`
loop stands for the loop's names and types, a definition in a macro for the names the package calls the
macro with, and one that cannot be told for any function with parameters of any type. The analysis
uses the hand-written rules alone (not the summaries it rewrites). The loader
(juliatag.infer.base.methods) lets a generated line answer only calls whose arguments all match it.

The output is deterministic: functions by name, lines by specificity and then by text.
"""

from __future__ import annotations

import argparse
import hashlib
import shlex
import subprocess
import sys
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from juliatag import __version__
from juliatag.infer.analyzer import analyze_file
from juliatag.infer.base import methods as table_module
from juliatag.infer.base.methods import TableMethod, _parse_line, eval_return
from juliatag.infer.definitions import DefinitionCollector, MethodDef, param_of, signature_core
from juliatag.infer.generated import generated_code
from juliatag.infer.package import PackageIndex, summarize_package
from juliatag.infer.typeconv import TypeConverter, args_of, dotted_name, where_vars
from juliatag.labels import MAX_BLOCK_DEPTH, MAX_BRACKET_DEPTH, nesting_depths
from juliatag.lexer import lex
from juliatag.syntax import get_parser
from juliatag.syntax.tree import parents
from juliatag.types.jtypes import (ANY, BOTTOM, UNKNOWN, DataT, FuncT, JType, TypeT, UnionT, VarT, is_arg_type,
                                   is_known, is_wildcard, mentions, show)
from juliatag.types.registry import TypeRegistry, base_registry, declare_from_source

GENERATED_SUFFIX = "#generated"   # the name of the file a source's top-level code generates, written out

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "src" / "juliatag" / "data" / "stdlib"

KNOWN_REPOSITORIES = {
    "LinearAlgebra": "https://github.com/JuliaLang/LinearAlgebra.jl",
    "SparseArrays": "https://github.com/JuliaSparse/SparseArrays.jl",
    "Statistics": "https://github.com/JuliaStats/Statistics.jl",
    "Random": "https://github.com/JuliaLang/julia (stdlib/Random)",
    "Printf": "https://github.com/JuliaLang/julia (stdlib/Printf)",
    "Dates": "https://github.com/JuliaLang/julia (stdlib/Dates)",
}

# names Julia's type table knows without a declaration line
_BUILTIN_TYPE_NAMES = frozenset({"Tuple", "NamedTuple", "Vararg", "Union", "Type"})

UNKNOWN_PARAM = object()  # a parameter whose declared type juliatag cannot read
ANY_FUNCTION = "<any function>"  # the name of a definition whose function name is spliced in (`$f(x) = ...`)


@contextmanager
def hand_written_only():
    """Analyse with the hand-written rules alone: summaries generated before (the package data this
    script rewrites) must not feed their own inference, so that a run depends on the sources only."""
    full = table_module.method_table
    hand = {k: [m for m in v if not m.generated] for k, v in full().items()}
    hand = {k: v for k, v in hand.items() if v}
    table_module.method_table = lambda: hand
    try:
        yield
    finally:
        table_module.method_table = full


# ------------------------------------------------------------------------------------------ sources

@dataclass
class Source:
    name: str
    root: Path
    commit: str
    repository: str
    verified: bool


def _git(git_dir: str, *args: str) -> str:
    r = subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise SystemExit(f"git --git-dir={git_dir} {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def _blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def source_files(root: Path) -> list[Path]:
    return sorted((root / "src").rglob("*.jl"), key=lambda p: p.relative_to(root).as_posix())


def resolve_source(spec: str, git_dirs: dict, repositories: dict) -> Source:
    name, eq, rest = spec.partition("=")
    if not eq or not name.isidentifier():
        raise SystemExit(f"--source wants NAME=DIR[@COMMIT], got {spec!r}")
    directory, _, commit = rest.partition("@")
    root = Path(directory)
    if not (root / "src").is_dir():
        raise SystemExit(f"{root}/src is not a folder")
    git_dir = git_dirs.get(name)
    verified = False
    if git_dir is not None:
        commit = _git(git_dir, "rev-parse", "--verify", (commit or "HEAD") + "^{commit}").strip()
        listing = _git(git_dir, "ls-tree", "-r", commit, "--", "src")
        blobs = {}
        for line in listing.splitlines():
            meta, _, path = line.partition("\t")
            if path.endswith(".jl"):
                blobs[path] = meta.split()[2]
        here = {p.relative_to(root).as_posix(): _blob_sha(p.read_bytes()) for p in source_files(root)}
        if here != blobs:
            differ = sorted(k for k in set(here) | set(blobs) if here.get(k) != blobs.get(k))
            raise SystemExit(f"{root}: src differs from commit {commit} of {git_dir}: {differ[:5]}")
        verified = True
    elif not commit:
        raise SystemExit(f"--source {spec!r}: give the commit (NAME=DIR@COMMIT) or --git-dir {name}=GITDIR")
    repository = repositories.get(name) or KNOWN_REPOSITORIES.get(name) or "(unknown repository)"
    return Source(name, root, commit, repository, verified)


# ------------------------------------------------------------------------------- one package's facts

@dataclass
class Candidate:
    """One method definition of a summarised package, and what became of it."""

    package: str
    where: str                   # file:line
    name: str
    api: bool                    # a function of the package's own API, defined in its top module
    params: list                 # JType per positional parameter, or UNKNOWN_PARAM
    vararg: bool
    min_args: int
    reason: str | None = None    # why it is not emitted (None: emitted)
    ret: object = None           # the return type juliatag infers under the declared argument types
    blocker: str = ""            # the other method that keeps it from being emitted, if one does
    threat: bool = True          # a method of the function of that name (not of a submodule's own)
    lines: list = field(default_factory=list)    # [(line text, TableMethod)], one per arity
    ret_text: str = ""


def _string_value(node, data: bytes) -> str | None:
    if node.kind != "STRING_LITERAL":
        return None
    parts = [c for c in node.children if c.kind not in ("STRING_DELIM_OPEN", "STRING_DELIM_CLOSE")]
    if len(parts) != 1 or parts[0].kind != "STRING_CONTENT":
        return None
    return data[parts[0].start:parts[0].end].decode("utf-8", "replace")


def _module_chains(root, data: bytes):
    """Yield (node, chain of enclosing module names) for every node of a file."""
    stack = [(root, ())]
    while stack:
        node, chain = stack.pop()
        yield node, chain
        inner = chain
        if node.kind == "MODULE_DEF":
            sig = node.child("SIGNATURE")
            if sig is not None and sig.children:
                inner = chain + (sig.children[0].text(data),)
        stack.extend((c, inner) for c in reversed(node.children))


class PackageFacts:
    def __init__(self, source: Source, parser):
        self.source = source
        self.skipped: list[str] = []
        root = source.root
        texts = {}
        # what a file's top-level code generates, written out (infer/generated.py) as one more file, under
        # the file's path and GENERATED_SUFFIX; the loops' ranges, whose methods are not `_hidden`
        self.expanded: dict[str, list] = {}
        for path in source_files(root):
            rel = path.relative_to(root).as_posix()
            texts[rel] = path.read_bytes()
            generated, spans = generated_code(texts[rel].decode("utf-8", "replace"))
            if generated is not None:
                texts[rel + GENERATED_SUFFIX] = generated.encode("utf-8")
                self.expanded[rel] = spans
        self.index = PackageIndex(summarize_package(source.name, [d.decode("utf-8", "replace")
                                                                  for d in texts.values()]))
        self._parsed: dict[str, object] = {}
        for rel, data in texts.items():
            bracket, block = nesting_depths(lex(data.decode("utf-8", "replace")))
            if bracket > MAX_BRACKET_DEPTH or block > MAX_BLOCK_DEPTH:
                self.skipped.append(rel)
                continue
            self._parsed[rel] = (data, parser.parse(data).root)
        # `const Name{T} = Type{T}` aliases, which the line scanner of package.py leaves unknown
        self.macro_calls: dict[str, list] = defaultdict(list)
        for data, tree in self._parsed.values():
            for node in tree.walk():
                if node.kind == "MACRO_CALL" and node.children and node.children[0].kind == "MACRO_NAME":
                    rest = node.children[1:]
                    if len(rest) == 1 and rest[0].kind == "ARG_LIST":
                        rest = args_of(rest[0])
                    self.macro_calls[node.children[0].text(data)].append(rest and [(c.kind, c.text(data))
                                                                                   for c in rest])
                if node.kind != "CONST_STMT":
                    continue
                for a in node.children_of("ASSIGNMENT_EXPR"):
                    if len(a.children) >= 3 and a.children[0].kind == "CURLY_EXPR":
                        _declare_alias(self.index.registry, a.children[0].text(data), a.children[-1].text(data))
        # which module each file is included into: follow include("...") from src/NAME.jl
        self.base_chain: dict[str, tuple] = {}
        top = f"src/{source.name}.jl"
        todo = [(top, ())]
        while todo:
            rel, chain = todo.pop()
            if rel in self.base_chain or rel not in self._parsed:
                continue
            self.base_chain[rel] = chain
            data, tree = self._parsed[rel]
            for node, inner in _module_chains(tree, data):
                if node.kind != "CALL_EXPR" or len(node.children) < 2:
                    continue
                callee = node.children[0]
                if callee.kind != "NAME" or callee.text(data) != "include":
                    continue
                args = [c.children[0] for c in node.children[1].children if c.kind == "ARG" and c.children]
                target = _string_value(args[0], data) if len(args) == 1 else None
                if target is not None:
                    path = (Path(rel).parent / target).as_posix()
                    todo.append((path, chain + inner))
        for rel in self.expanded:
            if rel in self.base_chain:
                self.base_chain[rel + GENERATED_SUFFIX] = self.base_chain[rel]
        self.exports: set[str] = set()
        # per module (chain of names): the names it imports from other modules, and so may extend
        self.imports_in: dict[tuple, set] = defaultdict(set)
        self.top = (source.name,)
        for rel, (data, tree) in self._parsed.items():
            base = self.base_chain.get(rel)
            if base is None:
                continue
            for node, inner in _module_chains(tree, data):
                chain = base + inner
                if node.kind in ("EXPORT_STMT", "PUBLIC_STMT") and chain == self.top:
                    kids = node.children[1:] if node.kind == "PUBLIC_STMT" else node.children
                    self.exports.update(c.text(data) for c in kids if c.kind != "MACRO_NAME")
                elif node.kind in ("IMPORT_STMT", "USING_STMT"):
                    paths = node.children_of("IMPORT_PATH", "IMPORT_ALIAS")
                    if node.child("COLON") is not None:
                        paths = paths[1:]
                    elif node.kind == "USING_STMT":
                        continue
                    for p in paths:
                        self.imports_in[chain].add(p.text(data).split(" as ")[0].strip().split(".")[-1])
        self.imports = self.imports_in.get(self.top, set())

    def own_function_of_submodule(self, chain, name: str, qualifier: str) -> bool:
        """Whether a method defined in module `chain` belongs to a function of that submodule alone
        (`dot` in LinearAlgebra.BLAS is not LinearAlgebra's `dot`): unqualified, name not imported."""
        return (chain is not None and chain != self.top and qualifier in ("", chain[-1])
                and name not in self.imports_in.get(chain, set()))

    def candidates(self) -> list[Candidate]:
        out = []
        for rel in sorted(self._parsed):
            data, tree = self._parsed[rel]
            out.extend(self._file_candidates(rel, data, tree))
        return out

    def _file_candidates(self, rel: str, data: bytes, tree) -> list[Candidate]:
        analysis = analyze_file(data, tree, self.index)
        returns = {f.start: f.return_type for f in analysis.functions}
        registry = TypeRegistry(parent=self.index.registry)
        defs = DefinitionCollector(data, registry).collect(tree)
        conv = TypeConverter(registry, data)
        chain_at = {}
        base = self.base_chain.get(rel)
        for node, inner in _module_chains(tree, data):
            if node.kind in ("FUNCTION_DEF", "ASSIGNMENT_EXPR"):
                chain_at[node.start] = inner
        out = []
        for meth in sorted(defs.all_methods(), key=lambda m: m.node.start):
            line = data[:meth.node.start].count(b"\n") + 1
            cand = _candidate(self, meth, data, conv, base, chain_at.get(meth.node.start, ()),
                              returns.get(meth.node.start), f"{rel}:{line}")
            if cand is not None:
                out.append(cand)
        out.extend(self._hidden(rel, data, tree, defs, conv))
        return out

    def _hidden(self, rel: str, data: bytes, tree, defs, conv: TypeConverter) -> list[Candidate]:
        """Method definitions the definition pass does not collect: in `for` loops (`@eval $f(x::T) =
        ...` over a list of names), `let` blocks, function bodies. None is emitted, but each can be the
        method Julia calls instead of an emitted one; a name spliced in (`$f`) stands for every symbol
        of the enclosing loops (for any function when there is none)."""
        out = []
        base = self.base_chain.get(rel)
        spans = self.expanded.get(rel, ())
        up = parents(tree)   # id of a node -> its parent
        for node, inner in _module_chains(tree, data):
            if node.start in defs.definition_nodes:
                continue
            if any(a <= node.start < b for a, b in spans):
                continue   # written out: its methods are candidates of the generated file
            if node.kind == "FUNCTION_DEF":
                sig = node.child("SIGNATURE")
                sig = sig.children[0] if sig is not None and sig.children else None
            elif node.kind == "ASSIGNMENT_EXPR" and len(node.children) >= 3 and node.children[1].kind == "EQ":
                sig = node.children[0]
            else:
                continue
            core = signature_core(sig) if sig is not None else None
            if core is None or core.kind != "CALL_EXPR" or not core.children or len(core.children) < 2:
                continue
            names = _callee_names(core.children[0], data, self.macro_calls, up)
            callee = core.children[0]
            qualifier = callee.children[0].text(data) if callee.kind == "BINARY_EXPR" and callee.children else ""
            names = {n for n in names if not self.own_function_of_submodule(
                None if base is None else base + inner, n, qualifier)}
            if not names:
                continue
            scope = {}
            for wnode in _where_nodes(sig):
                for name_node, bound in where_vars(wnode):
                    ub = conv.convert(bound, scope) if bound is not None else ANY
                    scope[name_node.text(data)] = VarT(name_node.text(data), ub, False)
            params = []
            for c in core.children[1].children:
                if c.kind == "ARG" and c.children:
                    params.append(param_of(c.children[0], data))
                elif c.kind == "KEYWORD_ARG":
                    params.append(param_of(c, data))
            types = []
            for prm in params:
                t = _spliced_type(prm.type_node, data, conv, scope, up) if prm.type_node is not None else ANY
                types.append(t if t is not UNKNOWN_PARAM and is_known(t) else UNKNOWN_PARAM)
            vararg = bool(params) and params[-1].vararg
            min_args = sum(1 for prm in params if prm.default is None and not prm.vararg)
            line = data[:node.start].count(b"\n") + 1
            for name in sorted(names):
                out.append(Candidate(self.source.name, f"{rel}:{line}", name, False, types, vararg, min_args,
                                     reason="defined in a loop, let block or function body"))
        return out


def _declare_alias(reg: TypeRegistry, lhs: str, rhs: str) -> None:
    """Declare `const lhs = rhs` when it is a type alias juliatag can read."""
    head, _, params = lhs.partition("{")
    scope = {p.strip(): VarT(p.strip(), ANY, False) for p in params.rstrip("}").split(",") if p.strip()}
    try:
        target = reg.parse(rhs, scope)
    except Exception:
        return
    if not isinstance(target, (DataT, UnionT)) or not is_known(target) or reg.is_type_name(head.strip()):
        return
    try:
        declare_from_source(reg, f"const {lhs} = {rhs}", user=True)
    except Exception:
        return


def _macro_argument_names(macro, var: str | None, data: bytes, macro_calls: dict) -> set:
    sig = macro.child("SIGNATURE")
    call = sig.children[0] if sig is not None and sig.children else None
    if call is None or call.kind != "CALL_EXPR" or len(call.children) < 2 or var is None:
        return {ANY_FUNCTION}
    params = [a.text(data) for a in args_of(call.children[1])]
    if var not in params:
        return {ANY_FUNCTION}
    i = params.index(var)
    names = set()  # a macro never called in the package defines nothing there
    for args in macro_calls.get("@" + call.children[0].text(data), []):
        if not args or i >= len(args) or args[i][0] != "NAME":
            return {ANY_FUNCTION}
        names.add(args[i][1])
    return names


def _where_nodes(sig) -> list:
    out = []
    node = sig
    for _ in range(8):
        if node.kind == "WHERE_EXPR" and node.children:
            out.append(node)
            node = node.children[0]
        elif node.kind == "TYPE_ANNOTATION" and len(node.children) >= 3:
            node = node.children[0]
        else:
            break
    return out


def _loop_values(node, var: str, data: bytes, up: dict) -> list | None:
    """The symbols a `for` loop around `node` binds `var` to (`for (f, g) in ((:a, :b), (:c, :d))`
    binds f to a and c), or None when no enclosing loop binds it to a plain list of symbols (`up`: id of
    a node -> its parent)."""
    loop = up.get(id(node))
    while loop is not None:
        if loop.kind == "FOR_EXPR":
            for binding in loop.children_of("FOR_BINDING"):
                if len(binding.children) < 3:
                    continue
                target, items = binding.children[0], binding.children[-1]
                names = [c.text(data) for c in (args_of(target) if target.kind == "TUPLE_EXPR" else [target])]
                if var not in names:
                    continue
                if items.kind not in ("TUPLE_EXPR", "VECT_EXPR"):
                    return None
                i, out = names.index(var), []
                for item in args_of(items):
                    parts = args_of(item) if len(names) > 1 and item.kind == "TUPLE_EXPR" else [item]
                    if len(parts) != len(names) or parts[i].kind != "QUOTE_SYM" or not parts[i].children:
                        return None
                    out.append(parts[i].children[-1].text(data))
                return out
        loop = up.get(id(loop))
    return None


def _spliced_type(node, data: bytes, conv: TypeConverter, scope: dict, up: dict):
    """A parameter type, with names spliced in by a `for` loop (`A::$T` for T in (:Diagonal, :Bidiagonal))
    read as the union of the loop's types; UNKNOWN_PARAM when that cannot be told."""
    holes = [n for n in node.walk() if n.kind == "INTERPOLATION"]
    if not holes:
        return conv.convert(node, scope)
    choices = []
    for h in holes:
        var = next((n.text(data) for n in h.walk() if n.kind in ("NAME", "IDENT")), None)
        values = _loop_values(h, var, data, up) if var is not None else None
        if not values:
            return UNKNOWN_PARAM
        choices.append(values)
    combos = [[]]
    for values in choices:
        combos = [c + [v] for c in combos for v in values]
        if len(combos) > 64:
            return UNKNOWN_PARAM
    members = []
    for combo in combos:
        text, pos = b"", node.start
        for h, v in zip(holes, combo):
            text += data[pos:h.start] + v.encode()
            pos = h.end
        text += data[pos:node.end]
        try:
            t = conv.registry.parse(text.decode("utf-8", "replace"), scope)
        except Exception:
            return UNKNOWN_PARAM
        if t is UNKNOWN or not is_known(t):
            return UNKNOWN_PARAM
        members.append(t)
    return members[0] if len(members) == 1 else UnionT(frozenset(members))


def _callee_names(callee, data: bytes, macro_calls: dict, up: dict) -> set:
    """The function names a definition's callee can stand for: its name, or for a spliced name (`$f`,
    `Base.$f`) the symbols of the enclosing `for` loops, or the names given for that parameter where
    the enclosing macro is called, or ANY_FUNCTION when none of these can be told."""
    last = callee.children[-1] if callee.kind == "BINARY_EXPR" and callee.children else callee
    if last.kind == "INTERPOLATION":
        var = next((n.text(data) for n in last.walk() if n.kind in ("NAME", "IDENT")), None)
        exact = _loop_values(last, var, data, up) if var is not None else None
        if exact:
            return set(exact)
        names = set()
        node = up.get(id(callee))
        while node is not None:
            if node.kind == "FOR_EXPR":
                for binding in node.children_of("FOR_BINDING"):
                    for n in binding.walk():
                        if n.kind == "QUOTE_SYM" and n.children:
                            names.add(n.children[-1].text(data))
            elif node.kind == "MACRO_DEF" and not names:
                return _macro_argument_names(node, var, data, macro_calls)
            node = up.get(id(node))
        return names or {ANY_FUNCTION}
    if callee.kind == "NAME":
        return {callee.text(data)}
    if callee.kind == "BINARY_EXPR":
        dn = dotted_name(callee, data)
        if dn is not None:
            return {dn.rsplit(".", 1)[-1]}
        if last.kind == "QUOTE_SYM":
            from juliatag.infer.definitions import operator_in
            op = operator_in(last, data)
            return {op} if op else set()
        return set()
    if callee.kind == "CURLY_EXPR" and callee.children and callee.children[0].kind == "NAME":
        return {callee.children[0].text(data)}
    if callee.kind in ("PAREN_EXPR",):
        return set()  # a functor `(x::T)(...)`: no named function
    return {callee.text(data)} if not callee.children else set()


def _qualifier(meth: MethodDef, data: bytes) -> str:
    node = meth.node
    sig = node.child("SIGNATURE")
    sig = sig.children[0] if sig is not None and sig.children else (node.children[0] if node.children else None)
    core = signature_core(sig) if sig is not None else None
    if core is None or core.kind != "CALL_EXPR" or not core.children:
        return ""
    callee = core.children[0]
    if callee.kind != "BINARY_EXPR":
        return ""
    dn = dotted_name(callee, data)
    return dn.rsplit(".", 1)[0] if dn and "." in dn else "?"


def _candidate(facts: PackageFacts, meth: MethodDef, data: bytes, conv: TypeConverter, base, inner, ret,
               where: str) -> Candidate | None:
    if meth.functor is not None or meth.name.startswith("("):
        return None
    name = facts.source.name
    scope = {}
    for name_node, bound in meth.where:
        ub = conv.convert(bound, scope) if bound is not None else ANY
        vname = name_node.text(data)
        scope[vname] = VarT(vname, UNKNOWN if ub is UNKNOWN else ub, False)
    params = []
    for p in meth.params:
        t = conv.convert(p.type_node, scope) if p.type_node is not None else ANY
        params.append(UNKNOWN_PARAM if not is_known(t) or any(v.ub is UNKNOWN for v in scope.values()) else t)
    vararg = bool(meth.params) and meth.params[-1].vararg
    min_args = sum(1 for p in meth.params if p.default is None and not p.vararg)
    qualifier = _qualifier(meth, data)
    chain = None if base is None else base + inner
    api = (chain == facts.top and meth.name in facts.exports and meth.name not in facts.imports
           and qualifier in ("", name))
    cand = Candidate(name, where, meth.name, api, params, vararg, min_args, ret=ret)
    if facts.own_function_of_submodule(chain, meth.name, qualifier):
        cand.reason = "a function of a submodule"
        cand.threat = False
    elif not api:
        cand.reason = "not the package's own API"
    else:
        cand.reason = _emit(cand, meth, scope, ret, conv.registry)
    return cand


# ----------------------------------------------------------------------------------- one method's line

def _type_names(t, out: set) -> None:
    if isinstance(t, DataT):
        out.add(t.name)
        for p in t.params:
            if isinstance(p, JType):
                _type_names(p, out)
    elif isinstance(t, UnionT):
        for m in t.members:
            _type_names(m, out)
    elif isinstance(t, TypeT):
        _type_names(t.of, out)
    elif isinstance(t, VarT):
        _type_names(t.ub, out)


def _in_base_table(t) -> bool:
    reg = base_registry()
    names: set = set()
    _type_names(t, names)
    return all(n in _BUILTIN_TYPE_NAMES or reg.decl(n) is not None or reg.alias(n) is not None for n in names)


def concrete_shape(t, reg: TypeRegistry) -> bool:
    """Whether every value of `t` has one concrete type once its type variables are fixed (a union
    of such types counts): abstract types, UnionAlls and unknown names do not."""
    if isinstance(t, VarT):
        return not is_wildcard(t) and not is_arg_type(t)
    if isinstance(t, UnionT):
        return all(concrete_shape(m, reg) for m in t.members)
    if isinstance(t, TypeT):
        return is_known(t.of)
    if isinstance(t, FuncT):
        return not t.closure
    if not isinstance(t, DataT):
        return False
    if t.name == "Tuple":
        return all(isinstance(p, JType) and not (isinstance(p, DataT) and p.name == "Vararg")
                   and concrete_shape(p, reg) for p in t.params)
    if t.name == "NamedTuple":
        return len(t.params) == 2 and concrete_shape(t.params[1], reg)
    decl = reg.decl(t.name)
    if decl is None or decl.is_abstract or len(t.params) < len(decl.params):
        return False
    return not any(is_wildcard(p) for p in t.params) and all(
        is_known(p) and not is_arg_type(p) for p in t.params if isinstance(p, JType))


def printable(t, reg: TypeRegistry, source_reg: TypeRegistry | None = None):
    """`t` as the line will print it (trailing parameters a bare name fills in the same way left out:
    `Bidiagonal`, not `Bidiagonal{<:Any, <:AbstractVector{T}}`, whether filled by juliatag's type table
    `reg` or by the package's own declaration in `source_reg`), or None when the line format cannot
    say it (`Type{<:X}` prints as `Type{}`)."""
    if isinstance(t, TypeT):
        if is_wildcard(t.of):
            return None
        of = printable(t.of, reg, source_reg)
        return None if of is None else TypeT(of)
    if isinstance(t, UnionT):
        members = [printable(m, reg, source_reg) for m in t.members]
        return None if any(m is None for m in members) else UnionT(frozenset(members))
    if isinstance(t, VarT) and is_wildcard(t):
        ub = printable(t.ub, reg, source_reg)
        return None if ub is None else VarT("", ub, t.concrete)
    if isinstance(t, DataT):
        params = []
        for p in t.params:
            q = printable(p, reg, source_reg) if isinstance(p, JType) else p
            if q is None:
                return None
            params.append(q)
        if t.name not in _BUILTIN_TYPE_NAMES:
            fills = [d.bounds for d in (reg.decl(t.name), source_reg and source_reg.decl(t.name)) if d is not None]
            while params and is_wildcard(params[-1]) and any(
                    len(params) <= len(b) and params[-1].ub in (b[len(params) - 1], printable(b[len(params) - 1], reg))
                    for b in fills):
                params.pop()
        return DataT(t.name, tuple(params))
    return t


def _arg_types_in(t) -> set:
    found: set = set()
    mentions(t, lambda x: is_arg_type(x) and (found.add(x.name) or False))
    return found


def _substitute_args(t, mapping: dict):
    if isinstance(t, VarT) and t.name in mapping:
        return mapping[t.name]
    if isinstance(t, DataT):
        return DataT(t.name, tuple(_substitute_args(p, mapping) if isinstance(p, JType) else p for p in t.params))
    if isinstance(t, UnionT):
        return UnionT(frozenset(_substitute_args(m, mapping) for m in t.members))
    if isinstance(t, TypeT):
        return TypeT(_substitute_args(t.of, mapping))
    return t


def _static_vars(t) -> set:
    found: set = set()
    mentions(t, lambda x: isinstance(x, VarT) and x.name != "" and not is_arg_type(x) and (found.add(x.name) or False))
    return found


def _emit(cand: Candidate, meth: MethodDef, scope: dict, ret, source_reg: TypeRegistry) -> str | None:
    """Build the method's lines (cand.lines); return why it cannot be emitted, or None."""
    if meth.curly is not None:
        return "parametric constructor"
    if meth.kwparams:
        return "keyword arguments"
    if any(p is UNKNOWN_PARAM for p in cand.params):
        return "parameter type unknown"
    if ret is None:
        return "not analysed"
    if ret is UNKNOWN or not is_known(ret):
        return "return type unknown"
    if ret is ANY:
        return "returns Any"
    if ret is BOTTOM:
        return "never returns (Union{})"
    # an argument's own type in the result: give that parameter a `where` variable of its own
    params = list(cand.params)
    new_vars: dict = {}
    mapping = {}
    for arg in sorted(_arg_types_in(ret)):
        pname = arg[1:]
        idx = next((i for i, p in enumerate(meth.params) if p.name == pname and pname), None)
        if idx is None or meth.params[idx].vararg:
            return "return depends on an argument's type"
        vname = f"A{idx + 1}"
        while vname in scope or vname in new_vars or base_registry().is_type_name(vname):
            vname += "_"
        bound = params[idx]
        var = VarT(vname, bound, False)
        new_vars[vname] = var
        mapping[arg] = var
        params[idx] = var
    ret = _substitute_args(ret, mapping)
    known_vars = set(scope) | set(new_vars)
    if not _static_vars(ret) <= known_vars:
        return "return mentions a type variable of the body"
    reg = base_registry()
    if not concrete_shape(ret, reg):
        return "return type not concrete"
    for t in [*params, ret, *(v.ub for v in scope.values())]:
        if not _in_base_table(t):
            return "type not in juliatag's type table"
    shown = [printable(t, reg, source_reg) for t in [*params, ret]]
    if any(t is None for t in shown):
        return "type the line format cannot print"
    *params, ret = shown
    scope = {k: VarT(k, printable(v.ub, reg, source_reg), False) for k, v in scope.items()}
    new_vars = {k: VarT(k, printable(v.ub, reg, source_reg), False) for k, v in new_vars.items()}
    if any(v.ub is None for v in (*scope.values(), *new_vars.values())):
        return "type the line format cannot print"
    if not set().union(*(_var_names(t) for t in [*params, ret])) <= known_vars:
        return "type mentions a type variable that is not the method's"
    where_parts = [v if scope[v].ub is ANY else f"{v}<:{show(scope[v].ub)}" for v in scope]
    where_parts += [v if new_vars[v].ub is ANY else f"{v}<:{show(new_vars[v].ub)}" for v in new_vars]
    where = f" where {{{', '.join(where_parts)}}}" if where_parts else ""
    ret_text = show(ret)
    cand.ret_text = ret_text
    # a call leaving out arguments with defaults: only where the result's variables are still bound
    # by the arguments passed (`f(x, ::Type{T}=eltype(x)) where T = V{T}` says nothing of `f(x)`)
    needed = _var_names(ret)
    lines = [_line(meth.name, params[:n], False, where, ret_text)
             for n in range(cand.min_args, len(params) - (1 if cand.vararg else 0) + 1)
             if needed <= set().union(*(_var_names(t) for t in params[:n]))]
    if cand.vararg:
        lines.append(_line(meth.name, params, True, where, ret_text))
    if not lines:
        return "return depends on an argument's type"
    vars_now = {**scope, **new_vars}
    for text in lines:
        try:
            tm = _parse_line(text, reg)
        except Exception:
            return "does not read back in the line format"
        if [show(printable(p, reg)) for p in tm.params] != [show(p) for p in params[:len(tm.params)]]:
            return "types differ in juliatag's type table"
        env = {v: vars_now[v] for v in tm.typevars}
        back = printable(eval_return(tm.ret_ast, env, reg), reg)
        if back is None or show(back) != ret_text:
            return "return type does not read back"
        cand.lines.append((text, tm))
    return None


def _line(name: str, params: list, vararg: bool, where: str, ret_text: str) -> str:
    args = [f"::{show(p)}" for p in params]
    if vararg and args:
        args[-1] += "..."
    return f"{name}({', '.join(args)}){where} = {ret_text}"


# ------------------------------------------------------------------------- which methods are emitted

def may_overlap(a, b, reg: TypeRegistry) -> bool:
    """Whether some value could be of both types (True when unsure)."""
    if a is UNKNOWN_PARAM or b is UNKNOWN_PARAM or a is ANY or b is ANY:
        return True
    if a is UNKNOWN or b is UNKNOWN:
        return True
    if isinstance(a, VarT):
        return may_overlap(a.ub, b, reg)
    if isinstance(b, VarT):
        return may_overlap(a, b.ub, reg)
    if isinstance(a, UnionT):
        return any(may_overlap(m, b, reg) for m in a.members)
    if isinstance(b, UnionT):
        return any(may_overlap(a, m, reg) for m in b.members)
    if reg.issub(a, b) or reg.issub(b, a):
        return True
    if isinstance(a, TypeT) or isinstance(b, TypeT):
        other = b if isinstance(a, TypeT) else a
        if isinstance(a, TypeT) and isinstance(b, TypeT):
            return True
        return isinstance(other, DataT) and other.name in ("DataType", "UnionAll", "Union", "Type", "Any")
    if isinstance(a, FuncT) or isinstance(b, FuncT):
        other = b if isinstance(a, FuncT) else a
        if isinstance(a, FuncT) and isinstance(b, FuncT):
            return a.name == b.name
        return isinstance(other, DataT) and reg.issub(DataT("Function"), other)
    if isinstance(a, DataT) and isinstance(b, DataT):
        if a.name == "Tuple" and b.name == "Tuple":
            pa, pb = a.params, b.params
            if any(isinstance(p, DataT) and p.name == "Vararg" for p in (*pa, *pb)):
                return True
            return len(pa) == len(pb) and all(may_overlap(x, y, reg) for x, y in zip(pa, pb))
        da, db = reg.decl(a.name), reg.decl(b.name)
        if da is None or db is None:
            return True
        heads_a = {x.name for x in reg.ancestors(DataT(a.name)) if isinstance(x, DataT)} | {a.name}
        heads_b = {x.name for x in reg.ancestors(DataT(b.name)) if isinstance(x, DataT)} | {b.name}
        if a.name not in heads_b and b.name not in heads_a:
            return False  # single inheritance: neither head is below the other
        if a.name == b.name:
            return all(_param_may_equal(x, y, reg) for x, y in zip(a.params, b.params))
        return True
    return True


def _param_may_equal(x, y, reg) -> bool:
    if not isinstance(x, JType) or not isinstance(y, JType):
        return isinstance(x, JType) or isinstance(y, JType) or x == y
    if isinstance(x, VarT) or isinstance(y, VarT):
        return may_overlap(x, y, reg)
    if reg.is_concrete(x) and reg.is_concrete(y):
        return x == y
    return may_overlap(x, y, reg)


def _param(sig, i):
    params, vararg = sig
    if i < len(params):
        return params[i]
    return params[-1] if vararg and params else None


def _arity_ok(sig, n) -> bool:
    params, vararg = sig
    return n >= len(params) - 1 if vararg else n == len(params)


def _sub(a, b, reg, free, env) -> bool:
    if a is UNKNOWN_PARAM or b is UNKNOWN_PARAM:
        return False
    return reg.issub(a, b, env, free)


def relation(s, t, reg: TypeRegistry) -> frozenset:
    """How method signature `t` stands to `s`, at each number of arguments both take and where some
    call matches both: "s-first" (s is strictly more specific), "t-first", "equal" or "unclear".
    Empty: no call matches both."""
    kinds = set()
    s_free = frozenset(v for p in s[0] for v in _var_names(p))
    t_free = frozenset(v for p in t[0] for v in _var_names(p))
    for n in range(max(len(s[0]), len(t[0])) + 2):
        if not (_arity_ok(s, n) and _arity_ok(t, n)):
            continue
        ps = [_param(s, i) for i in range(n)]
        pt = [_param(t, i) for i in range(n)]
        if not all(may_overlap(x, y, reg) for x, y in zip(ps, pt)):
            continue
        env_st: dict = {}
        env_ts: dict = {}
        s_le_t = all(_sub(x, y, reg, t_free, env_st) for x, y in zip(ps, pt))
        t_le_s = all(_sub(y, x, reg, s_free, env_ts) for x, y in zip(ps, pt))
        if s_le_t and t_le_s:
            kinds.add("equal")
        elif s_le_t:
            kinds.add("s-first")
        elif t_le_s:
            kinds.add("t-first")
        else:
            kinds.add("unclear")
    return frozenset(kinds)


def _var_names(t) -> set:
    found: set = set()
    if t is UNKNOWN_PARAM:
        return found
    mentions(t, lambda x: isinstance(x, VarT) and x.name != "" and (found.add(x.name) or False))
    return found


def _signatures(cand: Candidate) -> list:
    """One (params, vararg) per arity the method accepts."""
    p = cand.params
    out = [(tuple(p[:n]), False) for n in range(cand.min_args, len(p) - (1 if cand.vararg else 0) + 1)]
    if cand.vararg:
        out.append((tuple(p), True))
    return out


def _table_sig(tm: TableMethod):
    return tuple(tm.params), tm.vararg


def decide(cands: list[Candidate], reg: TypeRegistry) -> None:
    """Drop emittable methods that a call could pass by for another method Julia would pick instead."""
    hand = table_module.method_table()
    by_name: dict = defaultdict(list)
    for c in cands:
        if c.threat:
            by_name[c.name].append(c)
    anything = by_name.pop(ANY_FUNCTION, [])
    for name, group in by_name.items():
        group.extend(anything)
        hand_sigs = [_table_sig(tm) for tm in hand.get(name, []) if not tm.generated]
        for c in group:
            if c.reason is None and hand_sigs and all(
                    any(_covers(h, s, reg) for h in hand_sigs) for s in _signatures(c)):
                c.reason = "shadowed by a hand-written rule"
        changed = True
        while changed:
            changed = False
            for c in sorted(group, key=lambda x: x.where):
                if c.reason is not None:
                    continue
                why = _threat(c, group, reg)
                if why is not None:
                    c.reason = why
                    changed = True


def _covers(h, s, reg) -> bool:
    """Whether hand-written signature `h` matches every call that signature `s` matches."""
    if s[1] and not h[1]:
        return False
    n = len(s[0])
    if not _arity_ok(h, n) or (s[1] and not _arity_ok(h, n + 1)):
        return False
    free = frozenset(v for p in h[0] for v in _var_names(p))
    env: dict = {}
    return all(_sub(_param(s, i), _param(h, i), reg, free, env) for i in range(n))


def _threat(c: Candidate, group: list, reg) -> str | None:
    """Why another method of the function keeps `c` from being emitted, or None."""
    for other in group:
        if other is c:
            continue
        kinds: set = set()
        for s in _signatures(c):
            for t in _signatures(other):
                kinds |= relation(s, t, reg)
        kinds.discard("s-first")
        if not kinds:
            continue
        c.blocker = f"{other.package} {other.where}"
        if other.reason is not None or other.package != c.package:
            if "t-first" in kinds:
                return "a more specific method is not emitted"
            if "unclear" in kinds:
                return "overlaps a method of unclear precedence that is not emitted"
            return "an equally specific method is not emitted"
        if kinds & {"equal", "unclear"} and other.ret_text != c.ret_text:
            return "overlaps a method of unclear precedence with another return type"
        c.blocker = ""
    return None


def order_lines(group: list[Candidate], reg) -> list[str]:
    """The lines of one function's emitted methods (of one package), most specific first."""
    items = []
    for c in group:
        for text, tm in c.lines:
            items.append((text, _table_sig(tm)))
    items = sorted(set(items), key=lambda x: x[0])
    before = {i: set() for i in range(len(items))}
    for i, (_, si) in enumerate(items):
        for j, (_, sj) in enumerate(items):
            if i != j and relation(si, sj, reg) == {"s-first"}:
                before[j].add(i)
    out, done = [], set()
    while len(done) < len(items):
        ready = [i for i in range(len(items)) if i not in done and before[i] <= done]
        if not ready:  # specificity cycle: cannot happen for emitted methods; keep text order
            ready = [min(i for i in range(len(items)) if i not in done)]
        i = ready[0]
        done.add(i)
        out.append(items[i][0])
    return out


# -------------------------------------------------------------------------------------------- output

def combined_registry(facts: list[PackageFacts]) -> TypeRegistry:
    reg = TypeRegistry(parent=base_registry())
    for f in facts:
        for line in f.index.summary.decl_lines:
            try:
                declare_from_source(reg, line, user=True)
            except Exception:
                continue
    return reg


def render(source: Source, cands: list[Candidate], reg, command: str) -> tuple[str, Counter, int]:
    mine = [c for c in cands if c.package == source.name]
    reasons = Counter(c.reason for c in mine if c.reason is not None)
    by_name: dict = defaultdict(list)
    for c in mine:
        if c.reason is None:
            by_name[c.name].append(c)
    body = []
    for name in sorted(by_name):
        body.extend(order_lines(by_name[name], reg))
    emitted = sum(1 for c in mine if c.reason is None)
    header = [
        f"# {source.name}: return types of its API, for juliatag's static analyzer.",
        "# Generated by tools/gen_stdlib_summaries.py from the package's own source: do not edit; regenerate.",
        "# Same format as data/base_methods.jl, which is read first and wins; these rules apply after it.",
        f"# source: {source.repository}",
        f"# commit: {source.commit}" + ("" if source.verified else " (as given, not checked against the files)"),
        f"# juliatag: {__version__}",
        f"# command: {command}",
        f"# methods: {len(mine)} defined, {emitted} emitted as {len(body)} lines; not emitted, by reason:",
    ]
    for reason, n in sorted(reasons.items(), key=lambda x: (-x[1], x[0])):
        header.append(f"#   {n:5d}  {reason}")
    return "\n".join(header + [""] + body) + "\n", reasons, len(body)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", action="append", required=True, help="NAME=DIR or NAME=DIR@COMMIT")
    ap.add_argument("--git-dir", action="append", default=[], help="NAME=GITDIR: the commit and its check")
    ap.add_argument("--repository", action="append", default=[], help="NAME=URL recorded in the header")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="folder of the summaries (default: the package data)")
    ap.add_argument("--explain", default=None, help="also write every method, its type and its fate here (TSV)")
    args = ap.parse_args(argv)
    git_dirs = dict(x.split("=", 1) for x in args.git_dir)
    repositories = dict(x.split("=", 1) for x in args.repository)
    sources = [resolve_source(s, git_dirs, repositories) for s in args.source]
    with hand_written_only():
        parser = get_parser("fatou")
        facts = [PackageFacts(s, parser) for s in sources]
        reg = combined_registry(facts)
        cands = []
        for f in facts:
            cands.extend(f.candidates())
        decide(cands, reg)
    if args.explain:
        rows = ["package\tfunction\tdefined at\tinferred return\temitted or why not\tblocked by"]
        for c in cands:
            ret = "" if c.ret is None else repr(c.ret)
            rows.append(f"{c.package}\t{c.name}\t{c.where}\t{ret}\t{c.reason or 'emitted'}\t{c.blocker}")
        Path(args.explain).write_text("\n".join(rows) + "\n", encoding="utf-8")
    command = "python tools/gen_stdlib_summaries.py " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for s, f in zip(sources, facts, strict=True):
        text, reasons, nlines = render(s, cands, reg, command)
        (out / f"{s.name}.jl").write_text(text, encoding="utf-8")
        emitted = sum(1 for c in cands if c.package == s.name and c.reason is None)
        print(f"{s.name} @ {s.commit[:12]}: {emitted} methods emitted as {nlines} lines"
              + (f"; files skipped (nesting): {f.skipped}" if f.skipped else ""), file=sys.stderr)
        for reason, n in sorted(reasons.items(), key=lambda x: (-x[1], x[0])):
            print(f"  {n:5d}  {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
