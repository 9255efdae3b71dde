"""Splitting expressions with Max, Min, Abs and Piecewise into cases.

Each case is the expression with one branch chosen for every piecewise
subterm, together with (a superset of) the region where that choice is made.
Cases whose linear region is empty are dropped; that decision is exact
(Fourier–Motzkin elimination, :mod:`softsym.kernel.linear`). Dropping
conjuncts from a region only enlarges it, so pruning stays sound.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sympy
from sympy import Abs, Expr, Max, Min, Piecewise

from softsym.kernel.deadline import check_deadline
from softsym.kernel.linear import feasible
from softsym.lang import traversal

__all__ = ["MAX_CASES", "TooManyCases", "split_cases", "to_piecewise"]

MAX_CASES = 64
"""More cases than this make a check undecided."""


class TooManyCases(Exception):
    """The case split would produce more than :data:`MAX_CASES` cases."""


def _max_min(args: Sequence[Expr], bigger: bool) -> Piecewise:
    """Max (or Min) as one branch per argument, each with its exact region.

    The regions (``a_i ≥ a_j`` for all j) cover every point, so no branch needs
    ``True``; exact regions let the case split drop impossible combinations.
    """
    branches = []
    for i, a in enumerate(args):
        others = [b for j, b in enumerate(args) if j != i]
        cond = sympy.And(*[(a >= b) if bigger else (a <= b) for b in others])
        branches.append((a, cond))
    return Piecewise(*branches)


def to_piecewise(expr: Expr) -> Expr:
    """Rewrite Max, Min and Abs as Piecewise expressions."""

    def rewrite(e: Any) -> Expr:
        if isinstance(e, Abs):
            a = e.args[0]
            return Piecewise((a, a >= 0), (-a, True))
        return _max_min(e.args, isinstance(e, Max))

    return traversal.rewrite(expr, lambda e: rewrite(e) if isinstance(e, Abs | Max | Min) else None)


def _conjuncts(cond: Any) -> list[Any]:
    if cond is sympy.true:
        return []
    if isinstance(cond, sympy.And):
        return [c for arg in cond.args for c in _conjuncts(arg)]
    return [cond]


def _negation(cond: Any) -> list[Any]:
    """Conjuncts implied by ``not cond`` (empty when that is not a conjunction)."""
    if isinstance(cond, sympy.core.relational.Relational):
        return [sympy.Not(cond)]
    return []


def split_cases(expr: Expr, context: Sequence[Any] = ()) -> list[tuple[Expr, tuple[Any, ...]]]:
    """Split ``expr`` into piecewise-free cases.

    When ``expr`` has Max, Min and Abs but no explicit Piecewise, it is
    continuous wherever it is defined, and the cases with a nonempty interior
    cover a dense subset of that domain: an identity proved on each of them holds
    on their boundaries too, so cases with an empty interior are dropped.

    Args:
        expr: The expression (Max, Min, Abs are rewritten first).
        context: Conditions known to hold (stated inequalities), used to drop
            impossible cases.

    Returns:
        ``(case expression, conditions)`` pairs; a single pair with no
        conditions when ``expr`` has no piecewise subterm.

    Raises:
        TooManyCases: More than :data:`MAX_CASES` cases would be produced.
    """
    continuous = not traversal.has_any(expr, Piecewise)
    return list(_split(to_piecewise(expr), (), tuple(context), [0], continuous))


def _split(
    expr: Expr,
    conds: tuple[Any, ...],
    context: tuple[Any, ...],
    counter: list[int],
    continuous: bool,
) -> Iterator[tuple[Expr, tuple[Any, ...]]]:
    check_deadline()
    pieces = [
        p
        for p in traversal.distinct_subterms(expr)
        if isinstance(p, Piecewise) and not any(traversal.has_any(a, Piecewise) for a in p.args)
    ]
    if not pieces:
        counter[0] += 1
        if counter[0] > MAX_CASES:
            raise TooManyCases
        yield expr, conds
        return
    pw = min(pieces, key=sympy.default_sort_key)
    prior: list[Any] = []
    for value, cond in pw.args:
        new = conds + tuple(_conjuncts(cond)) + tuple(c for p in prior for c in _negation(p))
        prior.append(cond)
        if feasible(new + context, interior=continuous) is False:
            continue
        yield from _split(expr.xreplace({pw: value}), new, context, counter, continuous)
