"""Score the labeler against gold files (DESIGN.md, "Gold files").

Each `[[case]]` has a Julia `source`, optional `expect` entries (the `occurrence`-th lexeme whose
text is exactly `text` must have `type` and `concreteness`) and optional `functions` entries
(the first function of that name must have `stability` and, when given, `return_type`).
Type strings are compared after normalisation: aliases (`Int` = `Int64`, `Vector{T}` =
`Array{T, 1}`) and union member order do not matter. An expected `Any` accepts concreteness
`abstract` or `unknown`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import JuliatagError
from .schema import CONCRETENESS_NAMES, STABILITY_NAMES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass
class Check:
    case: str
    what: str            # "type" | "concreteness" | "stability" | "return_type"
    subject: str
    expected: str
    got: str | None
    ok: bool


@dataclass
class GoldScore:
    path: str
    checks: list = field(default_factory=list)

    def count(self, what: str | None = None) -> tuple[int, int]:
        sel = [c for c in self.checks if what is None or c.what == what]
        return sum(c.ok for c in sel), len(sel)

    @property
    def score(self) -> float:
        ok, n = self.count()
        return ok / n if n else 0.0

    def summary(self) -> dict:
        out = {"path": self.path, "score": round(self.score, 4)}
        for what in ("type", "concreteness", "return_type", "stability"):
            ok, n = self.count(what)
            out[what] = {"matched": ok, "total": n}
        out["cases"] = len({c.case for c in self.checks})
        return out


def load_gold(path: str | Path) -> list[dict]:
    p = Path(path)
    if not p.is_file():
        raise JuliatagError(f"gold file not found: {path}")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise JuliatagError(f"cannot read gold file {path}: {exc}") from exc
    cases = data.get("case")
    if not isinstance(cases, list):
        raise JuliatagError(f"gold file {path} has no [[case]] tables")
    return cases


def normalize_type(text: str | None):
    """A comparable form of a type string, or the stripped text when it cannot be parsed."""
    if text is None:
        return None
    from .types.registry import base_registry
    from .types.jtypes import show
    from .types.typeexpr import TypeSyntaxError

    try:
        return show(base_registry().parse(text))
    except (TypeSyntaxError, ValueError, IndexError, KeyError):
        return " ".join(text.split())


def score_gold(path: str | Path, label_fn) -> GoldScore:
    """Score `label_fn(source_bytes) -> FileLabels` against the gold file at `path`."""
    result = GoldScore(str(path))
    for case in load_gold(path):
        cid = str(case.get("id", "?"))
        source = case.get("source", "")
        data = source.encode("utf-8")
        try:
            fl = label_fn(data)
        except JuliatagError:
            raise
        except Exception:  # a crash on one case counts as all of its checks failed
            fl = None
        texts = []
        if fl is not None:
            lx = fl.lexemes
            texts = [data[s:e].decode("utf-8", "replace") for s, e in zip(lx.starts, lx.ends, strict=False)]
        for exp in case.get("expect", []) or []:
            text, occ = exp.get("text"), int(exp.get("occurrence", 1))
            idx = None
            seen = 0
            for i, t in enumerate(texts):
                if t == text:
                    seen += 1
                    if seen == occ:
                        idx = i
                        break
            subject = f"{text!r}#{occ}"
            got_type = fl.types[idx] if idx is not None else None
            got_conc = CONCRETENESS_NAMES[fl.concreteness[idx]] if idx is not None else None
            if "type" in exp:
                ok = idx is not None and normalize_type(got_type) == normalize_type(exp["type"])
                result.checks.append(Check(cid, "type", subject, exp["type"], got_type, ok))
            if "concreteness" in exp:
                want = exp["concreteness"]
                ok = got_conc == want or (
                    normalize_type(exp.get("type")) == "Any" and got_conc in ("abstract", "unknown")
                    and want in ("abstract", "unknown"))
                result.checks.append(Check(cid, "concreteness", subject, want, got_conc, ok))
        for fexp in case.get("functions", []) or []:
            name = fexp.get("name")
            fn = None
            if fl is not None:
                fn = next((f for f in fl.functions if f["name"] == name), None)
            if "return_type" in fexp:
                got = fn["return_type"] if fn else None
                ok = fn is not None and normalize_type(got) == normalize_type(fexp["return_type"])
                result.checks.append(Check(cid, "return_type", name, fexp["return_type"], got, ok))
            if "stability" in fexp:
                got = STABILITY_NAMES[fn["stability"]] if fn else None
                result.checks.append(Check(cid, "stability", name, fexp["stability"], got, got == fexp["stability"]))
    return result
