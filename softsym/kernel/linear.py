"""Exact linear feasibility over the rationals: the kernel's one linear-arithmetic routine.

Case splitting (:mod:`softsym.kernel.cases`) drops cases whose region is empty,
and the sum normal form (:mod:`softsym.kernel.sums`) asks whether an index
range is nonempty. Both ask the same question of a few linear
(in)equalities, answered here by Fourier–Motzkin elimination: each row says
``Σ c_v v + c_0 > 0`` (strict) or ``≥ 0``; eliminating a variable combines
every row where it has a positive coefficient with every row where it has a
negative one, which preserves feasibility exactly. Anything that is not a
linear (in)equality in symbols with rational coefficients gives ``None``
("cannot say"), never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy
from sympy import Symbol

from softsym.kernel.deadline import check_deadline

__all__ = ["feasible", "implied"]

_Row = tuple[dict[Symbol, sympy.Rational], sympy.Rational, bool]
_MAX_ROWS = 400
_STRICT = {sympy.Ge: sympy.Gt, sympy.Le: sympy.Lt}


def feasible(relations: Sequence[Any], *, interior: bool = False) -> bool | None:
    """Decide exactly whether linear (in)equalities have a common real solution.

    Args:
        relations: Relationals (``sympy.true``/``sympy.false`` are allowed).
        interior: Ask instead whether the solution set has a nonempty interior:
            every inequality is made strict, and an equality that is not
            trivially true makes it empty.

    Returns:
        ``True`` or ``False``; ``None`` when a relation is not a linear
        (in)equality in symbols, or the elimination grows too large.
    """
    rows: list[_Row] = []
    for rel in relations:
        if rel is sympy.true:
            continue
        if rel is sympy.false:
            return False
        if interior and type(rel) in _STRICT:
            rel = _STRICT[type(rel)](rel.lhs, rel.rhs)
        parsed = _rows(rel)
        if parsed is None:
            return None
        if interior and isinstance(rel, sympy.Eq) and any(c for c in parsed[0][0].values()):
            return False
        rows.extend(parsed)
    variables = sorted({v for coeffs, _, _ in rows for v in coeffs}, key=sympy.default_sort_key)
    for v in variables:
        check_deadline()
        up = [r for r in rows if r[0].get(v, 0) > 0]
        down = [r for r in rows if r[0].get(v, 0) < 0]
        rows = [r for r in rows if r[0].get(v, 0) == 0]
        for cu, ku, su in up:
            for cd, kd, sd in down:
                p, q = -cd[v], cu[v]
                coeffs = {x: p * cu.get(x, 0) + q * cd.get(x, 0) for x in {*cu, *cd} - {v}}
                rows.append(
                    ({x: c for x, c in coeffs.items() if c != 0}, p * ku + q * kd, su or sd)
                )
        if len(rows) > _MAX_ROWS:
            return None
    return all(k > 0 or (k == 0 and not strict) for _, k, strict in rows)


def implied(relation: Any, context: Sequence[Any]) -> bool:
    """Whether a linear (in)equality follows from the context over the reals.

    Following over the reals implies following over the integers, so this
    is a sound test for integer indices too. Anything nonlinear is not implied.
    """
    if relation is sympy.true:
        return True
    if not isinstance(relation, sympy.core.relational.Relational):
        return False
    return feasible([*context, relation.negated]) is False


def _rows(rel: Any) -> list[_Row] | None:
    """A relation as rows ``Σ c_v v + c_0 (> or ≥) 0``, or None if it is not linear."""
    ops = {sympy.Gt: (1, True), sympy.Ge: (1, False), sympy.Lt: (-1, True), sympy.Le: (-1, False)}
    if isinstance(rel, sympy.Eq):
        sides = [(1, False), (-1, False)]
    elif type(rel) in ops:
        sides = [ops[type(rel)]]
    else:
        return None
    diff = sympy.expand(rel.lhs - rel.rhs)
    if not all(isinstance(s, Symbol) for s in diff.free_symbols):
        return None
    coeffs: dict[Symbol, sympy.Rational] = {}
    constant = sympy.Integer(0)
    for term in sympy.Add.make_args(diff):
        c, rest = term.as_coeff_Mul()
        if not c.is_Rational:
            return None
        if rest == 1:
            constant += c
        elif isinstance(rest, Symbol):
            coeffs[rest] = coeffs.get(rest, 0) + c
        else:
            return None
    return [
        ({v: sign * c for v, c in coeffs.items() if c != 0}, sign * constant, strict)
        for sign, strict in sides
    ]
