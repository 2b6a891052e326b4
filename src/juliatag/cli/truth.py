"""`juliatag check-truth SRC...`: measure the labels against the packages' own doctests and tests."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .app import app
from .progress import event_progress

HELP = """Measure the labels on packages against truths the packages give themselves.

SRC is a package folder (with a Project.toml or src/) or a folder of package folders.

Doctest truths: REPL-form jldoctest blocks in docstrings under src/ and in docs/src/**/*.md. Inputs run in sequence (blocks with the same name in one file share state); `julia> x = expr` gives the type of x. An output fixes a type only in a form Base prints: array, dict and set summaries (`3-element Vector{Float64}:`, `2×2 Matrix{Int64}:`, `Dict{String, Int64} with 2 entries:`), Int64 `2`, Float64 `2.5` `1.0e-5` `Inf` `NaN`, Float32 `2.5f0`, strings, chars, symbols, rationals `1//2`, complex `1 + 2im`, unsigned `0x01` (UInt8 to UInt128 by digit count), ranges (`1:3`, `1:2:5`, `0.0:0.5:1.0`), `true`/`false`, `missing`, `nothing`, and a printed type (the value is Type{T}).

Test truths (files under test/): `@test x isa T`, `@test isa(x, T)`, `@test typeof(x) == T` (or ===), `@test typeof(x) <: T`, `@test eltype(x) == T` (eltype(x) is Type{T}), and `@inferred f(x)` (the call is type stable).

Not truth (counted as skipped, by reason): an output in no Base form; a summary naming a package type that has its own show/summary/showarg/print method (custom-show); a bare number, string, char or range when the package declares its own subtype of Number, AbstractString, AbstractChar or AbstractRange (package-lookalike); an integer or float output whose input names another width or big (other-width); inputs that print or call a macro (prints); errors and log output; blocks with a filter; script-form (# output) blocks; `@test ... broken=...` or `skip=...`; anything inside @test_broken, @test_skip or @test_throws; version-dependent tests (VERSION in the assertion or in an enclosing condition); a truth type that is neither Base/stdlib's nor the package's own.

Verdicts: each expression is labelled as `ingest` labels a file of that package (with the packages checked together with it, so a package sees the API of those it uses among them), and the label of the lexeme carrying the expression's value is compared with the truth: exact (the same type; for an `isa` bound, a type inside it), compatible (a supertype, or a union holding it; for an `isa` bound, a type that may meet it), unknown (no type, or a bare type variable), wrong. @inferred calls get the call's stability: stable, union, unstable or none.
"""


@app.command("check-truth", help=HELP)
def check_truth_cmd(
    sources: Annotated[list[str], typer.Argument(help="Package folders, or folders of package folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    show_failures: Annotated[bool, typer.Option("--failures", help="List each wrong case (and each @inferred call "
                                                "not called stable) with file:line, expression, truth and label.")] = False,
    all_failures: Annotated[bool, typer.Option("--failures-all", help="Like --failures, and also list the unknown "
                                               "cases and the files that could not be labelled.")] = False,
    file_timeout: Annotated[float, typer.Option("--file-timeout", help="Seconds allowed to label one file.")] = 30.0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes, one package at a time each (0 = all "
                                      "cores). The output is the same for any value.")] = 0,
) -> None:
    from ..truth import TruthOptions, check_truth, render_table, tally
    from ..truth import failures as list_failures

    mode = "all" if all_failures else "wrong" if show_failures else "none"
    options = TruthOptions(failures=mode, file_timeout=file_timeout, jobs=jobs).resolved()
    with event_progress("check-truth") as progress:
        results = check_truth(sources, options, progress)
    counts = tally(results)
    listed = list_failures(results, options.failures)
    if as_json:
        out = dict(counts)
        if options.failures != "none":
            out["failures"] = listed
        print(json.dumps(out, sort_keys=True, ensure_ascii=False))
        return
    print(render_table(counts))
    skipped = counts["total"]["skipped"]
    for source in ("doctest", "test"):
        if skipped[source]:
            print(f"skipped {source} truths: " + ", ".join(f"{k} {v}" for k, v in skipped[source].items()))
    for case in listed:
        if case.get("source") == "file":
            print(f"not labelled  {case['path']}: {case['detail']}")
            continue
        print(f"{case['verdict']:>10}  {case['path']}:{case['line']}  {case['expr']}  truth {case['truth']}  "
              f"label {case['label']}")
