"""The trusted kernel: decide whether ``lhs = rhs`` under stated assumptions.

:func:`check` returns a :class:`~softsym.verdict.Verdict`. Only this module can
create a proved verdict. The methods, in order:

1. ``identical``: the two sides are the same expression.
2. ``exp-rational``: after unfolding the definitions, substituting
   ``t = exp(z/L)`` turns the difference into a rational function, which is
   zero exactly (:mod:`softsym.exprational`). Complete on the exp-rational
   fragment, sound everywhere.
3. ``derivative``: for differences with ``log``: the difference is defined and
   smooth on the whole (convex) domain, every partial derivative is proved
   zero (by 2. or, once more, by 3.), and the value at one point is exactly 0.
4. ``cases``: Max, Min, Abs and Piecewise are split into cases, each proved by
   2. or 3.; impossible cases are dropped by exact linear programming.

If no method proves the identity, sampling looks for a certified
counterexample (refuted); otherwise the verdict is undecided, with the reason.
Every check runs under a time limit; reaching it gives undecided.

Finite sums over an index (``Sum(f, (k, 1, K))``) are first brought to the
normal form of :mod:`softsym.sums`, so that equal sums become the same opaque
variable of the methods above.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import sympy
from sympy import Derivative, Expr, Symbol, exp, log

from softsym.assumptions import Assumptions
from softsym.cases import MAX_CASES, TooManyCases, split_cases
from softsym.exprational import exp_to_powers, is_identically_zero
from softsym.functions import SoftsymFunction, unfold
from softsym.parsing import parse_expr
from softsym.sampling import find_counterexample
from softsym.sums import normalize_sums
from softsym.symbols import realify
from softsym.timelimit import TimeLimitReached, check_deadline, time_limit
from softsym.verdict import Counterexample, Status, Verdict

__all__ = ["DEFAULT_TIMEOUT", "check"]

DEFAULT_TIMEOUT = 5.0
"""Default time limit of one check, in seconds."""

_KERNEL_TOKEN = object()
_MAX_LOG_DEPTH = 2


def check(
    lhs: Any,
    rhs: Any,
    assumptions: Iterable[Any] | Assumptions | None = (),
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Verdict:
    """Decide whether ``lhs = rhs`` for all real values allowed by the assumptions.

    Args:
        lhs: Left-hand side: a SymPy expression, a number, or text in softsym's
            input syntax (read by :func:`~softsym.parsing.parse_expr`, never evaluated).
        rhs: Right-hand side, likewise.
        assumptions: Relationals or text such as ``"T > 0"``, ``"y1 + y2 = 1"``.
            Every symbol is real; nothing else is assumed.
        timeout: Time limit in seconds; reaching it gives an undecided verdict.

    Returns:
        A proved verdict naming its method, a refuted verdict with a certified
        counterexample, or an undecided verdict with the reason. Proved means
        equal wherever both sides are defined.

    Raises:
        ParseError: A side or an assumption given as text does not parse.
        TypeError: A side is neither an expression, a number nor text.
        ValueError: ``timeout`` is not positive.

    >>> from sympy import tanh
    >>> from softsym.symbols import real_symbols
    >>> from softsym.functions import sigmoid
    >>> z = real_symbols("z")
    >>> check(tanh(z), 2 * sigmoid(2 * z) - 1).method
    'exp-rational'
    """
    if not timeout > 0:
        raise ValueError(f"timeout must be positive (got {timeout!r})")
    start = time.perf_counter()
    assume = Assumptions.of(assumptions)
    left, right = _side(lhs, "lhs"), _side(rhs, "rhs")
    try:
        with time_limit(timeout):
            status, method, reason, cex = _decide(left, right, assume)
    except TimeLimitReached:
        status, method, reason, cex = (
            Status.UNDECIDED,
            "",
            f"time limit of {timeout:g} s reached",
            None,
        )
    except (TypeError, ValueError, NotImplementedError, AttributeError, RecursionError) as exc:
        status, method, reason, cex = (
            Status.UNDECIDED,
            "",
            f"SymPy could not process the expressions ({type(exc).__name__}: {exc})",
            None,
        )
    return Verdict(
        status=status,
        method=method,
        reason=reason,
        lhs=str(left),
        rhs=str(right),
        assumptions=assume.texts(),
        counterexample=cex,
        seconds=time.perf_counter() - start,
        _kernel=_KERNEL_TOKEN,
    )


def _side(value: Any, what: str) -> Expr:
    if isinstance(value, str):
        value = parse_expr(value)
    try:
        return realify(value)
    except sympy.SympifyError:
        raise TypeError(
            f"{what} must be a SymPy expression, a number or text (got {value!r})"
        ) from None


_Outcome = tuple[Status, str, str, Counterexample | None]


def _decide(lhs: Expr, rhs: Expr, assume: Assumptions) -> _Outcome:
    if lhs == rhs:
        return Status.PROVED, "identical", "both sides are the same expression", None
    left, right = _prepare(lhs, assume), _prepare(rhs, assume)
    if left == right:
        return (
            Status.PROVED,
            "identical",
            "both sides are the same after unfolding definitions",
            None,
        )
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
            return _proved(methods, len(cases))
    check_deadline()
    cex = find_counterexample(left, right, assume)
    if cex is not None:
        return Status.REFUTED, "sampling", f"the sides differ {cex.describe()}", cex
    return (
        Status.UNDECIDED,
        "",
        f"{failure}, and sampling found no counterexample; "
        "outside what the methods decide, or false only on a small set",
        None,
    )


def _proved(methods: list[str], n_cases: int) -> _Outcome:
    unique = sorted(set(methods))
    if n_cases == 1:
        return Status.PROVED, unique[0], _REASONS[unique[0]], None
    return (
        Status.PROVED,
        "cases:" + "+".join(unique),
        f"split into {n_cases} cases, each proved ({', '.join(unique)})",
        None,
    )


_REASONS = {
    "exp-rational": "with t = exp(z/L) the difference is the zero rational function",
    "derivative": "the difference has zero derivatives on its connected domain "
    "and is zero at one point",
}


def _prepare(expr: Expr, assume: Assumptions) -> Expr:
    """Unfold definitions and derivatives, eliminate the solved symbols, normalise sums."""
    for _ in range(10):
        check_deadline()
        expr = unfold(expr)
        if not expr.has(Derivative):
            break
        expr = expr.doit()
    if expr.has(Derivative) or expr.has(SoftsymFunction):
        raise ValueError("derivatives could not be evaluated")
    return normalize_sums(assume.substitute(expr), assume)


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
            if not _positive(e.args[0], positive):
                return False
        elif isinstance(e, sympy.Pow):
            b, x = e.args
            if x.is_Integer and x >= 0:
                continue
            if x.is_Integer and not (_positive(b, positive) or _positive(-b, positive)):
                return False
            if not x.is_Integer and not _positive(b, positive):
                return False
        elif not isinstance(e, sympy.Add | sympy.Mul | exp):
            return False
    return True


def _positive(expr: Expr, positive: frozenset[Symbol]) -> bool:
    """A sufficient test that ``expr`` > 0 wherever the positive symbols are positive.

    ``exp`` is replaced by powers of positive variables and the result put over
    a common denominator; numerator and denominator must then be polynomials
    with positive coefficients in positive variables (or both the negatives of such).
    """
    check_deadline()
    rational = sympy.cancel(sympy.together(exp_to_powers(expr)))
    num, den = sympy.fraction(rational)
    return (_positive_polynomial(num, positive) and _positive_polynomial(den, positive)) or (
        _positive_polynomial(-num, positive) and _positive_polynomial(-den, positive)
    )


def _positive_polynomial(expr: Expr, positive: frozenset[Symbol]) -> bool:
    """Every term is ≥ 0 and at least one term is > 0 (for positive variables)."""
    expanded = sympy.expand(expr)
    some_term_positive = False
    for term in sympy.Add.make_args(expanded):
        coeff, rest = term.as_coeff_Mul()
        if not (coeff.is_Rational and coeff > 0):
            return False
        term_positive = True
        for factor in sympy.Mul.make_args(rest):
            if factor == 1:
                continue
            base, power = factor.as_base_exp()
            if not power.is_Integer:
                return False
            if (isinstance(base, sympy.Dummy) and base.is_positive) or base in positive:
                continue
            if power % 2 == 0 and base.is_Symbol:
                term_positive = False  # an even power is >= 0, possibly 0
                continue
            return False
        some_term_positive = some_term_positive or term_positive
    return some_term_positive
