"""Bringing a side of an identity to the form the kernel's methods work on."""

from __future__ import annotations

from sympy import Derivative, Expr

from softsym.kernel.assumptions import Assumptions
from softsym.kernel.deadline import check_deadline
from softsym.kernel.sums import normalize_sums
from softsym.lang.functions import SoftsymFunction, unfold

__all__ = ["MAX_ROUNDS", "prepare", "unfold_all"]

MAX_ROUNDS = 10
"""Rounds of unfolding and differentiating before giving up."""


def unfold_all(expr: Expr) -> Expr:
    """Unfold every definition and evaluate every derivative, until none is left.

    Derivatives are evaluated with SymPy's ``doit``; a derivative of a softsym
    function differentiates its definition. After :data:`MAX_ROUNDS` rounds the
    expression is returned as it is (it may still hold a derivative).
    """
    for _ in range(MAX_ROUNDS):
        check_deadline()
        expr = unfold(expr)
        if not expr.has(Derivative):
            break
        expr = expr.doit()
    return expr


def prepare(expr: Expr, assume: Assumptions) -> Expr:
    """Unfold definitions and derivatives, eliminate the solved symbols, normalise sums.

    Raises:
        ValueError: A derivative or a definition could not be evaluated.
    """
    expr = unfold_all(expr)
    if expr.has(Derivative) or expr.has(SoftsymFunction):
        raise ValueError("derivatives could not be evaluated")
    return normalize_sums(
        assume.substitute(expr), assume.inequalities, assume.positive, assume.sum_substitution
    )
