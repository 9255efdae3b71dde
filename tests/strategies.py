"""Hypothesis strategies and numeric helpers shared by the property tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import mpmath
import sympy
from hypothesis import strategies as st

from softsym.kernel.assumptions import Assumptions
from softsym.lang.functions import unfold


def concrete(expr: sympy.Expr) -> sympy.Expr:
    """Unfold definitions and evaluate derivatives, ready for numeric evaluation."""
    for _ in range(5):
        expr = unfold(expr)
        if not expr.has(sympy.Derivative):
            break
        expr = expr.doit()
    return expr


def numeric(expr: sympy.Expr) -> bool:
    """Whether the expression can be evaluated at a point (no sums or indexed objects)."""
    return not expr.has(sympy.Sum, sympy.Indexed, sympy.Product, sympy.KroneckerDelta)


def points(
    symbols: Sequence[sympy.Symbol], assume: Assumptions
) -> st.SearchStrategy[dict[sympy.Symbol, float]]:
    """Random points for the free symbols: reals in [-6, 6], positive symbols in [0.05, 6]."""
    eliminated = {v for v, _ in assume.substitution}
    free = [s for s in symbols if s not in eliminated]

    def value(s: sympy.Symbol) -> st.SearchStrategy[float]:
        if s in assume.positive:
            return st.floats(0.05, 6, allow_nan=False)
        return st.floats(-6, 6, allow_nan=False)

    return st.fixed_dictionaries({s: value(s) for s in free})


def evaluate(expr: sympy.Expr, point: dict[sympy.Symbol, Any], assume: Assumptions) -> Any:
    """Evaluate at 30 digits; None where undefined or not real.

    The point's floats are taken as the exact rationals they store, so the only
    rounding is SymPy's evaluation at 30 digits (a Float input would carry its own).
    """
    exact = {k: sympy.Rational(v) for k, v in point.items()}
    full = dict(exact)
    for var, val in assume.substitution:
        full[var] = val.xreplace(exact)
    try:
        value = sympy.N(expr.xreplace(full), 30)
    except (ZeroDivisionError, ValueError, TypeError):
        return None
    if not value.is_real or not value.is_finite:
        return None
    return mpmath.mpf(value._mpf_) if hasattr(value, "_mpf_") else mpmath.mpf(str(value))


def perturbations(expr: sympy.Expr) -> list[tuple[str, sympy.Expr]]:
    """Perturbed versions of an expression: sign flip, swapped indices, dropped factor, shift."""
    out: list[tuple[str, sympy.Expr]] = [
        ("sign flip", -expr),
        ("shift", expr + sympy.Rational(1, 2)),
        ("double", 2 * expr),
    ]
    names = {s.name: s for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    if "z1" in names and "z2" in names:
        z1, z2 = names["z1"], names["z2"]
        out.append(("swap z1, z2", expr.xreplace({z1: z2, z2: z1})))
    if isinstance(expr, sympy.Mul):
        factors = [f for f in expr.args if not f.is_Number]
        if len(factors) > 1:
            out.append(("drop factor", expr / factors[0]))
    return out
