"""Tests of the finite-sum normal form: every rule has must-pass and must-fail cases."""

from __future__ import annotations

import json

import pytest
import sympy
from sympy import Eq, IndexedBase, KroneckerDelta, Sum, exp, log, symbols

from softsym.decide import assume, check
from softsym.errors import ContradictoryAssumptionsError, DerivationError, ParseError
from softsym.kernel.assumptions import Assumptions
from softsym.kernel.linear import feasible, implied
from softsym.kernel.sums import bound_index, normalize_sums
from softsym.lang.relations import StatedRelation
from softsym.lang.symbols import real_symbols
from softsym.proofs.derivation import Derivation, Step, verify
from softsym.verdict import Status, Verdict

x = IndexedBase("x", real=True)
y = IndexedBase("y", real=True)
z = IndexedBase("z", real=True)
i, j, k, m, J, K = symbols("i j k m J K", integer=True)
c, r = real_symbols("c r")

S = Sum(exp(z[k]), (k, 1, K))
IN_RANGE = ("1 <= j", "j <= K")
SUM_Y_IS_1 = Eq(Sum(y[k], (k, 1, K)), 1)


def _proved(lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[object, ...] = ()) -> Verdict:
    verdict = check(lhs, rhs, assumptions)
    assert verdict.status is Status.PROVED, verdict
    return verdict


def _not_proved(lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[object, ...] = ()) -> Verdict:
    verdict = check(lhs, rhs, assumptions)
    assert verdict.status is not Status.PROVED, verdict
    return verdict


# --- canonical bound index -------------------------------------------------------


def test_renamed_index_pass() -> None:
    """Sums that differ only in the name of the bound index are the same sum."""
    left = normalize_sums(Sum(x[k] * y[k], (k, 1, K)))
    right = normalize_sums(Sum(y[i] * x[i], (i, 1, K)))
    assert left == right
    assert left == Sum(x[bound_index(0)] * y[bound_index(0)], (bound_index(0), 1, K))


def test_renamed_index_keeps_free_index_fail() -> None:
    """Renaming the bound index never merges it with a free index of the same name."""
    _not_proved(Sum(x[k] * y[j], (k, 1, K)), Sum(x[j] * y[j], (j, 1, K)))


def test_renaming_never_captures() -> None:
    """A free occurrence of the canonical index inside the summand keeps the sum's own index."""
    v = bound_index(0)
    result = normalize_sums(Sum(x[k] * exp(v * z[k]), (k, 1, K)))
    assert result == Sum(x[k] * exp(v * z[k]), (k, 1, K))
    assert v in result.free_symbols


def test_nested_and_multiple_limits_pass() -> None:
    """Nested sums and a sum with two limits factor into the same product of sums."""
    product = Sum(x[k], (k, 1, K)) * Sum(y[k], (k, 1, K))
    _proved(Sum(Sum(x[k] * y[m], (k, 1, K)), (m, 1, K)), product)
    _proved(Sum(x[k] * y[m], (k, 1, K), (m, 1, K)), product)


def test_nested_sum_with_dependent_range_fail() -> None:
    """An inner range that depends on the outer index does not factor."""
    product = Sum(x[k], (k, 1, K)) * Sum(y[k], (k, 1, K))
    _not_proved(Sum(Sum(x[k] * y[m], (k, 1, m)), (m, 1, K)), product)


# --- concrete ranges -------------------------------------------------------------


def test_concrete_range_pass() -> None:
    """A sum over 1..3 is written out term by term."""
    _proved(
        Sum(x[k] * exp(z[k]), (k, 1, 3)), x[1] * exp(z[1]) + x[2] * exp(z[2]) + x[3] * exp(z[3])
    )


def test_concrete_range_fail() -> None:
    """Dropping a term of a concrete sum is not proved."""
    _not_proved(Sum(x[k], (k, 1, 3)), x[1] + x[2])


