"""Training dynamics of three equivalent two-class heads: networks 0, 1 and 2.

All networks share one architecture below the head, a hidden layer
``a = tanh(x W + c)`` on a small synthetic binary data set. The heads differ:

* network 0: two units ``z1 = a·w1 + b1`` and ``z2 = a·w2 + b2``, output
  ``p = σ(z2 − z1)``, binary cross-entropy with the label ``y``;
* network 1: the same two units, softmax cross-entropy with the one-hot target
  ``(1 − y, y)``, so class 2 is the positive class;
* network 2: one unit ``z = a·w + b``, output ``p = σ(z)``, binary cross-entropy.

Each network has its own copy of every parameter (hidden layer included) and is
trained by full-batch gradient descent in float64. The loss ``L`` is the mean
cross-entropy over the data set. With weight decay ``λ`` the objective is
``L + λ/2 ‖θ‖²`` over **every** parameter: hidden weights ``W``, hidden biases
``c``, head weights and head biases. One step is ``θ ← θ − η(∇L + λθ)``. The
hidden layer always uses the rate ``η`` and decay ``λ`` of the configuration;
only network 2's head gets its own rate and decay.

Networks 0 and 1 start from the same parameters; network 2 starts from the same
hidden layer and ``w = w2 − w1``, ``b = b2 − b1``. The experiment measures what
the symbolic theorems predict:

1. networks 0 and 1 follow the same trajectory (their losses agree as functions
   of ``(z1, z2)``);
2. ``D = w2 − w1`` of network 0 follows network 2 when network 2's head uses the
   rate ``2η`` (and not ``η``);
3. ``S = w1 + w2`` and ``b1 + b2`` are conserved in networks 0 and 1;
4. with weight decay, network 0 at ``(η, λ)`` is network 2 with head ``(2η, λ/2)``,
   and ``S`` shrinks by exactly ``(1 − ηλ)`` per step.

The derivatives ``∂ℓ/∂z`` of the heads are not written by hand: they come from
SymPy (:func:`head_loss_gradient` differentiates the symbolic loss once and
lambdifies it with NumPy); the rest of the backward pass is written out in
:func:`loss_and_gradients`.

>>> report = run(TrainConfig(steps=20, n_samples=50))
>>> report.max_diff_0_vs_1 < 1e-10 and report.max_diff_0_vs_2_double_lr < 1e-10
True
>>> TrainConfig(steps=0)
Traceback (most recent call last):
...
ValueError: steps must be >= 1 (got 0)
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import sympy
from numpy.typing import NDArray

from softsym.errors import SoftsymError
from softsym.functions import binary_cross_entropy, cross_entropy, sigmoid, softmax, unfold

__all__ = [
    "Comparison",
    "HeadKind",
    "Params",
    "TrainConfig",
    "TrainReport",
    "TrainingDivergedError",
    "Trajectory",
    "format_table",
    "head_loss",
    "head_loss_gradient",
    "loss_and_gradients",
    "plot",
    "register",
    "report_to_json",
    "run",
    "symbolic_loss",
    "to_latex_table",
]

Array = NDArray[np.float64]

HeadKind = Literal["sigmoid_difference", "softmax", "sigmoid"]
"""The head of network 0 (``σ(z2 − z1)``), network 1 (softmax) and network 2 (``σ(z)``)."""

ROUNDING_BOUND = 1e-10
"""A difference below this is float rounding."""

APART_BOUND = 1e-3
"""A difference above this is clearly not rounding."""

_EXPECTED_TEXT = {
    "rounding": "rounding level (< 1e-10)",
    "apart": "clearly apart (> 1e-3)",
}
_EXPECTED_LATEX = {
    "rounding": r"rounding level ($< 10^{-10}$)",
    "apart": r"clearly apart ($> 10^{-3}$)",
}
_WIDTH = {"sigmoid_difference": 2, "softmax": 2, "sigmoid": 1}


class TrainingDivergedError(SoftsymError, FloatingPointError):
    """A loss or a parameter left the float64 range during training."""


def _int_field(name: str, value: object, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int (got {value!r} that is a {type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum} (got {value})")


def _float_field(name: str, value: object, *, positive: bool) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"{name} must be a number (got {value!r} that is a {type(value).__name__})")
    number = float(value)
    if positive and not (math.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be finite and > 0 (got {value})")
    if not positive and not (math.isfinite(number) and number >= 0):
        raise ValueError(f"{name} must be finite and >= 0 (got {value})")
    return number


@dataclass(frozen=True)
class TrainConfig:
    """Settings of one training experiment.

    Attributes:
        steps: Number of gradient-descent steps (>= 1).
        lr: Learning rate ``η`` (finite, > 0).
        weight_decay: L2 coefficient ``λ`` (finite, >= 0); see the module docstring.
        seed: Seed of ``numpy.random.default_rng`` for the data and the initial weights.
        n_samples: Number of training points (>= 1).
        hidden: Number of hidden tanh units (>= 1).

    Raises:
        ValueError: A value is out of range.
        TypeError: A value has the wrong type (``lr`` and ``weight_decay`` accept ints
            and store them as floats).
    """

    steps: int = 500
    lr: float = 0.5
    weight_decay: float = 0.0
    seed: int = 0
    n_samples: int = 200
    hidden: int = 8

    def __post_init__(self) -> None:
        _int_field("steps", self.steps, 1)
        object.__setattr__(self, "lr", _float_field("lr", self.lr, positive=True))
        decay = _float_field("weight_decay", self.weight_decay, positive=False)
        object.__setattr__(self, "weight_decay", decay)
        _int_field("seed", self.seed, 0)
        _int_field("n_samples", self.n_samples, 1)
        _int_field("hidden", self.hidden, 1)


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


@dataclass(frozen=True)
class Trajectory:
    """What one network did, step by step (``steps + 1`` entries, the start included).

    Attributes:
        label: Name of the network in tables and plots, e.g. ``"2(2η)"``.
        head_lr: Learning rate of the head.
        head_weight_decay: Weight decay of the head.
        loss: Mean cross-entropy on the training set, without the decay term.
        head_weight: First component of ``D = w2 − w1`` (networks 0 and 1) or of ``w``
            (network 2).
    """

    label: str
    head_lr: float
    head_weight_decay: float
    loss: tuple[float, ...]
    head_weight: tuple[float, ...]


@dataclass(frozen=True)
class Comparison:
    """One measured difference and what the theory expects of it.

    Attributes:
        key: Stable identifier, the name of the :class:`TrainReport` field.
        quantity: Plain-text description.
        latex: The description as LaTeX text (math in ``$...$``).
        value: The measured difference.
        expect: ``"rounding"`` (below :data:`ROUNDING_BOUND`) or ``"apart"`` (above
            :data:`APART_BOUND`).
    """

    key: str
    quantity: str
    latex: str
    value: float
    expect: Literal["rounding", "apart"]

    @property
    def expected(self) -> str:
        """The expectation as text, e.g. ``"rounding level (< 1e-10)"``."""
        return _EXPECTED_TEXT[self.expect]

    @property
    def ok(self) -> bool:
        """Whether the measured value is what the theory expects."""
        if self.expect == "rounding":
            return self.value < ROUNDING_BOUND
        return self.value > APART_BOUND

    @property
    def verdict(self) -> str:
        """``"ok"`` or ``"UNEXPECTED"``."""
        return "ok" if self.ok else "UNEXPECTED"


@dataclass(frozen=True)
class TrainReport:
    """The measured figures of one experiment.

    Every ``max_diff`` is a maximum over all steps ``t = 0..steps`` and over all
    parameters, hidden layer included. For network 2, network 0's head is read as
    ``D = w2 − w1`` and ``b2 − b1``.

    Attributes:
        config: The settings.
        max_diff_0_vs_1: ``max |θ0 − θ1|``.
        max_diff_0_vs_2_same_lr: Network 0 against network 2 with head rate ``η``
            (head decay ``λ``).
        max_diff_0_vs_2_double_lr: Network 0 against network 2 with head rate ``2η``
            and head decay ``λ``: the exact map when ``λ = 0``, not otherwise.
        sum_drift: ``max |S_t − (1 − ηλ)^t S_0|`` over networks 0 and 1, where ``S``
            is ``w1 + w2`` and ``b1 + b2``.
        weight_decay_map_diff: Network 0 at ``(η, λ)`` against network 2 with head
            ``(2η, λ/2)``; the same setting as ``max_diff_0_vs_2_double_lr`` when
            ``λ = 0``, trained separately all the same.
        network_0: Trajectory of network 0.
        network_1: Trajectory of network 1.
        network_2_same_lr: Network 2, head ``(η, λ)``.
        network_2_double_lr: Network 2, head ``(2η, λ)``.
        network_2_mapped: Network 2, head ``(2η, λ/2)``.
    """

    config: TrainConfig
    max_diff_0_vs_1: float
    max_diff_0_vs_2_same_lr: float
    max_diff_0_vs_2_double_lr: float
    sum_drift: float
    weight_decay_map_diff: float
    network_0: Trajectory
    network_1: Trajectory
    network_2_same_lr: Trajectory
    network_2_double_lr: Trajectory
    network_2_mapped: Trajectory

    @property
    def final_loss_0(self) -> float:
        """Final loss of network 0."""
        return self.network_0.loss[-1]

    @property
    def final_loss_1(self) -> float:
        """Final loss of network 1."""
        return self.network_1.loss[-1]

    @property
    def final_loss_2_same_lr(self) -> float:
        """Final loss of network 2 with head rate ``η``."""
        return self.network_2_same_lr.loss[-1]

    @property
    def final_loss_2_double_lr(self) -> float:
        """Final loss of network 2 with head rate ``2η``."""
        return self.network_2_double_lr.loss[-1]

    @property
    def final_loss_2_mapped(self) -> float:
        """Final loss of network 2 with head ``(2η, λ/2)``."""
        return self.network_2_mapped.loss[-1]

    @property
    def trajectories(self) -> tuple[Trajectory, ...]:
        """All five trajectories, network 0 first."""
        return (
            self.network_0,
            self.network_1,
            self.network_2_same_lr,
            self.network_2_double_lr,
            self.network_2_mapped,
        )

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        """The measured differences with their expectations, in table order."""
        decayed = self.config.weight_decay > 0
        double_head = "(2η, λ)" if decayed else "2η"
        double_latex = r"$(2\eta, \lambda)$" if decayed else r"$2\eta$"
        return (
            Comparison(
                "max_diff_0_vs_1",
                "0 vs 1: max |θ0 − θ1|",
                r"0 vs 1: $\max_t |\theta^{(0)}_t - \theta^{(1)}_t|$",
                self.max_diff_0_vs_1,
                "rounding",
            ),
            Comparison(
                "max_diff_0_vs_2_same_lr",
                "0 vs 2, head η: max |θ0 − θ2|",
                r"0 vs 2, head $\eta$: $\max_t |\theta^{(0)}_t - \theta^{(2)}_t|$",
                self.max_diff_0_vs_2_same_lr,
                "apart",
            ),
            Comparison(
                "max_diff_0_vs_2_double_lr",
                f"0 vs 2, head {double_head}: max |θ0 − θ2|",
                rf"0 vs 2, head {double_latex}: $\max_t |\theta^{{(0)}}_t - \theta^{{(2)}}_t|$",
                self.max_diff_0_vs_2_double_lr,
                "apart" if decayed else "rounding",
            ),
            Comparison(
                "sum_drift",
                "S = w1+w2, b1+b2: max |S_t − (1−ηλ)^t S_0|",
                r"$S = w_1 + w_2$, $b_1 + b_2$: $\max_t |S_t - (1 - \eta\lambda)^t S_0|$",
                self.sum_drift,
                "rounding",
            ),
            Comparison(
                "weight_decay_map_diff",
                "0 vs 2, head (2η, λ/2): max |θ0 − θ2|",
                r"0 vs 2, head $(2\eta, \lambda/2)$: "
                r"$\max_t |\theta^{(0)}_t - \theta^{(2)}_t|$",
                self.weight_decay_map_diff,
                "rounding",
            ),
        )

    @property
    def ok(self) -> bool:
        """Whether every comparison came out as the theory expects."""
        return all(c.ok for c in self.comparisons)


# --- the heads: symbolic losses, differentiated by SymPy --------------------------------

_Z, _Z1, _Z2, _Y = sympy.symbols("z z1 z2 y", real=True)


def symbolic_loss(kind: HeadKind) -> tuple[Any, tuple[Any, ...]]:
    """Return the per-sample loss of a head as a softsym expression, and its logits.

    These are the losses the catalog's theorems are about: softmax cross-entropy
    ``cross_entropy(softmax(z1, z2), [1 - y, y])`` and binary cross-entropy
    ``binary_cross_entropy(σ(z2 − z1), y)`` or ``binary_cross_entropy(σ(z), y)``.
    """
    if kind == "softmax":
        return cross_entropy(softmax(_Z1, _Z2), [1 - _Y, _Y]), (_Z1, _Z2)
    if kind == "sigmoid_difference":
        return binary_cross_entropy(sigmoid(_Z2 - _Z1), _Y), (_Z1, _Z2)
    if kind == "sigmoid":
        return binary_cross_entropy(sigmoid(_Z), _Y), (_Z,)
    raise ValueError(f"kind must be one of {sorted(_WIDTH)} (got {kind!r})")


@functools.cache
def _compiled_gradient(kind: HeadKind) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """Lambdify ``∂ℓ/∂z`` of a head, once per label.

    The label is substituted before simplifying: for ``y = 0`` and ``y = 1`` SymPy
    returns quotients of sums of exponentials without a subtraction, which NumPy
    evaluates to a few ulps, where the general form ``p − y`` would cancel.
    """
    loss, logits = symbolic_loss(kind)
    loss = unfold(loss)
    compiled = []
    for label in (0, 1):
        derivatives = [sympy.simplify(sympy.diff(loss, v).subs(_Y, label)) for v in logits]
        compiled.append(sympy.lambdify(logits, derivatives, modules="numpy"))
    return compiled[0], compiled[1]


def _check_head_input(kind: HeadKind, z: Array, y: Array) -> None:
    if kind not in _WIDTH:
        raise ValueError(f"kind must be one of {sorted(_WIDTH)} (got {kind!r})")
    width = _WIDTH[kind]
    if z.ndim != 2 or z.shape[1] != width:
        raise ValueError(f"z must have shape (n, {width}) for {kind!r} (got {z.shape})")
    if y.shape != (z.shape[0],):
        raise ValueError(f"y must have shape ({z.shape[0]},) (got {y.shape})")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold labels 0 and 1 only")


def head_loss_gradient(kind: HeadKind, z: Array, y: Array) -> Array:
    """Return ``∂ℓ/∂z`` of one sample's loss, for every sample.

    The derivative is SymPy's: the symbolic loss (plain ``exp`` and ``log``) is
    differentiated and lambdified once per head, on first use.

    Args:
        kind: The head.
        z: Logits, shape ``(n, 2)`` (columns ``z1, z2``) or ``(n, 1)`` for ``"sigmoid"``.
        y: Labels 0 or 1, shape ``(n,)``.

    Returns:
        An array shaped like ``z``.

    Raises:
        ValueError: Unknown head, wrong shapes, or labels other than 0 and 1.
    """
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    _check_head_input(kind, z, y)
    grad = np.empty_like(z)
    for label, function in enumerate(_compiled_gradient(kind)):
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
        z: Logits, shape ``(n, 2)`` or ``(n, 1)`` for ``"sigmoid"``.
        y: Labels 0 or 1, shape ``(n,)``.

    Returns:
        Shape ``(n,)``.

    Raises:
        ValueError: Unknown head, wrong shapes, or labels other than 0 and 1.
    """
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    _check_head_input(kind, z, y)
    if kind == "softmax":
        return (1 - y) * _softplus(z[:, 1] - z[:, 0]) + y * _softplus(z[:, 0] - z[:, 1])
    d = z[:, 0] if kind == "sigmoid" else z[:, 1] - z[:, 0]
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
    def update(theta: Array, g: Array, rate: float, lam: float) -> Array:
        return theta - rate * (g + lam * theta)

    return Params(
        hidden_weight=update(params.hidden_weight, grad.hidden_weight, lr, decay),
        hidden_bias=update(params.hidden_bias, grad.hidden_bias, lr, decay),
        head_weight=update(params.head_weight, grad.head_weight, head_lr, head_decay),
        head_bias=update(params.head_bias, grad.head_bias, head_lr, head_decay),
    )


