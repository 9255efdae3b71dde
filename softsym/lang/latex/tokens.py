r"""Split LaTeX math into tokens, and expand the document's macros.

A token is a command (``\frac``, ``\,``), a single character (a letter, an
operator, a bracket), a number (``2.718282``), ``{`` / ``}``, or the end. Each
token keeps the offset of its first character in the source, so an error can
point at it; tokens produced by a macro carry the offset of the macro call.

Unicode is mapped to its LaTeX meaning first: U+2212 is ``-``, ``’`` is a prime,
``·`` is ``\cdot``, ``×`` is ``\times``, Greek letters are their commands.
Spacing (``\,``, ``\quad``, ``~``), alignment (``&``), line breaks (``\\``),
``\label{...}``, ``\tag{...}``, ``\nonumber``, ``\displaystyle`` and ``%``
comments are dropped here, so the parser never sees them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from softsym.errors import LatexReadError

__all__ = ["MAX_EXPANSIONS", "MAX_LENGTH", "Macro", "Token", "expand", "tokenize"]

MAX_LENGTH = 20_000
"""Longest math source read, in characters (a long display row is about 500)."""

MAX_EXPANSIONS = 2_000
r"""Most macro expansions in one read: a recursive ``\def`` stops here with an error."""

_MAX_TOKENS = 50_000

_UNICODE = {
    "\u2212": "-",
    "\u2013": "-",
    "\u2019": "'",
    "\u2032": "'",
    "\u00b7": r"\cdot ",
    "\u22c5": r"\cdot ",
    "\u00d7": r"\times ",
    "\u2264": r"\le ",
    "\u2265": r"\ge ",
    "\u2260": r"\ne ",
    "\u2248": r"\approx ",
    "\u2254": r"\coloneqq ",
    "\u2261": r"\equiv ",
    "\u2192": r"\to ",
    "\u21d2": r"\implies ",
    "\u2211": r"\sum ",
    "\u220f": r"\prod ",
    "\u2202": r"\partial ",
    "\u2207": r"\nabla ",
    "\u221a": r"\sqrt ",
    "\u221d": r"\propto ",
    "\u2026": r"\ldots ",
    "\u22ef": r"\cdots ",
    "\u00a0": " ",
}
_GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
for _i, _name in enumerate(_GREEK):
    _UNICODE[chr(0x3B1 + _i + (1 if _i >= 17 else 0))] = f"\\{_name} "
_UNICODE["\u03c2"] = r"\varsigma "

_DROP_COMMANDS = frozenset(
    {
        ",",
        ";",
        ":",
        "!",
        " ",
        ">",
        "\\",
        "quad",
        "qquad",
        "enspace",
        "thinspace",
        "medspace",
        "thickspace",
        "negthinspace",
        "displaystyle",
        "textstyle",
        "scriptstyle",
        "limits",
        "nolimits",
        "nonumber",
        "notag",
        "relax",
        "allowbreak",
        "nobreak",
        "hfill",
        "middle",
    }
)
_DROP_WITH_ARGUMENT = frozenset({"label", "tag", "tag*", "hspace", "vspace", "hspace*", "phantom"})
_UNWRAP = frozenset({"mathopen", "mathclose", "mathord", "mathbin", "mathinner", "mathpunct"})


@dataclass(frozen=True)
class Token:
    """One token of LaTeX math.

    Attributes:
        kind: ``"cmd"`` (``text`` is the name without the backslash), ``"char"``,
            ``"num"``, ``"{"``, ``"}"``, ``"param"`` (``#1`` in a macro body) or ``"end"``.
        text: The command name, the character or the digits.
        pos: Offset of the token's first character in the source.
        space_before: Whether white space precedes the token.
    """

    kind: str
    text: str
    pos: int
    space_before: bool = False

    def is_cmd(self, *names: str) -> bool:
        """Whether this is one of the commands ``names``."""
        return self.kind == "cmd" and self.text in names

    def is_char(self, *chars: str) -> bool:
        """Whether this is one of the characters ``chars``."""
        return self.kind == "char" and self.text in chars

    def source(self) -> str:
        """The token as written."""
        if self.kind == "cmd":
            return "\\" + self.text
        if self.kind == "param":
            return "#" + self.text
        return self.text


@dataclass(frozen=True)
class Macro:
    r"""A user macro: ``\newcommand{\name}[nargs][default]{body}`` or ``\def\name#1{body}``.

    Attributes:
        name: The command name without the backslash.
        nargs: How many arguments it takes.
        default: The default of the optional first argument, or ``None``.
        body: The replacement text, with ``#1`` ... ``#9`` for the arguments.
    """

    name: str
    nargs: int
    default: str | None
    body: str


def _normalize(source: str) -> str:
    if source.isascii():
        return source
    return "".join(_UNICODE.get(c, c) for c in source)


def tokenize(source: str, *, keep_all: bool = False, offset: int = 0) -> list[Token]:
    r"""Split LaTeX math into tokens (ending with an ``"end"`` token).

    Args:
        source: The math, without ``$`` delimiters.
        keep_all: Keep spacing, ``\label`` and ``&`` (for macro bodies and splitting).
        offset: Added to every position (for text cut out of a longer source).

    Raises:
        LatexReadError: The source is too long or holds a character that is not math.
    r
    """
    if len(source) > MAX_LENGTH:
        raise LatexReadError(
            f"column 1: the math is too long ({len(source)} characters, at most {MAX_LENGTH})",
            source[:80],
            0,
            f"at most {MAX_LENGTH} characters",
        )
    # Normalising Unicode keeps offsets only when it maps one character to one; map
    # each normalised character back to its source offset.
    text, where = _normalized_with_offsets(source)
    out: list[Token] = []
    i, n = 0, len(text)
    space = False
    while i < n:
        c = text[i]
        pos = where[i] + offset
        if c in " \t\r\n~":
            space = True
            i += 1
            continue
        if c == "%":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == "\\":
            j = i + 1
            if j < n and text[j].isalpha():
                while j < n and text[j].isalpha():
                    j += 1
                name = text[i + 1 : j]
                if j < n and text[j] == "*" and name in ("tag", "operatorname", "hspace"):
                    name += "*"
                    j += 1
            else:
                name = text[j] if j < n else " "
                j += 1
            i = j
            if not keep_all and name in _DROP_COMMANDS:
                space = True
                continue
            if not keep_all and name in ("_", "*"):
                # Markdown escapes inside math: \_ is a subscript, \* a product
                out.append(Token("char", name, pos, space))
            else:
                out.append(Token("cmd", name, pos, space))
            space = False
            continue
        if c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and text[j].isdigit():
                j += 1
            if j + 1 < n and text[j] == "." and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isdigit():
                    j += 1
            out.append(Token("num", text[i:j], pos, space))
            space = False
            i = j
            continue
        if c in "{}":
            out.append(Token(c, c, pos, space))
        elif c == "#" and i + 1 < n and text[i + 1].isdigit():
            out.append(Token("param", text[i + 1], pos, space))
            i += 1
        elif c == "&" and not keep_all:
            space = True
            i += 1
            continue
        elif c.isprintable():
            out.append(Token("char", c, pos, space))
        else:
            raise LatexReadError(
                f"column {pos + 1}: unexpected character {c!r}", source, pos, "a math character"
            )
        space = False
        i += 1
    out.append(Token("end", "", len(source) + offset, space))
    return out if keep_all else _drop_labels(out)


def _normalized_with_offsets(source: str) -> tuple[str, list[int]]:
    if source.isascii():
        return source, list(range(len(source)))
    chars: list[str] = []
    where: list[int] = []
    for k, c in enumerate(source):
        mapped = _UNICODE.get(c, c)
        chars.append(mapped)
        where.extend([k] * len(mapped))
    return "".join(chars), where


def _drop_labels(tokens: list[Token]) -> list[Token]:
    r"""Remove ``\label{...}``, ``\tag{...}`` and their arguments; unwrap ``\mathopen{(}``."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "cmd" and t.text in _UNWRAP:
            if i + 1 < len(tokens) and tokens[i + 1].kind == "{":
                end = group_end(tokens, i + 1)
                if tokens[end].kind == "}":
                    tokens = [*tokens[: i + 1], *tokens[i + 2 : end], *tokens[end + 1 :]]
            i += 1
            continue
        if t.kind == "cmd" and t.text in _DROP_WITH_ARGUMENT:
            i += 1
            if i < len(tokens) and tokens[i].kind == "{":
                i = group_end(tokens, i) + 1
            continue
        out.append(t)
        i += 1
    return out


def group_end(tokens: list[Token], start: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start`` (the last index if unclosed)."""
    depth = 0
    for k in range(start, len(tokens)):
        if tokens[k].kind == "{":
            depth += 1
        elif tokens[k].kind == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(tokens) - 1


def _argument(tokens: list[Token], i: int) -> tuple[list[Token], int]:
    """One macro argument at ``i``: a brace group's content or one token; returns the next index."""
    if tokens[i].kind == "{":
        end = group_end(tokens, i)
        if tokens[end].kind != "}":
            raise _error(tokens[i], "'}' closing the macro argument")
        return tokens[i + 1 : end], end + 1
    if tokens[i].kind in ("end", "}"):
        raise _error(tokens[i], "a macro argument")
    return [tokens[i]], i + 1


def _error(token: Token, expected: str) -> LatexReadError:
    return LatexReadError(f"column {token.pos + 1}: expected {expected}", "", token.pos, expected)


def expand(tokens: list[Token], macros: Mapping[str, Macro]) -> list[Token]:
    r"""Replace every use of a user macro by its body, arguments substituted.

    Raises:
        LatexReadError: A macro lacks an argument, or expansion does not end
            (``\def\a{\a\a}``): more than :data:`MAX_EXPANSIONS` expansions or too many tokens.
    """
    if not macros:
        return tokens
    out = list(tokens)
    i = 0
    count = 0
    while i < len(out):
        t = out[i]
        macro = macros.get(t.text) if t.kind == "cmd" else None
        if macro is None:
            i += 1
            continue
        count += 1
        if count > MAX_EXPANSIONS or len(out) > _MAX_TOKENS:
            raise LatexReadError(
                f"column {t.pos + 1}: macro \\{t.text} expands without end "
                f"(more than {MAX_EXPANSIONS} expansions; is it recursive?)",
                "",
                t.pos,
                "a macro that expands to finite math",
            )
        j = i + 1
        args: list[list[Token]] = []
        if macro.default is not None:
            if out[j].is_char("["):
                k = j + 1
                while not out[k].is_char("]") and out[k].kind != "end":
                    k += 1
                args.append(out[j + 1 : k])
                j = k + 1
            else:
                args.append(tokenize(macro.default, keep_all=True)[:-1])
        while len(args) < macro.nargs:
            arg, j = _argument(out, j)
            args.append(arg)
        body: list[Token] = []
        for b in tokenize(macro.body, keep_all=True)[:-1]:
            if b.kind == "param":
                number = int(b.text)
                if not 1 <= number <= len(args):
                    raise _error(t, f"at most {len(args)} arguments in \\{t.text}")
                body.extend(Token(a.kind, a.text, t.pos, a.space_before) for a in args[number - 1])
            elif (b.kind == "char" and b.text == "&") or b.is_cmd(*_DROP_COMMANDS):
                continue
            else:
                body.append(Token(b.kind, b.text, t.pos, b.space_before))
        out[i:j] = body
    return out
