"""What checking a document found: frozen result values, their text and their JSON.

The JSON of :func:`report_json` is the schema of ``softsym check-tex --json``::

    {"files": [{"path", "chains": [{"line", "steps": [{"index", "line", "lhs_tex",
      "rhs_tex", "kind", "status", "method", "reason", "counterexample", "hint",
      "warning", "parsed": {"lhs", "rhs"}}]}],
      "problems": [{"line", "severity", "message"}]}],
     "summary": {"files", "chains", "steps", "equalities", "proved", "refuted",
      "undecided", "error", "definitions", "not_checked", "hints", "warnings", "problems"}}

``status`` is ``null`` for a step that is not checked (a definition that was
read, an approximation, an inequality, a skipped relation); a notebook's
chains, steps and problems carry a ``"cell"`` as well. ``warning`` is set on a
definition that restates a name with a different value. ``problems`` are what
the file says outside its steps and could not be used (a bad directive, with
``severity`` ``"error"``), or should be looked at (``"warning"``); an error
fails the check like an unreadable step, and the rest of the file is still checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from softsym.verdict import Counterexample

__all__ = [
    "STATUSES",
    "ChainResult",
    "FileProblem",
    "FileResult",
    "StepResult",
    "exit_status",
    "report_json",
    "report_text",
    "summary",
]

STATUSES = ("proved", "refuted", "undecided", "error")
"""The statuses of a checked (or unreadable) step."""

_SYMBOL = {
    "eq": "=",
    "def": ":=",
    "approx": "≈",
    "le": "≤",
    "lt": "<",
    "ge": "≥",
    "gt": ">",
    "ne": "≠",
    "to": "→",
    "propto": "∝",
    "implies": "⇒",
}
_MARK = {"proved": "✓", "refuted": "✗", "undecided": "?", "error": "!"}


@dataclass(frozen=True)
class StepResult:
    """One transition of a chain and what became of it.

    Attributes:
        index: Its number in the file (1-based), counting every transition.
        line: The source line of its right side.
        lhs_tex: The left side as written.
        rhs_tex: The right side as written.
        relation: The relation's name (``"eq"``, ``"def"``, ...).
        kind: ``equality``, ``definition``, ``approximation``, ``inequality`` or ``skipped``.
        status: One of :data:`STATUSES`, or ``None`` when the step is not checked.
        method: The method that proved or refuted it, or ``""``.
        reason: Why: the kernel's reason, what could not be read, or why it is not checked.
        counterexample: Where the sides differ, in the author's symbols, for a refuted step.
        hint: ``"holds if ... (not stated)"`` when the kernel proves it under a missing
            assumption, else ``""``.
        warning: What to look at in a step that is not wrong as such (a definition that
            gives a name defined before a different value), else ``""``.
        parsed_lhs: How the left side was read (SymPy text), or ``""``.
        parsed_rhs: How the right side was read, or ``""``.
        cell: The notebook cell, or ``None``.
        block_end: The last line of the display block that holds the step (for annotations).
        inline: Whether the step is inline math in the prose (marked in place, not after).
    """

    index: int
    line: int
    lhs_tex: str
    rhs_tex: str
    relation: str
    kind: str
    status: str | None
    method: str = ""
    reason: str = ""
    counterexample: Counterexample | None = None
    hint: str = ""
    warning: str = ""
    parsed_lhs: str = ""
    parsed_rhs: str = ""
    cell: int | None = None
    block_end: int = 0
    inline: bool = False

    def to_json(self) -> dict[str, Any]:
        """The step in the JSON schema of ``check-tex --json``."""
        data: dict[str, Any] = {
            "index": self.index,
            "line": self.line,
            "lhs_tex": self.lhs_tex,
            "rhs_tex": self.rhs_tex,
            "kind": self.kind,
            "status": self.status,
            "method": self.method,
            "reason": self.reason,
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "hint": self.hint or None,
            "warning": self.warning or None,
            "parsed": {"lhs": self.parsed_lhs or None, "rhs": self.parsed_rhs or None},
        }
        if self.cell is not None:
            data["cell"] = self.cell
        return data

    @property
    def written(self) -> str:
        """The step as written: ``lhs = rhs`` with its relation."""
        return f"{self.lhs_tex} {_SYMBOL.get(self.relation, self.relation)} {self.rhs_tex}"

    @property
    def verdict_line(self) -> str:
        """One line: ``✓ proved (exp-rational)``, ``✗ refuted at ...``, ``definition``, ..."""
        if self.status is None:
            return f"· {self.kind}: {self.reason}" if self.reason else f"· {self.kind}"
        mark = _MARK[self.status]
        if self.status == "proved":
            return f"{mark} proved ({self.method})"
        if self.status == "refuted" and self.counterexample is not None:
            return f"{mark} refuted {self.counterexample.describe()}"
        label = "unreadable" if self.status == "error" else self.status
        return f"{mark} {label}: {self.reason}"


@dataclass(frozen=True)
class ChainResult:
    """The steps of one chain.

    Attributes:
        line: The line of the chain's first expression.
        steps: Its steps, in order.
        cell: The notebook cell, or ``None``.
    """

    line: int
    steps: tuple[StepResult, ...]
    cell: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The chain in the JSON schema of ``check-tex --json``."""
        data: dict[str, Any] = {"line": self.line, "steps": [s.to_json() for s in self.steps]}
        if self.cell is not None:
            data["cell"] = self.cell
        return data