def _finite(params: Params) -> bool:
    return all(bool(np.all(np.isfinite(a))) for a in params.arrays())


def _train(
    kind: HeadKind,
    start: Params,
    x: Array,
    y: Array,
    config: TrainConfig,
    head_lr: float,
    head_decay: float,
    label: str,
) -> tuple[list[Params], list[float]]:
    """Run gradient descent; return the parameters and the loss at ``t = 0..steps``."""
    path, losses = [start], []
    params = start
    # Overflow shows up as inf or nan, which is checked below and reported as divergence.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(config.steps + 1):
            loss, grad = loss_and_gradients(kind, params, x, y)
            if not (math.isfinite(loss) and _finite(grad)):
                raise TrainingDivergedError(
                    f"training diverged: network {label} has a non-finite loss or gradient "
                    f"at step {t}; try a smaller lr (got {config.lr})"
                )
            losses.append(loss)
            if t == config.steps:
                break
            params = _step(params, grad, config.lr, config.weight_decay, head_lr, head_decay)
            path.append(params)
    return path, losses


# --- the experiment -------------------------------------------------------------------


def _dataset(rng: np.random.Generator, n: int) -> tuple[Array, Array]:
    """Points of the plane, label 1 inside the circle holding half the mass of N(0, I)."""
    x = rng.standard_normal((n, 2))
    y = (np.sum(x * x, axis=1) < 2 * math.log(2)).astype(np.float64)
    return x, y


