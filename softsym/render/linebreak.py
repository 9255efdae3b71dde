r"""Breaking long formulas into lines that fit the page.

:func:`tex_width` estimates how wide LaTeX math prints, in em of the
surrounding font, from the LaTeX itself (a fraction is as wide as its wider
part, a script is smaller, ``\sum`` with limits as wide as its widest part).
:func:`break_lines` prints an expression as lines of at most a given width,
breaking where a teacher would:

* a sum before one of its top-level ``+`` or ``-``;
* a product between two factors (the next line starts with ``\cdot``);
* a function, derivative or sum of terms inside its long argument, with
  fixed-size parentheses (``\Bigl(`` ... ``\Bigr)``) since ``\left``/``\right``
  cannot span lines;

recursively, so a long argument of a long argument breaks too. Pieces that
fit are packed greedily onto a line. :func:`break_tex` breaks the author's
LaTeX as written, before a ``+`` or ``-`` that no group holds but fixed-size
delimiters (``\bigl(`` ... ``\bigr)``, which may span lines). A piece that cannot be broken (a long
fraction, an exponent) stays whole and may be wider than asked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import sympy
from sympy import Add, Expr, Mul, Pow, Symbol, Tuple

from softsym.render.brackets import balanced
from softsym.render.notation import NotationPrinter, tidy

__all__ = ["break_lines", "break_tex", "tex_width"]

# ---------------------------------------------------------------------------
# Width

# Widths in em of math symbols (Computer Modern, text style), with the
# spacing TeX puts around binary operators and relations.
_CHAR_EM = {
    "+": 1.23,
    "-": 1.23,
    "=": 1.34,
    "<": 1.34,
    ">": 1.34,
    ",": 0.45,
    ";": 0.45,
    "(": 0.39,
    ")": 0.39,
    "[": 0.28,
    "]": 0.28,
    "|": 0.28,
    "/": 0.5,
    ".": 0.28,
    "!": 0.28,
    "'": 0.3,
    "~": 0.33,
    " ": 0.0,
}
_COMMAND_EM = {
    "cdot": 0.72,
    "times": 1.22,
    "leq": 1.34,
    "geq": 1.34,
    "neq": 1.34,
    "le": 1.34,
    "ge": 1.34,
    "approx": 1.34,
    "in": 1.2,
    "to": 1.55,
    "leftarrow": 1.55,
    "mapsto": 1.55,
    "partial": 0.57,
    "quad": 1.0,
    "qquad": 2.0,
    ",": 0.17,
    ":": 0.22,
    ";": 0.28,
    " ": 0.33,
    "!": -0.17,
    "ldots": 1.2,
    "cdots": 1.2,
    "infty": 1.0,
    "sum": 1.45,
    "prod": 1.3,
    "log": 1.4,
    "exp": 1.6,
    "max": 1.9,
    "min": 1.75,
    "tanh": 2.2,
    "cosh": 2.2,
    "lVert": 0.5,
    "rVert": 0.5,
    "mathopen": 0.0,
    "mathclose": 0.0,
    "left": 0.0,
    "right": 0.0,
    "displaystyle": 0.0,
    "limits": 0.0,
    "qedhere": 0.0,
    "nonumber": 0.0,
}
_DELIMITER_SIZES = {
    "bigl": 0.45,
    "bigr": 0.45,
    "Bigl": 0.6,
    "Bigr": 0.6,
    "biggl": 0.75,
    "biggr": 0.75,
}
_TEXT_COMMANDS = ("operatorname", "mathrm", "text", "mathit", "mathbf", "textsf", "texttt")
_UPRIGHT_EM = 0.52
_LETTER_EM = 0.52
_SCRIPT = 0.72
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}^_]|.", re.S)


def tex_width(tex: str) -> float:
    r"""Estimate the printed width of LaTeX math, in em (overestimating a little).

    >>> round(tex_width(r"\frac{1}{1 + e^{-z}}"), 1)
    3.8
    >>> tex_width("a + b") > tex_width("ab")
    True
    """
    tokens = _TOKEN.findall(tex)
    width, _ = _width(tokens, 0)
    return width


def _group(tokens: list[str], i: int) -> tuple[list[str], int]:
    """The tokens of the group (or single token) starting at ``i``, and the index after it."""
    if i >= len(tokens):
        return [], i
    if tokens[i] != "{":
        return [tokens[i]], i + 1
    depth = 0
    for k in range(i, len(tokens)):
        if tokens[k] == "{":
            depth += 1
        elif tokens[k] == "}":
            depth -= 1
            if depth == 0:
                return tokens[i + 1 : k], k + 1
    return tokens[i + 1 :], len(tokens)


def _width(tokens: list[str], start: int, stop: int | None = None) -> tuple[float, int]:
    end = len(tokens) if stop is None else stop
    total = 0.0
    last_base = 0.0  # the width of the last atom, for \sum limits
    i = start
    while i < end:
        tok = tokens[i]
        if tok == "{":
            group, i = _group(tokens, i)
            w, _ = _width(group, 0)
            total += w
            last_base = w
            continue
        if tok in ("^", "_"):
            # Scripts of one base stack: count the wider of ^ and _.
            scripts = []
            while i < end and tokens[i] in ("^", "_"):
                group, i = _group(tokens, i + 1)
                scripts.append(_width(group, 0)[0] * _SCRIPT)
            widest = max(scripts, default=0.0)
            if last_base < 0:  # limits of \sum: under and over the symbol
                total += max(0.0, widest - (-last_base))
            else:
                total += widest
            last_base = 0.0
            continue
        i += 1
        if tok.startswith("\\") and len(tok) > 1:
            name = tok[1:]
            if name in ("frac", "dfrac", "tfrac"):
                num, i = _group(tokens, i)
                den, i = _group(tokens, i)
                scale = 0.8 if name == "tfrac" else 1.0
                w = max(_width(num, 0)[0], _width(den, 0)[0]) * scale + 0.25
                total += w
                last_base = w
            elif name in _TEXT_COMMANDS:
                group, i = _group(tokens, i)
                w = _UPRIGHT_EM * len(re.sub(r"\\[A-Za-z]+|[{}\\]", "x", "".join(group)))
                total += w
                last_base = w
            elif name in ("mathopen", "mathclose", "mathrel", "mathbin"):
                group, i = _group(tokens, i)
                total += _width(group, 0)[0]
            elif name in ("left", "right") or name in _DELIMITER_SIZES:
                delim, i = _group(tokens, i)
                w = 0.0 if delim == ["."] else 0.39 + _DELIMITER_SIZES.get(name, 0.0) * 0.3
                total += w
                last_base = w
            elif name in ("sum", "prod"):
                total += _COMMAND_EM[name]
                last_base = -_COMMAND_EM[name]  # negative: limits go under and over
            elif name in ("sqrt",):
                group, i = _group(tokens, i)
                total += _width(group, 0)[0] + 0.9
            elif name in ("hat", "bar", "tilde", "vec", "dot", "overline", "underline", "mathbb"):
                group, i = _group(tokens, i)
                w = _width(group, 0)[0]
                total += w
                last_base = w
            elif name in ("parbox", "hspace", "label", "tag"):
                # Not measured here: such material is laid out by the caller.
                continue
            else:
                w = _COMMAND_EM.get(name, 0.6)
                total += w
                last_base = w
        elif tok.startswith("\\"):
            w = _COMMAND_EM.get(tok[1:], 0.3)
            total += w
        else:
            w = _CHAR_EM.get(tok, _LETTER_EM)
            total += w
            last_base = w
    return total, i


# ---------------------------------------------------------------------------
# Breaking

_PRINTER = NotationPrinter()
_PLACEHOLDER = "XSOFTSYMHOLE"
_TIMES = "\x00"  # marks a piece that is the next factor of a product


def _tex(expr: Expr) -> str:
    return _PRINTER.print_tidy(expr)


def break_lines(expr: Expr, limit: float) -> list[str]:
    r"""Print an expression as LaTeX lines of at most ``limit`` em where possible.

    The first line starts the expression; every later line continues it
    (starting with ``+``, ``-``, ``\cdot``, or the rest of an argument).
    Joined with spaces, the lines are one formula for the expression.

    >>> from sympy import symbols
    >>> a, b, c = symbols("a b c")
    >>> break_lines(a + b + c, 100)
    ['a + b + c']
    >>> break_lines(a + b + c, 3)
    ['a + b', '+ c']
    """
    return _pack(list(_pieces(expr, limit)), limit)


def _pack(pieces: list[str], limit: float) -> list[str]:
    r"""Join consecutive pieces onto one line while the line fits.

    A factor of a product is joined by a space, but starts a line with ``\cdot``.
    """
    lines: list[str] = []
    for piece in pieces:
        factor = piece.startswith(_TIMES)
        body = piece.removeprefix(_TIMES)
        if lines and tex_width(lines[-1] + " " + body) <= limit:
            lines[-1] = f"{lines[-1]} {body}"
        else:
            lines.append(rf"\cdot {body}" if factor else body)
    return [line.replace(_TIMES, r"\cdot ") for line in lines]


def _pieces(expr: Expr, limit: float) -> Iterator[str]:
    """Unbreakable pieces of the expression, in order, each at most ``limit`` em if possible."""
    tex = _tex(expr)
    if tex_width(tex) <= limit:
        yield tex
        return
    if isinstance(expr, Add):
        yield from _add_pieces(expr, limit)
    elif isinstance(expr, Pow) and expr.exp == -1:
        yield from _fraction_pieces(sympy.Integer(1), expr.base, limit)
    elif isinstance(expr, Mul):
        yield from _mul_pieces(expr, limit)
    elif expr.args:
        yield from _call_pieces(expr, limit)
    else:
        yield tex


def _prefixed(prefix: str, pieces: list[str]) -> Iterator[str]:
    if pieces:
        yield f"{prefix}{pieces[0]}"
        yield from pieces[1:]


def _bracketed(pieces: list[str]) -> list[str]:
    """Wrap broken pieces in parentheses that may span lines."""
    size = "bigg" if any(r"\sum" in p or r"\frac" in p for p in pieces) else "Big"
    if len(pieces) == 1:
        return [rf"\mathopen{{}}\left({pieces[0]}\right)\mathclose{{}}"]
    return [rf"\{size}l({pieces[0]}", *pieces[1:-1], rf"{pieces[-1]}\{size}r)"]


def _add_pieces(expr: Add, limit: float) -> Iterator[str]:
    for i, term in enumerate(_PRINTER._as_ordered_terms(expr)):
        sign = ""
        if i > 0 and term.could_extract_minus_sign():
            sign, term = "- ", -term
        elif i > 0:
            sign = "+ "
        sub = list(_pieces(term, limit - 2.0))
        if i > 0 and _PRINTER._needs_add_brackets(term):
            sub = _bracketed(sub)
        yield from _prefixed(sign, sub)


def _mul_pieces(expr: Mul, limit: float) -> Iterator[str]:
    if expr.could_extract_minus_sign() and expr.as_coeff_Mul()[0].is_negative:
        inner = -expr
        sub = list(_pieces(inner, limit - 1.5))
        if isinstance(inner, Add):
            sub = _bracketed(sub)
        yield from _prefixed("- ", sub)
        return
    numer, denom = sympy.fraction(expr, exact=True)
    if denom != 1:
        yield from _fraction_pieces(numer, denom, limit)
        return
    factors = expr.as_ordered_factors()
    for k, factor in enumerate(factors):
        lead = "" if k == 0 else _TIMES
        needs = _PRINTER._needs_mul_brackets(factor, first=k == 0, last=k == len(factors) - 1)
        sub = list(_pieces(factor, limit - 2.0))
        if needs:
            sub = _bracketed(sub)
        yield from _prefixed(lead, sub)


def _fraction_pieces(numer: Expr, denom: Expr, limit: float) -> Iterator[str]:
    r"""A fraction too wide for a line: ``\frac{1}{d}`` times the numerator, else ``n / (d)``."""
    head = rf"\frac{{1}}{{{_tex(denom)}}}"
    if (numer == 1 and tex_width(head) > limit) or tex_width(head) > limit / 2:
        top = list(_pieces(numer, limit - 1.0))
        if isinstance(numer, Add):
            top = _bracketed(top)
        bottom = _bracketed(list(_pieces(denom, limit - 2.0)))
        if len(bottom) == 1:
            bottom = [rf"\bigl({_tex(denom)}\bigr)"] if isinstance(denom, (Add, Mul)) else bottom
        yield from top
        yield from _prefixed("/ ", bottom)
        return
    rest = list(_pieces(numer, limit - 1.0)) if numer != 1 else []
    if isinstance(numer, Add):
        rest = _bracketed(rest)
    yield head
    yield from rest


_SIZED = re.compile(r"(?:\\mathopen\{\})?\\(left|right)(\\[{}|]|[()\[\]|.])(?:\\mathclose\{\})?")


def _sized(template: str, size: str = "Big") -> str:
    r"""Replace ``\left``/``\right`` delimiters by fixed sizes, which may span lines."""

    def repl(m: re.Match[str]) -> str:
        side, delim = m.group(1), m.group(2)
        if delim == ".":
            return ""
        return f"\\{size}{'l' if side == 'left' else 'r'}{delim}"

    return _SIZED.sub(repl, template)


_WRAPPED = re.compile(r"^(.*\\(?:log|ln|exp|sin|cos|tan|tanh))\{(.*)$", re.S)


def _unwrapped(parts: list[str]) -> list[str]:
    r"""Drop the grouping braces SymPy puts around a function's argument (``\log{...}``)."""
    first = _WRAPPED.match(parts[0])
    if (
        first
        and not balanced(parts[0], "{", "}", escaped=True)
        and parts[-1].rstrip().endswith("}")
    ):
        last = parts[-1].rstrip()
        return [first.group(1) + first.group(2), *parts[1:-1], last[:-1]]
    return parts