@dataclass(frozen=True)
class FileProblem:
    """Something a file says outside its steps that could not be used, or should be looked at.

    Attributes:
        line: Its source line (0 for the whole file).
        message: What is wrong, with the file and line (``"n.tex:3: unknown ..."``).
        cell: The notebook cell, or ``None``.
        severity: ``"error"`` (a bad directive: the check fails) or ``"warning"``.
    """

    line: int
    message: str
    cell: int | None = None
    severity: str = "error"

    def to_json(self) -> dict[str, Any]:
        """The problem in the JSON schema of ``check-tex --json``."""
        data: dict[str, Any] = {
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
        }
        if self.cell is not None:
            data["cell"] = self.cell
        return data


@dataclass(frozen=True)
class FileResult:
    """The chains of one file.

    Attributes:
        path: The file as given.
        chains: Its chains, in order.
        problems: What could not be used outside the steps (bad directives), in order.
    """

    path: str
    chains: tuple[ChainResult, ...]
    problems: tuple[FileProblem, ...] = ()

    @property
    def steps(self) -> tuple[StepResult, ...]:
        """Every step of every chain, in order."""
        return tuple(s for c in self.chains for s in c.steps)

    def to_json(self) -> dict[str, Any]:
        """The file in the JSON schema of ``check-tex --json``."""
        return {
            "path": self.path,
            "chains": [c.to_json() for c in self.chains],
            "problems": [p.to_json() for p in self.problems],
        }


def summary(files: Sequence[FileResult]) -> dict[str, int]:
    """Count files, chains, steps and the steps by status and kind."""
    steps = [s for f in files for s in f.steps]
    counts = {
        "files": len(files),
        "chains": sum(len(f.chains) for f in files),
        "steps": len(steps),
        "equalities": sum(1 for s in steps if s.kind == "equality"),
    }
    for status in STATUSES:
        counts[status] = sum(1 for s in steps if s.status == status)
    counts["definitions"] = sum(1 for s in steps if s.kind == "definition")
    counts["not_checked"] = sum(1 for s in steps if s.status is None and s.kind != "definition")
    counts["hints"] = sum(1 for s in steps if s.hint)
    counts["warnings"] = sum(1 for s in steps if s.warning) + sum(
        1 for f in files for p in f.problems if p.severity != "error"
    )
    counts["problems"] = sum(1 for f in files for p in f.problems if p.severity == "error")
    return counts


def exit_status(files: Iterable[FileResult]) -> bool:
    """Whether every checked step was proved and no directive was unusable."""
    return all(
        all(s.status in (None, "proved") for s in f.steps)
        and all(p.severity != "error" for p in f.problems)
        for f in files
    )


def report_json(files: Sequence[FileResult]) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
    return {"files": [f.to_json() for f in files], "summary": summary(files)}


def _where(path: str, step: StepResult) -> str:
    cell = "" if step.cell is None else f"cell {step.cell}:"
    return f"{path}:{cell}{step.line}"


def report_text(files: Sequence[FileResult], *, show_parse: bool = False) -> str:
    """The report for people: per step its place, the step as written and its verdict."""
    lines: list[str] = []
    for f in files:
        if not f.chains:
            lines.append(f"{f.path}: no chains of relations found")
        for problem in f.problems:
            mark = "!" if problem.severity == "error" else "warning:"
            lines.append(f"{mark} {problem.message}")
        for chain in f.chains:
            for step in chain.steps:
                lines.append(f"{_where(f.path, step)}: [{step.index}] {step.written}")
                lines.append(f"    {step.verdict_line}")
                if step.warning:
                    lines.append(f"    warning: {step.warning}")
                if step.hint:
                    lines.append(f"    hint: {step.hint}")
                if show_parse and (step.parsed_lhs or step.parsed_rhs):
                    lines.append(
                        f"    read as: {step.parsed_lhs or '?'}  |  {step.parsed_rhs or '?'}"
                    )
    counts = summary(files)
    lines.append(
        f"{counts['steps']} steps in {counts['chains']} chains: "
        f"{counts['proved']} proved, {counts['refuted']} refuted, "
        f"{counts['undecided']} undecided, {counts['error']} unreadable; "
        f"{counts['definitions']} definitions, {counts['not_checked']} not checked"
        + (f"; {counts['hints']} hints" if counts["hints"] else "")
        + (f"; {counts['warnings']} warnings" if counts["warnings"] else "")
        + (f"; {counts['problems']} unusable directives" if counts["problems"] else "")
    )
    return "\n".join(lines)
