"""The identities teachers use and the numerically stable forms: proved, cited, hard to fake."""

from __future__ import annotations

import dataclasses

import pytest
import sympy
from sympy import Abs, Derivative, Max, Min, cosh, exp, log, tanh

from softsym.decide import check
from softsym.lang.functions import (
    binary_cross_entropy,
    logit,
    logsumexp,
    sigmoid,
    softmax,
    softplus,
)
from softsym.lang.symbols import real_symbols
from softsym.proofs.catalog import catalog, find
from softsym.proofs.derivation import Derivation, DerivationResult, Step, verify_all
from softsym.render.text import to_text
from softsym.verdict import Status

z, y, z1, z2, z3, T = real_symbols("z y z1 z2 z3 T")
M3 = Max(z1, z2, z3)

CITATIONS = {
    "tanh-sigmoid": (),
    "sigmoid-symmetry": (),
    "logit-sigmoid-inverse": ("sigmoid-symmetry",),
    "log-sigmoid-softplus": (),
    "softplus-difference": (
        "log-sigmoid-softplus",
        "sigmoid-symmetry",
        "logit-sigmoid-inverse",
    ),
    "softplus-derivative": (),
    "sigmoid-derivative-cosh": ("sigmoid-symmetry",),
    "softmax2-temperature": ("softmax2-sigmoid",),
    "softplus-stable": (),
    "bce-logits-softplus": ("sigmoid-symmetry", "log-sigmoid-softplus", "softplus-difference"),
    "bce-logits-stable": ("bce-logits-softplus", "softplus-stable"),
    "logsumexp2-stable": ("softplus-stable",),
    "logsumexp3-stable": (),
}
NAMES = list(CITATIONS)

CLAIMS = {
    "tanh-sigmoid": (tanh(z), 2 * sigmoid(2 * z) - 1, ()),
    "sigmoid-symmetry": (sigmoid(-z), 1 - sigmoid(z), ()),
    "logit-sigmoid-inverse": (logit(sigmoid(z)), z, ()),
    "log-sigmoid-softplus": (log(sigmoid(z)), -softplus(-z), ()),
    "softplus-difference": (softplus(z) - softplus(-z), z, ()),
    "softplus-derivative": (Derivative(softplus(z), z), sigmoid(z), ()),
    "sigmoid-derivative-cosh": (sigmoid(z) * (1 - sigmoid(z)), 1 / (4 * cosh(z / 2) ** 2), ()),
    "softmax2-temperature": (softmax(z1 / T, z2 / T)[0], sigmoid((z1 - z2) / T), ("T > 0",)),
    "softplus-stable": (softplus(z), Max(z, 0) + log(1 + exp(-Abs(z))), ()),
    "bce-logits-softplus": (binary_cross_entropy(sigmoid(z), y), softplus(z) - y * z, ()),
    "bce-logits-stable": (
        binary_cross_entropy(sigmoid(z), y),
        Max(z, 0) - y * z + log(1 + exp(-Abs(z))),
        (),
    ),
    "logsumexp2-stable": (logsumexp(z1, z2), Max(z1, z2) + log(1 + exp(-Abs(z1 - z2))), ()),
    "logsumexp3-stable": (
        logsumexp(z1, z2, z3),
        M3 + log(exp(z1 - M3) + exp(z2 - M3) + exp(z3 - M3)),
        (),
    ),
}

LIBRARY = catalog()


@pytest.fixture(scope="module")
def results() -> dict[str, DerivationResult]:
    """These derivations (and what they cite), verified once."""
    chosen = [find(name, LIBRARY) for name in NAMES]
    return {r.derivation.name: r for r in verify_all(chosen, library=LIBRARY)}


@pytest.mark.parametrize("name", NAMES)
def test_identity_proved(results: dict[str, DerivationResult], name: str) -> None:
    """Every step is proved, the chain ends at the claim, and every citation is proved."""
    result = results[name]
    assert result.status is Status.PROVED, to_text(result)
    assert result.problems == ()
    assert all(r.verdict.proved for r in result.steps)


@pytest.mark.parametrize("name", NAMES)
def test_identity_states_the_claim(name: str) -> None:
    """Each derivation claims exactly the identity of issue 3, under the stated assumptions."""
    d = find(name, LIBRARY)
    lhs, rhs, assumptions = CLAIMS[name]
    assert (d.lhs, d.rhs, d.assumptions) == (lhs, rhs, assumptions)


@pytest.mark.parametrize("name", NAMES)
def test_identity_cites(name: str) -> None:
    """Steps that use an earlier result cite it by name."""
    assert find(name, LIBRARY).uses == CITATIONS[name]


@pytest.mark.parametrize("name", NAMES)
def test_identity_has_references(name: str) -> None:
    """Each derivation says where it is taught and has a title."""
    d = find(name, LIBRARY)
    assert len(d.references) >= 1
    assert d.title.strip() == d.title != ""


@pytest.mark.parametrize("name", NAMES)
def test_claim_proved_in_one_check(name: str) -> None:
    """The kernel also proves each claim directly, without the intermediate steps."""
    lhs, rhs, assumptions = CLAIMS[name]
    verdict = check(lhs, rhs, assumptions)
    assert verdict.status is Status.PROVED, verdict