def _setup(config: TrainConfig) -> tuple[Array, Array, Params]:
    """Draw the data and the initial two-unit network from ``default_rng(config.seed)``."""
    rng = np.random.default_rng(config.seed)
    x, y = _dataset(rng, config.n_samples)
    h = config.hidden
    two_units = Params(
        hidden_weight=rng.standard_normal((2, h)) / math.sqrt(2),
        hidden_bias=0.1 * rng.standard_normal(h),
        head_weight=rng.standard_normal((h, 2)) / math.sqrt(h),
        head_bias=0.5 * rng.standard_normal(2),
    )
    return x, y, two_units


def _as_difference(params: Params) -> Params:
    """Read a two-unit head as one unit: ``D = w2 − w1``, ``b2 − b1``."""
    w, b = params.head_weight, params.head_bias
    return Params(
        params.hidden_weight,
        params.hidden_bias,
        (w[:, 1] - w[:, 0])[:, None],
        (b[1] - b[0])[None],
    )


def _max_diff(first: Sequence[Params], second: Sequence[Params]) -> float:
    return max(
        float(np.max(np.abs(a - b)))
        for p, q in zip(first, second, strict=True)
        for a, b in zip(p.arrays(), q.arrays(), strict=True)
    )


def _sum_drift(path: Sequence[Params], factor: float) -> float:
    s0_w = path[0].head_weight.sum(axis=1)
    s0_b = path[0].head_bias.sum()
    drift = 0.0
    for t, p in enumerate(path):
        scale = factor**t
        drift = max(
            drift,
            float(np.max(np.abs(p.head_weight.sum(axis=1) - scale * s0_w))),
            float(abs(p.head_bias.sum() - scale * s0_b)),
        )
    return drift