# --- offsets in a symbolic limit -------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Sum(x[k], (k, 1, K)), Sum(x[k], (k, 1, K - 1)) + x[K]),
        (Sum(x[k], (k, 1, K + 2)), Sum(x[k], (k, 1, K)) + x[K + 1] + x[K + 2]),
        (Sum(x[k], (k, j + 1, K)), Sum(x[k], (k, j, K)) - x[j]),
        (Sum(x[k], (k, j - 1, K)), Sum(x[k], (k, j, K)) + x[j - 1]),
    ],
)
def test_limit_offset_pass(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """Peeling terms off a symbolic limit: the two ranges meet as one sum."""
    _proved(lhs, rhs)


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Sum(x[k], (k, 1, K)), Sum(x[k], (k, 1, K - 1)) + x[K - 1]),
        (Sum(x[k], (k, j + 1, K)), Sum(x[k], (k, j, K)) - x[j + 1]),
        (Sum(x[k], (k, 1, K)), Sum(x[k], (k, 1, K - 1))),
    ],
)
def test_limit_offset_fail(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """Peeling off the wrong term, or none, is not proved."""
    _not_proved(lhs, rhs)


# --- linearity -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Sum(exp(z[k] + c), (k, 1, K)), exp(c) * S),
        (Sum(x[k] + y[k], (k, 1, K)), Sum(x[i], (i, 1, K)) + Sum(y[i], (i, 1, K))),
        (
            Sum(c * (x[k] - 2 * y[k]), (k, 1, K)),
            c * Sum(x[k], (k, 1, K)) - 2 * c * Sum(y[k], (k, 1, K)),
        ),
        (Sum(c, (k, 1, K)), c * K),
        (Sum(0 * x[k], (k, 1, K)), 0),
    ],
)
def test_linearity_pass(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """Sums split over + and factors free of the index come out."""
    _proved(lhs, rhs)


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Sum(k * y[k], (k, 1, K)), K * Sum(y[k], (k, 1, K))),
        (Sum(x[k] * y[k], (k, 1, K)), Sum(x[k], (k, 1, K)) * Sum(y[k], (k, 1, K))),
        (Sum(exp(z[k] + c), (k, 1, K)), exp(c) + S),
        (Sum(x[k], (k, 1, K)), Sum(x[k], (k, 1, J))),
        (Sum(x[k], (k, 1, K)), Sum(x[k], (k, 0, K))),
        (Sum(exp(2 * z[k]), (k, 1, K)), S**2),
    ],
)
def test_linearity_fail(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """What depends on the index stays inside; different ranges stay different."""
    _not_proved(lhs, rhs)


def test_constant_sum_refuted() -> None:
    """Σ_{k=1}^{K} c = c K, so c (K + 1) is refuted at a concrete point."""
    verdict = _not_proved(Sum(c, (k, 1, K)), c * (K + 1))
    assert verdict.status is Status.REFUTED


# --- Kronecker delta -------------------------------------------------------------

DELTA_SUM = Sum(KroneckerDelta(j, k) * y[k], (k, 1, K))


def test_delta_in_range_pass() -> None:
    """Σ_k δ_jk y_k = y_j when 1 ≤ j ≤ K is stated."""
    _proved(DELTA_SUM, y[j], IN_RANGE)
    _proved(Sum(KroneckerDelta(k, j) * exp(z[k] + c), (k, 1, K)), exp(z[j] + c), IN_RANGE)


@pytest.mark.parametrize(
    "assumptions",
    [
        (),
        ("1 <= j",),
        ("0 <= j", "j <= K"),
        ("1 <= i", "i <= K"),
    ],
)
def test_delta_without_range_fail(assumptions: tuple[str, ...]) -> None:
    """Without 1 ≤ j ≤ K (missing, weaker, about another index) it is not proved."""
    _not_proved(DELTA_SUM, y[j], assumptions)


def test_delta_with_contradictory_range_is_an_input_error() -> None:
    """Contradictory ranges are reported, not used (and never give a proof)."""
    with pytest.raises(ContradictoryAssumptionsError, match="contradict each other"):
        check(DELTA_SUM, y[j], ("2 <= j", "j <= 1", "1 <= j", "j <= K"))


def test_delta_range_about_a_free_index_only_fail() -> None:
    """Inside Σ_j the stated range of a free j says nothing about the bound j."""
    inner = Sum(KroneckerDelta(k, j) * y[k], (k, 1, K))
    _not_proved(Sum(inner, (j, -5, K)), Sum(y[j], (j, -5, K)), IN_RANGE)


def test_delta_ambiguous_name_fail() -> None:
    """A real symbol and an integer symbol both named j in one check: an input error."""
    real_j = real_symbols("j")
    with pytest.raises(ParseError, match="the name j stands for two different symbols"):
        check(DELTA_SUM + real_j, y[j] + real_j, IN_RANGE)


def test_two_deltas_fail() -> None:
    """Two deltas in one term are left alone (δ_jk δ_ik is not δ_ij y_j blindly)."""
    term = Sum(KroneckerDelta(j, k) * KroneckerDelta(i, k) * y[k], (k, 1, K))
    _not_proved(term, y[j], (*IN_RANGE, "1 <= i", "i <= K"))


# --- index-range branches ----------------------------------------------------------


def test_piecewise_branch_pass() -> None:
    """SymPy's own evaluation of a delta sum is a Piecewise; the stated range selects it."""
    evaluated = DELTA_SUM.doit()
    assert isinstance(evaluated, sympy.Piecewise)
    _proved(evaluated, y[j], IN_RANGE)


def test_piecewise_branch_fail() -> None:
    """Half of the range does not select the branch."""
    _not_proved(DELTA_SUM.doit(), y[j], ("1 <= j",))


def test_piecewise_contradicted_branch_is_dropped() -> None:
    """A branch whose condition contradicts the context is dropped, the next one kept."""
    pw = sympy.Piecewise((y[1], j > K), (y[2], True))
    _proved(pw, y[2], IN_RANGE)
    _not_proved(pw, y[2], ("1 <= j",))


# --- logarithm of a positive product ---------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs", "assumptions"),
    [
        (log(exp(c) * S), c + log(S), ("K >= 1",)),
        (log(exp(z[j]) / S), z[j] - log(S), IN_RANGE),
        (log(2 * S**3), log(2) + 3 * log(S), ("K >= 1",)),
        (log(Sum(exp(z[k] - r), (k, 1, K))), log(S) - r, ("K >= 1",)),
    ],
)
def test_log_of_positive_product_pass(
    lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...]
) -> None:
    """log splits over a product of positive factors once the sum's range is nonempty."""
    _proved(lhs, rhs, assumptions)


