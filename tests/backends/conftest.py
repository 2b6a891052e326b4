"""Fixtures for the Julia backend tests: a fake worker (same protocol, no Julia) and a machine
without Julia."""

from __future__ import annotations

import shlex

import pytest

from .julia_test_helpers import JULIA_VARS, fake_command  # noqa: E402


@pytest.fixture
def fake_worker(monkeypatch):
    """Point the Julia backend at the fake worker."""
    for var in JULIA_VARS:
        monkeypatch.delenv(var, raising=False)
    cmd = shlex.join(fake_command())
    monkeypatch.setenv("JULIATAG_JULIA_WORKER", cmd)
    return cmd


@pytest.fixture
def no_julia(monkeypatch, tmp_path):
    """A PATH without julia and no Julia configured."""
    for var in JULIA_VARS:
        monkeypatch.delenv(var, raising=False)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return empty
