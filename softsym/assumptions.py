"""Stated assumptions of a check: equalities to eliminate, inequalities to respect.

Every symbol is real. Further facts must be stated: ``T > 0``, ``y1 + y2 = 1``.
Linear equalities are solved for one symbol (the last in name order that
occurs linearly) and substituted, so a proof after substitution is a proof
under the equality. Inequalities restrict where counterexamples are sought,
and ``s > c`` with ``c >= 0`` makes ``s`` positive for the positivity checks
of the derivative method.

An equality that is linear in no symbol but linear in a finite sum
(``Σ_k y_k = 1``) is solved for that sum, taken in the normal form of
:mod:`softsym.sums`; the checker replaces that sum by its value after
normalising. Points cannot be checked against such an equality, so under it
no point is offered as a counterexample.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Expr, Symbol

from softsym.errors import ParseError
from softsym.parsing import parse_assumption
from softsym.sums import normalize_sums

__all__ = ["Assumptions", "StatedRelation"]

_RELATIONS = (sympy.Eq, sympy.Gt, sympy.Ge, sympy.Lt, sympy.Le)


@dataclass(frozen=True)
class Assumptions:
    """A set of stated assumptions, prepared for the checker.

    Attributes:
        stated: The assumptions as given, in order.
        substitution: Eliminated symbol → expression, from the linear equalities.
        unused_equalities: Equalities that could not be solved linearly (not used
            for proofs; points that break them are never counterexamples).
        inequalities: The inequality assumptions.
        positive: Symbols that the inequalities make positive.
        sum_substitution: Eliminated sum (in normal form) → expression, from
            equalities linear in a sum.
    """

    stated: tuple[Any, ...] = ()
    substitution: tuple[tuple[Symbol, Expr], ...] = ()
    unused_equalities: tuple[Any, ...] = ()
    inequalities: tuple[Any, ...] = ()
    positive: frozenset[Symbol] = frozenset()
    sum_substitution: tuple[tuple[Expr, Expr], ...] = ()

    @classmethod
    def of(cls, assumptions: Iterable[Any] | Assumptions | None) -> Assumptions:
        """Prepare assumptions given as relationals or as text (``"T > 0"``).

        Raises:
            ParseError: An assumption is text that does not parse, or is not a
                comparison.
        """
        if isinstance(assumptions, Assumptions):
            return assumptions
        stated = []
        for a in assumptions or ():
            if isinstance(a, StatedRelation):
                rel = a.relation
            elif isinstance(a, str):
                rel = parse_assumption(a)
            else:
                rel = _realify_relation(a)
            stated.append(rel)
        return cls._prepare(tuple(stated))

    @classmethod
    def _prepare(cls, stated: tuple[Any, ...]) -> Assumptions:
        subs: dict[Symbol, Expr] = {}
        sum_subs: dict[Expr, Expr] = {}
        unused = []
        inequalities = []
        for rel in stated:
            if isinstance(rel, sympy.Eq):
                expr = sympy.expand((rel.lhs - rel.rhs).xreplace(subs))
                var = _linear_variable(expr)
                if var is None:
                    solved = _solve_for_sum(expr, sum_subs)
                    if solved is not None:
                        sum_subs[solved[0]] = solved[1]
                    elif expr != 0:
                        unused.append(rel)
                    continue
                value = sympy.solve(expr, var, dict=False)[0]
                subs = {k: v.xreplace({var: value}) for k, v in subs.items()}
                subs[var] = value
                sum_subs = {
                    normalize_sums(k.xreplace({var: value})): v.xreplace({var: value})
                    for k, v in sum_subs.items()
                }
            else:
                inequalities.append(rel)
        positive = frozenset(s for rel in inequalities if (s := _positive_symbol(rel)) is not None)
        return cls(
            stated=stated,
            substitution=tuple(sorted(subs.items(), key=lambda kv: kv[0].name)),
            unused_equalities=tuple(unused),
            inequalities=tuple(inequalities),
            positive=positive,
            sum_substitution=tuple(sorted(sum_subs.items(), key=lambda kv: str(kv[0]))),
        )

    def texts(self) -> tuple[str, ...]:
        """Return the stated assumptions as text in the input syntax."""
        return tuple(_text(rel) for rel in self.stated)

    def substitute(self, expr: Expr) -> Expr:
        """Eliminate the solved symbols from ``expr``."""
        return expr.xreplace(dict(self.substitution)) if self.substitution else expr

    def holds_at(self, point: dict[Symbol, Expr]) -> bool | None:
        """Whether all assumptions hold exactly at a point of the free symbols.

        Returns:
            ``True`` or ``False``, or ``None`` if a condition cannot be decided
            (always ``None`` under an equality on a sum).
        """
        if self.sum_substitution:
            return None
        full = dict(point)
        for var, value in self.substitution:
            full[var] = value.xreplace(point)
        for rel in (*self.inequalities, *self.unused_equalities):
            value = rel.xreplace(full)
            if value not in (sympy.true, sympy.false):
                return None
            if value is sympy.false:
                return False
        return True

    def complete_point(self, point: dict[Symbol, Expr]) -> dict[Symbol, Expr]:
        """Add the eliminated symbols' values to a point."""
        full = dict(point)
        for var, value in self.substitution:
            full[var] = value.xreplace(point)
        return full


