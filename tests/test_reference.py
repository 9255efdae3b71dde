"""Tests of softsym.reference: values, stability, proofs against definitions, latexify output."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from softsym.lang import functions as sf
from softsym.lang.symbols import real_symbols
from softsym.reference import (
    REFERENCE,
    ReferenceFunction,
    bce_with_logits,
    implementations_for,
    logsumexp_stable,
    reference_function,
    softmax_stable,
)
from softsym.tools.implementation import check_implementation

z, z1, z2, y, p = real_symbols("z z1 z2 y p")

SCALAR_POINTS = [-3.5, -0.25, 0.0, 0.7, 4.0]
VECTOR = np.array([0.3, -1.2, 2.5])


def definition_value(name: str, *args: object) -> float:
    """The SymPy definition evaluated numerically."""
    build = {
        "sigmoid": sf.sigmoid,
        "softplus": sf.softplus,
        "logit": sf.logit,
        "binary_cross_entropy": sf.binary_cross_entropy,
        "bce_with_logits": lambda a, b: sf.binary_cross_entropy(sf.sigmoid(a), b),
    }[name]
    return float(build(*[sympy.Float(a) for a in args]).evalf(30))


@pytest.mark.parametrize("name", ["sigmoid", "softplus"])
def test_scalar_values(name: str) -> None:
    """The scalar reference functions agree with the definitions."""
    fn = reference_function(name).function
    for x in SCALAR_POINTS:
        assert fn(x) == pytest.approx(definition_value(name, x), rel=1e-12)


def test_probability_values() -> None:
    """logit and binary cross-entropy agree with the definitions on (0, 1)."""
    for q in (0.1, 0.5, 0.93):
        assert reference_function("logit").function(q) == pytest.approx(
            definition_value("logit", q)
        )
        for t in (0.0, 0.3, 1.0):
            got = reference_function("binary_cross_entropy").function(q, t)
            assert got == pytest.approx(definition_value("binary_cross_entropy", q, t))
            got = bce_with_logits(q * 8 - 4, t)
            assert got == pytest.approx(definition_value("bce_with_logits", q * 8 - 4, t))


def test_vector_values() -> None:
    """softmax, log-softmax, logsumexp and cross-entropy agree with the definitions."""
    zs = [sympy.Float(v) for v in VECTOR]
    exact_softmax = [float(sf.softmax(*zs)[i].evalf(30)) for i in range(3)]
    for name in ("softmax", "softmax_stable"):
        assert reference_function(name).function(VECTOR) == pytest.approx(exact_softmax)
    exact_lse = float(sf.logsumexp(*zs).evalf(30))
    for name in ("logsumexp", "logsumexp_stable"):
        assert reference_function(name).function(VECTOR) == pytest.approx(exact_lse)
    log_sm = reference_function("log_softmax").function(VECTOR)
    assert log_sm == pytest.approx([math.log(v) for v in exact_softmax])
    target = np.array([0.2, 0.0, 0.8])
    ce = reference_function("cross_entropy").function(np.array(exact_softmax), target)
    assert ce == pytest.approx(
        -sum(t * math.log(q) for t, q in zip(target, exact_softmax, strict=True))
    )


def test_stable_versions_do_not_overflow() -> None:
    """The stable versions stay finite where the textbook formulas overflow."""
    big = np.array([1000.0, 1000.0, -1000.0])
    assert logsumexp_stable(big) == pytest.approx(1000 + math.log(2))
    assert softmax_stable(big) == pytest.approx([0.5, 0.5, 0.0])
    assert bce_with_logits(1000.0, 1.0) == pytest.approx(0.0)
    assert bce_with_logits(-1000.0, 1.0) == pytest.approx(1000.0)


@pytest.mark.parametrize("ref", REFERENCE, ids=lambda r: r.name)
def test_reference_is_proved(ref: ReferenceFunction) -> None:
    """Each reference implementation is proved equal to its definition by the kernel."""
    verdict = check_implementation(ref.function, ref.definition)
    assert verdict.proved, verdict.reason


@pytest.mark.parametrize(
    ("name", "latex"),
    [
        (
            "sigmoid",
            r"\mathrm{sigmoid}(z) = \frac{1}{1 + \exp \mathopen{}\left( -z \mathclose{}\right)}",
        ),
        (
            "bce_with_logits",
            r"\mathrm{bce\_with\_logits}(z, y) = \mathrm{max} \mathopen{}\left( z, 0"
            r" \mathclose{}\right) - y z + \mathrm{log1p} \mathopen{}\left( \exp"
            r" \mathopen{}\left( -\mathopen{}\left| z"
            r" \mathclose{}\right| \mathclose{}\right) \mathclose{}\right)",
        ),
        (
            "logsumexp_stable",
            r"\begin{array}{l} m = \mathrm{max} \mathopen{}\left( z \mathclose{}\right) \\"
            r" \mathrm{logsumexp\_stable}(z) = m + \log \sum \exp \mathopen{}\left( z - m"
            r" \mathclose{}\right) \end{array}",
        ),
    ],
)
def test_latexify_output(name: str, latex: str) -> None:
    """latexify typesets the code with max for np.maximum and no np. prefixes."""
    assert reference_function(name).latex == latex


@pytest.mark.parametrize(
    ("lhs", "rhs", "names"),
    [
        (sf.softmax(z1, z2)[0], sf.sigmoid(z1 - z2), ["softmax", "softmax_stable", "sigmoid"]),
        (sympy.Derivative(sf.sigmoid(z), z), sf.sigmoid(z) * (1 - sf.sigmoid(z)), ["sigmoid"]),
        (
            sf.binary_cross_entropy(sf.sigmoid(z), y),
            sf.softplus(z) - y * z,
            ["binary_cross_entropy", "bce_with_logits", "softplus"],
        ),
        (sf.logsumexp(z1, z2), sf.logsumexp(z2, z1), ["logsumexp", "logsumexp_stable"]),
        (sympy.tanh(z), 2 * z, []),
    ],
)
def test_implementations_for(lhs: sympy.Expr, rhs: sympy.Expr, names: list[str]) -> None:
    """A claim shows the code of its outermost softsym functions, left side first."""
    assert [r.name for r in implementations_for(lhs, rhs)] == names


def test_unknown_reference() -> None:
    """An unknown name is a KeyError listing the known ones."""
    with pytest.raises(KeyError, match="no reference implementation 'sigmod' \\(known: sigmoid, "):
        reference_function("sigmod")
