"""Label one file and render it in the JSON shape of `juliatag label --json` (DESIGN.md)."""

from __future__ import annotations

from pathlib import Path

from . import schema
from .errors import JuliatagError


def label_file_json(path: str | Path, backend: str = "static", allow_exec: bool = False) -> dict:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JuliatagError(f"{path} is not UTF-8 (byte {exc.start})") from exc
    if backend == "julia":
        from .backends.julia import JuliaBackend
        fl = JuliaBackend(allow_exec=allow_exec).label(data, text)
    elif backend == "static":
        from .infer.package import index_for, summarize_package
        from .labels import label_source
        from .syntax import get_parser
        from .syntax.tree import ParserUnavailable
        try:
            parser = get_parser("fatou")
        except ParserUnavailable as exc:
            raise JuliatagError(str(exc)) from exc
        from .syntax.tree import ParseFailure
        try:
            fl = label_source(data, parser, index_for(summarize_package(Path(path).stem, [text])), text=text)
        except ParseFailure as exc:  # no tree (e.g. over MAX_TREE_NODES): lexical labels, as ingest does
            from .labels import map_labels
            from .lexer import lex
            fl = map_labels(lex(text), None, [(0, len(data))])
            fl.note = f"parse-failed: {exc}"
    else:
        raise JuliatagError(f"unknown backend {backend!r} (choose static or julia)")
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
