"""Derivations written in the author's LaTeX: checked as read, kept as written."""

from __future__ import annotations

import dataclasses

import pytest

from softsym.errors import DerivationError
from softsym.lang.functions import sigmoid, softmax
from softsym.lang.symbols import real_symbols
from softsym.proofs.derivation import Derivation, Step, Tex
from softsym.verdict import Status

z1, z2 = real_symbols("z1 z2")


def _seed(middle: str) -> Derivation:
    return Derivation(
        name="seed-tex",
        title="softmax of two logits is a sigmoid",
        lhs=Tex(r"\operatorname{softmax}(z_1, z_2)_1"),
        rhs=Tex(r"\sigma(z_1 - z_2)"),
        steps=(
            Step(Tex(r"\frac{e^{z_1}}{e^{z_1} + e^{z_2}}"), "definition of softmax"),
            Step(Tex(middle), "divide numerator and denominator by $e^{z_1}$"),
            Step(Tex(r"\sigma(z_1 - z_2)"), "definition of the sigmoid"),
        ),
    )


def test_a_chain_in_latex_is_checked_as_read_and_kept_as_written() -> None:
    d = _seed(r"\frac{1}{1 + e^{z_2 - z_1}}")
    assert d.lhs == softmax(z1, z2)[0]
    assert d.rhs == sigmoid(z1 - z2)
    assert d.lhs_tex == r"\operatorname{softmax}(z_1, z_2)_1"
    assert d.steps[1].tex == r"\frac{1}{1 + e^{z_2 - z_1}}"
    result = d.verify()
    assert result.status is Status.PROVED


def test_a_wrong_latex_step_is_refuted() -> None:
    """The sign slip e^{z_1 - z_2} for e^{z_2 - z_1} is caught, in the author's symbols."""
    result = _seed(r"\frac{1}{1 + e^{z_1 - z_2}}").verify()
    assert result.status is Status.REFUTED
    refuted = result.steps[1].verdict
    assert refuted.status is Status.REFUTED
    assert {name for name, _ in refuted.counterexample.point} == {"z1", "z2"}


def test_python_steps_and_latex_steps_mix() -> None:
    d = dataclasses.replace(
        _seed(r"\frac{1}{1 + e^{z_2 - z_1}}"),
        steps=(
            Step(softmax(z1, z2)[0].definition(), "definition"),
            Step(Tex(r"\frac{1}{1 + \exp(z_2 - z_1)}"), "divide by $e^{z_1}$"),
            Step(sigmoid(z1 - z2), "definition of the sigmoid"),
        ),
    )
    assert d.verify().status is Status.PROVED
    assert [s.tex for s in d.steps] == ["", r"\frac{1}{1 + \exp(z_2 - z_1)}", ""]


def test_replace_keeps_the_text_and_rereads_it() -> None:
    d = dataclasses.replace(_seed(r"\frac{1}{1 + e^{z_2 - z_1}}"), title="again")
    assert d.lhs_tex == r"\operatorname{softmax}(z_1, z_2)_1"
    assert d.steps[1].tex == r"\frac{1}{1 + e^{z_2 - z_1}}"
    step = dataclasses.replace(d.steps[1], reason="other words")
    assert step.tex == d.steps[1].tex
    assert step.expr == d.steps[1].expr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Step(Tex(r"\frac{1}{"), "r"), "cannot read"),
        (lambda: Step(z1, "r", tex="z_2"), "does not read as z1"),
        (lambda: Step(Tex(""), "r"), "Tex needs LaTeX"),
        (lambda: Step(Tex("z_1"), "r", tex="z_2"), "two different LaTeX texts"),
    ],
)
def test_bad_latex_is_a_derivation_error(make: object, message: str) -> None:
    with pytest.raises(DerivationError, match=message):
        make()  # type: ignore[operator]


def test_the_domain_of_the_text_as_written_is_kept() -> None:
    """The exponential of ln x reads as x, but only where ln x is defined: not refuted at x < 0."""
    d = Derivation(
        name="exp-log-tex",
        title="exp of log",
        lhs=Tex(r"e^{\ln x}"),
        rhs=Tex(r"|x|"),
        steps=(Step(Tex(r"|x|"), "exp and log are inverse where $x > 0$"),),
    )
    assert d.verify().steps[0].verdict.status is not Status.REFUTED
