"""`juliatag check-truth`: measure the labels against the packages' own doctests and tests.

Truths come from REPL-form `jldoctest` outputs that Base prints (doctests.py, outputs.py,
trust.py) and from the assertions of the test suites (assertions.py). Each truth's expression is
labelled in its package's context through ingest's own path (context.py), the lexeme that
carries the expression's value is found by the label schema (anchor.py), and the label is
compared with the truth through the type registry (compare.py); check.py runs a package and
report.py counts.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from ..errors import JuliatagError
from ..jobs import resolve_jobs
from ..progress import ProgressCallback, ProgressEvent, no_progress
from ..syntax import get_parser
from ..syntax.tree import ParserUnavailable
from .check import Case, PackageResult, check_package
from .context import corpus_summaries, find_packages
from .options import FAILURE_MODES, TruthOptions
from .report import failures, render_table, tally

__all__ = [
    "FAILURE_MODES",
    "Case",
    "PackageResult",
    "TruthOptions",
    "check_truth",
    "failures",
    "find_packages",
    "render_table",
    "tally",
]


def _parser(options: TruthOptions):
    try:
        parser = get_parser("fatou")
    except ParserUnavailable as exc:
        raise JuliatagError(str(exc)) from exc
    parser.timeout = options.file_timeout
    return parser


def _check_in_worker(root: str, options: TruthOptions, corpus: dict) -> PackageResult:
    return check_package(Path(root), options, _parser(options), corpus)


def check_truth(sources: list[str], options: TruthOptions | None = None,
                progress: ProgressCallback = no_progress) -> list[PackageResult]:
    """Check every package under `sources` (package folders or folders of them). The results are
    in the order the packages are found, whatever `options.jobs` is. Progress is reported as
    ProgressEvents of the stage "packages"."""
    options = (options or TruthOptions()).resolved()
    if not sources:
        raise JuliatagError("no sources given (pass package folders or folders of packages)")
    roots = find_packages([str(s) for s in sources])
    parser = _parser(options)
    # the packages are labelled as ingest of all of them labels them: each sees the API of those it
    # uses among them
    corpus = corpus_summaries(roots, options.ingest_options())
    progress(ProgressEvent("packages", 0, len(roots), unit="packages"))
    jobs = resolve_jobs(options.jobs, "ingest", tasks=len(roots))
    if jobs.count == 1:
        results = []
        for root in roots:
            results.append(check_package(Path(root), options, parser, corpus))
            progress(ProgressEvent("packages", len(results), len(roots), unit="packages"))
        return results
    slots: list = [None] * len(roots)
    with ProcessPoolExecutor(max_workers=jobs.count) as pool:
        futures = {pool.submit(_check_in_worker, str(root), options, corpus): i for i, root in enumerate(roots)}
        for done, fut in enumerate(as_completed(futures), 1):
            slots[futures[fut]] = fut.result()
            progress(ProgressEvent("packages", done, len(roots), unit="packages"))
    return slots
