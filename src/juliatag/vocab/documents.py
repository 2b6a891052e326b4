"""Where training text comes from: a lexeme corpus, `.jl` files, or any list of texts.

A `DocumentSource` can be iterated more than once (training may be retried, and the checks read
the corpus again), streams its texts, and knows each document's size up front so that a sample
can be chosen before anything is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import JuliatagError, MissingInputError


@dataclass(frozen=True)
class Document:
    """One source file: a stable name (`package/path`) and its text."""

    name: str
    text: str


class DocumentSource:
    """A re-iterable collection of documents with known names and UTF-8 sizes."""

    def names(self) -> Sequence[str]:
        raise NotImplementedError

    def sizes(self) -> Sequence[int]:
        """UTF-8 byte size of each document, in order."""
        raise NotImplementedError

    def iter_documents(self, keep: set[int] | None = None) -> Iterator[Document]:
        """The documents in order; only those whose index is in `keep` when given."""
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.names())


class TextsSource(DocumentSource):
    """Documents held in memory (tests, small inputs, the library's iterable-of-texts API)."""

    def __init__(self, texts: Iterable[str] | Iterable[Document]):
        docs = []
        for i, t in enumerate(texts):
            docs.append(t if isinstance(t, Document) else Document(f"text-{i:06d}", t))
        self._docs = docs

    def names(self) -> Sequence[str]:
        return [d.name for d in self._docs]

    def sizes(self) -> Sequence[int]:
        return [len(d.text.encode("utf-8")) for d in self._docs]

    def iter_documents(self, keep: set[int] | None = None) -> Iterator[Document]:
        for i, doc in enumerate(self._docs):
            if keep is None or i in keep:
                yield doc


class FilesSource(DocumentSource):
    """`.jl` files under package folders, read lazily (invalid UTF-8 is replaced)."""

    def __init__(self, roots: Iterable[str | Path], pattern: str = "*.jl"):
        files: list[tuple[str, Path]] = []
        for root in roots:
            root = Path(root)
            if root.is_file():
                files.append((root.name, root))
                continue
            if not root.is_dir():
                raise MissingInputError(f"no such file or folder: {root}")
            # folders named `Foo.jl/` match the pattern too: keep files only
            for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
                files.append((f"{root.name}/{path.relative_to(root).as_posix()}", path))
        self._files = files

    def names(self) -> Sequence[str]:
        return [name for name, _ in self._files]

    def sizes(self) -> Sequence[int]:
        return [path.stat().st_size for _, path in self._files]

    def iter_documents(self, keep: set[int] | None = None) -> Iterator[Document]:
        for i, (name, path) in enumerate(self._files):
            if keep is None or i in keep:
                yield Document(name, path.read_bytes().decode("utf-8", errors="replace"))


class CorpusSource(DocumentSource):
    """The `lexemes/` dataset of a corpus written by `juliatag ingest`, streamed from Arrow."""

    def __init__(self, corpus_dir: str | Path):
        import pyarrow.compute as pc

        from ..corpus.reader import open_lexemes

        self.corpus_dir = Path(corpus_dir)
        table = open_lexemes(self.corpus_dir).data.table
        missing = [c for c in ("path", "package", "text") if c not in table.column_names]
        if missing:
            raise JuliatagError(f"corpus {corpus_dir} lacks columns {missing}")
        packages = table.column("package").to_pylist()
        paths = table.column("path").to_pylist()
        self._names = [f"{pkg}/{path}" for pkg, path in zip(packages, paths, strict=False)]
        self._sizes = [int(n or 0) for n in pc.binary_length(table.column("text")).to_pylist()]

    def names(self) -> Sequence[str]:
        return self._names

    def sizes(self) -> Sequence[int]:
        return self._sizes

    def iter_documents(self, keep: set[int] | None = None) -> Iterator[Document]:
        from ..corpus.reader import iter_documents

        rows = iter_documents(self.corpus_dir, columns=("package", "text"))
        for i, (name, row) in enumerate(zip(self._names, rows, strict=False)):
            if keep is None or i in keep:
                yield Document(name, row["text"] or "")
