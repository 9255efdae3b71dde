"""Tests of the checking kernel: every method has must-pass and must-fail cases."""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Derivative, Max, Piecewise, Rational, exp, log, tanh

from softsym.decide import check
from softsym.kernel.assumptions import Assumptions
from softsym.lang.functions import (
    binary_cross_entropy,
    cross_entropy,
    logsumexp,
    sigmoid,
    softmax,
    softplus,
    unfold,
)
from softsym.lang.symbols import real_symbols
from softsym.refute import _confirm, find_counterexample
from softsym.verdict import Counterexample, Status, Verdict

z, z1, z2, y, y1, y2, T, x = real_symbols("z z1 z2 y y1 y2 T x")


def _proved(lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...] = ()) -> Verdict:
    verdict = check(lhs, rhs, assumptions)
    assert verdict.status is Status.PROVED, verdict
    return verdict


def _not_proved(lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...] = ()) -> Verdict:
    verdict = check(lhs, rhs, assumptions)
    assert verdict.status is not Status.PROVED, verdict
    return verdict


# --- identical -----------------------------------------------------------------


def test_identical_pass() -> None:
    """The same expression on both sides is proved as identical."""
    assert _proved(sigmoid(z), sigmoid(z)).method == "identical"


def test_identical_after_unfolding_fail() -> None:
    """Unfolding does not make a wrong definition identical."""
    verdict = _not_proved(sigmoid(z), 1 / (1 + exp(z)))
    assert verdict.status is Status.REFUTED


