"""Environment checks behind `juliatag doctor`."""

from __future__ import annotations

import importlib
import platform
from dataclasses import dataclass


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _check_fatou() -> Check:
    from .syntax.tree import ParserUnavailable

    try:
        from .syntax.fatou import fatou_version, find_fatou

        return Check("parser: fatou", True, f"fatou {fatou_version()} at {find_fatou()}")
    except ParserUnavailable as exc:
        return Check("parser: fatou", False, str(exc))


def _check_module(label: str, module: str, hint: str) -> Check:
    try:
        mod = importlib.import_module(module)
        return Check(label, True, f"{module} {getattr(mod, '__version__', '')}".strip())
    except Exception as exc:  # ImportError or a broken install
        return Check(label, False, f"{type(exc).__name__}: {exc}; {hint}")


def _check_torch() -> Check:
    try:
        import torch
    except Exception as exc:
        return Check("device", False, f"torch not importable ({exc}); pip install torch==2.13.0")
    if torch.cuda.is_available():
        return Check("device", True, f"torch {torch.__version__}, CUDA: {torch.cuda.get_device_name(0)}")
    return Check("device", True, f"torch {torch.__version__}, CPU only ({platform.processor() or platform.machine()})")


def _check_julia_backend() -> Check:
    """Julia, juliacall and the worker package (julia/), found without importing juliacall;
    when usable, also whether TypedSyntax and JET (used with --allow-exec) can be loaded."""
    from .backends.julia import julia_backend_status

    ok, detail = julia_backend_status(probe_packages=True)
    return Check("backend: julia", ok, detail)


def run_checks() -> list[Check]:
    checks = [
        Check("backend: static", True, f"built-in static analyzer (Python {platform.python_version()})"),
        _check_fatou(),
        _check_module("tokenizers", "tokenizers", "pip install tokenizers"),
        _check_module("datasets", "datasets", "pip install datasets"),
        _check_torch(),
    ]
    checks.append(_check_julia_backend())
    return checks
