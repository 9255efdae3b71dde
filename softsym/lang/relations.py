"""Relations as stated assumptions: which comparisons, how they print, kept with their text."""

from __future__ import annotations

from typing import Any

import sympy

from softsym.errors import ParseError
from softsym.lang.symbols import realify

__all__ = ["RELATIONS", "StatedRelation", "realify_relation", "relation_text"]

RELATIONS = (sympy.Eq, sympy.Gt, sympy.Ge, sympy.Lt, sympy.Le)
"""The comparisons an assumption may be."""

_OPERATORS = {sympy.Eq: "=", sympy.Gt: ">", sympy.Ge: ">=", sympy.Lt: "<", sympy.Le: "<="}


def relation_text(rel: Any) -> str:
    """Return a relation as text in the input syntax, e.g. ``T > 0``."""
    return f"{rel.lhs} {_OPERATORS[type(rel)]} {rel.rhs}"


def realify_relation(rel: Any) -> Any:
    """Return the relation with every symbol real (integer symbols stay integer).

    Raises:
        ParseError: ``rel`` is not one of the comparisons in :data:`RELATIONS`.
    """
    if not isinstance(rel, RELATIONS):
        raise ParseError(f"an assumption must be a comparison such as T > 0 (got {rel!r})")
    return rel.func(realify(rel.lhs), realify(rel.rhs))


class StatedRelation(str):
    """An assumption given as a SymPy relation, which behaves as its text.

    The text syntax cannot write every assumption, e.g. an equality on a sum
    ``Sum(y[k], (k, 1, K)) = 1``. A derivation keeps such an assumption as
    this value: text for display and JSON, while the checker uses the
    relation itself rather than parsing the text.

    Attributes:
        relation: The relation, with every symbol real (integer symbols stay integer).
    """

    relation: Any

    def __new__(cls, relation: Any) -> StatedRelation:
        """Wrap a relation such as ``Eq(Sum(y[k], (k, 1, K)), 1)``.

        Raises:
            ParseError: ``relation`` is not a comparison.
        """
        rel = realify_relation(relation)
        obj = super().__new__(cls, relation_text(rel))
        obj.relation = rel
        return obj
