"""Tests of softsym.render.beamer: one frame per derivation, steps uncovered one by one."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import sympy
from helpers import SMALL, generator
from sympy import Derivative

from softsym import Derivation, Step, real_symbols, sigmoid
from softsym._version import __version__
from softsym.render.beamer import frame, row_extent, shrunk_frames, slides_document
from softsym.render.export import (
    check_with_citations,
    compile_pdf,
    overfull_boxes,
    render_files,
)

z = real_symbols("z")


def test_frame_uncovers_steps_one_by_one() -> None:
    """Step k of the chain (formula and reason) appears on overlay k + 1; the statement at once."""
    result = check_with_citations([SMALL])["small-sigmoid"]
    text = frame(result)
    assert text.startswith("\\begin{frame}[t,shrink=0]{Symmetry: ")
    assert "For all real $z$:\n\\[\n" in text
    assert r"\uncover<2->{{}= \frac{1}{1 + e^{z}}}" in text
    assert r"\uncover<3->{{}= 1 - \sigma" in text
    assert r"\uncover<4->" not in text


def test_reasons_sit_below_their_steps() -> None:
    """Each step's reason is the row below its formula, uncovered with it, in small type."""
    text = frame(check_with_citations([SMALL])["small-sigmoid"])
    chain = text[text.index("\\begin{align*}") :]
    assert chain.split(" \\\\\n")[1:3] == [
        r"&\uncover<2->{{}= \frac{1}{1 + e^{z}}}",
        r"&\uncover<2->{\qquad\parbox[t]{27.2em}{\raggedright\footnotesize\leavevmode"
        r"\color{darkgray}definition of $\sigma$ at $-z$}}",
    ]
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
    # A continuation starts from the last expression of the frame before, shown at once.
    second = text.split("\\end{frame}")[1]
    assert second.split("\n")[4].startswith(r"& \sigma")


def test_step_too_tall_to_follow_its_line_stands_alone() -> None:
    """A continued step that does not fit below the line it continues is shown without it."""
    a = [sympy.Symbol(f"a{k}", real=True) for k in range(12)]
    tall = [sympy.Add(*(sigmoid(x) / (1 + sigmoid(x + k)) for x in a)) for k in range(3)]
    steps = tuple(Step(tall[k % 3] * 1, f"step {k}") for k in range(3))
    long = Derivation(name="tall", title="Tall", lhs=tall[0], rhs=tall[0], steps=steps)
    frames = frame(check_with_citations([long])["tall"]).split("\\end{frame}\n")[:-1]
    alone = [f for f in frames[1:] if "\\begin{align*}\n&\\uncover<1->" in f]
    assert alone
    assert all(f.count("\\uncover<1->{{}=") == 1 for f in alone)


@pytest.mark.parametrize(
    ("tex", "extent"),
    [
        ("a + b", (8.5, 3.5)),
        (r"\frac{1}{1 + e^{z}}", (14.5, 9.0)),
        (r"\sum_{i=1}^{n} a_{i}", (18.5, 13.0)),
        (r"\frac{e^{z_j}}{\sum_{l=1}^{K} e^{z_l}}", (14.5, 12.5)),
        (r"\frac{\sum_{l=1}^{K} e^{z_l}}{2}", (17.0, 9.0)),
        (r"\sigma\biggl( a \biggr)", (14.5, 9.5)),
        (r"\qquad\parbox[t]{27.2em}{\raggedright\footnotesize why}", (8.5, 3.5)),
    ],
)
def test_row_extent(tex: str, extent: tuple[float, float]) -> None:
    """A row is as tall and deep as its tallest construct (pdflatex's measurements)."""
    assert row_extent(tex) == extent


def test_shrunk_frames_reads_the_log() -> None:
    """beamer's shrink warnings, wrapped over lines, give each frame's line and percentage."""
    log = (
        "Class beamer Warning: Frame text is shrunk by a factor of 10.6 percent inst\n"
        "ead of 0 percent on input line 40.\n"
        "Class beamer Warning: Frame text is shrunk by a factor of 10.6 percent inst\n"
        "ead of 0 percent on input line 40.\n"
    )
    assert shrunk_frames(log) == {40: 10.6}
    assert shrunk_frames("no warnings") == {}


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


def require(tool: str = "pdflatex") -> None:
    """Skip without the tool, unless CI=true, where its absence is a failure."""
    if shutil.which(tool) is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{tool} is not installed, but CI=true requires the LaTeX tests to run")
    pytest.skip(f"{tool} is not installed (apt-get install texlive-latex-base texlive-latex-extra)")


def _frame_at(tex: str, line: int) -> str:
    """The frame of the slides that ends at (1-based) ``line``."""
    lines = tex.split("\n")[:line]
    start = max(i for i, text in enumerate(lines) if text.startswith("\\begin{frame}"))
    return "\n".join(lines[start:])


def test_catalog_slides_fit_their_slides(tmp_path: Path) -> None:
    """The whole catalog's slides compile; no box overflows, no frame runs off its slide.

    Only a frame that holds a single unit (the statement alone, or one step)
    may be taller than a slide; beamer then scales it down, by at most 30 %.
    """
    require()
    results = generator().catalog_results()
    documents = render_files(results, list(results), "beamer")
    logs: dict[str, str] = {}
    compile_pdf(documents, tmp_path, engine="pdflatex", logs=logs)
    log = logs["softsym-slides.tex"]
    assert overfull_boxes(log, over=1.0) == []
    tex = documents["softsym-slides.tex"]
    too_tall = {}
    for line, percent in shrunk_frames(log).items():
        body = _frame_at(tex, line)
        steps = len(set(re.findall(r"\\uncover<(\d+)->", body)))
        if percent > 30 or steps > 1 or (steps == 1 and "For all" in body):
            too_tall[body.split("\n")[0]] = percent
    assert too_tall == {}
