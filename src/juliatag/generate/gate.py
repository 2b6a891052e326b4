"""The typed quality gate: the static labeler judges what the model wrote.

The completion is labelled in the context of its prompt (the labeler reads prompt + completion
as one file) and only the completion's lexemes are scored (a lexeme belongs to the completion
when it ends after the prompt's last byte; for the function the completion finishes, the return
verdict at its name counts too). Four parts, each in [0, 1]:

stability      sites: binding definitions in the completion (identifiers flagged `definition`
               that have a stability verdict: locals, globals, constants; arguments excluded,
               since Julia specialises on them) and the returns of functions whose body lies
               (partly) in the completion (the verdict at the function's name).
               score = (stable + 0.5 * union) / sites; 1 when there is no site.
boundary       sites: struct fields declared in the completion and container bindings it
               defines (a binding whose type is an Array, Dict, Set, IdDict, Channel or Memory).
               A field is abstract when the labeler flags it `abstract_field` (an abstract field
               type or element type); a container when an element type parameter is abstract
               (`Vector{Any}`, `Dict{String, Real}`). score = 1 - abstract / sites; 1 when none.
coherence      1 when prompt + completion parse without any syntax-error region; otherwise
               0.5 * r, r = the readable share: the share of the completion's code lexemes on
               lines without a syntax error (a line holding a lexeme flagged `syntax_error` or
               the position of a parser diagnostic is unreadable as a whole: the parser marks
               only the point where it gave up, often zero bytes wide, so counting flagged
               lexemes alone would call most garbage readable). An unclosed block whose opener
               is in the prompt (the error sits at the opener) leaves 0.5; garbage goes to 0.
hallucination  sites: name references in the completion (identifiers that are not a
               definition, a macro name, a field or module-qualified name after `.`, quoted
               code, or inside a syntax error). Undefined: flagged `undefined_name` by the
               labeler (only where it is sure: no `using` of an unknown module), or a name in
               type position that nothing explains (no Base type, definition, type parameter or
               import; checked only when the text has no `using`/`import`). Names the prompt
               itself mentions are never counted as undefined (the model did not invent them).
               score = undefined / sites; 0 when there is no site.

Unreadable code cannot be vouched for: the labeler gives no types, verdicts or definitions
inside a syntax-error region, so the sites above would miss it and garbage would look clean.
With r the readable share defined under coherence, the reported parts are
stability = r * stability_sites_score, boundary = r * boundary_sites_score and
hallucination = 1 - r * (1 - undefined share): unreadable code counts against each of them
as it does against coherence (the raw site scores are kept in `counts["raw"]`).

V = 0.3 stability + 0.3 boundary + 0.2 coherence + 0.2 (1 - hallucination).
Decision: V >= 0.7 commit, V >= 0.4 repair, else halt.

Degenerate completions score V = 0 (halt) whatever their parts: no code at all (empty,
whitespace, comments or string literals only), or a loop: at least 4 substantive lines (lines
other than blank ones and closers such as `end` or `)`) of which fewer than half are distinct.

Findings name what cost points (an unstable binding and its type, an abstract field, a syntax
error, an undefined name and the protected name it nearly matches); the repair loop feeds them
back to the model. A completion that redefines a struct or constant of the prompt is reported
as a finding (it is not scored).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..schema import (
    F_ABSTRACT_FIELD,
    F_DEFINITION,
    F_QUOTED,
    F_SYNTAX_ERROR,
    F_TYPE_POSITION,
    F_UNDEFINED,
    K_IDENTIFIER,
    KIND_ID,
    S_NA,
    S_STABLE,
    S_UNION,
    TRIVIA_IDS,
)

WEIGHTS = {"stability": 0.3, "boundary": 0.3, "coherence": 0.2, "hallucination": 0.2}
COMMIT_AT = 0.7
REPAIR_AT = 0.4
DECISIONS = ("commit", "repair", "halt")
CONTAINERS = frozenset({"Array", "Dict", "IdDict", "Set", "Channel", "Memory"})

_STRING_PARTS = frozenset(KIND_ID[k] for k in ('"', '"""', "String", "`", "```", "CmdString"))
_K_DOT = KIND_ID["."]
_K_AT = KIND_ID["@"]
_K_STRUCT = KIND_ID["struct"]
_K_CONST = KIND_ID["const"]
_K_TYPE = KIND_ID["type"]
_CLOSER_LINE = re.compile(r"^[\s\)\]\},;]*(end)?[\s\)\]\},;]*$")


