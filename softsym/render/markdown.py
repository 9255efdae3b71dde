r"""Markdown rendering of checked derivations, with ``$$`` display math.

The output renders in Jupyter, on GitHub, in MkDocs (pymdownx.arithmatex)
and in Jupyter Book (MyST's dollar math): the statement and the proof chain
are ``$$ ... $$`` blocks on lines of their own (the chain as
``\begin{aligned}``, each step tagged ``(1)``, ``(2)``, ...), and the reasons
follow as a numbered list of plain Markdown. There is no inline math outside
the reasons' own ``$...$`` segments, and ``\operatorname`` is used for
function names, which every MathJax and KaTeX set-up accepts.

User text follows the rule of :mod:`softsym.render.latex`: plain text with
Markdown's special characters escaped, plus ``$...$`` math segments in
reasons and descriptions.
"""

from __future__ import annotations

from collections.abc import Sequence

from softsym.proofs.derivation import DerivationResult
from softsym.render.latex import (
    assumption_latex,
    claim_variables,
    latex_expr,
    math_chain,
    split_math,
)
from softsym.verdict import Status

__all__ = ["escape_markdown", "index_markdown", "rich_markdown", "to_markdown"]

# Entities rather than backslashes where a backslash would start math in
# Jupyter (\[ and \( are MathJax delimiters there) or is not an escape in
# Python-Markdown (~, <, >, &).
_ESCAPES = {
    "\\": "&#92;",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
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
    '50% &amp; \\$x\\_1\\$ \\#1'
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


def rich_markdown(text: str) -> str:
    r"""Return a reason or description as Markdown: escaped text and ``$...$`` inline math.

    >>> rich_markdown("divide by $e^{z_1}$, not e^{z_1}")
    'divide by $e^{z_1}$, not e^{z\\_1}'
    """
    out = [
        f"${segment}$" if is_math else _escape_chars(segment)
        for is_math, segment in split_math(" ".join(text.split()))
    ]
    return _protect_start("".join(out))


def _link(name: str) -> str:
    return f"[`{name}`]({name}.md)"


def _statement(result: DerivationResult) -> str:
    d = result.derivation
    reals, integers = claim_variables(result)
    domains = ((reals, r"\mathbb{R}"), (integers, r"\mathbb{Z}"))
    where = [rf"{names} \in {domain}" for names, domain in domains if names]
    where.extend(assumption_latex(d))
    condition = r"\qquad \text{for } " + ",\\ ".join(where) if where else ""
    return f"$$\n{latex_expr(d.lhs)} = {latex_expr(d.rhs)}{condition}\n$$"


def _reason(result: DerivationResult, index: int) -> str:
    r = result.steps[index]
    text = rich_markdown(r.step.reason)
    if r.step.uses:
        text += " (by " + ", ".join(_link(n) for n in r.step.uses) + ")"
    if r.verdict.status is not Status.PROVED:
        text += f" — **{r.verdict.status.value}**: " + escape_markdown(r.verdict.reason)
    return text


def to_markdown(result: DerivationResult, *, heading: str = "#") -> str:
    """Return the Markdown page of one checked derivation.

    Args:
        result: The checked derivation.
        heading: The Markdown heading marker of the title (``#`` for a page,
            ``##`` inside a longer document).
    """
    from softsym.reference import implementations_for

    d = result.derivation
    out = [f"{heading} {escape_markdown(d.title)}", ""]
    out.append(f"**Theorem** (`{d.name}`).")
    out.append("")
    out.append(_statement(result))
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
        d.lhs, [r.step.expr for r in result.steps], tags, environment="aligned", wrap=False
    )
    out += [f"$$\n{chain}\n$$", ""]
    out += [f"{r.index}. {_reason(result, i)}" for i, r in enumerate(result.steps)]
    out.append("")
    if result.proved:
        out += ["Every step is checked by softsym. ∎", ""]
    refs = implementations_for(d.lhs, d.rhs)
    if refs:
        out += [f"{heading}# Implementation", ""]
        out += ["The reference code of `softsym.reference`, typeset by latexify:", ""]
        for ref in refs:
            out += ["```python", ref.source.rstrip("\n"), "```", ""]
            out += [f"$$\n{ref.latex}\n$$", ""]
    if d.references:
        out += [f"{heading}# References", ""]
        out += [f"- {escape_markdown(ref)}" for ref in d.references]
        out.append("")
    return "\n".join(out)


def index_markdown(results: Sequence[DerivationResult], title: str = "Proofs") -> str:
    """Return an index page: a table of every derivation with its status, linking to its page."""
    out = [f"# {escape_markdown(title)}", ""]
    out.append("Generated by `softsym export --format md`; each page is machine-checked.")
    out += ["", "| Derivation | Title | Status |", "| --- | --- | --- |"]
    for r in results:
        out.append(
            f"| {_link(r.derivation.name)} | {escape_markdown(r.derivation.title)} "
            f"| {r.status.value} |"
        )
    out.append("")
    return "\n".join(out)
