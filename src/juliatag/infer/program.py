"""The package as a program: the methods its other files define, from a real parse, for the calls
one file makes.

Julia packages are one module `include`-ing many files, so a call in one file usually reaches a
method defined in another. The package summary (`package.py`) says which of the package's own
source files define a function of each name; a worker parses those files when a call first needs
them (`PackageProgram`, one per package and process) and collects their definitions with the same
collector as the file being labelled. A worker keeps the trees of PROGRAM_CACHE_BYTES of source
live; a file that leaves them is kept packed (`syntax.packed`, some 3 bytes per source byte, up to
PROGRAM_PACKED_BYTES) with the results its interpreter kept, and comes back from there, the same
tree, far faster than from a new parse (the labelled file's own parse too).

Inference across files is demand-driven, as Julia's own: a call infers the callee's method for
the argument types at hand, in the callee's file. Those files' interpreters live as long as the
worker and keep what they infer, but only results that depend on (method, argument types) alone
(`state.Ledger`), so a file's labels depend only on its bytes and the package's sources, never on
what the worker labelled before (any --jobs, any order).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Callable

from ..sources import read_regular
from ..syntax.packed import PackedTree
from ..syntax.tree import ParseFailure, ParseResult
from ..types.registry import TypeRegistry
from .base.methods import known_function
from .base.names import base_names
from .definitions import DefinitionCollector
from .generated import generated_source
from .interpreter import Interpreter
from .package import PackageIndex
from .state import PROGRAM_CACHE_BYTES, PROGRAM_MAX_FILE_BYTES, PROGRAM_PACKED_BYTES, PROGRAMS_KEPT, Ledger

Parse = Callable[[bytes], ParseResult]


class PackageProgram:
    """A package's own source files, parsed and collected on demand, each with an interpreter that
    lives as long as the worker (one PackageProgram per package per process). These interpreters
    see every file of the package, the labelled file's included (as its planned bytes)."""

    def __init__(self, index: PackageIndex, parse: Parse):
        self.index = index
        self.parse = parse
        self.ledger = Ledger()
        self._interps: OrderedDict[int, Interpreter | None] = OrderedDict()   # source index -> interpreter
        self._methods: dict = {}     # name -> ([(sha256, interpreter, its methods of the name)], complete)
        # source index -> (bytes, ParseResult, memo) of a file parsed but without an interpreter here
        # (parsed for labelling, or unpacked for it); memo: what its last interpreter kept
        self._parsed: dict = {}
        # source index -> (bytes, PackedTree, memo) of a file whose tree left the live ones, least
        # recently packed first
        self._packed: OrderedDict[int, tuple] = OrderedDict()
        # the package's sources, then its test files that define helpers (index.test_sources)
        self._sources = (*index.sources, *index.test_sources)
        self._tests_from = len(index.sources)
        # (not the methods test files add to Base's functions: a call of those keeps to the sources')
        self._test_function_files = {name: tuple(self._tests_from + i for i in ix)
                                     for name, ix in index.test_function_files.items()
                                     if not known_function(name) and name not in base_names()}
        self._index_of = {sha: i for i, (_, sha) in enumerate(self._sources)}
        self._dependencies = None    # PackageIndex of each package this one uses, in the corpus
        self._bytes = 0              # source bytes of the live trees (interpreters and _parsed)
        self._packed_bytes = 0       # memory of the packed files (arrays and bytes)

    @property
    def generation(self) -> int:
        """How many times any program of this process forgot interpreters (`reset`, or files leaving
        the live ones): the method lists a caller kept from an earlier generation may name them."""
        return _GENERATION[0]

    def defines(self, name: str, tests: bool = False) -> bool:
        """Whether the package's sources (with `tests`, or its test files) define a function `name`."""
        return name in self.index.function_files or (tests and name in self._test_function_files)

    def test_only(self, name: str) -> bool:
        """Whether `name` is a function only test files define (always False for the sources' calls)."""
        return False


    def dependencies(self) -> list:
        """[(package name, its PackageProgram)] of the packages this one uses that are in the corpus,
        in the order it uses them."""
        if self._dependencies is None:
            self._dependencies = [dep for dep in self.index.dependencies() if dep.sources]
        # the worker's current program of each (one that left the kept programs would hold its
        # files outside every budget)
        return [(dep.summary.name, program_for(dep, self.parse)) for dep in self._dependencies]

    def methods(self, name: str, caller=None, skip_sha: str | None = None, tests: bool = False) -> tuple[list, bool]:
        """([(interpreter, MethodDef)] of `name` in the package's source files (with `tests`, and in
        its test files) but the caller's own (an interpreter of this program, or the file whose
        sha256 is `skip_sha`), whether every file said to define it could be read and parsed)."""
        found = self._methods.get((name, tests))
        if found is None:
            found = []
            complete = True
            target = self.index.function_aliases.get(name, name)   # `testdigraphs = testgraphs`
            files = self.index.function_files.get(name, ())
            helpers = self._test_function_files.get(name, ()) if tests else ()
            if len(helpers) > 1:
                # a helper several test files define: which one a call reaches depends on the order
                # the test scripts are included in, and on which of them run at all
                files, helpers, complete = (), (), False
            for i in (*files, *helpers):
                interp = self._interp(i)
                if interp is None:
                    complete = False
                    continue
                found.append((self._sources[i][1], interp, interp.defs.methods.get(target, ())))
            found = (found, complete)
            self._methods[(name, tests)] = found
        out = [(interp, meth) for sha, interp, meths in found[0] if interp is not caller and sha != skip_sha
               for meth in meths]
        return out, found[1]

    def macro_definitions(self, name: str, skip_sha: str | None = None) -> list:
        """[(interpreter, MACRO_DEF node)] of the macro `name` (without its `@`) in the package's source
        files but the file whose sha256 is `skip_sha`; [] where a file said to define it cannot be
        read and parsed (which of them a call reaches is then not known)."""
        out = []
        for i in self.index.macro_files.get(name, ()):
            if self._sources[i][1] == skip_sha:
                continue
            interp = self._interp(i)
            if interp is None:
                return []
            out.extend((interp, node) for node in interp.defs.macros.get(name, ()))
        return out

    def _interp(self, i: int) -> Interpreter | None:
        """The interpreter of source `i`, or None when the file cannot be read as planned (gone,
        changed, a link, too large) or parsed. Which it is depends on the file's bytes only."""
        if i in self._interps:
            self._interps.move_to_end(i)
            return self._interps[i]
        path, sha = self._sources[i]
        interp = None
        data, result, memo = self._parsed.pop(i, None) or self._unpack(i) or (None, None, {})
        if result is None:
            try:
                data = read_regular(path, PROGRAM_MAX_FILE_BYTES)
            except OSError:
                data = None
            if data is not None and hashlib.sha256(data).hexdigest() != sha:
                data = _generated(data, sha)   # what the file's top-level code generates (generated.py)
            if data is not None:
                try:
                    result = self.parse(data)
                except (ParseFailure, RecursionError):
                    result = None
            if result is not None:
                self._bytes += len(data)
        if result is not None:
            defs = DefinitionCollector(data, TypeRegistry(parent=self.index.registry)).collect(result.root)
            # a test file's calls see the package's other test files too
            program = self if i < self._tests_from else ProgramView(self, None, tests=True)
            interp = Interpreter(data, defs, self.index, program=program, ledger=self.ledger, source_id=sha)
            interp.parse_result = result
            interp.memo = memo
        self._interps[i] = interp
        return interp

    def _unpack(self, i: int) -> tuple | None:
        """(bytes, ParseResult, memo) of source `i` from the packed files (it is live again), or None."""
        kept = self._packed.pop(i, None)
        if kept is None:
            return None
        data, packed, memo = kept
        self._packed_bytes -= packed.nbytes + len(data)
        self._bytes += len(data)
        return data, packed.unpack(), memo

    def _pack(self, i: int, data: bytes, result: ParseResult, memo: dict) -> None:
        """Keep source `i`, leaving the live trees, packed."""
        self._bytes -= len(data)
        packed = PackedTree(result)
        self._packed[i] = (data, packed, memo)
        self._packed_bytes += packed.nbytes + len(data)

    def reset(self) -> None:
        """Forget every interpreter and what they kept (after a call was cut short part-way); the
        files are parsed again when needed (or unpacked), with the same results."""
        self._interps.clear()
        self._methods.clear()
        _GENERATION[0] += 1
        self._parsed.clear()
        self._bytes = 0
        for i, (data, packed, _) in self._packed.items():
            self._packed[i] = (data, packed, {})
        self.ledger.new_file()

    def parsed(self, data: bytes, sha: str) -> ParseResult | None:
        """The parse of `data` if it is one of the package's sources already parsed here, live or
        packed (so a worker parses each source file once, whether it labels it or another file calls
        into it)."""
        i = self._index_of.get(sha)
        if i is None:
            return None
        if i in self._parsed:
            return self._parsed[i][1]
        interp = self._interps.get(i)
        if interp is not None:
            return interp.parse_result if interp.data == data else None
        kept = self._packed.get(i)
        if kept is None or kept[0] != data:
            return None
        self._parsed[i] = self._unpack(i)
        return self._parsed[i][1]

    def offer(self, data: bytes, sha: str, result: ParseResult) -> None:
        """Keep the parse of a source file labelled here, for the calls other files make into it."""
        i = self._index_of.get(sha)
        if i is not None and i not in self._interps and i not in self._parsed and i not in self._packed and \
                len(data) <= PROGRAM_MAX_FILE_BYTES:
            self._parsed[i] = (data, result, {})
            self._bytes += len(data)

    def _trim(self) -> None:
        """Between two labelled files (never during one, whose results could then depend on what the
        worker did before): past PROGRAM_CACHE_BYTES of live parsed sources in all the worker's
        programs, pack the least recently used files, those of the least recently used programs
        first; past PROGRAM_PACKED_BYTES of packed files, drop the least recently packed, in the
        same order of programs. A dropped file is parsed again when needed, with the same results."""
        _touch(self)
        global _DROPPED
        kept = sum(len(prog._interps) for prog in _PROGRAMS.values())
        for prog in list(_PROGRAMS.values()):
            if _loaded_bytes() <= PROGRAM_CACHE_BYTES:
                break
            prog._shrink(keep=1 if prog is self else 0)
        if _DROPPED or kept > sum(len(prog._interps) for prog in _PROGRAMS.values()):
            # the dispatch choices the interpreters left made name interpreters that went
            for prog in _PROGRAMS.values():
                for interp in prog._interps.values():
                    if interp is not None:
                        interp.selections.clear()
                        interp.methods_found.clear()
                        interp.select_index.clear()
            _DROPPED = False
        for prog in list(_PROGRAMS.values()):
            while prog._packed and _packed_bytes() > PROGRAM_PACKED_BYTES:
                _, (data, packed, _) = prog._packed.popitem(last=False)
                prog._packed_bytes -= packed.nbytes + len(data)

    def _shrink(self, keep: int) -> None:
        while self._parsed:
            i, (data, result, memo) = self._parsed.popitem()
            self._pack(i, data, result, memo)
            if _loaded_bytes() <= PROGRAM_CACHE_BYTES:
                return
        while len(self._interps) > keep and _loaded_bytes() > PROGRAM_CACHE_BYTES:
            i, old = self._interps.popitem(last=False)
            self._methods.clear()
            _GENERATION[0] += 1
            if old is not None:
                self._pack(i, old.data, old.parse_result, old.memo)
                old.release()

    def view(self, own_sha: str) -> "ProgramView":
        """The program as the labelled file `own_sha` sees it; results tied to the previous labelled
        file go."""
        self._trim()
        self.ledger.new_file()
        return ProgramView(self, own_sha, tests=own_sha in self.index.test_files)