class StatedRelation(str):
    """An assumption given as a SymPy relation, which behaves as its text.

    The text syntax cannot write every assumption, e.g. an equality on a sum
    ``Sum(y[k], (k, 1, K)) = 1``. A derivation keeps such an assumption as
    this value: text for display and JSON, while :meth:`Assumptions.of` uses
    the relation itself rather than parsing the text.

    Attributes:
        relation: The relation, with every symbol real (integer symbols stay integer).
    """

    relation: Any

    def __new__(cls, relation: Any) -> StatedRelation:
        """Wrap a relation such as ``Eq(Sum(y[k], (k, 1, K)), 1)``.

        Raises:
            ParseError: ``relation`` is not a comparison.
        """
        rel = _realify_relation(relation)
        obj = super().__new__(cls, _text(rel))
        obj.relation = rel
        return obj


def _realify_relation(rel: Any) -> Any:
    if not isinstance(rel, _RELATIONS):
        raise ParseError(f"an assumption must be a comparison such as T > 0 (got {rel!r})")
    from softsym.symbols import realify

    return rel.func(realify(rel.lhs), realify(rel.rhs))


def _linear_variable(expr: Expr) -> Symbol | None:
    candidates = sorted(
        (s for s in expr.free_symbols if isinstance(s, Symbol)),
        key=lambda s: s.name,
        reverse=True,
    )
    for s in candidates:
        coeff = expr.diff(s)
        if coeff.is_Number and coeff != 0:
            return s
    return None


def _solve_for_sum(expr: Expr, solved: dict[Expr, Expr]) -> tuple[Expr, Expr] | None:
    """Solve ``expr = 0`` for a finite sum in which it is linear with a numeric coefficient.

    The sums are taken in normal form (:func:`softsym.sums.normalize_sums`),
    with the sums solved before replaced by their values.
    """
    normal = normalize_sums(expr).xreplace(solved)
    for candidate in sorted(normal.atoms(sympy.Sum), key=sympy.default_sort_key, reverse=True):
        unknown = sympy.Dummy("unknown")
        linear = sympy.expand(normal.xreplace({candidate: unknown}))
        coeff = linear.diff(unknown)
        rest = sympy.expand(linear - coeff * unknown)
        if coeff.is_Number and coeff != 0 and not rest.has(unknown):
            return candidate, -rest / coeff
    return None


def _positive_symbol(rel: Any) -> Symbol | None:
    """Return s if the relation says s > c with c >= 0 (or s >= c with c > 0)."""
    if isinstance(rel, sympy.Gt | sympy.Ge):
        big, small, strict = rel.lhs, rel.rhs, isinstance(rel, sympy.Gt)
    else:
        big, small, strict = rel.rhs, rel.lhs, isinstance(rel, sympy.Lt)
    if isinstance(big, Symbol) and small.is_Number and ((strict and small >= 0) or small > 0):
        return big
    return None


def _text(rel: Any) -> str:
    ops = {sympy.Eq: "=", sympy.Gt: ">", sympy.Ge: ">=", sympy.Lt: "<", sympy.Le: "<="}
    return f"{rel.lhs} {ops[type(rel)]} {rel.rhs}"
