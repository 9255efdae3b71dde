"""What ``softsym verify`` and ``softsym show`` print: reports of checked derivations.

A :class:`Report` is a checked derivation as plain values: text in Unicode
math (:mod:`softsym.render.unicode`), statuses and the JSON form. It holds no
proof and no verdict, so it can come back from a worker process; a report
says "proved" only because the process that checked the derivation said so.
:func:`report` makes one from a :class:`~softsym.proofs.derivation.DerivationResult`;
:func:`finish` completes, from the cited derivations' statuses, the report of a
derivation checked without them (the rule is :func:`softsym.proofs.derivation.assess`).

Printing: :func:`one_line` (the default of ``verify``: one line per derivation),
:func:`failure_lines` (what went wrong, under that line), :func:`chain_lines`
(``verify -v`` and ``show``: the whole chain, at most 120 columns) and
:func:`totals`. Times are printed only when asked (``timings=True``), so the
output is the same from run to run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from softsym.proofs.derivation import Derivation, DerivationResult, Where, assess
from softsym.render.notation import abbreviate
from softsym.render.text import verdict_text
from softsym.render.unicode import author_unicode, unicode_expr, unicode_text
from softsym.verdict import Status

__all__ = [
    "WIDTH",
    "Report",
    "StepReport",
    "chain_lines",
    "failure_lines",
    "finish",
    "one_line",
    "paint",
    "prose",
    "report",
    "shown_unicode",
    "totals",
    "where_unicode",
    "wrap",
]

WIDTH = 120
"""The widest line :func:`chain_lines` prints."""

_MARK = {Status.PROVED: "proved", Status.REFUTED: "REFUTED", Status.UNDECIDED: "UNDECIDED"}
_COLOUR = {Status.PROVED: "32", Status.REFUTED: "31", Status.UNDECIDED: "33"}  # green, red, yellow


@dataclass(frozen=True)
class StepReport:
    """One checked step, as plain values.

    Attributes:
        index: 1-based position.
        expr: The step's expression, in Unicode math.
        reason: The stated reason, its ``$...$`` math in Unicode.
        uses: The derivations the step cites.
        status: The step's verdict.
        method: The method that decided it (``""`` if none).
        seconds: How long the check took.
        detail: For a step not proved: the verdict's reason, assumptions and
            counterexample, one line each.
    """

    index: int
    expr: str
    reason: str
    uses: tuple[str, ...]
    status: Status
    method: str
    seconds: float
    detail: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """A checked derivation, as plain values (see the module docstring).

    Attributes:
        name: The derivation's name.
        title: Its title.
        lhs: The claim's left side, in Unicode math.
        rhs: The claim's right side, in Unicode math.
        assumptions: The stated assumptions, in Unicode math.
        uses: The cited derivations' names.
        steps: Each step's report.
        chain_statuses: The steps' statuses, as
            :attr:`~softsym.proofs.derivation.DerivationResult.chain_assessment` gives them.
        chain_problems: The chain's own problems (same).
        status: The derivation's status, citations included.
        problems: Every problem, citations included.
        seconds: How long the check took.
        json_text: :meth:`DerivationResult.to_json` as JSON text; :meth:`to_json`
            puts in the report's own ``status`` and ``problems``.
        where: The abbreviations (``z = …``), in Unicode math.
    """

    name: str
    title: str
    lhs: str
    rhs: str
    assumptions: tuple[str, ...]
    uses: tuple[str, ...]
    steps: tuple[StepReport, ...]
    chain_statuses: tuple[Status, ...]
    chain_problems: tuple[str, ...]
    status: Status
    problems: tuple[str, ...]
    seconds: float
    json_text: str
    where: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The JSON form of ``softsym verify --json`` (the README's schema)."""
        data: dict[str, Any] = json.loads(self.json_text)
        data["status"] = self.status.value
        data["problems"] = list(self.problems)
        return data


def _assumption_text(relation: Any, text: str) -> str:
    try:
        return unicode_expr(relation)
    except Exception:  # a relation this printer cannot print: its text is still right
        return text


def shown_unicode(expr: Any, tex: str = "", where: Sequence[Where] = (), written: str = "") -> str:
    """A side or step in Unicode: the author's LaTeX when given and printable, else ``expr``.

    An expression built in Python prints in the order its source writes it
    (``written``, :attr:`~softsym.proofs.derivation.Step.written`) unless the
    abbreviations ``where`` shorten it (:func:`abbreviate`).

    >>> from softsym.lang.symbols import real_symbols
    >>> z = real_symbols("z")
    >>> shown_unicode(z + 1, r"1 + z"), shown_unicode(z + 1)
    ('1 + z', 'z + 1')
    """
    shortened = abbreviate(expr, where)
    if not tex and shortened == expr:
        tex = written
    return (author_unicode(tex) if tex else None) or unicode_expr(shortened)