@dataclass
class Finding:
    part: str          # stability | boundary | coherence | hallucination | definitions
    message: str
    offset: int        # byte offset in prompt + completion


@dataclass
class Verdict:
    stability: float
    boundary: float
    coherence: float
    hallucination: float
    value: float
    decision: str
    parses: bool
    degenerate: str | None = None
    counts: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def parts(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in WEIGHTS}

    def line(self) -> str:
        s = (f"V={self.value:.3f} {self.decision}: stability {self.stability:.2f}, boundary "
             f"{self.boundary:.2f}, coherence {self.coherence:.2f}, hallucination {self.hallucination:.2f}")
        return s + (f" (degenerate: {self.degenerate})" if self.degenerate else "")

    def to_dict(self) -> dict:
        return asdict(self)


def decide(value: float, commit_at: float = COMMIT_AT, repair_at: float = REPAIR_AT) -> str:
    return "commit" if value >= commit_at else "repair" if value >= repair_at else "halt"


def combine(stability: float, boundary: float, coherence: float, hallucination: float) -> float:
    w = WEIGHTS
    return (w["stability"] * stability + w["boundary"] * boundary + w["coherence"] * coherence
            + w["hallucination"] * (1.0 - hallucination))


def degenerate_reason(completion: str, n_code: int) -> str | None:
    """`n_code`: the completion's lexemes other than whitespace, comments and string parts."""
    if n_code == 0:
        return "no code" if completion.strip() else "empty"
    lines = [ln.strip() for ln in completion.splitlines()]
    lines = [ln for ln in lines if ln and not _CLOSER_LINE.match(ln)]
    if len(lines) >= 4 and len(set(lines)) < len(lines) / 2:
        return "repetition"
    return None


