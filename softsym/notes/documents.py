r"""Display math in ``.tex``, ``.md`` and ``.ipynb`` files, with exact source line numbers.

:func:`read_document` reads a file and :func:`parse_document` its text into a
:class:`Document`: the display-math blocks (``align``, ``align*``, ``equation``,
``gather``, ``multline``, ``eqnarray`` and their starred forms, ``aligned`` and
``split`` inside them, ``\[ \]``, ``$$ $$``, Markdown ```` ```math ```` fences),
each cut into :class:`Row` values at the top-level ``\\``, and the directive
comments (``% softsym: ...``, ``<!-- softsym: ... -->``).

Cleaning never changes a row's length: comments, ``&`` markers, ``\label``,
``\tag``, ``\nonumber``, ``\text{...}`` prose, trailing punctuation and
Markdown escapes are replaced by spaces, so every offset inside a row maps to
its exact line in the source (:meth:`Row.line_at`).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from softsym.errors import DocumentError

__all__ = [
    "SUFFIXES",
    "Block",
    "DirectiveLine",
    "Document",
    "DocumentError",
    "Row",
    "parse_document",
    "read_document",
]

SUFFIXES = (".tex", ".md", ".ipynb")
"""The file kinds check-tex reads."""

_DISPLAY_ENVS = (
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
    "flalign",
    "flalign*",
    "alignat",
    "alignat*",
    "math",
    "displaymath",
    # Standing alone (Markdown renderers accept them without $$).
    "aligned",
    "split",
    "gathered",
)
_TRANSPARENT = ("aligned", "alignedat", "split", "gathered", "multlined")
"""Environments inside a block whose rows are the block's rows."""
_SKIPPED_ENVS = ("verbatim", "verbatim*", "lstlisting", "minted", "comment", "Verbatim")
_PROSE_WORDS = frozenset(
    [
        "if",
        "for",
        "and",
        "or",
        "where",
        "since",
        "with",
        "by",
        "so",
        "thus",
        "hence",
        "otherwise",
        "else",
        "when",
        "as",
        "is",
        "are",
        "all",
        "any",
        "some",
        "then",
        "since",
        "because",
        "using",
        "from",
        "via",
        "let",
        "we",
        "the",
        "a",
        "an",
        "of",
        "on",
        "in",
        "to",
        "at",
        "i.e.",
        "e.g.",
        "s.t.",
        "such",
        "that",
        "iff",
        "which",
        "gives",
        "using",
    ]
)
_TEXT_MACROS = ("text", "textrm", "mbox", "textnormal", "textit", "textbf", "intertext", "hbox")
_DROPPED = re.compile(
    r"\\(?:nonumber|notag|displaystyle|textstyle|limits|nolimits|allowbreak|medskip|smallskip)"
    r"(?![A-Za-z])"
)
_WITH_ARGUMENT = re.compile(r"\\(?:label|tag\*?|eqref|hspace\*?|vspace\*?|shortintertext)\s*\{")
_QUAD = re.compile(r"\\(?:qquad|quad)(?![A-Za-z])|\\hspace\*?\s*\{")
_RELATION_HINT = re.compile(r"=|\\(?:approx|le|leq|ge|geq|ne|neq|equiv|coloneqq|triangleq)\b|<|>")


