"""The graph walks of softsym.lang.traversal agree with SymPy's tree walks."""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Max, exp, log

from softsym.decide import check
from softsym.kernel.exprational import is_identically_zero
from softsym.lang.functions import sigmoid, softmax
from softsym.lang.symbols import real_symbols
from softsym.lang.traversal import (
    constant_subterms,
    distinct_subterms,
    free_symbols,
    has_any,
    rewrite,
    substitute,
)
from softsym.verdict import Status

a, b, c, x, y = real_symbols("a b c x y")
S = exp(a) + exp(b) + exp(c)
EXPRESSIONS = [
    x / S + y / S + log(S) * S,
    sigmoid(x) + sigmoid(sigmoid(x)) + Max(x, y, 1),
    softmax(a, b, c)[0] * softmax(a, b, c)[1] + log(2) + sympy.pi * x,
    sympy.Sum(x ** sympy.Symbol("k", integer=True), (sympy.Symbol("k", integer=True), 1, 3))
    + Abs(y),
    sympy.Integer(3),
]


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_distinct_subterms_are_the_tree_subterms_once(expr: sympy.Expr) -> None:
    tree = list(sympy.preorder_traversal(expr))
    graph = distinct_subterms(expr)
    assert len(graph) == len(set(graph))
    assert set(graph) == set(tree)


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_constant_subterms_have_no_free_symbols(expr: sympy.Expr) -> None:
    expected = {e for e in sympy.preorder_traversal(expr) if not e.free_symbols}
    assert set(constant_subterms(expr)) == expected


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_rewrite_and_substitute_match_replace_and_xreplace(expr: sympy.Expr) -> None:
    def double_exp(e: sympy.Basic) -> sympy.Basic | None:
        return exp(2 * e.args[0]) if isinstance(e, exp) else None

    assert rewrite(expr, double_exp) == expr.replace(lambda e: isinstance(e, exp), double_exp)
    mapping = {x: y + 1, exp(a): c}
    assert substitute(expr, mapping) == expr.xreplace(mapping)
    assert has_any(expr, exp) == expr.has(exp)
    assert free_symbols(expr) == expr.free_symbols


def test_denominators_generalised_first_and_the_full_test_behind() -> None:
    """Fresh variables for sums in denominators: proofs found either way, no false one."""
    s = a + b + c
    assert is_identically_zero(x / s + y / s - (x + y) / s)  # zero with s free
    assert is_identically_zero(a / s + (b + c) / s - 1)  # needs s = a + b + c
    assert not is_identically_zero(a / s + b / s - 1)
    assert not is_identically_zero(x / s - x / (a + b + c + 1))
    assert check(exp(a) / S + (exp(b) + exp(c)) / S, 1).proved
    assert check(exp(a) / S + exp(b) / S, 1).status is Status.REFUTED


_w = sympy.IndexedBase("w")
_j, _k, _n, _K = sympy.symbols("j k n K", integer=True)


@pytest.mark.parametrize(
    "expr",
    [
        _w[_j] + sympy.Sum(_w[_k] * _k, (_k, 1, _K)),  # SymPy keeps w[k] free: so do we
        sympy.Sum(sympy.Sum(x**_j * _k, (_j, 1, _k)), (_k, 1, _K)),
        sympy.Sum(x * _k, (_k, 1, _n), (_n, 1, _K)),
        sympy.Sum(x * _k, (_n, 1, _K), (_k, 1, _n)),  # a later limit uses an earlier variable
        sympy.Product(_k * x, (_k, 1, _j)),
        sympy.Integral(x * _k, (x, 0, _k)),
        sympy.Integral(x * _k, x),  # a limit without bounds
        sympy.Sum(x, (_k, _j, _K)) * sympy.Sum(_k, (_k, 1, _k)),  # k bound and free
        sympy.Sum(_w[_k], (_w[_k], 1, 2)),  # not a symbol: SymPy's own answer
        sympy.Derivative(sympy.Sum(_w[_k] * x, (_k, 1, _K)), x),
    ],
)
def test_free_symbols_of_sums_as_sympy_says(expr: sympy.Expr) -> None:
    """Sums are walked limit by limit (SymPy's rule, without rebuilding the summand)."""
    assert free_symbols(expr) == expr.free_symbols
