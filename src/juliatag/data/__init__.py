"""Data files shipped with the library, and the one function that reads them.

`base_types.jl` (Base's type declarations), `base_methods.jl` (return types of Base methods),
`base_names.txt` (names Base and the stdlib export), `base_knowledge.toml` (stdlib modules, macros,
string-literal prefixes), `operators.txt` (Julia's operators, for the lexer), `julia-8k.toml` (the
default vocabulary spec), `stdlib/<Module>.jl` (return types of stdlib packages' API, generated from
their sources by tools/gen_stdlib_summaries.py).
"""

from __future__ import annotations

from importlib import resources


def read_text(name: str) -> str:
    """The text of the data file `name`."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def list_files(folder: str, suffix: str) -> list[str]:
    """The names of the data files in `folder` ending in `suffix`, sorted (none if there is no such folder)."""
    where = resources.files(__name__).joinpath(folder)
    if not where.is_dir():
        return []
    return sorted(p.name for p in where.iterdir() if p.name.endswith(suffix) and p.is_file())


def read_toml(name: str) -> dict:
    """The data file `name` parsed as TOML."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads(read_text(name))
