"""Bringing a side of an identity to the form the kernel's methods work on."""

from __future__ import annotations

import functools

from sympy import Basic, Derivative, Expr, Subs

from softsym.kernel.assumptions import Assumptions
from softsym.kernel.deadline import check_deadline
from softsym.kernel.sums import normalize_sums
from softsym.lang.functions import SoftsymFunction, unfold

__all__ = ["MAX_ROUNDS", "prepare", "unfold_all"]

MAX_ROUNDS = 10
"""Rounds of unfolding and differentiating before giving up."""


def unfold_all(expr: Expr) -> Expr:
    """Unfold every definition and evaluate every derivative, until none is left.

    Only derivatives (and substitutions into them) are evaluated, innermost
    first: sums stay sums, for the normal form of :mod:`softsym.kernel.sums`,
    which follows one convention for empty ranges (SymPy's symbolic summation
    in a full ``doit`` may follow another). After :data:`MAX_ROUNDS` rounds the
    expression is returned as it is (it may still hold a derivative).
    """
    for _ in range(MAX_ROUNDS):
        check_deadline()
        expr = unfold(expr)
        if not expr.has(Derivative, Subs):
            break
        expr = _evaluate_derivatives(expr)
    return expr


def _evaluate_derivatives(expr: Expr) -> Expr:
    """Evaluate Derivative and Subs nodes, innermost first; nothing else is evaluated."""
    if not isinstance(expr, Basic) or expr.is_Atom or not expr.has(Derivative, Subs):
        return expr
    args = [_evaluate_derivatives(a) for a in expr.args]
    if any(a is not b for a, b in zip(args, expr.args, strict=True)):
        expr = expr.func(*args)
    if isinstance(expr, Derivative | Subs):
        return expr.doit(deep=False)
    return expr


@functools.lru_cache(maxsize=512)
def prepare(expr: Expr, assume: Assumptions) -> Expr:
    """Unfold definitions and derivatives, eliminate the solved symbols, normalise sums.

    Each step of a derivation is checked against the previous one, so every side is
    prepared twice: the result is cached (expressions and assumptions are immutable
    values; a computation interrupted by the time limit is not cached).

    Raises:
        ValueError: A derivative or a definition could not be evaluated.
    """
    expr = unfold_all(expr)
    if expr.has(Derivative, Subs, SoftsymFunction):
        raise ValueError("derivatives could not be evaluated")
    return normalize_sums(
        assume.substitute(expr), assume.inequalities, assume.positive, assume.sum_substitution
    )