def where_unicode(derivation: Derivation) -> tuple[str, ...]:
    """Each abbreviation in Unicode: ``z = b + Σ …``, in the order declared."""
    out = []
    for w in derivation.where:
        others = [o for o in derivation.where if o is not w]
        out.append(f"{unicode_expr(w.symbol)} = {shown_unicode(w.expr, w.tex, others)}")
    return tuple(out)


def report(result: DerivationResult, *, chain: bool = True, with_json: bool = True) -> Report:
    """Describe a checked derivation as plain values.

    Printing SymPy expressions is slow, so what a view does not show can be left out.

    Args:
        result: The checked derivation.
        chain: Print every expression (for :func:`chain_lines`); otherwise only
            those :func:`failure_lines` shows, the others being ``""``.
        with_json: Keep the JSON form (otherwise :attr:`Report.json_text` is ``"{}"``).
    """
    d = result.derivation
    statuses = [r.verdict.status for r in result.steps]
    steps = []
    for n, r in enumerate(result.steps):
        v = r.verdict
        detail: tuple[str, ...] = ()
        if v.status is not Status.PROVED:  # verdict_text's lines after its head, indented by 2
            detail = tuple(line[2:] for line in verdict_text(v, timings=False).split("\n")[1:])
        following = statuses[n + 1] if n + 1 < len(statuses) else Status.PROVED
        shown = chain or v.status is not Status.PROVED or following is not Status.PROVED
        steps.append(
            StepReport(
                index=r.index,
                expr=shown_unicode(r.step.expr, r.step.tex, d.where, r.step.written)
                if shown
                else "",
                reason=unicode_text(r.step.reason),
                uses=tuple(r.step.uses),
                status=v.status,
                method=v.method,
                seconds=v.seconds,
                detail=detail,
            )
        )
    chain_statuses, chain_problems = result.chain_assessment
    stated = d.stated.stated
    texts = d.stated.texts()
    # to_json's status and problems are replaced by the report's own (Report.to_json)
    return Report(
        name=d.name,
        title=d.title,
        lhs=(
            shown_unicode(d.lhs, d.lhs_tex, d.where, d.lhs_written)
            if chain or statuses[:1] != [Status.PROVED]
            else ""
        ),
        rhs=shown_unicode(d.rhs, d.rhs_tex, d.where, d.rhs_written) if chain else "",
        assumptions=tuple(_assumption_text(a, t) for a, t in zip(stated, texts, strict=False)),
        uses=d.uses,
        steps=tuple(steps),
        chain_statuses=chain_statuses,
        chain_problems=chain_problems,
        status=result.status,
        problems=result.problems,
        seconds=result.seconds,
        json_text=json.dumps(result.to_json(), ensure_ascii=False) if with_json else "{}",
        where=where_unicode(d) if chain else (),
    )


def finish(rep: Report, cited: Mapping[str, Status]) -> Report:
    """Complete a report made without its citations, from the cited derivations' statuses.

    Args:
        rep: The report of a derivation checked alone (``cited=None``).
        cited: The statuses of the derivations verified in this run, by name.
    """
    status, problems = assess(rep.chain_statuses, rep.chain_problems, rep.uses, cited)
    return replace(rep, status=status, problems=problems)


def paint(text: str, status: Status, colour: bool) -> str:
    """``text`` in the status's colour (green, red, yellow) when ``colour``, else as it is."""
    return f"\033[{_COLOUR[status]}m{text}\033[0m" if colour else text


def _methods(rep: Report) -> str:
    counts: dict[str, int] = {}
    for s in rep.steps:
        if s.status is Status.PROVED and s.method:
            counts[s.method] = counts.get(s.method, 0) + 1
    return ", ".join(f"{m} ×{n}" if n > 1 else m for m, n in counts.items())


def one_line(rep: Report, *, timings: bool = False, colour: bool = False) -> str:
    """One line: name, status, the number of steps and the methods that proved them.

    ``softmax2-sigmoid: proved (3 steps, by identical ×2, exp-rational)``;
    a derivation not proved names its failing steps instead of the methods.
    """
    n = len(rep.steps)
    detail = f"{n} step{'s' if n != 1 else ''}"
    bad = [s.index for s in rep.steps if s.status is not Status.PROVED]
    if bad:
        detail += ", failing: " + ", ".join(f"step {i}" for i in bad)
    elif _methods(rep):
        detail += ", by " + _methods(rep)
    if timings:
        detail += f", {rep.seconds:.2f} s"
    line = f"{rep.name}: {paint(_MARK[rep.status], rep.status, colour)} ({detail})"
    return _clip(line, WIDTH + (len(line) - len(_strip(line))))


