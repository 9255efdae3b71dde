"""Tests for softsym.notes.documents: display math and directives with exact line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from softsym.errors import DocumentError, SoftsymError
from softsym.notes.documents import parse_document, read_document


def rows(text: str, kind: str = "tex") -> list[tuple[int, str]]:
    """(line, row as written) for every row of every block."""
    doc = parse_document(text, kind=kind)
    return [(r.line, r.display) for b in doc.blocks for r in b.rows]


@pytest.mark.parametrize(
    "environment",
    [
        "align",
        "align*",
        "equation",
        "equation*",
        "gather",
        "gather*",
        "multline",
        "multline*",
        "eqnarray",
        "eqnarray*",
    ],
)
def test_environments(environment: str) -> None:
    """Every display environment is found, its rows on their own lines."""
    text = f"Intro\n\\begin{{{environment}}}\na = b \\\\\n  &= c\n\\end{{{environment}}}\n"
    doc = parse_document(text)
    assert [(b.environment, b.line, b.end_line) for b in doc.blocks] == [(environment, 2, 5)]
    assert rows(text) == [(3, "a = b"), (4, "= c")]


def test_brackets_dollars_aligned_split() -> None:
    r"""``\[ \]``, ``$$ $$``, ``aligned`` inside ``equation`` and ``split`` inside ``\[``."""
    text = (
        "x\n\\[ \\tanh(z) = 2\\sigma(2z) - 1 \\]\n"
        "$$\nf(x) = 1\n$$\n"
        "\\begin{equation}\\begin{aligned}\na &= b \\\\ &= c\n\\end{aligned}\\end{equation}\n"
        "\\[\\begin{split}\nu &= v\\\\\n  &= w\n\\end{split}\\]\n"
    )
    assert rows(text) == [
        (2, r"\tanh(z) = 2\sigma(2z) - 1"),
        (4, "f(x) = 1"),
        (7, "a = b"),
        (7, "= c"),
        (10, "u = v"),
        (11, "= w"),
    ]


def test_cleaning() -> None:
    r"""Labels, tags, ``\nonumber``, prose, ``\quad`` remarks and punctuation are removed."""
    text = (
        "\\begin{align}\n"
        "L &= -\\sum_j y_j \\log \\hat y_j \\label{eq:loss} \\\\\n"
        "  &= \\log \\sum_k e^{o_k} - \\sum_j y_j o_j, \\nonumber \\\\[2pt]\n"
        "  &= x \\quad \\text{by the chain rule}. \\tag{3}\n"
        "\\end{align}\n"
    )
    assert rows(text) == [
        (2, r"L = -\sum_j y_j \log \hat y_j"),
        (3, r"= \log \sum_k e^{o_k} - \sum_j y_j o_j"),
        (4, "= x"),
    ]


def test_quad_separates_equations_and_cases_stay() -> None:
    r"""``a = b, \quad c = d`` is two equations; ``\\`` and ``\text`` inside cases stay."""
    text = (
        "\\[ a = b, \\quad c = d. \\]\n"
        "$$ f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases} $$\n"
    )
    doc = parse_document(text)
    found = [(r.display, r.separate) for b in doc.blocks for r in b.rows]
    assert found == [
        ("a = b", False),
        ("c = d", True),
        (r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}", False),
    ]


def test_comments_and_directives_tex() -> None:
    """Comments are dropped (also commented-out math); directive comments are kept."""
    text = (
        "% softsym: assume \\sum_j y_j = 1\n"
        "% $$ x = y $$\n"
        "50\\% of it\n"
        "\\[ a = b % a remark\n"
        "   = c \\]\n"
        "\\begin{verbatim}\n$$ p = q $$\n\\end{verbatim}\n"
    )
    doc = parse_document(text)
    assert [(d.text, d.line) for d in doc.directives] == [(r"assume \sum_j y_j = 1", 1)]
    assert rows(text) == [(4, "a = b = c")]
    row = doc.blocks[0].rows[0]
    assert row.line_at(row.text.index("c")) == 5


def test_markdown() -> None:
    """``$$``, ```` ```math ````, escapes, entities, HTML directives; code is not math."""
    text = (
        "# Notes\n"
        "<!-- softsym: let K \\ge 1 -->\n"
        "Inline `$$x = 1$$` code.\n"
        "$$\n"
        "\\hat y\\_j = \\frac{e^{o\\_j}}{\\sum\\_k e^{o\\_k}} \\\\\\\\\n"
        " &amp;= 1 &lt; 2\n"
        "$$\n"
        "\n"
        "```math\n"
        "a = b\n"
        "```\n"
        "```python\n"
        "$$ no = math $$\n"
        "```\n"
    )
    doc = parse_document(text, kind="md")
    assert [(d.text, d.line) for d in doc.directives] == [(r"let K \ge 1", 2)]
    assert [(r.line, r.display) for b in doc.blocks for r in b.rows] == [
        (5, r"\hat y_ j = \frac{e^{o_ j}}{\sum_ k e^{o_ k}}"),
        (6, "= 1 < 2"),
        (10, "a = b"),
    ]
    assert [b.environment for b in doc.blocks] == ["$$", "math"]


