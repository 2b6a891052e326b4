"""`jldoctest` blocks from docstrings (`.jl` files) and Markdown pages, in Documenter's REPL form.

A block is a fenced ```` ```jldoctest [name][; options] ```` section. Its `julia> ` lines start
inputs (continued by lines indented seven spaces), and the lines up to the next prompt are the
input's output. Blocks with the same name share state, so they are run as one sequence, in the
order they appear in the package's files; unnamed blocks stand alone. Script-form blocks (code,
then `# output`) are not read: their output mixes what was printed with the last value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PROMPT = "julia> "
CONTINUATION = " " * len(PROMPT)
_FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,})jldoctest(?P<info>[^\n`]*)$")
_SETUP_RE = re.compile(r"\bsetup\s*=\s*:\((?P<code>.*)\)\s*(?:[,;]|$)")
_NAME_RE = re.compile(r"^\s*([A-Za-z_][\w\-.]*)")


@dataclass
class DoctestInput:
    code: str                 # the input, prompts and continuation indents removed
    output: list[str]         # its output lines (trailing blank lines removed)
    line: int                 # 1-based line of the `julia>` prompt in the source file


@dataclass
class DoctestBlock:
    path: str                 # display path of the file it is in
    line: int                 # 1-based line of the opening fence
    name: str | None
    inputs: list[DoctestInput] = field(default_factory=list)
    setup: str | None = None  # `setup = :(...)` code, run before the block
    filtered: bool = False    # the block has `filter = ...`: its outputs are matched loosely


def _unescape_docstring(text: str) -> str:
    """A docstring's source text as the string it denotes (`\\$` -> `$`, `\\\\` -> `\\`)."""
    return re.sub(r'\\([\\$"])', r"\1", text)


def find_blocks(text: str, path: str, in_docstrings: bool) -> list[DoctestBlock]:
    """Every REPL-form jldoctest block of a file; `in_docstrings` for .jl sources (escapes undone)."""
    lines = text.split("\n")
    blocks: list[DoctestBlock] = []
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN_RE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m.group("indent"), m.group("fence"), m.group("info")
        start = i
        body: list[tuple[int, str]] = []
        i += 1
        while i < len(lines):
            raw = lines[i]
            if raw.strip() == fence or raw.strip().startswith(fence) and raw.strip().strip("`") == "":
                break
            body.append((i + 1, raw[len(indent):] if raw.startswith(indent) else raw.lstrip()))
            i += 1
        i += 1
        if in_docstrings:
            body = [(n, _unescape_docstring(s)) for n, s in body]
        block = _read_block(body, path, start + 1, info)
        if block is not None:
            blocks.append(block)
    return blocks


def _read_block(body: list[tuple[int, str]], path: str, line: int, info: str) -> DoctestBlock | None:
    head, _, opts = info.partition(";")
    nm = _NAME_RE.match(head)
    block = DoctestBlock(path, line, nm.group(1) if nm else None)
    sm = _SETUP_RE.search(opts)
    if sm:
        block.setup = sm.group("code").strip()
    block.filtered = "filter" in opts
    if not any(s.startswith(PROMPT) or s.rstrip() == PROMPT.rstrip() for _, s in body):
        return None  # script form: not read
    cur: DoctestInput | None = None
    in_input = False
    for n, s in body:
        if s.startswith(PROMPT) or s.rstrip() == PROMPT.rstrip():
            if cur is not None:
                block.inputs.append(cur)
            cur = DoctestInput(s[len(PROMPT):], [], n)
            in_input = True
            continue
        if cur is None:
            continue
        if in_input and s.startswith(CONTINUATION):
            cur.code += "\n" + s[len(CONTINUATION):]
            continue
        in_input = False
        cur.output.append(s.rstrip())
    if cur is not None:
        block.inputs.append(cur)
    for inp in block.inputs:
        while inp.output and not inp.output[-1].strip():
            inp.output.pop()
    return block