def _trajectory(
    label: str, head_lr: float, head_decay: float, path: Sequence[Params], losses: Sequence[float]
) -> Trajectory:
    if path[0].head_weight.shape[1] == 2:
        path = [_as_difference(p) for p in path]
    return Trajectory(
        label=label,
        head_lr=head_lr,
        head_weight_decay=head_decay,
        loss=tuple(float(v) for v in losses),
        head_weight=tuple(float(p.head_weight[0, 0]) for p in path),
    )


def run(config: TrainConfig) -> TrainReport:
    """Train networks 0, 1 and three variants of network 2 and compare them.

    The data and the initial weights are drawn from ``default_rng(config.seed)``,
    so the report is a function of ``config``.

    Args:
        config: The settings.

    Returns:
        The measured figures and the trajectories.

    Raises:
        TrainingDivergedError: Some loss or gradient stopped being finite (lr too large).
    """
    x, y, two_units = _setup(config)
    one_unit = _as_difference(two_units)

    lr, lam = config.lr, config.weight_decay
    settings: list[tuple[str, HeadKind, Params, float, float]] = [
        ("0", "sigmoid_difference", two_units, lr, lam),
        ("1", "softmax", two_units, lr, lam),
        ("2(η)", "sigmoid", one_unit, lr, lam),
        ("2(2η, λ)" if lam > 0 else "2(2η)", "sigmoid", one_unit, 2 * lr, lam),
        ("2(2η, λ/2)", "sigmoid", one_unit, 2 * lr, lam / 2),
    ]
    paths, trajectories = [], []
    for label, kind, start, head_lr, head_decay in settings:
        path, losses = _train(kind, start, x, y, config, head_lr, head_decay, label)
        paths.append(path)
        trajectories.append(_trajectory(label, head_lr, head_decay, path, losses))
    path0 = paths[0]
    difference0 = [_as_difference(p) for p in path0]
    factor = 1.0 - lr * lam
    return TrainReport(
        config=config,
        max_diff_0_vs_1=_max_diff(path0, paths[1]),
        max_diff_0_vs_2_same_lr=_max_diff(difference0, paths[2]),
        max_diff_0_vs_2_double_lr=_max_diff(difference0, paths[3]),
        sum_drift=max(_sum_drift(path0, factor), _sum_drift(paths[1], factor)),
        weight_decay_map_diff=_max_diff(difference0, paths[4]),
        network_0=trajectories[0],
        network_1=trajectories[1],
        network_2_same_lr=trajectories[2],
        network_2_double_lr=trajectories[3],
        network_2_mapped=trajectories[4],
    )


