"""What an experiment is made of: its settings, the heads, the networks and the bounds."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Literal, TypeAlias

ROUNDING_BOUND = 1e-10
"""A difference below this is float rounding."""

APART_BOUND = 1e-3
"""A difference above this is clearly not rounding."""


class Head(enum.Enum):
    """The head of a network; the value is its name in messages and on the command line."""

    SIGMOID_DIFFERENCE = "sigmoid_difference"
    """Network 0: two units, ``p = σ(z2 − z1)``, binary cross-entropy."""
    SOFTMAX = "softmax"
    """Network 1: two units, softmax cross-entropy with target ``(1 − y, y)``."""
    SIGMOID = "sigmoid"
    """Network 2: one unit, ``p = σ(z)``, binary cross-entropy."""

    @property
    def width(self) -> int:
        """The number of logits: 1 for ``SIGMOID``, 2 otherwise."""
        return 1 if self is Head.SIGMOID else 2

    @classmethod
    def parse(cls, kind: HeadKind) -> Head:
        """Return the head named ``kind`` (a :class:`Head` is returned as it is).

        Raises:
            ValueError: No head has that name.
        """
        for head in cls:
            if kind is head or kind == head.value:
                return head
        raise ValueError(f"kind must be one of {sorted(h.value for h in cls)} (got {kind!r})")


HeadKind: TypeAlias = Head | Literal["sigmoid_difference", "softmax", "sigmoid"]
"""A head, or its name: what the public functions of the heads accept."""


class Expect(enum.Enum):
    """What the theory expects of a measured difference."""

    ROUNDING = "rounding"
    """Below :data:`ROUNDING_BOUND`."""
    APART = "apart"
    """Above :data:`APART_BOUND`."""

    def holds(self, value: float) -> bool:
        """Whether ``value`` is what this expectation says (never for NaN)."""
        if self is Expect.ROUNDING:
            return value < ROUNDING_BOUND
        return value > APART_BOUND

    @property
    def text(self) -> str:
        """As plain text, e.g. ``"rounding level (< 1e-10)"``."""
        if self is Expect.ROUNDING:
            return "rounding level (< 1e-10)"
        return "clearly apart (> 1e-3)"

    @property
    def latex(self) -> str:
        """As LaTeX text (math in ``$...$``)."""
        if self is Expect.ROUNDING:
            return r"rounding level ($< 10^{-10}$)"
        return r"clearly apart ($> 10^{-3}$)"


class Network(enum.Enum):
    """The five trained networks; the value is the network's key in JSON output.

    >>> [network.label(decayed=True) for network in Network]
    ['0', '1', '2(η)', '2(2η, λ)', '2(2η, λ/2)']
    >>> Network.TWO_DOUBLE_LR.label(decayed=False)
    '2(2η)'
    """

    ZERO = "0"
    """Network 0, head ``(η, λ)``."""
    ONE = "1"
    """Network 1, head ``(η, λ)``."""
    TWO_SAME_LR = "2_same_lr"
    """Network 2, head ``(η, λ)``."""
    TWO_DOUBLE_LR = "2_double_lr"
    """Network 2, head ``(2η, λ)``."""
    TWO_MAPPED = "2_mapped"
    """Network 2, head ``(2η, λ/2)``: network 0's image under the weight-decay map."""

    @property
    def head(self) -> Head:
        """The head of this network."""
        if self is Network.ZERO:
            return Head.SIGMOID_DIFFERENCE
        if self is Network.ONE:
            return Head.SOFTMAX
        return Head.SIGMOID

    def head_rates(self, lr: float, weight_decay: float) -> tuple[float, float]:
        """Return the head's learning rate and weight decay given the experiment's ``(η, λ)``."""
        if self is Network.TWO_DOUBLE_LR:
            return 2 * lr, weight_decay
        if self is Network.TWO_MAPPED:
            return 2 * lr, weight_decay / 2
        return lr, weight_decay

    def label(self, *, decayed: bool) -> str:
        """Return the name of the network in tables, plots and messages.

        Args:
            decayed: Whether the head has weight decay; only ``"2(2η, λ)"`` says so.
        """
        if decayed and self is Network.TWO_DOUBLE_LR:
            return "2(2η, λ)"
        return _LABELS[self]


_LABELS = {
    Network.ZERO: "0",
    Network.ONE: "1",
    Network.TWO_SAME_LR: "2(η)",
    Network.TWO_DOUBLE_LR: "2(2η)",
    Network.TWO_MAPPED: "2(2η, λ/2)",
}


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
        weight_decay: L2 coefficient ``λ`` (finite, >= 0); see the package docstring.
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
