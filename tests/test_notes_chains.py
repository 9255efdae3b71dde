"""Tests for softsym.notes.chains: rows and blocks → chains of transitions."""

from __future__ import annotations

from softsym.lang.latex.relations import split_relations
from softsym.notes.chains import build_chains, kind_of
from softsym.notes.documents import parse_document


def chains(text: str, kind: str = "tex") -> list[list[tuple[int, str, str, str]]]:
    """(line, lhs, relation, rhs) per transition, per chain."""
    doc = parse_document(text, kind=kind)
    return [
        [(t.line, t.lhs, t.relation, t.rhs) for t in c.steps]
        for c in build_chains(doc.blocks, split_relations)
    ]


def test_rows_starting_with_a_relation_continue() -> None:
    """``&= c`` rows continue the chain; each step compares neighbours."""
    text = "\\begin{align}\nL &= a = b \\\\\n  &= c \\\\\nM &= d\n\\end{align}\n"
    assert chains(text) == [
        [(2, "L", "eq", "a"), (2, "a", "eq", "b"), (3, "b", "eq", "c")],
        [(4, "M", "eq", "d")],
    ]


def test_row_ending_with_a_relation_continues() -> None:
    r"""``a = \\ b`` is one step, on the line of ``b``."""
    text = "\\begin{align*}\na = \\\\\n b + 1 = c\n\\end{align*}\n"
    assert chains(text) == [[(3, "a", "eq", "b + 1"), (3, "b + 1", "eq", "c")]]


def test_expression_broken_over_rows() -> None:
    """A row starting with ``+`` (or after a trailing ``+``) continues the expression."""
    text = "\\begin{multline}\na = b + \\\\\n c \\\\\n + d\n\\end{multline}\n"
    assert chains(text) == [[(2, "a", "eq", "b + c + d")]]


def test_chain_continues_across_blocks() -> None:
    """A block that starts with ``=`` continues the previous block's chain, across prose."""
    text = "$$ f(x) = g(x) $$\nwhich gives\n$$ = h(x) $$\n$$ p = q $$\n"
    assert chains(text, "md") == [
        [(1, "f(x)", "eq", "g(x)"), (3, "g(x)", "eq", "h(x)")],
        [(4, "p", "eq", "q")],
    ]


def test_separate_equations_after_quad() -> None:
    r"""``a = b, \quad c = d``: two chains, not ``b = c``."""
    assert chains("\\[ a = b, \\quad c = d \\]\n") == [[(1, "a", "eq", "b")], [(1, "c", "eq", "d")]]


def test_kinds() -> None:
    """Each relation gives its kind; arrows and proportionality are skipped."""
    text = "\\[ p_j := q \\approx r \\le s < t \\ne u \\to v \\propto w \\]\n"
    [steps] = chains(text)
    assert [kind_of(r) for _, _, r, _ in steps] == [
        "definition",
        "approximation",
        "inequality",
        "inequality",
        "inequality",
        "skipped",
        "skipped",
    ]


def test_a_lone_expression_starts_a_chain() -> None:
    r"""``L(\theta)`` alone on a row, then ``= ...`` rows: one chain from ``L(\\theta)``."""
    text = "\\begin{align*}\nL(\\theta) \\\\\n&= a \\\\\n&= b\n\\end{align*}\n"
    assert chains(text) == [[(3, "L(\\theta)", "eq", "a"), (4, "a", "eq", "b")]]
