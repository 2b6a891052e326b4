"""Label one file and render it in the JSON shape of `juliatag label --json` (DESIGN.md)."""

from __future__ import annotations

from pathlib import Path

from . import schema
from .backends.labelers import make_labeler
from .errors import JuliatagError
from .infer.package import summarize_package
from .labels import map_labels
from .lexer import lex
from .syntax.tree import ParseFailure


def label_file_json(path: str | Path, backend: str = "static", allow_exec: bool = False) -> dict:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JuliatagError(f"{path} is not UTF-8 (byte {exc.start})") from exc
    labeler = make_labeler(backend, allow_exec=allow_exec)
    try:
        fl = labeler.label(data, text, summarize_package(Path(path).stem, [text]))
    except ParseFailure as exc:  # no tree (e.g. over MAX_TREE_NODES): lexical labels, as ingest gives
        if not labeler.lexical_fallback:
            raise
        fl = map_labels(lex(text), None, [(0, len(data))])
        fl.note = f"parse-failed: {exc}"
    finally:
        labeler.close()
    lx = fl.lexemes
    lexemes = []
    for i in range(len(lx)):
        s, e = lx.starts[i], lx.ends[i]
        lexemes.append({
            "start": s, "end": e, "text": data[s:e].decode("utf-8"),
            "kind": schema.KIND_NAMES[lx.kinds[i]], "type": fl.types[i], "type_id": fl.type_ids[i],
            "concreteness": schema.CONCRETENESS_NAMES[fl.concreteness[i]], "depth": fl.depth[i],
            "stability": schema.STABILITY_NAMES[fl.stability[i]], "flags": schema.flag_names(fl.flags[i]),
        })
    functions = [{"name": f["name"], "start": f["start"], "end": f["end"], "return_type": f["return_type"],
                  "stability": schema.STABILITY_NAMES[f["stability"]]} for f in fl.functions]
    return {"path": str(path), "lexemes": lexemes, "functions": functions}
