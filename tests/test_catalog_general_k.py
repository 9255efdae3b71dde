"""General K, gradients and the function-class theorem: proved, cited, hard to fake."""

from __future__ import annotations

import dataclasses

import pytest
import sympy
from sympy import Derivative, Eq, IndexedBase, KroneckerDelta, Sum, exp, log, symbols

from softsym.cli import main
from softsym.decide import check
from softsym.lang.functions import binary_cross_entropy, sigmoid, softmax
from softsym.lang.symbols import real_symbols
from softsym.proofs.catalog import catalog_dir, load_path
from softsym.proofs.derivation import Derivation, DerivationResult, Step, verify_all
from softsym.render.text import to_text
from softsym.verdict import Status

MODULES = ("k_classes.py", "gradients.py", "function_class.py")
SEEDS = ("softmax2_sigmoid.py", "sigmoid_derivative.py")
MINE = [d for f in MODULES for d in load_path(catalog_dir() / f)]
LIBRARY = MINE + [d for f in SEEDS for d in load_path(catalog_dir() / f)]
BY_NAME = {d.name: d for d in MINE}

z = IndexedBase("z", real=True)
y = IndexedBase("y", real=True)
a = IndexedBase("a", real=True)
w, w1, w2, c_vec = (IndexedBase(s, real=True) for s in ("w", "w1", "w2", "c"))
i, j, k, ell, K, n = symbols("i j k l K n", integer=True)
b, b1, b2, c, d, m = real_symbols("b b1 b2 c d m")
S = Sum(exp(z[ell]), (ell, 1, K))

CITATIONS = {
    "softmax-shift-invariance": (),
    "logsumexp-shift": (),
    "softmax-last-logit-zero": ("softmax-shift-invariance",),
    "softmax2-reduction-logistic": ("softmax-shift-invariance", "softmax2-sigmoid-second"),
    "logsumexp-stable-general": (),
    "softmax-jacobian": (),
    "logsumexp-gradient": (),
    "log-softmax": (),
    "cross-entropy-gradient": ("log-softmax", "logsumexp-gradient"),
    "sigmoid-weight-gradient": ("sigmoid-derivative",),
    "bce-sigmoid-gradient": ("sigmoid-derivative",),
    "difference-of-affine-is-affine": (),
    "affine-is-difference-of-affine": (),
    "softmax2-class-is-logistic": ("softmax2-sigmoid-second", "difference-of-affine-is-affine"),
    "logistic-class-is-softmax2": ("affine-is-difference-of-affine", "softmax2-sigmoid-second"),
    "softmax2-not-identifiable": ("softmax2-sigmoid-second",),
}
NAMES = list(CITATIONS)


def _dot(v: object) -> Sum:
    entry = v[i] if isinstance(v, IndexedBase) else v
    return Sum(entry * a[i], (i, 1, n))


# Claims built independently of the catalog files: a derivation cannot prove a weaker claim.
CLAIMS = {
    "softmax-shift-invariance": (
        exp(z[i] + c) / Sum(exp(z[k] + c), (k, 1, K)),
        exp(z[i]) / Sum(exp(z[k]), (k, 1, K)),
    ),
    "logsumexp-shift": (
        log(Sum(exp(z[k] + c), (k, 1, K))),
        log(Sum(exp(z[k]), (k, 1, K))) + c,
    ),
    "logsumexp-stable-general": (
        log(Sum(exp(z[k]), (k, 1, K))),
        m + log(Sum(exp(z[k] - m), (k, 1, K))),
    ),
    "softmax-jacobian": (
        Derivative(exp(z[i]) / S, z[j]),
        exp(z[i]) / S * (KroneckerDelta(i, j) - exp(z[j]) / S),
    ),
    "logsumexp-gradient": (Derivative(log(S), z[j]), exp(z[j]) / S),
    "log-softmax": (log(exp(z[j]) / S), z[j] - log(S)),
    "cross-entropy-gradient": (
        Derivative(-Sum(y[k] * log(exp(z[k]) / S), (k, 1, K)), z[j]),
        exp(z[j]) / S - y[j],
    ),
    "bce-sigmoid-gradient": (
        Derivative(binary_cross_entropy(sigmoid(c), b), c).xreplace(
            {c: real_symbols("z"), b: real_symbols("y")}
        ),
        sigmoid(real_symbols("z")) - real_symbols("y"),
    ),
    "difference-of-affine-is-affine": (
        (_dot(w1) + b1) - (_dot(w2) + b2),
        _dot(w1[i] - w2[i]) + b1 - b2,
    ),
    "softmax2-class-is-logistic": (
        softmax(_dot(w1) + b1, _dot(w2) + b2)[1],
        sigmoid(_dot(w2[i] - w1[i]) + b2 - b1),
    ),
    "softmax2-not-identifiable": (
        softmax(_dot(w1[i] + c_vec[i]) + b1 + d, _dot(w2[i] + c_vec[i]) + b2 + d)[1],
        softmax(_dot(w1) + b1, _dot(w2) + b2)[1],
    ),
}


