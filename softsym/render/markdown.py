r"""Markdown rendering of checked derivations that survives GitHub.

Display math (the statement, the proof chain, the typeset implementations)
is set in ```` ```math ```` fences, which GitHub renders as math and leaves
untouched by Markdown; MkDocs renders them with pymdownx.superfences'
``math`` custom fence (arithmatex). For Jupyter, which renders ``$$`` but
not the fences, :func:`to_markdown` takes ``display="dollars"`` (the notebook
display uses it). Inline ``$...$`` math appears only in titles and in the
reasons' own ``$...$`` segments, and only in a form that GitHub's Markdown
cannot mangle: no backslash before punctuation (``\{`` is ``\lbrace``,
``\,`` is ``\thinspace``), no ``*`` and no ``|`` (``\vert``, which a table
cell survives). Plain text escapes ``_`` and the
backslash as HTML entities, so no ``\_`` or ``\\`` appears outside fenced math.

User text follows the rule of :mod:`softsym.render.latex`: plain text with
Markdown's special characters escaped, plus ``$...$`` math segments in
reasons and descriptions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from softsym.proofs.derivation import DerivationResult
from softsym.render.latex import (
    assumption_latex,
    chained,
    checked_summary,
    claim_variables,
    math_chain,
    shown_latex,
    shown_lhs,
    shown_lines,
    shown_rhs,
    shown_steps,
    split_math,
    title_pieces,
    where_math,
)
from softsym.render.linebreak import tex_width
from softsym.render.notation import tidy_indices
from softsym.render.topics import citation, heading, order_for_reading, topic
from softsym.verdict import Status

__all__ = [
    "DISPLAYS",
    "escape_markdown",
    "index_markdown",
    "inline_math",
    "rich_markdown",
    "title_markdown",
    "to_markdown",
]

DISPLAYS = ("fence", "dollars")
"""How display math is set: ```` ```math ```` fences (GitHub) or ``$$`` (Jupyter)."""

# Entities rather than backslashes where a backslash would start math in
# Jupyter (\[ and \( are MathJax delimiters there) or is not an escape in
# Python-Markdown (~, <, >, &).
_ESCAPES = {
    "\\": "&#92;",
    "`": "\\`",
    "*": "\\*",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "#": "\\#",
    "$": "\\$",
    "~": "&#126;",
    "|": "&#124;",
}


def escape_markdown(text: str) -> str:
    r"""Return plain text as Markdown that shows it as written.

    Whitespace runs become one space; a leading ``-``, ``+`` or ``1.`` is
    escaped so the text never turns into a list.

    >>> escape_markdown("50% & $x_1$ #1")
    '50% &amp; \\$x&#95;1\\$ \\#1'
    """
    return _protect_start(_escape_chars(" ".join(text.split())))


def _escape_chars(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _protect_start(text: str) -> str:
    """Escape a start that Markdown would read as a list item."""
    if text[:1] in ("-", "+"):
        return "\\" + text
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits and text[digits : digits + 1] in (".", ")"):
        return text[:digits] + "\\" + text[digits:]
    return text


_INLINE_SAFE = {
    "\\{": "\\lbrace ",
    "\\}": "\\rbrace ",
    "\\,": "\\thinspace ",
    "\\:": "\\medspace ",
    "\\;": "\\thickspace ",
    "\\!": "\\negthinspace ",
    "\\|": "\\Vert ",
    "\\_": "\\text{_}",
    "\\\\": " ",
}


def inline_math(body: str) -> str:
    r"""Return inline math that GitHub's Markdown leaves alone (no backslash before punctuation).

    >>> inline_math(r"y \in \{0, 1\}, a \, b * c")
    'y \\in \\lbrace 0, 1\\rbrace , a \\thinspace  b \\ast  c'
    """
    out = re.sub(r"\\[^A-Za-z]", lambda m: _INLINE_SAFE.get(m.group(), " "), tidy_indices(body))
    return out.replace("*", "\\ast ").replace("|", "\\vert ")


def rich_markdown(text: str) -> str:
    r"""Return a reason or description as Markdown: escaped text and ``$...$`` inline math.

    >>> rich_markdown("divide by $e^{z_1}$, not e^{z_1}")
    'divide by $e^{z_1}$, not e^{z&#95;1}'
    """
    out = [
        f"${inline_math(segment)}$" if is_math else _escape_chars(segment)
        for is_math, segment in split_math(" ".join(text.split()))
    ]
    return _protect_start("".join(out))


def title_markdown(title: str) -> str:
    """A title as Markdown, with words like ``w1_j`` or ``e^{−|z|}`` as inline math.

    >>> title_markdown("Gradient descent conserves w1 + w2")
    'Gradient descent conserves $w_{1} + w_{2}$'
    """
    if "$" in title:
        return rich_markdown(title)
    return _protect_start(
        "".join(
            f"${inline_math(text)}$" if is_math else _escape_chars(text)
            for is_math, text in title_pieces(title)
        )
    )


def _display(tex: str, display: str) -> str:
    if display == "fence":
        return f"```math\n{tex}\n```"
    return f"$$\n{tex}\n$$"


def _link(name: str) -> str:
    return f"[`{name}`]({name}.md)"


def _statement(result: DerivationResult, display: str) -> str:
    d = result.derivation
    reals, integers = claim_variables(result)
    domains = ((reals, r"\mathbb{R}"), (integers, r"\mathbb{Z}"))
    where = [rf"{names} \in {domain}" for names, domain in domains if names]
    where.extend(chained(assumption_latex(d)))
    condition = r"\qquad \text{for } " + ",\\ ".join(where) if where else ""
    lhs, rhs = shown_lhs(d), shown_rhs(d)
    one = f"{shown_latex(lhs)} = {shown_latex(rhs)}"
    abbreviations = where_math(d)
    shown_where = ""
    if abbreviations:
        shown_where = "\n\n" + _display(r"\text{where } " + r",\quad ".join(abbreviations), display)
    if tex_width(one) <= _MARKDOWN_LINE_EM:
        return _display(one + condition, display) + shown_where
    # Too wide for a page: the sides broken over the lines of an aligned block.
    rows = [f"& {line}" for line in shown_lines(lhs, _MARKDOWN_LINE_EM)]
    right = shown_lines(rhs, _MARKDOWN_LINE_EM)
    rows += [f"&= {right[0]}", *(rf"&\qquad {{}} {line}" for line in right[1:])]
    if where:
        rows.append(r"& \text{for } " + ",\\ ".join(where))
    block = "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"
    return _display(block, display) + shown_where


def _reason(result: DerivationResult, index: int, *, methods: bool = False) -> str:
    r = result.steps[index]
    text = rich_markdown(r.step.reason)
    if r.step.uses:
        text += " (by " + ", ".join(_link(n) for n in r.step.uses) + ")"
    if r.verdict.status is not Status.PROVED:
        text += f" — **{r.verdict.status.value}**: " + escape_markdown(r.verdict.reason)
    elif methods:
        text += f" *[{escape_markdown(r.verdict.method)}]*"
    return text


def _reference(ref: str) -> str:
    work, _ = citation(ref)
    text = rich_markdown(ref)  # a locator may hold $...$ math, as reasons do
    return f"{text} ([link]({work.url}))" if work else text


def to_markdown(
    result: DerivationResult,
    *,
    heading: str = "#",
    display: str = "fence",
    methods: bool = False,
    implementation: bool = True,
) -> str:
    """Return the Markdown page of one checked derivation.

    Args:
        result: The checked derivation.
        heading: The Markdown heading marker of the title (``#`` for a page,
            ``##`` inside a longer document).
        display: ``"fence"`` (```` ```math ````, for GitHub) or ``"dollars"`` (``$$``, for Jupyter).
        methods: Show each step's checking method after its reason.
        implementation: Include the typeset reference implementations.
    """
    from softsym.reference import implementations_for
    from softsym.render.latex import latexify_display

    if display not in DISPLAYS:
        raise ValueError(f"display must be one of {', '.join(DISPLAYS)} (got {display!r})")
    d = result.derivation
    out = [f"{heading} {title_markdown(d.title)}", ""]
    out.append(f"**Theorem** (`{d.name}`).")
    out.append("")
    out.append(_statement(result, display))
    out.append("")
    if d.description:
        out += [rich_markdown(d.description), ""]
    if not result.proved:
        out.append(f"> **Not proved: {result.status.value}.**")
        for r in result.steps:
            if not r.verdict.proved:
                out.append(
                    f"> Step {r.index} is {r.verdict.status.value}: "
                    + escape_markdown(r.verdict.reason)
                    + "  "
                )
        out.extend(f"> {escape_markdown(p)}  " for p in result.problems)
        out.append("")
    out.append("**Proof.**" if result.proved else "**Attempted proof** (not proved).")
    out.append("")
    tags = [f"({r.index})" for r in result.steps]
    chain = math_chain(
        shown_lhs(d),
        shown_steps(result),
        tags,
        environment="aligned",
        wrap=False,
        line_em=_MARKDOWN_LINE_EM,
    )
    out += [_display(chain, display), ""]
    out += [f"{r.index}. {_reason(result, i, methods=methods)}" for i, r in enumerate(result.steps)]
    out.append("")
    summary = escape_markdown(checked_summary([result]))
    out += [f"{summary} ∎" if result.proved else summary, ""]
    refs = implementations_for(d.lhs, d.rhs) if implementation else ()
    if refs:
        out += [f"{heading}# Implementation", ""]
        out += ["The reference code of `softsym.reference`, typeset by latexify:", ""]
        for ref in refs:
            out += ["```python", ref.source.rstrip("\n"), "```", ""]
            out += [_display(latexify_display(ref.latex), display), ""]
    if d.references:
        out += [f"{heading}# References", ""]
        out += [f"- {_reference(ref)}" for ref in d.references]
        out.append("")
    return "\n".join(out)


# A Markdown page is read in a browser: about 60 em of math fit before it scrolls.
_MARKDOWN_LINE_EM = 60.0


def index_markdown(results: Sequence[DerivationResult], title: str = "Proofs") -> str:
    """Return an index page: a table per topic of every derivation with its status and link.

    The topics are the catalog modules (:func:`softsym.render.topics.topic`),
    in reading order, the seed result first.
    """
    by_name = {r.derivation.name: r for r in results}
    modules = {n: topic(r.derivation) for n, r in by_name.items()}
    out = [f"# {escape_markdown(title)}", ""]
    out.append(
        "Generated by `softsym export --format md`. " + escape_markdown(checked_summary(results))
    )
    current = None
    for name in order_for_reading(list(by_name), modules):
        r = by_name[name]
        if modules[name] != current:
            current = modules[name]
            out += ["", f"## {escape_markdown(heading(current))}", ""]
            out += ["| Derivation | Title | Status |", "| --- | --- | --- |"]
        out.append(f"| {_link(name)} | {title_markdown(r.derivation.title)} | {r.status.value} |")
    out.append("")
    return "\n".join(out)