class ProgramView:
    """The package's other files as one file's calls see them: every source file but its own, whose
    methods are the file's interpreter's, and, for a test file (`tests`), the package's other test
    files that define helpers. `own_sha` None: the file is one of the program's (its interpreter
    is the caller the program leaves out)."""

    def __init__(self, program: PackageProgram, own_sha: str | None, tests: bool = False):
        self.program = program
        self.own_sha = own_sha
        self.tests = tests

    def defines(self, name: str) -> bool:
        return self.program.defines(name, self.tests)

    def test_only(self, name: str) -> bool:
        """Whether `name` is a helper only the package's test files define (seen from a test file)."""
        return self.tests and not self.program.defines(name) and self.program.defines(name, tests=True)

    def methods(self, name: str, caller=None) -> tuple[list, bool]:
        return self.program.methods(name, caller=caller, skip_sha=self.own_sha, tests=self.tests)

    def macro_definitions(self, name: str) -> list:
        """[(interpreter, MACRO_DEF node)] of the macro `name` a file of the package calls: the
        package's own (its other source files), else those of the first package it uses in the
        corpus that exports the macro."""
        own = self.program.macro_definitions(name, skip_sha=self.own_sha)
        if own or name in self.program.index.macro_files:
            return own
        for _, dep in self.dependencies():
            if dep is not None and name in dep.index.exports and name in dep.index.macro_files:
                return dep.macro_definitions(name)
        return []

    @property
    def generation(self) -> int:
        return _GENERATION[0]

    def dependencies(self) -> list:
        return self.program.dependencies()

    def ledgers(self) -> list:
        """The ledgers of the package's program and of those of the packages it uses: what the labelled
        file's calls set off there is counted in them."""
        return [self.program.ledger, *(dep.ledger for _, dep in self.dependencies() if dep is not None)]

    def reset(self) -> None:
        self.program.reset()