@pytest.fixture(scope="module")
def results() -> dict[str, DerivationResult]:
    """The new derivations, verified once with the seed derivations they cite."""
    return {r.derivation.name: r for r in verify_all(MINE, library=LIBRARY)}


def test_names_are_the_new_derivations() -> None:
    """The three modules define exactly the derivations listed here."""
    assert sorted(BY_NAME) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_proved_quickly(results: dict[str, DerivationResult], name: str) -> None:
    """Each derivation is proved in well under a few seconds."""
    result = results[name]
    assert result.status is Status.PROVED, to_text(result)
    assert result.seconds < 5


@pytest.mark.parametrize("name", NAMES)
def test_citations(name: str) -> None:
    """Each derivation cites what its reasons rely on."""
    assert BY_NAME[name].uses == CITATIONS[name]


@pytest.mark.parametrize("name", NAMES)
def test_references(name: str) -> None:
    """Each derivation says where it is taught."""
    assert BY_NAME[name].references


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_is_the_stated_result(name: str) -> None:
    """The claim is the textbook statement itself, not a weaker one."""
    lhs, rhs = CLAIMS[name]
    derivation = BY_NAME[name]
    assert check(derivation.lhs, lhs, derivation._assume).proved
    assert check(derivation.rhs, rhs, derivation._assume).proved


def test_general_k_uses_symbolic_sizes() -> None:
    """The K-class results are about a symbol K (and n), not a concrete size."""
    for name in ("softmax-shift-invariance", "softmax-jacobian", "cross-entropy-gradient"):
        assert K in BY_NAME[name].lhs.free_symbols
    assert n in BY_NAME["difference-of-affine-is-affine"].lhs.free_symbols


# --- stated assumptions are needed -----------------------------------------------


def _without(name: str, dropped: str) -> Derivation:
    original = BY_NAME[name]
    kept = tuple(s for s in original.assumptions if dropped not in s)
    assert len(kept) < len(original.assumptions)
    return dataclasses.replace(original, assumptions=kept)


def test_cross_entropy_gradient_needs_targets_summing_to_one() -> None:
    """Without Σ_k y_k = 1 the last step is refused (not proved), so is the derivation."""
    (result,) = verify_all([_without("cross-entropy-gradient", "Sum(y[k]")], library=LIBRARY)
    assert result.status is not Status.PROVED
    assert [r.index for r in result.steps if not r.verdict.proved] == [4]


def test_cross_entropy_gradient_wrong_sum_fail() -> None:
    """With Σ_k y_k = 2 stated instead, the last step is not proved."""
    original = BY_NAME["cross-entropy-gradient"]
    wrong = (*original.assumptions[:2], Eq(Sum(y[k], (k, 1, K)), 2))
    (result,) = verify_all([dataclasses.replace(original, assumptions=wrong)], library=LIBRARY)
    assert result.status is not Status.PROVED
    assert not result.steps[-1].verdict.proved


@pytest.mark.parametrize(
    ("name", "dropped"),
    [
        ("softmax-jacobian", "j <= K"),
        ("logsumexp-gradient", "1 <= j"),
        ("sigmoid-weight-gradient", "j <= n"),
    ],
)
def test_index_range_is_needed(name: str, dropped: str) -> None:
    """Dropping an index range (δ picks j only if 1 ≤ j ≤ K) is refused."""
    (result,) = verify_all([_without(name, dropped)], library=LIBRARY)
    assert result.status is not Status.PROVED


@pytest.mark.parametrize("name", ["logsumexp-shift", "logsumexp-stable-general"])
def test_log_of_a_sum_is_defined_only_for_a_nonempty_range(name: str) -> None:
    """Without K ≥ 1 a log of a sum of exponentials is defined only where K ≥ 1 anyway.

    "Proved" means equal wherever both sides are defined, so dropping K ≥ 1 never
    makes these refuted; the derivations keep it to say where the sums make sense.
    """
    (result,) = verify_all([_without(name, "K >= 1")], library=LIBRARY)
    assert result.status is not Status.REFUTED


def test_cross_entropy_gradient_without_assumption_is_undecided() -> None:
    """The bare claim without Σ_k y_k = 1 is not proved by the kernel."""
    lhs, rhs = CLAIMS["cross-entropy-gradient"]
    assert check(lhs, rhs, ("1 <= j", "j <= K")).status is not Status.PROVED
    assert check(lhs, rhs, ("1 <= j", "j <= K", Eq(Sum(y[k], (k, 1, K)), 1))).proved


