"""Tests of softsym.render.beamer: one frame per derivation, steps uncovered one by one."""

from __future__ import annotations

import sympy
from helpers import SMALL
from sympy import Derivative

from softsym import Derivation, Step, real_symbols, sigmoid
from softsym._version import __version__
from softsym.render.beamer import frame, slides_document
from softsym.render.export import check_with_citations, render_files

z = real_symbols("z")


def test_frame_uncovers_steps_one_by_one() -> None:
    """Step k of the chain (formula and reason) appears on overlay k + 1; the statement at once."""
    result = check_with_citations([SMALL])["small-sigmoid"]
    text = frame(result)
    assert text.startswith("\\begin{frame}{Symmetry: ")
    assert "For all real $z$:\n\\[\n" in text
    assert r"\uncover<2->{{}= \frac{1}{e^{z} + 1}" in text
    assert r"\uncover<3->{{}= 1 - \sigma" in text
    assert r"\uncover<4->" not in text
    assert text.count("\\begin{frame}") == 1
    assert text.endswith("\\end{frame}\n")


def test_long_chain_continues_on_more_frames() -> None:
    """A chain too tall for one slide continues on frames titled (continued)."""
    terms = [sigmoid(sympy.Symbol(f"a{k}", real=True)) for k in range(30)]
    steps = tuple(
        Step(sympy.Add(*terms[:k]) + sympy.Add(*terms[k:]), f"step {k}") for k in range(8)
    )
    long = Derivation(
        name="long-chain",
        title="Long",
        lhs=sympy.Add(*terms),
        rhs=sympy.Add(*terms),
        steps=steps,
    )
    text = frame(check_with_citations([long])["long-chain"])
    assert text.count("\\begin{frame}") > 1
    assert "{Long (continued)}" in text
    assert text.count("For all real") == 1


def test_slides_document() -> None:
    """The deck has a title frame saying what was checked, then the frames."""
    cites = Derivation(
        name="uses-small",
        title="Uses it",
        lhs=Derivative(sigmoid(z), z) * 0 + sigmoid(-z),
        rhs=1 - sigmoid(z),
        steps=(Step(1 - sigmoid(z), "symmetry", uses=("small-sigmoid",)),),
    )
    results = check_with_citations([cites], [SMALL])
    doc = slides_document(list(results.values()))
    assert doc.startswith("\\documentclass[11pt]{beamer}\n")
    assert f"\\subtitle{{Machine-checked by softsym {__version__}: 2 of 2 results" in doc
    assert doc.count("\\begin{frame}") == 3
    assert r"(by \textsf{small-sigmoid})" in doc
    assert doc.endswith("\\end{document}\n")


def test_slides_are_deterministic() -> None:
    """Two renderings of the slides are the same text."""
    results = check_with_citations([SMALL])
    first = render_files(results, ["small-sigmoid"], "beamer")
    assert first == render_files(results, ["small-sigmoid"], "beamer")
    assert list(first) == ["softsym-slides.tex"]
