"""The Julia side (src/juliatag/julia/): checked by Julia itself when a Julia is available, skipped (saying so)
when not. Only the syntax check of the Julia sources runs everywhere."""

import importlib.util
import json
import subprocess

import pytest

from .julia_test_helpers import ROOT, real_julia

JULIA = real_julia()
PACKAGE = ROOT / "src" / "juliatag" / "julia"
NO_JULIA = "no Julia here: the Julia side is tested when `julia` is on PATH or JULIATAG_JULIA is set"
needs_julia = pytest.mark.skipif(JULIA is None, reason=NO_JULIA)


def test_the_julia_sources_parse():
    """Runs without Julia: every file of the worker package is valid Julia syntax (fatou's parser)."""
    from juliatag.syntax import get_parser

    parser = get_parser("fatou")
    files = sorted(PACKAGE.rglob("*.jl"))
    assert len(files) >= 9
    for f in files:
        result = parser.parse(f.read_bytes())
        assert result.error_ranges == [], f"{f}: {result.diagnostics}"
    assert (PACKAGE / "Project.toml").read_text().startswith('name = "JuliaTagWorker"')


@needs_julia
def test_the_julia_package_tests():
    r = subprocess.run([JULIA, "--startup-file=no", f"--project={PACKAGE}", str(PACKAGE / "test" / "runtests.jl")],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]


def julia_label(text: str, allow_exec: bool = False) -> dict:
    code = (f'include(raw"{PACKAGE / "src" / "JuliaTagWorker.jl"}"); '
            f'print(JuliaTagWorker.label_json(read(stdin, String), {str(allow_exec).lower()}, "t.jl", 300.0))')
    r = subprocess.run([JULIA, "--startup-file=no", "-e", code], input=text, capture_output=True, text=True,
                       timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout)


@needs_julia
def test_real_answers_map_onto_our_lexemes():
    from juliatag import schema
    from juliatag.backends.mapping import julia_kinds, labels_from_result
    from juliatag.lexer import lex

    text = ("struct P\n    x::Float64\nend\nfunction f(p::P, v::Vector{Float64})\n    y = p.x .+ v\n"
            "    return y\nend\ns = \"a $(1) b\"\nc = 'q'\n")
    result = julia_label(text, allow_exec=True)
    lx = lex(text)
    fl = labels_from_result(lx, result)
    data = text.encode()

    def lexeme(needle, occurrence=1):
        pos = -1
        for _ in range(occurrence):
            pos = data.index(needle.encode(), pos + 1)
        return lx.starts.index(pos)

    assert fl.types[lexeme("x::")] == "Float64"
    assert fl.types[lexeme("Vector")] == "Vector{Float64}" and fl.flags[lexeme("Vector")] & schema.F_TYPE_POSITION
    assert fl.types[lexeme("P\n")] == "P" and fl.concreteness[lexeme("p::")] == schema.C_CONCRETE
    assert fl.types[lexeme("y =")] == "Vector{Float64}" and fl.stability[lexeme("y =")] == schema.S_STABLE
    assert fl.types[lexeme("'q'") + 1] == "Char"
    assert fl.functions[0]["name"] == "f" and fl.functions[0]["return_type"] == "Vector{Float64}"
    kinds = julia_kinds(lx, result["tokens"])
    same = sum(1 for i, k in enumerate(kinds) if k == lx.kinds[i])
    assert same / len(lx) > 0.95


@needs_julia
@pytest.mark.skipif(importlib.util.find_spec("juliacall") is None,
                    reason="juliacall is not installed: the real worker process is not tested")
def test_the_real_worker_end_to_end(monkeypatch):
    from juliatag.backends.julia import JuliaBackend

    monkeypatch.delenv("JULIATAG_JULIA_WORKER", raising=False)
    with JuliaBackend(allow_exec=False, timeout=300, startup_timeout=900) as backend:
        text = "x = 0x01ff\nf(a::Int) = a\n"
        fl = backend.label(text.encode(), text)
        assert fl.types[lex_index(text, "0x01ff")] == "UInt16"
        assert backend.client.hello["julia_version"]


def lex_index(text: str, needle: str) -> int:
    from juliatag.lexer import lex

    return lex(text).starts.index(text.encode().index(needle.encode()))