def _call_pieces(expr: Expr, limit: float) -> Iterator[str]:
    """Break inside the long arguments of a function, derivative, sum or power."""
    holes: dict[Symbol, Expr] = {}
    args = []
    for k, arg in enumerate(expr.args):
        if isinstance(arg, Expr) and not isinstance(arg, Tuple) and tex_width(_tex(arg)) > 6:
            hole = Symbol(f"{_PLACEHOLDER}{chr(ord('A') + k)}")
            holes[hole] = arg
            args.append(hole)
        else:
            args.append(arg)
    if not holes:
        yield _tex(expr)
        return
    try:
        template = tidy(_PRINTER._print(expr.func(*args, evaluate=False)))
    except TypeError:
        template = tidy(_PRINTER._print(expr.func(*args)))
    names = {_PRINTER._print(h): h for h in holes}
    parts = re.split("(" + "|".join(re.escape(n) for n in names) + ")", template)
    if len(parts) != 2 * len(holes) + 1 or any(p not in names for p in parts[1::2]):
        yield _tex(expr)  # the template does not show each argument once: do not break
        return
    parts = _unwrapped(parts)
    if not all(balanced(p, "{", "}", escaped=True) for p in parts[::2]):
        yield _tex(expr)  # an argument inside an exponent or a fraction: do not break
        return
    size = (
        "bigg" if any(r"\sum" in _tex(a) or r"\frac" in _tex(a) for a in holes.values()) else "Big"
    )
    pieces: list[str] = []
    pending = ""
    last = len(parts) - 1
    for k, part in enumerate(parts):
        if k % 2 == 1:
            sub = list(_pieces(holes[names[part]], limit - 2.0))
            sub[0] = f"{pending} {sub[0]}".strip()
            pieces.extend(sub)
            pending = ""
            continue
        text = _sized(part, size).strip()
        if k == 0:
            pending = text
        elif k == last:
            pieces[-1] = f"{pieces[-1]} {text}".strip()
        else:
            # Text between two arguments: up to its last comma ends the line before.
            cut = text.rfind(",") + 1
            pieces[-1] = f"{pieces[-1]} {text[:cut]}".strip()
            pending = text[cut:].strip()
    yield from pieces


