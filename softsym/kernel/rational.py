"""The exact zero test of rational functions, on sparse polynomials.

Every subterm that is not a sum, a product, a rational number or a power is a
*generator*, an independent variable (a generalisation; see
:mod:`softsym.kernel.exprational`). Powers are taken apart by identities of
SymPy's principal powers (``b**s = exp(s·log b)``): ``b**(p/q)`` is
``(b**(1/q))**p`` and ``b**(c + s + t)`` is ``b**c · b**s · b**t``. Two
generators are the same variable when they apply the same function to
arguments that are the same rational function (two sums whose summands agree
for every index): equal arguments give equal values.

The expression is then computed as a numerator/denominator pair of polynomials
over the rationals (:mod:`sympy.polys.rings`, plain dictionaries; no SymPy
expression is built), each distinct subterm once. Every operation is an
identity of the field of fractions and every denominator a nonzero polynomial,
so the numerator is the zero polynomial exactly when the expression is the zero
rational function.
"""

from __future__ import annotations

from typing import Any

from sympy import Add, Basic, Expr, Mul, Pow, default_sort_key
from sympy.polys.domains import QQ
from sympy.polys.rings import ring

from softsym.kernel.deadline import check_deadline

__all__ = ["is_zero_rational_function"]


def _factors(e: Basic) -> list[tuple[Basic, int]] | None:
    """A power as ``[(base, exponent), ...]`` with integer exponents; ``None`` if not a power.

    ``b**(c + s + t)`` is ``b**c · b**s · b**t``, and ``b**(c·m)`` with a rational
    ``c = p/q`` is ``(b**(m/q))**p``: identities of principal powers. A power
    that is not taken apart so (``b**(1/q)``, ``b**s``) is a generator (``None``).
    """
    if not isinstance(e, Pow):
        return None
    b, x = e.args
    if x.is_Integer:
        return [(b, int(x))]
    factors = []
    for t in Add.make_args(x):  # b**(c·m) with c = p/q is (b**(m/q))**p
        c, m = t.as_coeff_Mul(rational=True)
        factors.append((Pow(b, m / c.q), int(c.p)))
    return None if factors == [(e, 1)] else factors


def _is_generator(e: Basic, factors: list[tuple[Basic, int]] | None) -> bool:
    """Whether ``e`` (with ``factors = _factors(e)``) is a generator."""
    return isinstance(e, Expr) and not (
        e.is_Rational or isinstance(e, Add | Mul) or factors is not None
    )


def is_zero_rational_function(expr: Expr) -> bool:
    """Whether ``expr`` is the zero rational function of its generators.

    Raises:
        TimeLimitReached: The caller's time limit was reached.
        ZeroDivisionError: A denominator is the zero polynomial.
    """
    powers: dict[Basic, list[tuple[Basic, int]] | None] = {}  # every subterm, taken apart once
    stack = [expr]
    while stack:
        e = stack.pop()
        if e not in powers:
            factors = powers[e] = _factors(e)
            stack.extend(e.args if factors is None else [b for b, _ in factors])
    generators = [e for e, factors in powers.items() if _is_generator(e, factors)]
    if not generators:
        return bool(expr == 0)
    order = sorted(generators, key=default_sort_key)
    _, *variables = ring(order, QQ)
    return not _Fractions(dict(zip(order, variables, strict=True)), powers).of(expr)[0]


class _Fractions:
    """Numerator/denominator pairs of the subterms, each computed once."""

    def __init__(
        self, variables: dict[Basic, Any], powers: dict[Basic, list[tuple[Basic, int]] | None]
    ) -> None:
        self.variables = variables
        self.powers = powers
        self.one = next(iter(variables.values())).ring.one
        self.memo: dict[Basic, tuple[Any, Any]] = {}
        self.shared: dict[Any, Any] = {}

    def of(self, e: Basic) -> tuple[Any, Any]:
        known = self.memo.get(e)
        if known is None:
            known = self.memo[e] = self._compute(e)
        return known

    def _compute(self, e: Basic) -> tuple[Any, Any]:
        check_deadline()
        one = self.one
        if e.is_Rational:
            return one * QQ(int(e.p), int(e.q)), one
        if isinstance(e, Add):
            n, d = self.of(e.args[0])
            for a in e.args[1:]:
                n2, d2 = self.of(a)
                if d2 == d:
                    n = n + n2
                else:  # over the least common multiple of the denominators
                    g = d.gcd(d2)
                    n, d = n * d2.exquo(g) + n2 * d.exquo(g), d * d2.exquo(g)
            return n, d
        factors = [(a, 1) for a in e.args] if isinstance(e, Mul) else self.powers[e]
        if factors is None:
            return self._variable(e), one
        n, d = one, one
        for base, k in factors:
            n2, d2 = self.of(base)
            if k < 0:
                if not n2:
                    raise ZeroDivisionError("a zero denominator")
                n2, d2, k = d2, n2, -k
            if k != 1:
                n2, d2 = n2**k, d2**k
            # a product with the polynomial 1 would still cost the number of variables
            n = n2 if n is one else n if n2 is one else n * n2
            d = d2 if d is one else d if d2 is one else d * d2
        return n, d

    def _variable(self, e: Basic) -> Any:
        """The variable of ``e``: one per function and arguments (as rational functions)."""
        if not e.args:
            return self.variables[e]
        return self.shared.setdefault(self._key(e), self.variables[e])

    def _key(self, a: Basic) -> Any:
        if not isinstance(a, Expr) or _is_generator(a, self.powers[a]):
            return (a.func, tuple(self._key(b) for b in a.args)) if a.args else a
        n, d = self.of(a)
        g = n.gcd(d)  # the reduced fraction with a monic denominator: one per function
        n, d = n.exquo(g), d.exquo(g)
        return n.quo_ground(d.LC), d.quo_ground(d.LC)
