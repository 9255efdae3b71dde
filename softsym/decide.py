"""``check``: decide ``lhs = rhs`` from text or expressions, within a time limit.

The pipeline, in one place: read text sides and assumptions with the safe
parser, ask the kernel for a proof (:func:`softsym.kernel.checker.prove`),
and when there is none, look for a certified counterexample
(:func:`softsym.refute.find_counterexample`). The result is a
:class:`~softsym.verdict.Verdict`: proved (carrying the kernel's Proof),
refuted (with the counterexample), or undecided (with the reason).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from typing import Any

import sympy
from sympy import Expr

from softsym.errors import ParseError, SoftsymError
from softsym.kernel.assumptions import Assumptions
from softsym.kernel.checker import NotProved, prove
from softsym.kernel.deadline import TimeLimitReached, check_deadline, time_limit
from softsym.lang.domain import Condition, conditions
from softsym.lang.functions import SoftsymFunction, unfold
from softsym.lang.latex import TexReading
from softsym.lang.parser import parse_assumption, parse_with_domain
from softsym.lang.relations import StatedRelation
from softsym.lang.symbols import realify
from softsym.lang.traversal import distinct_subterms, free_symbols, has_any
from softsym.refute import find_counterexample
from softsym.verdict import Status, Verdict

__all__ = ["DEFAULT_TIMEOUT", "MAX_TIMEOUT", "assume", "check", "domain_of"]

DEFAULT_TIMEOUT = 5.0
"""Default time limit of one check, in seconds."""

MAX_TIMEOUT = 3600.0
"""The longest time limit a check accepts, in seconds."""


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
        TypeError: ``timeout`` is not a number.
        ValueError: ``timeout`` is not positive, not finite, or above :data:`MAX_TIMEOUT`.
        ContradictoryAssumptionsError: The assumptions cannot hold together.

    >>> from sympy import tanh
    >>> from softsym.lang.symbols import real_symbols
    >>> from softsym.lang.functions import sigmoid
    >>> z = real_symbols("z")
    >>> check(tanh(z), 2 * sigmoid(2 * z) - 1).method
    'exp-rational'
    """
    timeout = _valid_timeout(timeout)
    start = time.perf_counter()
    texts: tuple[str, ...] = ()
    left, right = _expression(lhs, "lhs"), _expression(rhs, "rhs")
    try:
        with time_limit(timeout):
            # Reading the input is inside the limit too: parsing a Max of hundreds of
            # arguments, or solving an equality, can take long.
            stated = assume(assumptions)
            texts = stated.texts()
            (left, left_domain), (right, right_domain) = _side(left), _side(right)
            _one_symbol_per_name(left, right)
            outcome = prove(left, right, stated)
            if not isinstance(outcome, NotProved):
                return Verdict.of_proof(outcome, time.perf_counter() - start)
            failure = outcome.reason
            cex = None
            if outcome.lhs is not None and outcome.rhs is not None:
                check_deadline()
                conds = (
                    *left_domain,
                    *right_domain,
                    *domain_of(left, outcome.lhs),
                    *domain_of(right, outcome.rhs),
                )
                cex = find_counterexample(outcome.lhs, outcome.rhs, stated, conditions=conds)
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
    except SoftsymError:
        raise  # the input is wrong: the caller says so (ParseError, contradictory assumptions)
    except MemoryError:
        status, method, reason, cex = (
            Status.UNDECIDED,
            "",
            "the memory limit was reached (the command line allows 1 GiB beyond its start, "
            "or what SOFTSYM_MEMORY_LIMIT_MB says)",
            None,
        )
    except Exception as exc:
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
        assumptions=texts,
        counterexample=cex,
        seconds=time.perf_counter() - start,
    )


def _one_symbol_per_name(lhs: Expr, rhs: Expr) -> None:
    """Two different symbols with one name (an integer k and a real k) are an input error.

    Assumptions are not included: written as text they speak of real symbols, and a
    condition on ``j`` is read as speaking of the integer index ``j`` (:mod:`softsym.kernel.sums`).
    """
    seen: dict[str, sympy.Symbol] = {}
    for expr in (lhs, rhs):
        for s in free_symbols(expr):
            if isinstance(s, sympy.Symbol) and not isinstance(s, sympy.Dummy):
                other = seen.setdefault(s.name, s)
                if other != s:
                    raise ParseError(
                        f"the name {s.name} stands for two different symbols "
                        f"({_kind(other)} and {_kind(s)}); use one symbol per name"
                    )


def _kind(s: sympy.Symbol) -> str:
    return "an integer" if s.is_integer else "a real"


def _valid_timeout(timeout: Any) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(f"timeout must be a number of seconds (got {timeout!r})")
    if not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise ValueError(
            f"timeout must be positive and at most {MAX_TIMEOUT:g} seconds (got {timeout!r})"
        )
    return float(timeout)


def domain_of(original: Expr, prepared: Expr) -> list[Condition]:
    """Where a side is defined: its prepared form's conditions and its softsym functions'."""
    kinks = has_any(original, sympy.Derivative)
    found = conditions(prepared, kinks=kinks)
    for sub in distinct_subterms(original):
        if isinstance(sub, SoftsymFunction) and not has_any(sub, sympy.Derivative):
            found.append(("finite", sub))
        elif isinstance(sub, sympy.Derivative):
            # A derivative exists only where the function differentiated is defined.
            found.extend(conditions(unfold(sub.expr), kinks=True))
    return found


def _expression(value: Any, what: str) -> Any:
    """Text and LaTeX readings as they are; anything else as a real expression."""
    if isinstance(value, str | TexReading):
        return value
    try:
        return realify(value)
    except sympy.SympifyError:
        raise TypeError(
            f"{what} must be a SymPy expression, a number or text (got {value!r})"
        ) from None


def _side(value: Any) -> tuple[Expr, tuple[Condition, ...]]:
    if isinstance(value, str):
        expr, conds = parse_with_domain(value)
        return realify(expr), conds
    if isinstance(value, TexReading):  # LaTeX read with the domain of the text as written
        return realify(value.expr), tuple(value.domain)
    return value, ()
