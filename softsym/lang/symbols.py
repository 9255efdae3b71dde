"""Symbols as softsym uses them: every symbol is real, nothing else is assumed."""

from __future__ import annotations

import functools
from typing import Any

import sympy
from sympy import Basic, Expr, Symbol

from softsym.lang.traversal import free_symbols, substitute

__all__ = ["real_symbols", "realify", "scalar"]


def real_symbols(names: str) -> Any:
    """Return real symbols, like ``sympy.symbols(names, real=True)``.

    >>> z1, z2 = real_symbols("z1 z2")
    >>> z1.is_real
    True
    """
    return sympy.symbols(names, real=True)


def realify(expr: Any) -> Expr:
    """Replace every symbol by a real symbol of the same name and no other assumption.

    The checker uses only stated assumptions, so a symbol declared
    ``positive=True`` by the caller is treated as merely real. Symbols declared
    ``integer=True`` (indices such as i, j, K) stay integer symbols: that is
    their type, not an assumption about their value.
    """
    expr = sympy.sympify(expr, strict=True)
    return _realified(expr) if isinstance(expr, sympy.Basic) else expr


@functools.lru_cache(maxsize=1024)
def _realified(expr: Basic) -> Expr:
    """:func:`realify` of an expression, each once.

    A side is realified when it is read, when it is checked and when its domain
    is computed; expressions are immutable values.
    """
    mapping = {}
    for s in free_symbols(expr):
        if isinstance(s, Symbol) and not isinstance(s, sympy.Dummy):
            new = Symbol(s.name, integer=True) if s.is_integer else Symbol(s.name, real=True)
            # Symbols are equal when name and assumptions are (SymPy's symbol cache may
            # hand out a fresh but equal object); replacing a symbol by an equal one
            # would rebuild, and so re-evaluate, an unevaluated expression.
            if new != s:
                mapping[s] = new
    return substitute(expr, mapping) if mapping else expr


def scalar(value: Any, what: str, error: type[Exception] = TypeError) -> Expr:
    """Return ``value`` as a scalar SymPy expression, converting numbers only (never text).

    Args:
        value: An expression or a number.
        what: What the value is, for the message (``"a step"``).
        error: The exception class to raise.

    Raises:
        error: ``value`` is not an expression or a number, or is a vector or matrix.
    """
    try:
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        raise error(f"{what} must be a SymPy expression (got {value!r})") from exc
    if not isinstance(expr, Expr):
        raise error(f"{what} must be a scalar expression (got {type(expr).__name__})")
    return expr
