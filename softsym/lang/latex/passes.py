r"""Token passes run before parsing, and small readers of token runs.

The passes rewrite the token list so the parser sees one spelling of each
construct: macros expanded, ``\left``/``\right`` and sizes dropped, prose cut,
``z^2_j`` reordered to ``z_j^2``, trailing punctuation removed. The prescans find
names used as indexed families or before parentheses, for the parser's hints.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from softsym.lang.latex.context import TexContext
from softsym.lang.latex.tokens import Token, expand, group_end, tokenize
from softsym.lang.latex.vocabulary import (
    GREEK,
    NAME_COMMANDS,
    SIZING,
    TEXT,
    WORD,
    WORDS,
    WRAPPERS,
)
from softsym.lang.names import by_latex

__all__ = [
    "WORD_SUBSCRIPT",
    "ambiguous_names",
    "argument_end",
    "d_mark",
    "drop_prose",
    "math_tokens",
    "plain_word",
    "preprocess",
    "prescan_indexed",
    "script_end",
    "simple_start",
    "slashed_d",
    "subscript_first",
    "subscript_word",
    "unwrap",
    "written",
]


_BAR_SIDE = {
    **{size: "lvert" for size in ("left", "bigl", "Bigl", "biggl", "Biggl")},
    **{size: "rvert" for size in ("right", "bigr", "Bigr", "biggr", "Biggr")},
}


def preprocess(tokens: list[Token]) -> list[Token]:
    r"""Drop ``\left``/``\right``/``\big`` sizes (``\left.`` and ``\right.`` entirely).

    A sized bar says which side it is: ``\left|`` opens an absolute value
    (``\lvert``) and ``\right|`` closes one (``\rvert``), so that
    ``\left| z \left| z \right| \right|`` nests as written.
    """
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "cmd" and t.text in SIZING:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else t
            if nxt.is_char("."):
                i += 2
                continue
            side = _BAR_SIDE.get(t.text)
            if side is not None and nxt.is_char("|"):
                out.append(Token("cmd", side, nxt.pos, nxt.space_before))
                i += 2
                continue
            i += 1
            continue
        out.append(t)
        i += 1
    return out


def unwrap(tokens: list[Token]) -> list[Token]:
    r"""Read decorated math as plain math: ``\boxed{x}`` is ``{x}`` (see :data:`WRAPPERS`).

    ``\underbrace{x}_{\text{label}}`` is ``{x}``, ``{\color{red} x}`` is ``{x}``,
    ``\textcolor{red}{x}`` is ``{x}``; ``\mathstrut`` and ``\vphantom{x}`` are dropped.
    """
    out = list(tokens)
    k = 0
    while k < len(out):
        t = out[k]
        spec = WRAPPERS.get(t.text) if t.kind == "cmd" else None
        if spec is None:
            k += 1
            continue
        skip, then = spec
        j = _options_end(out, k + 1)
        for _ in range(skip):
            j = argument_end(out, j)
        del out[k:j]  # the command and its skipped arguments; the content group stays
        if then in ("_", "^") and out[k].kind == "{":
            close = group_end(out, k)
            if close + 1 < len(out) and out[close + 1].is_char(then):
                del out[close + 1 : argument_end(out, close + 2)]
    return out


def _options_end(tokens: list[Token], k: int) -> int:
    r"""Index after an optional ``[...]`` argument at ``k`` (``\bbox[red]{x}``), else ``k``."""
    if not tokens[k].is_char("["):
        return k
    for j in range(k + 1, len(tokens)):
        if tokens[j].is_char("]"):
            return j + 1
    return k


def argument_end(tokens: list[Token], k: int) -> int:
    r"""Index after the argument at ``k``: a group, ``\text{...}`` or one token (not the end)."""
    if k >= len(tokens) or tokens[k].kind in ("end", "}"):
        return k
    t = tokens[k]
    styled = t.kind == "cmd" and (t.text in TEXT or t.text in NAME_COMMANDS)
    if styled and k + 1 < len(tokens) and tokens[k + 1].kind == "{":
        return group_end(tokens, k + 1) + 1
    if t.kind == "{":
        return group_end(tokens, k) + 1
    return k + 1


def slashed_d(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i:]`` is ``dy/dx``: d, a letter, '/', d, a letter, all unspaced."""
    window = tokens[i : i + 5]
    if len(window) >= 4 and window[1].is_char("/") and window[2].is_char("d"):
        return window[3].kind == "char" and window[3].text.isalpha()  # d/dx
    return (
        len(window) == 5
        and window[1].kind == "char"
        and window[1].text.isalpha()
        and not window[1].space_before
        and window[2].is_char("/")
        and window[3].is_char("d")
        and window[4].kind == "char"
        and window[4].text.isalpha()
        and not window[4].space_before
    )


def simple_start(t: Token) -> bool:
    """Whether ``t`` starts a plain factor (a number or a name), for a bare argument."""
    if t.kind == "num":
        return True
    if t.kind == "char":
        return t.text.isalpha()
    return t.kind == "cmd" and (t.text in GREEK or t.text in NAME_COMMANDS - WORD)


def written(tokens: Sequence[Token]) -> str:
    """The tokens as written (spacing dropped)."""
    return "".join(t.source() for t in tokens)


def plain_word(tokens: Sequence[Token]) -> str | None:
    """The letters of ``{softmax}`` or ``{e}``; ``None`` if the group holds more than letters."""
    letters = []
    for t in tokens:
        if (t.kind == "char" and t.text.isalpha()) or t.kind == "num":
            letters.append(t.text)
        else:
            return None
    word = "".join(letters)
    return word or None