@dataclass(frozen=True)
class Row:
    r"""One row of a display block (between top-level ``\\``), cleaned in place.

    Attributes:
        text: The row's LaTeX with everything that is not math replaced by spaces.
        line: The source line (1-based) of the row's first character.
        newlines: Offsets inside ``text`` after which a new source line starts.
        separate: The row follows a ``\quad`` on the same source row: it is a new
            equation, never the continuation of the previous one.
        conditions: Conditions written after the row's math (``, \quad i = j``,
            ``\text{for } i \ne j``, ``, x > 0``), as LaTeX relations.
    """

    text: str
    line: int
    newlines: tuple[int, ...] = ()
    separate: bool = False
    conditions: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """The row as written, whitespace collapsed."""
        return " ".join(self.text.split())

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset`` in :attr:`text`."""
        return self.line + sum(1 for n in self.newlines if n < offset)


@dataclass(frozen=True)
class Block:
    r"""One display-math block.

    Attributes:
        rows: Its non-empty rows, in order.
        line: The line of its opening delimiter.
        end_line: The line of its closing delimiter.
        environment: ``"align*"``, ``"$$"``, ``"\\["``, ``"math"`` (a fence), ...
        cell: The notebook cell (1-based) it sits in, or ``None``.
    """

    rows: tuple[Row, ...]
    line: int
    end_line: int
    environment: str
    cell: int | None = None


@dataclass(frozen=True)
class DirectiveLine:
    """The text of a ``softsym:`` comment and where it stands.

    Attributes:
        text: What follows ``softsym:``, stripped.
        line: Its source line.
        cell: The notebook cell, or ``None``.
    """

    text: str
    line: int
    cell: int | None = None


@dataclass(frozen=True)
class Document:
    r"""A document read for checking.

    Attributes:
        path: The file as given.
        kind: ``"tex"``, ``"md"`` or ``"ipynb"``.
        source: The text (for a notebook: its Markdown cells, joined), also read for macros.
        blocks: The display blocks, in order.
        directives: The directive comments, in order.
        raw: The file's text as read (a notebook's JSON), line ends made ``\n``.
    """

    path: str
    kind: str
    source: str
    blocks: tuple[Block, ...]
    directives: tuple[DirectiveLine, ...]
    raw: str = ""

    def events(self) -> Iterator[Block | DirectiveLine]:
        """The blocks and directives in document order (a directive before a block on its line)."""

        def key(item: Block | DirectiveLine) -> tuple[int, int, int]:
            kind = 0 if isinstance(item, DirectiveLine) else 1
            return (item.cell or 0, item.line, kind)

        items: list[Block | DirectiveLine] = [*self.blocks, *self.directives]
        yield from sorted(items, key=key)


def read_document(path: str | Path) -> Document:
    """Read a ``.tex``, ``.md`` or ``.ipynb`` file.

    Raises:
        DocumentError: The file is missing, not UTF-8, of another kind, or a broken notebook.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(f"{path}: expected a .tex, .md or .ipynb file")
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DocumentError(f"{path}: is a directory") from None
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise DocumentError(f"{path}: {exc.strerror}") from None
    return parse_document(text, kind=suffix[1:], path=str(path))


