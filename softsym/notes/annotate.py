r"""``--annotate``: a copy of the document with a mark beside every checked step.

The marks: ✓ proved, ✗ refuted (with the counterexample), ? undecided,
! unreadable. After each display block a visible line lists its steps:

* ``.tex``: ``{\small\textsf{softsym: [3] $\surd$ proved; [4] $\times$ refuted at z = 1 ...}}``
  after the block's closing line, and a ``%`` comment at the end of each step's
  row — plain LaTeX only (``\surd``, ``\times``,
  escaped text), so the copy compiles wherever the original did; inline math
  in the prose gets the comment only;
* ``.md``: a paragraph ``> softsym: [3] ✓ proved ...`` after each display
  block, separated by blank lines, so the math blocks stay intact; inline math
  in the prose gets an HTML comment at the end of its line, so paragraphs and
  lists keep their shape;
* ``.ipynb``: the same as Markdown, inside each Markdown cell.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence

from softsym.notes.report import FileResult, StepResult

__all__ = ["annotate", "annotate_markdown", "annotate_notebook", "annotate_tex", "mark_text"]

_TEX_MARK = {"proved": r"$\surd$", "refuted": r"$\times$", "undecided": "?", "error": "!"}
_TEX_WORD = {
    "proved": "proved",
    "refuted": "REFUTED",
    "undecided": "undecided",
    "error": "unreadable",
}
_TEXT_MARK = {"proved": "✓", "refuted": "✗", "undecided": "?", "error": "!"}
_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\^{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\~{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_MAX_REASON = 120


def mark_text(step: StepResult) -> str:
    """A step's mark in plain text: ``[4] ✗ refuted at z = 1: lhs = ..., rhs = ...``."""
    status = step.status or ""
    mark = _TEXT_MARK.get(status, "")
    return f"[{step.index}] {mark} {_words(step)}".replace("  ", " ")


def _words(step: StepResult) -> str:
    if step.status == "proved":
        return f"proved ({step.method})"
    if step.status == "refuted" and step.counterexample is not None:
        text = f"refuted {step.counterexample.describe()}"
    elif step.status == "error":
        text = "unreadable: " + _short(step.reason)
    else:
        text = f"{step.status}: " + _short(step.reason)
    if step.hint:
        text += f"; {step.hint}"
    return text


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"


def _ascii_tex(text: str) -> str:
    """Text made safe for LaTeX text mode with only ASCII (Greek letters spelt out)."""
    out = []
    for ch in text:
        if ch in _TEX_SPECIAL:
            out.append(_TEX_SPECIAL[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(_UNICODE_NAMES.get(ch, "?"))
    return "".join(out)


_UNICODE_NAMES = {
    "σ": "sigma",
    "Σ": "Sum",
    "δ": "delta",
    "∈": "in",
    "…": "...",
    "−": "-",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "✓": "ok",
    "✗": "x",
}


def _checked(steps: Sequence[StepResult]) -> list[StepResult]:
    return [s for s in steps if s.status is not None]


def _tex_line(steps: Sequence[StepResult]) -> str:
    parts = []
    for s in steps:
        status = s.status or ""
        parts.append(f"[{s.index}] {_TEX_MARK[status]} " + _ascii_tex(_words(s)))
    return r"{\small\textsf{softsym: " + "; ".join(parts) + "}}"


def _by_line(steps: Sequence[StepResult]) -> dict[int, list[StepResult]]:
    found: dict[int, list[StepResult]] = defaultdict(list)
    for s in steps:
        found[s.line].append(s)
    return found


def _by_block_end(steps: Sequence[StepResult]) -> dict[int, list[StepResult]]:
    """Displayed steps by the last line of their block (inline ones are marked in place)."""
    found: dict[int, list[StepResult]] = defaultdict(list)
    for s in steps:
        if not s.inline:
            found[s.block_end].append(s)
    return found


def annotate_tex(text: str, steps: Sequence[StepResult]) -> str:
    """Mark the steps in a ``.tex`` document (see the module docstring)."""
    lines = text.split("\n")
    body = next((n for n, line in enumerate(lines, 1) if "\\begin{document}" in line), 0)
    checked = [s for s in _checked(steps) if s.line > body]  # no text in the preamble
    on_line, after = _by_line(checked), _by_block_end(checked)
    out = []
    for number, line in enumerate(lines, start=1):
        if number in on_line:
            marks = " ".join(f"[{s.index}] {_TEX_WORD[s.status or '']}" for s in on_line[number])
            line = f"{line} % softsym: {marks}"
        out.append(line)
        if number in after:
            out.append(_tex_line(after[number]))
    return "\n".join(out)


def annotate_markdown(text: str, steps: Sequence[StepResult]) -> str:
    """Mark the steps in a Markdown text (see the module docstring)."""
    checked = _checked(steps)
    after = _by_block_end(checked)
    inline = _by_line([s for s in checked if s.inline])
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines, start=1):
        if number in inline:
            marks = "; ".join(mark_text(s).replace("--", "- -") for s in inline[number])
            line = f"{line} <!-- softsym: {marks} -->"
        out.append(line)
        if number in after:
            out.append("")
            out.extend("> softsym: " + _markdown_escape(mark_text(s)) + "  " for s in after[number])
            out.append("")
    return "\n".join(out)


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_<>|$\[\]])", r"\\\1", text)


def annotate_notebook(text: str, steps: Sequence[StepResult]) -> str:
    """Mark the steps in the Markdown cells of a notebook's JSON."""
    data = json.loads(text)
    by_cell: dict[int, list[StepResult]] = defaultdict(list)
    for s in steps:
        if s.cell is not None:
            by_cell[s.cell].append(s)
    for number, cell in enumerate(data.get("cells", []), start=1):
        if number not in by_cell or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        marked = annotate_markdown(source, by_cell[number])
        cell["source"] = marked.splitlines(keepends=True)
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def annotate(kind: str, text: str, result: FileResult) -> str:
    """The annotated copy of a document of kind ``tex``, ``md`` or ``ipynb``."""
    steps = result.steps
    if kind == "tex":
        return annotate_tex(text, steps)
    if kind == "md":
        return annotate_markdown(text, steps)
    return annotate_notebook(text, steps)
