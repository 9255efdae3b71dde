r"""Cut one row of math at its top-level relations: ``a = b \le c`` → ``a``, ``b``, ``c``.

A relation counts only outside braces, ``\left ... \right`` and parentheses, so
the ``=`` of ``\sum_{j=1}^{K}`` or of ``\mathbb{1}[i = j]`` is not a step.
"""

from __future__ import annotations

from dataclasses import dataclass

from softsym.lang.latex.tokens import Token, group_end, tokenize

__all__ = ["RELATION_KINDS", "TexSegment", "split_relations"]

_COMMANDS = {
    "coloneqq": "def",
    "coloneq": "def",
    "equiv": "def",
    "triangleq": "def",
    "eqdef": "def",
    "defeq": "def",
    "approx": "approx",
    "simeq": "approx",
    "sim": "approx",
    "thickapprox": "approx",
    "approxeq": "approx",
    "le": "le",
    "leq": "le",
    "leqslant": "le",
    "lt": "lt",
    "ge": "ge",
    "geq": "ge",
    "geqslant": "ge",
    "gt": "gt",
    "ne": "ne",
    "neq": "ne",
    "to": "to",
    "rightarrow": "to",
    "longrightarrow": "to",
    "mapsto": "to",
    "propto": "propto",
    "implies": "implies",
    "Rightarrow": "implies",
    "Longrightarrow": "implies",
    "iff": "implies",
    "Leftrightarrow": "implies",
    "Longleftrightarrow": "implies",
}
_CHARS = {"=": "eq", "<": "lt", ">": "gt"}

RELATION_KINDS: tuple[str, ...] = (
    "eq",
    "def",
    "approx",
    "le",
    "lt",
    "ge",
    "gt",
    "ne",
    "to",
    "propto",
    "implies",
)
"""Every kind :func:`split_relations` reports."""

_OPEN = {"(", "["}
_CLOSE = {")", "]"}


@dataclass(frozen=True)
class TexSegment:
    """One piece of a row between relations.

    Attributes:
        text: The piece as written (white space around it removed; ``""`` when empty).
        start: Offset of the piece in the row.
        end: Offset just after the piece.
        relation: The kind of the relation that follows the piece, ``None`` for the last.
    """

    text: str
    start: int
    end: int
    relation: str | None


def _relation_at(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """The relation starting at token ``i`` and the index after it, or ``None``."""
    t = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else t
    if t.kind == "char":
        if t.text == ":" and nxt.is_char("="):
            return "def", i + 2
        if t.text == "!" and nxt.is_char("="):
            return "ne", i + 2
        if t.text in "<>" and nxt.is_char("="):
            return ("le" if t.text == "<" else "ge"), i + 2
        if t.text in _CHARS:
            if t.text == "=" and nxt.is_char(":"):
                return "def", i + 2
            return _CHARS[t.text], i + 1
        return None
    if t.kind != "cmd":
        return None
    if t.text in ("stackrel", "overset") and nxt.kind == "{":
        over_end = group_end(tokens, i + 1)
        label = "".join(x.source() for x in tokens[i + 2 : over_end])
        k = over_end + 1
        if k < len(tokens) and tokens[k].kind == "{":
            end = group_end(tokens, k)
            inner = [x for x in tokens[k + 1 : end] if x.kind != "end"]
            if len(inner) == 1 and inner[0].is_char("="):
                kind = "def" if ("def" in label or label in (":", r"\triangle")) else "eq"
                return kind, end + 1
        return None
    if t.text == "mathrel" and nxt.kind == "{":
        end = group_end(tokens, i + 1)
        inner = tokens[i + 2 : end]
        if [x.text for x in inner] == [":", "="]:
            return "def", end + 1
        if len(inner) == 1:
            found = _relation_at([*inner, Token("end", "", 0)], 0)
            if found:
                return found[0], end + 1
        return None
    command_kind = _COMMANDS.get(t.text)
    return (command_kind, i + 1) if command_kind else None


def split_relations(source: str) -> tuple[TexSegment, ...]:
    r"""Cut a row of math into the pieces between its top-level relations.

    ``"a = b \le c"`` gives ``a`` (followed by ``"eq"``), ``b`` (``"le"``) and
    ``c`` (``None``). A row that starts with a relation (``= b``) gives an empty
    first piece; one that ends with a relation an empty last piece.

    Raises:
        LatexReadError: The row is too long, or holds a character that is not math.
    """
    tokens = tokenize(source, keep_all=True)
    pieces: list[TexSegment] = []
    depth = 0
    start = 0
    i = 0
    while i < len(tokens) and tokens[i].kind != "end":
        t = tokens[i]
        if t.kind == "{" or (t.kind == "char" and t.text in _OPEN) or t.is_cmd("left"):
            depth += 1
        elif t.kind == "}" or (t.kind == "char" and t.text in _CLOSE) or t.is_cmd("right"):
            depth = max(0, depth - 1)
        if t.is_cmd("left", "right"):
            i += 2  # the delimiter after \left/\right is not a bracket of its own
            continue
        if depth == 0:
            found = _relation_at(tokens, i)
            if found is not None:
                kind, after = found
                pieces.append(_piece(source, start, t.pos, kind))
                start = tokens[after].pos if after < len(tokens) else len(source)
                i = after
                continue
        i += 1
    pieces.append(_piece(source, start, len(source), None))
    return tuple(pieces)


def _piece(source: str, start: int, end: int, relation: str | None) -> TexSegment:
    raw = source[start:end]
    text = raw.strip()
    if not text:
        return TexSegment("", start, start, relation)
    begin = start + (len(raw) - len(raw.lstrip()))
    return TexSegment(text, begin, begin + len(text), relation)
