"""Shared fixtures."""

from __future__ import annotations

import pytest
import sympy

from softsym.lang.symbols import real_symbols


@pytest.fixture
def z() -> sympy.Symbol:
    """A real symbol z."""
    return real_symbols("z")


@pytest.fixture
def z12() -> tuple[sympy.Symbol, sympy.Symbol]:
    """Real symbols z1, z2."""
    return real_symbols("z1 z2")
