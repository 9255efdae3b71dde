"""Tests of the training experiment: networks 0, 1 and 2 behave as the theorems say."""

from __future__ import annotations

import doctest
import importlib
import json
import math
import pkgutil
import re
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy

from softsym.errors import SoftsymError
from softsym.experiments import training
from softsym.experiments.training import (
    Head,
    Network,
    Params,
    TrainConfig,
    TrainingDivergedError,
    TrainReport,
    Trajectory,
    format_table,
    head_loss,
    head_loss_gradient,
    loss_and_gradients,
    plot,
    report_to_json,
    run,
    symbolic_loss,
    to_latex_table,
)
from softsym.experiments.training.experiment import _setup, _sum_drift, _train
from softsym.experiments.training.model import _compiled_gradient, _step
from softsym.experiments.training.report import _latex_number

# --- the losses, written here independently of softsym.experiments.training ---------

z, z1, z2, y = sympy.symbols("z z1 z2 y", real=True)


def _bce(p: sympy.Expr) -> sympy.Expr:
    return -(y * sympy.log(p) + (1 - y) * sympy.log(1 - p))


_TOTAL = sympy.exp(z1) + sympy.exp(z2)
LOSSES = {
    Head.SIGMOID_DIFFERENCE: (_bce(1 / (1 + sympy.exp(-(z2 - z1)))), (z1, z2)),
    Head.SOFTMAX: (
        -((1 - y) * sympy.log(sympy.exp(z1) / _TOTAL) + y * sympy.log(sympy.exp(z2) / _TOTAL)),
        (z1, z2),
    ),
    Head.SIGMOID: (_bce(1 / (1 + sympy.exp(-z))), (z,)),
}
KINDS = list(Head)


def _precise(expr: sympy.Expr, variables: tuple[sympy.Symbol, ...], points: np.ndarray) -> float:
    """Evaluate ``expr`` at 40 digits on each row of ``points`` (float inputs, exact)."""
    function = sympy.lambdify(variables, expr, modules="mpmath")
    with mpmath.workdps(40):
        return np.array([float(function(*(mpmath.mpf(v) for v in row))) for row in points])


