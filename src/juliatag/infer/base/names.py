"""Names Julia code can see without defining them: Base/Core exports and common stdlib exports."""

from __future__ import annotations

from functools import lru_cache

from ...data import read_text
from ...types.jtypes import (BOOL, FLOAT32, FLOAT64, MISSING, NOTHING, STRING, DataT, JType, TypeT, dt,
                            SymbolValue, vector)


@lru_cache(maxsize=1)
def exported_names() -> dict[str, frozenset]:
    text = read_text("base_names.txt")
    out: dict[str, set] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            out.setdefault(current, set())
            continue
        if current is not None:
            out[current].update(line.split())
    return {k: frozenset(v) for k, v in out.items()}


def base_names() -> frozenset:
    return exported_names()["Base"]


@lru_cache(maxsize=1)
def operator_names() -> frozenset:
    """Julia's operators (data/operators.txt, the lexer's table): Base's functions `+`, `==`, `∈`..."""
    return frozenset(line.strip() for line in read_text("operators.txt").splitlines()
                     if line.strip() and not line.startswith("#"))


def stdlib_names(module: str) -> frozenset | None:
    return exported_names().get(module)


class VisibleNames:
    """Base's exported names and those of the standard-library modules a file uses, asked name by
    name: the sets are the loader's own, never copied into one (a copy per combination of modules
    was tens of MB in a worker that saw many)."""

    __slots__ = ("_sets",)

    def __init__(self, sets: tuple):
        self._sets = sets

    def __contains__(self, name) -> bool:
        return any(name in s for s in self._sets)


@lru_cache(maxsize=256)
def visible_names(modules: frozenset) -> VisibleNames:
    """The names a file that uses the standard-library `modules` sees without defining them."""
    sets = [base_names()]
    for mod in sorted(modules):
        names = stdlib_names(mod)
        if names is not None:
            sets.append(names)
    return VisibleNames(tuple(sets))


def _irrational(sym: str) -> DataT:
    return DataT("Irrational", (SymbolValue(sym),))


# Values of well-known global constants.
CONSTANT_VALUES: dict[str, JType] = {
    "nothing": NOTHING,
    "missing": MISSING,
    "Inf": FLOAT64, "NaN": FLOAT64, "Inf64": FLOAT64, "NaN64": FLOAT64,
    "Inf32": FLOAT32, "NaN32": FLOAT32, "Inf16": dt("Float16"), "NaN16": dt("Float16"),
    "pi": _irrational("π"), "π": _irrational("π"), "ℯ": _irrational("ℯ"),
    "im": DataT("Complex", (BOOL,)),
    "ARGS": vector(STRING),
    "ENV": dt("Base.EnvDict"),
    "VERSION": dt("VersionNumber"),
    "C_NULL": DataT("Ptr", (NOTHING,)),
    "PROGRAM_FILE": STRING,
    "undef": dt("UndefInitializer"),
    "stdout": dt("IO"), "stderr": dt("IO"), "stdin": dt("IO"),
    "devnull": dt("Base.DevNull"),
    "LOAD_PATH": vector(STRING), "DEPOT_PATH": vector(STRING),
    "I": DataT("UniformScaling", (BOOL,)),
    "Base": dt("Module"), "Core": dt("Module"), "Main": dt("Module"),
}
# Base.Order's orderings, not exported: their values where a call names them `Base.Order.Forward` or
# `Base.Forward` (a package may bind `Reverse` to something else)
MODULE_CONSTANTS: dict[str, JType] = {
    "Forward": dt("Base.Order.ForwardOrdering"),
    "Reverse": DataT("Base.Order.ReverseOrdering", (dt("Base.Order.ForwardOrdering"),)),
}

MODULE_NAMES = frozenset({"Base", "Core", "Main", "LinearAlgebra", "Statistics", "Random", "Printf", "Dates",
                          "SparseArrays", "Test", "Threads", "Iterators", "Meta", "Sys", "Libc", "GC", "Math",
                          "Broadcast", "Docs", "Serialization", "Distributed", "Markdown", "Logging", "Pkg",
                          "InteractiveUtils", "Unicode", "UUIDs", "TOML", "Mmap", "Sockets", "SHA", "Libdl",
                          "Filesystem", "MathConstants", "StackTraces", "Experimental", "BLAS", "LAPACK"})

TYPE_OF_TYPE = TypeT
