"""The real-number semantics, followed everywhere: regression tests of the hostile review.

Every symbol is real; an expression is defined where every subterm is real and finite;
"proved" means equal wherever both sides are defined, on a set with interior; floats are
never proved equal to anything; the sampler refutes only where both sides are defined.
"""

from __future__ import annotations

import time

import pytest
import sympy
from sympy import (
    Abs,
    Derivative,
    Float,
    KroneckerDelta,
    Max,
    Rational,
    Sum,
    exp,
    log,
    sqrt,
    symbols,
)

from softsym.decide import check
from softsym.errors import ContradictoryAssumptionsError, ParseError
from softsym.lang.domain import conditions, defined_at, nowhere
from softsym.lang.functions import logit, sigmoid
from softsym.lang.parser import parse_with_domain
from softsym.lang.symbols import real_symbols
from softsym.verdict import Status

x, y, z = real_symbols("x y z")
j, k, K = symbols("j k K", integer=True)


def _status(lhs: object, rhs: object, assumptions: tuple[str, ...] = ()) -> Status:
    return check(lhs, rhs, assumptions, timeout=10).status


# --- finding 3: inexact numbers decide nothing -------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Rational(1, 3), Float(1.0) / 3),
        (1 + Float("1e-20"), 1),
        (x + Float("0.5"), x + Rational(1, 2)),
        (x * Float("2.0"), x * Float("2.0")),
    ],
)
def test_floats_are_never_proved(lhs: object, rhs: object) -> None:
    """A float on either side: not proved, even when the sides are identical."""
    verdict = check(lhs, rhs)
    assert not verdict.proved
    assert verdict.status is Status.REFUTED or "inexact numbers" in verdict.reason


def test_float_that_differs_is_refuted_at_its_exact_value() -> None:
    """1/3 and the double 1.0/3 differ by about 2e-17: refuted, with the exact values."""
    verdict = check(Rational(1, 3), Float(1.0) / 3)
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None
    assert verdict.counterexample.rhs_value == "0.33333333333333331483"


# --- finding 4: one convention for sums --------------------------------------------------


def test_derivative_of_a_sum_keeps_karr_convention() -> None:
    """d/dx Σ_k x(1 − δ_jk) = K is false at K = −1 under j ≤ 0: never proved."""
    lhs = Derivative(Sum(x * (1 - KroneckerDelta(j, k)), (k, 1, K)), x)
    assert _status(lhs, K, ("j <= 0",)) is not Status.PROVED


def test_derivative_of_a_sum_is_still_proved_when_true() -> None:
    """d/dx Σ_k x·z_k-free terms: Σ_{k=1}^{K} 1 = K holds for every integer K (Karr)."""
    assert _status(Derivative(Sum(x, (k, 1, K)), x), K) is Status.PROVED


# --- findings 5 and 13: defined nowhere -----------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (sqrt(exp(2 * x * log(-1))) * exp(-x * log(-1)), 1),
        (log(0) + x, log(0) + y),
        (log(-1) + x, log(-1) + x),
        (log(-exp(x)), log(-exp(x))),
        (sqrt(-1 - x**2), sqrt(-1 - x**2)),
        (1 / (sigmoid(x) + sigmoid(-x) - 1), 1 / (sigmoid(x) + sigmoid(-x) - 1)),
    ],
)
def test_sides_defined_nowhere_are_not_proved(lhs: object, rhs: object) -> None:
    """A side defined nowhere (a constant log(−1), log(0), or an empty domain) is never proved."""
    verdict = check(lhs, rhs)
    assert not verdict.proved
    assert "defined nowhere" in verdict.reason or "no point was found" in verdict.reason


def test_nowhere_names_the_constant() -> None:
    """The reason names the subterm that is not real."""
    assert nowhere(log(0) + x) == "it contains zoo, which is not a real number"
    assert nowhere(x + 1) is None


# --- findings 6, 7, 8: the sampler refutes only where both sides are defined -----------------


@pytest.mark.parametrize(
    ("lhs", "rhs", "assumptions"),
    [
        ("exp(log(x))", "Abs(x)", ()),
        (sqrt(exp(2 * logit(x))), x / (1 - x), ()),
        ("diff(Abs(x), x)**2", "1", ()),
        ("diff(Max(x, 0), x)", "1", ("x >= 0",)),
        ((sigmoid(x) + sigmoid(-x) - 1) / (sigmoid(y) + sigmoid(-y) - 1), 1, ()),
    ],
)
def test_true_where_defined_is_never_refuted(
    lhs: object, rhs: object, assumptions: tuple[str, ...]
) -> None:
    """Identities true wherever both sides are defined are not refuted at undefined points."""
    assert _status(lhs, rhs, assumptions) is not Status.REFUTED