# --- output ---------------------------------------------------------------------------


def _config_line(config: TrainConfig) -> str:
    return (
        f"{config.steps} steps, η = {config.lr:g}, λ = {config.weight_decay:g}, "
        f"seed {config.seed}, {config.n_samples} samples, {config.hidden} hidden units"
    )


def _final_losses(report: TrainReport) -> dict[str, float]:
    return {
        "0": report.final_loss_0,
        "1": report.final_loss_1,
        "2_same_lr": report.final_loss_2_same_lr,
        "2_double_lr": report.final_loss_2_double_lr,
        "2_mapped": report.final_loss_2_mapped,
    }


def format_table(report: TrainReport) -> str:
    r"""Return the comparisons as a plain-text table, followed by the final losses.

    Args:
        report: What :func:`run` measured.

    Returns:
        Lines separated by ``\n``, without a trailing newline.
    """
    header = ("quantity", "value", "expected", "verdict")
    rows = [header] + [
        (c.quantity, f"{c.value:.3e}", c.expected, c.verdict) for c in report.comparisons
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"Training dynamics: {_config_line(report.config)}", ""]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[3]]))
    lines += [
        "",
        "θ: every parameter at every step, hidden layer included;",
        "against network 2, network 0's head is read as D = w2 − w1, b2 − b1.",
        "",
        "final loss (mean cross-entropy, without the decay term):",
    ]
    label_width = max(len(t.label) for t in report.trajectories)
    for t in report.trajectories:
        lines.append(f"  network {t.label.ljust(label_width)}  {t.loss[-1]:.6f}")
    return "\n".join(lines)


