"""Stated assumptions of a check: equalities to eliminate, inequalities to respect.

Every symbol is real. Further facts must be stated: ``T > 0``, ``y1 + y2 = 1``.
Linear equalities are solved for one symbol (the last in name order that
occurs linearly) and substituted, so a proof after substitution is a proof
under the equality. Inequalities restrict where counterexamples are sought,
and ``s > c`` with ``c >= 0`` makes ``s`` positive for the positivity checks
of the derivative method.

An equality that is linear in no symbol but linear in a finite sum
(``Σ_k y_k = 1``) is solved for that sum, taken in the normal form of
:mod:`softsym.kernel.sums`; the checker replaces that sum by its value after
normalising. Points cannot be checked against such an equality, so under it
no point is offered as a counterexample.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Expr, Symbol

from softsym.errors import ContradictoryAssumptionsError
from softsym.kernel.linear import feasible
from softsym.kernel.positivity import positive_symbols
from softsym.kernel.sums import normalize_sums
from softsym.lang.relations import realify_relation, relation_text
from softsym.lang.traversal import substitute

__all__ = ["Assumptions"]

_SMALL = 200
"""Equalities with at most this many operations are expanded and solved symbolically..."""
_MAX_POWER = 6
"""... unless they hold a power of a sum above this one."""


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
    def of(cls, relations: Iterable[Any] | Assumptions | None) -> Assumptions:
        """Prepare assumptions given as SymPy relations (``T > 0``, ``Eq(y1 + y2, 1)``).

        Text is not read here: :func:`softsym.assume` reads text assumptions
        (with the safe parser) and calls this.

        Raises:
            ParseError: An assumption is not a comparison.
            TypeError: An assumption is text.
            ContradictoryAssumptionsError: The assumptions cannot hold together.
        """
        if isinstance(relations, Assumptions):
            return relations
        stated = []
        for rel in relations or ():
            if isinstance(rel, str):
                raise TypeError(
                    f"Assumptions.of takes relations; read text with softsym.assume (got {rel!r})"
                )
            stated.append(realify_relation(rel))
        return cls._prepare(tuple(stated))

    @classmethod
    def _prepare(cls, stated: tuple[Any, ...]) -> Assumptions:
        subs: dict[Symbol, Expr] = {}
        sum_subs: dict[Expr, Expr] = {}
        unused = []
        inequalities = []
        for rel in stated:
            if isinstance(rel, sympy.Eq):
                expr = (rel.lhs - rel.rhs).xreplace(subs)
                small = _cheap_to_expand(expr)
                if small:  # expanding (1 + y + z)**300 would not end
                    expr = sympy.expand(expr)
                if expr.is_Number and expr != 0:
                    raise ContradictoryAssumptionsError(
                        f"the assumptions contradict each other: {relation_text(rel)} "
                        "cannot hold together with the equalities before it"
                    )
                var = _linear_variable(expr)
                if var is None:
                    solved = _solve_for_sum(expr, sum_subs) if small else None
                    if solved is not None:
                        sum_subs[solved[0]] = solved[1]
                    elif expr != 0:
                        unused.append(rel)
                    continue
                # linear in var with a numeric coefficient: expr = c·var + expr|var=0
                value = -expr.xreplace({var: 0}) / expr.diff(var)
                subs = {k: v.xreplace({var: value}) for k, v in subs.items()}
                subs[var] = value
                sum_subs = {
                    normalize_sums(k.xreplace({var: value})): v.xreplace({var: value})
                    for k, v in sum_subs.items()
                }
            else:
                inequalities.append(rel)
        substituted = [rel.xreplace(subs) for rel in inequalities]
        if sympy.false in substituted or feasible(substituted) is False:
            raise ContradictoryAssumptionsError(
                "the assumptions contradict each other: no real values satisfy "
                + " and ".join(relation_text(rel) for rel in stated)
            )
        positive = positive_symbols(inequalities)
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
        return tuple(relation_text(rel) for rel in self.stated)

    def substitute(self, expr: Expr) -> Expr:
        """Eliminate the solved symbols from ``expr``."""
        return substitute(expr, dict(self.substitution)) if self.substitution else expr

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

    def interior_at(self, point: dict[Symbol, Expr]) -> bool | None:
        """Whether every stated inequality holds strictly at a point of the free symbols.

        Returns:
            ``True`` or ``False``; ``None`` when the assumptions hold on a surface
            (an equality that was not solved, or one on a sum), where "interior"
            is not decided by a point.
        """
        if self.sum_substitution or self.unused_equalities:
            return None
        full = self.complete_point(point)
        for rel in self.inequalities:
            strict = {sympy.Ge: sympy.Gt, sympy.Le: sympy.Lt}.get(type(rel), type(rel))
            value = strict(rel.lhs, rel.rhs).xreplace(full)
            if value is not sympy.true:
                return False
        return True

    def complete_point(self, point: dict[Symbol, Expr]) -> dict[Symbol, Expr]:
        """Add the eliminated symbols' values to a point."""
        full = dict(point)
        for var, value in self.substitution:
            full[var] = value.xreplace(point)
        return full


def _cheap_to_expand(expr: Expr) -> bool:
    """Whether expanding ``expr`` stays small: few operations, no high power of a sum."""
    if sympy.count_ops(expr) > _SMALL:
        return False
    return not any(
        p.base.is_Add and p.exp.is_Integer and abs(p.exp) > _MAX_POWER
        for p in expr.atoms(sympy.Pow)
    )


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

    The sums are taken in normal form (:func:`softsym.kernel.sums.normalize_sums`),
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
