r"""Slides: one beamer frame per checked derivation, its steps uncovered one by one.

Each frame shows the title, the statement and the proof chain; step *k* of
the chain (its formula and its reason) appears on overlay *k + 1*
(``\uncover<k+1->{...}``), so a lecturer reveals the derivation a step at a
time. A chain too long for one slide is set on as many slides as it needs
(``allowframebreaks``), without overlays. The deck ends with the sentence
saying what softsym checked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from softsym.proofs.derivation import DerivationResult
from softsym.render.latex import (
    DocumentOptions,
    checked_summary,
    escape_text,
    math_chain,
    quantifier,
    reason_latex,
    shown_lhs,
    shown_rhs,
    shown_steps,
    statement_math,
    title_latex,
)
from softsym.render.topics import order_for_reading, topic

__all__ = ["SLIDES_TITLE", "frame", "slides_document"]

SLIDES_TITLE = "softsym: machine-checked derivations"

# The frame's text is \small: about 30 em of it fit the width of a slide.
_LINE_EM = 28.0
# About this many lines of \small text fit on a slide; a row of display math
# with a fraction or a sum counts as about two (see _math_rows).
_MAX_ROWS = 17.0
_REASON_EM = 9.0


def _cite(name: str) -> str:
    return rf"\textsf{{{escape_text(name)}}}"


_CELL = re.compile(r"(?<!\\)&")
_STEP_HEAD = re.compile(r"^[^&]*&=")


def _uncovered(chain: str) -> str:
    r"""Wrap each cell of step *k* of an ``align*`` chain in ``\uncover<k+1->``.

    >>> print(_uncovered("\\begin{align*}\na &= b && \\text{why}\n\\end{align*}"))
    \begin{align*}
    a &\uncover<2->{{}= b }&&\uncover<2->{{} \text{why}}
    \end{align*}
    """
    lines = chain.split("\n")
    step = 0
    out = []
    for row in " ".join(lines[1:-1]).split(" \\\\ "):
        if _STEP_HEAD.match(row):
            step += 1
        if step == 0:
            out.append(row)
            continue
        cells = _CELL.split(row)
        wrapped = [cells[0]] + [
            rf"\uncover<{step + 1}->{{{{}}{cell}}}" if cell.strip() else cell for cell in cells[1:]
        ]
        out.append("&".join(wrapped))
    return lines[0] + "\n" + " \\\\\n".join(out) + "\n" + lines[-1]


def _reason_rows(reason: str) -> int:
    """About how many lines a reason takes in its column."""
    chars = len(re.sub(r"\\[A-Za-z]+|[{}$]", "", reason))
    return max(1, math.ceil(chars * 0.42 / _REASON_EM))


def _math_rows(math_text: str) -> float:
    """About how many text lines a display takes: a fraction or a sum makes a row taller."""
    rows = math_text.split("\\\\")
    return 1.5 + sum(2.2 if "\\frac" in row or "\\sum" in row else 1.3 for row in rows)


def _title_rows(title: str) -> float:
    """About how many lines a frame title takes."""
    return 1.5 * (1 + len(title) // 55)


def _chain_rows(chain: str, reasons: Sequence[str]) -> float:
    # A reason of two lines fits beside a row with a fraction; longer ones add height.
    return _math_rows(chain) + sum(1.1 * max(0, _reason_rows(r) - 2) for r in reasons)


def frame(result: DerivationResult, options: DocumentOptions = DocumentOptions()) -> str:  # noqa: B008
    """Return the beamer frame of one checked derivation (several if its chain is long).

    The first frame states the result and starts the chain; a chain too long
    for one slide continues on frames titled "(continued)", each from the
    last expression of the frame before. Every frame uncovers its steps one by one.
    """
    d = result.derivation
    reasons = [
        reason_latex(result, i, _cite, methods=options.methods) for i in range(len(result.steps))
    ]
    exprs = shown_steps(result)
    statement = statement_math(shown_lhs(d), shown_rhs(d), line_em=_LINE_EM)
    status = "" if result.proved else rf" \textbf{{(not proved: {result.status.value})}}"
    title = title_latex(d.title)
    head = f"{quantifier(result)}{status}\n{statement}\n"
    budget = _MAX_ROWS - _title_rows(d.title) - _math_rows(statement) - 1
    frames: list[str] = []
    start, lhs = 0, shown_lhs(d)
    while start < len(exprs):
        stop = start + 1
        while stop < len(exprs):
            trial = math_chain(
                lhs,
                exprs[start : stop + 1],
                reasons[start : stop + 1],
                line_em=_LINE_EM,
                reason_em=_REASON_EM,
            )
            if _chain_rows(trial, reasons[start : stop + 1]) > budget:
                break
            stop += 1
        chain = math_chain(
            lhs, exprs[start:stop], reasons[start:stop], line_em=_LINE_EM, reason_em=_REASON_EM
        )
        heading = title if not frames else f"{title} (continued)"
        # One step taller than a slide: shrink the frame (beamer's last resort).
        over = _chain_rows(chain, reasons[start:stop]) / budget
        shrink = f"[shrink={min(50, math.ceil((over - 1) * 100))}]" if over > 1 else ""
        frames.append(
            f"\\begin{{frame}}{shrink}{{{heading}}}\n\\small\n{head if not frames else ''}"
            f"{_uncovered(chain)}\n\\end{{frame}}\n"
        )
        start, lhs = stop, exprs[stop - 1]
        budget = _MAX_ROWS - _title_rows(d.title) - 1
    return "".join(frames)


def slides_document(
    results: Sequence[DerivationResult],
    title: str = SLIDES_TITLE,
    options: DocumentOptions = DocumentOptions(),  # noqa: B008
) -> str:
    """Return a beamer document: a title frame, then one frame per derivation.

    The frames come by topic, the seed result first (as in the bundle).
    """
    by_name = {r.derivation.name: r for r in results}
    modules = {n: topic(r.derivation) for n, r in by_name.items()}
    frames = "\n".join(
        frame(by_name[n], options) for n in order_for_reading(list(by_name), modules)
    )
    return (
        "\\documentclass[11pt]{beamer}\n"
        "\\usepackage{amsmath,amssymb}\n"
        "\\setbeamertemplate{navigation symbols}{}\n"
        "\\setbeamercovered{invisible}\n"
        "\\usefonttheme[onlymath]{serif}\n"
        "\\allowdisplaybreaks\n"
        f"\\title{{{escape_text(title)}}}\n"
        f"\\subtitle{{{escape_text(checked_summary(results))}}}\n"
        "\\date{}\n"
        "\\begin{document}\n"
        "\\begin{frame}\n\\titlepage\n\\end{frame}\n\n"
        f"{frames}"
        "\\end{document}\n"
    )
