"""Preparing a side: the kernel's own derivatives against SymPy's, and the checker around them.

The chain rule in :mod:`softsym.kernel.prepare` takes the derivative of a
logarithm of a product factor by factor (the logarithmic derivative). Each
must-pass case below is compared with SymPy's ``diff`` at exact rational
points where the logarithm is defined; each must-fail case is a wrong
derivative the checker must refute, never prove.
"""

from __future__ import annotations

import pytest
import sympy
from sympy import Derivative, Rational, exp, log, sqrt

from softsym import check, cross_entropy, logsumexp, real_symbols, softmax
from softsym.kernel.prepare import unfold_all
from softsym.lang.functions import log_softmax

x, y, z1, z2, z3 = real_symbols("x y z1 z2 z3")

POINTS = [
    {x: Rational(1, 2), y: Rational(3, 1), z1: Rational(1, 3), z2: Rational(-2, 1), z3: 1},
    {x: Rational(7, 3), y: Rational(1, 5), z1: Rational(-1, 2), z2: Rational(5, 4), z3: 0},
]


@pytest.mark.parametrize(
    "inner",
    [
        x * y,
        exp(x) * y**2 / (1 + x**2),  # exp factor, integer powers, a reciprocal
        exp(z1) / (exp(z1) + exp(z2) + exp(z3)),  # a softmax component
        sqrt(x) * (x + y),  # a non-integer power: taken as f'/f
        3 * x**3 * exp(-2 * x * y),  # a numeric factor
        x ** (-2) * (1 + exp(x)) ** 3,
        1 + x * y,  # not a product: u'/u
    ],
)
def test_log_derivative_matches_sympy(inner: sympy.Expr) -> None:
    for var in (x, y, z1):
        ours = unfold_all(Derivative(log(inner, evaluate=False), var))
        theirs = sympy.diff(log(inner), var)
        for point in POINTS:
            if not (inner.xreplace(point) > 0):
                continue
            a = sympy.nsimplify(ours.xreplace(point))
            b = sympy.nsimplify(theirs.xreplace(point))
            assert sympy.simplify(a - b) == 0, (inner, var, point)


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Derivative(log(x * y), x), 1 / (x * y)),  # 1/x is right
        (Derivative(log(x**2 * y), x), 1 / x),  # the exponent dropped: 2/x is right
        (Derivative(log(exp(2 * x) * y), x), 1),  # the inner derivative dropped
        (Derivative(log(exp(z1) / (exp(z1) + exp(z2))), z1), exp(z1) / (exp(z1) + exp(z2))),
        (Derivative(log(exp(z1) / (exp(z1) + exp(z2))), z2), exp(z2) / (exp(z1) + exp(z2))),
        (Derivative(log(sqrt(x) * y), x), 1 / x),  # 1/(2x) is right
    ],
)
def test_wrong_log_derivative_refuted(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    verdict = check(lhs, rhs, ["x > 0", "y > 0"])
    assert verdict.status.value == "refuted", verdict


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Derivative(log(x * y), x), 1 / x),
        (Derivative(log(x**2 * y), x), 2 / x),
        (Derivative(log(sqrt(x) * y), x), 1 / (2 * x)),
        (Derivative(log(exp(2 * x) * y), x), 2),
    ],
)
def test_right_log_derivative_proved(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    verdict = check(lhs, rhs, ["x > 0", "y > 0"])
    assert verdict.proved, verdict


def test_cross_entropy_gradient_proved_and_wrong_one_refuted() -> None:
    ys = real_symbols("y1 y2 y3")
    p = softmax(z1, z2, z3)
    loss = cross_entropy(list(p), list(ys))
    right = check(Derivative(loss, z1), p[0] - ys[0], ["y1 + y2 + y3 = 1"])
    assert right.proved, right
    wrong = check(Derivative(loss, z1), p[1] - ys[0], ["y1 + y2 + y3 = 1"])
    assert wrong.status.value == "refuted", wrong
    unstated = check(Derivative(loss, z1), p[0] - ys[0])  # needs Σ y = 1
    assert not unstated.proved, unstated


def test_definitions_of_logarithms_are_the_logarithms() -> None:
    """An unevaluated logarithm in a definition is the same function as the evaluated one."""
    assert logsumexp(z1, z2).definition() == log(exp(z1) + exp(z2))
    assert logsumexp(z1).definition() == z1  # log(exp(z1)) still evaluates
    assert log_softmax(z1, z2)[0].definition() == z1 - log(exp(z1) + exp(z2))
    half = Rational(1, 2)
    assert cross_entropy([half, half], [1, 0]).definition() == log(2)
