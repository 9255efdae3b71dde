"""Tests of softsym.lang.functions: printing, differentiation, rewriting."""

from __future__ import annotations

import pytest
import sympy
from sympy import Derivative, diff, exp, latex, log

from softsym.lang.functions import (
    binary_cross_entropy,
    cross_entropy,
    log_softmax,
    logit,
    logsumexp,
    sigmoid,
    softmax,
    softplus,
    unfold,
)
from softsym.lang.symbols import real_symbols

z, z1, z2, z3, y, p = real_symbols("z z1 z2 z3 y p")


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (sigmoid(z1 - z2), r"\sigma\left(z_{1} - z_{2}\right)"),
        (sigmoid(z) ** 2, r"\sigma^{2}\left(z\right)"),
        (2 * sigmoid(z), r"2 \sigma\left(z\right)"),
        (softmax(z1, z2)[0], r"\operatorname{softmax}\left(z_{1}, z_{2}\right)_{1}"),
        (softmax(z1, z2, z3)[2], r"\operatorname{softmax}\left(z_{1}, z_{2}, z_{3}\right)_{3}"),
        (log_softmax(z1, z2)[1], r"\log\operatorname{softmax}\left(z_{1}, z_{2}\right)_{2}"),
        (logsumexp(z1, z2), r"\operatorname{logsumexp}\left(z_{1}, z_{2}\right)"),
        (softplus(-z), r"\operatorname{softplus}\left(- z\right)"),
        (logit(p), r"\operatorname{logit}\left(p\right)"),
        (binary_cross_entropy(p, y), r"\operatorname{BCE}\left(p, y\right)"),
        (
            cross_entropy([z1, z2], [y, 1 - y]),
            r"\operatorname{CE}\left(\left(z_{1}, z_{2}\right), \left(y, 1 - y\right)\right)",
        ),
        (
            softmax(z1, z2)[0] ** 2,
            r"\left(\operatorname{softmax}\left(z_{1}, z_{2}\right)_{1}\right)^{2}",
        ),
    ],
)
def test_latex(expr: sympy.Expr, expected: str) -> None:
    """Each function prints the notation a teacher writes."""
    assert latex(expr) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (softmax(z1, z2)[0], "softmax(z1, z2)[0]"),
        (log_softmax(z1, z2)[1], "log_softmax(z1, z2)[1]"),
        (cross_entropy([z1, z2], [y, 1 - y]), "cross_entropy([z1, z2], [y, 1 - y])"),
        (sigmoid(z), "sigmoid(z)"),
    ],
)
def test_str_is_input_syntax(expr: sympy.Expr, expected: str) -> None:
    """Text printing uses softsym's input syntax (0-based softmax index)."""
    assert str(expr) == expected


@pytest.mark.parametrize(
    ("expr", "var"),
    [
        (sigmoid(3 * z), z),
        (softplus(z**2), z),
        (logit(sigmoid(z)), z),
        (logsumexp(z1, 2 * z2, z3), z2),
        (softmax(z1, z2, z3)[0], z3),
        (softmax(z1, z2, z3)[1], z2),
        (log_softmax(z1, z2, z3)[2], z1),
        (cross_entropy(softmax(z1, z2), [y, 1 - y]), z1),
        (binary_cross_entropy(sigmoid(z), y), z),
    ],
)
def test_diff_matches_definition(expr: sympy.Expr, var: sympy.Symbol) -> None:
    """The derivative of each function equals the derivative of its definition."""
    got = unfold(diff(expr, var))
    want = diff(unfold(expr), var)
    symbols = sorted(got.free_symbols | want.free_symbols, key=str)
    for value in (-1.3, 0.0, 0.7, 2.1):
        point = {s: value + 0.1 * i for i, s in enumerate(symbols)}
        assert abs(complex(got.evalf(30, subs=point)) - complex(want.evalf(30, subs=point))) < 1e-20


def test_rewrite_exp() -> None:
    """rewrite(exp) and unfold give the exp/log definitions."""
    assert sigmoid(z).rewrite(exp) == 1 / (1 + exp(-z))
    assert unfold(softplus(z)) == log(1 + exp(z))
    assert unfold(softmax(z1, z2)[1]) == exp(z2) / (exp(z1) + exp(z2))
    assert unfold(logsumexp(z1, z2)) == log(exp(z1) + exp(z2))
    assert unfold(sympy.tanh(z)) == (exp(z) - exp(-z)) / (exp(z) + exp(-z))


def test_unfold_inside_derivative() -> None:
    """unfold reaches into unevaluated derivatives."""
    assert unfold(Derivative(sigmoid(z), z)) == Derivative(1 / (1 + exp(-z)), z)


def test_evalf() -> None:
    """Functions evaluate numerically through their definitions."""
    assert abs(float(sigmoid(sympy.Integer(0)).evalf()) - 0.5) < 1e-15
    assert abs(float(softplus(sympy.Integer(0)).evalf()) - float(log(2))) < 1e-15


def test_softmax_index_validation() -> None:
    """A softmax component outside 1..K is rejected with a clear message."""
    from softsym.lang.functions import softmax_component

    with pytest.raises(ValueError, match=r"softmax component must be an integer in 1\.\.2"):
        softmax_component(3, z1, z2)


def test_cross_entropy_length_mismatch() -> None:
    """p and y of different lengths are rejected."""
    with pytest.raises(ValueError, match="same non-zero length"):
        cross_entropy([z1, z2], [y])


def test_subs_rebuilds_cross_entropy() -> None:
    """Substitution keeps a cross-entropy a cross-entropy."""
    ce = cross_entropy([z1, z2], [y, 1 - y])
    assert ce.subs(y, 0) == cross_entropy([z1, z2], [0, 1])
