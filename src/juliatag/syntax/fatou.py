"""Parser adapter for fatou (PyPI `fatou`), a Rust Julia parser with a lossless CST.

fatou is run as a subprocess per file (`fatou parse -`); its CST printout gives every node's
kind and byte range, which we rebuild into `Node`s as it is read (the printout, about 50 bytes per
input byte, is never held whole), stopping at `MAX_TREE_NODES`. Measured on 37.8 MB of registered
packages: no file with an error node (tree-sitter-julia 0.23.1: 171 of 3,550 files).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import lru_cache

from .tree import MAX_TREE_NODES, Node, ParseFailure, ParseResult, ParserUnavailable

# Token kinds the analyzer never looks at (trivia, brackets, commas, block keywords): their lines
# are skipped by the regex itself, which is most of the cost of reading the printout.
SKIPPED_TOKENS = (
    "WHITESPACE", "NEWLINE", "COMMENT", "BLOCK_COMMENT", "LPAREN", "RPAREN", "LBRACKET", "RBRACKET", "LBRACE",
    "RBRACE", "COMMA", "END_KW", "FUNCTION_KW", "RETURN_KW", "IF_KW", "ELSE_KW", "ELSEIF_KW", "FOR_KW",
    "WHILE_KW", "BEGIN_KW", "LET_KW", "TRY_KW", "CATCH_KW", "FINALLY_KW", "DO_KW", "STRUCT_KW", "MODULE_KW",
    "QUOTE_KW", "USING_KW", "IMPORT_KW", "EXPORT_KW", "LOCAL_KW", "GLOBAL_KW", "CONST_KW", "BREAK_KW",
    "CONTINUE_KW", "MACRO_KW", "BAREMODULE_KW",
)


def _skipped_alternatives() -> bytes:
    """SKIPPED_TOKENS as a regex alternation grouped by first letter (fewer tries per line)."""
    by_first: dict[str, list[str]] = {}
    for tok in SKIPPED_TOKENS:
        by_first.setdefault(tok[0], []).append(tok[1:])
    return "|".join(f"{first}(?:{'|'.join(sorted(rests, key=len, reverse=True))})"
                    for first, rests in by_first.items()).encode()


_LINE_RE = re.compile(rb"^( *)(?!(?:" + _skipped_alternatives() + rb")@)([A-Z_0-9]+)@(\d+)\.\.(\d+)", re.M)
_ERROR_LINE_RE = re.compile(rb"^ *(ERROR[A-Z_]*)@(\d+)\.\.(\d+)", re.M)
_DIAG_RE = re.compile(rb"diagnostic \[(\d+)\.\.(\d+)\]: ([^\n]*)")
SUPPORTED = ("0.24.",)
_KIND_NAMES: dict[bytes, str] = {}
_READ_CHUNK = 1 << 20


def node_range(node: Node) -> tuple[int, int]:
    return (node.start, node.end)


@lru_cache(maxsize=1)
def find_fatou() -> str | None:
    """The fatou executable: $JULIATAG_FATOU, next to this Python, or on PATH."""
    env = os.environ.get("JULIATAG_FATOU")
    if env:
        return env if os.path.exists(env) else None
    here = os.path.join(os.path.dirname(sys.executable), "fatou")
    if os.path.exists(here):
        return here
    return shutil.which("fatou")


@lru_cache(maxsize=1)
def fatou_version() -> str:
    exe = find_fatou()
    if exe is None:
        raise ParserUnavailable("fatou is not installed (pip install fatou==0.24.*)")
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise ParserUnavailable(f"fatou at {exe} does not run: {exc}") from exc
    version = out.decode(errors="replace").split()[-1] if out.split() else "?"
    if not version.startswith(SUPPORTED):
        raise ParserUnavailable(f"fatou {version} is not supported (need {' or '.join(SUPPORTED)}x)")
    return version


# Unicode whitespace Julia accepts between tokens (Base.isspace) but fatou rejects: no-break spaces,
# the en/em/thin spaces, ideographic space, NEL, line/paragraph separators, and a leading BOM.
_UNICODE_SPACE_RE = re.compile(
    rb"\xc2\xa0|\xc2\x85|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80|\xef\xbb\xbf")


def julia_whitespace_as_spaces(data: bytes) -> bytes:
    """Replace Unicode whitespace by as many ASCII spaces as it has bytes: offsets stay the same."""
    if data.isascii():
        return data
    return _UNICODE_SPACE_RE.sub(lambda m: b" " * len(m.group()), data)


class FatouParser:
    name = "fatou"

    def __init__(self, timeout: float = 60.0, max_nodes: int = MAX_TREE_NODES):
        self.exe = find_fatou()
        self.version = fatou_version()
        self.timeout = timeout
        self.max_nodes = max_nodes

    def parse(self, data: bytes) -> ParseResult:
        data = julia_whitespace_as_spaces(data)
        # input and diagnostics go through files (no pipe can fill up and block); the printout is
        # read as it comes and turned into nodes, so it is never held whole
        with tempfile.TemporaryFile() as fin, tempfile.TemporaryFile() as ferr:
            fin.write(data)
            fin.seek(0)
            proc = subprocess.Popen([self.exe, "parse", "--no-config", "--color", "never", "-"],
                                    stdin=fin, stdout=subprocess.PIPE, stderr=ferr)
            timed_out = threading.Event()

            def on_timeout():
                timed_out.set()
                proc.kill()

            timer = threading.Timer(self.timeout, on_timeout)
            timer.daemon = True
            timer.start()
            builder = _TreeBuilder(self.max_nodes)
            too_large = None
            try:
                while True:
                    chunk = proc.stdout.read(_READ_CHUNK)
                    if not chunk:
                        break
                    builder.feed(chunk)
            except _TooLarge as exc:
                too_large = str(exc)
            finally:  # over the node budget, or interrupted (the per-file limit): fatou goes too
                timer.cancel()
                if proc.poll() is None:
                    proc.kill()
                proc.stdout.close()
                rc = proc.wait()
            if too_large is not None:
                builder = None  # the partial tree goes now, before the caller labels lexically
                raise ParseFailure(too_large)
            if timed_out.is_set():
                raise ParseFailure(f"fatou timed out after {self.timeout:.0f}s")
            ferr.seek(0)
            stderr = ferr.read()
        if rc != 0 or not builder.got_output:
            msg = stderr.decode(errors="replace").strip().splitlines()
            raise ParseFailure(f"fatou exited {rc}: {msg[-1] if msg else 'no output'}")
        return builder.finish(stderr)


class _TooLarge(ParseFailure):
    pass


class _TreeBuilder:
    """Rebuilds the tree from fatou's indented CST printout, fed in chunks of any size.

    The tree is built lean, as it may be kept for the calls other files make into it: a node's
    children become a tuple once the printout is read, and equal offsets share one int object."""

    def __init__(self, max_nodes: int = MAX_TREE_NODES):
        self.max_nodes = max_nodes
        self.nodes = 0
        self.got_output = False
        self.root = None
        self.stack: list[Node] = []  # stack[d] is the open node at indentation depth d
        self.errors: list[tuple[int, int]] = []
        self.rest = b""
        self.offsets: dict[bytes, int] = {}   # printed offset -> its int, shared by every node
        self.parents: list[Node] = []         # nodes given children, whose lists become tuples

    def feed(self, chunk: bytes) -> None:
        self.got_output = self.got_output or bool(chunk)
        buf = self.rest + chunk
        cut = buf.rfind(b"\n") + 1
        self.rest = buf[cut:]
        if cut:
            self._lines(buf[:cut] if cut < len(buf) else buf)

    def _lines(self, cst: bytes) -> None:
        names = _KIND_NAMES
        offsets = self.offsets
        parents = self.parents
        errors = self.errors
        stack = self.stack
        count, limit = self.nodes, self.max_nodes
        for indent, kind_b, start_b, end_b in _LINE_RE.findall(cst):
            kind = names.get(kind_b)
            if kind is None:
                kind = names[kind_b] = kind_b.decode()
            start = offsets.get(start_b)
            if start is None:
                start = offsets[start_b] = int(start_b)
            end = offsets.get(end_b)
            if end is None:
                end = offsets[end_b] = int(end_b)
            depth = len(indent) >> 1
            if depth == 0:
                self.root = Node(kind, start, end)
                self.stack = stack = [self.root]
                continue
            del stack[depth:]
            parent = stack[-1]
            if kind == "IDENT" and parent.kind == "NAME":
                continue  # NAME is the leaf for a plain identifier
            node = Node(kind, start, end)
            if kind[0] == "E" and kind.startswith("ERROR"):
                errors.append((start, end))
            kids = parent.children
            if kids:
                kids.append(node)
            else:
                parent.children = [node]
                parents.append(parent)
            stack.append(node)
            count += 1
            if count > limit:
                raise _TooLarge(f"parse tree over {limit:,} nodes (MAX_TREE_NODES)")
        self.nodes = count

    def finish(self, stderr: bytes = b"") -> ParseResult:
        if self.rest:
            self._lines(self.rest)
            self.rest = b""
        if self.root is None:
            raise ParseFailure("fatou printed no tree")
        for node in self.parents:
            node.children = tuple(node.children)
        self.parents = []
        self.offsets = {}
        errors = self.errors
        diagnostics = []
        for a, b, msg in _DIAG_RE.findall(stderr):
            errors.append((int(a), int(b)))
            diagnostics.append(f"{int(a)}..{int(b)}: {msg.decode(errors='replace')}")
        return ParseResult(root=self.root, error_ranges=errors, diagnostics=diagnostics)


def build_tree(cst: bytes, stderr: bytes = b"", max_nodes: int = MAX_TREE_NODES) -> ParseResult:
    """Rebuild the tree from fatou's whole indented CST printout."""
    builder = _TreeBuilder(max_nodes)
    builder.feed(cst)
    return builder.finish(stderr)
