"""The kernel's zero test of rational functions: must-pass beside must-fail."""

from __future__ import annotations

import pytest
import sympy
from sympy import Add, Indexed, IndexedBase, Max, Pow, Rational, Sum, exp, log, sqrt, symbols

from softsym.kernel.deadline import TimeLimitReached, time_limit
from softsym.kernel.rational import is_zero_rational_function as zero

x, y, T, s = symbols("x y T s", real=True)
k = symbols("k", integer=True)
K, J = symbols("K J", integer=True)
z = IndexedBase("z")


@pytest.mark.parametrize(
    "expr",
    [
        x / (x + 1) + 1 / (x + 1) - 1,
        (x + y) ** 2 - x**2 - 2 * x * y - y**2,
        1 / (x * (x + 1)) - 1 / x + 1 / (x + 1),
        x ** Rational(3, 2) - x * sqrt(x),  # b**(p/q) = (b**(1/q))**p
        T ** (x + 2) - T**x * T**2,  # b**(s + t) = b**s · b**t
        T ** (-x) * T**x - 1,  # b**(−s) = 1/b**s
        T ** (2 * x) - (T**x) ** 2,
        # sums whose summands are the same rational function are the same variable
        Sum(1 / (1 + 1 / z[k]), (k, 1, K)) - Sum(z[k] / (z[k] + 1), (k, 1, K)),
        log(x / (x + 1) + 1 / (x + 1) + y) - log(1 + y),  # same argument, same variable
        Max(x, (y**2 - 1) / (y - 1)) - Max(x, y + 1),
        Rational(1, 3) - Rational(2, 6),
    ],
)
def test_zero_pass(expr: sympy.Expr) -> None:
    assert zero(expr)


@pytest.mark.parametrize(
    "expr",
    [
        x / (x + 1) + 1 / (x + 1),
        (x + y) ** 2 - x**2 - y**2,
        x ** Rational(3, 2) - x,
        sqrt(x**2) - x,  # |x|, not x
        T ** (x + 2) - T**x * T**3,
        T**x - T**y,
        log(2 * x) - log(x),  # functions of different arguments are independent
        exp(x) * exp(y) - exp(x),
        Sum(z[k], (k, 1, K)) - Sum(z[k], (k, 1, J)),  # the same summand over other ranges
        Sum(1 / (1 + z[k]), (k, 1, K)) - Sum(z[k] / (z[k] + 1), (k, 1, K)),
        Indexed(z, k) - Indexed(z, k + 1),
        Max(x, y) - x,
        x + Rational(1, 10**30),
    ],
)
def test_zero_fail(expr: sympy.Expr) -> None:
    assert not zero(expr)


def test_a_zero_denominator_is_an_error() -> None:
    expr = Pow(Add(x, -x, evaluate=False), -1, evaluate=False) * y
    with pytest.raises(ZeroDivisionError):
        zero(expr)


def test_the_time_limit_is_respected() -> None:
    big = sympy.Mul(*[1 + symbols(f"v{i}") for i in range(30)])
    with pytest.raises(TimeLimitReached), time_limit(0.5):
        zero(big - big.subs(symbols("v0"), 2))