def report_to_json(report: TrainReport, *, include_history: bool = False) -> dict[str, object]:
    """Return the report as JSON-ready data with stable keys.

    Keys: ``"config"`` (the settings), ``"comparisons"`` (for each field of the table,
    keyed by its :class:`TrainReport` name: ``quantity``, ``value``, ``expected``,
    ``verdict``), ``"final_losses"`` (keys ``"0"``, ``"1"``, ``"2_same_lr"``,
    ``"2_double_lr"``, ``"2_mapped"``) and ``"ok"``. The step-by-step histories are
    left out unless ``include_history`` is true; then ``"history"`` maps the same
    network keys to ``{"label", "head_lr", "head_weight_decay", "loss", "head_weight"}``.

    Args:
        report: What :func:`run` measured.
        include_history: Add the loss and head-weight histories.

    Returns:
        A dict that :func:`json.dumps` accepts.
    """
    data: dict[str, object] = {
        "config": asdict(report.config),
        "comparisons": {
            c.key: {
                "quantity": c.quantity,
                "value": c.value,
                "expected": c.expected,
                "verdict": c.verdict,
            }
            for c in report.comparisons
        },
        "final_losses": _final_losses(report),
        "ok": report.ok,
    }
    if include_history:
        data["history"] = {
            key: {
                "label": t.label,
                "head_lr": t.head_lr,
                "head_weight_decay": t.head_weight_decay,
                "loss": list(t.loss),
                "head_weight": list(t.head_weight),
            }
            for key, t in zip(_final_losses(report), report.trajectories, strict=True)
        }
    return data


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex_escape(text: str) -> str:
    r"""Escape LaTeX's special characters in plain text.

    >>> print(_latex_escape("50% of a_b & {c}"))
    50\% of a\_b \& \{c\}
    """
    return "".join(_LATEX_SPECIALS.get(ch, ch) for ch in text)


