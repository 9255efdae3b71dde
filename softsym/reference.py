"""Reference implementations: each definition as plain NumPy code.

These are the functions a course hands out beside the math. Each works on
floats and on NumPy arrays (the vector functions take a 1-D array of logits),
and each is checked against its SymPy definition by
:func:`softsym.tools.implementation.check_implementation` in the test suite. The
exported documents typeset them with latexify-py under the theorems that are
about them (see :func:`implementations_for`).

>>> float(sigmoid(0.0))
0.5
>>> round(float(logsumexp_stable(np.array([1000.0, 1000.0]))), 6)
1000.693147
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import latexify
import numpy as np
import sympy

from softsym.lang import functions as sf

__all__ = [
    "REFERENCE",
    "ReferenceFunction",
    "bce_with_logits",
    "binary_cross_entropy",
    "cross_entropy",
    "implementations_for",
    "log_softmax",
    "logit",
    "logsumexp",
    "logsumexp_stable",
    "reference_function",
    "sigmoid",
    "softmax",
    "softmax_stable",
    "softplus",
]


def sigmoid(z: Any) -> Any:
    """The logistic sigmoid 1/(1 + exp(-z))."""
    return 1 / (1 + np.exp(-z))


def softplus(z: Any) -> Any:
    """The softplus log(1 + exp(z)), with log1p for small exp(z)."""
    return np.log1p(np.exp(z))


def logit(p: Any) -> Any:
    """The logit log(p/(1 - p)) of a probability p in (0, 1)."""
    return np.log(p / (1 - p))


def softmax(z: Any) -> Any:
    """The softmax exp(z_i)/sum_k exp(z_k) of a vector of logits, as defined."""
    e = np.exp(z)
    return e / np.sum(e)


def softmax_stable(z: Any) -> Any:
    """The softmax with the largest logit subtracted first, so no exp overflows."""
    m = np.max(z)
    e = np.exp(z - m)
    return e / np.sum(e)


def logsumexp(z: Any) -> Any:
    """The log-sum-exp log(sum_k exp(z_k)) of a vector of logits, as defined."""
    return np.log(np.sum(np.exp(z)))


def logsumexp_stable(z: Any) -> Any:
    """The log-sum-exp with the largest logit m subtracted: m + log(sum_k exp(z_k - m))."""
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m)))


def log_softmax(z: Any) -> Any:
    """The log-softmax z_i - logsumexp(z), computed with the stable log-sum-exp."""
    return z - logsumexp_stable(z)


def cross_entropy(p: Any, y: Any) -> Any:
    """The cross-entropy -sum_k y_k log(p_k) of a prediction p and a target y."""
    return -np.sum(y * np.log(p))


def binary_cross_entropy(p: Any, y: Any) -> Any:
    """The binary cross-entropy -(y log(p) + (1 - y) log(1 - p))."""
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_with_logits(z: Any, y: Any) -> Any:
    """Binary cross-entropy of sigmoid(z), stable for any logit: no exp overflows."""
    return np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))


@dataclass(frozen=True)
class ReferenceFunction:
    """A reference implementation and the definition it implements.

    Attributes:
        name: The function's name in :mod:`softsym.reference` (``"sigmoid"``).
        function: The Python function.
        definition: The name of the definition it computes, as
            :func:`softsym.check_implementation` knows it (``"logsumexp"`` for
            ``logsumexp_stable``).
    """

    name: str
    function: Callable[..., Any]
    definition: str

    @property
    def latex(self) -> str:
        """The function typeset by latexify-py (math only, no ``$`` delimiters)."""
        return _latexify(self.function)

    @property
    def source(self) -> str:
        """The function's Python source."""
        return inspect.getsource(self.function)


REFERENCE: tuple[ReferenceFunction, ...] = (
    ReferenceFunction("sigmoid", sigmoid, "sigmoid"),
    ReferenceFunction("softplus", softplus, "softplus"),
    ReferenceFunction("logit", logit, "logit"),
    ReferenceFunction("softmax", softmax, "softmax"),
    ReferenceFunction("softmax_stable", softmax_stable, "softmax"),
    ReferenceFunction("logsumexp", logsumexp, "logsumexp"),
    ReferenceFunction("logsumexp_stable", logsumexp_stable, "logsumexp"),
    ReferenceFunction("log_softmax", log_softmax, "log_softmax"),
    ReferenceFunction("cross_entropy", cross_entropy, "cross_entropy"),
    ReferenceFunction("binary_cross_entropy", binary_cross_entropy, "binary_cross_entropy"),
    ReferenceFunction("bce_with_logits", bce_with_logits, "bce_with_logits"),
)
"""Every reference implementation, in the order the documents show them."""

# latexify prints np.maximum(z, 0) as "maximum"; "max" is what a reader expects.
_LATEXIFY_OPTIONS: dict[str, Any] = {
    "prefixes": {"np", "numpy", "math"},
    "identifiers": {"maximum": "max", "minimum": "min"},
    "use_math_symbols": True,
}


@cache
def _latexify(fn: Callable[..., Any]) -> str:
    return str(latexify.get_latex(fn, **_LATEXIFY_OPTIONS))


def reference_function(name: str) -> ReferenceFunction:
    """Return the reference implementation called ``name``.

    Raises:
        KeyError: No reference implementation has that name; the message lists them.
    """
    for ref in REFERENCE:
        if ref.name == name:
            return ref
    known = ", ".join(r.name for r in REFERENCE)
    raise KeyError(f"no reference implementation {name!r} (known: {known})")


# The softsym function classes a claim can mention, and the reference
# implementations shown for each, stable variants beside the definitions.
_BY_FUNCTION: tuple[tuple[type, tuple[str, ...]], ...] = (
    (sf.sigmoid, ("sigmoid",)),
    (sf.softplus, ("softplus",)),
    (sf.logit, ("logit",)),
    (sf.softmax_component, ("softmax", "softmax_stable")),
    (sf.logsumexp, ("logsumexp", "logsumexp_stable")),
    (sf.log_softmax_component, ("log_softmax",)),
    (sf.cross_entropy, ("cross_entropy",)),
    (sf.binary_cross_entropy, ("binary_cross_entropy",)),
)


def implementations_for(lhs: Any, rhs: Any) -> tuple[ReferenceFunction, ...]:
    """Return the reference implementations of the functions a claim ``lhs = rhs`` is about.

    A claim is about the outermost softsym functions of each side (those not
    inside another softsym function), left-hand side first; a binary
    cross-entropy of a sigmoid also brings in :func:`bce_with_logits`.

    >>> from softsym.lang.functions import sigmoid as s, softmax as sm
    >>> from softsym.lang.symbols import real_symbols
    >>> z1, z2 = real_symbols("z1 z2")
    >>> [r.name for r in implementations_for(sm(z1, z2)[0], s(z1 - z2))]
    ['softmax', 'softmax_stable', 'sigmoid']
    """
    names: dict[str, None] = {}

    def visit(node: Any) -> None:
        if not isinstance(node, sf.SoftsymFunction):
            for arg in node.args:
                visit(arg)
            return
        for cls, refs in _BY_FUNCTION:
            if isinstance(node, cls):
                names.update(dict.fromkeys(refs))
        if isinstance(node, sf.binary_cross_entropy) and isinstance(node.args[0], sf.sigmoid):
            names["bce_with_logits"] = None

    for side in (lhs, rhs):
        visit(sympy.sympify(side, strict=True))
    return tuple(reference_function(n) for n in names)
