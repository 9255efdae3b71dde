"""Tests of softsym.render.linebreak: widths measured on LaTeX and formulas broken to fit."""

from __future__ import annotations

import re

import pytest
import sympy
from sympy import Derivative, IndexedBase, Sum, symbols

from softsym import binary_cross_entropy, sigmoid
from softsym.render.latex import latex_expr
from softsym.render.linebreak import break_lines, tex_width

a, b, c, x, y = symbols("a b c x y", real=True)
i, n, j = symbols("i n j", integer=True)
w = IndexedBase("w", real=True)
act = IndexedBase("a", real=True)


def _balanced(tex: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\.|[{}]", tex):
        depth += {"{": 1, "}": -1}.get(m.group(), 0)
        if depth < 0:
            return False
    return depth == 0


def _lefts(tex: str) -> int:
    return len(re.findall(r"\\left[(\[|.]", tex)) - len(re.findall(r"\\right[)\]|.]", tex))


@pytest.mark.parametrize(
    ("narrow", "wide"),
    [
        ("ab", "a + b"),
        (r"\frac{1}{2}", r"\frac{1}{2 + x + y}"),
        ("x^{2}", "x^{2 + y + y}"),
        (r"\sum_{i=1}^{n} x", r"\sum_{i=1}^{n} x + y + y"),
        (r"\sigma", r"\operatorname{softmax}"),
    ],
)
def test_width_grows_with_content(narrow: str, wide: str) -> None:
    """More printed material is wider; scripts and fraction parts count once."""
    assert tex_width(narrow) < tex_width(wide)


def test_width_of_a_fraction_is_its_wider_part() -> None:
    """A fraction is as wide as its wider part, not both."""
    assert tex_width(r"\frac{a + b + c}{x}") < tex_width("a + b + c") + 1


def test_short_expression_is_one_line() -> None:
    """An expression that fits stays one line, printed as latex_expr prints it."""
    assert break_lines(a + b, 40) == [latex_expr(a + b)]


def test_sum_breaks_before_signs() -> None:
    """A long sum breaks before + or -, and the lines rejoin to the whole sum."""
    long = sympy.Add(*[sigmoid(sympy.Symbol(f"a{k}", real=True)) for k in range(15)])
    lines = break_lines(long - x, 12)
    assert len(lines) > 3
    assert all(line.startswith(("+ ", "- ")) for line in lines[1:])
    assert all(tex_width(line) <= 12 for line in lines)
    assert " ".join(lines) == latex_expr(long - x)


def test_long_function_argument_breaks_inside_fixed_size_parentheses() -> None:
    """A function of a long argument breaks inside it, in fixed-size parentheses across lines."""
    arg = sympy.Add(*[sympy.Symbol(f"u{k}", real=True) for k in range(20)])
    lines = break_lines(sigmoid(arg), 14)
    assert len(lines) > 2
    assert lines[0].startswith(r"\sigma\Bigl(")
    assert lines[-1].endswith(r"\Bigr)")
    assert all(_lefts(line) == 0 for line in lines)
    assert all(_balanced(line) for line in lines)


def test_training_style_expression_breaks_everywhere() -> None:
    """A derivative of a loss of sums (as in the training theorems) breaks into fitting lines."""
    logit = Sum(w[i] * act[i], (i, 1, n)) + b
    expr = x * Derivative(binary_cross_entropy(sigmoid(logit - Sum(act[i], (i, 1, n))), y), w[j])
    expr = expr + y * sigmoid(logit) * (1 - sigmoid(logit)) * sigmoid(2 * logit)
    lines = break_lines(expr, 16)
    assert len(lines) > 3
    assert all(_balanced(line) and _lefts(line) == 0 for line in lines)
    assert max(tex_width(line) for line in lines) <= 18  # the limit, give or take an atom


def test_products_continue_with_cdot() -> None:
    """A product breaks between factors; a continuation line starts with a centred dot."""
    factors = [sigmoid(sympy.Symbol(f"v{k}", real=True) + 1) for k in range(8)]
    lines = break_lines(sympy.Mul(*factors), 14)
    assert len(lines) > 1
    assert all(line.startswith(r"\cdot ") for line in lines[1:])
    assert "\x00" not in "".join(lines)


def test_long_denominator_becomes_a_slash() -> None:
    """1/(long) that cannot fit as a fraction is written n / (d), broken inside the parentheses."""
    den = 1 - sigmoid(sympy.Add(*[sympy.Symbol(f"u{k}", real=True) for k in range(14)]))
    lines = break_lines(1 / den, 12)
    assert lines[0].startswith(r"1 / \Bigl(")
    assert all(_balanced(line) for line in lines)


def test_exponents_are_not_broken() -> None:
    """An argument inside an exponent cannot be broken: the line stays whole and balanced."""
    expr = sympy.exp(sympy.Add(*[sympy.Symbol(f"u{k}", real=True) for k in range(15)]))
    lines = break_lines(expr, 5)
    assert all(_balanced(line) for line in lines)
    assert " ".join(lines) == latex_expr(expr)
