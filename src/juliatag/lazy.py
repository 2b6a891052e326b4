"""Module-level lazy attributes (PEP 562): a package names what its heavy submodules export
without importing them (and torch with them) until first use."""

from __future__ import annotations

import importlib


def lazy_getattr(package: str, table: dict[str, str]):
    """A module `__getattr__` that loads `table[name]` (a submodule of `package`) on first use."""

    def __getattr__(name: str):
        if name in table:
            return getattr(importlib.import_module(f".{table[name]}", package), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
