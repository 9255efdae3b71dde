"""The one registry of softsym's function names: how each is written, built and printed.

The text parser (:mod:`softsym.lang.parser`) reads these names, the renderers
estimate printed widths from them, and a future reader of other notations
looks them up here, so a new function is added in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from softsym.lang import functions as sf

__all__ = ["NAMES", "FunctionName", "by_class", "by_latex", "by_name"]


@dataclass(frozen=True)
class FunctionName:
    r"""One function of softsym's vocabulary.

    Attributes:
        name: The name in the input syntax (``"sigmoid"``).
        build: What a call builds: the SymPy function, or for a vector function
            the Python function returning the vector.
        arity: The number of arguments, or ``None`` for one or more.
        vector: Whether a call gives a vector, to be indexed (``softmax(z1, z2)[0]``).
        cls: The SymPy class that the expression holds (for a vector, its entries').
        short: How wide it prints, as a name of that many characters (``"σ"``).
        latex: How LaTeX writes it, as the LaTeX reader's names: ``"sigma"`` for
            ``\sigma``, ``"softmax"`` for ``\operatorname{softmax}`` (and plain ``softmax``).
    """

    name: str
    build: Callable[..., Any]
    arity: int | None
    vector: bool
    cls: type
    short: str
    latex: tuple[str, ...] = ()


NAMES: tuple[FunctionName, ...] = (
    FunctionName("sigmoid", sf.sigmoid, 1, False, sf.sigmoid, "σ", ("sigma", "sigmoid")),
    FunctionName("softplus", sf.softplus, 1, False, sf.softplus, "softplus", ("softplus",)),
    FunctionName("logit", sf.logit, 1, False, sf.logit, "logit", ("logit",)),
    FunctionName(
        "logsumexp", sf.logsumexp, None, False, sf.logsumexp, "logsumexp", ("logsumexp", "LSE")
    ),
    FunctionName("softmax", sf.softmax, None, True, sf.softmax_component, "softmax", ("softmax",)),
    FunctionName(
        "log_softmax",
        sf.log_softmax,
        None,
        True,
        sf.log_softmax_component,
        "logsoftmax",
        ("logsoftmax", "log_softmax"),
    ),
    FunctionName("cross_entropy", sf.cross_entropy, 2, False, sf.cross_entropy, "CE", ("CE",)),
    FunctionName(
        "binary_cross_entropy",
        sf.binary_cross_entropy,
        2,
        False,
        sf.binary_cross_entropy,
        "BCE",
        ("BCE",),
    ),
)
"""Every softsym function, in the order the documentation lists them."""

_BY_NAME = {f.name: f for f in NAMES}
_BY_CLASS = {f.cls: f for f in NAMES}
_BY_LATEX = {spelling: f for f in NAMES for spelling in f.latex}


def by_name(name: str) -> FunctionName | None:
    """Return the function written ``name`` in the input syntax, or ``None``."""
    return _BY_NAME.get(name)


def by_class(cls: type) -> FunctionName | None:
    """Return the function whose expressions are of class ``cls``, or ``None``."""
    return _BY_CLASS.get(cls)


def by_latex(name: str) -> FunctionName | None:
    """Return the function that the LaTeX reader's name ``name`` (``"sigma"``) stands for."""
    return _BY_LATEX.get(name)
