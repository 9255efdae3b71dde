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

The package holds one concern per module: ``config`` (the settings, the heads
:class:`Head`, the networks :class:`Network`, the expectations :class:`Expect`),
``model`` (losses, backward pass, one step), ``experiment`` (data, training loop,
:func:`run`), ``results`` (:class:`TrainReport` and its parts), ``report`` (text,
JSON and LaTeX output) and ``plotting`` (:func:`plot`).

>>> report = run(TrainConfig(steps=20, n_samples=50))
>>> report.max_diff_0_vs_1 < 1e-10 and report.max_diff_0_vs_2_double_lr < 1e-10
True
>>> TrainConfig(steps=0)
Traceback (most recent call last):
...
ValueError: steps must be >= 1 (got 0)
"""

from __future__ import annotations

from softsym.errors import TrainingDivergedError
from softsym.experiments.training.config import (
    APART_BOUND,
    ROUNDING_BOUND,
    Expect,
    Head,
    HeadKind,
    Network,
    TrainConfig,
)
from softsym.experiments.training.experiment import run
from softsym.experiments.training.model import (
    Params,
    head_loss,
    head_loss_gradient,
    loss_and_gradients,
    symbolic_loss,
)
from softsym.experiments.training.plotting import plot
from softsym.experiments.training.report import format_table, report_to_json, to_latex_table
from softsym.experiments.training.results import Comparison, TrainReport, Trajectory

__all__ = [
    "APART_BOUND",
    "ROUNDING_BOUND",
    "Comparison",
    "Expect",
    "Head",
    "HeadKind",
    "Network",
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
    "report_to_json",
    "run",
    "symbolic_loss",
    "to_latex_table",
]