def _latex_number(value: float) -> str:
    r"""Format a number in scientific notation for LaTeX, two significant digits.

    The factor ``10^0`` is left out.

    >>> print(_latex_number(1.234e-15))
    $1.2\times 10^{-15}$
    >>> print(_latex_number(0.0))
    $0$
    """
    if value == 0:
        return "$0$"
    if not math.isfinite(value):
        return _latex_escape(str(value))
    mantissa, exponent = f"{value:.1e}".split("e")
    if int(exponent) == 0:
        return f"${mantissa}$"
    return rf"${mantissa}\times 10^{{{int(exponent)}}}$"


def to_latex_table(report: TrainReport) -> str:
    r"""Return the comparisons as a LaTeX ``tabular`` (needs only amsmath; rules are ``\hline``).

    Args:
        report: What :func:`run` measured.

    Returns:
        The ``tabular`` environment, one row per line, with a trailing newline.
    """
    lines = [
        r"\begin{tabular}{llll}",
        r"\hline",
        r"Quantity & Value & Expected & Verdict \\",
        r"\hline",
    ]
    for c in report.comparisons:
        cells = [
            c.latex,
            _latex_number(c.value),
            _EXPECTED_LATEX[c.expect],
            _latex_escape(c.verdict),
        ]
        lines.append(" & ".join(cells) + r" \\")
    note = (
        r"$\theta$: all parameters, hidden layer included; "
        r"against network 2, network 0's head is $D = w_2 - w_1$, $b_2 - b_1$."
    )
    lines += [r"\hline", rf"\multicolumn{{4}}{{l}}{{\small {note}}} \\", r"\end{tabular}", ""]
    return "\n".join(lines)


