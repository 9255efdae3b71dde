"""``check``: decide ``lhs = rhs`` from text or expressions, within a time limit.

The pipeline, in one place: read text sides and assumptions with the safe
parser, ask the kernel for a proof (:func:`softsym.kernel.checker.prove`),
and when there is none, look for a certified counterexample
(:func:`softsym.refute.find_counterexample`). The result is a
:class:`~softsym.verdict.Verdict`: proved (carrying the kernel's Proof),
refuted (with the counterexample), or undecided (with the reason).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import sympy
from sympy import Expr

from softsym.kernel.assumptions import Assumptions
from softsym.kernel.checker import NotProved, prove
from softsym.kernel.deadline import TimeLimitReached, check_deadline, time_limit
from softsym.lang.parser import parse_assumption, parse_expr
from softsym.lang.relations import StatedRelation
from softsym.lang.symbols import realify
from softsym.refute import find_counterexample
from softsym.verdict import Status, Verdict

__all__ = ["DEFAULT_TIMEOUT", "assume", "check"]

DEFAULT_TIMEOUT = 5.0
"""Default time limit of one check, in seconds."""


def assume(assumptions: Iterable[Any] | Assumptions | None) -> Assumptions:
    """Prepare assumptions given as text (``"T > 0"``, ``"y1 + y2 = 1"``) or as relations.

    Text is read by :func:`~softsym.lang.parser.parse_assumption`, never evaluated.

    Raises:
        ParseError: An assumption is text that does not parse, or is not a comparison.
    """
    if isinstance(assumptions, Assumptions):
        return assumptions
    relations = []
    for a in assumptions or ():
        if isinstance(a, StatedRelation):
            relations.append(a.relation)
        elif isinstance(a, str):
            relations.append(parse_assumption(a))
        else:
            relations.append(a)
    return Assumptions.of(relations)


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
            input syntax (read by :func:`~softsym.lang.parser.parse_expr`, never evaluated).
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
    >>> from softsym.lang.symbols import real_symbols
    >>> from softsym.lang.functions import sigmoid
    >>> z = real_symbols("z")
    >>> check(tanh(z), 2 * sigmoid(2 * z) - 1).method
    'exp-rational'
    """
    if not timeout > 0:
        raise ValueError(f"timeout must be positive (got {timeout!r})")
    start = time.perf_counter()
    stated = assume(assumptions)
    left, right = _side(lhs, "lhs"), _side(rhs, "rhs")
    try:
        with time_limit(timeout):
            outcome = prove(left, right, stated)
            if not isinstance(outcome, NotProved):
                return Verdict.of_proof(outcome, time.perf_counter() - start)
            failure = outcome.reason
            cex = None
            if outcome.lhs is not None and outcome.rhs is not None:
                check_deadline()
                cex = find_counterexample(outcome.lhs, outcome.rhs, stated)
            if cex is not None:
                status, method = Status.REFUTED, "sampling"
                reason = f"the sides differ {cex.describe()}"
            else:
                status, method, reason = (
                    Status.UNDECIDED,
                    "",
                    f"{failure}, and sampling found no counterexample; "
                    "outside what the methods decide, or false only on a small set",
                )
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
        assumptions=stated.texts(),
        counterexample=cex,
        seconds=time.perf_counter() - start,
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
