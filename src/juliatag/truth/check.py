"""Measure one package's labels against its own truths: doctest outputs and test assertions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..heap import file_boundaries
from ..infer.package import dependency_types
from ..sources import read_regular
from ..types.jtypes import TypeT, show
from . import assertions as A
from .anchor import value_anchor
from .compare import UNKNOWN_V, Judge, package_registry
from .context import PackageContext, label_text, load_package, summary_declarations
from .doctests import DoctestBlock, find_blocks
from .options import MAX_DOCTEST_GROUP_BYTES, TruthOptions
from .outputs import printed_type
from .trust import PackageTrust, input_skip

DOCTEST, TEST = "doctest", "test"
STABILITY_WORDS = {0: "none", 1: "stable", 2: "union", 3: "unstable"}


@dataclass
class Case:
    source: str          # doctest | test
    kind: str            # doctest: the printed form's family; test: isa | typeof | eltype | inferred
    path: str
    line: int
    expr: str
    truth: str           # the truth type (or "stable" for @inferred)
    label: str | None
    verdict: str         # exact | compatible | unknown | wrong, or for @inferred: stable | union | unstable | none

    def to_json(self) -> dict:
        return {"source": self.source, "kind": self.kind, "path": self.path, "line": self.line, "expr": self.expr,
                "truth": self.truth, "label": self.label, "verdict": self.verdict}


@dataclass
class PackageResult:
    name: str
    root: str
    cases: list = field(default_factory=list)
    skipped: dict = field(default_factory=lambda: {DOCTEST: Counter(), TEST: Counter()})
    files_failed: list = field(default_factory=list)   # (path, reason) of texts that could not be labelled


def _read(path: str, limit: int) -> str | None:
    """The text of a planned file, re-read without following a link (`sources.read_regular`);
    None when it is no longer a regular file, too large or not UTF-8."""
    try:
        return read_regular(path, limit).decode("utf-8")
    except (OSError, UnicodeDecodeError):  # UnsafeFile is an OSError
        return None


class _Checker:
    def __init__(self, ctx: PackageContext, options: TruthOptions, parser):
        self.ctx = ctx
        self.options = options
        self.ingest_options = options.ingest_options()
        self.parser = parser
        decls, aliases, modules = summary_declarations(ctx.summary)
        # the types of the packages it uses in the corpus too, as its labels know them
        used = dependency_types(ctx.summary.dependencies) if ctx.summary is not None else None
        reg = package_registry(decls, aliases, modules, used)
        self.judge = Judge(reg)
        self.texts = {f.fs_path: _read(f.fs_path, options.max_file_bytes) for f in ctx.files
                      if f.role in ("src", "test")}
        src_texts = [self.texts[f.fs_path] for f in ctx.files if f.role == "src" and self.texts[f.fs_path]]
        self.trust = PackageTrust(reg, set(reg.decls) | set(reg.aliases), src_texts)
        self.result = PackageResult(ctx.name, str(ctx.root))

    def skip(self, source: str, reason: str, n: int = 1) -> None:
        self.result.skipped[source][reason] += n

    def _parse(self, data: bytes):
        from ..syntax.tree import ParseFailure
        try:
            return self.parser.parse(data)
        except ParseFailure:
            return None

    def _label(self, path: str, data: bytes):
        labeled = label_text(self.ctx, path, data, self.ingest_options)
        file_boundaries().file_done()
        if labeled.status != "labeled":
            self.result.files_failed.append((path, f"{labeled.status}: {labeled.detail}"[:200]))
            return None
        return labeled

    # ------------------------------------------------------------------ doctests
    def doctest_groups(self) -> list[list[DoctestBlock]]:
        groups: list[list[DoctestBlock]] = []
        named: dict = {}
        sources = [(f, True) for f in self.ctx.files if f.role == "src"] + [(f, False) for f in self.ctx.doc_pages]
        for f, in_docstrings in sources:  # .jl files under src/ (read above), then Markdown pages
            text = self.texts.get(f.fs_path) if in_docstrings else _read(f.fs_path, self.options.max_file_bytes)
            if not text or "jldoctest" not in text:
                continue
            for block in find_blocks(text, f.path, in_docstrings=in_docstrings):
                if block.name is None:
                    groups.append([block])
                    continue
                key = (f.path, block.name)
                if key not in named:
                    named[key] = []
                    groups.append(named[key])
                named[key].append(block)
        return groups

    def _guarded(self, path: str, source: str, work, *args) -> None:
        """Run one file's (or one doctest sequence's) work; a failure is recorded, never raised."""
        try:
            work(*args)
        except Exception as exc:  # an input that trips the checker must not stop the run
            self.result.files_failed.append((path, f"check-error: {type(exc).__name__}: {exc}"[:200]))
            self.skip(source, "check-error")

    def check_doctests(self) -> None:
        for group in self.doctest_groups():
            self._guarded(f"{group[0].path}:{group[0].line}", DOCTEST, self._check_group, group)

    def _check_group(self, group: list[DoctestBlock]) -> None:
        pieces: list[bytes] = []
        spans = []   # (start, end, block, input)
        pos = 0
        for block in group:
            if block.setup:
                b = block.setup.encode("utf-8") + b"\n"
                pieces.append(b)
                pos += len(b)
            for inp in block.inputs:
                b = inp.code.encode("utf-8")
                spans.append((pos, pos + len(b), block, inp))
                pieces.append(b + b"\n")
                pos += len(b) + 1
        data = b"".join(pieces)
        candidates = []
        before = "\n".join(b.setup for b in group if b.setup)
        for start, end, block, inp in spans:
            printed = printed_type(inp.output)
            reason = input_skip(inp.code, inp.output, printed, before)
            before += "\n" + inp.code
            if reason is None and printed is None:
                reason = "not-a-base-form"
            if reason is None and block.filtered:
                reason = "filtered"
            truth = None
            if reason is None:
                truth = self.judge.parse(printed.type_text)
                if truth is None:
                    reason = "unknown-type"
                else:
                    reason = self.trust.output_skip(printed, truth)
                    if printed.is_type_value:
                        truth = TypeT(truth)
            if reason is not None:
                if reason != "no-output":
                    self.skip(DOCTEST, reason)
                continue
            candidates.append((start, end, block, inp, printed, truth))
        if not candidates:
            return
        if len(data) > MAX_DOCTEST_GROUP_BYTES:
            self.skip(DOCTEST, "too-long", len(candidates))
            return
        parsed = self._parse(data)
        if parsed is None:
            self.skip(DOCTEST, "parse-failed", len(candidates))
            return
        path = f"{group[0].path}:{group[0].line}#jldoctest"
        labeled = self._label(path, data)
        if labeled is None:
            self.skip(DOCTEST, "not-labelled", len(candidates))
            return
        tops = parsed.root.children
        for start, end, block, inp, printed, truth in candidates:
            nodes = [n for n in tops if start <= n.start < end]
            if len(nodes) != 1 or any(a < end and b > start for a, b in parsed.error_ranges):
                self.skip(DOCTEST, "not-one-expression")
                continue
            self._score(DOCTEST, printed.family, block.path, inp.line, nodes[0], data, truth,
                        self.judge.is_exact(truth), labeled)

    # ------------------------------------------------------------- test assertions
    def check_tests(self) -> None:
        for f in self.ctx.files:
            if f.role != "test":
                continue
            text = self.texts.get(f.fs_path)
            if text and ("@test" in text or "@inferred" in text):
                self._guarded(f.path, TEST, self._check_test_file, f, text)

    def _check_test_file(self, f, text: str) -> None:
        data = text.encode("utf-8")
        parsed = self._parse(data)
        if parsed is None:
            self.skip(TEST, "parse-failed")
            return
        found = A.find_assertions(parsed.root, data)
        if not found:
            return
        labeled = self._label(f.path, data)
        if labeled is None:
            self.skip(TEST, "not-labelled", len(found))
            return
        for a in found:
            if any(x < a.node.end and y > a.node.start for x, y in parsed.error_ranges):
                self.skip(TEST, "syntax-error")
                continue
            if a.kind == A.KIND_INFERRED:
                self._score_inferred(f.path, a, data, labeled)
                continue
            truth = self.judge.parse(a.type_text)
            if truth is None:
                self.skip(TEST, "unknown-type")
                continue
            if a.kind == A.KIND_ELTYPE:
                truth, exact = TypeT(truth), True
            elif a.kind == A.KIND_TYPEOF:
                exact = True
            else:
                exact = self.judge.is_exact(truth)
            self._score(TEST, a.kind, f.path, a.line, a.node, data, truth, exact, labeled)

    # ----------------------------------------------------------------- scoring
    def _lexeme(self, node, data: bytes, labeled, source: str) -> int | None:
        anchor = value_anchor(node, data)
        idx = labeled.at(anchor) if anchor is not None else None
        if idx is None:
            self.skip(source, "no-anchor")
        return idx

    def _score(self, source, kind, path, line, node, data, truth, exact: bool, labeled) -> None:
        idx = self._lexeme(node, data, labeled, source)
        if idx is None:
            return
        label = labeled.types[idx]
        verdict = self.judge.verdict(label, truth, exact)
        self.result.cases.append(Case(source, kind, path, line, _expr_text(node, data), show(truth) if exact
                                      else f"<: {show(truth)}", label, verdict))

    def _score_inferred(self, path, a, data, labeled) -> None:
        idx = self._lexeme(a.node, data, labeled, TEST)
        if idx is None:
            return
        label = labeled.types[idx]
        # the call's stability, also where its type has no name (a type with the callee's static
        # parameters, concrete per call)
        verdict = STABILITY_WORDS.get(labeled.stability[idx], "none")
        self.result.cases.append(Case(TEST, A.KIND_INFERRED, path, a.line, _expr_text(a.node, data), "stable",
                                      label, verdict))


def _expr_text(node, data: bytes, limit: int = 120) -> str:
    text = " ".join(node.text(data).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def check_package(root: Path, options: TruthOptions, parser, corpus: dict | None = None) -> PackageResult:
    """Every truth of one package, labelled in the package's context (with `corpus`, that of the
    packages checked with it: see `context.corpus_summaries`) and scored."""
    ctx = load_package(root, options.ingest_options(), corpus)
    checker = _Checker(ctx, options, parser)
    checker.check_doctests()
    checker.check_tests()
    return checker.result


__all__ = ["DOCTEST", "TEST", "UNKNOWN_V", "Case", "PackageResult", "check_package"]
