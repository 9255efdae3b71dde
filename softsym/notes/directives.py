r"""Directive comments: what the prose of a document says, told to softsym.

A directive is a comment ``% softsym: ...`` (``.tex``) or ``<!-- softsym: ... -->``
(Markdown) and holds from where it stands to the end of the document:

* ``assume REL`` — a stated assumption, e.g. ``assume \sum_j y_j = 1``, ``assume i \ne j``;
* ``let K \ge 1`` — the same for a declaration; ``let j \in \{1, \dots, K\}`` (also
  ``\{1..K\}``) gives an index its range;
* ``define f(x) = ...`` — a definition, as if the document had written ``f(x) := ...``;
* ``macros FILE`` — read LaTeX macro definitions from FILE (relative to the document).

Several assumptions may be given in one directive, separated by ``;``. A directive
that is unknown or cannot be used is reported as a problem of the file (with its
line) and the rest of the document is still checked; a ``define`` that gives a
name defined before another value is reported as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from softsym.notes.documents import DirectiveLine, DocumentError

__all__ = ["DIRECTIVE_KINDS", "Directive", "parse_directive"]

DIRECTIVE_KINDS = ("assume", "let", "range", "define", "macros")
"""The kinds of :class:`Directive` (``range`` is a ``let j \\in \\{a..b\\}``)."""

_RANGE = re.compile(
    r"^(?P<index>[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)\s*\\in\s*"
    r"(?:\\left)?\\\{\s*(?P<lower>[^{}]+?)\s*"
    r"(?:\.\.|,\s*(?:\\[lc]?dots|\.\.\.)\s*,)\s*(?P<upper>[^{}]+?)\s*(?:\\right)?\\\}$"
)


@dataclass(frozen=True)
class Directive:
    """One directive, read.

    Attributes:
        kind: One of :data:`DIRECTIVE_KINDS`.
        text: Its LaTeX (the relation, the definition, or the file name).
        line: Its source line.
        cell: Its notebook cell, or ``None``.
        index: For a range, the index (``j``).
        lower: For a range, the lower limit as LaTeX.
        upper: For a range, the upper limit as LaTeX.
    """

    kind: str
    text: str
    line: int
    cell: int | None = None
    index: str = ""
    lower: str = ""
    upper: str = ""


def parse_directive(found: DirectiveLine, path: str = "<text>") -> tuple[Directive, ...]:
    """Read a directive comment into one or more :class:`Directive` values.

    Raises:
        DocumentError: The directive is unknown or has nothing after its keyword.
    """
    where = f"{path}:{'' if found.cell is None else f'cell {found.cell}:'}{found.line}"
    word, _, rest = found.text.strip().partition(" ")
    rest = rest.strip()
    if word not in ("assume", "let", "define", "macros"):
        raise DocumentError(
            f"{where}: unknown softsym directive {word!r} (expected assume, let, define or macros)"
        )
    if not rest:
        raise DocumentError(f"{where}: the directive {word!r} needs an argument")
    if word in ("define", "macros"):
        return (Directive(word, rest, found.line, found.cell),)
    directives = []
    for part in (p.strip() for p in rest.split(";")):
        if not part:
            continue
        m = _RANGE.match(part) if word == "let" else None
        if m:
            directives.append(
                Directive(
                    "range",
                    part,
                    found.line,
                    found.cell,
                    index=m.group("index"),
                    lower=m.group("lower"),
                    upper=m.group("upper"),
                )
            )
        else:
            directives.append(Directive(word, part, found.line, found.cell))
    return tuple(directives)