def test_text_records_the_domain_before_sympy_simplifies() -> None:
    """exp(log(x)) is x at once in SymPy; the text reader keeps x > 0."""
    expr, conds = parse_with_domain("exp(log(x))")
    assert expr == x
    assert ("positive", x) in conds


def test_defined_at_needs_a_clear_margin() -> None:
    """A denominator that is exactly zero is never taken as nonzero."""
    assert not defined_at([("nonzero", sigmoid(y) + sigmoid(-y) - 1)], {y: Rational(-25, 8)})
    almost = sigmoid(y) + sigmoid(-y) - 1 + Rational(1, 10**9)
    assert defined_at([("nonzero", almost)], {y: Rational(1)})
    assert defined_at(conditions(log(x), kinks=False), {x: Rational(1, 2)})
    assert not defined_at(conditions(log(x), kinks=False), {x: Rational(-2)})
    assert not defined_at(conditions(sympy.sign(x), kinks=True), {x: 0})


def test_counterexample_values_match_the_difference() -> None:
    """Every counterexample's difference is the difference of its two values."""
    verdict = check(sigmoid(x), 1 - sigmoid(x))
    assert verdict.status is Status.REFUTED
    cex = verdict.counterexample
    assert cex is not None
    lhs, rhs, diff = (sympy.Float(v, 20) for v in (cex.lhs_value, cex.rhs_value, cex.difference))
    assert abs((lhs - rhs) - diff) < sympy.Float("1e-15")


# --- finding 9: Max/Min/Abs of non-polynomial arguments -----------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs", "assumptions"),
    [
        (Max(exp(x), 1), exp(Max(x, 0)), ()),
        (Abs(log(x)), Max(log(x), -log(x)), ("x > 0",)),
    ],
)
def test_nonlinear_case_conditions_do_not_crash(
    lhs: object, rhs: object, assumptions: tuple[str, ...]
) -> None:
    """Case conditions outside linear arithmetic are kept, not a PolynomialError."""
    verdict = check(lhs, rhs, assumptions)
    assert verdict.status is not Status.REFUTED
    assert "PolynomialError" not in verdict.reason


# --- finding 10: one deadline for the whole check -----------------------------------------------


def test_reading_a_huge_max_is_inside_the_time_limit() -> None:
    """Parsing Max of 400 symbols is bounded by the check's limit."""
    text = "Max(" + ", ".join(f"a{i}" for i in range(400)) + ")"
    start = time.monotonic()
    verdict = check(text, text, timeout=1)
    assert time.monotonic() - start < 3
    assert verdict.status in (Status.PROVED, Status.UNDECIDED)


def test_high_power_in_an_assumption_is_not_expanded() -> None:
    """x + (1 + y + z + w)**300 = 0 is solved for x without expanding the power."""
    start = time.monotonic()
    verdict = check("x + (1 + y + z + w)**300", "0", ["x + (1 + y + z + w)**300 = 0"], timeout=5)
    assert time.monotonic() - start < 7
    assert verdict.proved


# --- finding 11: contradictory assumptions -------------------------------------------------------


@pytest.mark.parametrize(
    ("assumptions", "message"),
    [
        (("x > 0", "x < 0"), "no real values satisfy x > 0 and x < 0"),
        (("x = 1", "x = 2"), "x = 2 cannot hold together with the equalities before it"),
        (("x + y = 1", "x + y = 3"), "cannot hold together"),
        (("x > 1", "y = x", "y < 0"), "no real values satisfy"),
    ],
)
def test_contradictory_assumptions_are_reported(assumptions: tuple[str, ...], message: str) -> None:
    """Assumptions that cannot hold together are an input error naming them."""
    with pytest.raises(ContradictoryAssumptionsError, match=message):
        check(x, x + 1, assumptions)


def test_undecided_reason_never_starts_with_a_comma() -> None:
    """The reason of an undecided verdict is a sentence."""
    verdict = check(Max(x, y) * log(1 + x**2), Max(x, y) * log(1 + x**2) + 0 * x)
    assert not verdict.reason.startswith(",")


# --- finding 14: one name, two symbols ------------------------------------------------------------


def test_integer_and_real_symbol_with_one_name_is_an_input_error() -> None:
    """An integer k and a real k in one check is an error, not an AttributeError."""
    real_k = sympy.Symbol("k", real=True)
    with pytest.raises(ParseError, match="the name k stands for two different symbols"):
        check(k + real_k, 2 * real_k)