# --- exp-rational --------------------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (tanh(z), 2 * sigmoid(2 * z) - 1),
        (1 - sigmoid(z), sigmoid(-z)),
        (softmax(z1, z2)[0], sigmoid(z1 - z2)),
        (softmax(z1, z2)[1], sigmoid(z2 - z1)),
        (sigmoid(z) * (1 - sigmoid(z)), 1 / (4 * sympy.cosh(z / 2) ** 2)),
        (Derivative(sigmoid(z), z), sigmoid(z) * (1 - sigmoid(z))),
        (softmax(z1 / T, z2 / T)[0], sigmoid((z1 - z2) / T)),
    ],
)
def test_exp_rational_pass(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """True exp-rational identities are proved exactly."""
    assert _proved(lhs, rhs).method == "exp-rational"


def test_log_sigmoid_is_minus_softplus() -> None:
    """log σ(z) = −softplus(−z) is proved (by whichever method applies)."""
    _proved(log(sigmoid(z)), -softplus(-z))


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (exp(z1) / (exp(z1) + exp(z2)), sigmoid(z2 - z1)),
        (tanh(z), 2 * sigmoid(z) - 1),
        (1 - sigmoid(z), sigmoid(z)),
        (exp(z / 3 + z1 / 2), exp(z / 2 + z1 / 3)),
        (sigmoid(z) * (1 - sigmoid(z)), 1 / (2 * sympy.cosh(z / 2) ** 2)),
        (Derivative(sigmoid(z), z), sigmoid(z) * (1 + sigmoid(z))),
    ],
)
def test_exp_rational_fail(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """False exp-rational identities are refuted with a counterexample."""
    verdict = _not_proved(lhs, rhs)
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None


def test_counterexample_is_certified() -> None:
    """The counterexample names every symbol and shows both values at high precision."""
    verdict = check(exp(z1) / (exp(z1) + exp(z2)), sigmoid(z2 - z1))
    cex = verdict.counterexample
    assert cex is not None
    assert [name for name, _ in cex.point] == ["z1", "z2"]
    point = {sympy.Symbol(k, real=True): sympy.Rational(v) for k, v in cex.point}
    lhs = (exp(z1) / (exp(z1) + exp(z2))).subs(point)
    rhs = unfold(sigmoid(z2 - z1)).subs(point)
    assert abs(sympy.N(lhs - rhs, 50)) > 1e-3
    assert cex.digits >= 100
    assert cex.lhs_value == str(sympy.N(lhs, 20))


# --- derivative (log identities) ---------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (softplus(z) - softplus(-z), z),
        (binary_cross_entropy(sigmoid(z), y), softplus(z) - y * z),
        (log(softmax(z1, z2)[0]), z1 - logsumexp(z1, z2)),
        (logsumexp(z1 + x, z2 + x), logsumexp(z1, z2) + x),
    ],
)
def test_log_identities_pass(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """Log identities are proved (by exp-log, or by zero derivatives and a zero point)."""
    assert _proved(lhs, rhs).method in ("exp-log", "derivative")


@pytest.mark.parametrize(
    ("lhs", "rhs", "assumptions"),
    [
        (x * log(T), log(T**x), ("T > 0",)),
        (x * log(T) + log(T**2), log(T ** (x + 2)), ("T > 0",)),
    ],
)
def test_derivative_pass(lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...]) -> None:
    """Beyond exp-log (a log times a variable): zero derivatives and a zero point prove it."""
    verdict = _proved(lhs, rhs, assumptions)
    assert verdict.method in ("derivative", "exp-rational")


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (log(sigmoid(z)), -softplus(z)),
        (log(2 * (1 + exp(z))), log(1 + exp(z))),  # equal derivatives, different values
        (softplus(z) - softplus(-z), -z),
        (binary_cross_entropy(sigmoid(z), y), softplus(z) + y * z),
    ],
)
def test_derivative_fail(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """False log identities are refuted, even when the derivatives agree."""
    assert _not_proved(lhs, rhs).status is Status.REFUTED


def test_equal_where_both_sides_are_defined() -> None:
    """log(z^2) = 2 log z: both sides are defined only for z > 0, and equal there.

    "Proved" means equal wherever both sides are defined (README, the checker): the
    right side is defined nowhere else. A false variant is never proved.
    """
    assert _proved(log(z**2), 2 * log(z)).method == "exp-log"
    _not_proved(log(z**2), 3 * log(z))
    _not_proved(log(z**2), 2 * log(z) + 1)


def test_derivative_uses_positivity_assumption() -> None:
    """x log T = log(T^x) needs T > 0 for the derivative method (T^x for T < 0 is not real)."""
    verdict = _proved(x * log(T), log(T**x), ("T > 0",))
    assert verdict.assumptions == ("T > 0",)
    assert not check(x * log(T), log(T**x)).proved


# --- cases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (softplus(z) - y * z, Max(z, 0) - y * z + log(1 + exp(-Abs(z)))),
        (logsumexp(z1, z2), Max(z1, z2) + log(1 + exp(-Abs(z1 - z2)))),
        (Max(z, 0) + sympy.Min(z, 0), z),
        (Abs(2 * z - 2), 2 * Abs(1 - z)),
    ],
)
def test_cases_pass(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """Identities with Max, Min, Abs are proved case by case."""
    assert _proved(lhs, rhs).method.startswith(("cases:", "exp-rational"))


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Abs(z), z),
        (logsumexp(z1, z2), Max(z1, z2) + log(1 + exp(Abs(z1 - z2)))),
        (softplus(z), Max(z, 0) + log(1 + exp(Abs(z)))),
        (Max(z, 0) - sympy.Min(z, 0), z),
    ],
)
def test_cases_fail(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """False piecewise identities are refuted."""
    assert _not_proved(lhs, rhs).status is Status.REFUTED


def test_case_conditions_use_assumptions() -> None:
    """|z| = z is proved under z >= 0 only."""
    _not_proved(Abs(z), z)
    _proved(Abs(z), z, ("z >= 0",))


def test_explicit_piecewise_boundary_case_is_not_dropped() -> None:
    """A Piecewise that differs on a single point is never proved."""
    lhs = Piecewise((1, sympy.Eq(z, Rational(7, 3))), (0, True))
    verdict = _not_proved(lhs, sympy.Integer(0))
    assert verdict.status is Status.UNDECIDED


# --- assumptions ----------------------------------------------------------------------


def test_equality_assumption_pass_and_fail() -> None:
    """The two-class CE gradient needs y1 + y2 = 1; without it, it is refuted."""
    lhs = Derivative(cross_entropy(softmax(z1, z2), [y1, y2]), z2)
    rhs = softmax(z1, z2)[1] - y2
    _proved(lhs, rhs, ("y1 + y2 = 1",))
    verdict = _not_proved(lhs, rhs)
    assert verdict.status is Status.REFUTED


def test_counterexample_respects_assumptions() -> None:
    """A counterexample satisfies every stated assumption."""
    verdict = check(log(T * exp(z)), log(T) + z + 1, ["T > 0", "y1 + y2 = 1"])
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None
    point = dict(verdict.counterexample.point)
    assert Rational(point["T"]) > 0


# --- sampling never proves, and does not fall for cancellation --------------------------


def test_no_refutation_from_cancellation() -> None:
    """1 - σ(z) = σ(-z) at z = 60 is not refuted although floats lose every digit there."""
    lhs, rhs = unfold(1 - sigmoid(z)), unfold(sigmoid(-z))
    assert float(1 - 1 / (1 + 2.718281828459045**-60)) == 0.0  # floats see a difference
    assert _confirm(lhs, rhs, {z: sympy.Integer(60)}, [z]) is None
    assert find_counterexample(lhs, rhs, Assumptions()) is None


def test_constant_side_is_refuted() -> None:
    """A false identity with a constant side is refuted (the sampler handles constants)."""
    verdict = check(sympy.Integer(0), x)
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None
    assert verdict.counterexample.lhs_value == "0"


def test_integer_symbols_are_sampled_at_integers() -> None:
    """cos(πK)² = 1 holds for integer K: no counterexample at a non-integer K."""
    k = sympy.Symbol("K", integer=True)
    lhs, rhs = sympy.cos(sympy.pi * k) ** 2, sympy.Integer(1)
    assert find_counterexample(lhs, rhs, Assumptions()) is None
    kr = sympy.Symbol("K", real=True)
    assert find_counterexample(sympy.cos(sympy.pi * kr) ** 2, rhs, Assumptions()) is not None


def test_false_only_at_one_point_is_undecided() -> None:
    """An identity false only off the sample points is undecided, never proved."""
    lhs = Piecewise((1, sympy.Eq(z, Rational(7, 3))), (0, True))
    assert check(lhs, 0).status is Status.UNDECIDED


# --- limits and the kernel's monopoly ------------------------------------------------------


def test_time_limit_gives_undecided() -> None:
    """A check that runs out of time is undecided with the reason."""
    a, b, c = real_symbols("a b c")
    # (P + Q)^10 (P - Q)^10 = (P^2 - Q^2)^10: true, but far too slow to expand here.
    lhs = (a + b + c + x + y + 1) ** 10 * (a - b + c - x + y - 1) ** 10 * exp(a)
    rhs = ((a + c + y) ** 2 - (b + x + 1) ** 2) ** 10 * exp(a)
    verdict = check(lhs, rhs, timeout=0.2)
    assert verdict.status is Status.UNDECIDED
    assert verdict.reason == "time limit of 0.2 s reached"
    assert verdict.seconds < 5  # the limit interrupts the computation: no hang


def test_only_kernel_can_prove() -> None:
    """A proved verdict without the kernel's Proof is rejected."""
    with pytest.raises(PermissionError, match="needs the kernel's Proof"):
        Verdict(Status.PROVED, "forged", "", "1", "2")


def test_refuted_needs_counterexample() -> None:
    """A refuted verdict without a counterexample is rejected."""
    with pytest.raises(ValueError, match="needs a counterexample"):
        Verdict(Status.REFUTED, "sampling", "", "1", "2")


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), 1e300, 3601])
def test_bad_timeout(timeout: float) -> None:
    """A timeout that is not positive, finite and at most an hour is an error."""
    with pytest.raises(ValueError, match=r"timeout must be positive and at most 3600 seconds"):
        check(z, z, timeout=timeout)