_FIXED_SIZE = re.compile(r"\\(?:big|Big|bigg|Bigg)([lr])(\\[{}]|\\[A-Za-z]+|.)")
_LEFT_RIGHT = re.compile(r"\\(left|right)(\\[{}]|\\[A-Za-z]+|.)")


def _tex_breaks(tex: str) -> list[int]:
    """Where the author's LaTeX may break: before a `` + `` or `` - `` in sized delimiters only."""
    breaks = []
    stack: list[bool] = []  # for each open group: may a line break inside it?
    i = 0
    while i < len(tex):
        sized = _FIXED_SIZE.match(tex, i)
        m = sized or _LEFT_RIGHT.match(tex, i)
        if m is not None:
            opening = m.group(1) in ("l", "left")
            if opening:
                stack.append(bool(sized))
            elif stack:
                stack.pop()
            i = m.end()
            continue
        ch = tex[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "{([":
            stack.append(False)
        elif ch in "})]" and stack:
            stack.pop()
        elif tex.startswith((" + ", " - "), i) and all(stack) and tex[:i].strip():
            breaks.append(i)
        i += 1
    return breaks


def break_tex(tex: str, limit: float) -> list[str]:
    r"""Break the author's LaTeX into lines of at most ``limit`` em where it can.

    The text is kept as written: the lines are its pieces, each line after the
    first starting with the ``+`` or ``-`` it broke before. A break falls only
    before a ``+`` or ``-`` that is inside no group, or inside fixed-size
    delimiters (``\bigl(`` ... ``\bigr)``) alone, which TeX allows to span lines.

    >>> break_tex(r"a - \eta\bigl(b + c\bigr)", 3)
    ['a', '- \\eta\\bigl(b', '+ c\\bigr)']
    >>> break_tex(r"\left(a + b\right) - c", 2)
    ['\\left(a + b\\right)', '- c']
    """
    if tex_width(tex) <= limit:
        return [tex]
    cuts = [0, *_tex_breaks(tex), len(tex)]
    pieces = [tex[a:b].strip() for a, b in itertools.pairwise(cuts)]
    lines: list[str] = []
    for piece in pieces:
        if lines and tex_width(f"{lines[-1]} {piece}") <= limit:
            lines[-1] = f"{lines[-1]} {piece}"
        else:
            lines.append(piece)
    return lines
