"""Refutation by sampling: find a point where two expressions certainly differ.

Candidate points are exact rationals drawn from a fixed seed (integer symbols
take integer values). A point is used only if both sides are *defined* there
(:mod:`softsym.lang.domain`: every log argument positive, denominator nonzero,
even-root base nonnegative, no kink under a derivative, every subterm real and
finite), with a margin that the evaluation certifies, and if the stated
assumptions hold there exactly. Each side is screened with mpmath; a candidate
is then evaluated by SymPy's adaptive ``evalf`` (which raises its working
precision, up to :data:`MAX_DIGITS` digits, until the requested digits are
correct) at two precisions: both sides and their difference must be resolved at
both, agree, and the difference must be nonzero. So a difference of 10⁻³⁰⁰ is
found, and lost float digits never refute a true identity. Sampling can refute;
it never proves.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Any

import mpmath
import sympy
from sympy import Expr, Rational, Symbol

from softsym.kernel.assumptions import Assumptions
from softsym.kernel.deadline import check_deadline
from softsym.lang.domain import Condition, defined_at
from softsym.verdict import Counterexample

__all__ = ["MAX_DIGITS", "find_counterexample"]

MAX_DIGITS = 2000
"""The most digits ``evalf`` may use to resolve a value."""

_SMALL = [0, 1, -1, 2, -2, Rational(1, 2), Rational(-1, 2), 3, -3, Rational(3, 2), Rational(-5, 3)]
_POSITIVE = [1, 2, Rational(1, 2), 3, Rational(3, 2), 5, Rational(1, 4), 10]
_LARGE = [30, -30, 60, -60]
_SCREEN_DPS = 30
_CONFIRM_DPS = (60, 120)
_CLOSE_POINTS = 4  # points where the screen sees (almost) no difference, resolved exactly


def _candidates(
    variables: Sequence[Symbol], positive: frozenset[Symbol], count: int, seed: int
) -> list[dict[Symbol, Expr]]:
    rng = random.Random(seed)  # noqa: S311 - reproducible sample points, not secrets
    points = []
    for n in range(count):
        point = {}
        for v in variables:
            if v in positive:
                pool = _POSITIVE
            elif n % 5 == 4:
                pool = _LARGE + _SMALL
            else:
                pool = _SMALL
            value = rng.choice(pool) if n else (1 if v in positive else 0)
            if n > 2 * len(_SMALL):  # later points: random fractions, unlikely to be special
                value = Rational(rng.randint(-40, 40), rng.randint(1, 9))
                if v in positive:
                    value = abs(value) + Rational(1, 3)
            if v.is_integer:  # an integer symbol (an index, K) only takes integer values
                value = sympy.floor(sympy.sympify(value)) + (1 if v in positive else 0)
            point[v] = sympy.sympify(value)
        points.append(point)
    return points


def _exact(expr: Expr) -> Expr:
    """Replace each float by the exact rational it stores (0.1 is 3602879701896397/2**55)."""
    floats = {f: Rational(f) for f in expr.atoms(sympy.Float)}
    return expr.xreplace(floats) if floats else expr


def _compile(variables: list[Symbol], expr: Expr) -> Any:
    """A fast mpmath function for screening, or None (then SymPy evaluates directly)."""
    try:
        return sympy.lambdify(variables, expr, modules="mpmath")
    except Exception:  # e.g. an expression too large to compile
        return None


def _number(value: Expr, symbol: Symbol) -> Any:
    # Integer symbols stay Python ints: they bound sums (range() needs an int).
    return int(value) if symbol.is_integer else mpmath.mpf(int(value.p)) / int(value.q)


def _screen(fn: Any, values: list[Any]) -> Any:
    try:
        with mpmath.workdps(_SCREEN_DPS):
            out = fn(*values)
            if isinstance(out, int | float) and not isinstance(out, bool):
                out = mpmath.mpf(out)  # a constant side lambdifies to a plain number
            return out if isinstance(out, mpmath.mpf) and mpmath.isfinite(out) else None
    except (ZeroDivisionError, ValueError, OverflowError, TypeError):
        return None


def _slow_screen(expr: Expr, point: dict[Symbol, Expr]) -> Any:
    number = _certified(expr, point, _SCREEN_DPS)
    return None if number is None else mpmath.mpf(number._mpf_)


def _certified(expr: Expr, point: dict[Symbol, Expr], dps: int) -> Any:
    """``expr`` at the point with ``dps`` correct digits, or None (not real, not resolved)."""
    value = expr.xreplace(point)
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I):
        return None
    if value.is_Rational:
        return sympy.Float(value, dps)
    number = sympy.N(value, dps, maxn=MAX_DIGITS)
    if not number.is_Float or not number.is_finite:
        return None  # complex, or not a number
    if number._prec < 3 * dps:  # evalf could not resolve it: (nearly) zero, unknown sign
        return sympy.Float(0) if number.is_zero or number._prec <= 1 else None
    return number


def find_counterexample(
    lhs: Expr,
    rhs: Expr,
    assumptions: Assumptions,
    *,
    conditions: Iterable[Condition] = (),
    samples: int = 40,
    seed: int = 20261125,
) -> Counterexample | None:
    """Search for a point, allowed by the assumptions, where ``lhs`` and ``rhs`` differ.

    Args:
        lhs: Left-hand side (softsym functions already unfolded).
        rhs: Right-hand side.
        assumptions: The stated assumptions; the point satisfies all of them
            exactly, and eliminated symbols take their solved values.
        conditions: Where the two sides are defined (:mod:`softsym.lang.domain`);
            only points where all hold are used.
        samples: How many candidate points to try.
        seed: Seed of the candidate generator (results are reproducible).

    Returns:
        A counterexample whose difference is confirmed at two high
        precisions, or ``None``.
    """
    if assumptions.unused_equalities:
        return None  # cannot sample a nonlinear constraint surface exactly
    lhs, rhs = _exact(lhs), _exact(rhs)
    conds = [(kind, _exact(term)) for kind, term in conditions]
    eliminated = {v for v, _ in assumptions.substitution}
    full_vars = sorted(lhs.free_symbols | rhs.free_symbols, key=lambda s: str(s))
    if any(not isinstance(v, Symbol) for v in full_vars):
        return None  # indexed objects or bound variables: no concrete point
    free = [v for v in full_vars if v not in eliminated]
    for _var, value in assumptions.substitution:
        free.extend(s for s in value.free_symbols if s not in free and isinstance(s, Symbol))
    for _kind, term in conds:
        free.extend(s for s in term.free_symbols if s not in free and isinstance(s, Symbol))
    for rel in assumptions.inequalities:  # a stated fact about a symbol the sides do not use
        free.extend(s for s in rel.free_symbols if s not in free and isinstance(s, Symbol))
    free = sorted(set(free) - eliminated, key=lambda s: s.name)
    all_vars = sorted(set(free) | eliminated, key=lambda s: s.name)
    f_l, f_r = _compile(all_vars, lhs), _compile(all_vars, rhs)
    close = 0
    for point in _candidates(free, assumptions.positive, samples, seed):
        check_deadline()
        if assumptions.holds_at(point) is not True:
            continue
        full = assumptions.complete_point(point)
        values = [full[v] for v in all_vars]
        if not all(isinstance(v, Rational) for v in values):
            continue
        numbers = [_number(v, s) for v, s in zip(values, all_vars, strict=True)]
        a = _screen(f_l, numbers) if f_l else _slow_screen(lhs, full)
        b = _screen(f_r, numbers) if f_r else _slow_screen(rhs, full)
        if a is None or b is None:
            continue
        scale = max(1, abs(a), abs(b))
        if abs(a - b) <= mpmath.mpf(10) ** (-_SCREEN_DPS // 2) * scale:
            close += 1
            if close > _CLOSE_POINTS:
                continue  # resolving tiny differences is costly: only at a few points
        if not defined_at(conds, full):
            continue
        found = _confirm(lhs, rhs, full, all_vars)
        if found is not None:
            return found
    return None


def _confirm(
    lhs: Expr, rhs: Expr, point: dict[Symbol, Expr], variables: list[Symbol]
) -> Counterexample | None:
    results = []
    for dps in _CONFIRM_DPS:
        left, right = _certified(lhs, point, dps), _certified(rhs, point, dps)
        diff = _certified(lhs - rhs, point, dps)
        if left is None or right is None or diff is None or diff.is_zero:
            return None
        # The difference must be the difference of the two values reported.
        scale = max(1, abs(left), abs(right))
        if abs((left - right) - diff) > sympy.Float(10, dps) ** (-(dps // 2)) * scale:
            return None
        results.append((left, right, diff))
    (_, _, d1), (left, right, d2) = results
    if abs(d1 - d2) > abs(d2) / 10**20:
        return None
    return Counterexample(
        point=tuple((str(v), str(point[v])) for v in variables),
        lhs_value=str(sympy.N(left, 20)),
        rhs_value=str(sympy.N(right, 20)),
        difference=str(sympy.N(d2, 20)),
        digits=_CONFIRM_DPS[-1],
    )