PERTURBED = [
    ("tanh, σ(z) for σ(2z)", tanh(z), 2 * sigmoid(z) - 1, ()),
    ("tanh, + 1 for − 1", tanh(z), 2 * sigmoid(2 * z) + 1, ()),
    ("symmetry, sign flip", sigmoid(-z), sigmoid(z) - 1, ()),
    ("logit, sign flip", logit(sigmoid(z)), -z, ()),
    ("log-sigmoid, sign flip", log(sigmoid(z)), softplus(-z), ()),
    ("log-sigmoid, argument not negated", log(sigmoid(z)), -softplus(z), ()),
    ("softplus difference, sum", softplus(z) + softplus(-z), z, ()),
    ("softplus difference, sign flip", softplus(z) - softplus(-z), -z, ()),
    ("softplus derivative, σ(−z)", Derivative(softplus(z), z), sigmoid(-z), ()),
    ("cosh, factor 2 for 4", sigmoid(z) * (1 - sigmoid(z)), 1 / (2 * cosh(z / 2) ** 2), ()),
    ("cosh, z for z/2", sigmoid(z) * (1 - sigmoid(z)), 1 / (4 * cosh(z) ** 2), ()),
    ("temperature dropped", softmax(z1 / T, z2 / T)[0], sigmoid(z1 - z2), ("T > 0",)),
    ("temperature multiplied", softmax(z1 / T, z2 / T)[0], sigmoid((z1 - z2) * T), ("T > 0",)),
    ("temperature, logits swapped", softmax(z1 / T, z2 / T)[0], sigmoid((z2 - z1) / T), ("T > 0",)),
    ("softplus stable, min for max", softplus(z), Min(z, 0) + log(1 + exp(-Abs(z))), ()),
    ("softplus stable, +|z|", softplus(z), Max(z, 0) + log(1 + exp(Abs(z))), ()),
    ("bce, sign of y z", binary_cross_entropy(sigmoid(z), y), softplus(z) + y * z, ()),
    ("bce, softplus(−z)", binary_cross_entropy(sigmoid(z), y), softplus(-z) - y * z, ()),
    (
        "bce stable, max dropped",
        binary_cross_entropy(sigmoid(z), y),
        -y * z + log(1 + exp(-Abs(z))),
        (),
    ),
    ("lse2, |z1 + z2|", logsumexp(z1, z2), Max(z1, z2) + log(1 + exp(-Abs(z1 + z2))), ()),
    ("lse2, min for max", logsumexp(z1, z2), Min(z1, z2) + log(1 + exp(-Abs(z1 - z2))), ()),
    ("lse3, a term dropped", logsumexp(z1, z2, z3), M3 + log(exp(z1 - M3) + exp(z2 - M3)), ()),
    (
        "lse3, wrong outer max",
        logsumexp(z1, z2, z3),
        Max(z1, z2) + log(exp(z1 - M3) + exp(z2 - M3) + exp(z3 - M3)),
        (),
    ),
]


@pytest.mark.parametrize(
    ("label", "lhs", "rhs", "assumptions"), PERTURBED, ids=[p[0] for p in PERTURBED]
)
def test_perturbed_identity_refuted(
    label: str, lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...]
) -> None:
    """A sign flip, a wrong factor or a wrong argument is refuted with a counterexample."""
    verdict = check(lhs, rhs, assumptions)
    assert verdict.status is Status.REFUTED, verdict
    assert verdict.counterexample is not None


def test_temperature_identity_holds_for_negative_t_too() -> None:
    """The algebra of softmax2-temperature needs only T ≠ 0, so T < 0 is proved as well."""
    verdict = check(softmax(z1 / T, z2 / T)[0], sigmoid((z1 - z2) / T), ("T < 0",))
    assert verdict.status is Status.PROVED


def test_temperature_with_abs_depends_on_the_sign_of_t() -> None:
    """σ((z1 − z2)/|T|) equals the softmax when T > 0 and is refuted when T < 0."""
    lhs, rhs = softmax(z1 / T, z2 / T)[0], sigmoid((z1 - z2) / Abs(T))
    assert check(lhs, rhs, ("T > 0",)).status is Status.PROVED
    assert check(lhs, rhs, ("T < 0",)).status is Status.REFUTED


def _with_last_step(d: Derivation, expr: sympy.Expr) -> Derivation:
    last = d.steps[-1]
    # The claim's right side is replaced, so its LaTeX (rhs_tex) goes with it.
    return dataclasses.replace(
        d, rhs=expr, rhs_tex="", steps=(*d.steps[:-1], Step(expr, last.reason, last.uses))
    )


def test_bce_with_sign_error_refuted() -> None:
    """bce-logits-softplus with + y z in its last step is refuted at that step."""
    bad = _with_last_step(find("bce-logits-softplus", LIBRARY), softplus(z) + y * z)
    (result,) = verify_all([bad], library=LIBRARY)
    assert result.status is Status.REFUTED
    assert [r.index for r in result.steps if not r.verdict.proved] == [5]


def test_stable_logsumexp_with_min_refuted() -> None:
    """logsumexp2-stable ending at min(z1, z2) instead of max is refuted at its last step."""
    bad = _with_last_step(
        find("logsumexp2-stable", LIBRARY), Min(z1, z2) + log(1 + exp(-Abs(z1 - z2)))
    )
    (result,) = verify_all([bad], library=LIBRARY)
    assert result.status is Status.REFUTED
    assert [r.index for r in result.steps if not r.verdict.proved] == [5]


def test_temperature_without_citation_target_not_proved() -> None:
    """softmax2-temperature alone, its citation not looked up, is not proved."""
    result = find("softmax2-temperature", LIBRARY).verify()
    assert result.status is Status.UNDECIDED
    assert result.problems == ("cites softmax2-sigmoid, which was not verified in this run",)
