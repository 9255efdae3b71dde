r"""Missing-assumption hints: the assumptions teachers leave unstated, tried one at a time.

When a step is refuted or undecided, :func:`find_hint` asks the kernel again
under each of these, in order, and names the first one under which the step is
*proved*:

* ``Σ_j y_j = 1`` for each indexed family in the step (labels, probabilities);
* ``y`` one-hot: ``y_k = δ_{kc}`` for a class ``c`` in ``1..K``;
* ``y ∈ {0, 1}`` for a scalar named like a label (``y``, ``t``), both values proved;
* ``i = j`` when two integer indices occur;
* every symbol positive.

A hint is advice about a step that is not proved; it never changes the step's status.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sympy
from sympy import Eq, Expr, Indexed, IndexedBase, KroneckerDelta, Sum, Symbol

from softsym.decide import check
from softsym.errors import SoftsymError

__all__ = ["find_hint"]

_LABEL_NAMES = ("y", "t", "label")


def find_hint(
    lhs: Expr,
    rhs: Expr,
    assumptions: Sequence[Any],
    *,
    timeout: float,
    deadline: float | None = None,
) -> str:
    """Name a usual unstated assumption under which the kernel proves ``lhs = rhs``.

    Args:
        lhs: The step's left side, as read.
        rhs: Its right side.
        assumptions: What the document states (kept in every retry).
        timeout: The time limit of each retry, in seconds.
        deadline: A ``time.monotonic()`` after which no further retry starts.

    Returns:
        ``"holds if Σ_j y_j = 1 (not stated)"`` and the like, or ``""``.
    """
    for text, cases in _candidates(lhs, rhs):
        left = _remaining(timeout, deadline)
        if left <= 0:
            break
        try:
            holds = all(
                _proved(change(lhs), change(rhs), [*assumptions, *extra], left)
                for change, extra in cases
            )
        except Exception:  # noqa: S112 (a candidate SymPy cannot build is no hint)
            continue
        if holds:
            return f"holds if {text} (not stated)"
    return ""


def _remaining(timeout: float, deadline: float | None) -> float:
    """The time limit of the next try: ``timeout``, less if the deadline is closer."""
    if deadline is None:
        return timeout
    return min(timeout, deadline - time.monotonic())


def _proved(lhs: Expr, rhs: Expr, assumptions: list[Any], timeout: float) -> bool:
    try:
        return check(lhs, rhs, assumptions, timeout=timeout).proved
    except (SoftsymError, TypeError, ValueError):
        return False


Case = tuple[Callable[[Expr], Expr], list[Any]]


def _same(expr: Expr) -> Expr:
    return expr


def _substitute(mapping: dict[Any, Any]) -> Callable[[Expr], Expr]:
    def change(expr: Expr) -> Expr:
        return expr.subs(mapping)

    return change


def _one_hot(base: IndexedBase, c: Symbol) -> Callable[[Expr], Expr]:
    def change(expr: Expr) -> Expr:
        return expr.replace(
            lambda e: isinstance(e, Indexed) and e.base == base and len(e.indices) == 1,
            lambda e: KroneckerDelta(e.indices[0], c),
        )

    return change


def _label_first(name: str) -> tuple[int, str]:
    return (0 if name.startswith(_LABEL_NAMES) else 1, name)


def _candidates(lhs: Expr, rhs: Expr) -> Iterator[tuple[str, list[Case]]]:
    both = sympy.Tuple(lhs, rhs)
    bases = sorted({i.base for i in both.atoms(Indexed)}, key=lambda b: _label_first(str(b)))
    sums = sorted(both.atoms(Sum), key=sympy.default_sort_key)
    for base in bases:
        limits = _limits_of(base, sums)
        if limits is None:
            continue
        k, lower, upper = limits
        total = Sum(base[k], (k, lower, upper))
        shown = str(k).rstrip("'")  # a renamed index (see checking._uncapture) as written
        yield f"Σ_{shown} {_name(base)}_{shown} = 1", [(_same, [Eq(total, 1)])]
    for base in bases:
        limits = _limits_of(base, sums)
        if limits is None or not _name(base).startswith(_LABEL_NAMES):
            continue
        k, lower, upper = limits
        c = Symbol("c", integer=True)
        text = f"{_name(base)} is one-hot ({_name(base)}_{k} = δ_{k}c for a class c)"
        yield text, [(_one_hot(base, c), [c >= lower, c <= upper])]
    free = sorted(both.free_symbols, key=lambda s: str(s))
    for s in free:
        if isinstance(s, Symbol) and not s.is_integer and s.name.startswith(_LABEL_NAMES):
            yield f"{s.name} ∈ {{0, 1}}", [(_substitute({s: 0}), []), (_substitute({s: 1}), [])]
    integers = [s for s in free if isinstance(s, Symbol) and s.is_integer and s.name.islower()]
    for a, b in itertools.pairwise(integers):
        yield f"{a.name} = {b.name}", [(_substitute({b: a}), [])]
    reals = [s for s in free if isinstance(s, Symbol) and not s.is_integer]
    if reals:
        text = ", ".join(f"{s.name} > 0" for s in reals)
        yield text, [(_same, [s > 0 for s in reals])]


def _name(base: IndexedBase) -> str:
    return str(base.label)


def _limits_of(base: IndexedBase, sums: Sequence[Sum]) -> tuple[Symbol, Expr, Expr] | None:
    """The limits of the first sum over ``base[k]``, or ``None``."""
    for s in sums:
        for k, lower, upper in s.limits:
            if any(i.base == base and k in i.indices for i in s.function.atoms(Indexed)):
                return k, lower, upper
    return None
