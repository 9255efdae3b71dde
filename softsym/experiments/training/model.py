"""The networks: heads with SymPy-differentiated losses, the backward pass, one step."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from numpy.typing import NDArray

from softsym.experiments.training.config import Head, HeadKind
from softsym.lang.functions import binary_cross_entropy, cross_entropy, sigmoid, softmax, unfold

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Params:
    """Parameters of one network. The arrays are never modified in place.

    Attributes:
        hidden_weight: ``W``, shape ``(features, hidden)``.
        hidden_bias: ``c``, shape ``(hidden,)``.
        head_weight: Shape ``(hidden, k)``: columns ``w1, w2`` (k = 2) or ``w`` (k = 1).
        head_bias: Shape ``(k,)``: ``b1, b2`` or ``b``.
    """

    hidden_weight: Array
    hidden_bias: Array
    head_weight: Array
    head_bias: Array

    def arrays(self) -> tuple[Array, Array, Array, Array]:
        """Return the four arrays in a fixed order."""
        return (self.hidden_weight, self.hidden_bias, self.head_weight, self.head_bias)


# --- the heads: symbolic losses, differentiated by SymPy --------------------------------

_Z, _Z1, _Z2, _Y = sympy.symbols("z z1 z2 y", real=True)


def symbolic_loss(kind: HeadKind) -> tuple[Any, tuple[Any, ...]]:
    """Return the per-sample loss of a head as a softsym expression, and its logits.

    These are the losses the catalog's theorems are about: softmax cross-entropy
    ``cross_entropy(softmax(z1, z2), [1 - y, y])`` and binary cross-entropy
    ``binary_cross_entropy(σ(z2 − z1), y)`` or ``binary_cross_entropy(σ(z), y)``.

    Raises:
        ValueError: Unknown head.
    """
    head = Head.parse(kind)
    if head is Head.SOFTMAX:
        return cross_entropy(softmax(_Z1, _Z2), [1 - _Y, _Y]), (_Z1, _Z2)
    if head is Head.SIGMOID_DIFFERENCE:
        return binary_cross_entropy(sigmoid(_Z2 - _Z1), _Y), (_Z1, _Z2)
    return binary_cross_entropy(sigmoid(_Z), _Y), (_Z,)


@functools.cache
def _compiled_gradient(head: Head) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """Lambdify ``∂ℓ/∂z`` of a head, once per label.

    The label is substituted before simplifying: for ``y = 0`` and ``y = 1`` SymPy
    returns quotients of sums of exponentials without a subtraction, which NumPy
    evaluates to a few ulps, where the general form ``p − y`` would cancel.
    """
    loss, logits = symbolic_loss(head)
    loss = unfold(loss)
    compiled = []
    for label in (0, 1):
        derivatives = [sympy.simplify(sympy.diff(loss, v).subs(_Y, label)) for v in logits]
        compiled.append(sympy.lambdify(logits, derivatives, modules="numpy"))
    return compiled[0], compiled[1]


def _head_input(kind: HeadKind, z: Array, y: Array) -> tuple[Head, Array, Array]:
    """Return the head, ``z`` and ``y`` as float64 arrays, checked against each other."""
    head = Head.parse(kind)
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if z.ndim != 2 or z.shape[1] != head.width:
        raise ValueError(f"z must have shape (n, {head.width}) for {head.value!r} (got {z.shape})")
    if y.shape != (z.shape[0],):
        raise ValueError(f"y must have shape ({z.shape[0]},) (got {y.shape})")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold labels 0 and 1 only")
    return head, z, y


def head_loss_gradient(kind: HeadKind, z: Array, y: Array) -> Array:
    """Return ``∂ℓ/∂z`` of one sample's loss, for every sample.

    The derivative is SymPy's: the symbolic loss (plain ``exp`` and ``log``) is
    differentiated and lambdified once per head, on first use.

    Args:
        kind: The head.
        z: Logits, shape ``(n, 2)`` (columns ``z1, z2``) or ``(n, 1)`` for ``SIGMOID``.
        y: Labels 0 or 1, shape ``(n,)``.

    Returns:
        An array shaped like ``z``.

    Raises:
        ValueError: Unknown head, wrong shapes, or labels other than 0 and 1.
    """
    head, z, y = _head_input(kind, z, y)
    grad = np.empty_like(z)
    for label, function in enumerate(_compiled_gradient(head)):
        rows = y == label
        if rows.any():
            columns = function(*(z[rows, j] for j in range(z.shape[1])))
            for j, column in enumerate(columns):
                grad[rows, j] = column
    return grad


def _softplus(x: Array) -> Array:
    return np.logaddexp(0.0, x)


def head_loss(kind: HeadKind, z: Array, y: Array) -> Array:
    """Return the loss ``ℓ`` of every sample, computed stably in NumPy.

    Binary cross-entropy of ``σ(d)`` is written ``y·softplus(−d) + (1 − y)·softplus(d)``
    and two-class softmax cross-entropy ``(1 − y)·softplus(z2 − z1) + y·softplus(z1 − z2)``,
    so a confident correct sample keeps its small loss to full relative precision.

    Args:
        kind: The head.
        z: Logits, shape ``(n, 2)`` or ``(n, 1)`` for ``SIGMOID``.
        y: Labels 0 or 1, shape ``(n,)``.

    Returns:
        Shape ``(n,)``.

    Raises:
        ValueError: Unknown head, wrong shapes, or labels other than 0 and 1.
    """
    head, z, y = _head_input(kind, z, y)
    if head is Head.SOFTMAX:
        return (1 - y) * _softplus(z[:, 1] - z[:, 0]) + y * _softplus(z[:, 0] - z[:, 1])
    d = z[:, 0] if head is Head.SIGMOID else z[:, 1] - z[:, 0]
    return y * _softplus(-d) + (1 - y) * _softplus(d)


# --- backpropagation by hand ----------------------------------------------------------


def loss_and_gradients(kind: HeadKind, params: Params, x: Array, y: Array) -> tuple[float, Params]:
    """Return the mean loss ``L`` and its gradient with respect to every parameter.

    Args:
        kind: The head.
        params: The network.
        x: Inputs, shape ``(n, features)``.
        y: Labels 0 or 1, shape ``(n,)``.

    Returns:
        ``(L, ∇L)``, the gradient laid out like ``params``. No weight decay here.
    """
    n = x.shape[0]
    a = np.tanh(x @ params.hidden_weight + params.hidden_bias)
    z = a @ params.head_weight + params.head_bias
    loss = float(np.mean(head_loss(kind, z, y)))
    dz = head_loss_gradient(kind, z, y) / n  # ∂L/∂z, L being the mean
    da = dz @ params.head_weight.T
    dpre = da * (1.0 - a * a)  # tanh' = 1 − tanh²
    grad = Params(
        hidden_weight=x.T @ dpre,
        hidden_bias=dpre.sum(axis=0),
        head_weight=a.T @ dz,
        head_bias=dz.sum(axis=0),
    )
    return loss, grad


def _step(
    params: Params, grad: Params, lr: float, decay: float, head_lr: float, head_decay: float
) -> Params:
    """One step ``θ ← θ − η(∇L + λθ)``: rate and decay ``(lr, decay)`` below the head."""

    def update(theta: Array, g: Array, rate: float, lam: float) -> Array:
        return theta - rate * (g + lam * theta)

    return Params(
        hidden_weight=update(params.hidden_weight, grad.hidden_weight, lr, decay),
        hidden_bias=update(params.hidden_bias, grad.hidden_bias, lr, decay),
        head_weight=update(params.head_weight, grad.head_weight, head_lr, head_decay),
        head_bias=update(params.head_bias, grad.head_bias, head_lr, head_decay),
    )
