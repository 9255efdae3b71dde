r"""Refute a step about every number of classes on a small instance.

A step such as ``\partial_{o_j} L = \operatorname{softmax}(o)_j - y_j`` speaks of
every K ≥ 1 and every class j in 1..K. Sampling cannot pick a K, so a false
general step stays undecided. :func:`refute_on_instance` puts K = 2 (then 3)
and small values of the free indices, writes the sums out term by term, names
the entries (``o[1]`` → ``o_1``) and asks :func:`softsym.decide.check` again:
a certified counterexample of an instance is a counterexample of the general
step, since the step claims every instance. This module can only refute.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from typing import Any

import sympy
from sympy import Add, Expr, Indexed, Integer, Sum, Symbol

from softsym.decide import check
from softsym.errors import SoftsymError
from softsym.verdict import Counterexample, Status, Verdict

__all__ = ["counterexample_with", "refute_on_instance"]

_SIZES = (2, 3)
_MAX_TERMS = 12


def refute_on_instance(
    lhs: Expr,
    rhs: Expr,
    assumptions: Sequence[Any],
    *,
    counts: Sequence[Symbol],
    indices: Sequence[Symbol],
    distinct: Sequence[tuple[Symbol, Symbol]] = (),
    timeout: float,
    deadline: float | None = None,
) -> tuple[Verdict, tuple[tuple[str, str], ...]] | None:
    r"""Look for a counterexample of ``lhs = rhs`` with the class counts made small.

    Args:
        lhs: The left side (sums up to a count, indexed entries).
        rhs: The right side.
        assumptions: The stated assumptions (relations), made concrete as the sides are.
        counts: The class-count symbols (K, and any symbol bounding a sum), all set to a size.
        indices: The free integer indices (each in 1..K).
        distinct: Pairs of indices stated different (``i \ne j``): never given one value.
        timeout: The time limit of each instance's check.
        deadline: A ``time.monotonic()`` after which no further instance is tried.

    Returns:
        The refuted verdict of an instance and the values chosen for K and the
        indices, or ``None`` when no instance was refuted.
    """
    for size in _SIZES:
        for values in _index_values(len(indices), size, _positions(indices, distinct)):
            chosen = {
                **{c: Integer(size) for c in counts},
                **dict(zip(indices, map(Integer, values), strict=True)),
            }
            left_time = timeout if deadline is None else min(timeout, deadline - time.monotonic())
            if left_time <= 0:
                return None
            try:
                labels = _labels(lhs.subs(chosen), rhs.subs(chosen))
                instance = _instance(lhs, rhs, assumptions, chosen, labels)
                if instance is None:
                    continue
                left, right, stated = instance
                verdict = check(left, right, stated, timeout=left_time)
            except (SoftsymError, TypeError, ValueError, AttributeError):
                continue  # an instance SymPy cannot build refutes nothing
            if verdict.status is Status.REFUTED and verdict.counterexample is not None:
                point = tuple((str(s), str(v)) for s, v in sorted(chosen.items(), key=_by_name))
                named = tuple((_entry_name(e), "1") for e in sorted(labels, key=str))
                return verdict, (*point, *named)
    return None


def _by_name(item: tuple[Symbol, Expr]) -> str:
    return str(item[0])


def _positions(
    indices: Sequence[Symbol], distinct: Sequence[tuple[Symbol, Symbol]]
) -> list[tuple[int, int]]:
    where = {s: n for n, s in enumerate(indices)}
    return [(where[a], where[b]) for a, b in distinct if a in where and b in where]


def _index_values(n: int, size: int, apart: Sequence[tuple[int, int]]) -> list[tuple[int, ...]]:
    """Values for ``n`` indices in 1..size (all equal first), keeping ``apart`` pairs different."""
    if n == 0:
        return [()]
    found = [
        v
        for v in itertools.product(range(1, size + 1), repeat=n)
        if all(v[a] != v[b] for a, b in apart)
    ]
    return sorted(found, key=lambda v: (len(set(v)) != 1, v))[:4]


def _labels(lhs: Expr, rhs: Expr) -> set[Indexed]:
    """Entries used as indices of other entries (the label ``y_i`` in ``f_{y_i}``)."""
    return {
        inner
        for side in (lhs, rhs)
        for e in side.atoms(Indexed)
        for i in e.indices
        for inner in i.atoms(Indexed)
        if all(k.is_Integer for k in inner.indices)
    }


def _entry_name(e: Indexed) -> str:
    return f"{e.base}_{'_'.join(str(i) for i in e.indices)}"


def _instance(
    lhs: Expr,
    rhs: Expr,
    assumptions: Sequence[Any],
    chosen: dict[Symbol, Integer],
    labels: set[Indexed],
) -> tuple[Expr, Expr, list[Any]] | None:
    """The instance's sides and assumptions; a label (an entry used as an index) is class 1."""
    try:
        left = _concrete(lhs, chosen, labels)
        right = _concrete(rhs, chosen, labels)
        stated = []
        for a in assumptions:
            c = _concrete(a, chosen, labels)
            if c is sympy.false:
                return None  # this instance breaks an assumption
            if c is not sympy.true:
                stated.append(c)
    except _TooLarge:
        return None
    if left.has(Sum) or right.has(Sum):
        return None
    return left, right, stated


class _TooLarge(Exception):
    pass


def _concrete(expr: Any, chosen: dict[Symbol, Integer], labels: set[Indexed]) -> Any:
    expr = expr.subs(chosen)
    if labels:
        expr = expr.xreplace(dict.fromkeys(labels, Integer(1)))
    expr = expr.replace(lambda e: isinstance(e, Sum), _write_out)
    names = {
        e: Symbol(f"{e.base}_{'_'.join(str(i) for i in e.indices)}", real=True)
        for e in sympy.preorder_traversal(expr)
        if isinstance(e, Indexed) and all(i.is_Integer for i in e.indices)
    }
    return expr.xreplace(names)


def _write_out(s: Sum) -> Expr:
    body = s.function
    for k, lower, upper in reversed(s.limits):
        if not (lower.is_Integer and upper.is_Integer):
            return s
        if upper - lower + 1 > _MAX_TERMS:
            raise _TooLarge
        body = Add(*[body.subs(k, v) for v in range(int(lower), int(upper) + 1)])
    return body


def counterexample_with(cex: Counterexample, point: tuple[tuple[str, str], ...]) -> Counterexample:
    """The counterexample of an instance, with the values of K and the indices first."""
    return Counterexample(
        point=(*point, *cex.point),
        lhs_value=cex.lhs_value,
        rhs_value=cex.rhs_value,
        difference=cex.difference,
        digits=cex.digits,
    )
