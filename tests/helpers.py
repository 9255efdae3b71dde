"""Helpers shared by several test modules: the docs generator and a small derivation."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from sympy import exp

from softsym import Derivation, Step, real_symbols, sigmoid

DOCS = Path(__file__).parent.parent / "docs"

_z = real_symbols("z")

SMALL = Derivation(
    name="small-sigmoid",
    title="Symmetry: σ(−z) = 1 − σ(z)",
    lhs=sigmoid(-_z),
    rhs=1 - sigmoid(_z),
    steps=(
        Step(1 / (1 + exp(_z)), r"definition of $\sigma$ at $-z$"),
        Step(1 - sigmoid(_z), r"$1/(1 + e^{z}) = 1 - \sigma(z)$, 50% of the work"),
    ),
    description=r"The other class has probability $\sigma(-z)$.",
    references=("Bishop, PRML, §4.2",),
)
"""A two-step derivation whose renderings the LaTeX and Markdown tests pin exactly."""


def generator() -> ModuleType:
    """docs/generate.py, loaded once so the catalog is checked once per test run."""
    name = "softsym_docs_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, DOCS / "generate.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