def test_notebook_lines_are_cell_lines(tmp_path: Path) -> None:
    """In a notebook, only Markdown cells count, each with its own line numbers."""
    nb = {
        "cells": [
            {"cell_type": "code", "source": ["x = 1\n"]},
            {"cell_type": "markdown", "source": ["Text\n", "$$\n", "a = b\n", "$$\n"]},
            {"cell_type": "markdown", "source": "<!-- softsym: assume y = 1 -->\n$$ c = d $$"},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    doc = read_document(path)
    assert [(b.cell, r.line, r.display) for b in doc.blocks for r in b.rows] == [
        (2, 3, "a = b"),
        (3, 2, "c = d"),
    ]
    assert [(d.cell, d.line, d.text) for d in doc.directives] == [(3, 1, "assume y = 1")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.tex", None, "missing.tex: no such file"),
        ("bad.tex", b"\xff\xfe a", "bad.tex: not UTF-8 text (byte 0)"),
        ("broken.ipynb", b"{not json", "broken.ipynb: not a notebook (JSON error at line 1)"),
        ("list.ipynb", b"[1, 2]", "list.ipynb: not a notebook (no list of cells)"),
        ("notes.txt", b"x", "notes.txt: expected a .tex, .md or .ipynb file"),
    ],
)
def test_file_errors(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    """Unusable files raise a DocumentError (a SoftsymError) with a one-line message."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert isinstance(info.value, SoftsymError)
    assert str(info.value) == f"{path.parent}/{message}"


def test_markdown_code_is_never_math_nor_directive() -> None:
    """Inline code holding a directive or $$, and a latex code listing, are skipped."""
    text = (
        "Write `<!-- softsym: assume x > 0 -->` or `$$ a = b $$` in your notes.\n"
        "```latex\n\\begin{align} p &= q \\end{align}\n```\n"
        "$$ c = d $$\n"
    )
    doc = parse_document(text, kind="md")
    assert doc.directives == ()
    assert [(r.line, r.display) for b in doc.blocks for r in b.rows] == [(5, "c = d")]


@pytest.mark.parametrize(
    ("math", "rows_and_conditions"),
    [
        (r"a_i(1 - a_i), \quad i = j", [("a_i(1 - a_i)", False, ("i = j",))]),
        (r"-a_i a_j,\quad i \neq j.", [("-a_i a_j", False, (r"i \neq j",))]),
        (r"\sqrt{x^2} = x \quad \text{for } x \ge 0", [(r"\sqrt{x^2} = x", False, (r"x \ge 0",))]),
        (r"\max(0, z) = z, \text{if } z > 0.", [(r"\max(0, z) = z", False, ("z > 0",))]),
        (r"a = b, \quad c = d", [("a = b", False, ()), ("c = d", True, ())]),
        (
            r"L = -\log p \hspace{1in} \text{or equivalently} \hspace{1in} L = \log q",
            [(r"L = -\log p", False, ()), (r"L = \log q", True, ())],
        ),
        (r"f(x, y) = x + y \quad \text{by the chain rule}", [("f(x, y) = x + y", False, ())]),
    ],
)
def test_conditions_and_prose_after_the_math(
    math: str, rows_and_conditions: list[tuple[str, bool, tuple[str, ...]]]
) -> None:
    r"""``, \quad i = j`` is the row's condition; ``\text{or equivalently} ...`` a new equation."""
    doc = parse_document(f"$$ {math} $$\n", kind="md")
    found = [(r.display, r.separate, r.conditions) for b in doc.blocks for r in b.rows]
    assert found == rows_and_conditions


def test_markdown_lines_of_inline_math_are_displays() -> None:
    """A Markdown line that is only ``$...$`` with a relation is a display; prose math is inline."""
    text = "We have $x = 1$ in the text, \\(a + a = 2a\\).\n\n$= \\frac{1}{z^2}$\n\n$y$ \\$5\n"
    doc = parse_document(text, kind="md")
    assert [(b.environment, r.line, r.display) for b in doc.blocks for r in b.rows] == [
        ("inline", 1, "x = 1"),
        ("inline", 1, "a + a = 2a"),
        ("$", 3, r"= \frac{1}{z^2}"),
    ]