def plot(report: TrainReport, path: str | os.PathLike[str]) -> None:
    """Draw the loss curves and the head-weight trajectories into a PNG file.

    Uses matplotlib's Agg canvas directly, so no global backend is switched.

    Args:
        report: What :func:`run` measured.
        path: The PNG file to write.

    Raises:
        ImportError: matplotlib is not installed.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(
            "matplotlib is required for --plot: pip install 'softsym[plot]'"
        ) from None

    styles = {
        "0": {"color": "tab:blue", "linestyle": "-", "linewidth": 3.0, "alpha": 0.5},
        "1": {"color": "tab:orange", "linestyle": "--", "linewidth": 1.5},
        "2(η)": {"color": "tab:red", "linestyle": "-", "linewidth": 1.5},
        "double": {"color": "tab:green", "linestyle": ":", "linewidth": 2.0},
        "mapped": {"color": "tab:purple", "linestyle": "-.", "linewidth": 1.5},
    }
    curves = [
        (report.network_0, "network 0: σ(z2 − z1), BCE", styles["0"]),
        (report.network_1, "network 1: softmax CE", styles["1"]),
        (report.network_2_same_lr, "network 2, head rate η", styles["2(η)"]),
        (
            report.network_2_double_lr,
            "network 2, head rate 2η" + (", decay λ" if report.config.weight_decay else ""),
            styles["double"],
        ),
    ]
    if report.config.weight_decay > 0:
        curves.append((report.network_2_mapped, "network 2, head (2η, λ/2)", styles["mapped"]))

    fig = Figure(figsize=(11, 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    loss_ax, weight_ax = fig.subplots(1, 2)
    steps = np.arange(report.config.steps + 1)
    for trajectory, label, style in curves:
        loss_ax.plot(steps, trajectory.loss, label=label, **style)
        weight_ax.plot(steps, trajectory.head_weight, label=label, **style)
    loss_ax.set_title("Training loss")
    loss_ax.set_xlabel("gradient-descent step")
    loss_ax.set_ylabel("mean cross-entropy")
    weight_ax.set_title("Head weight, first component")
    weight_ax.set_xlabel("gradient-descent step")
    weight_ax.set_ylabel("D = w2 − w1 (networks 0, 1);  w (network 2)")
    for ax in (loss_ax, weight_ax):
        ax.grid(visible=True, alpha=0.3)
        ax.legend(fontsize="small")
    fig.suptitle(f"Networks 0, 1 and 2: {_config_line(report.config)}")
    fig.savefig(os.fspath(path), dpi=120, format="png")


# --- the command line: ``softsym train`` ------------------------------------------------


def register(subparsers: Any) -> None:
    """Add the ``train`` command to the ``softsym`` command line."""
    p = subparsers.add_parser(
        "train",
        help="train networks 0, 1 and 2 and compare their weights",
        description="Train the three heads from matching weights and report how far apart "
        "their parameters end (exit 0 when every comparison is as the theorems predict).",
    )
    defaults = TrainConfig()
    p.add_argument("--steps", type=int, default=defaults.steps, help="gradient-descent steps")
    p.add_argument("--lr", type=float, default=defaults.lr, help="learning rate η")
    p.add_argument(
        "--weight-decay", type=float, default=defaults.weight_decay, help="L2 weight decay λ"
    )
    p.add_argument("--seed", type=int, default=defaults.seed, help="random seed")
    p.add_argument("--samples", type=int, default=defaults.n_samples, help="data set size")
    p.add_argument("--hidden", type=int, default=defaults.hidden, help="hidden units")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--plot", metavar="FILE.png", help="draw loss curves and head weights")
    p.add_argument("--latex", metavar="FILE.tex", help="write the comparison as a LaTeX table")
    p.set_defaults(handler=_cmd_train)


def _cmd_train(args: Any) -> int:
    try:
        config = TrainConfig(
            steps=args.steps,
            lr=args.lr,
            weight_decay=args.weight_decay,
            seed=args.seed,
            n_samples=args.samples,
            hidden=args.hidden,
        )
    except (TypeError, ValueError) as exc:
        raise _TrainInputError(str(exc)) from None
    report = run(config)
    if args.plot:
        try:
            plot(report, args.plot)
        except ImportError as exc:
            raise _TrainInputError(str(exc)) from None
    if args.latex:
        with open(args.latex, "w", encoding="utf-8") as f:
            f.write(to_latex_table(report))
    if args.json:
        import json

        print(json.dumps(report_to_json(report), indent=2))
    else:
        print(format_table(report))
    return 0 if report.ok else 1


class _TrainInputError(SoftsymError, ValueError):
    """Bad options for ``softsym train``."""
