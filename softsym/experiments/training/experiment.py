"""The experiment: draw the data, train the five networks, measure how far apart they are."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from softsym.errors import TrainingDivergedError
from softsym.experiments.training.config import Network, TrainConfig
from softsym.experiments.training.model import Array, Params, _step, loss_and_gradients
from softsym.experiments.training.results import TrainReport, Trajectory


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


def _finite(params: Params) -> bool:
    return all(bool(np.all(np.isfinite(a))) for a in params.arrays())


def _train(
    network: Network, start: Params, x: Array, y: Array, config: TrainConfig
) -> tuple[list[Params], list[float]]:
    """Run gradient descent; return the parameters and the loss at ``t = 0..steps``."""
    head_lr, head_decay = network.head_rates(config.lr, config.weight_decay)
    path, losses = [start], []
    params = start
    # Overflow shows up as inf or nan, which is checked below and reported as divergence.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(config.steps + 1):
            loss, grad = loss_and_gradients(network.head, params, x, y)
            if not (math.isfinite(loss) and _finite(grad)):
                label = network.label(decayed=head_decay > 0)
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
    """``max |S_t − factor^t S_0|`` over the steps, ``S`` being ``w1 + w2`` and ``b1 + b2``."""
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
    network: Network, config: TrainConfig, path: Sequence[Params], losses: Sequence[float]
) -> Trajectory:
    if path[0].head_weight.shape[1] == 2:
        path = [_as_difference(p) for p in path]
    head_lr, head_decay = network.head_rates(config.lr, config.weight_decay)
    return Trajectory(
        network=network,
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
    paths, trajectories = {}, {}
    for network in Network:
        start = two_units if network.head.width == 2 else one_unit
        path, losses = _train(network, start, x, y, config)
        paths[network] = path
        trajectories[network] = _trajectory(network, config, path, losses)
    path0 = paths[Network.ZERO]
    difference0 = [_as_difference(p) for p in path0]
    factor = 1.0 - config.lr * config.weight_decay
    return TrainReport(
        config=config,
        max_diff_0_vs_1=_max_diff(path0, paths[Network.ONE]),
        max_diff_0_vs_2_same_lr=_max_diff(difference0, paths[Network.TWO_SAME_LR]),
        max_diff_0_vs_2_double_lr=_max_diff(difference0, paths[Network.TWO_DOUBLE_LR]),
        sum_drift=max(_sum_drift(path0, factor), _sum_drift(paths[Network.ONE], factor)),
        weight_decay_map_diff=_max_diff(difference0, paths[Network.TWO_MAPPED]),
        network_0=trajectories[Network.ZERO],
        network_1=trajectories[Network.ONE],
        network_2_same_lr=trajectories[Network.TWO_SAME_LR],
        network_2_double_lr=trajectories[Network.TWO_DOUBLE_LR],
        network_2_mapped=trajectories[Network.TWO_MAPPED],
    )
