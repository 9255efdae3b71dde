"""The check-tex corpus: real teaching derivations and their expected verdicts.

``tests/data/tex/`` holds excerpts of public teaching material (each file cites its
source in its first comment) and ``expected.json``, the expected outcome of every
transition: ``valid``, ``wrong``, ``definition`` or ``not-checked``, with
``notation_ok`` false where a reader cannot be expected to read the notation.

Lines are 1-based source lines; in a notebook they count inside one cell, named by
``cell`` (1-based over all cells). This module only knows the command-line contract
of ``softsym check-tex --json``
(not its internals), so the corpus test and ``benchmarks/bench_tex.py`` judge the
same pairs the same way.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "tex"
EXPECTED_FILE = DATA / "expected.json"
SUFFIXES = (".md", ".tex", ".ipynb")
EXPECTS = ("valid", "wrong", "definition", "not-checked")


@dataclass(frozen=True)
class Expected:
    """One transition of a corpus file as ``expected.json`` labels it."""

    path: str
    line: int
    chain: int
    tex: str
    lhs: str | None
    rhs: str | None
    expect: str
    notation_ok: bool
    note: str
    hint: str | None
    cell: int | None = None


@dataclass(frozen=True)
class Outcome:
    """An expected transition and the step ``check-tex`` reported for it, if any."""

    expected: Expected
    step: Mapping[str, Any] | None

    @property
    def status(self) -> str:
        """The reported status, ``missing`` when no step was matched."""
        if self.step is None:
            return "missing"
        return str(self.step.get("status") or self.step.get("kind"))

    def describe(self) -> str:
        """One line: where, what was expected, what came back and why."""
        exp = self.expected
        reason = "" if self.step is None else str(self.step.get("reason") or "")
        return f"{exp.path}:{exp.line} [{exp.expect}] {exp.tex} -> {self.status}" + (
            f" ({reason[:100]})" if reason else ""
        )


def corpus_files() -> list[Path]:
    """Every corpus document, sorted by name."""
    return sorted(p for p in DATA.iterdir() if p.suffix in SUFFIXES)


def source_text(path: Path, cell: int | None = None) -> str:
    """A corpus document's text; for a notebook, one cell's source (1-based, all cells)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    cells = json.loads(text)["cells"]
    source = cells[(cell or 1) - 1]["source"]
    return "".join(source) if isinstance(source, list) else str(source)


def load_expected() -> dict[str, list[Expected]]:
    """``expected.json`` as Expected values, per file name, in document order."""
    raw = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
    return {
        name: [
            Expected(
                path=name,
                line=int(row["line"]),
                chain=int(row["chain"]),
                tex=str(row["tex"]),
                lhs=row.get("lhs"),
                rhs=row.get("rhs"),
                expect=str(row["expect"]),
                notation_ok=bool(row["notation_ok"]),
                note=str(row.get("note", "")),
                hint=row.get("hint"),
                cell=row.get("cell"),
            )
            for row in entry["steps"]
        ]
        for name, entry in raw.items()
    }


def run_check_tex(paths: Sequence[Path]) -> dict[str, Any]:
    """Run ``softsym check-tex --json`` in this process and return the parsed JSON.

    Raises:
        RuntimeError: when the command exits with 2 (usage or file error) or
            prints no JSON.
    """
    from softsym.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check-tex", "--json", *map(str, paths)])
    if code == 2 or not out.getvalue().strip():
        raise RuntimeError(f"check-tex exited with {code}: {err.getvalue().strip()}")
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def steps_by_file(report: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    """The reported steps of each file (by file name), in document order."""
    found: dict[str, list[Mapping[str, Any]]] = {}
    for entry in report["files"]:
        steps = [step for chain in entry["chains"] for step in chain["steps"]]
        found[Path(entry["path"]).name] = sorted(steps, key=lambda s: int(s["index"]))
    return found


_NOISE = re.compile(
    r"\\left|\\right|\\big[lr]?|\\Big[lr]?|\\displaystyle|\\[,;:!]|\\quad|\\qquad|&|\s"
)


def normalize(tex: str | None) -> str:
    """A side as written, without spacing, sizing and alignment marks."""
    text = _NOISE.sub("", tex or "")
    return text.rstrip(".,;").removesuffix("\\\\")


def _same_side(written: str | None, reported: str | None) -> bool:
    a, b = normalize(written), normalize(reported)
    n = min(len(a), len(b), 16)
    return n >= 1 and (a == b or a[:n] == b[:n])


def align(expected: Sequence[Expected], steps: Sequence[Mapping[str, Any]]) -> list[Outcome]:
    """Pair each expected transition with the reported step for it.

    A reported step matches when it is on the same line (or up to two lines
    before, for a step whose left side starts on an earlier line) and its right
    side reads as the one written; failing that, the first unused step on the
    same line is taken. Pairs keep document order.
    """
    outcomes: list[Outcome] = []
    last = -1
    for exp in expected:
        window = [
            (k, s)
            for k, s in enumerate(steps)
            if k > last
            and exp.line - 2 <= int(s.get("line", -99)) <= exp.line + 1
            and (exp.cell is None or s.get("cell") in (None, exp.cell))
        ]
        pick = next((k for k, s in window if _same_side(exp.rhs, s.get("rhs_tex"))), None)
        if pick is None:
            pick = next((k for k, s in window if int(s["line"]) == exp.line), None)
        if pick is None:
            outcomes.append(Outcome(exp, None))
            continue
        last = pick
        outcomes.append(Outcome(exp, steps[pick]))
    return outcomes


def outcomes(report: Mapping[str, Any]) -> list[Outcome]:
    """Every expected transition of the corpus paired with what check-tex reported."""
    found = steps_by_file(report)
    return [
        outcome
        for name, expected in load_expected().items()
        for outcome in align(expected, found.get(name, []))
    ]
