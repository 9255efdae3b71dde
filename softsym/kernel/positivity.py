"""The kernel's one positivity test, and the symbols that stated inequalities make positive.

Two methods decide that an expression is positive, each sufficient, never
necessary:

* **structural**: positive numbers, ``e``, ``π``, symbols stated positive,
  ``exp`` of a real expression, sums, products and real powers of positive
  terms, and finite sums of positive terms over a range known to be nonempty;
* **rational**: ``exp`` is replaced by powers of fresh positive variables
  (:func:`~softsym.kernel.exprational.exp_to_powers`) and the result put over
  a common denominator; numerator and denominator must then both be
  polynomials with positive coefficients in positive variables (or both the
  negatives of such).

Every symbol is real. Realness is also tested structurally (:func:`is_real`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Add, Expr, KroneckerDelta, Mul, Pow, Sum, Symbol, exp

from softsym.kernel.deadline import check_deadline
from softsym.kernel.exprational import exp_to_powers
from softsym.kernel.linear import implied

__all__ = ["RangeTest", "is_positive", "is_real", "positive_symbols"]

RangeTest = Callable[[Sum, frozenset[Symbol]], bool]
"""Whether every range of a sum is nonempty, given the indices bound around it."""


def _no_range(s: Sum, bound: frozenset[Symbol]) -> bool:
    return False


def positive_symbols(inequalities: Iterable[Any]) -> frozenset[Symbol]:
    """The symbols ``s`` of stated relations ``s > c`` with ``c ≥ 0`` (or ``s ≥ c``, ``c > 0``)."""
    found = set()
    for rel in inequalities:
        if isinstance(rel, sympy.Gt | sympy.Ge):
            big, small, strict = rel.lhs, rel.rhs, isinstance(rel, sympy.Gt)
        elif isinstance(rel, sympy.Lt | sympy.Le):
            big, small, strict = rel.rhs, rel.lhs, isinstance(rel, sympy.Lt)
        else:
            continue
        if isinstance(big, Symbol) and small.is_Number and ((strict and small >= 0) or small > 0):
            found.add(big)
    return frozenset(found)


def is_positive(
    expr: Expr,
    positive: frozenset[Symbol],
    *,
    bound: frozenset[Symbol] = frozenset(),
    nonempty: RangeTest = _no_range,
    context: Sequence[Any] = (),
) -> bool:
    """A sufficient test that ``expr`` > 0 wherever it is defined.

    Args:
        expr: The expression.
        positive: Symbols stated positive.
        bound: Indices bound by enclosing sums: a stated fact about a symbol
            does not speak of a bound index of the same name.
        nonempty: Decides that a sum's ranges are nonempty (default: never).
        context: Linear inequalities known to hold (no bound index in them): an
            affine term is positive where they imply it (``1 − p`` under ``p < 1``).
    """
    if _structural(expr, _Facts(positive, bound, nonempty, tuple(context))):
        return True
    return _rational(expr, positive - bound)


@dataclass(frozen=True)
class _Facts:
    positive: frozenset[Symbol]
    bound: frozenset[Symbol]
    nonempty: RangeTest
    context: tuple[Any, ...]

    def inside(self, s: Sum) -> _Facts:
        return _Facts(self.positive, self.bound | set(s.variables), self.nonempty, ())


@functools.lru_cache(maxsize=4096)
def _structural(e: Expr, facts: _Facts) -> bool:
    if e.is_Rational:
        return bool(e > 0)
    if e in (sympy.E, sympy.pi) or (e in facts.positive and e not in facts.bound):
        return True
    if isinstance(e, exp):
        return is_real(e.args[0])
    if isinstance(e, Add | Mul) and all(_structural(a, facts) for a in e.args):
        return True
    if isinstance(e, Pow):
        return _structural(e.base, facts) and is_real(e.exp)
    if isinstance(e, Sum):
        return _structural(e.function, facts.inside(e)) and facts.nonempty(e, facts.bound)
    return bool(facts.context) and implied(sympy.Gt(e, 0), facts.context)


def _rational(expr: Expr, positive: frozenset[Symbol]) -> bool:
    check_deadline()
    rational = sympy.cancel(sympy.together(exp_to_powers(expr)))
    num, den = sympy.fraction(rational)
    return (_positive_polynomial(num, positive) and _positive_polynomial(den, positive)) or (
        _positive_polynomial(-num, positive) and _positive_polynomial(-den, positive)
    )


def _positive_polynomial(expr: Expr, positive: frozenset[Symbol]) -> bool:
    """Every term is ≥ 0 and at least one term is > 0 (for positive variables)."""
    expanded = sympy.expand(expr)
    some_term_positive = False
    for term in Add.make_args(expanded):
        coeff, rest = term.as_coeff_Mul()
        if not (coeff.is_Rational and coeff > 0):
            return False
        term_positive = True
        for factor in Mul.make_args(rest):
            if factor == 1:
                continue
            base, power = factor.as_base_exp()
            if not power.is_Integer:
                return False
            if (isinstance(base, sympy.Dummy) and base.is_positive) or base in positive:
                continue
            if power % 2 == 0 and base.is_Symbol:
                term_positive = False  # an even power is >= 0, possibly 0
                continue
            return False
        some_term_positive = some_term_positive or term_positive
    return some_term_positive


@functools.lru_cache(maxsize=4096)
def is_real(e: Expr) -> bool:
    """A structural test that ``e`` is real wherever it is defined (every symbol is real)."""
    if e.is_Rational or e in (sympy.E, sympy.pi):
        return True
    if isinstance(e, Symbol | sympy.Indexed | KroneckerDelta):
        return bool(e.is_real)
    if isinstance(e, Add | Mul | exp):
        return all(is_real(a) for a in e.args)
    if isinstance(e, Pow):
        return is_real(e.base) and bool(e.exp.is_Integer)
    if isinstance(e, Sum):
        limits_integer = all(x.is_integer for _, a, b in e.limits for x in (a, b))
        return is_real(e.function) and limits_integer
    return False
