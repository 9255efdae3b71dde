"""Deciding identities of exp-rational expressions exactly.

An expression built from + − × ÷, integer powers and ``exp`` of rational
linear combinations becomes a rational function after substituting
``t_m = exp(m / L_m)`` for each monomial ``m`` occurring in an exponent
(``L_m`` the common denominator of its coefficients). The identity then holds
iff the rational function is zero, which
:func:`~softsym.kernel.rational.is_zero_rational_function` decides exactly over
the rationals.

Soundness beyond the fragment: every other subterm (``log(...)``, a sum over
an index, ...) is treated as an opaque variable, the same subterm always by the
same variable. An identity that holds for independent values of these
variables holds for the actual ones, so "zero" is always a proof (wherever
both sides are defined). "Not zero" proves nothing outside the fragment.
"""

from __future__ import annotations

import math
from collections import defaultdict

import sympy
from sympy import Add, Dummy, Expr, Mul, Rational, exp

from softsym.kernel.deadline import check_deadline
from softsym.kernel.rational import is_zero_rational_function
from softsym.lang.traversal import distinct_subterms, has_any, substitute

__all__ = ["exp_to_powers", "is_identically_zero"]


def _split_exponent(arg: Expr) -> list[tuple[Rational, Expr]]:
    """Write an exponent as a sum of rational multiples of monomials."""
    expanded = sympy.expand(arg, power_exp=False, power_base=False, log=False)
    terms: dict[Expr, Rational] = defaultdict(lambda: sympy.Integer(0))
    for term in Add.make_args(expanded):
        coeff, monomial = term.as_coeff_Mul()
        if not isinstance(coeff, Rational):
            coeff, monomial = sympy.Integer(1), term
        terms[monomial] += coeff
    return [(c, m) for m, c in terms.items() if c != 0]


def exp_to_powers(expr: Expr) -> Expr:
    """Replace every ``exp`` by a product of integer powers of fresh positive variables.

    The same monomial is always replaced by the same variable, so the result is
    a consistent generalisation of ``expr``.
    """
    variables: dict[Expr, Dummy] = {}
    while True:
        check_deadline()
        innermost = [
            e for e in distinct_subterms(expr) if isinstance(e, exp) and not has_any(e.args[0], exp)
        ]
        if not innermost:
            return expr
        splits = {e: _split_exponent(e.args[0]) for e in innermost}
        denominators: dict[Expr, int] = defaultdict(lambda: 1)
        for parts in splits.values():
            for c, m in parts:
                denominators[m] = math.lcm(denominators[m], int(c.q))
        for m in denominators:
            if m not in variables:
                variables[m] = Dummy(f"t{len(variables)}", positive=True)
        replacement = {
            e: Mul(*[variables[m] ** int(c * denominators[m]) for c, m in parts])
            for e, parts in splits.items()
        }
        expr = substitute(expr, replacement)


def is_identically_zero(expr: Expr) -> bool:
    """Return True only if ``expr`` is zero wherever it is defined.

    ``False`` means "not shown": outside the exp-rational fragment a true
    identity may be missed, never a false one accepted.
    """
    # Logarithms first: they are variables of the zero test, so rebuilding them with
    # powers inside (SymPy evaluates every log it builds) would be wasted work.
    rational = exp_to_powers(_opaque(expr))
    check_deadline()
    if rational == 0:
        return True
    if has_any(rational, sympy.Float):
        return False  # inexact numbers decide nothing
    general = _generalise_denominators(rational)
    if general is not rational and _is_zero_rational(general):
        return True
    return _is_zero_rational(rational)


def _opaque(expr: Expr) -> Expr:
    """Replace each ``log`` subterm by a fresh variable.

    The same subterm always by the same variable (a generalisation): the zero
    test then never works inside a logarithm of a sum of K terms (the exp-log
    method looks inside logarithms). Sums over an index stay: sums with termwise
    equal summands are one variable of the zero test.
    """
    others = {e for e in distinct_subterms(expr) if isinstance(e, sympy.log)}
    if not others:
        return expr
    return substitute(expr, {e: Dummy("u") for e in others})


def _is_zero_rational(expr: Expr) -> bool:
    check_deadline()
    try:
        return is_zero_rational_function(expr)
    except ZeroDivisionError:  # a denominator that is the zero polynomial: nothing shown
        return False


def _generalise_denominators(expr: Expr) -> Expr:
    """Replace every sum that occurs as a denominator by a fresh variable, everywhere.

    A generalisation (the same subterm always by the same variable, wherever it
    occurs): if the result is the zero rational function, so is ``expr`` — the
    polynomial numerator stays zero when the variable is given back its value.
    Cheap first try: the zero test then works with short denominators instead
    of multiplying out sums of K terms (the softmax normaliser).
    """
    sums = {
        p.base
        for p in distinct_subterms(expr)
        if isinstance(p, sympy.Pow)
        and isinstance(p.base, Add)
        and p.exp.is_negative
        and len(p.base.args) > 2
    }
    if not sums:
        return expr
    fresh: dict[Expr, Dummy] = {}
    mapping: dict[Expr, Expr] = {}
    for s in sums:  # s = content · primitive sum (t·(t1 + ... + tK) after a shift by t)
        content, primitive = _content(s)
        variable = fresh.setdefault(primitive, Dummy("d"))
        mapping[s] = content * variable
        mapping.setdefault(primitive, variable)
    for s in distinct_subterms(expr):  # the same sums in numerators, up to their content
        if isinstance(s, Add) and len(s.args) > 2 and s not in mapping:
            content, primitive = _content(s)
            if primitive in fresh:
                mapping[s] = content * fresh[primitive]
    return substitute(expr, mapping)


def _content(s: Add) -> tuple[Expr, Expr]:
    """``s`` as ``content · primitive``: the monomial common to all its terms, and the sum left."""
    common: dict[Expr, int] | None = None
    for term in s.args:
        powers: dict[Expr, int] = {}
        for factor in Mul.make_args(term):
            base, power = factor.as_base_exp()
            if (base.is_Symbol or isinstance(base, Dummy)) and power.is_Integer and power > 0:
                powers[base] = int(power)
        if common is None:
            common = powers
        else:
            common = {b: min(e, powers[b]) for b, e in common.items() if b in powers}
        if not common:
            return sympy.Integer(1), s
    if common is None:
        return sympy.Integer(1), s
    content = Mul(*[b**e for b, e in common.items()])
    return content, Add(*[t / content for t in s.args])
