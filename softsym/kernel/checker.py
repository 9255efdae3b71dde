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
3. ``derivative``: for differences with ``log``: the difference is defined and
   smooth on the whole (convex) domain, every partial derivative is proved
   zero (by 2. or, once more, by 3.), and the value at one point is exactly 0.
4. ``cases``: Max, Min, Abs and Piecewise are split into cases, each proved by
   2. or 3.; impossible cases are dropped by exact linear arithmetic.

Finite sums over an index (``Sum(f, (k, 1, K))``) are first brought to the
normal form of :mod:`softsym.kernel.sums`, so that equal sums become the same
opaque variable of the methods above. The caller bounds the time
(:mod:`softsym.kernel.deadline`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import Expr, Symbol, exp, log

from softsym.kernel.assumptions import Assumptions
from softsym.kernel.cases import MAX_CASES, TooManyCases, split_cases
from softsym.kernel.deadline import check_deadline
from softsym.kernel.exprational import is_identically_zero
from softsym.kernel.positivity import is_positive
from softsym.kernel.prepare import prepare
from softsym.kernel.proof import Proof, mint
from softsym.lang.symbols import realify

__all__ = ["NotProved", "prove"]

_MAX_LOG_DEPTH = 2

_REASONS = {
    "exp-rational": "with t = exp(z/L) the difference is the zero rational function",
    "derivative": "the difference has zero derivatives on its connected domain "
    "and is zero at one point",
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

    def proof(method: str, reason: str) -> Proof:
        return mint(str(lhs), str(rhs), assume.texts(), method, reason)

    if lhs == rhs:
        return proof("identical", "both sides are the same expression")
    left, right = prepare(lhs, assume), prepare(rhs, assume)
    if left == right:
        return proof("identical", "both sides are the same after unfolding definitions")
    failure = ""
    try:
        cases = split_cases(left - right, assume.inequalities)
    except TooManyCases:
        cases = []
        failure = f"more than {MAX_CASES} cases"
    methods = []
    for expr, conditions in cases:
        method = _prove_zero(expr, assume.positive, 0)
        if method is None:
            where = " when " + " and ".join(map(str, conditions)) if conditions else ""
            failure = f"the difference is not shown to be zero{where}"
            break
        methods.append(method)
    else:
        if cases:
            unique = sorted(set(methods))
            if len(cases) == 1:
                return proof(unique[0], _REASONS[unique[0]])
            return proof(
                "cases:" + "+".join(unique),
                f"split into {len(cases)} cases, each proved ({', '.join(unique)})",
            )
    return NotProved(failure, left, right)


def _prove_zero(expr: Expr, positive: frozenset[Symbol], depth: int) -> str | None:
    if is_identically_zero(expr):
        return "exp-rational"
    if depth < _MAX_LOG_DEPTH and expr.has(log) and _derivative_method(expr, positive, depth):
        return "derivative"
    return None


def _derivative_method(d: Expr, positive: frozenset[Symbol], depth: int) -> bool:
    """Zero derivatives on a connected domain and a zero value at one point.

    The domain is {s > 0 for the positive symbols used} × ℝ^rest, convex; the
    difference must be smooth on all of it (every log argument positive, every
    denominator nonzero), so constant derivatives make it constant.
    """
    if not _smooth(d, positive):
        return False
    variables = sorted(d.free_symbols, key=lambda s: s.name)
    if not all(isinstance(v, Symbol) for v in variables):
        return False
    for v in variables:
        check_deadline()
        if _prove_zero(sympy.diff(d, v), positive, depth + 1) is None:
            return False
    point = {v: sympy.Integer(1) if v in positive else sympy.Integer(0) for v in variables}
    value = d.xreplace(point)
    if value == 0:
        return True
    return bool(sympy.simplify(sympy.expand_log(value)) == 0)


def _smooth(expr: Expr, positive: frozenset[Symbol]) -> bool:
    """Whether ``expr`` is defined and smooth wherever the positive symbols are positive."""
    for e in sympy.preorder_traversal(expr):
        if e.is_Atom:
            if not (e.is_Symbol or e.is_Rational or e in (sympy.E, sympy.pi)):
                return False
        elif isinstance(e, log):
            if not is_positive(e.args[0], positive):
                return False
        elif isinstance(e, sympy.Pow):
            b, x = e.args
            if x.is_Integer and x >= 0:
                continue
            if x.is_Integer and not (is_positive(b, positive) or is_positive(-b, positive)):
                return False
            if not x.is_Integer and not is_positive(b, positive):
                return False
        elif not isinstance(e, sympy.Add | sympy.Mul | exp):
            return False
    return True
