r"""Read LaTeX math as softsym expressions: formulas, relations, definitions, macros.

>>> from softsym.lang.latex import read_latex, split_relations
>>> read_latex(r"\frac{1}{1 + e^{-z}}").expr
1/(1 + exp(-z))
>>> [s.relation for s in split_relations(r"\sigma'(z) = \sigma(z)(1 - \sigma(z)) \approx 0.25")]
['eq', 'approx', None]

The conventions of the reader are in :mod:`softsym.lang.latex.reader` and ``docs/latex.md``.
"""

from __future__ import annotations

from softsym.lang.latex.context import DefinitionHead, TexContext
from softsym.lang.latex.reader import (
    VECTOR_VALUED,
    ReadingKey,
    TexReading,
    definition_head,
    mixed_roles,
    read_latex,
    read_sides,
    readings,
    remember,
)
from softsym.lang.latex.relations import RELATION_KINDS, TexSegment, split_relations

__all__ = [
    "RELATION_KINDS",
    "VECTOR_VALUED",
    "DefinitionHead",
    "ReadingKey",
    "TexContext",
    "TexReading",
    "TexSegment",
    "definition_head",
    "mixed_roles",
    "read_latex",
    "read_sides",
    "readings",
    "remember",
    "split_relations",
]
