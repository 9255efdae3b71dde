r"""How softsym writes formulas in LaTeX: one printer for every document, and abbreviations.

:class:`NotationPrinter` is SymPy's LaTeX printer (softsym's functions print
themselves through their ``_latex`` hooks) with two changes a teacher expects:

* an indexed weight whose name ends in a digit prints with one subscript:
  ``w1[j]`` is ``w_{1,j}``, not ``{w_{1}}_{j}``;
* a parenthesis that follows a function name sits next to it:
  ``\operatorname{softmax}\mathopen{}\left(z\right)\mathclose{}`` has no gap
  between "softmax" and "(" (``\left`` alone makes an inner atom, which TeX
  spaces like an operator).

:func:`abbreviate` shortens an expression with a derivation's abbreviations
(``where z = w·a + b``) for every printer: text, LaTeX and Markdown alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sympy import Add, Basic, Expr, Indexed, IndexedBase, Symbol, preorder_traversal
from sympy.printing.latex import LatexPrinter

from softsym.proofs.derivation import Where

__all__ = [
    "NotationPrinter",
    "Written",
    "abbreviate",
    "latex",
    "tidy",
    "tidy_indices",
    "written",
]

_NUMBERED = re.compile(r"([A-Za-z]+)(\d+)")


class NotationPrinter(LatexPrinter):
    """SymPy's LaTeX printer with softsym's notation for indexed symbols."""

    def _print_Indexed(self, expr: Indexed) -> str:
        indices = ",".join(self._print(i) for i in expr.indices)
        label = str(expr.base.label)
        numbered = _NUMBERED.fullmatch(label)
        if numbered:
            letters = self._print(Symbol(numbered.group(1)))
            return f"{letters}_{{{numbered.group(2)},{indices}}}"
        base = self._print(expr.base)
        if "_" in base or "^" in base:
            base = "{" + base + "}"
        return f"{base}_{{{indices}}}"

    def print_tidy(self, expr: Any) -> str:
        """Print a (sub)expression and tidy its delimiters (:func:`tidy`)."""
        return tidy(self._print(expr))


_LEFT = re.compile(r"(?<!\\mathopen\{\})\\left\(")
_RIGHT = re.compile(r"\\right\)(?!\\mathclose\{\})")


def tidy(tex: str) -> str:
    r"""Make every ``\left(...\right)`` pair space like ordinary parentheses.

    >>> tidy(r"\sigma\left(z\right) y")
    '\\sigma\\mathopen{}\\left(z\\right)\\mathclose{} y'
    """
    return _RIGHT.sub(r"\\right)\\mathclose{}", _LEFT.sub(r"\\mathopen{}\\left(", tex))


_PRINTER = NotationPrinter()


def latex(expr: Expr) -> str:
    r"""Print an expression in softsym's notation.

    >>> from sympy import IndexedBase, Symbol
    >>> latex(IndexedBase("w1")[Symbol("j")])
    'w_{1,j}'
    """
    return _PRINTER.print_tidy(expr)


_NESTED_INDEX = re.compile(r"\{([A-Za-z])_\{?(\d)\}?\}_\{?([A-Za-z0-9])\}?")


def tidy_indices(tex: str) -> str:
    r"""Write an author's ``{w_1}_i`` as ``w_{1,i}``, the way indexed weights print.

    >>> tidy_indices(r"{w_2}_j - {w_1}_j")
    'w_{2,j} - w_{1,j}'
    """
    return _NESTED_INDEX.sub(r"\1_{\2,\3}", tex)


class Written(str):
    r"""A Python-built expression's LaTeX in its source's order, with the expression it reads as.

    A renderer prints the text; where the text cannot be broken to fit a line,
    it prints :attr:`expr`, which it can break anywhere.

    >>> from sympy import Symbol
    >>> w = Written(r"1 + z", Symbol("z") + 1)
    >>> str(w), w.expr
    ('1 + z', z + 1)
    """

    expr: Expr

    def __new__(cls, tex: str, expr: Expr) -> Written:
        """Make the text ``tex`` of ``expr``."""
        made = super().__new__(cls, tex)
        made.expr = expr
        return made


def written(tex: str, expr: Expr, where: Sequence[Where]) -> Written | None:
    r"""The written LaTeX of an expression (:attr:`~softsym.proofs.derivation.Step.written`).

    In softsym's notation (:func:`tidy`, :func:`tidy_indices`); ``None`` when there is
    none, or when the derivation's abbreviations shorten the expression (the
    shortened line is printed then).

    >>> from sympy import Symbol
    >>> written(r"\sigma\left(z\right)", Symbol("z"), [])
    '\\sigma\\mathopen{}\\left(z\\right)\\mathclose{}'
    """
    if not tex or abbreviate(expr, where) != expr:
        return None
    return Written(tidy(tidy_indices(_BRACED_BASE.sub(r"\1_", tex))), expr)


_BRACED_BASE = re.compile(r"(?<![}\w])\{([A-Za-z]|\\[A-Za-z]+)\}_")
"""SymPy's ``{z}_{i}`` for an indexed entry, which softsym prints ``z_{i}`` (not after a
group or a command's argument, where ``{z}_{i}`` puts the index on the group)."""


def abbreviate(expr: Expr, where: Sequence[Where]) -> Expr:
    r"""``expr`` with the abbreviations' expressions replaced by their symbols, where exact.

    The longest abbreviation is tried first. One is used only if the shortened
    expression, with every abbreviation written out again (:meth:`Where.expand`),
    is exactly ``expr``: a line printed with abbreviations stands for exactly
    the expression that was checked. Inside a sum, the terms of an abbreviated
    sum are found among the other terms, with either sign
    (``z_2 - z_1`` in ``b_2 + w_2 \cdot a - b_1 - w_1 \cdot a``).

    >>> from sympy import Symbol
    >>> from softsym.proofs.derivation import Where
    >>> a, b, c = (Symbol(n, real=True) for n in "abc")
    >>> abbreviate(2 * (a + b) + c - a - b, [Where("z", a + b)])
    c + z
    """
    shown = expr
    for w in sorted(where, key=lambda w: -_size(w.expr)):
        candidate = _replace(shown, w.expr, w.symbol)
        if candidate != shown and _expand(candidate, where) == expr:
            shown = candidate
    return shown


def _expand(expr: Expr, where: Sequence[Where]) -> Expr:
    """Every abbreviation written out (their expressions use no abbreviation)."""
    return expr.xreplace({w.symbol: w.expr for w in where})


def _size(expr: Basic) -> int:
    return sum(1 for _ in preorder_traversal(expr))


def _replace(expr: Basic, old: Expr, new: Symbol) -> Basic:
    """``expr`` with ``old`` replaced by ``new``: as a subterm, or as a part of a sum."""
    if expr == old:
        return new
    if not expr.args or isinstance(expr, Indexed | IndexedBase):
        return expr
    args = tuple(_replace(arg, old, new) for arg in expr.args)
    if args != expr.args:
        expr = expr.func(*args)
    if isinstance(expr, Add) and isinstance(old, Add):
        expr = _replace_in_sum(expr, old, new)
    return expr


def _replace_in_sum(expr: Add, old: Add, new: Symbol) -> Expr:
    terms = list(Add.make_args(expr))
    for sign in (1, -1):
        rest = list(terms)
        for term in Add.make_args(old):
            wanted = sign * term
            if wanted not in rest:
                break
            rest.remove(wanted)
        else:
            return Add(*rest, sign * new)
    return expr