class Gate:
    """Scores completions with the static labeler (`parser`: a juliatag parser; None = fatou)."""

    def __init__(self, parser=None, commit_at: float = COMMIT_AT, repair_at: float = REPAIR_AT):
        if parser is None:
            from ..syntax import get_parser
            parser = get_parser("fatou")
        self.parser = parser
        self.commit_at, self.repair_at = commit_at, repair_at

    def score(self, prompt: str, completion: str, prompt_names=None, guard=None) -> Verdict:
        """`prompt_names`: the prompt's `PromptDefinitions` (computed when None); `guard`: a
        NameGuard whose `nearest` names the protected name an undefined name nearly matches."""
        from ..infer.definitions import DefinitionCollector
        from ..infer.verdicts import concreteness
        from ..labels import label_source
        from ..schema import C_ABSTRACT
        from ..types.registry import TypeRegistry, base_registry
        from .names import prompt_definitions

        pdata = prompt.encode("utf-8")
        data = pdata + completion.encode("utf-8")
        b0 = len(pdata)
        if prompt_names is None:
            prompt_names = prompt_definitions(pdata, self.parser)
        fl = label_source(data, self.parser)
        lx = fl.lexemes
        n = len(lx)
        starts, ends, kinds, flags = lx.starts, lx.ends, lx.kinds, fl.flags

        def text(i: int) -> str:
            return data[starts[i]:ends[i]].decode("utf-8", "replace")

        def prev_code(i: int) -> int:
            j = i - 1
            while j >= 0 and kinds[j] in TRIVIA_IDS:
                j -= 1
            return j

        try:
            tree = self.parser.parse(data)
            error_ranges = tree.error_ranges
            defs = DefinitionCollector(data, TypeRegistry(parent=base_registry())).collect(tree.root)
        except Exception:  # the labeler already recorded what it could; score without the tree
            error_ranges, defs = [(0, len(data))], None
        args: set[int] = set()
        fields_at: set[int] = set()
        defined_types: set[str] = set()
        imports = False
        if defs is not None:
            for m in defs.all_methods():
                for p in list(m.params) + list(m.kwparams):
                    if p.name_node is not None:
                        args.add(p.name_node.start)
            for sd in list(defs.structs.values()):
                for _, fnode, _, _ in sd.fields:
                    if fnode is not None:
                        fields_at.add(fnode.start)
            defined_types = set(defs.structs) | {sd.name for sd in defs.abstracts} | set(defs.consts) \
                | set(defs.imported)
            imports = bool(defs.used_modules or defs.imported or defs.opaque_using)
        for i in range(n):  # type parameters, where-variables, struct names: any definition in a type position
            if kinds[i] == K_IDENTIFIER and flags[i] & F_DEFINITION and flags[i] & F_TYPE_POSITION:
                defined_types.add(text(i))
        reg = base_registry()
        first = next((i for i in range(n) if ends[i] > b0), n)
        comp = range(first, n)
        findings: list[Finding] = []
        code = [i for i in comp if kinds[i] not in TRIVIA_IDS]

        # stability
        stab_sites: dict[int, str] = {}
        for i in code:
            if (kinds[i] == K_IDENTIFIER and flags[i] & F_DEFINITION and fl.stability[i] != S_NA
                    and starts[i] not in args and not flags[i] & F_SYNTAX_ERROR):
                stab_sites[i] = "binding"
        fn_names = set()
        for fn in fl.functions:
            if fn["end"] <= b0:
                continue
            for i in range(max(0, _index_at(starts, fn["start"])), min(n, _index_at(starts, fn["end"]) + 1)):
                if kinds[i] == K_IDENTIFIER and flags[i] & F_DEFINITION and text(i) == fn["name"]:
                    fn_names.add(i)
                    if fl.stability[i] != S_NA:
                        stab_sites[i] = "return"
                    break
        stable = union = 0
        for i, what in sorted(stab_sites.items()):
            s = fl.stability[i]
            if s == S_STABLE:
                stable += 1
                continue
            union += s == S_UNION
            word = "a small union" if s == S_UNION else "unstable"
            if what == "return" or i in fn_names:
                findings.append(Finding("stability", f"`{text(i)}` returns {fl.types[i]} ({word})", starts[i]))
            else:
                findings.append(Finding("stability", f"`{text(i)}` is {word} ({fl.types[i]})", starts[i]))
        n_stab = len(stab_sites)
        stability = (stable + 0.5 * union) / n_stab if n_stab else 1.0

        # boundary
        n_bound = n_abstract = 0
        for i in code:
            if kinds[i] != K_IDENTIFIER or not flags[i] & F_DEFINITION or flags[i] & F_SYNTAX_ERROR:
                continue
            if starts[i] in fields_at:
                n_bound += 1
                if flags[i] & F_ABSTRACT_FIELD:
                    n_abstract += 1
                    findings.append(Finding("boundary", f"field `{text(i)}` has an abstract type ({fl.types[i]})",
                                            starts[i]))
                continue
            if starts[i] in args or i in fn_names or flags[i] & F_TYPE_POSITION or not fl.types[i]:
                continue
            t = _parse_type(reg, fl.types[i])
            if t is None or getattr(t, "name", None) not in CONTAINERS:
                continue
            n_bound += 1
            elems = t.params[:2] if t.name in ("Dict", "IdDict") else t.params[:1]
            if any(_is_type(p) and concreteness(p, reg) == C_ABSTRACT for p in elems):
                n_abstract += 1
                findings.append(Finding("boundary", f"`{text(i)}` is a container with an abstract element "
                                        f"type ({fl.types[i]})", starts[i]))
        boundary = 1.0 - n_abstract / n_bound if n_bound else 1.0

        # coherence
        clean = not error_ranges and not any(f & F_SYNTAX_ERROR for f in flags) and fl.note is None
        bad_lines = {data.count(b"\n", 0, starts[i]) for i in range(n) if flags[i] & F_SYNTAX_ERROR}
        bad_lines |= {data.count(b"\n", 0, min(a, len(data))) for a, _ in error_ranges}
        n_err = 0
        if bad_lines:
            line_of = data.count(b"\n", 0, starts[first]) if first < n else 0
            pos = starts[first] if first < n else len(data)
            for i in code:
                line_of += data.count(b"\n", pos, starts[i])
                pos = starts[i]
                n_err += line_of in bad_lines
        readable = 1.0 - (n_err / len(code) if code else 1.0)
        coherence = 1.0 if clean else 0.5 * readable
        for d in fl.diagnostics[:5]:
            findings.append(Finding("coherence", f"syntax: {_diagnostic_text(d, data)}", _diagnostic_offset(d)))
        if not clean and not fl.diagnostics:
            findings.append(Finding("coherence", "syntax: the code does not parse", b0))

        # hallucination
        known = prompt_names.identifiers
        n_refs = n_undef = 0
        for i in code:
            if kinds[i] != K_IDENTIFIER or flags[i] & (F_DEFINITION | F_SYNTAX_ERROR | F_QUOTED):
                continue
            j = prev_code(i)
            if j >= 0 and kinds[j] in (_K_AT, _K_DOT):
                continue
            if i + 1 < n and kinds[i + 1] == _K_DOT:
                continue  # a module qualifier (`Base.foo`)
            n_refs += 1
            name = text(i)
            if name in known:
                continue
            undefined = bool(flags[i] & F_UNDEFINED)
            if not undefined and flags[i] & F_TYPE_POSITION and not imports:
                undefined = not reg.is_type_name(name) and name not in defined_types
            if undefined:
                n_undef += 1
                near = guard.nearest(name) if guard is not None else None
                hint = f" (a near miss of `{near}`)" if near else ""
                findings.append(Finding("hallucination", f"undefined name `{name}`{hint}", starts[i]))
        undefined_share = n_undef / n_refs if n_refs else 0.0
        raw = {"stability": stability, "boundary": boundary, "hallucination": undefined_share,
               "readable": readable}
        stability, boundary = readable * stability, readable * boundary
        hallucination = 1.0 - readable * (1.0 - undefined_share)

        # redefinitions of the prompt's structs and constants
        kept = set(prompt_names.structs) | set(prompt_names.consts)
        for i in code:
            if kinds[i] == K_IDENTIFIER and flags[i] & F_DEFINITION and text(i) in kept:
                j = prev_code(i)
                if j >= 0 and kinds[j] in (_K_STRUCT, _K_CONST, _K_TYPE):
                    findings.append(Finding("definitions", f"redefines `{text(i)}` from the prompt", starts[i]))

        degenerate = degenerate_reason(completion, sum(1 for i in code if kinds[i] not in _STRING_PARTS))
        value = 0.0 if degenerate else combine(stability, boundary, coherence, hallucination)
        if degenerate:
            findings.insert(0, Finding("degenerate", f"degenerate completion: {degenerate}", b0))
        counts = {"code_lexemes": len(code), "stability_sites": n_stab, "stable": stable, "union": union,
                  "boundary_sites": n_bound, "abstract": n_abstract, "unreadable_lexemes": n_err,
                  "references": n_refs, "undefined": n_undef, "raw": raw}
        return Verdict(stability, boundary, coherence, hallucination, value,
                       decide(value, self.commit_at, self.repair_at), clean, degenerate, counts, findings)


def _index_at(starts: list[int], offset: int) -> int:
    import bisect
    return bisect.bisect_right(starts, offset) - 1


def _is_type(p) -> bool:
    from ..types.jtypes import JType
    return isinstance(p, JType)


def _parse_type(reg, text: str):
    try:
        return reg.parse(text)
    except Exception:  # a printed type the parser cannot read back: not a container we know
        return None


_DIAG = re.compile(r"^(\d+)\.\.(\d+): (.*)$")


def _diagnostic_offset(d: str) -> int:
    m = _DIAG.match(d)
    return int(m.group(1)) if m else 0


def _diagnostic_text(d: str, data: bytes) -> str:
    m = _DIAG.match(d)
    if not m:
        return d
    line = data[:int(m.group(1))].count(b"\n") + 1
    return f"line {line}: {m.group(3)}"
