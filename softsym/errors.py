"""Exceptions raised by softsym.

Each exception subclasses both :class:`SoftsymError` and the builtin it
refines, so callers can catch either. Only the CLI turns them into messages
and exit codes.
"""

from __future__ import annotations

__all__ = [
    "ContradictoryAssumptionsError",
    "DerivationError",
    "DocumentError",
    "ExportError",
    "ImplementationError",
    "LatexReadError",
    "OptionError",
    "ParseError",
    "SoftsymError",
    "TrainingDivergedError",
    "UnknownDerivationError",
    "UserCodeError",
    "describe",
]


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


class LatexReadError(ParseError):
    r"""LaTeX math could not be read as an expression.

    The message reads like ``column 14: expected '}' after '\frac{1}{1+e^{-x}'``.

    Attributes:
        position: 0-based character offset in the source where reading stopped.
        expected: What the reader expected there (``"'}'"``, ``"an expression"``).
    """

    def __init__(self, message: str, text: str = "", position: int = 0, expected: str = "") -> None:
        self.position = position
        self.expected = expected
        ParseError.__init__(self, message, text, None)
        self.column = position


class DerivationError(SoftsymError, ValueError):
    """A derivation (or a derivation file) is malformed."""


class DocumentError(SoftsymError, ValueError):
    """A document for ``check-tex`` cannot be used.

    The file is missing or not UTF-8, a notebook is broken, or a ``softsym:``
    directive is unknown or malformed.
    """


class UnknownDerivationError(SoftsymError, LookupError):
    """A derivation name is not in the catalog."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown derivation"


class ExportError(SoftsymError, RuntimeError):
    """An export failed: no TeX engine, a LaTeX error, or an output folder that cannot be used."""


class OptionError(SoftsymError, ValueError):
    """A command-line option has a bad value, or asks for what the command cannot do.

    For the checks argparse cannot make: options that do not fit together
    (``--standalone`` without ``--format tex``), or values only the command
    can judge (a training setting, a plot without matplotlib).
    """


class ImplementationError(SoftsymError, ValueError):
    """An implementation cannot be loaded or run on symbols, or the definition is unknown."""


class UserCodeError(SoftsymError, RuntimeError):
    """The user's code did not run to its end in the child process that runs it.

    A derivation file being imported, or a function run by ``check-impl``, exceeded
    the time or memory limit, ended the process, raised an exception that is not
    an :class:`Exception` (``KeyboardInterrupt``), or returned values that cannot
    be passed back. The message names the file or function.
    """


class TrainingDivergedError(SoftsymError, FloatingPointError):
    """A loss or a parameter left the float64 range during training."""


class ContradictoryAssumptionsError(SoftsymError, ValueError):
    """The stated assumptions cannot all hold (``x > 0`` and ``x < 0``; ``x = 1`` and ``x = 2``)."""


def describe(exc: BaseException) -> str:
    """Name an exception and its message in one phrase: ``"NameError: name 'x' is not defined"``.

    Only the class name when the message is empty (``"MemoryError"``).
    """
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