# --- citations ------------------------------------------------------------------


def test_citing_an_unproved_derivation_is_not_proved() -> None:
    """A correct step that cites a refuted lemma does not make its derivation proved."""
    zs = real_symbols("z1 z2")
    bad = Derivation(
        name="bad-shift",
        title="A wrong shift rule",
        lhs=softmax(zs[0] + c, zs[1] + c)[0],
        rhs=softmax(*zs)[0] + c,
        steps=(Step(softmax(*zs)[0] + c, "wrong: the shift comes out"),),
    )
    citing = Derivation(
        name="cites-bad-shift",
        title="Relies on the wrong shift rule",
        lhs=softmax(zs[0] + c, zs[1] + c)[0],
        rhs=softmax(*zs)[0],
        steps=(Step(softmax(*zs)[0], "shift invariance", uses=("bad-shift",)),),
    )
    bad_result, citing_result = verify_all([bad, citing])
    assert bad_result.status is Status.REFUTED
    assert citing_result.steps[0].verdict.proved
    assert citing_result.status is not Status.PROVED
    assert citing_result.problems == ("cites bad-shift, which is refuted",)


def test_text_shows_uses(results: dict[str, DerivationResult]) -> None:
    """The text rendering lists the cited derivations and marks the citing steps."""
    text = to_text(results["cross-entropy-gradient"], timings=False)
    assert "uses: log-softmax, logsumexp-gradient" in text
    assert "(by log-softmax)" in text
    assert "assuming: 1 <= j, j <= K, Sum(y[k], (k, 1, K)) = 1" in text


def test_cli_show_and_verify(capsys: pytest.CaptureFixture[str]) -> None:
    """`softsym show` displays the uses; `softsym verify -q` proves a derivation and its lemmas."""
    assert main(["show", "softmax2-class-is-logistic"]) == 0
    out = capsys.readouterr().out
    assert "uses: softmax2-sigmoid-second, difference-of-affine-is-affine" in out
    assert "(by softmax2-sigmoid-second)" in out
    assert main(["verify", "-q", "cross-entropy-gradient"]) == 0
    assert "cross-entropy-gradient: proved" in capsys.readouterr().out


def test_json_lists_assumptions_as_text(results: dict[str, DerivationResult]) -> None:
    """The JSON form carries the sum assumption as text."""
    data = results["cross-entropy-gradient"].to_json(timings=False)
    assert data["assumptions"] == ["1 <= j", "j <= K", "Sum(y[k], (k, 1, K)) = 1"]
    assert data["uses"] == ["log-softmax", "logsumexp-gradient"]


# --- the function-class theorem --------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        ((_dot(w1) + b1) - (_dot(w2) + b2), _dot(w1[i] + w2[i]) + (b1 - b2)),
        ((_dot(w1) + b1) - (_dot(w2) + b2), _dot(w1[i] - w2[i]) + (b2 - b1)),
        (_dot(w) + b, (_dot(w) + b) - (_dot(w) + 0)),
        (softmax(_dot(w1) + b1, _dot(w2) + b2)[1], sigmoid(_dot(w1[i] - w2[i]) + (b1 - b2))),
    ],
)
def test_wrong_witness_is_refused(lhs: sympy.Expr, rhs: sympy.Expr) -> None:
    """A wrong witness for an inclusion is never proved."""
    assert check(lhs, rhs).status is not Status.PROVED


def test_classes_coincide_parameters_need_not() -> None:
    """Different parameters give the same model, though the unit logits differ (n = 1)."""
    x = real_symbols("x")

    def model(p1: int, q1: int, p2: int, q2: int) -> sympy.Expr:
        return softmax(p1 * x + q1, p2 * x + q2)[1]

    assert check(model(1, 0, 3, 1), model(2, 1, 4, 2)).proved
    assert check(model(1, 0, 3, 1), model(0, 0, 3, 1)).status is Status.REFUTED
    assert check(1 * x + 0, 2 * x + 1).status is Status.REFUTED
    assert check(3 * x + 1, 4 * x + 2).status is Status.REFUTED


def test_concrete_k50_is_fast() -> None:
    """Shift invariance and a Jacobian entry at K = 50 are proved in well under a second each."""
    zs = list(real_symbols(" ".join(f"z{q}" for q in range(1, 51))))
    p = softmax(*zs)
    shift = check(softmax(*[v + c for v in zs])[0], p[0])
    jacobian = check(Derivative(p[0], zs[0]), p[0] * (1 - p[0]))
    assert shift.proved
    assert jacobian.proved
    assert shift.seconds < 2
    assert jacobian.seconds < 2