def failure_lines(rep: Report, *, width: int = WIDTH) -> list[str]:
    """What keeps a derivation from being proved: each failing step and each problem."""
    lines = []
    previous = rep.lhs
    for s in rep.steps:
        if s.status is not Status.PROVED:
            head = f"step {s.index} {_MARK[s.status]}" + (f" by {s.method}" if s.method else "")
            lines.extend(prose(f"{head}: {s.reason}", width, "  ", "      "))
            lines.extend(wrap(f"{previous} = {s.expr}", width, "    ", "      "))
            for line in s.detail:
                lines.extend(wrap(line, width, "    ", "      "))
        previous = s.expr
    for p in rep.problems:
        lines.extend(prose(f"problem: {p}", width, "  ", "    "))
    return lines


def chain_lines(
    rep: Report, *, width: int = WIDTH, timings: bool = False, colour: bool = False
) -> list[str]:
    """The whole derivation: title, claim, assumptions, citations, the chain and verdicts.

    Each step is ``= expression`` followed by its reason and verdict; long
    lines break before a top-level ``+``, ``−`` or after a comma, within ``width``.
    """
    lines = prose(f"{rep.name}: {rep.title}", width, "", "  ")
    lines.extend(wrap(f"claim: {rep.lhs} = {rep.rhs}", width, "", "       "))
    if rep.where:
        lines.extend(wrap("where: " + ", ".join(rep.where), width, "", "       "))
    assumed = ", ".join(rep.assumptions) if rep.assumptions else "nothing"
    lines.extend(wrap(f"assuming: {assumed}", width, "", "          "))
    if rep.uses:
        lines.extend(prose("uses: " + ", ".join(rep.uses), width, "", "      "))
    lines.append("")
    lines.extend(wrap(rep.lhs, width, "    ", "      "))
    for s in rep.steps:
        mark = paint(_MARK[s.status], s.status, colour) + (f" by {s.method}" if s.method else "")
        if timings:
            mark += f", {s.seconds:.3f} s"
        cites = f" (by{_KEEP}{f',{_KEEP}'.join(s.uses)})" if s.uses else ""
        lines.extend(wrap(f"= {s.expr}", width, "  ", "      "))
        lines.extend(
            prose(f"step {s.index}: {s.reason}{cites}  [{mark}]", width, "      ", "        ")
        )
        for line in s.detail:
            lines.extend(wrap(line, width, "        ", "          "))
    lines.append("")
    for p in rep.problems:
        lines.extend(prose(f"problem: {p}", width, "", "  "))
    lines.append(one_line(rep, timings=timings, colour=colour))
    return lines


def totals(reports: Sequence[Report], *, colour: bool = False) -> str:
    """The last line: how many derivations, and how many proved, refuted, undecided."""
    counts = {s: sum(r.status is s for r in reports) for s in Status}
    parts = [f"{counts[s]} {s.value}" for s in Status]
    if colour:
        parts = [paint(p, s, counts[s] > 0) for p, s in zip(parts, Status, strict=True)]
    n = len(reports)
    return f"{n} derivation{'s' if n != 1 else ''}: " + ", ".join(parts)


_ANSI = re.compile(r"\033\[[0-9;]*m")
_KEEP = "\0"  # a space that :func:`prose` does not break at


def _strip(text: str) -> str:
    return _ANSI.sub("", text)


def _clip(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def _pieces(text: str) -> Iterable[str]:
    """Split a line where it may break: before `` + `` / `` − `` and after ``, ``."""
    out = []
    for part in re.split(r"(?<=, )|(?= [+−] )", text):
        if part:
            out.append(part)
    return out


def wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Break ``text`` into lines of at most ``width`` characters (colour codes not counted).

    The first line starts with ``first``, the others with ``rest``; breaks
    go before `` + `` and `` − `` and after ``, `` where possible, and inside a
    word only when a piece is longer than a whole line.
    """
    lines: list[str] = []
    line = first
    start = True
    for piece in _pieces(text):
        if not start and len(_strip(line + piece.rstrip())) > width:
            lines.append(line.rstrip())
            line = rest
            piece = piece.lstrip()
        while len(_strip(line + piece)) > width and len(_strip(line)) < width:
            room = width - len(_strip(line))
            lines.append(line + piece[:room])
            line, piece = rest, piece[room:]
        line += piece
        start = False
    lines.append(line.rstrip())
    return lines


def prose(text: str, width: int, first: str, rest: str) -> list[str]:
    """Break text at spaces into lines of at most ``width`` characters (colour codes not counted).

    The first line starts with ``first``, the others with ``rest``; a word
    longer than a line is cut.
    """
    lines: list[str] = []
    line, fresh = first, True  # fresh: nothing but the indent on this line yet
    for word in (w.replace(_KEEP, " ") for w in text.split(" ")):
        piece = word if fresh else " " + word
        if not fresh and len(_strip(line + piece)) > width:
            lines.append(line)
            line, piece = rest, word
        line += piece
        fresh = False
        while len(_strip(line)) > width:
            lines.append(line[:width])
            line = rest + line[width:]
    lines.append(line)
    return lines
