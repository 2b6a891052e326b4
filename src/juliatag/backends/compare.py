"""`juliatag compare-backends`: label the same files with the static and the Julia backend and
measure, column by column, how often they agree.

Both backends share our lexer's cut, so lexemes line up one to one. The columns:

- `kind`: our kind of each lexeme against the kind of the JuliaSyntax token with exactly the same
  byte range (mapped onto our kind table; a lexeme JuliaSyntax cuts differently disagrees), over
  all lexemes. `cut` counts lexemes JuliaSyntax cuts the same way.
- `type`, `type_id`, `concreteness`, `depth`: over lexemes that either backend types
  (`type_id` != 0 on either side); `type` compares the canonical type strings.
- `stability`: over lexemes that either backend gives a stability verdict.
- `flags`: exact equality of the flag bits, over non-trivia lexemes; `flag_bits` gives each bit's
  agreement over lexemes where either backend sets it.
- `functions`: functions matched by name and start offset; agreement of return type and verdict.

With Julia inference (`allow_exec`), the numbers measure the static engine against Julia itself.
"""

from __future__ import annotations

from collections import defaultdict

from .. import schema
from ..errors import JuliatagError
from ..progress import ProgressCallback, ProgressEvent, no_progress
from ..sources import DEFAULT_MAX_FILE_BYTES, Skipped, discover

COLUMNS = ("kind", "type", "type_id", "concreteness", "depth", "stability", "flags")


class _Count:
    __slots__ = ("agree", "total")

    def __init__(self):
        self.agree = 0
        self.total = 0

    def add(self, same: bool) -> None:
        self.total += 1
        if same:
            self.agree += 1

    def merge(self, other: "_Count") -> None:
        self.agree += other.agree
        self.total += other.total

    def as_dict(self) -> dict:
        return {"agree": self.agree, "total": self.total,
                "rate": round(self.agree / self.total, 4) if self.total else None}


def compare_file(static, julia) -> dict:
    """Per-column agreement counts for one file: `static` FileLabels, `julia` JuliaLabels."""
    a, b = static, julia.labels
    lx = a.lexemes
    if list(lx.starts) != list(b.lexemes.starts) or list(lx.ends) != list(b.lexemes.ends):
        raise JuliatagError("the two backends cut the file differently (they must share the lexer)")
    cols = {c: _Count() for c in COLUMNS}
    cut = _Count()
    bits = {name: _Count() for name in schema.FLAG_NAMES}
    jk = julia.julia_kinds
    for i in range(len(lx)):
        kind = lx.kinds[i]
        cut.add(jk[i] is not None)
        cols["kind"].add(jk[i] == kind)
        if a.type_ids[i] or b.type_ids[i]:
            cols["type"].add(a.types[i] == b.types[i])
            cols["type_id"].add(a.type_ids[i] == b.type_ids[i])
            cols["concreteness"].add(a.concreteness[i] == b.concreteness[i])
            cols["depth"].add(a.depth[i] == b.depth[i])
        if a.stability[i] or b.stability[i]:
            cols["stability"].add(a.stability[i] == b.stability[i])
        if kind not in schema.TRIVIA_IDS:
            fa, fb = a.flags[i], b.flags[i]
            cols["flags"].add(fa == fb)
            either = fa | fb
            if either:
                for j, name in enumerate(schema.FLAG_NAMES):
                    if either >> j & 1:
                        bits[name].add((fa >> j & 1) == (fb >> j & 1))
    fun = {"matched": _Count(), "return_type": _Count(), "stability": _Count()}
    julia_fns = {(f["name"], f["start"]): f for f in b.functions}
    for f in a.functions:
        g = julia_fns.get((f["name"], f["start"]))
        fun["matched"].add(g is not None)
        if g is not None:
            fun["return_type"].add(f["return_type"] == g["return_type"])
            fun["stability"].add(f["stability"] == g["stability"])
    return {"lexemes": len(lx), "columns": cols, "cut": cut, "flag_bits": bits, "functions": fun}


def compare_backends(sources: list[str], allow_exec: bool = False, timeout: float = 120.0,
                     max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, backend=None,
                     progress: ProgressCallback = no_progress) -> dict:
    """Label every .jl file under `sources` with both backends; return the agreement report.

    `backend`: a JuliaBackend to use (default: a new one; without a usable Julia this raises a
    one-line JuliatagError before any file is read).
    """
    from ..infer.package import summarize_package
    from ..labeling import StaticLabeler
    from .julia import JuliaBackend

    own_backend = backend is None
    if backend is None:
        backend = JuliaBackend(allow_exec=allow_exec, timeout=timeout)
    static_labeler = StaticLabeler("fatou", timeout=timeout)
    try:
        hello = backend.start()
        by_package: dict[str, list] = defaultdict(list)
        order: list[str] = []
        skipped: list[dict] = []
        for item in discover(list(sources), max_file_bytes):
            if isinstance(item, Skipped):
                skipped.append({"path": item.path, "reason": item.reason})
                continue
            if item.package not in by_package:
                order.append(item.package)
            by_package[item.package].append(item)
        total = sum(len(files) for files in by_package.values())
        progress(ProgressEvent("labeling", 0, total))
        totals = {c: _Count() for c in COLUMNS}
        cut = _Count()
        bits = {name: _Count() for name in schema.FLAG_NAMES}
        fun = {"matched": _Count(), "return_type": _Count(), "stability": _Count()}
        per_file: list[dict] = []
        failed: list[dict] = []
        lexemes = 0
        for pkg in order:
            files = []
            for sf in by_package[pkg]:
                try:
                    data = sf.read()
                    files.append((sf, data, data.decode("utf-8")))
                except (OSError, UnicodeDecodeError) as exc:
                    skipped.append({"path": sf.path, "reason": type(exc).__name__})
            summary = summarize_package(pkg, [t for _, _, t in files]) if files else None
            for sf, data, text in files:
                try:
                    static = static_labeler.label(data, text, summary)
                    julia = backend.label_full(data, text, path=sf.path)
                    res = compare_file(static, julia)
                except Exception as exc:  # one file's failure (timeout, crash, parse failure) is recorded
                    failed.append({"path": sf.path, "reason": f"{type(exc).__name__}: {exc}"[:300]})
                    progress(ProgressEvent("labeling", len(per_file) + len(failed), total))
                    continue
                lexemes += res["lexemes"]
                for c in COLUMNS:
                    totals[c].merge(res["columns"][c])
                cut.merge(res["cut"])
                for name in bits:
                    bits[name].merge(res["flag_bits"][name])
                for k in fun:
                    fun[k].merge(res["functions"][k])
                per_file.append({"path": sf.path, "package": pkg, "lexemes": res["lexemes"],
                                 **{c: res["columns"][c].as_dict()["rate"] for c in COLUMNS}})
                progress(ProgressEvent("labeling", len(per_file) + len(failed), total))
    finally:
        if own_backend:
            backend.close()
    return {
        "files": len(per_file),
        "lexemes": lexemes,
        "allow_exec": bool(getattr(backend, "allow_exec", allow_exec)),
        "julia": {k: hello.get(k) for k in ("worker", "julia_version", "juliasyntax", "typed_syntax", "jet")},
        "columns": {c: totals[c].as_dict() for c in COLUMNS},
        "cut": cut.as_dict(),
        "flag_bits": {name: c.as_dict() for name, c in bits.items() if c.total},
        "functions": {k: c.as_dict() for k, c in fun.items()},
        "failed": failed,
        "skipped": skipped,
        "per_file": per_file,
    }
