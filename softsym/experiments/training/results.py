"""What an experiment measured: trajectories, comparisons and the report."""

from __future__ import annotations

from dataclasses import dataclass

from softsym.experiments.training.config import Expect, Network, TrainConfig


@dataclass(frozen=True)
class Trajectory:
    """What one network did, step by step (``steps + 1`` entries, the start included).

    Attributes:
        network: Which of the five networks.
        head_lr: Learning rate of the head.
        head_weight_decay: Weight decay of the head.
        loss: Mean cross-entropy on the training set, without the decay term.
        head_weight: First component of ``D = w2 − w1`` (networks 0 and 1) or of ``w``
            (network 2).
    """

    network: Network
    head_lr: float
    head_weight_decay: float
    loss: tuple[float, ...]
    head_weight: tuple[float, ...]

    @property
    def label(self) -> str:
        """Name of the network in tables and plots, e.g. ``"2(2η)"``."""
        return self.network.label(decayed=self.head_weight_decay > 0)


@dataclass(frozen=True)
class Comparison:
    """One measured difference and what the theory expects of it.

    Attributes:
        key: Stable identifier, the name of the :class:`TrainReport` field.
        quantity: Plain-text description.
        latex: The description as LaTeX text (math in ``$...$``).
        value: The measured difference.
        expect: What the theory expects of ``value``.
    """

    key: str
    quantity: str
    latex: str
    value: float
    expect: Expect

    @property
    def expected(self) -> str:
        """The expectation as text, e.g. ``"rounding level (< 1e-10)"``."""
        return self.expect.text

    @property
    def ok(self) -> bool:
        """Whether the measured value is what the theory expects."""
        return self.expect.holds(self.value)

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
        """All five trajectories, in the order of :class:`Network`."""
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
                Expect.ROUNDING,
            ),
            Comparison(
                "max_diff_0_vs_2_same_lr",
                "0 vs 2, head η: max |θ0 − θ2|",
                r"0 vs 2, head $\eta$: $\max_t |\theta^{(0)}_t - \theta^{(2)}_t|$",
                self.max_diff_0_vs_2_same_lr,
                Expect.APART,
            ),
            Comparison(
                "max_diff_0_vs_2_double_lr",
                f"0 vs 2, head {double_head}: max |θ0 − θ2|",
                rf"0 vs 2, head {double_latex}: $\max_t |\theta^{{(0)}}_t - \theta^{{(2)}}_t|$",
                self.max_diff_0_vs_2_double_lr,
                Expect.APART if decayed else Expect.ROUNDING,
            ),
            Comparison(
                "sum_drift",
                "S = w1+w2, b1+b2: max |S_t − (1−ηλ)^t S_0|",
                r"$S = w_1 + w_2$, $b_1 + b_2$: $\max_t |S_t - (1 - \eta\lambda)^t S_0|$",
                self.sum_drift,
                Expect.ROUNDING,
            ),
            Comparison(
                "weight_decay_map_diff",
                "0 vs 2, head (2η, λ/2): max |θ0 − θ2|",
                r"0 vs 2, head $(2\eta, \lambda/2)$: "
                r"$\max_t |\theta^{(0)}_t - \theta^{(2)}_t|$",
                self.weight_decay_map_diff,
                Expect.ROUNDING,
            ),
        )

    @property
    def ok(self) -> bool:
        """Whether every comparison came out as the theory expects."""
        return all(c.ok for c in self.comparisons)
