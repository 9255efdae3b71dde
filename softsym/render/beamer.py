r"""Slides: one beamer frame per checked derivation, its steps uncovered one by one.

The first frame of a derivation shows the title, the statement and the start
of the proof chain; step *k* on a frame (its formula and, below it, its
reason) appears on overlay *k + 1* (``\uncover<k+1->{...}``), so a lecturer
reveals the derivation a step at a time. Reasons always sit below their step,
in small type across the slide, so the formulas get the whole width.

A chain too tall for one slide continues on frames titled "(continued)",
each starting from the last expression of the frame before. Where a frame
breaks is decided from an estimate of each row's height
(:func:`row_extent`), measured against what pdflatex makes of beamer's
fonts; every frame also carries beamer's ``shrink`` option as a last resort,
which scales a frame down only if it is still taller than the slide (and
then says so in the log). The deck ends with the sentence saying what
softsym checked.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

from softsym.proofs.derivation import DerivationResult
from softsym.render.latex import (
    DocumentOptions,
    Shown,
    checked_summary,
    escape_text,
    quantifier,
    reason_latex,
    shown_lhs,
    shown_lines,
    shown_rhs,
    shown_steps,
    statement_math,
    title_latex,
    where_text,
)
from softsym.render.linebreak import tex_width
from softsym.render.topics import order_for_reading, topic

__all__ = ["SLIDES_TITLE", "frame", "row_extent", "shrunk_frames", "slides_document"]

SLIDES_TITLE = "softsym: machine-checked derivations"

# Layout of a 4:3 beamer slide at 11pt with 0.6 cm side margins, in em of the
# frame's \small type (10 pt): the text is 330 pt wide, of which lines are
# broken to fill 30 em (the rest is room for what cannot be broken); below a
# one-line title 240.5 pt of it are free, 18 pt less for each more line of
# title (measured with pdflatex).
_LINE_EM = 30.0
_INDENT_EM = 2.0  # continuation lines start with \qquad
_RELATION_EM = 1.4
_SAFETY_EM = 0.8
_TEXT_HEIGHT_PT = 240.5
_TITLE_LINE_PT = 18.0
_TITLE_EM = 22.5  # the width of a line of the frame title (\Large), in its own em
_SLACK_PT = 8.0  # what the estimate may miss on a full slide
# \small text: 12 pt from baseline to baseline, about 0.5 em a character;
# \footnotesize reasons: 9.5 pt lines, about 0.42 em (of \small) a character.
_BASELINE_PT = 12.0
_JOT_PT = 3.0
_LINESKIP_PT = 1.0
_DISPLAY_SKIP_PT = 10.0
_TEXT_CHAR_EM = 0.5
_TITLE_CHAR_EM = 0.44
_REASON_LINE_PT = 9.5
_REASON_CHAR_EM = 0.40


def _cite(name: str) -> str:
    return rf"\textsf{{{escape_text(name)}}}"


# ---------------------------------------------------------------------------
# Heights

# (height, depth) in pt of a display-style line of \small math (pdflatex's
# measurements): a plain line, and one with a sum with limits or a big delimiter.
_PLAIN = (8.5, 3.5)
_TOP_LEVEL = (
    (re.compile(r"\\sum|\\prod"), (18.5, 13.0)),
    (re.compile(r"\\bigg[lr]?\b"), (14.5, 9.5)),
    (re.compile(r"\\Big[lr]?\b"), (11.5, 6.5)),
    # \left( around an exponent that holds a \left| grows to a \Big size.
    (re.compile(r"\^\{[^{}]*\\left"), (11.5, 6.5)),
)
# A fraction: 14 pt high and 8.5 pt deep, more when its parts are tall
# (they are in text style there: a sum's limits go beside it).
_FRACTION = (14.5, 9.0)
_TALL_PART = re.compile(r"\\sum|\\prod|\\frac|\\bigg|\\Big")
_PARBOX = re.compile(r"\\parbox\[t\]\{([\d.]+)em\}\{(.*)\}", re.S)


def _group_end(tex: str, i: int) -> int:
    """The index after the brace group that starts at ``tex[i] == "{"``."""
    depth = 0
    for j in range(i, len(tex)):
        if tex[j] == "{" and tex[j - 1 : j] != "\\":
            depth += 1
        elif tex[j] == "}" and tex[j - 1 : j] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(tex)


def _fractions(tex: str) -> tuple[str, list[tuple[str, str]]]:
    """Split off the top-level fractions: the rest of ``tex``, and each (numerator, denominator)."""
    rest: list[str] = []
    parts: list[tuple[str, str]] = []
    i = 0
    while True:
        k = tex.find("\\frac{", i)
        if k < 0:
            rest.append(tex[i:])
            return "".join(rest), parts
        rest.append(tex[i:k])
        numer_end = _group_end(tex, k + 5)
        if numer_end >= len(tex) or tex[numer_end] != "{":
            rest.append(tex[k:numer_end])
            i = numer_end
            continue
        denom_end = _group_end(tex, numer_end)
        parts.append((tex[k + 6 : numer_end - 1], tex[numer_end + 1 : denom_end - 1]))
        rest.append("\\frac")
        i = denom_end


def row_extent(tex: str) -> tuple[float, float]:
    r"""Estimate the height and depth, in pt, of one row of display math in ``\small`` type.

    A row is as tall as its tallest construct: a sum with limits, a big
    delimiter, a fraction (taller if its numerator or denominator holds a
    sum or a fraction); ``\left``/``\right`` grow to what they enclose. A
    row that is a ``\parbox[t]`` of text (a step's reason) hangs its lines
    below the baseline.

    >>> row_extent("a + b")
    (8.5, 3.5)
    >>> row_extent(r"\frac{1}{1 + e^{z}}")
    (14.5, 9.0)
    """
    box = _PARBOX.search(tex)
    if box:
        lines = _text_lines(box.group(2), float(box.group(1)), _REASON_CHAR_EM)
        return _PLAIN[0], _PLAIN[1] + _REASON_LINE_PT * (lines - 1)
    rest, fractions = _fractions(tex)
    height, depth = _PLAIN
    for pattern, (h, d) in _TOP_LEVEL:
        if pattern.search(rest):
            height, depth = max(height, h), max(depth, d)
    for numer, denom in fractions:
        height = max(height, _FRACTION[0] + (2.5 if _TALL_PART.search(numer) else 0.0))
        grow = 3.5 if _TALL_PART.search(denom) else 0.0
        if grow and "\\left" in denom:
            grow = 8.0  # a sum in \left( ... \right)
        depth = max(depth, _FRACTION[1] + grow)
    if fractions and "\\left" in rest:
        height, depth = height + 0.5, depth + 1.0
    return height, depth


def _text_lines(text: str, width_em: float, char_em: float) -> int:
    """About how many lines ``text`` (LaTeX text with ``$...$`` math) takes in ``width_em``."""
    em = 0.0
    for i, part in enumerate(re.split(r"(?<!\\)\$", text)):
        if i % 2:
            em += tex_width(part) * char_em / _TEXT_CHAR_EM
        else:
            plain = re.sub(r"\\[A-Za-z]+\*?(\[[^\]]*\])?|[{}]", "", part)
            em += len(plain) * char_em
    # Words do not fill a line exactly: allow a little for the ragged edge.
    return max(1, math.ceil(em / (width_em * 0.9)))


def _display_height(rows: Sequence[str]) -> float:
    """The height of a display (``align*``, ``multline*``) of these rows, with its skips."""
    extents = [row_extent(r) for r in rows]
    if not extents:
        return 0.0
    total = 2 * _DISPLAY_SKIP_PT + extents[0][0] + extents[-1][1]
    for (_, depth), (height, _) in itertools.pairwise(extents):
        total += max(_BASELINE_PT, depth + height + _LINESKIP_PT) + _JOT_PT
    return total


def _statement_rows(statement: str) -> list[str]:
    r"""The rows of a statement's display (``\[...\]`` or ``multline*``)."""
    return " ".join(statement.split("\n")[1:-1]).split(" \\\\ ")


def _title_height(title: str) -> float:
    """How much more room a frame title takes than one line, in pt."""
    return _TITLE_LINE_PT * (_text_lines(title, _TITLE_EM, _TITLE_CHAR_EM) - 1)


# ---------------------------------------------------------------------------
# Rows of the chain


def _left_block(left: Shown, limit: float) -> list[str]:
    lines = shown_lines(left, limit)
    return [f"& {lines[0]}", *(rf"&\qquad {{}} {tex}" for tex in lines[1:])]


def _step_rows(expr: Shown, reason: str, limit: float) -> list[str]:
    """The rows of one step without overlays: its formula lines, then its reason."""
    lines = shown_lines(expr, limit)
    width = _LINE_EM - _INDENT_EM - _SAFETY_EM
    return [
        f"{{}}= {lines[0]}",
        *(rf"\qquad {{}} {tex}" for tex in lines[1:]),
        rf"\qquad\parbox[t]{{{width:.1f}em}}{{\raggedright\footnotesize\leavevmode\color{{darkgray}}{reason}}}",
    ]


def _uncovered(rows: Sequence[str], overlay: int) -> list[str]:
    return [rf"&\uncover<{overlay}->{{{row}}}" for row in rows]


def _chain(left: Sequence[str], steps: Sequence[list[str]]) -> str:
    """An ``align*`` of ``left`` (shown at once) and the steps, one overlay each.

    Without ``left`` the first step is shown at once too.
    """
    rows = list(left)
    first = 2 if left else 1
    for k, step in enumerate(steps):
        rows += _uncovered(step, first + k)
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


# ---------------------------------------------------------------------------
# Frames


def frame(result: DerivationResult, options: DocumentOptions = DocumentOptions()) -> str:  # noqa: B008
    """Return the beamer frames of one checked derivation (several if its chain is long).

    The first frame states the result and starts the chain; a chain too tall
    for one slide continues on frames titled "(continued)", each from the
    last expression of the frame before. Every frame uncovers its steps one
    by one, each step's reason below it.
    """
    d = result.derivation
    reasons = [
        reason_latex(result, i, _cite, methods=options.methods) for i in range(len(result.steps))
    ]
    exprs = shown_steps(result)
    limit = _LINE_EM - _INDENT_EM - _RELATION_EM - _SAFETY_EM
    where = where_text(d)
    statement = statement_math(
        shown_lhs(d), shown_rhs(d), line_em=_LINE_EM, end="," if where else "."
    )
    status = "" if result.proved else rf" \textbf{{(not proved: {result.status.value})}}"
    title = title_latex(d.title)
    lead = f"{quantifier(result)}{status}"
    head = f"{lead}\n{statement}\n" + (f"{where}\n" if where else "")
    room = _TEXT_HEIGHT_PT - _SLACK_PT - _title_height(title)
    head_height = _BASELINE_PT * _text_lines(lead, _LINE_EM, _TEXT_CHAR_EM) + _display_height(
        _statement_rows(statement)
    )
    if where:
        head_height += _BASELINE_PT * _text_lines(where, _LINE_EM, _TEXT_CHAR_EM)
    steps = [_step_rows(e, r, limit) for e, r in zip(exprs, reasons, strict=True)]

    frames: list[str] = []
    # A display that follows another shares the skip between them; one that
    # opens a frame starts below an empty line.
    budget = room - head_height + _DISPLAY_SKIP_PT
    start, left = 0, _left_block(shown_lhs(d), limit + _RELATION_EM)
    while True:
        first = not frames
        stop = start
        while stop < len(steps):
            rows = left + [row for step in steps[start : stop + 1] for row in step]
            # The first frame may hold the statement alone; a later one holds
            # at least one step, however tall (beamer's shrink is the last resort).
            if _display_height(rows) > budget and (stop > start or first):
                break
            stop += 1
        body = head if first else ""
        if stop == start + 1 and not first and _display_height(left + steps[start]) > budget:
            # One step too tall to follow the line it continues: the line is on
            # the frame before, and the step alone may fit.
            left = []
        if stop > start:
            body += _chain(left, steps[start:stop]) + "\n"
            left = _left_block(exprs[stop - 1], limit + _RELATION_EM)
        heading = title if first else f"{title} (continued)"
        frames.append(f"\\begin{{frame}}[t,shrink=0]{{{heading}}}\n\\small\n{body}\\end{{frame}}\n")
        start, budget = stop, room - _DISPLAY_SKIP_PT
        if start >= len(steps):
            break
    return "".join(frames)


_SHRUNK = re.compile(
    r"Frame text is shrunk by a factor of\s+([\d.]+)\s+percent\s+instead of\s+\d+\s+percent"
    r"\s+on\s+input\s+line\s+(\d+)"
)


def shrunk_frames(log: str) -> dict[int, float]:
    r"""Return the frames beamer had to scale down to fit, from a pdflatex log.

    Every frame carries ``shrink=0``: beamer scales down only a frame taller
    than the slide, and logs by how much. Each overlay logs again; a frame
    counts once.

    Returns:
        The input line of each such frame's ``\end{frame}`` → how much it was shrunk, in percent.

    >>> shrunk_frames("Class beamer Warning: Frame text is shrunk by a factor of 4.5 percent inst\n"
    ...               "ead of 0 percent on input line 12.")
    {12: 4.5}
    """
    flat = re.sub(r"\n", "", log)
    return {int(line): float(pct) for pct, line in _SHRUNK.findall(flat)}


def slides_document(
    results: Sequence[DerivationResult],
    title: str = SLIDES_TITLE,
    options: DocumentOptions = DocumentOptions(),  # noqa: B008
) -> str:
    """Return a beamer document: a title frame, then the frames of each derivation.

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
        "\\setbeamersize{text margin left=0.6cm,text margin right=0.6cm}\n"
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
