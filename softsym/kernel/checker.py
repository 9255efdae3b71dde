"""The trusted kernel's decision procedure: prove ``lhs = rhs`` under stated assumptions.

:func:`prove` returns a :class:`~softsym.kernel.proof.Proof` or, when no method
applies, :class:`NotProved` with the reason. It never refutes: finding a
counterexample is :mod:`softsym.refute`'s job, outside the kernel. The
methods, in order:

1. ``identical``: the two sides are the same expression.
2. ``exp-rational``: after unfolding the definitions, substituting
   ``t = exp(z/L)`` turns the difference into a rational function, which is
   zero exactly (:mod:`softsym.kernel.exprational`). Complete on the
   exp-rational fragment, sound everywhere.
3. ``exp-log``: for differences with ``log``: the difference is a rational
   combination of logarithms plus other terms, and its exponential is 1 by 2.
   (every log argument is positive wherever the difference is defined).
4. ``derivative``: for differences with ``log``: the difference is defined and
   smooth on the whole (convex) domain, every partial derivative is proved
   zero (by 2., 3. or, once more, by 4.), and the value at one point is exactly 0.
5. ``cases``: Max, Min, Abs and Piecewise are split into cases, each proved by
   2., 3. or 4.; impossible cases are dropped by exact linear arithmetic.

Finite sums over an index (``Sum(f, (k, 1, K))``) are first brought to the
normal form of :mod:`softsym.kernel.sums`, so that equal sums become the same
opaque variable of the methods above. The caller bounds the time
(:mod:`softsym.kernel.deadline`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Derivative, Expr, Sum, Symbol, exp, log

from softsym.kernel.assumptions import Assumptions
from softsym.kernel.cases import MAX_CASES, TooManyCases, split_cases
from softsym.kernel.deadline import check_deadline
from softsym.kernel.exprational import is_identically_zero
from softsym.kernel.linear import feasible
from softsym.kernel.positivity import is_positive
from softsym.kernel.prepare import prepare
from softsym.kernel.proof import Proof, mint
from softsym.lang.domain import conditions, nowhere, witness
from softsym.lang.functions import text
from softsym.lang.symbols import realify
from softsym.lang.traversal import distinct_subterms, free_symbols, has_any

__all__ = ["NotProved", "prove"]

_MAX_LOG_DEPTH = 2

_REASONS = {
    "exp-rational": "with t = exp(z/L) the difference is the zero rational function",
    "derivative": "the difference has zero derivatives on its connected domain "
    "and is zero at one point",
    "exp-log": "the difference is a sum of logarithms and exp-rational terms whose "
    "exponential is exactly 1",
}


@dataclass(frozen=True)
class NotProved:
    """No method proved the identity.

    Attributes:
        reason: Why not, in words (e.g. which case was not shown to be zero).
        lhs: The prepared left-hand side (definitions unfolded), or ``None`` if
            preparation failed; a refuter evaluates these.
        rhs: The prepared right-hand side, likewise.
    """

    reason: str
    lhs: Expr | None = None
    rhs: Expr | None = None


def prove(lhs: Expr, rhs: Expr, assume: Assumptions) -> Proof | NotProved:
    """Try to prove ``lhs = rhs`` for all real values allowed by the assumptions.

    Every symbol is taken as real (:func:`~softsym.lang.symbols.realify`), whatever
    the caller declared.

    Args:
        lhs: Left-hand side.
        rhs: Right-hand side.
        assume: The stated assumptions.

    Returns:
        A Proof of exactly ``lhs = rhs`` under ``assume``, or the reason it was not found.

    Raises:
        TimeLimitReached: The caller's time limit was reached.
    """
    lhs, rhs = realify(lhs), realify(rhs)
    for side, name in ((lhs, "left-hand side"), (rhs, "right-hand side")):
        why = nowhere(side)
        if why:
            return NotProved(f"the {name} is defined nowhere: {why}")
    left, right = prepare(lhs, assume), prepare(rhs, assume)
    if has_any(lhs, sympy.Float) or has_any(rhs, sympy.Float):
        return NotProved(
            "inexact numbers (floats such as 0.5) are never proved equal to anything; "
            "write them exactly (1/2)",
            left,
            right,
        )
    for side, name in ((left, "left-hand side"), (right, "right-hand side")):
        why = nowhere(side)
        if why:
            return NotProved(f"the {name} is defined nowhere: {why}", left, right)
    kinks = has_any(lhs, Derivative) or has_any(rhs, Derivative)

    def proof(method: str, reason: str) -> Proof | NotProved:
        vacuous = _vacuous(left, right, assume, kinks)
        if vacuous:
            return NotProved(vacuous, left, right)
        return mint(text(lhs), text(rhs), assume.texts(), method, reason)

    if lhs == rhs:
        return proof("identical", "both sides are the same expression")
    if left == right:
        return proof("identical", "both sides are the same after unfolding definitions")
    failure = ""
    try:
        cases = split_cases(left - right, assume.inequalities)
    except TooManyCases:
        cases = []
        failure = f"more than {MAX_CASES} cases"
    methods = []
    domain = _Domain.of(assume)
    for expr, region in cases:
        method = _prove_zero(expr, domain, 0)
        if method is None:
            where = " when " + " and ".join(map(str, region)) if region else ""
            failure = f"the difference is not shown to be zero{where}"
            break
        methods.append(method)
    else:
        if not cases:  # every case contradicts the stated inequalities
            failure = "no case of the split is consistent with the stated assumptions"
        if cases:
            unique = sorted(set(methods))
            if len(cases) == 1:
                return proof(unique[0], _REASONS[unique[0]])
            return proof(
                "cases:" + "+".join(unique),
                f"split into {len(cases)} cases, each proved ({', '.join(unique)})",
            )
    return NotProved(failure, left, right)


def _vacuous(left: Expr, right: Expr, assume: Assumptions, kinks: bool) -> str | None:
    """Why the identity would be vacuous (both sides defined on no open set), or ``None``.

    Needs a point where both sides are defined with a margin and the stated
    inequalities hold strictly. Expressions over indexed entries or sums, and
    assumptions that hold on a surface, cannot be judged at a point: for them only
    the constant subterms are checked (:func:`~softsym.kernel.domain.nowhere`).
    """
    stated = {s for r in assume.inequalities for s in r.free_symbols}
    used = free_symbols(left) | free_symbols(right) | stated
    variables = sorted(used, key=lambda s: s.name)
    indexed = not all(isinstance(v, Symbol) for v in variables)
    if indexed or has_any(left, Sum) or has_any(right, Sum):
        return None
    if assume.interior_at({}) is None:
        return None
    check_deadline()
    conds = conditions(left, kinks=kinks) + conditions(right, kinks=kinks)
    # A condition shown to hold wherever its term is defined needs no point; when all do,
    # the sides are defined wherever the stated inequalities hold.
    conds = [c for c in conds if not _everywhere(c, assume.positive)]
    point = witness(conds, variables, assume.positive, lambda p: bool(assume.interior_at(p)))
    if point is None:
        return (
            "no point was found where both sides are defined and the assumptions hold "
            "strictly; an identity on an empty or thin set is not proved"
        )
    return None


def _everywhere(condition: tuple[str, Expr], positive: frozenset[Symbol]) -> bool:
    kind, term = condition
    if kind == "finite":  # finite wherever the other conditions hold
        return all(
            e.is_Atom or isinstance(e, sympy.Add | sympy.Mul | sympy.Pow | exp | log)
            for e in distinct_subterms(term)
        )
    if kind in ("positive", "nonnegative"):
        return is_positive(term, positive)
    return is_positive(term, positive) or is_positive(-term, positive)


@dataclass(frozen=True)
class _Domain:
    """Where the derivative method works: the stated linear inequalities, positive symbols.

    This set is convex (an intersection of half-spaces), so it is connected.
    """

    positive: frozenset[Symbol]
    linear: tuple[Any, ...]

    @classmethod
    def of(cls, assume: Assumptions) -> _Domain:
        rels = [
            r.func(assume.substitute(r.lhs), assume.substitute(r.rhs)) for r in assume.inequalities
        ]
        return cls(assume.positive, tuple(r for r in rels if feasible([r]) is not None))

    def contains(self, point: dict[Symbol, Expr]) -> bool:
        if any(point[s] <= 0 for s in self.positive if s in point):
            return False
        return all(r.xreplace(point) is sympy.true for r in self.linear)

    def is_positive(self, expr: Expr) -> bool:
        return is_positive(expr, self.positive, context=self.linear)


def _prove_zero(expr: Expr, domain: _Domain, depth: int) -> str | None:
    if is_identically_zero(expr):
        return "exp-rational"
    if has_any(expr, log) and _exp_log_method(expr):
        return "exp-log"
    if depth < _MAX_LOG_DEPTH and has_any(expr, log) and _derivative_method(expr, domain, depth):
        return "derivative"
    return None


def _exp_log_method(d: Expr) -> bool:
    """``d = Σ c_i log(u_i) + r`` with rational c_i, and ``exp(q·d) = 1`` exp-rationally.

    Wherever ``d`` is defined every ``u_i`` is positive and every subterm real, so
    ``exp(q·d) = Π u_i^(q·c_i) · exp(q·r)`` exactly (q the common denominator of
    the c_i, so the powers are integers). If that product is 1 wherever defined,
    then ``q·d`` is a real number with exponential 1: ``d = 0``. One exp-rational
    test, whatever the number of variables (the derivative method differentiates
    once per variable).
    """
    logs: list[tuple[sympy.Rational, Expr]] = []
    rest = []
    for term in sympy.Add.make_args(sympy.expand(d, deep=False, log=False, power_exp=False)):
        coeff, factor = term.as_coeff_Mul()
        if isinstance(factor, log) and coeff.is_Rational:
            logs.append((coeff, factor.args[0]))
        else:
            rest.append(term)
    if not logs:
        return False
    q = math.lcm(*[int(c.q) for c, _ in logs])
    product = sympy.Mul(*[u ** int(c * q) for c, u in logs])
    return is_identically_zero(product * exp(q * sympy.Add(*rest)) - 1)


def _derivative_method(d: Expr, domain: _Domain, depth: int) -> bool:
    """Zero derivatives on a connected domain and a zero value at one point.

    The domain is {s > 0 for the positive symbols} ∩ {the stated linear
    inequalities}, convex; the difference must be smooth on all of it (every
    log argument positive, every denominator nonzero), so constant derivatives
    make it constant.
    """
    if not _smooth(d, domain):
        return False
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if not all(isinstance(v, Symbol) for v in variables):
        return False
    for v in variables:
        check_deadline()
        if _prove_zero(sympy.diff(d, v), domain, depth + 1) is None:
            return False
    # The point gives values to the symbols of the stated inequalities too (the domain
    # lives in their space; d depends on its own variables only).
    stated = {s for r in domain.linear for s in r.free_symbols} - set(variables)
    everything = variables + sorted(stated, key=lambda s: s.name)
    point: dict[Symbol, Expr] | None = {
        v: sympy.Integer(1) if v in domain.positive else sympy.Integer(0) for v in everything
    }
    if point is not None and not domain.contains(point):
        conds = conditions(d, kinks=False)
        point = witness(conds, everything, domain.positive, domain.contains)
    if point is None:
        return False
    value = d.xreplace(point)
    if value == 0:
        return True
    return bool(sympy.simplify(sympy.expand_log(value)) == 0)


def _smooth(expr: Expr, domain: _Domain) -> bool:
    """Whether ``expr`` is defined and smooth on the whole domain."""
    for e in distinct_subterms(expr):
        if e.is_Atom:
            if not (e.is_Symbol or e.is_Rational or e in (sympy.E, sympy.pi)):
                return False
        elif isinstance(e, log):
            if not domain.is_positive(e.args[0]):
                return False
        elif isinstance(e, sympy.Pow):
            b, x = e.args
            if x.is_Integer and x >= 0:
                continue
            if x.is_Integer and not (domain.is_positive(b) or domain.is_positive(-b)):
                return False
            if not x.is_Integer and not domain.is_positive(b):
                return False
        elif not isinstance(e, sympy.Add | sympy.Mul | exp):
            return False
    return True
