"""A report as a plain-text table, as JSON-ready data and as a LaTeX ``tabular``."""

from __future__ import annotations

import math
from dataclasses import asdict

from softsym.experiments.training.config import TrainConfig
from softsym.experiments.training.results import TrainReport
from softsym.render.latex import escape_text


def config_line(config: TrainConfig) -> str:
    """Return the settings in one line, as the table and the plot title show them."""
    return (
        f"{config.steps} steps, η = {config.lr:g}, λ = {config.weight_decay:g}, "
        f"seed {config.seed}, {config.n_samples} samples, {config.hidden} hidden units"
    )


def format_table(report: TrainReport) -> str:
    r"""Return the comparisons as a plain-text table, followed by the final losses.

    Args:
        report: What :func:`~softsym.experiments.training.run` measured.

    Returns:
        Lines separated by ``\n``, without a trailing newline.
    """
    header = ("quantity", "value", "expected", "verdict")
    rows = [header] + [
        (c.quantity, f"{c.value:.3e}", c.expected, c.verdict) for c in report.comparisons
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"Training dynamics: {config_line(report.config)}", ""]
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
    keyed by its :class:`~softsym.experiments.training.TrainReport` name: ``quantity``,
    ``value``, ``expected``, ``verdict``), ``"final_losses"`` (keyed by the
    :class:`~softsym.experiments.training.Network` values ``"0"``, ``"1"``,
    ``"2_same_lr"``, ``"2_double_lr"``, ``"2_mapped"``) and ``"ok"``. The step-by-step
    histories are left out unless ``include_history`` is true; then ``"history"`` maps
    the same network keys to ``{"label", "head_lr", "head_weight_decay", "loss",
    "head_weight"}``.

    Args:
        report: What :func:`~softsym.experiments.training.run` measured.
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
        "final_losses": {t.network.value: t.loss[-1] for t in report.trajectories},
        "ok": report.ok,
    }
    if include_history:
        data["history"] = {
            t.network.value: {
                "label": t.label,
                "head_lr": t.head_lr,
                "head_weight_decay": t.head_weight_decay,
                "loss": list(t.loss),
                "head_weight": list(t.head_weight),
            }
            for t in report.trajectories
        }
    return data


def _latex_number(value: float) -> str:
    r"""Format a number in scientific notation for LaTeX, two significant digits.

    The factor ``10^0`` is left out.

    >>> print(_latex_number(1.234e-15))
    $1.2\times 10^{-15}$
    >>> print(_latex_number(0.0))
    $0$
    >>> print(_latex_number(float("-inf")))
    -inf
    """
    if value == 0:
        return "$0$"
    if not math.isfinite(value):
        return escape_text(str(value))
    mantissa, exponent = f"{value:.1e}".split("e")
    if int(exponent) == 0:
        return f"${mantissa}$"
    return rf"${mantissa}\times 10^{{{int(exponent)}}}$"


def to_latex_table(report: TrainReport) -> str:
    r"""Return the comparisons as a LaTeX ``tabular`` (needs only amsmath; rules are ``\hline``).

    Args:
        report: What :func:`~softsym.experiments.training.run` measured.

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
        cells = [c.latex, _latex_number(c.value), c.expect.latex, escape_text(c.verdict)]
        lines.append(" & ".join(cells) + r" \\")
    note = (
        r"$\theta$: all parameters, hidden layer included; "
        r"against network 2, network 0's head is $D = w_2 - w_1$, $b_2 - b_1$."
    )
    lines += [r"\hline", rf"\multicolumn{{4}}{{l}}{{\small {note}}} \\", r"\end{tabular}", ""]
    return "\n".join(lines)
