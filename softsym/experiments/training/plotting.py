"""Loss curves and head-weight trajectories of a report, drawn with matplotlib."""

from __future__ import annotations

import os

import numpy as np

from softsym.experiments.training.config import Network
from softsym.experiments.training.report import config_line
from softsym.experiments.training.results import TrainReport

_STYLES: dict[Network, dict[str, str | float]] = {
    Network.ZERO: {"color": "tab:blue", "linestyle": "-", "linewidth": 3.0, "alpha": 0.5},
    Network.ONE: {"color": "tab:orange", "linestyle": "--", "linewidth": 1.5},
    Network.TWO_SAME_LR: {"color": "tab:red", "linestyle": "-", "linewidth": 1.5},
    Network.TWO_DOUBLE_LR: {"color": "tab:green", "linestyle": ":", "linewidth": 2.0},
    Network.TWO_MAPPED: {"color": "tab:purple", "linestyle": "-.", "linewidth": 1.5},
}


def _legend(network: Network, *, decayed: bool) -> str:
    """Return the legend entry of a network's curves."""
    if network is Network.ZERO:
        return "network 0: σ(z2 − z1), BCE"
    if network is Network.ONE:
        return "network 1: softmax CE"
    if network is Network.TWO_SAME_LR:
        return "network 2, head rate η"
    if network is Network.TWO_DOUBLE_LR:
        return "network 2, head rate 2η" + (", decay λ" if decayed else "")
    return "network 2, head (2η, λ/2)"


def plot(report: TrainReport, path: str | os.PathLike[str]) -> None:
    """Draw the loss curves and the head-weight trajectories into a PNG file.

    Uses matplotlib's Agg canvas directly, so no global backend is switched. Network 2
    with head ``(2η, λ/2)`` is drawn only with weight decay: without, it is the network
    with head ``2η``.

    Args:
        report: What :func:`~softsym.experiments.training.run` measured.
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

    decayed = report.config.weight_decay > 0
    curves = [t for t in report.trajectories if decayed or t.network is not Network.TWO_MAPPED]
    fig = Figure(figsize=(11, 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    loss_ax, weight_ax = fig.subplots(1, 2)
    steps = np.arange(report.config.steps + 1)
    for trajectory in curves:
        label = _legend(trajectory.network, decayed=decayed)
        style = _STYLES[trajectory.network]
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
    fig.suptitle(f"Networks 0, 1 and 2: {config_line(report.config)}")
    fig.savefig(os.fspath(path), dpi=120, format="png")
