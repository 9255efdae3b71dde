"""Where an expression is defined: the real semantics every component follows.

All symbols are real. An expression is *defined* at a point when every subterm
is real and finite there: ``log`` arguments are positive, bases of non-integer
powers are nonnegative (positive under a negative or symbolic exponent),
denominators are nonzero, and derivatives exist (a ``sign`` or ``Heaviside``
left by differentiating ``Abs``/``Max``/``Min`` marks a kink: its argument must
be nonzero). "Proved" means equal at every point of the assumed domain where
both sides are defined, *and* that set has interior.

This module lists the conditions (:func:`conditions`, or :func:`local_conditions`
for the top node only, which the text parser records as it builds each node, before
SymPy's automatic simplification can drop one: ``exp(log(x))`` becomes ``x`` at
once), finds constant subterms that make an expression defined nowhere
(:func:`nowhere`), and decides at an exact point, by evaluation at high precision,
whether every condition holds with a clear margin (:func:`defined_at`). The kernel
uses it only to *refuse* proofs; the refuter uses it to sample only where both
sides are defined.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sympy
from sympy import Expr, Heaviside, Pow, Symbol, exp, log, sign

from softsym.lang.functions import SoftsymFunction
from softsym.lang.traversal import constant_subterms, distinct_subterms, substitute

__all__ = ["Condition", "conditions", "defined_at", "local_conditions", "nowhere", "witness"]

Condition = tuple[str, Expr]
"""``("positive" | "nonzero" | "nonnegative" | "finite", subterm)``."""

_NOT_REAL = (sympy.I, sympy.zoo, sympy.oo, -sympy.oo, sympy.nan)


@functools.lru_cache(maxsize=1024)
def nowhere(expr: Expr) -> str | None:
    """Say why ``expr`` is defined nowhere, when a constant subterm shows it; else ``None``.

    Remembered: a derivation's step is asked as the right-hand side of one check
    and the left-hand side of the next (expressions are immutable values).

    >>> from sympy import log, Symbol
    >>> nowhere(log(0) + Symbol("x", real=True))
    'it contains zoo, which is not a real number'
    """
    constants = constant_subterms(expr)
    for atom in constants:
        if atom in _NOT_REAL or isinstance(atom, sympy.core.numbers.ImaginaryUnit):
            return f"it contains {atom}, which is not a real number"
    for sub in constants:
        constant = isinstance(sub, Expr) and not sub.is_Number
        if constant and (sub.is_extended_real is False or sub.is_finite is False):
            return f"it contains {sub}, which is not a real number"
    return None


def local_conditions(expr: Expr) -> list[Condition]:
    """The conditions that the top node of ``expr`` adds (its arguments' are not included)."""
    if isinstance(expr, log):
        return [("positive", expr.args[0])]
    if isinstance(expr, Pow) and not isinstance(expr, exp):
        base, power = expr.args
        if power.is_Integer:
            return [("nonzero", base)] if power < 0 else []
        if power.is_Rational and power > 0:
            return [("nonnegative", base)]
        return [("positive", base)]
    if isinstance(expr, SoftsymFunction):
        return [("finite", expr)]
    return []


def conditions(expr: Expr, *, kinks: bool) -> list[Condition]:
    """The conditions under which ``expr`` (definitions unfolded) is defined.

    Args:
        expr: The expression, with softsym functions unfolded and derivatives evaluated.
        kinks: Whether ``sign``/``Heaviside`` subterms come from differentiating a
            kink (the expression had a derivative), so their argument must be nonzero.
    """
    found: dict[Condition, None] = {}
    for sub in distinct_subterms(expr):
        if isinstance(sub, Expr) and not isinstance(sub, SoftsymFunction):
            found.update(dict.fromkeys(local_conditions(sub)))
        if kinks and isinstance(sub, sign | Heaviside):
            found[("nonzero", sub.args[0])] = None
    found[("finite", expr)] = None
    return list(found)


def _value(term: Expr, point: Mapping[Symbol, Expr], dps: int) -> Any:
    value = substitute(sympy.sympify(term), {k: sympy.sympify(v) for k, v in point.items()})
    if value.has(*_NOT_REAL):
        return None
    number = sympy.N(value, dps, maxn=4 * dps)
    if not number.is_Number or not number.is_finite:
        return None  # complex, infinite, or not a number at all
    return number


def defined_at(conds: Iterable[Condition], point: Mapping[Symbol, Expr], *, dps: int = 30) -> bool:
    """Whether every condition holds at ``point`` with a margin the evaluation certifies.

    A value counts as zero unless it exceeds ``10**(-dps/2)`` relative to its scale,
    so a denominator that is exactly zero (``σ(y) + σ(−y) − 1``) is never taken as
    nonzero. ``False`` means "not shown defined": the point is not used.
    """
    margin = sympy.Float(10, dps) ** (-(dps // 2))
    for kind, term in conds:
        number = _value(term, point, dps)
        if number is None:
            return False
        if kind == "finite":
            continue
        if kind == "nonnegative" and term.xreplace(dict(point)).is_zero:
            continue  # exactly zero, e.g. sqrt(0)
        big = abs(number) > margin
        if kind == "nonzero" and not big:
            return False
        if kind in ("positive", "nonnegative") and not (big and number > 0):
            return False
    return True


_SCALES = (sympy.Integer(1), sympy.Rational(1, 10), sympy.Integer(10))


def witness(
    conds: list[Condition],
    variables: list[Symbol],
    positive: frozenset[Symbol],
    admissible: Callable[[dict[Symbol, Expr]], bool],
    *,
    tries: int = 24,
    seed: int = 20261130,
) -> dict[Symbol, Expr] | None:
    """Look for an exact point where every condition holds with a margin.

    Every condition is an open condition on continuous subterms, so such a point
    has a neighbourhood where the expression is defined: the domain has interior.

    Args:
        conds: The conditions of both sides.
        variables: The free symbols (integer symbols get integer values).
        positive: Symbols stated positive.
        admissible: ``point -> bool``: whether the stated assumptions hold strictly there.
        tries: How many points to try.
        seed: Seed of the points (results are reproducible).
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible points, not secrets
    for n in range(tries):
        scale = _SCALES[n % len(_SCALES)]  # stated ranges may be small (0 < p < 1) or large
        point: dict[Symbol, Expr] = {}
        for v in variables:
            if v.is_integer:
                point[v] = sympy.Integer(rng.randint(1, 4))
                continue
            value = sympy.Rational(rng.randint(-30, 30), rng.randint(1, 9)) * scale
            point[v] = abs(value) + scale / 7 if v in positive else value
        if admissible(point) and defined_at(conds, point):
            return point
    return None