def test_timeout_must_be_a_number() -> None:
    """A timeout that is not a number is a TypeError naming it."""
    with pytest.raises(TypeError, match=r"timeout must be a number of seconds \(got '5'\)"):
        check(z, z, timeout="5")  # type: ignore[arg-type]


def test_symbol_assumptions_are_ignored() -> None:
    """Only stated assumptions count: a positive=True symbol is merely real."""
    t_pos = sympy.Symbol("T", positive=True)
    assert not check(x * log(t_pos), log(t_pos**x)).proved


def test_verdict_json() -> None:
    """A verdict serialises everything the text shows."""
    verdict = check(exp(z1) / (exp(z1) + exp(z2)), sigmoid(z2 - z1))
    data = verdict.to_json()
    assert set(data) == {
        "status",
        "method",
        "reason",
        "lhs",
        "rhs",
        "assumptions",
        "counterexample",
        "seconds",
    }
    assert data["status"] == "refuted"
    assert set(data["counterexample"]) == {"point", "lhs", "rhs", "difference", "digits"}
    assert isinstance(verdict.counterexample, Counterexample)


def test_time_limit_cleans_up_when_the_alarm_fires_late() -> None:
    """An alarm that fires during clean-up leaves no stale deadline behind."""
    import time

    from softsym.kernel import deadline as timelimit

    for _ in range(20):
        try:
            with timelimit.time_limit(0.001):
                time.sleep(0.0009)
        except timelimit.TimeLimitReached:
            pass
    assert timelimit._deadlines.stack == []
    timelimit.check_deadline()  # no stale deadline: does not raise


def test_tiny_time_limit_leaves_no_stale_deadline() -> None:
    """A limit so small that the alarm fires at once still cleans up."""
    from softsym.kernel import deadline as timelimit

    for _ in range(20):
        verdict = check(sigmoid(z), 1 / (1 + exp(-z)), timeout=1e-6)
        assert verdict.status in (Status.UNDECIDED, Status.PROVED)
    assert timelimit._deadlines.stack == []
    assert check(tanh(z), 2 * sigmoid(2 * z) - 1).status is Status.PROVED


def test_text_sides_are_parsed_not_evaluated(tmp_path: object) -> None:
    """check() reads text with the safe parser: valid text works, code is rejected."""
    import pathlib

    from softsym.errors import ParseError

    assert check("tanh(z)", "2*sigmoid(2*z) - 1").status is Status.PROVED
    target = pathlib.Path(str(tmp_path)) / "pwned"
    with pytest.raises(ParseError):
        check(f"__import__('os').system('touch {target}')", "1")
    assert not target.exists()


def test_unsupported_side_type() -> None:
    """A side that is not an expression, number or text is a TypeError naming it."""
    with pytest.raises(TypeError, match=r"lhs must be a SymPy expression, a number or text"):
        check(object(), 1)