# --- findings 15 and 16: tiny differences and integer sums are refuted ---------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (sigmoid(z), 1 / (1 + exp(-z)) + Rational(1, 10**20)),
        (sigmoid(z), 1 / (1 + exp(-z)) + exp(-60)),
        (x, x + Rational(1, 10**25)),
        (10**40 * sigmoid(x), 10**40 * sigmoid(x) + 1),
        (x, x + Rational(1, 10**300)),
    ],
)
def test_tiny_differences_are_refuted(lhs: object, rhs: object) -> None:
    """Certified evaluation at adaptive precision refutes however small the difference."""
    verdict = check(lhs, rhs)
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None
    assert verdict.counterexample.difference.startswith("-")


def test_integer_index_sums_are_sampled_at_integers() -> None:
    """Σ_{k=1}^{K} k = K(K+1)/2 + 1 is refuted at an integer K."""
    verdict = check(Sum(k, (k, 1, K)), K * (K + 1) / 2 + 1)
    assert verdict.status is Status.REFUTED
    assert verdict.counterexample is not None
    ((name, value),) = verdict.counterexample.point
    assert name == "K"
    assert sympy.Rational(value).is_integer


def test_true_integer_sum_is_not_refuted() -> None:
    """Σ_{k=1}^{K} k = K(K+1)/2 is never refuted (sampled at integers, Karr's convention)."""
    assert _status(Sum(k, (k, 1, K)), K * (K + 1) / 2) is not Status.REFUTED


# --- finding 19: long sums as text ----------------------------------------------------------------


def test_a_500_term_sum_can_be_stated_as_text() -> None:
    """y1 + ... + y500 = 1 is read without recursing once per term."""
    total = " + ".join(f"y{i}" for i in range(1, 501))
    rest = " + ".join(f"y{i}" for i in range(2, 501))
    assert check("y1", f"1 - ({rest})", [f"{total} = 1"]).proved


# --- finding 17: exact Max/Min regions, a numeric lower limit, positivity from linear facts ----

p = real_symbols("p")
zz = sympy.IndexedBase("z", real=True)


@pytest.mark.parametrize(
    ("lhs", "rhs", "assumptions"),
    [
        ("Max(x, y, z)", "-Min(-x, -y, -z)", ()),
        ("Min(x, y, z)", "-Max(-x, -y, -z)", ()),
        (Sum(zz[k], (k, 0, K)), zz[0] + Sum(zz[k], (k, 1, K)), ()),
        (Sum(zz[k], (k, 3, K)), Sum(zz[k], (k, 1, K)) - zz[1] - zz[2], ()),
        (Sum(zz[k], (k, -1, K)), zz[-1] + zz[0] + Sum(zz[k], (k, 1, K)), ()),
        (logit(p), log(p) - log(1 - p), ("p > 0", "p < 1")),
        (log(1 - p) + log(1 + p), log((1 - p) * (1 + p)), ("p > -1", "p < 1")),
    ],
)
def test_review_identities_are_proved(
    lhs: object, rhs: object, assumptions: tuple[str, ...]
) -> None:
    """Identities the hostile review found undecided are proved."""
    assert check(lhs, rhs, assumptions).proved


@pytest.mark.parametrize(
    ("lhs", "rhs", "assumptions"),
    [
        ("Max(x, y, z)", "-Min(-x, -y, z)", ()),
        ("Max(x, y, z)", "Max(x, y)", ()),
        (Sum(zz[k], (k, 0, K)), Sum(zz[k], (k, 1, K)), ()),
        (Sum(zz[k], (k, 3, K)), Sum(zz[k], (k, 1, K)) - zz[1], ()),
        (logit(p), log(p) + log(1 - p), ("p > 0", "p < 1")),
        (log(1 - p) + log(1 + p), log((1 - p) * (1 + p)) + 1, ("p > -1", "p < 1")),
        (log(1 - p) - log(1 - p), 1, ("p > 0", "p < 1")),
    ],
)
def test_review_perturbations_are_not_proved(
    lhs: object, rhs: object, assumptions: tuple[str, ...]
) -> None:
    """The same identities, made false, are never proved."""
    assert not check(lhs, rhs, assumptions).proved


def test_positivity_from_linear_facts_needs_them() -> None:
    """Without p < 1, log(1 − p) is not known to be defined: the derivative method declines."""
    verdict = check(logit(p), log(p) - log(1 - p), ("p > 0",))
    assert verdict.method != "derivative"


