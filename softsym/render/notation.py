r"""How softsym writes formulas in LaTeX: one printer for every document.

:class:`NotationPrinter` is SymPy's LaTeX printer (softsym's functions print
themselves through their ``_latex`` hooks) with two changes a teacher expects:

* an indexed weight whose name ends in a digit prints with one subscript:
  ``w1[j]`` is ``w_{1,j}``, not ``{w_{1}}_{j}``;
* a parenthesis that follows a function name sits next to it:
  ``\operatorname{softmax}\mathopen{}\left(z\right)\mathclose{}`` has no gap
  between "softmax" and "(" (``\left`` alone makes an inner atom, which TeX
  spaces like an operator).
"""

from __future__ import annotations

import re
from typing import Any

from sympy import Expr, Indexed, Symbol
from sympy.printing.latex import LatexPrinter

__all__ = ["NotationPrinter", "latex", "tidy", "tidy_indices"]

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