@pytest.mark.parametrize(
    ("lhs", "rhs", "assumptions"),
    [
        (log(exp(c) * S), c + log(S), ()),
        (log(exp(c) * S), c + log(S), ("K >= 0",)),
        (log(exp(c) * Sum(y[k], (k, 1, K))), c + log(Sum(y[k], (k, 1, K))), ("K >= 1",)),
        (log(-exp(c) * S), c + log(-S), ("K >= 1",)),
    ],
)
def test_log_of_product_where_defined(
    lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...]
) -> None:
    """Unsplit by the sum normal form, but defined only where the split holds: exp-log.

    Without a nonempty range, or for factors of unknown sign, the normal form leaves
    the log alone; both sides are defined only where the split is valid.
    """
    assert _proved(lhs, rhs, assumptions).method == "exp-log"


@pytest.mark.parametrize(
    ("lhs", "rhs", "assumptions"),
    [
        (log(exp(c) * S), c * log(S), ("K >= 1",)),
        (log(exp(c) * S), c + log(2 * S), ()),
        (log(exp(c) * Sum(y[k], (k, 1, K))), c - log(Sum(y[k], (k, 1, K))), ("K >= 1",)),
        (log(-exp(c) * S), c + log(S), ("K >= 1",)),
    ],
)
def test_log_of_positive_product_fail(
    lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...]
) -> None:
    """A split into a wrong form is never proved."""
    _not_proved(lhs, rhs, assumptions)


# --- termwise equal sums -----------------------------------------------------------


def test_termwise_equal_pass() -> None:
    """Summands equal for every k (1/(1 + e^{-z}) = e^{z}/(1 + e^{z})) give equal sums."""
    lhs = Sum(1 / (1 + exp(-z[k])), (k, 1, K))
    rhs = Sum(exp(z[k]) / (1 + exp(z[k])), (k, 1, K))
    _proved(lhs, rhs)


def test_termwise_equal_fail() -> None:
    """Different summands, or equal summands over different ranges, are not unified."""
    lhs = Sum(1 / (1 + exp(-z[k])), (k, 1, K))
    _not_proved(lhs, Sum(exp(-z[k]) / (1 + exp(z[k])), (k, 1, K)))
    _not_proved(lhs, Sum(exp(z[k]) / (1 + exp(z[k])), (k, 1, J)))


