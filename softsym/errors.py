"""Exceptions raised by softsym.

Each exception subclasses both :class:`SoftsymError` and the builtin it
refines, so callers can catch either. Only the CLI turns them into messages
and exit codes.
"""

from __future__ import annotations

__all__ = ["DerivationError", "ParseError", "SoftsymError", "UnknownDerivationError"]


class SoftsymError(Exception):
    """Base class of every error softsym raises on purpose."""


class ParseError(SoftsymError, ValueError):
    """User text could not be read as an expression.

    Attributes:
        text: The text that was parsed.
        column: 0-based column of the offending token, or ``None``.
    """

    def __init__(self, message: str, text: str = "", column: int | None = None) -> None:
        self.text = text
        self.column = column
        where = f" at column {column + 1}" if column is not None else ""
        super().__init__(f"{message}{where}")


class DerivationError(SoftsymError, ValueError):
    """A derivation (or a derivation file) is malformed."""


class UnknownDerivationError(SoftsymError, LookupError):
    """A derivation name is not in the catalog."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown derivation"