def parse_document(text: str, *, kind: str = "tex", path: str = "<text>") -> Document:
    """Find the display math and the directives of a document's text.

    Args:
        text: The file's text.
        kind: ``"tex"``, ``"md"`` or ``"ipynb"`` (the notebook's JSON).
        path: The name to report.

    Raises:
        DocumentError: ``kind`` is unknown, or a notebook is not valid notebook JSON.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "tex":
        blocks, directives = _scan(text, markdown=False)
        return Document(path, kind, text, blocks, directives, text)
    if kind == "md":
        blocks, directives = _scan(text, markdown=True)
        return Document(path, kind, text, blocks, directives, text)
    if kind == "ipynb":
        return _notebook(text, path)
    raise DocumentError(f"{path}: unknown document kind {kind!r}")


def _notebook(text: str, path: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"{path}: not a notebook (JSON error at line {exc.lineno})") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise DocumentError(f"{path}: not a notebook (no list of cells)")
    blocks: list[Block] = []
    directives: list[DirectiveLine] = []
    sources: list[str] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise DocumentError(f"{path}: cell {number} has no text source")
        sources.append(source)
        found, said = _scan(source, markdown=True)
        blocks.extend(_in_cell(b, number) for b in found)
        directives.extend(DirectiveLine(d.text, d.line, number) for d in said)
    joined = "\n".join(sources)
    return Document(path, "ipynb", joined, tuple(blocks), tuple(directives), text)


def _in_cell(block: Block, cell: int) -> Block:
    return Block(block.rows, block.line, block.end_line, block.environment, cell)


# --- scanning -----------------------------------------------------------------------------


def _blank(chars: list[str], start: int, end: int) -> None:
    """Replace ``chars[start:end]`` by spaces, keeping newlines."""
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _escaped(text: str, i: int) -> bool:
    """Whether ``text[i]`` follows an odd number of backslashes."""
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


_DIRECTIVE = re.compile(r"^\s*softsym\s*:\s*(.*?)\s*$", re.DOTALL)


def _tex_comments(text: str, chars: list[str], directives: list[DirectiveLine]) -> None:
    """Blank ``%`` comments of ``text`` in ``chars``, collecting ``softsym:`` directives."""
    start = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        for i, ch in enumerate(line):
            if ch == "%" and not _escaped(line, i):
                found = _DIRECTIVE.match(line[i + 1 :])
                if found:
                    directives.append(DirectiveLine(found.group(1), line_number))
                _blank(chars, start + i, start + len(line))
                break
        start += len(line) + 1


def _skip_environments(text: str, chars: list[str]) -> None:
    for name in _SKIPPED_ENVS:
        opener = re.compile(r"\\begin\{" + re.escape(name) + r"\}")
        closer = r"\end{" + name + "}"
        for m in opener.finditer(text):
            end = text.find(closer, m.end())
            _blank(chars, m.start(), len(text) if end < 0 else end + len(closer))
    for m in re.finditer(r"\\verb\*?(.)", text):
        end = text.find(m.group(1), m.end())
        if end >= 0:
            _blank(chars, m.start(), end + 1)


_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[ \t]*([^\n`]*)$", re.MULTILINE)


def _markdown_prepare(
    text: str, chars: list[str], directives: list[DirectiveLine]
) -> list[tuple[int, int, int, int]]:
    """Blank code and HTML comments; return the ```` ```math ```` fences.

    Returns:
        (opening start, content start, content end, closing end) per math fence.
    """
    fences: list[tuple[int, int, int, int]] = []
    at = 0
    while True:
        m = _FENCE.search(text, at)
        if m is None:
            break
        marker = m.group(2)
        closing = re.compile(
            r"^[ \t]*" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$", re.MULTILINE
        )
        c = closing.search(text, m.end())
        end = len(text) if c is None else c.end()
        content_end = len(text) if c is None else c.start()
        if m.group(3).strip().lower() == "math":
            fences.append((m.start(), m.end() + 1, content_end, end))
        _blank(chars, m.start(), end)
        at = end
    inline_code = r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)"
    for m in re.finditer(inline_code, "".join(chars), re.DOTALL):
        _blank(chars, m.start(), m.end())
    for m in re.finditer(r"<!--(.*?)-->", "".join(chars), re.DOTALL):
        found = _DIRECTIVE.match(m.group(1))
        if found:
            directives.append(
                DirectiveLine(" ".join(found.group(1).split()), _line_of(text, m.start()))
            )
        _blank(chars, m.start(), m.end())
    return fences


_OPENER = re.compile(
    r"(?<!\\)\$\$|\\\[|\\begin\{("
    + "|".join(re.escape(e) for e in _DISPLAY_ENVS)
    + r")\}(\{\d+\})?"
)


def _scan(text: str, *, markdown: bool) -> tuple[tuple[Block, ...], tuple[DirectiveLine, ...]]:
    chars = list(text)
    directives: list[DirectiveLine] = []
    fences: list[tuple[int, int, int, int]] = []
    if markdown:
        fences = _markdown_prepare(text, chars, directives)
    else:
        _tex_comments(text, chars, directives)
        _skip_environments("".join(chars), chars)
    clean = "".join(chars)
    found: list[tuple[int, int, int, int, str]] = [(*f, "math") for f in fences]
    at = 0
    while True:
        m = _OPENER.search(clean, at)
        if m is None:
            break
        opener = m.group(0)
        if opener == "$$":
            close = _find_unescaped(clean, "$$", m.end())
            environment, closer = "$$", "$$"
        elif opener == "\\[":
            close = clean.find("\\]", m.end())
            environment, closer = "\\[", "\\]"
        else:
            environment = m.group(1)
            closer = "\\end{" + environment + "}"
            close = clean.find(closer, m.end())
        if close < 0:
            at = m.end()
            continue
        found.append((m.start(), m.end(), close, close + len(closer), environment))
        at = close + len(closer)
    if markdown:
        found.extend(_dollar_lines(clean, found))
    found.extend(_inline(clean, found))
    found.sort()
    blocks = []
    for start, content_start, content_end, end, environment in found:
        if environment == "math" and markdown and start in {f[0] for f in fences}:
            content = list(text[content_start:content_end])
        else:
            content = list(clean[content_start:content_end])
        if markdown:
            _math_comments(content)
            _markdown_escapes(content)
        rows = tuple(_rows("".join(content), _line_of(text, content_start)))
        if rows:
            blocks.append(
                Block(rows, _line_of(text, start), _line_of(text, max(start, end - 1)), environment)
            )
    return tuple(blocks), tuple(directives)


_DOLLAR_LINE = re.compile(
    r"^[ \t]*\$(?!\$)(?P<math>[^$\n]*[=<>][^$\n]*)(?<!\\)\$[ \t]*$", re.MULTILINE
)


def _dollar_lines(
    clean: str, found: list[tuple[int, int, int, int, str]]
) -> list[tuple[int, int, int, int, str]]:
    r"""Lines of Markdown that are nothing but ``$...$`` with a relation: displays in all but name.

    Notes written as ``$= \frac{1}{z^2} ...$`` paragraphs, one step a line, are chains.
    """
    lines = []
    for m in _DOLLAR_LINE.finditer(clean):
        if any(a <= m.start() < d for a, _, _, d, _ in found):
            continue
        lines.append((m.start(), m.start("math"), m.end("math"), m.end(), "$"))
    return lines


_INLINE = re.compile(
    r"(?<![\\$])\$(?!\$)(?P<math>[^$\n]+?)(?<![\\$])\$(?!\$)|\\\((?P<paren>.+?)\\\)"
)
_INLINE_RELATION = re.compile(r"=|\\(?:approx|le|leq|ge|geq|ne|neq|equiv|coloneqq)(?![A-Za-z])")


def _inline(
    clean: str, found: list[tuple[int, int, int, int, str]]
) -> list[tuple[int, int, int, int, str]]:
    r"""Inline math with a relation (``$\sigma(-x) = 1 - \sigma(x)$``) outside the displays.

    Each is a chain of its own; see :mod:`softsym.notes.checking` for what is checked.
    """
    spans = []
    for m in _INLINE.finditer(clean):
        if any(a <= m.start() < d for a, _, _, d, _ in found):
            continue
        group = "math" if m.group("math") is not None else "paren"
        if not _INLINE_RELATION.search(m.group(group)):
            continue
        spans.append((m.start(), m.start(group), m.end(group), m.end(), "inline"))
    return spans


def _find_unescaped(text: str, token: str, at: int) -> int:
    while True:
        i = text.find(token, at)
        if i < 0 or not _escaped(text, i):
            return i
        at = i + 1


def _math_comments(chars: list[str]) -> None:
    text = "".join(chars)
    for m in re.finditer(r"%[^\n]*", text):
        if not _escaped(text, m.start()):
            _blank(chars, m.start(), m.end())


_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&minus;": "-"}


def _markdown_escapes(chars: list[str]) -> None:
    r"""Undo Markdown escapes in place, padding with spaces: ``\_`` → ``_``, ``\\\\`` → ``\\``."""
    text = "".join(chars)
    for entity, value in _ENTITIES.items():
        for m in re.finditer(re.escape(entity), text):
            chars[m.start()] = value
            _blank(chars, m.start() + 1, m.end())
    text = "".join(chars)
    for m in re.finditer(r"\\\\\\\\|\\[_*{}]|\\\\[{}]", text):
        piece = m.group(0)
        if piece == "\\\\\\\\":
            _blank(chars, m.start() + 2, m.end())
        elif piece in ("\\_", "\\*"):
            chars[m.start()] = piece[1]
            chars[m.start() + 1] = " "
        elif piece.startswith("\\\\"):  # \\{ written for \{
            chars[m.start()] = " "


# --- rows -----------------------------------------------------------------------------


def _group_end(text: str, i: int) -> int:
    """The offset after the brace group opening at ``text[i] == "{"`` (or the text's end)."""
    depth = 0
    for j in range(i, len(text)):
        ch = text[j]
        if ch == "{" and not _escaped(text, j):
            depth += 1
        elif ch == "}" and not _escaped(text, j):
            depth -= 1
            if depth == 0:
                return j + 1
    return len(text)


_ENV_MARK = re.compile(r"\\(begin|end)\{([A-Za-z*]+)\}")


def _rows(content: str, first_line: int) -> Iterator[Row]:
    chars = list(content)
    for m in _ENV_MARK.finditer(content):
        if m.group(2) in _TRANSPARENT:
            end = m.end()
            if m.group(1) == "begin":  # \begin{aligned}[t], \begin{alignedat}{2}
                rest = re.match(r"\s*(\[[a-z]\]|\{\d+\})?", content[end:])
                end += rest.end() if rest else 0
            _blank(chars, m.start(), end)
    content = "".join(chars)
    breaks: list[tuple[int, int]] = []  # (start, end) of each top-level \\
    depth = 0
    i = 0
    while i < len(content):
        ch = content[i]
        if ch == "\\":
            mark = _ENV_MARK.match(content, i)
            if mark:
                depth += 1 if mark.group(1) == "begin" else -1
                i = mark.end()
                continue
            if content.startswith("\\\\", i):
                if depth == 0:
                    end = i + 2
                    extra = re.match(r"\*?\s*(\[[^\]\n]*\])?", content[end:])
                    end += extra.end() if extra else 0
                    breaks.append((i, end))
                    i = end
                    continue
                i += 2
                continue
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "&" and depth == 0:
            chars[i] = " "
        i += 1
    content = "".join(chars)
    starts = [0, *(end for _, end in breaks)]
    ends = [*(start for start, _ in breaks), len(content)]
    for start, end in zip(starts, ends, strict=True):
        line = first_line + content.count("\n", 0, start)
        for piece, offset, separate, conditions in _pieces(content[start:end]):
            text = re.sub(r"[^\n]", " ", piece[:offset]) + piece[offset:]
            lead = len(text) - len(text.lstrip())
            text = text[lead:].rstrip()
            if text:
                newlines = tuple(k for k, c in enumerate(text) if c == "\n")
                first = line + piece.count("\n", 0, lead)
                yield Row(text, first, newlines, separate, conditions)


def _pieces(row: str) -> Iterator[tuple[str, int, bool, tuple[str, ...]]]:
    r"""Clean one row; split it at ``\quad`` before a further equation.

    Yields:
        (the row text, blanked before ``offset``, the offset, whether a separate
        equation, the row's conditions).
    """
    conditions: list[str] = []
    chars = list(row)
    for m in _WITH_ARGUMENT.finditer(row):
        if not m.group(0).startswith(("\\hspace", "\\vspace")):
            _blank(chars, m.start(), _group_end(row, m.end() - 1))
    for m in _DROPPED.finditer(row):
        _blank(chars, m.start(), m.end())
    for m in re.finditer(r"\\(?:boxed|fbox|bbox)\s*\{", row):  # \boxed{a = b} is a = b
        end = _group_end(row, m.end() - 1)
        _blank(chars, m.start(), m.end())
        if end <= len(row) and row[end - 1] == "}":
            _blank(chars, end - 1, end)
    row = "".join(chars)
    cut = len(row)
    prose: list[int] = []
    depth = _depths(row)
    for m in re.finditer(r"\\(" + "|".join(_TEXT_MACROS) + r")\s*\{", row):
        if depth[m.start()] > 0:
            continue  # `\text{otherwise}` inside cases is the reader's
        end = _group_end(row, m.end() - 1)
        words = row[m.end() : end - 1].strip()
        if not _is_prose(words, m.group(1)):
            continue
        if m.start() >= cut:
            continue
        condition = _condition(words + " " + row[end:])
        if condition is not None:
            conditions.append(condition)
        if condition is not None and row[: m.start()].strip():
            cut = m.start()
        elif row[: m.start()].strip() and m.group(1) != "intertext":
            prose.append(m.start())  # `a = b \text{or equivalently} c = d`: split here
            _blank(chars, m.start(), end)
        else:
            _blank(chars, m.start(), end)
    _blank(chars, cut, len(row))
    row = "".join(chars)
    for m in re.finditer(r",|\\q?quad(?![A-Za-z])", row):
        if depth[m.start()] > 0 or not row[: m.start()].strip():
            continue
        condition = _condition(row[m.end() :])
        if condition is not None:
            conditions.append(condition)
            _blank(chars, m.start(), len(row))
            row = "".join(chars)
            break
    splits = [0]
    for m in _QUAD.finditer(row):
        if depth[m.start()] > 0:
            continue
        end = _group_end(row, m.end() - 1) if m.group(0).endswith("{") else m.end()
        _blank(chars, m.start(), end)
        splits.append(m.start())
    row = "".join(chars)
    splits = sorted({*splits, *(p for p in prose if p < cut), len(row)})
    for n, (a, b) in enumerate(itertools.pairwise(splits)):
        piece = _strip_punctuation(row[:b])
        if n > 0 and not _RELATION_HINT.search(piece[a:]):
            continue  # a remark after \quad: `(1)`, `x > 0`-less prose
        yield piece, a, n > 0, tuple(conditions)


_CONDITION = re.compile(
    r"^(?P<word>(?:if|for|when|where|provided|with|and)\s+)?"
    r"(?P<lhs>[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)\s*"
    r"(?P<rel>=|!=|<|>|\\neq?(?![A-Za-z])|\\leq?(?![A-Za-z])|\\geq?(?![A-Za-z])|\\[lg]t(?![A-Za-z]))\s*"
    r"(?P<rhs>-?\d+(?:\.\d+)?|[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)$"
)
_INDEX_LETTERS = frozenset("ijklmnc")


def _condition(text: str) -> str | None:
    r"""A condition written after the math (``i = j``, ``i \ne j``, ``x > 0``), or ``None``.

    An equality is a condition only between two index letters or after a word
    (``\text{if } x = 0``); otherwise it is a further equation.
    """
    text = re.sub(r"\\q?quad(?![A-Za-z])|\\[,;:! ]", " ", text)
    text = re.sub(r"\\(?:text|textrm|mbox|textnormal)\s*\{([^{}]*)\}", r" \1 ", text)
    text = " ".join(text.split()).rstrip(".,; ")
    m = _CONDITION.match(text)
    if m is None:
        return None
    indices = {m.group("lhs"), m.group("rhs")} <= _INDEX_LETTERS
    if m.group("rel") == "=" and not m.group("word") and not indices:
        return None
    return f"{m.group('lhs')} {m.group('rel')} {m.group('rhs')}"


def _depths(text: str) -> list[int]:
    """The nesting depth (braces and environments) at every offset of ``text``."""
    depths = [0] * (len(text) + 1)
    depth = 0
    i = 0
    while i < len(text):
        depths[i] = depth
        m = _ENV_MARK.match(text, i) if text[i] == "\\" else None
        if m:
            depth += 1 if m.group(1) == "begin" else -1
            for j in range(i, m.end()):
                depths[j] = depth if m.group(1) == "end" else depths[i]
            i = m.end()
            continue
        if text[i] == "\\":
            if i + 1 < len(text):
                depths[i + 1] = depth
            i += 2
            continue
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
        i += 1
    depths[len(text)] = depth
    return depths


_TRAILING = re.compile(r"(?:\s|\\[,;:! ]|[.,;])+$")


def _strip_punctuation(text: str) -> str:
    m = _TRAILING.search(text)
    if m is None:
        return text
    return text[: m.start()] + "".join("\n" if c == "\n" else " " for c in m.group(0))


def _is_prose(words: str, macro: str) -> bool:
    if macro == "intertext":
        return True
    if not words:
        return True
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", words) is None:
        return True
    return words.lower() in _PROSE_WORDS
