"""Which standard-library names a file can reach without qualifying them.

Base's own functions are visible everywhere. A function a stdlib module owns (`Statistics.mean`,
`LinearAlgebra.det`, `Dates.value`) is reached by a plain call `f(x)` only where the file, or its
package, brings the module's names in: `using M` (M's exported names) or `using M: f` / `import M: f`
(that name), or where the package is M itself. Elsewhere Julia would not call it, so its rule must not
answer (a package's own `value(x)` is not `Dates.value`).
"""

from __future__ import annotations

from .names import stdlib_names


class StdlibScope:
    """The stdlib modules a file uses (its own `using`/`import` lines and its package's) and the
    names it imports by name."""

    def __init__(self, modules, imported, package_name: str | None = None):
        self.modules = frozenset(modules) | ({package_name} if package_name else frozenset())
        self.imported = frozenset(imported)
        self.own = package_name

    @classmethod
    def of(cls, defs, package=None) -> "StdlibScope":
        """The scope of a file with definitions `defs` in `package` (a PackageIndex, or None)."""
        modules = set(defs.used_modules)
        imported = set(defs.imported)
        name = None
        if package is not None:
            modules |= set(getattr(package, "used_modules", ()))
            imported |= set(getattr(package, "imported_names", ()))
            name = package.summary.name
        return cls(modules, imported, name)

    def sees(self, module: str, name: str) -> bool:
        """Whether a plain call of `name` reaches the function `name` that stdlib `module` owns."""
        if module not in self.modules:
            return False
        if module == self.own or name in self.imported:
            return True
        exported = stdlib_names(module)
        return exported is not None and name in exported