# --- the exp-log method: one exp-rational test, whatever the number of variables ------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (log(x * y), log(x) + log(y)),
        (log(x**2) / 2, log(x)),
        (log(exp(x) + 1), x + log(1 + exp(-x))),
        (log(1 + exp(-x)) + log(1 + exp(x)), x + 2 * log(1 + exp(-x))),
    ],
)
def test_exp_log_proves(lhs: object, rhs: object) -> None:
    """Sums of logarithms whose exponential is 1 are proved by exp-log."""
    verdict = check(lhs, rhs)
    assert verdict.proved
    assert verdict.method == "exp-log"


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (log(x) + log(y), log(x + y)),
        (log(2 * x), log(x) + log(3)),
        (log(x) / 2, log(x)),
        (log(x * y), log(x) + log(y) + Rational(1, 10**30)),
        (log(-x), log(x)),
        (log(exp(x) + 1), x + log(1 + exp(x))),
    ],
)
def test_exp_log_does_not_prove_false_identities(lhs: object, rhs: object) -> None:
    """A combination of logarithms whose exponential is not 1 is never proved."""
    assert not check(lhs, rhs).proved


def test_logsumexp_shift_for_many_classes_is_proved_by_exp_log() -> None:
    """logsumexp(z + c) = logsumexp(z) + c for 100 logits: no derivative per logit."""
    from softsym.lang.functions import logsumexp

    zs = real_symbols(" ".join(f"z{i}" for i in range(100)))
    c = real_symbols("c")
    verdict = check(logsumexp(*[zi + c for zi in zs]), logsumexp(*zs) + c)
    assert verdict.method == "exp-log"


# --- findings of the standing fuzzer ----------------------------------------------------------


def test_derivative_of_log_is_not_refuted_outside_its_domain() -> None:
    """d/dx log x = 1/|x| holds wherever log x is defined: never refuted at x < 0."""
    assert _status(Derivative(log(x), x), 1 / Abs(x)) is not Status.REFUTED
    assert _status(Derivative(log(x * (1 - x)), x), 1 / Abs(x) - 1 / Abs(1 - x)) is not (
        Status.REFUTED
    )


def test_assumption_about_an_absent_symbol() -> None:
    """A stated fact about a symbol the sides do not use changes nothing."""
    assert check(sigmoid(x), sigmoid(x), ["y > 0"]).proved
    assert check(sigmoid(x), sigmoid(-x), ["y > 0"]).status is Status.REFUTED


def test_derivative_method_base_point_satisfies_inequalities_on_other_symbols() -> None:
    """The base point of the derivative method gives values to every stated symbol.

    The domain z < w < 0 lives in (z, w); the difference depends on z only. The
    point must satisfy the inequalities with a value for w too.
    """
    from softsym.lang.functions import binary_cross_entropy, softplus

    z, _w, y = real_symbols("z w y")
    lhs, rhs = binary_cross_entropy(sigmoid(z), y), -y * z + softplus(z)
    verdict = check(lhs, rhs, ["z < w", "w < 0"])
    assert verdict.proved
    assert verdict.method == "derivative"
    assert check(lhs, rhs + 1, ["z < w", "w < 0"]).status is Status.REFUTED


def test_chain_rule_shares_subterms_but_differentiates_correctly() -> None:
    """The kernel's own chain rule (each shared subterm once) agrees with the textbook."""
    from softsym.lang.functions import cross_entropy, softmax

    zs = real_symbols("z1 z2 z3 z4")
    ys = real_symbols("y1 y2 y3 y4")
    p = softmax(*zs)
    grad = Derivative(cross_entropy(list(p), list(ys)), zs[0])
    assert check(grad, p[0] - ys[0], ["y1 + y2 + y3 + y4 = 1"]).proved
    assert check(grad, p[0] - ys[0]).status is Status.REFUTED  # needs Σ y = 1
    assert check(grad, p[0] + ys[0], ["y1 + y2 + y3 + y4 = 1"]).status is Status.REFUTED
    assert check(Derivative(p[1], zs[0]), -p[0] * p[1]).proved
    assert check(Derivative(p[1], zs[0]), p[0] * p[1]).status is Status.REFUTED
    assert check(Derivative(sympy.sqrt(x**2 + 1), x), x / sympy.sqrt(x**2 + 1)).proved
    assert check(Derivative(sympy.sqrt(x**2 + 1), x), 1 / sympy.sqrt(x**2 + 1)).status is (
        Status.REFUTED
    )
