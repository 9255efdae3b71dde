"""Tests for softsym.notes.report and softsym.notes.directives: JSON schema, text, directives."""

from __future__ import annotations

import pytest

from softsym.errors import DocumentError
from softsym.notes.directives import Directive, parse_directive
from softsym.notes.documents import DirectiveLine
from softsym.notes.report import (
    ChainResult,
    FileResult,
    StepResult,
    exit_status,
    report_json,
    report_text,
)
from softsym.verdict import Counterexample

CEX = Counterexample(
    point=(("z", "1"),), lhs_value="0.76", rhs_value="0.46", difference="0.30", digits=30
)


def sample() -> FileResult:
    """A definition, a proved step and a refuted step with a hint."""
    steps = (
        StepResult(1, 3, "L", "-y", "def", "definition", None, reason="remembered: L := -y"),
        StepResult(2, 4, "a", "b", "eq", "equality", "proved", "exp-rational", "equal", None),
        StepResult(
            3,
            5,
            r"\tanh(z)",
            r"2\sigma(z) - 1",
            "eq",
            "equality",
            "refuted",
            "sampling",
            "the sides differ",
            CEX,
            hint="holds if z > 0 (not stated)",
            parsed_lhs="tanh(z)",
            parsed_rhs="2*sigmoid(z) - 1",
        ),
    )
    return FileResult("notes.tex", (ChainResult(3, steps[:2]), ChainResult(5, steps[2:])))


def test_json_schema_exact() -> None:
    """The JSON has exactly the issue's keys, in order, with null where nothing applies."""
    data = report_json([sample()])
    assert list(data) == ["files", "summary"]
    [file] = data["files"]
    assert list(file) == ["path", "chains", "problems"]
    assert file["problems"] == []
    assert [list(c) for c in file["chains"]] == [["line", "steps"], ["line", "steps"]]
    step = file["chains"][1]["steps"][0]
    assert step == {
        "index": 3,
        "line": 5,
        "lhs_tex": r"\tanh(z)",
        "rhs_tex": r"2\sigma(z) - 1",
        "kind": "equality",
        "status": "refuted",
        "method": "sampling",
        "reason": "the sides differ",
        "counterexample": {
            "point": {"z": "1"},
            "lhs": "0.76",
            "rhs": "0.46",
            "difference": "0.30",
            "digits": 30,
        },
        "hint": "holds if z > 0 (not stated)",
        "warning": None,
        "parsed": {"lhs": "tanh(z)", "rhs": "2*sigmoid(z) - 1"},
    }
    definition = file["chains"][0]["steps"][0]
    assert definition["status"] is None
    assert definition["hint"] is None
    assert definition["parsed"] == {"lhs": None, "rhs": None}
    assert data["summary"] == {
        "files": 1,
        "chains": 2,
        "steps": 3,
        "equalities": 2,
        "proved": 1,
        "refuted": 1,
        "undecided": 0,
        "error": 0,
        "definitions": 1,
        "not_checked": 0,
        "hints": 1,
        "warnings": 0,
        "problems": 0,
    }


def test_text_report() -> None:
    """Per step: file:line, [index], the step as written, its verdict and hint."""
    assert report_text([sample()], show_parse=True) == "\n".join(
        [
            "notes.tex:3: [1] L := -y",
            "    · definition: remembered: L := -y",
            "notes.tex:4: [2] a = b",
            "    ✓ proved (exp-rational)",
            r"notes.tex:5: [3] \tanh(z) = 2\sigma(z) - 1",
            "    ✗ refuted at z = 1: lhs = 0.76, rhs = 0.46",
            "    hint: holds if z > 0 (not stated)",
            "    read as: tanh(z)  |  2*sigmoid(z) - 1",
            "3 steps in 2 chains: 1 proved, 1 refuted, 0 undecided, 0 unreadable; "
            "1 definitions, 0 not checked; 1 hints",
        ]
    )


def test_exit_status() -> None:
    """Only files whose checked steps are all proved pass; unchecked kinds do not count."""
    good = FileResult("a.tex", (ChainResult(1, sample().steps[:2]),))
    assert exit_status([good])
    assert not exit_status([sample()])


def test_directives() -> None:
    """assume (several with ;), let, let-in-range, define and macros."""
    found = [
        DirectiveLine(r"assume \sum_j y_j = 1; i \ne j", 1),
        DirectiveLine(r"let K \ge 1", 2),
        DirectiveLine(r"let j \in \{1, \dots, K\}", 3),
        DirectiveLine(r"let k \in \{1..K\}", 4),
        DirectiveLine(r"define f(x) = \frac{1}{1+e^{-x}}", 5),
        DirectiveLine("macros macros.tex", 6),
    ]
    read = [d for f in found for d in parse_directive(f)]
    assert read == [
        Directive("assume", r"\sum_j y_j = 1", 1),
        Directive("assume", r"i \ne j", 1),
        Directive("let", r"K \ge 1", 2),
        Directive("range", r"j \in \{1, \dots, K\}", 3, index="j", lower="1", upper="K"),
        Directive("range", r"k \in \{1..K\}", 4, index="k", lower="1", upper="K"),
        Directive("define", r"f(x) = \frac{1}{1+e^{-x}}", 5),
        Directive("macros", "macros.tex", 6),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "asume x > 0",
            "n.tex:7: unknown softsym directive 'asume' (expected assume, let, define or macros)",
        ),
        ("assume", "n.tex:7: the directive 'assume' needs an argument"),
    ],
)
def test_bad_directives(text: str, message: str) -> None:
    """An unknown or empty directive is a DocumentError naming file and line."""
    with pytest.raises(DocumentError) as info:
        parse_directive(DirectiveLine(text, 7), "n.tex")
    assert str(info.value) == message
