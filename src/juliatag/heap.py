"""Python's cycle collector, run at file boundaries in the processes that label files.

A labelling worker keeps many objects alive for a long time (its packages' parsed files, their
interpreters and what those kept), and makes and frees millions more per file. CPython starts a
full collection whenever the objects that survived its young generations since the last one reach a
quarter of the old ones, counting objects that reference counting has freed since: on a 37.8 MB
corpus that was some 150 full passes over a heap of millions of live objects, a third of the ingest
time. Parse trees and a finished file's interpreter hold no reference cycle (`syntax.tree.Node`,
`Interpreter.release`), so almost everything is freed by reference counting as soon as it is no
longer used. After each file, `FileBoundaries.file_done` moves what is alive to the collector's
permanent generation (`gc.freeze`, a constant-time splice), which full passes skip; the rare cyclic
garbage left there is collected by one full pass every FULL_PASS_FILES files. The young generation
is collected every YOUNG_GENERATION allocations rather than CPython's 700: most of what a file's
analysis makes is freed by reference counting before a young pass would look at it (3.4% of the
corpus's time in one process, 250 s to 241 s). When the collector runs never changes a label:
nothing in the analysis observes it.
"""

from __future__ import annotations

import gc

FULL_PASS_FILES = 250      # files a labelling process labels between two full collections
YOUNG_GENERATION = 20_000  # allocations (less deallocations) between two collections of the young generation


class FileBoundaries:
    """The collector policy of one labelling process: `file_done()` after each file."""

    def __init__(self, every: int = FULL_PASS_FILES):
        self.every = every
        self.files = 0
        gc.set_threshold(YOUNG_GENERATION, *gc.get_threshold()[1:])
        gc.freeze()   # what the imports made lives as long as the process

    def file_done(self) -> None:
        self.files += 1
        if self.files % self.every == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()


_PROCESS: list[FileBoundaries] = []


def file_boundaries() -> FileBoundaries:
    """This process's policy, made on first use (by its first file)."""
    if not _PROCESS:
        _PROCESS.append(FileBoundaries())
    return _PROCESS[0]
