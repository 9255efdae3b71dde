"""Round trip: softsym's own LaTeX output reads back to an equal expression."""

from __future__ import annotations

import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from softsym.decide import check
from softsym.lang.functions import sigmoid, softplus
from softsym.lang.latex import read_latex
from softsym.lang.symbols import real_symbols
from softsym.proofs.catalog import catalog
from softsym.render.latex import latex_expr
from softsym.verdict import Status

ROUND_TRIP_FLOOR = 0.97
"""Share of the catalog's distinct expressions that must read back equal (all 204 did)."""


def _catalog_expressions() -> list[tuple[str, sympy.Expr, tuple[str, ...]]]:
    seen: dict[str, tuple[str, sympy.Expr, tuple[str, ...]]] = {}
    for d in catalog():
        for expr in (d.lhs, *(s.expr for s in d.steps), d.rhs):
            tex = latex_expr(expr)
            seen.setdefault(tex, (tex, expr, tuple(d.assumptions)))
    return list(seen.values())


def _reads_back(tex: str, expr: sympy.Expr, assumptions: tuple[str, ...]) -> bool:
    read = read_latex(tex).expr
    return read == expr or check(expr, read, assumptions).status is Status.PROVED


def test_catalog_latex_reads_back() -> None:
    """Every catalog expression (lhs, each step, rhs) printed as LaTeX reads back equal."""
    items = _catalog_expressions()
    failed = [tex for tex, expr, assumptions in items if not _reads_back(tex, expr, assumptions)]
    passed = len(items) - len(failed)
    assert len(items) >= 150
    assert passed >= ROUND_TRIP_FLOOR * len(items), failed[:5]


def test_reading_back_is_not_vacuous() -> None:
    """A changed LaTeX string does not read back equal: the check above can fail."""
    tex, expr, assumptions = next(t for t in _catalog_expressions() if r"\sigma" in t[0])
    assert not _reads_back(tex.replace(r"\sigma", r"\sigma 2", 1), expr, assumptions)


z, x, y = real_symbols("z x y")
_ATOMS = st.sampled_from([z, x, y, sympy.Integer(2), sympy.Rational(1, 2), sympy.Integer(-3)])


def _combine(children: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda t: t[0] + t[1]),
        pair.map(lambda t: t[0] - t[1]),
        pair.map(lambda t: t[0] * t[1]),
        pair.map(lambda t: t[0] / (1 + t[1] ** 2)),
        children.map(lambda e: e**2),
        children.map(sympy.exp),
        children.map(lambda e: sympy.log(1 + e**2)),
        children.map(sigmoid),
        children.map(softplus),
        children.map(sympy.tanh),
        pair.map(lambda t: sympy.Max(t[0], t[1])),
        children.map(sympy.Abs),
    )


EXPRESSIONS = st.recursive(_ATOMS, _combine, max_leaves=6)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(EXPRESSIONS)
def test_random_expressions_read_back(expr: sympy.Expr) -> None:
    """SymPy's LaTeX of a random softsym expression reads back to an equal expression."""
    read = read_latex(latex_expr(expr)).expr
    assert read == expr or check(expr, read).status is Status.PROVED, (latex_expr(expr), read)