_PROGRAMS: "OrderedDict[str, PackageProgram]" = OrderedDict()   # least recently used first
_DROPPED = False   # whether a program left _PROGRAMS since the last trim
_GENERATION = [0]  # see PackageProgram.generation


def _generated(data: bytes, sha: str) -> bytes | None:
    """The source a package file's top-level code generates, written out, if its sha256 is `sha`."""
    try:
        text = generated_source(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    out = text.encode("utf-8") if text is not None else None
    return out if out is not None and hashlib.sha256(out).hexdigest() == sha else None


def _loaded_bytes() -> int:
    return sum(p._bytes for p in _PROGRAMS.values())


def _packed_bytes() -> int:
    return sum(p._packed_bytes for p in _PROGRAMS.values())


def _touch(prog: PackageProgram) -> None:
    key = prog.index.summary.digest()
    if key in _PROGRAMS:
        _PROGRAMS.move_to_end(key)


def program_for(index: PackageIndex | None, parse: Parse | None) -> PackageProgram | None:
    """The PackageProgram of a package, kept per process for the last PROGRAMS_KEPT packages (their
    parsed files share the budgets PROGRAM_CACHE_BYTES and PROGRAM_PACKED_BYTES)."""
    global _DROPPED
    if index is None or parse is None or not (index.sources or any(dep.sources for dep in index.dependencies())):
        return None   # (a package whose files define nothing still reaches the packages it uses)
    key = index.summary.digest()
    prog = _PROGRAMS.get(key)
    if prog is None:
        prog = PackageProgram(index, parse)
        _PROGRAMS[key] = prog
        while len(_PROGRAMS) > PROGRAMS_KEPT:
            _PROGRAMS.popitem(last=False)
            _DROPPED = True
    else:
        _PROGRAMS.move_to_end(key)
    return prog
