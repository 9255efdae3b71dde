r"""Rows of display math → chains of steps.

A row may hold several relations (``a = b = c``). A row that starts with a
relation (``&= c``), or follows a row that ends with one, continues the chain
of the previous row; so does the first row of a display block, across the
prose between two blocks. A row that starts with ``+``, ``\cdot`` or
``\times``, or follows a row ending in an operator, continues the previous
*expression* (a long side broken over rows). Every other row starts a new chain.

Each transition between two consecutive expressions is a :class:`Transition`
with the kind its relation gives (:data:`KINDS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from softsym.notes.documents import Block, Row

__all__ = ["KINDS", "Chain", "Segment", "Transition", "build_chains", "kind_of"]

KINDS = ("equality", "definition", "approximation", "inequality", "skipped")
"""The kinds of transitions; only equalities are checked, definitions are remembered."""

_KIND_OF_RELATION = {
    "eq": "equality",
    "def": "definition",
    "approx": "approximation",
    "le": "inequality",
    "lt": "inequality",
    "ge": "inequality",
    "gt": "inequality",
    "ne": "inequality",
}
_OPERATOR_END = re.compile(r"(?:[+\-(\[]|\\cdot|\\times|\\left[(\[.]|\\Big[(\[]|\\big[(\[])\s*$")
_OPERATOR_START = re.compile(r"^\s*(?:\+|\\cdot(?![A-Za-z])|\\times(?![A-Za-z]))")


class Segment(Protocol):
    """What :func:`softsym.lang.latex.split_relations` returns for each piece of a row."""

    @property
    def text(self) -> str:
        """The piece's LaTeX."""

    @property
    def start(self) -> int:
        """Its offset in the row."""

    @property
    def end(self) -> int:
        """The offset after it."""

    @property
    def relation(self) -> str | None:
        """The relation that follows it, or ``None`` for the last piece."""


Splitter = Callable[[str], Sequence[Segment]]


def kind_of(relation: str | None) -> str:
    """The kind of a transition by its relation (``"eq"`` → ``"equality"``, ``"to"`` → skipped)."""
    return _KIND_OF_RELATION.get(relation or "", "skipped")


@dataclass(frozen=True)
class Transition:
    """One step of a chain: ``lhs RELATION rhs``.

    Attributes:
        lhs: The left expression as written (whitespace collapsed).
        rhs: The right expression as written.
        relation: The relation's name (``"eq"``, ``"def"``, ``"le"``, ...).
        kind: One of :data:`KINDS`.
        line: The source line where the right expression starts.
        lhs_line: The source line where the left expression starts.
        block_end: The last line of the display block that holds the right expression.
        cell: The notebook cell, or ``None``.
        first: Whether this is the first transition of its chain.
        conditions: The conditions written after the right side's row (``i = j``).
        inline: Whether it is inline math in the prose (``$a = b$``).
    """

    lhs: str
    rhs: str
    relation: str
    kind: str
    line: int
    lhs_line: int
    block_end: int
    cell: int | None = None
    first: bool = False
    conditions: tuple[str, ...] = ()
    inline: bool = False


@dataclass(frozen=True)
class Chain:
    """Consecutive transitions, each starting where the previous one ended.

    Attributes:
        line: The line of the chain's first expression.
        steps: The transitions, in order (at least one).
        cell: The notebook cell where the chain starts, or ``None``.
    """

    line: int
    steps: tuple[Transition, ...]
    cell: int | None = None


@dataclass
class _Node:
    text: str
    line: int
    block_end: int
    cell: int | None
    conditions: tuple[str, ...] = ()
    inline: bool = False


class _Builder:
    def __init__(self) -> None:
        self.chains: list[Chain] = []
        self.nodes: list[_Node] = []
        self.relations: list[str] = []
        self.pending: str | None = None  # the previous row ended with this relation

    def close(self) -> None:
        if len(self.nodes) > 1:
            steps = tuple(
                Transition(
                    lhs=" ".join(a.text.split()),
                    rhs=" ".join(b.text.split()),
                    relation=r,
                    kind=kind_of(r),
                    line=b.line,
                    lhs_line=a.line,
                    block_end=b.block_end,
                    cell=b.cell,
                    first=n == 0,
                    conditions=b.conditions,
                    inline=b.inline,
                )
                for n, (a, b, r) in enumerate(
                    zip(self.nodes[:-1], self.nodes[1:], self.relations, strict=True)
                )
            )
            self.chains.append(Chain(self.nodes[0].line, steps, self.nodes[0].cell))
        self.nodes, self.relations, self.pending = [], [], None

    def add_row(self, row: Row, block: Block, segments: Sequence[Segment], first: bool) -> None:
        pieces = [
            _Node(
                s.text,
                row.line_at(_first_char(row.text, s.start)),
                block.end_line,
                block.cell,
                row.conditions,
                block.environment == "inline",
            )
            for s in segments
        ]
        relations = [s.relation or "" for s in segments[:-1]]
        starts_with_relation = len(pieces) > 1 and not pieces[0].text.strip()
        if starts_with_relation and self.nodes and self.pending is None:
            pieces = pieces[1:]
            self._extend(relations[0], pieces, relations[1:])
        elif self.pending is not None and self.nodes and not row.separate:
            relation = self.pending
            if starts_with_relation:  # `a = \\ = b`: the empty piece is dropped
                pieces, relations = pieces[1:], relations[1:]
            self._extend(relation, pieces, relations)
        elif (
            self.nodes
            and not first
            and not row.separate
            and (_OPERATOR_START.match(pieces[0].text) or _OPERATOR_END.search(self.nodes[-1].text))
        ):
            self.nodes[-1].text += " " + pieces[0].text
            self._extend_tail(pieces[1:], relations)
        else:
            self.close()
            if starts_with_relation:
                pieces, relations = pieces[1:], relations[1:]  # nothing to continue
            self.nodes = [pieces[0]]
            self._extend_tail(pieces[1:], relations)

    def _extend(self, relation: str, pieces: list[_Node], relations: list[str]) -> None:
        self.pending = None
        if not pieces:
            return
        self.nodes.append(pieces[0])
        self.relations.append(relation)
        self._extend_tail(pieces[1:], relations)

    def _extend_tail(self, pieces: list[_Node], relations: list[str]) -> None:
        self.pending = None
        for relation, piece in zip(relations, pieces, strict=True):
            if piece is pieces[-1] and not piece.text.strip():
                self.pending = relation  # the row ends with a relation
                return
            self.nodes.append(piece)
            self.relations.append(relation)


def _first_char(text: str, start: int) -> int:
    """The offset of the first non-space character at or after ``start``."""
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def build_chains(blocks: Iterable[Block], split: Splitter) -> tuple[Chain, ...]:
    """Cut the rows of consecutive display blocks into chains of transitions.

    Args:
        blocks: The display blocks, in document order.
        split: Splits a row at its top-level relations (``softsym.lang.latex.split_relations``).
    """
    builder = _Builder()
    for block in blocks:
        if block.environment == "inline":
            builder.close()  # inline math is a chain of its own
        for n, row in enumerate(block.rows):
            segments = split(row.text)
            if not segments:
                continue
            builder.add_row(row, block, segments, first=n == 0)
        if block.environment == "inline":
            builder.close()
    builder.close()
    return tuple(builder.chains)


def with_kind(step: Transition, kind: str) -> Transition:
    """The transition with another kind (a first ``f(x) = ...`` read as a definition)."""
    return replace(step, kind=kind)