# --- stated sums -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Sum(y[i], (i, 1, K)), 1),
        (2 * Sum(y[m], (m, 1, K)) + c, 2 + c),
        (Sum(y[k] * exp(c), (k, 1, K)), exp(c)),
        (Sum(y[k] + x[k], (k, 1, K)), 1 + Sum(x[k], (k, 1, K))),
    ],
)
def test_stated_sum_pass(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """Σ_k y_k = 1 replaces the normalised sum wherever it occurs."""
    _proved(lhs, rhs, (SUM_Y_IS_1,))


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (Sum(y[i], (i, 1, K)), 2),
        (Sum(y[i] ** 2, (i, 1, K)), 1),
        (Sum(y[i], (i, 1, J)), 1),
        (Sum(y[i], (i, 2, K)), 1),
        (Sum(Sum(y[k], (k, 1, K)), (K, 1, 3)), 3),
    ],
)
def test_stated_sum_fail(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """Other values, other summands, other ranges, and a K bound by an outer sum are not it."""
    _not_proved(lhs, rhs, (SUM_Y_IS_1,))


def test_stated_sum_is_needed() -> None:
    """Without the assumption Σ_k y_k = 1 is not proved."""
    _not_proved(Sum(y[i], (i, 1, K)), 1)


def test_stated_sum_solved_for_the_sum() -> None:
    """An equality linear in a sum is solved for it; no point is offered for sampling."""
    assume = Assumptions.of([Eq(2 * Sum(y[k], (k, 1, K)), 3)])
    ((key, value),) = assume.sum_substitution
    assert key == Sum(y[bound_index(0)], (bound_index(0), 1, K))
    assert value == sympy.Rational(3, 2)
    assert assume.unused_equalities == ()
    assert assume.holds_at({c: sympy.Integer(0)}) is None
    _proved(Sum(y[i], (i, 1, K)) + c, c + sympy.Rational(3, 2), assume)
    _not_proved(Sum(y[i], (i, 1, K)), 1, assume)


def test_stated_sum_with_a_symbol_solves_for_the_symbol() -> None:
    """Σ_k y_k + c = 1 is solved for the plain symbol c, and still proves Σ_k y_k = 1 − c."""
    assume = Assumptions.of([Eq(Sum(y[k], (k, 1, K)) + c, 1)])
    assert [v for v, _ in assume.substitution] == [c]
    _proved(Sum(y[i], (i, 1, K)), 1 - c, assume)
    _not_proved(Sum(y[i], (i, 1, K)), 1 + c, assume)


def test_nonlinear_sum_equality_is_unused() -> None:
    """(Σ_k y_k)² = 1 is not solved for the sum: it is kept as unused."""
    assume = Assumptions.of([Eq(Sum(y[k], (k, 1, K)) ** 2, 1)])
    assert assume.sum_substitution == ()
    assert len(assume.unused_equalities) == 1
    _not_proved(Sum(y[i], (i, 1, K)), 1, assume)


def test_stated_relation_is_text() -> None:
    """A relation kept by a derivation is its text, and Assumptions use the relation."""
    stated = StatedRelation(SUM_Y_IS_1)
    assert stated == "Sum(y[k], (k, 1, K)) = 1"
    assert json.dumps([stated]) == '["Sum(y[k], (k, 1, K)) = 1"]'
    assert assume([stated]).stated == (SUM_Y_IS_1,)


def test_derivation_accepts_a_relation() -> None:
    """A derivation may state Σ_k y_k = 1 as a relation; it shows as text and is used."""
    d = Derivation(
        name="sum-to-one",
        title="Targets sum to one",
        lhs=3 * Sum(y[k], (k, 1, K)),
        rhs=sympy.Integer(3),
        steps=(Step(sympy.Integer(3), "the targets sum to one"),),
        assumptions=("K >= 1", SUM_Y_IS_1),
    )
    assert d.assumptions == ("K >= 1", "Sum(y[k], (k, 1, K)) = 1")
    assert verify(d).proved


def test_derivation_rejects_a_non_relation() -> None:
    """Something that is neither text nor a comparison is a bad assumption."""
    with pytest.raises(DerivationError, match="bad assumption"):
        Derivation(
            name="bad",
            title="Bad",
            lhs=c,
            rhs=c,
            steps=(Step(c, "same"),),
            assumptions=(Sum(y[k], (k, 1, K)),),
        )


# --- exact linear feasibility ------------------------------------------------------


def test_feasible_decides_linear_systems() -> None:
    """Fourier–Motzkin decides feasibility exactly, strict and non-strict."""
    a, b = symbols("a b")
    assert feasible([a > 1, a < 0]) is False
    assert feasible([a >= 1, a <= 1]) is True
    assert feasible([a > 1, a <= 1]) is False
    assert feasible([a + b > 1, a < 0, b < 0]) is False
    assert feasible([a + b > 1, a < 0]) is True
    assert feasible([Eq(a, 2), a > 1]) is True
    assert feasible([]) is True


def test_feasible_refuses_nonlinear() -> None:
    """Products of symbols and floats are outside the exact fragment: None."""
    a, b = symbols("a b")
    assert feasible([a * b > 1]) is None
    assert feasible([a > sympy.Float(0.5)]) is None


def test_implied_ranges() -> None:
    """1 ≤ j ≤ K implies 1 ≤ K, not 2 ≤ K."""
    context = (sympy.Le(1, j), sympy.Le(j, K))
    assert implied(sympy.Le(1, K), context)
    assert not implied(sympy.Le(2, K), context)
    assert not implied(sympy.Le(1, K), ())


def test_normal_form_without_sums_is_unchanged() -> None:
    """Expressions without sums pass through untouched."""
    expr = exp(c) / (1 + exp(c))
    assert normalize_sums(expr) is expr