WORD_SUBSCRIPT = re.compile(r"[A-Za-z]{2,}")


def subscript_word(tokens: Sequence[Token]) -> str | None:
    r"""A subscript that is part of a name: ``\text{CE}``, ``\mathrm{true}``, ``CE``."""
    styled = len(tokens) >= 2 and tokens[0].kind == "cmd" and tokens[0].text in TEXT | WORD
    if styled and tokens[1].kind == "{":
        end = group_end(list(tokens), 1)
        if end == len(tokens) - 1:
            word = plain_word(tokens[2:end])
            if word:
                return word
    word = plain_word(tokens)
    if word and WORD_SUBSCRIPT.fullmatch(word) and word.isupper():
        return word
    return None


def d_mark(tokens: Sequence[Token], k: int) -> tuple[str, int] | None:
    r"""``d``, ``\mathrm{d}``, ``\operatorname{d}`` or ``\partial`` at ``k``: kind, next index."""
    if k >= len(tokens):
        return None
    t = tokens[k]
    if t.is_cmd("partial"):
        return "partial", k + 1
    if t.is_char("d"):
        return "d", k + 1
    styled = t.kind == "cmd" and t.text in ("mathrm", "operatorname", "text", "mathit", "textrm")
    if styled and k + 1 < len(tokens):
        nxt = tokens[k + 1]
        if nxt.is_char("d"):
            return "d", k + 2
        braced_d = (
            nxt.kind == "{"
            and k + 3 < len(tokens)
            and tokens[k + 2].is_char("d")
            and tokens[k + 3].kind == "}"
        )
        if braced_d:
            return "d", k + 4
    return None


def math_tokens(source: str, context: TexContext) -> list[Token]:
    """Tokenize ``source``, expand the context's macros and run every pass.

    Raises:
        TypeError: ``source`` is not a string.
        LatexReadError: The source is too long, not math, or a macro does not end.
    """
    if not isinstance(source, str):
        raise TypeError(f"LaTeX source must be a str (got {type(source).__name__})")
    tokens = expand(tokenize(source), context.macros)
    tokens = [
        Token(t.kind, t.text, min(t.pos, len(source)), t.space_before)
        for t in unwrap(preprocess(tokens))
    ]
    tokens = subscript_first(drop_prose(tokens))
    # trailing punctuation ends a displayed formula: "= 0." or "= 0,"
    while len(tokens) > 1 and tokens[-2].is_char(".", ",", ";"):
        del tokens[-2]
    return tokens


def drop_prose(tokens: list[Token]) -> list[Token]:
    r"""``\text{...}`` prose at the top level: dropped at the start, and it ends the formula.

    ``x \text{ for } i`` is ``x`` (a condition follows), never the product ``x i``.
    """
    depth = 0
    for k, t in enumerate(tokens):
        if t.kind == "{":
            depth += 1
        elif t.kind == "}":
            depth -= 1
        elif depth == 0 and t.kind == "cmd" and t.text in TEXT and tokens[k + 1].kind == "{":
            end = group_end(tokens, k + 1)
            word = plain_word(tokens[k + 2 : end]) or ""
            if word in WORDS or by_latex(word) is not None:
                continue
            if k == 0:
                return drop_prose(tokens[end + 1 :])
            return [*tokens[:k], Token("end", "", t.pos)]
    return tokens


def script_end(tokens: list[Token], k: int) -> int:
    """Index after the script argument starting at ``k`` (a group or one token)."""
    if tokens[k].kind == "{":
        return group_end(tokens, k) + 1
    return k + 1


def subscript_first(tokens: list[Token]) -> list[Token]:
    """``z^2_j`` is ``z_j^2`` in TeX: move a subscript before a superscript of the same base."""
    out = list(tokens)
    k = 0
    while k < len(out) - 1:
        if out[k].is_char("^") and out[k + 1].kind not in ("end", "}"):
            sup_end = script_end(out, k + 1)
            if sup_end < len(out) - 1 and out[sup_end].is_char("_"):
                if out[sup_end + 1].kind in ("end", "}"):
                    break
                sub_end = script_end(out, sup_end + 1)
                out[k:sub_end] = [*out[sup_end:sub_end], *out[k:sup_end]]
                k = sub_end
                continue
        k += 1
    return out


def prescan_indexed(tokens: list[Token]) -> frozenset[str]:
    """Letters with a letter subscript (``z_j``), and with any subscript if the formula has dots."""
    dots = any(t.is_cmd("ldots", "cdots", "dots") for t in tokens)
    found = set()
    for k in range(len(tokens) - 2):
        letter, under, sub = tokens[k], tokens[k + 1], tokens[k + 2]
        if not (letter.kind == "char" and letter.text.isalpha() and under.is_char("_")):
            continue
        if sub.kind == "{" and k + 3 < len(tokens):
            sub = tokens[k + 3]
        if (sub.kind == "char" and sub.text.isalpha()) or (dots and sub.kind == "num"):
            found.add(letter.text)
    return frozenset(found)


def ambiguous_names(tokens: list[Token]) -> frozenset[str]:
    """Names that appear right before a parenthesis somewhere (candidates for f(1 - f))."""
    out = set()
    for a, b in itertools.pairwise(tokens):
        name = (a.kind == "char" and a.text.isalpha()) or (a.kind == "cmd" and a.text in GREEK)
        if b.is_char("(") and name:
            out.add(a.text)
    return frozenset(out)