def _points(width: int, n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(12345)
    logits = rng.uniform(-30.0, 30.0, size=(n, width))
    logits[:20] = rng.uniform(-2.0, 2.0, size=(20, width))
    labels = (np.arange(n) % 2).astype(np.float64)
    return logits, labels


# --- the experiment ------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_report() -> TrainReport:
    """The default experiment, run once for the module."""
    return run(TrainConfig())


def test_networks_0_and_1_follow_the_same_trajectory(default_report: TrainReport) -> None:
    """Networks 0 and 1 differ only by float rounding at every step."""
    assert default_report.max_diff_0_vs_1 < 1e-10


def test_network_2_at_double_head_rate_follows_network_0(default_report: TrainReport) -> None:
    """D = w2 − w1 of network 0 is network 2's w when network 2's head rate is 2η."""
    assert default_report.max_diff_0_vs_2_double_lr < 1e-10
    assert default_report.weight_decay_map_diff < 1e-10


def test_network_2_at_the_same_rate_is_clearly_apart(default_report: TrainReport) -> None:
    """With head rate η, network 2 leaves network 0's path."""
    assert default_report.max_diff_0_vs_2_same_lr > 1e-3
    assert default_report.final_loss_2_same_lr != pytest.approx(default_report.final_loss_0)


def test_sum_of_head_weights_is_conserved(default_report: TrainReport) -> None:
    """S = w1 + w2 and b1 + b2 drift only by rounding without weight decay."""
    assert default_report.sum_drift < 1e-10


def test_default_run_is_all_ok_and_learns(default_report: TrainReport) -> None:
    """Every comparison is as expected, and the loss really went down."""
    assert default_report.ok
    assert [c.verdict for c in default_report.comparisons] == ["ok"] * 5
    assert default_report.final_loss_0 < 0.5 * default_report.network_0.loss[0]
    assert default_report.final_loss_1 == pytest.approx(default_report.final_loss_0, abs=1e-12)


def test_trajectories_have_one_entry_per_step(default_report: TrainReport) -> None:
    """Each history starts at step 0 and ends at the last step."""
    for trajectory in default_report.trajectories:
        assert len(trajectory.loss) == default_report.config.steps + 1
        assert len(trajectory.head_weight) == default_report.config.steps + 1
        assert all(isinstance(v, float) for v in trajectory.loss)
    assert (
        default_report.network_0.head_weight[0] == default_report.network_2_same_lr.head_weight[0]
    )


@pytest.mark.parametrize("decay", [0.1, 0.01])
def test_weight_decay_maps_to_half_decay_at_double_rate(decay: float) -> None:
    """With decay λ, network 0 at (η, λ) is network 2 with head (2η, λ/2); S shrinks by 1 − ηλ."""
    report = run(TrainConfig(weight_decay=decay))
    assert report.weight_decay_map_diff < 1e-10
    assert report.sum_drift < 1e-10
    assert report.max_diff_0_vs_1 < 1e-10
    assert report.max_diff_0_vs_2_double_lr > 1e-3  # head (2η, λ): the decay must be halved
    assert report.ok


def test_weight_decay_really_shrinks_the_sum() -> None:
    """Measured against plain conservation, the decayed sum is far off: the check has teeth."""
    config = TrainConfig(weight_decay=0.1, steps=50)
    x, labels, start = _setup(config)
    path, _ = _train(Network.ZERO, start, x, labels, config)
    assert _sum_drift(path, 1.0 - config.lr * config.weight_decay) < 1e-12
    assert _sum_drift(path, 1.0) > 1e-2


def test_step_decays_every_parameter() -> None:
    """With a zero gradient a step scales the hidden layer by 1 − ηλ and the head by 1 − η_h λ_h."""
    rng = np.random.default_rng(1)
    params = Params(
        rng.standard_normal((2, 3)),
        rng.standard_normal(3),
        rng.standard_normal((3, 2)),
        rng.standard_normal(2),
    )
    zero = Params(*(np.zeros_like(a) for a in params.arrays()))
    new = _step(params, zero, lr=0.5, decay=0.1, head_lr=1.0, head_decay=0.05)
    np.testing.assert_allclose(new.hidden_weight, 0.95 * params.hidden_weight, rtol=1e-15)
    np.testing.assert_allclose(new.hidden_bias, 0.95 * params.hidden_bias, rtol=1e-15)
    np.testing.assert_allclose(new.head_weight, 0.95 * params.head_weight, rtol=1e-15)
    np.testing.assert_allclose(new.head_bias, 0.95 * params.head_bias, rtol=1e-15)


def test_run_is_deterministic(default_report: TrainReport) -> None:
    """The same config gives the same report; another seed gives another one."""
    assert run(TrainConfig()) == default_report
    assert run(TrainConfig(seed=1)).network_0.loss != default_report.network_0.loss


def test_large_learning_rate_is_reported_as_divergence() -> None:
    """A rate that overflows the logits raises TrainingDivergedError, a SoftsymError."""
    with pytest.raises(TrainingDivergedError, match=r"^training diverged: network 0 ") as info:
        run(TrainConfig(lr=1e6, steps=10))
    assert isinstance(info.value, SoftsymError)
    assert str(info.value).endswith("try a smaller lr (got 1000000.0)")


# --- gradients against SymPy ---------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_head_gradient_matches_sympy(kind: Head) -> None:
    """∂ℓ/∂z of every head equals SymPy's derivative at 300 points (rtol 1e-12)."""
    loss, variables = LOSSES[kind]
    logits, labels = _points(len(variables))
    got = head_loss_gradient(kind, logits, labels)
    for j, v in enumerate(variables):
        derivative = sympy.diff(loss, v)
        expected = _precise(derivative, (*variables, y), np.column_stack([logits, labels]))
        np.testing.assert_allclose(got[:, j], expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("kind", KINDS)
def test_head_loss_matches_sympy(kind: Head) -> None:
    """The per-sample loss equals the SymPy definition at 300 points (rtol 1e-12)."""
    loss, variables = LOSSES[kind]
    logits, labels = _points(len(variables))
    expected = _precise(loss, (*variables, y), np.column_stack([logits, labels]))
    np.testing.assert_allclose(head_loss(kind, logits, labels), expected, rtol=1e-12, atol=0)


def test_heads_0_and_1_have_equal_gradients() -> None:
    """Theorem 1 at the level of ∂ℓ/∂z: the two two-unit heads agree to rounding."""
    logits, labels = _points(2)
    np.testing.assert_allclose(
        head_loss_gradient(Head.SIGMOID_DIFFERENCE, logits, labels),
        head_loss_gradient(Head.SOFTMAX, logits, labels),
        rtol=1e-14,
        atol=1e-300,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_backpropagation_matches_sympy(kind: Head) -> None:
    """Every parameter gradient of a 4-sample, 3-unit network equals SymPy's."""
    loss, variables = LOSSES[kind]
    width = len(variables)
    rng = np.random.default_rng(7)
    x = rng.standard_normal((4, 2))
    labels = np.array([0.0, 1.0, 1.0, 0.0])
    params = Params(
        rng.standard_normal((2, 3)),
        rng.standard_normal(3),
        rng.standard_normal((3, width)),
        rng.standard_normal(width),
    )
    W = sympy.Matrix(2, 3, lambda i, j: sympy.Symbol(f"W{i}{j}", real=True))
    c = sympy.Matrix(1, 3, lambda _, j: sympy.Symbol(f"c{j}", real=True))
    V = sympy.Matrix(3, width, lambda j, m: sympy.Symbol(f"V{j}{m}", real=True))
    b = sympy.Matrix(1, width, lambda _, m: sympy.Symbol(f"b{m}", real=True))
    total = sympy.Integer(0)
    for n in range(4):
        row = sympy.Matrix(1, 2, [sympy.Rational(v) for v in x[n]])
        a = (row * W + c).applyfunc(sympy.tanh)
        zs = a * V + b
        total += loss.subs({**dict(zip(variables, zs, strict=True)), y: int(labels[n])})
    mean = total / 4
    symbols = [*W, *c, *V, *b]
    values = np.concatenate([a.ravel() for a in params.arrays()])

    value, grad = loss_and_gradients(kind, params, x, labels)
    point = values[None, :]
    assert value == pytest.approx(_precise(mean, tuple(symbols), point)[0], rel=1e-12)
    got = np.concatenate([a.ravel() for a in grad.arrays()])
    expected = np.array([_precise(sympy.diff(mean, s), tuple(symbols), point)[0] for s in symbols])
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-14)


def test_symbolic_gradient_is_lambdified_once() -> None:
    """The SymPy derivative is compiled on first use and then reused."""
    first = _compiled_gradient(Head.SOFTMAX)
    assert _compiled_gradient(Head.SOFTMAX) is first


@pytest.mark.parametrize("kind", KINDS)
def test_heads_are_also_accepted_by_name(kind: Head) -> None:
    """A head's name, as the catalog tests and older callers pass it, means the head itself."""
    assert Head.parse(kind.value) is kind
    assert Head.parse(kind) is kind
    assert symbolic_loss(kind.value) == symbolic_loss(kind)
    logits, labels = _points(kind.width)
    np.testing.assert_array_equal(
        head_loss_gradient(kind.value, logits, labels), head_loss_gradient(kind, logits, labels)
    )
    np.testing.assert_array_equal(
        head_loss(kind.value, logits, labels), head_loss(kind, logits, labels)
    )


@pytest.mark.parametrize(
    ("kind", "logits", "labels", "message"),
    [
        (
            "tanh",
            np.zeros((2, 1)),
            np.zeros(2),
            "kind must be one of ['sigmoid', 'sigmoid_difference', 'softmax'] (got 'tanh')",
        ),
        (
            Head.SOFTMAX,
            np.zeros((2, 1)),
            np.zeros(2),
            "z must have shape (n, 2) for 'softmax' (got (2, 1))",
        ),
        (
            "sigmoid_difference",
            np.zeros((2, 3)),
            np.zeros(2),
            "z must have shape (n, 2) for 'sigmoid_difference' (got (2, 3))",
        ),
        (Head.SIGMOID, np.zeros((2, 1)), np.zeros(3), "y must have shape (2,) (got (3,))"),
        (Head.SIGMOID, np.zeros((2, 1)), np.array([0.0, 0.5]), "y must hold labels 0 and 1 only"),
    ],
)
def test_head_input_errors(
    kind: training.HeadKind, logits: np.ndarray, labels: np.ndarray, message: str
) -> None:
    """Bad heads, shapes and labels are refused with a message saying what was expected."""
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        head_loss_gradient(kind, logits, labels)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        head_loss(kind, logits, labels)


def test_unknown_head_has_no_symbolic_loss() -> None:
    """symbolic_loss refuses an unknown head with the same message as the NumPy losses."""
    message = "kind must be one of ['sigmoid', 'sigmoid_difference', 'softmax'] (got 'tanh')"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        symbolic_loss("tanh")  # type: ignore[arg-type]


# --- configuration -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, "steps must be >= 1 (got 0)"),
        ({"lr": 0.0}, ValueError, "lr must be finite and > 0 (got 0.0)"),
        ({"lr": -1}, ValueError, "lr must be finite and > 0 (got -1)"),
        ({"lr": math.inf}, ValueError, "lr must be finite and > 0 (got inf)"),
        ({"lr": math.nan}, ValueError, "lr must be finite and > 0 (got nan)"),
        ({"weight_decay": -0.1}, ValueError, "weight_decay must be finite and >= 0 (got -0.1)"),
        ({"seed": -1}, ValueError, "seed must be >= 0 (got -1)"),
        ({"n_samples": 0}, ValueError, "n_samples must be >= 1 (got 0)"),
        ({"hidden": 0}, ValueError, "hidden must be >= 1 (got 0)"),
        ({"steps": 2.5}, TypeError, "steps must be an int (got 2.5 that is a float)"),
        ({"steps": True}, TypeError, "steps must be an int (got True that is a bool)"),
        ({"lr": "0.5"}, TypeError, "lr must be a number (got '0.5' that is a str)"),
    ],
)
def test_config_errors(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    """Out-of-range and wrongly typed settings are refused with the whole expected message."""
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        TrainConfig(**kwargs)  # type: ignore[arg-type]


def test_config_stores_rates_as_floats() -> None:
    """An int rate or decay is stored as a float, so JSON and tables show one type."""
    config = TrainConfig(lr=1, weight_decay=0)
    assert isinstance(config.lr, float)
    assert isinstance(config.weight_decay, float)


# --- output --------------------------------------------------------------------------


GOLDEN_TABLE = """\
Training dynamics: 2 steps, η = 0.5, λ = 0, seed 0, 200 samples, 8 hidden units

quantity                                    value      expected                  verdict
0 vs 1: max |θ0 − θ1|                       1.500e-15  rounding level (< 1e-10)  ok
0 vs 2, head η: max |θ0 − θ2|               2.500e+00  clearly apart (> 1e-3)    ok
0 vs 2, head 2η: max |θ0 − θ2|              3.000e-15  rounding level (< 1e-10)  ok
S = w1+w2, b1+b2: max |S_t − (1−ηλ)^t S_0|  0.000e+00  rounding level (< 1e-10)  ok
0 vs 2, head (2η, λ/2): max |θ0 − θ2|       3.000e-15  rounding level (< 1e-10)  ok

θ: every parameter at every step, hidden layer included;
against network 2, network 0's head is read as D = w2 − w1, b2 − b1.

final loss (mean cross-entropy, without the decay term):
  network 0           0.250000
  network 1           0.250000
  network 2(η)        0.250000
  network 2(2η)       0.250000
  network 2(2η, λ/2)  0.250000"""


def _trajectory(network: Network, lr: float, decay: float) -> Trajectory:
    return Trajectory(network, lr, decay, (0.7, 0.5, 0.25), (-1.0, -1.5, -2.0))


def _fake_report(decay: float = 0.0, diff_0_vs_1: float = 1.5e-15) -> TrainReport:
    """A report with chosen figures, for golden-string tests."""
    return TrainReport(
        config=TrainConfig(steps=2, weight_decay=decay),
        max_diff_0_vs_1=diff_0_vs_1,
        max_diff_0_vs_2_same_lr=2.5,
        max_diff_0_vs_2_double_lr=3.0e-15,
        sum_drift=0.0,
        weight_decay_map_diff=3.0e-15,
        network_0=_trajectory(Network.ZERO, 0.5, decay),
        network_1=_trajectory(Network.ONE, 0.5, decay),
        network_2_same_lr=_trajectory(Network.TWO_SAME_LR, 0.5, decay),
        network_2_double_lr=_trajectory(Network.TWO_DOUBLE_LR, 1.0, decay),
        network_2_mapped=_trajectory(Network.TWO_MAPPED, 1.0, decay / 2),
    )


def test_format_table_golden() -> None:
    """The plain-text table of a known report, line by line."""
    assert format_table(_fake_report()) == GOLDEN_TABLE


def test_unexpected_value_is_flagged() -> None:
    """A difference that should be rounding but is not gets the verdict UNEXPECTED."""
    report = _fake_report(diff_0_vs_1=1e-5)
    assert not report.ok
    row = format_table(report).splitlines()[3]
    assert row.startswith("0 vs 1: max |θ0 − θ1|")
    assert row.endswith("1.000e-05  rounding level (< 1e-10)  UNEXPECTED")


def test_weight_decay_changes_the_expectation_of_the_double_rate_row() -> None:
    """With λ > 0, network 2 at head (2η, λ) is expected apart, and 3e-15 is UNEXPECTED."""
    (row,) = [
        c for c in _fake_report(decay=0.1).comparisons if c.key == "max_diff_0_vs_2_double_lr"
    ]
    assert row.quantity == "0 vs 2, head (2η, λ): max |θ0 − θ2|"
    assert (row.expected, row.verdict) == ("clearly apart (> 1e-3)", "UNEXPECTED")


@pytest.mark.parametrize(
    ("decay", "labels"),
    [
        (0.0, ["0", "1", "2(η)", "2(2η)", "2(2η, λ/2)"]),
        (0.1, ["0", "1", "2(η)", "2(2η, λ)", "2(2η, λ/2)"]),
    ],
)
def test_trajectory_labels(decay: float, labels: list[str]) -> None:
    """Each network is named in tables and plots by its head's rate and decay."""
    report = _fake_report(decay=decay)
    assert [t.network for t in report.trajectories] == list(Network)
    assert [t.label for t in report.trajectories] == labels
    final = format_table(report).splitlines()[-5:]
    assert final[3].startswith(f"  network {labels[3]} ")


def test_latex_table_golden() -> None:
    r"""The LaTeX tabular of a known report, with \hline rules and no booktabs."""
    theta = r"$\max_t |\theta^{(0)}_t - \theta^{(2)}_t|$"
    rounding = r"rounding level ($< 10^{-10}$) & ok \\"
    expected = "\n".join(
        [
            r"\begin{tabular}{llll}",
            r"\hline",
            r"Quantity & Value & Expected & Verdict \\",
            r"\hline",
            r"0 vs 1: $\max_t |\theta^{(0)}_t - \theta^{(1)}_t|$ & $1.5\times 10^{-15}$ & "
            + rounding,
            rf"0 vs 2, head $\eta$: {theta} & $2.5$ & clearly apart ($> 10^{{-3}}$) & ok \\",
            rf"0 vs 2, head $2\eta$: {theta} & $3.0\times 10^{{-15}}$ & " + rounding,
            r"$S = w_1 + w_2$, $b_1 + b_2$: $\max_t |S_t - (1 - \eta\lambda)^t S_0|$ & $0$ & "
            + rounding,
            rf"0 vs 2, head $(2\eta, \lambda/2)$: {theta} & $3.0\times 10^{{-15}}$ & " + rounding,
            r"\hline",
            r"\multicolumn{4}{l}{\small $\theta$: all parameters, hidden layer included; "
            r"against network 2, network 0's head is $D = w_2 - w_1$, $b_2 - b_1$.} \\",
            r"\end{tabular}",
            "",
        ]
    )
    assert to_latex_table(_fake_report()) == expected


def test_latex_table_of_a_real_run(default_report: TrainReport) -> None:
    """A real run gives one row per comparison and no booktabs commands."""
    latex = to_latex_table(default_report)
    rows = [line for line in latex.splitlines() if line.endswith(r" & ok \\")]
    assert len(rows) == 5
    assert r"\toprule" not in latex
    assert r"\midrule" not in latex


@pytest.mark.parametrize(
    ("value", "latex"),
    [
        (1.234e-15, r"$1.2\times 10^{-15}$"),
        (9.96e-3, r"$1.0\times 10^{-2}$"),
        (3.018, r"$3.0$"),
        (-2.5e7, r"$-2.5\times 10^{7}$"),
        (0.0, r"$0$"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (math.nan, "nan"),
    ],
)
def test_latex_number(value: float, latex: str) -> None:
    """Numbers are typeset as mantissa × power of ten; inf and nan as text."""
    assert _latex_number(value) == latex


def test_latex_table_flags_unexpected_values() -> None:
    """A value that is not what the theory expects is typeset with the verdict UNEXPECTED."""
    latex = to_latex_table(_fake_report(diff_0_vs_1=math.inf))
    (row,) = [line for line in latex.splitlines() if line.startswith("0 vs 1: ")]
    assert row.endswith(r" & inf & rounding level ($< 10^{-10}$) & UNEXPECTED \\")


def test_report_to_json_keys(default_report: TrainReport) -> None:
    """The JSON has stable keys, survives json.dumps, and leaves the history out by default."""
    data = report_to_json(default_report)
    assert list(data) == ["config", "comparisons", "final_losses", "ok"]
    assert data["config"] == {
        "steps": 500,
        "lr": 0.5,
        "weight_decay": 0.0,
        "seed": 0,
        "n_samples": 200,
        "hidden": 8,
    }
    comparisons = data["comparisons"]
    assert isinstance(comparisons, dict)
    assert list(comparisons) == [
        "max_diff_0_vs_1",
        "max_diff_0_vs_2_same_lr",
        "max_diff_0_vs_2_double_lr",
        "sum_drift",
        "weight_decay_map_diff",
    ]
    assert comparisons["sum_drift"] == {
        "quantity": "S = w1+w2, b1+b2: max |S_t − (1−ηλ)^t S_0|",
        "value": default_report.sum_drift,
        "expected": "rounding level (< 1e-10)",
        "verdict": "ok",
    }
    assert data["final_losses"] == {
        "0": default_report.final_loss_0,
        "1": default_report.final_loss_1,
        "2_same_lr": default_report.final_loss_2_same_lr,
        "2_double_lr": default_report.final_loss_2_double_lr,
        "2_mapped": default_report.final_loss_2_mapped,
    }
    assert data["ok"] is True
    assert json.loads(json.dumps(data)) == data


def test_report_to_json_with_history(default_report: TrainReport) -> None:
    """With include_history the loss and head-weight histories of all five networks are added."""
    history = report_to_json(default_report, include_history=True)["history"]
    assert isinstance(history, dict)
    assert list(history) == ["0", "1", "2_same_lr", "2_double_lr", "2_mapped"]
    assert history["2_double_lr"]["head_lr"] == 1.0
    assert history["2_double_lr"]["label"] == "2(2η)"
    assert history["0"]["loss"] == list(default_report.network_0.loss)
    assert len(history["1"]["head_weight"]) == 501


# --- plot ----------------------------------------------------------------------------


@pytest.mark.parametrize("decay", [0.0, 0.01])
def test_plot_writes_a_png(tmp_path: Path, decay: float) -> None:
    """The plot is a non-empty PNG file."""
    report = run(TrainConfig(steps=30, weight_decay=decay))
    target = tmp_path / "training.png"
    plot(report, target)
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000


def test_plot_without_matplotlib(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without matplotlib, plot raises ImportError saying how to install it."""
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    message = "matplotlib is required for --plot: pip install 'softsym[plot]'"
    with pytest.raises(ImportError, match=f"^{re.escape(message)}$"):
        plot(_fake_report(), tmp_path / "never.png")
    assert not (tmp_path / "never.png").exists()


def test_module_doctests() -> None:
    """The examples in the docstrings of softsym.experiments.training's modules run as written."""
    names = [f"{training.__name__}.{m.name}" for m in pkgutil.iter_modules(training.__path__)]
    modules = [training, *(importlib.import_module(name) for name in names)]
    results = [doctest.testmod(module) for module in modules]
    assert sum(r.attempted for r in results) >= 6
    assert sum(r.failed for r in results) == 0
