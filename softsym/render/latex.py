r"""LaTeX rendering of checked derivations: theorems with ``align*`` proofs.

A fragment (:func:`to_latex`) is ready for ``\input{}`` in a document that
loads amsmath, amssymb and amsthm: a ``theorem`` labelled
``softsym:NAME`` (title, statement, assumptions), then the proof as an
``align*`` chain with each step's reason beside it and ``\qedhere`` on the
last line. Citations of other derivations are ``\ref{softsym:OTHER}``.
:func:`standalone_document` and :func:`bundle_document` wrap fragments into
complete articles.

User text follows one rule (see ``docs/cli.md``, "Text in titles and reasons"):

* it is plain text, and every character that means something to LaTeX is
  escaped, so ``50% & $x_1$ #1`` in a title prints as written;
* in reasons and descriptions only, a segment between two ``$`` is inline
  math, passed to LaTeX as written, provided it is well-formed: balanced
  braces, none of ``& % # \\`` and only the math commands listed in
  :data:`MATH_COMMANDS`; otherwise the segment is text like the rest.
  ``\$`` is a literal dollar sign;
* Greek letters and common math symbols (σ, −, ∂, ≤, ...) print as the
  matching math symbols; other characters outside Latin-1 print as ``[U+XXXX]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from sympy import Derivative, Expr, Symbol

from softsym._version import __version__
from softsym.errors import ExportError
from softsym.proofs.derivation import Derivation, DerivationResult, Where
from softsym.render import notation
from softsym.render.brackets import balanced
from softsym.render.choices import PAPERS
from softsym.render.linebreak import break_lines, break_tex, tex_width
from softsym.render.topics import (
    WORKS,
    citation,
    heading,
    order_for_reading,
    plain_title,
    title_segments,
    topic,
)
from softsym.verdict import Status

__all__ = [
    "MATH_COMMANDS",
    "NOTATION",
    "PAPERS",
    "DocumentOptions",
    "Shown",
    "assumption_latex",
    "author_tex",
    "bundle_document",
    "checked_summary",
    "claim_variables",
    "escape_text",
    "expression_lines",
    "latex_expr",
    "latexify_display",
    "math_chain",
    "methods_used",
    "quantifier",
    "reason_latex",
    "repr_latex",
    "rich_text",
    "shown_latex",
    "shown_lhs",
    "shown_lines",
    "shown_rhs",
    "shown_steps",
    "split_math",
    "standalone_document",
    "statement_math",
    "title_latex",
    "title_pieces",
    "to_latex",
    "where_math",
    "where_text",
]

BUNDLE_TITLE = "softsym: the catalog of derivations"


# ---------------------------------------------------------------------------
# Text


_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\ensuremath{\$}",  # text \$ takes a TS1 (bitmap) glyph under OT1
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "[": "{[}",
    "]": "{]}",
    '"': "''",
}

# Characters that print as math symbols, in text and in math alike.
_MATH_SYMBOLS = {
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "ε": r"\varepsilon",
    "ϵ": r"\epsilon",
    "ζ": r"\zeta",
    "η": r"\eta",
    "θ": r"\theta",
    "ι": r"\iota",
    "κ": r"\kappa",
    "λ": r"\lambda",
    "μ": r"\mu",
    "ν": r"\nu",
    "ξ": r"\xi",
    "π": r"\pi",
    "ρ": r"\rho",
    "σ": r"\sigma",
    "ς": r"\varsigma",
    "τ": r"\tau",
    "υ": r"\upsilon",
    "φ": r"\varphi",
    "ϕ": r"\phi",
    "χ": r"\chi",
    "ψ": r"\psi",
    "ω": r"\omega",
    "Γ": r"\Gamma",
    "Δ": r"\Delta",
    "Θ": r"\Theta",
    "Λ": r"\Lambda",
    "Ξ": r"\Xi",
    "Π": r"\Pi",
    "Σ": r"\Sigma",
    "Υ": r"\Upsilon",
    "Φ": r"\Phi",
    "Ψ": r"\Psi",
    "Ω": r"\Omega",
    "−": "-",
    "×": r"\times",
    "÷": r"\div",
    "·": r"\cdot",
    "⋅": r"\cdot",
    "±": r"\pm",
    "∓": r"\mp",
    "≤": r"\leq",
    "≥": r"\geq",
    "≠": r"\neq",
    "≈": r"\approx",
    "≡": r"\equiv",
    "∝": r"\propto",
    "∞": r"\infty",
    "∂": r"\partial",
    "∇": r"\nabla",
    "∑": r"\sum",
    "∏": r"\prod",
    "∫": r"\int",
    "√": r"\surd",
    "∈": r"\in",
    "∉": r"\notin",
    "⊂": r"\subset",
    "⊆": r"\subseteq",
    "⊇": r"\supseteq",
    "∪": r"\cup",
    "∩": r"\cap",
    "∅": r"\emptyset",
    "∀": r"\forall",
    "∃": r"\exists",
    "¬": r"\neg",
    "∧": r"\wedge",
    "∨": r"\vee",
    "→": r"\to",
    "←": r"\leftarrow",
    "↔": r"\leftrightarrow",
    "⇒": r"\Rightarrow",
    "⇐": r"\Leftarrow",
    "⇔": r"\Leftrightarrow",
    "↦": r"\mapsto",
    "∘": r"\circ",
    "⊙": r"\odot",
    "⊗": r"\otimes",
    "⊕": r"\oplus",
    "⊤": r"\top",
    "⊥": r"\bot",
    "ℓ": r"\ell",
    "ℝ": r"\mathbb{R}",
    "ℕ": r"\mathbb{N}",
    "ℤ": r"\mathbb{Z}",
    "⟨": r"\langle",
    "⟩": r"\rangle",
    "‖": r"\|",
    "°": r"^{\circ}",
    "′": r"^{\prime}",
    "″": r"^{\prime\prime}",
    **{chr(0x2080 + d): f"_{{{d}}}" for d in range(10)},
    **{c: f"^{{{d}}}" for d, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")},
    "⁻": "^{-}",
    "⁺": "^{+}",
}

# Characters that print as text.
_TEXT_SYMBOLS = {
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "…": r"\ldots{}",
    "§": r"\ensuremath{\mathsection}",
    "¶": r"\ensuremath{\mathparagraph}",
    "©": "(c)",
    "\u00a0": "~",
    "¿": r"\textquestiondown{}",
    "¡": r"\textexclamdown{}",
}

# Latin-1 letters that pdflatex's default input and font encodings print.
_LATIN1_LETTERS = frozenset(chr(c) for c in range(0xC0, 0x100) if chr(c) not in "×÷ÐðÞþ")


def escape_text(text: str) -> str:
    r"""Return plain text as LaTeX text: every special character escaped.

    Whitespace runs become one space.

    >>> escape_text("50% & $x_1$ #1")
    '50\\% \\& \\ensuremath{\\$}x\\_1\\ensuremath{\\$} \\#1'
    >>> escape_text("σ(z) − 1")
    '\\ensuremath{\\sigma}(z) \\ensuremath{-} 1'
    """
    return _escape_chars(" ".join(text.split()))


def _escape_chars(text: str) -> str:
    out = []
    for ch in text:
        if ch in _TEXT_ESCAPES:
            out.append(_TEXT_ESCAPES[ch])
        elif ch in _MATH_SYMBOLS:
            out.append(rf"\ensuremath{{{_MATH_SYMBOLS[ch]}}}")
        elif ch in _TEXT_SYMBOLS:
            out.append(_TEXT_SYMBOLS[ch])
        elif " " <= ch <= "~" or ch in _LATIN1_LETTERS:
            out.append(ch)
        else:
            out.append(f"{{[}}U+{ord(ch):04X}{{]}}")
    return "".join(out)


MATH_COMMANDS = frozenset(
    """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
    pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta
    Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    frac dfrac tfrac sqrt left right bigl bigr Bigl Bigr big Big middle cdot cdots ldots dots
    times div pm mp leq geq le ge neq ne approx equiv sim simeq propto gtrsim infty partial nabla
    sum prod int log ln exp max min sup inf lim arg tanh sinh cosh sin cos tan operatorname
    mathrm mathbf mathit mathcal mathbb text quad qquad in notin subset subseteq supseteq cup cap
    forall exists neg wedge vee to rightarrow leftarrow Rightarrow Leftarrow Leftrightarrow
    mapsto circ odot otimes oplus top bot ell langle rangle lvert rvert lVert rVert vert Vert
    lfloor rfloor lceil rceil hat bar tilde vec dot ddot overline underline prime
    mathopen mathclose mathbin mathrel
    """.split()  # noqa: SIM905 - a word list reads better than 150 quoted strings
)
"""The commands allowed in ``$...$`` math segments of reasons and descriptions."""

_FORBIDDEN_IN_MATH = frozenset("&%#$")


def _valid_math(body: str) -> bool:
    if not body.strip() or any(ch in _FORBIDDEN_IN_MATH for ch in body):
        return False
    depth = 0
    for m in re.finditer(r"\\[A-Za-z]+|\\.|[{}]", body):
        piece = m.group()
        if piece == "{":
            depth += 1
        elif piece == "}":
            depth -= 1
        elif piece == "\\\\" or (piece[1:].isalpha() and piece[1:] not in MATH_COMMANDS):
            return False
        if depth < 0:
            return False
    return depth == 0


def split_math(text: str) -> list[tuple[bool, str]]:
    r"""Split text into (is_math, segment) pairs by the ``$...$`` rule.

    A ``$`` opens a math segment only if a later ``$`` closes it and the
    segment is well-formed; ``\$`` is always a literal dollar sign.

    >>> split_math(r"divide by $e^{z_1}$, costs \$5")
    [(False, 'divide by '), (True, 'e^{z_1}'), (False, ', costs $5')]
    """
    parts: list[tuple[bool, str]] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("\\$", i):
            buf.append("$")
            i += 2
            continue
        if text[i] == "$":
            end = text.find("$", i + 1)
            if end > i + 1 and _valid_math(text[i + 1 : end]):
                if buf:
                    parts.append((False, "".join(buf)))
                    buf = []
                parts.append((True, text[i + 1 : end]))
                i = end + 1
                continue
        buf.append(text[i])
        i += 1
    if buf:
        parts.append((False, "".join(buf)))
    return parts


def _math_unicode(body: str) -> str:
    out = []
    for i, ch in enumerate(body):
        command = _MATH_SYMBOLS.get(ch, ch)
        follows = body[i + 1 : i + 2]
        # A command needs a space before a following letter (\sigma z, not \sigmaz).
        out.append(
            command + " "
            if command[-1].isalpha() and command != ch and follows.isalpha()
            else command
        )
    return "".join(out)


def rich_text(text: str) -> str:
    r"""Return a reason or description as LaTeX: escaped text and ``$...$`` math.

    >>> rich_text("divide by $e^{z_1}$ (50%)")
    'divide by $e^{z_1}$ (50\\%)'
    >>> rich_text("divide by e^{z_1}")
    'divide by e\\textasciicircum{}\\{z\\_1\\}'
    """
    out = []
    for is_math, segment in split_math(" ".join(text.split())):
        math = notation.tidy_indices(_math_unicode(segment)) if is_math else ""
        out.append(f"${math}$" if is_math else _code_spans(segment))
    return "".join(out)


def _code_spans(text: str) -> str:
    """Escape text: a span between two backticks is code (typewriter), a lone backtick a quote."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # an odd number of backticks: the last one is a quote
        pieces[-2:] = ["'".join(pieces[-2:])]
    return "".join(
        rf"\texttt{{{_escape_chars(p)}}}" if k % 2 else _escape_chars(p)
        for k, p in enumerate(pieces)
    )


# ---------------------------------------------------------------------------
# Math


def latex_expr(expr: Expr) -> str:
    r"""Print an expression in softsym's notation (:mod:`softsym.render.notation`).

    >>> from softsym.lang.functions import sigmoid
    >>> from softsym.lang.symbols import real_symbols
    >>> latex_expr(sigmoid(real_symbols("z")))
    '\\sigma\\mathopen{}\\left(z\\right)\\mathclose{}'
    """
    return notation.latex(expr)


Shown: TypeAlias = Expr | str
"""What a formula line prints: an expression, or the author's LaTeX as written."""


def author_tex(tex: str) -> str:
    r"""The author's LaTeX of a side or step if it is safe to print as written, else ``""``.

    Safe means what ``$...$`` math in reasons allows (:data:`MATH_COMMANDS`,
    balanced braces, no ``& % # \\``); anything else prints as its reading.

    >>> author_tex(r"\frac{1}{1 + e^{-z}}"), author_tex(r"\input{x}")
    ('\\frac{1}{1 + e^{-z}}', '')
    """
    return tex if tex and _valid_math(tex) else ""


def shown(expr: Expr, tex: str, written: str, where: Sequence[Where]) -> Shown:
    """A side or step as it prints.

    The author's LaTeX when given; else, for an expression built in Python, its
    LaTeX in the order the source writes it (:class:`notation.Written`); else the
    expression, shortened by the abbreviations (:func:`notation.abbreviate`).
    """
    return (
        author_tex(tex)
        or notation.written(author_tex(written), expr, where)
        or notation.abbreviate(expr, where)
    )


def shown_lhs(derivation: Derivation) -> Shown:
    """A derivation's left-hand side as it prints (:func:`shown`)."""
    d = derivation
    return shown(d.lhs, d.lhs_tex, d.lhs_written, d.where)


def shown_rhs(derivation: Derivation) -> Shown:
    """A derivation's right-hand side as it prints (:func:`shown`)."""
    d = derivation
    return shown(d.rhs, d.rhs_tex, d.rhs_written, d.where)


def shown_steps(result: DerivationResult) -> list[Shown]:
    """Each step's expression as it prints (:func:`shown`)."""
    where = result.derivation.where
    return [shown(r.step.expr, r.step.tex, r.step.written, where) for r in result.steps]


def where_math(derivation: Derivation) -> list[str]:
    r"""Each abbreviation as LaTeX math, in the order declared: ``z = b + \sum ...``.

    The expression prints as the author wrote it, or shortened by the other abbreviations.
    """
    out = []
    for w in derivation.where:
        others = [o for o in derivation.where if o is not w]
        body = author_tex(w.tex) or latex_expr(notation.abbreviate(w.expr, others))
        out.append(f"{latex_expr(w.symbol)} = {body}")
    return out


def where_text(derivation: Derivation) -> str:
    r"""The abbreviations as a LaTeX sentence: ``where $z = ...$ and $u = ...$.``, or ``""``.

    >>> from sympy import Symbol
    >>> from softsym.proofs.derivation import Derivation, Step, Tex, Where
    >>> a, b = Symbol("a", real=True), Symbol("b", real=True)
    >>> d = Derivation(name="d", title="D", lhs=Tex("2 z"), rhs=Tex("z + z"),
    ...                steps=(Step(Tex("z + z"), "twice"),), where=(Where("z", a + b),))
    >>> where_text(d)
    'where $z = a + b$.'
    """
    parts = [f"${m}$" for m in where_math(derivation)]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"where {listed}."


def shown_lines(shown: Shown, limit: float) -> list[str]:
    """Lines of at most ``limit`` em: an expression broken to fit, the author's LaTeX as written.

    The author's LaTeX breaks only before a ``+`` or ``-`` (:func:`break_tex`); a
    written form that does not fit so prints as its expression, broken anywhere.
    """
    if not isinstance(shown, str):
        return break_lines(shown, limit)
    lines = break_tex(shown, limit)
    tight = limit - _WRITTEN_MARGIN_EM
    if isinstance(shown, notation.Written) and any(tex_width(t) > tight for t in lines):
        return break_lines(shown.expr, limit)  # the written order does not fit: SymPy's does
    return lines


def shown_latex(shown: Shown) -> str:
    """One line of LaTeX for a side or step."""
    return shown if isinstance(shown, str) else latex_expr(shown)


def _text_length(latex: str) -> int:
    """Estimate the printed length of LaTeX text: a command counts as one character.

    A reference prints as its number, a citation as ``[n, locator]``.
    """
    text = re.sub(r"\\ref\{[^{}]*\}", "00", latex)
    text = re.sub(r"\\cite\[([^\]]*)\]\{[^{}]*\}", r"[0, \1]", text)
    text = re.sub(r"\\cite\{[^{}]*\}", "[0]", text)
    text = re.sub(r"\\[A-Za-z]+(\{\})?", "x", text)
    return len(re.sub(r"[{}$]", "", text))


# Layout, in em of the body font: a line of the documents (11pt, 2.5 cm
# margins on A4; US letter is a little wider) is 41.5 em. A step's reason is
# set beside it in a column at most _REASON_EM wide, in \small type (whose
# characters are about 0.45 em of the body font).
_LINE_EM = 41.0
_REASON_EM = 13.0
_SMALL_CHAR_EM = 0.46
_GAP_EM = 2.0
_RELATION_EM = 1.4
_INDENT_EM = 2.0
_SAFETY_EM = 1.0
_NUMBER_EM = 3.0  # an equation number and the space before it
_WRITTEN_MARGIN_EM = 2.0  # an unbreakable written form must fit with room: widths are estimates


def expression_lines(expr: Expr, limit: float = _LINE_EM) -> list[tuple[str, float]]:
    """Print an expression as LaTeX lines of at most ``limit`` em where possible.

    See :func:`softsym.render.linebreak.break_lines`.

    Returns:
        (LaTeX, estimated width in em) for each line.
    """
    return [(tex, tex_width(tex)) for tex in break_lines(expr, limit)]


def statement_math(
    lhs: Shown,
    rhs: Shown,
    *,
    line_em: float = _LINE_EM,
    end: str = ".",
    label: str | None = None,
) -> str:
    r"""Display ``lhs = rhs`` on one line, or broken over lines (``multline``).

    A statement too wide for the line breaks in the left-hand side, at the
    ``=`` and in the right-hand side (:func:`softsym.render.linebreak.break_lines`).
    With a ``label`` the display is a numbered equation that the text can cite
    (``\eqref{label}``); without, it is unnumbered.

    >>> from sympy import Symbol
    >>> print(statement_math(Symbol("a"), Symbol("b")))
    \[
    a = b.
    \]
    >>> print(statement_math(Symbol("a"), Symbol("b"), label="eq:ab"))
    \begin{equation}\label{eq:ab}
    a = b.
    \end{equation}
    """
    one = f"{shown_latex(lhs)} = {shown_latex(rhs)}{end}"
    limit = line_em - 2 * _GAP_EM - _SAFETY_EM - (_NUMBER_EM if label else 0.0)
    if tex_width(one) <= limit:
        if label:
            return f"\\begin{{equation}}\\label{{{label}}}\n{one}\n\\end{{equation}}"
        return f"\\[\n{one}\n\\]"
    lines = shown_lines(lhs, limit)
    right = shown_lines(rhs, limit - _RELATION_EM)
    if tex_width(f"{lines[-1]} = {right[0]}") <= limit:
        lines[-1] = f"{lines[-1]} = {right[0]}"
    else:
        lines.append(f"= {right[0]}")
    lines += right[1:]
    lines[-1] += end
    environment = "multline" if label else "multline*"
    head = f"\\begin{{{environment}}}" + (f"\\label{{{label}}}" if label else "")
    return f"{head}\n" + " \\\\\n".join(lines) + f"\n\\end{{{environment}}}"


def math_chain(
    lhs: Shown,
    exprs: Sequence[Shown],
    reasons: Sequence[str],
    *,
    environment: str = "align*",
    end: str = "",
    wrap: bool = True,
    line_em: float = _LINE_EM,
    reason_em: float = _REASON_EM,
) -> str:
    r"""Lay out ``lhs = e_1 = e_2 ...`` with each reason beside its step.

    One rule for every proof: each step's reason is beside the first line of
    the step (``&& ...``). With ``wrap``, reasons are set in ``\small`` type
    in a column at most 13 em wide (a reason longer than that wraps in a
    ragged-right ``\parbox``), and the formulas get the rest of the line:
    a step too wide for it breaks over lines (:func:`expression_lines`), and
    a left-hand side that leaves too little room gets a line of its own.

    Args:
        lhs: The left-hand side.
        exprs: The expression after each step.
        reasons: Each step's reason as LaTeX text (escaped already).
        environment: ``align*`` for LaTeX, ``aligned`` for math in Markdown.
        end: Appended to the last line (``\qedhere``).
        wrap: Whether reasons may be wrapped (not in MathJax, which has no ``\parbox``).
        line_em: The width of the line, in em.
        reason_em: The widest the column of reasons may be, in em.

    >>> from sympy import Symbol
    >>> a, b = Symbol("a"), Symbol("b")
    >>> print(math_chain(a, [b], ["why"], environment="aligned", wrap=False))
    \begin{aligned}
    a &= b && \text{why}
    \end{aligned}
    """
    natural = max((_SMALL_CHAR_EM * _text_length(r) for r in reasons), default=0.0)
    reason_em = min(natural, reason_em) if wrap else min(natural, line_em / 3)
    math_em = line_em - reason_em - _GAP_EM - _SAFETY_EM

    def beside(reason: str) -> str:
        if not wrap:
            return rf"\text{{{reason}}}"
        if _SMALL_CHAR_EM * _text_length(reason) <= reason_em:
            return rf"\text{{\small {reason}}}"
        return rf"\parbox[t]{{{reason_em:.1f}em}}{{\raggedright\small {reason}}}"

    lhs_tex = shown_latex(lhs)
    lhs_em = tex_width(lhs_tex)
    inline = lhs_em <= math_em / 3
    step_limit = math_em - _RELATION_EM - (lhs_em if inline else 0.0)
    steps = [shown_lines(e, step_limit) for e in exprs]
    if inline and any(len(lines) > 1 for lines in steps) and lhs_em > math_em / 6:
        inline = False
        step_limit = math_em - _RELATION_EM
        steps = [shown_lines(e, step_limit) for e in exprs]

    def more(lines: list[str]) -> list[str]:
        return [rf"&\qquad {{}} {tex}" for tex in lines[1:]]

    rows = []
    if not inline:
        lhs_lines = shown_lines(lhs, math_em)
        rows += [f"& {lhs_lines[0]}", *more(lhs_lines)]
    for i, (lines, reason) in enumerate(zip(steps, reasons, strict=True)):
        head = f"{lhs_tex} &= " if inline and i == 0 else "&= "
        rows += [f"{head}{lines[0]} && {beside(reason)}", *more(lines)]
    if end:
        rows[-1] += f" {end}"
    return f"\\begin{{{environment}}}\n" + " \\\\\n".join(rows) + f"\n\\end{{{environment}}}"


def claim_variables(result: DerivationResult) -> tuple[str, str]:
    """Return the claim's real and integer variables as LaTeX lists, sorted by name.

    Each list is the variables separated by ``", "`` (``"z_{1}, z_{2}"``), or ``""`` for none.
    """
    d = result.derivation
    # SymPy leaves out the index j of ∂/∂w_j when the expression has w_i only inside a sum.
    free = {s for e in (d.lhs, d.rhs) for s in e.free_symbols}
    free |= {
        s
        for e in (d.lhs, d.rhs)
        for derivative in e.atoms(Derivative)
        for v in derivative.variables
        for s in v.free_symbols
    }
    symbols = {s for s in free if isinstance(s, Symbol)}
    ordered = sorted(symbols, key=lambda s: s.name)
    reals = ", ".join(latex_expr(s) for s in ordered if not s.is_integer)
    return reals, ", ".join(latex_expr(s) for s in ordered if s.is_integer)


def quantifier(result: DerivationResult) -> str:
    """The statement's prefix as LaTeX text: ``For all real $z$ with $T > 0$:``."""
    reals, integers = claim_variables(result)
    kinds = (("real", reals), ("integers", integers))
    parts = [f"{kind} ${names}$" for kind, names in kinds if names]
    head = "For all " + " and ".join(parts) if parts else "It holds"
    conditions = chained(assumption_latex(result.derivation))
    if conditions:
        head += " with " + ", ".join(f"${c}$" for c in conditions)
    return head + ":"


_INEQUALITY = re.compile(r"^(.*?) (\\leq|<) (.*)$")


def chained(conditions: Sequence[str]) -> list[str]:
    r"""Join inequalities that continue each other: ``1 \leq i`` and ``i \leq K`` into one.

    >>> chained([r"1 \leq i", r"i \leq K", "T > 0"])
    ['1 \\leq i \\leq K', 'T > 0']
    """
    out: list[str] = []
    for condition in conditions:
        this = _INEQUALITY.match(condition)
        last = _INEQUALITY.match(out[-1]) if out else None
        if this and last and out[-1].endswith(f" {this.group(1)}") and "," not in this.group(1):
            out[-1] += f" {this.group(2)} {this.group(3)}"
        else:
            out.append(condition)
    return out


def assumption_latex(derivation: Derivation) -> list[str]:
    """A derivation's stated assumptions as LaTeX math (``T > 0``, ``y_{1} + y_{2} = 1``).

    The relations are the ones the checker used (:attr:`Derivation.stated`), not re-read text.
    """
    return [latex_expr(rel) for rel in derivation.stated.stated]


# ---------------------------------------------------------------------------
# Documents


def equation_label(name: str) -> str:
    r"""The label of a derivation's numbered statement, for ``\eqref`` in the teacher's text.

    >>> equation_label("softmax2-sigmoid")
    'eq:softsym:softmax2-sigmoid'
    """
    return f"eq:{_label(name)}"


def _label(name: str) -> str:
    return f"softsym:{name}"


def _cite_ref(name: str) -> str:
    return f"Theorem~\\ref{{{_label(name)}}}"


def _cite_lemma(name: str) -> str:
    return f"Lemma~\\ref{{{_label(name)}}}"


def _cite_name(name: str) -> str:
    return f"\\textsf{{{escape_text(name)}}}"


@dataclass(frozen=True)
class DocumentOptions:
    """How exported documents are laid out.

    Attributes:
        paper: ``"a4"`` or ``"letter"``.
        methods: Show each step's checking method beside its reason.
        implementation: Include the typeset reference implementations.
    """

    paper: str = "a4"
    methods: bool = False
    implementation: bool = True

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ExportError(f"unknown paper {self.paper!r}; choose one of {', '.join(PAPERS)}")


def _preamble(options: DocumentOptions, *, tikz: bool = False) -> str:
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage{amsmath,amssymb,amsthm}",
        rf"\usepackage[{options.paper}paper,margin=2.5cm]{{geometry}}",
    ]
    if tikz:
        lines.append(r"\usepackage{tikz}")
    lines += [
        r"\usepackage[hidelinks]{hyperref}",
        r"\allowdisplaybreaks",
        r"\hyphenation{softsym}",
        r"\newtheorem{theorem}{Theorem}",
        r"\newtheorem{lemma}[theorem]{Lemma}",
    ]
    return "\n".join(lines) + "\n"


# What may join math words of a title into one formula: spaces, operators, brackets,
# single letters, numbers, Greek letters and the names of a few functions.
_TITLE_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+|\s+|.")
_TITLE_FUNCTIONS = {
    **{f: f"\\{f}" for f in ("log", "exp", "tanh", "cosh", "max", "min")},
    **{f: rf"\operatorname{{{f}}}" for f in ("softmax", "softplus", "logsumexp", "logit")},
}
_JOINING = frozenset("+-=/<>,|−·×≤≥≠≈")
_OPEN, _CLOSE = frozenset("(["), frozenset(")]")
_JOIN = "\x00"  # a space between words joined into one formula (title_pieces(join=...))


def _joins(token: str) -> bool:
    """Whether a token of a title's text may be part of a formula."""
    return (
        token.isspace()
        or token.isdigit()
        or (token.isascii() and token.isalpha() and (len(token) == 1 or token in _TITLE_FUNCTIONS))
        or token in _JOINING
        or token in _OPEN
        or token in _CLOSE
        or (len(token) == 1 and token in _MATH_SYMBOLS)
    )


def _as_math(tokens: Sequence[str]) -> str:
    """Title text tokens (all :func:`_joins`) as LaTeX math."""
    words = (_JOIN if t.isspace() else _TITLE_FUNCTIONS.get(t, t) for t in tokens)
    return _math_unicode("".join(words))


def _joined(left: str, right: str) -> bool:
    """Whether text between two formulas is part of one formula (``−``, ``, ``, ``) − y``)."""
    tokens = _TITLE_TOKEN.findall(left + right)
    return all(_joins(t) for t in tokens)


def _side(text: str, *, before: bool) -> list[list[str]]:
    """The ways a formula may continue into the text beside it, shortest first.

    Each is a list of tokens (in reading order) that may be part of a formula, joined
    to it by an operator or a bracket (not by a word) and not ending in an operator.
    """
    tokens = _TITLE_TOKEN.findall(text)
    if before:
        tokens.reverse()
    first = next((t for t in tokens if t.strip()), "")
    if first.isascii() and first.isalnum() and first not in _TITLE_FUNCTIONS:
        return [[]]  # joined to the formula by a word, not by an operator
    ways: list[list[str]] = [[]]
    for n, token in enumerate(tokens, start=1):
        if not _joins(token) or token.startswith(","):  # a comma beside a formula ends a clause
            break
        part = tokens[:n][::-1] if before else tokens[:n]
        edge = part[0] if before else part[-1]
        if edge.strip() and edge not in _JOINING:
            ways.append(part)
    return ways


def _absorb(before: str, math: str, after: str) -> tuple[str, str, str]:
    """Move a formula's continuation from the text on each side into it.

    ``) − y)`` after ``−(σ(z_2 − z_1``, ``D = `` before ``w_2 − w_1``, ``log(`` and
    ``)`` around ``1 + e^{−|z|}``: the most text that leaves the brackets balanced.

    Returns:
        The text before, the formula, the text after.
    """
    best: tuple[int, list[str], list[str]] | None = None
    for left in _side(before, before=True):
        for right in _side(after, before=False):
            if balanced(_as_math(left) + math + _as_math(right), "([", ")]", escaped=True):
                size = len("".join(left + right))
                if best is None or size > best[0]:
                    best = (size, left, right)
    if best is None or best[0] == 0:
        return before, math, after
    _, left, right = best
    rest_before = before[: len(before) - len("".join(left))]
    rest_after = after[len("".join(right)) :]
    return rest_before, _as_math(left) + math + _as_math(right), rest_after


def title_pieces(title: str, *, join: str = " ") -> list[tuple[bool, str]]:
    r"""Split a title into (is_math, text) pieces, each formula whole.

    The math words of :func:`~softsym.render.topics.title_segments` are joined
    with what lies between and beside them when that is part of the same formula
    (operators, brackets, single letters), so a formula of several words is one
    piece with balanced brackets. ``join`` is put between its words (LaTeX
    titles use ``\\allowbreak`` there, so a long formula still breaks where the words did).

    >>> title_pieces("the gradient is −(σ(z2 − z1) − y)")
    [(False, 'the gradient is '), (True, '-(\\sigma(z_{2} - z_{1}) - y)')]
    """
    kinds: list[bool] = []
    texts: list[str] = []
    for is_math, text in title_segments(" ".join(title.split())):
        if is_math and len(kinds) >= 2 and kinds[-2] and not kinds[-1] and _joined(texts[-1], ""):
            kinds.pop()
            between = texts.pop()
            texts[-1] += _as_math(_TITLE_TOKEN.findall(between)) + text
        else:
            kinds.append(is_math)
            texts.append(text)
    for k, is_math in enumerate(kinds):
        if not is_math:
            continue
        before = texts[k - 1] if k > 0 and not kinds[k - 1] else ""
        after = texts[k + 1] if k + 1 < len(kinds) and not kinds[k + 1] else ""
        before, texts[k], after = _absorb(before, texts[k], after)
        if k > 0 and not kinds[k - 1]:
            texts[k - 1] = before
        if k + 1 < len(kinds) and not kinds[k + 1]:
            texts[k + 1] = after
    # Beside an operator a formula may break already; elsewhere only where ``join`` lets it.
    texts = [re.sub(r"\x00(?=[-+=<>,/|\])])|(?<=[-+=<>/|(\[])\x00", " ", t) for t in texts]
    return [(m, t.replace(_JOIN, join)) for m, t in zip(kinds, texts, strict=True) if t]


def title_latex(title: str) -> str:
    r"""A title as LaTeX text, with formulas like ``w1 + w2`` or ``e^{−|z|}`` as math.

    >>> title_latex("Gradient descent conserves w1 + w2")
    'Gradient descent conserves $w_{1} + w_{2}$'
    """
    if "$" in title:
        return rich_text(title)
    return "".join(
        f"${text}$" if is_math else _escape_chars(text)
        for is_math, text in title_pieces(title, join=r" \allowbreak ")
    )


def _toc_title(title: str) -> str:
    return f"\\texorpdfstring{{{title_latex(title)}}}{{{escape_text(plain_title(title))}}}"


def methods_used(results: Sequence[DerivationResult]) -> dict[str, int]:
    """How many proved steps each checking method decided, by method name."""
    counts: dict[str, int] = {}
    for result in results:
        for r in result.steps:
            if r.verdict.proved:
                counts[r.verdict.method] = counts.get(r.verdict.method, 0) + 1
    return dict(sorted(counts.items()))


def checked_summary(results: Sequence[DerivationResult]) -> str:
    """One sentence: what softsym checked, with the methods used (plain text, deterministic).

    >>> checked_summary([]).endswith(": 0 of 0 steps proved.")
    True
    """
    steps = sum(len(r.steps) for r in results)
    proved = sum(1 for r in results for s in r.steps if s.verdict.proved)
    methods = methods_used(results)
    used = ", ".join(f"{m} ({n})" for m, n in methods.items())
    what = f"{proved} of {steps} step{'s' if steps != 1 else ''} proved"
    if len(results) > 1:
        whole = sum(1 for r in results if r.proved)
        what = f"{whole} of {len(results)} results and {what}"
    return f"Machine-checked by softsym {__version__}: {what}" + (
        f"; methods: {used}." if used else "."
    )


def _checked(summary: str) -> str:
    """The summary sentence as LaTeX text that may break after each ``+`` of a method."""
    return escape_text(summary).replace("+", "+\\allowbreak{}")


def reason_latex(
    result: DerivationResult,
    index: int,
    cite: Callable[[str], str] = _cite_ref,
    *,
    methods: bool = False,
) -> str:
    r"""A step's reason as LaTeX text: the author's words, the results it cites, its status.

    Args:
        result: The checked derivation.
        index: The step (0-based).
        cite: How a cited derivation is named (``Theorem~\ref{...}`` by default).
        methods: Add the checking method of a proved step, in small type.
    """
    r = result.steps[index]
    text = rich_text(r.step.reason)
    if r.step.uses:
        text += f" (by {', '.join(cite(n) for n in r.step.uses)})"
    if r.verdict.status is not Status.PROVED:
        text += rf" --- \textbf{{{r.verdict.status.value}}}"
    elif methods:
        text += rf" {{\scriptsize[\textsf{{{escape_text(r.verdict.method)}}}]}}"
    return text


def _not_proved(result: DerivationResult) -> str:
    items = []
    for r in result.steps:
        if not r.verdict.proved:
            items.append(
                rf"\item[$\bullet$] Step {r.index} is {r.verdict.status.value}: "
                + escape_text(r.verdict.reason)
            )
    items.extend(r"\item[$\bullet$] " + escape_text(p) for p in result.problems)
    body = "\n".join(items)
    return (
        f"\\par\\medskip\\noindent\\textbf{{Not proved: {result.status.value}.}}\n"
        f"\\begin{{itemize}}\n{body}\n\\end{{itemize}}\n"
    )


_EULER_E = re.compile(r"(?<![\\A-Za-z])e(?![A-Za-z])")


def latexify_display(tex: str) -> str:
    r"""latexify's LaTeX of a function, made to read well beside softsym's math.

    Several lines (``array``) become ``aligned`` at their ``=``, so every
    fraction is display-size, and a variable ``e`` becomes bold
    :math:`\mathbf{e}`, unlike Euler's number.

    >>> print(latexify_display(r"\begin{array}{l} e = \exp z \\ f = 1/e \end{array}"))
    \begin{aligned} \mathbf{e} &= \exp z \\ f &= 1/\mathbf{e} \end{aligned}
    """
    if not tex.startswith(r"\begin{array}{l}"):
        return tex
    body = tex.removeprefix(r"\begin{array}{l}").removesuffix(r"\end{array}")
    rows = [row.strip().replace(" = ", " &= ", 1) for row in body.split(r"\\")]
    body = " \\\\ ".join(_EULER_E.sub(r"\\mathbf{e}", row) for row in rows)
    return rf"\begin{{aligned}} {body} \end{{aligned}}"


def _implementations(result: DerivationResult) -> str:
    from softsym.reference import implementations_for

    refs = implementations_for(result.derivation.lhs, result.derivation.rhs)
    if not refs:
        return ""
    blocks = "\n".join(f"\\[\n{latexify_display(r.latex)}\n\\]" for r in refs)
    return (
        "\\paragraph{Implementation.}\n"
        "The reference code of \\texttt{softsym.reference}, typeset by latexify:\n"
        f"{blocks}\n"
    )


def _references(derivation: Derivation) -> str:
    """In-text citations of a derivation's references (works listed in the bibliography)."""
    cites = []
    for ref in derivation.references:
        work, where = citation(ref)
        if work is None:
            cites.append(rich_text(ref))
        elif where:  # a locator may hold $...$ math, as reasons do
            cites.append(f"\\cite[{{{rich_text(where)}}}]{{{work.key}}}")
        else:
            cites.append(f"\\cite{{{work.key}}}")
    return "\\paragraph{References.} " + "; ".join(cites) + "."


def _bibliography(results: Sequence[DerivationResult]) -> str:
    keys = {
        work.key
        for r in results
        for ref in r.derivation.references
        if (work := citation(ref)[0]) is not None
    }
    works = [w for w in WORKS if w.key in keys]
    if not works:
        return ""
    items = "\n".join(
        f"\\bibitem{{{w.key}}} {escape_text(w.entry)}\n\\url{{{w.url}}}" for w in works
    )
    return f"\\begin{{thebibliography}}{{{len(works)}}}\n{items}\n\\end{{thebibliography}}\n"


def _statement(result: DerivationResult, kind: str, *, toc: bool = False) -> list[str]:
    d = result.derivation
    out = [f"\\begin{{{kind}}}[{{{title_latex(d.title)}}}]\\label{{{_label(d.name)}}}"]
    if toc:
        out.append(
            "\\addcontentsline{toc}{subsection}"
            f"{{\\protect\\numberline{{\\thetheorem}}{_toc_title(d.title)}}}"
        )
    out.append(quantifier(result))
    where = where_text(d)
    end = "," if where else "."
    out.append(statement_math(shown_lhs(d), shown_rhs(d), end=end, label=equation_label(d.name)))
    if where:
        out.append(where)
    out.append(f"\\end{{{kind}}}")
    return out


def _theorem_body(
    result: DerivationResult,
    *,
    toc: bool = False,
    options: DocumentOptions = DocumentOptions(),
    references: bool = True,
    cite: Callable[[str], str] = _cite_ref,
) -> str:
    d = result.derivation
    out = _statement(result, "theorem", toc=toc)
    if d.description:
        out.append(rich_text(d.description))
        out.append("")
    if not result.proved:
        out.append(_not_proved(result))
    reasons = [
        reason_latex(result, i, cite, methods=options.methods) for i in range(len(result.steps))
    ]
    exprs = shown_steps(result)
    lhs = shown_lhs(d)
    if result.proved:
        chain = math_chain(lhs, exprs, reasons, end=r"\qedhere")
        out.append(f"\\begin{{proof}}\n{chain}\n\\end{{proof}}")
    else:
        # No end-of-proof mark: this chain proves nothing.
        chain = math_chain(lhs, exprs, reasons)
        out.append(
            "\\begin{proof}[Attempted proof, not proved]\\renewcommand{\\qedsymbol}{}\n"
            f"{chain}\n\\end{{proof}}"
        )
    out.append(f"{{\\small\\raggedright\\noindent {_checked(checked_summary([result]))}\\par}}")
    out.append("")
    impl = _implementations(result) if options.implementation else ""
    if impl:
        out.append(impl.rstrip("\n"))
    if d.references and references:
        out.append(_references(d))
    return "\n".join(out) + "\n"


def to_latex(result: DerivationResult, options: DocumentOptions = DocumentOptions()) -> str:
    r"""Return the LaTeX fragment of one checked derivation, ready for ``\input{}``.

    The fragment needs amsmath, amssymb and amsthm; it defines the
    ``theorem`` environment if the document has not. References are listed
    as text (a fragment has no bibliography of its own).
    """
    d = result.derivation
    body = _theorem_body(result, options=options, references=False)
    if d.references:
        items = "\n".join(r"\item[$\bullet$] " + escape_text(ref) for ref in d.references)
        body += f"\\paragraph{{References.}}\n\\begin{{itemize}}\n{items}\n\\end{{itemize}}\n"
    return (
        f"% softsym derivation {d.name}: generated by `softsym export`; edit the derivation.\n"
        "% Needs \\usepackage{amsmath,amssymb,amsthm}.\n"
        "\\ifdefined\\theorem\\else\\newtheorem{theorem}{Theorem}\\fi\n" + body
    )


def standalone_document(
    result: DerivationResult,
    cited: Sequence[DerivationResult] = (),
    options: DocumentOptions = DocumentOptions(),
) -> str:
    r"""Return a complete article for one derivation.

    The results its proof cites (directly or not) are stated first as
    lemmas, by statement only: each is proved by softsym in its own document.

    Args:
        result: The checked derivation.
        cited: The checked derivations it cites (directly or not), in dependency order.
        options: Paper, methods, implementation.
    """
    parts = []
    if cited:
        parts.append(
            "The proof below uses these results. Each is machine-checked by softsym "
            "and proved in its own document, named in brackets.\n"
        )
        for r in cited:
            lemma = _statement(r, "lemma")
            name = _cite_name(r.derivation.name)
            lemma.insert(-1, f"\\hfill{{\\small[{name}, {r.status.value}]}}")
            parts.append("\n".join(lemma) + "\n")
    parts.append(_theorem_body(result, options=options, cite=_cite_lemma))
    return (
        _preamble(options)
        + f"\\title{{{title_latex(result.derivation.title)}}}\n\\author{{}}\n\\date{{}}\n"
        + "\\begin{document}\n\\maketitle\n"
        + "\n".join(parts)
        + _bibliography([result])
        + "\\end{document}\n"
    )


NOTATION = r"""\section*{Notation}
\addcontentsline{toc}{section}{Notation}
Every variable is real unless it is an index ($i, j, k, n, K$: integers).
$\sigma(z) = 1/(1 + e^{-z})$ is the sigmoid, $\operatorname{softmax}(z)_i = e^{z_i}/\sum_{k=1}^{K}
e^{z_k}$ (indices start at 1), $\operatorname{logsumexp}(z) = \log \sum_k e^{z_k}$,
$\operatorname{softplus}(z) = \log(1 + e^{z})$, $\operatorname{CE}(p, y) = -\sum_k y_k \log p_k$
and $\operatorname{BCE}(p, y) = -y \log p - (1 - y)\log(1 - p)$.
A weight vector with a number, such as $w_1$, has entries $w_{1,i}$.

\paragraph{Function classes.} For activations $a = (a_1, \ldots, a_n)$ and
$w \cdot a = \sum_{i=1}^{n} w_i a_i$, the affine family is
$A = \{\, a \mapsto w \cdot a + b \,\}$ and the family of differences is
$D = \{\, a \mapsto (w_1 \cdot a + b_1) - (w_2 \cdot a + b_2) \,\}$.
Section~\ref{topic:function_class} proves $A = D$, one inclusion per theorem, each with a witness.

\paragraph{Networks 0, 1 and 2.} All three share a base network with activations
$a_1, \ldots, a_n$ and differ only in the head (Figure~\ref{fig:networks}):
network~1 has two units $z_1 = w_1 \cdot a + b_1$, $z_2 = w_2 \cdot a + b_2$ and the
softmax cross-entropy $L_1 = \operatorname{CE}(\operatorname{softmax}(z_1, z_2), (1 - y, y))$;
network~0 has the same two units and the binary cross-entropy
$L_0 = \operatorname{BCE}(\sigma(z_2 - z_1), y)$; network~2 has one unit
$z = w \cdot a + b$ and $L_2 = \operatorname{BCE}(\sigma(z), y)$. Gradient descent at rate
$\eta$ moves every parameter $\theta$ to $\theta - \eta\, \partial L/\partial \theta$.

\begin{figure}[h]
\centering
\begin{tikzpicture}[x=1cm,y=1cm,
  unit/.style={circle,draw,minimum size=7mm,inner sep=0pt},
  box/.style={draw,rounded corners,minimum width=2.6cm,minimum height=7mm}]
\foreach \k/\x/\name in {0/0/network 0, 1/4.5/network 1, 2/9/network 2} {
  \node[box] (base\k) at (\x+1,0) {base: $a_1, \ldots, a_n$};
  \node at (\x+1,3.3) {\name};
}
\node[unit] (z01) at (0.4,1.4) {$z_1$};
\node[unit] (z02) at (1.6,1.4) {$z_2$};
\node (o0) at (1,2.6) {$\sigma(z_2 - z_1)$, BCE};
\node[unit] (z11) at (4.9,1.4) {$z_1$};
\node[unit] (z12) at (6.1,1.4) {$z_2$};
\node (o1) at (5.5,2.6) {softmax, CE};
\node[unit] (z2) at (10,1.4) {$z$};
\node (o2) at (10,2.6) {$\sigma(z)$, BCE};
\foreach \u in {z01,z02} { \draw[->] (base0) -- (\u); \draw[->] (\u) -- (o0); }
\foreach \u in {z11,z12} { \draw[->] (base1) -- (\u); \draw[->] (\u) -- (o1); }
\draw[->] (base2) -- (z2); \draw[->] (z2) -- (o2);
\end{tikzpicture}
\caption{The three two-class heads on a shared base network.}
\label{fig:networks}
\end{figure}
"""
"""The notation section of the bundle: functions, the classes A and D, networks 0, 1, 2."""


def bundle_document(
    results: Sequence[DerivationResult],
    title: str = BUNDLE_TITLE,
    options: DocumentOptions = DocumentOptions(),
) -> str:
    """Return one article with every derivation, by topic, and a table of contents.

    The topics (:func:`softsym.render.topics.topic`) come in reading order,
    the seed result (two-class softmax is a sigmoid) first; a notation
    section defines the function classes and the networks; references are
    cited in the text and listed once at the end.
    """
    by_name = {r.derivation.name: r for r in results}
    modules = {n: topic(r.derivation) for n, r in by_name.items()}
    order = order_for_reading(list(by_name), modules)
    sections = []
    current = None
    for name in order:
        module = modules[name]
        if module != current:
            current = module
            sections.append(
                f"\\section{{{escape_text(heading(module))}}}\\label{{topic:{module}}}\n"
            )
        sections.append(_theorem_body(by_name[name], toc=True, options=options))
    notation = NOTATION if "function_class" in modules.values() else ""
    if notation and "training_dynamics" not in modules.values():
        notation = notation.split(r"\paragraph{Networks")[0]
    summary = f"{{\\raggedright\\noindent {_checked(checked_summary(results))}\\par}}\n\n"
    return (
        _preamble(options, tikz=bool(notation) and "Figure" in notation)
        + f"\\title{{{escape_text(title)}}}\n\\author{{}}\n\\date{{}}\n"
        + "\\begin{document}\n\\maketitle\n"
        + summary
        + "\\tableofcontents\n\\clearpage\n\n"
        + notation
        + "\n".join(sections)
        + _bibliography(results)
        + "\\end{document}\n"
    )


# MathJax would read { } \ % & as TeX even in text; these stand-ins print alike.
_MATHJAX_TEXT = str.maketrans({"{": "(", "}": ")", "\\": "/", "%": "\uff05", "&": "\uff06"})


def _mathjax_text(text: str) -> str:
    r"""Text for MathJax's ``\text{...}``: inline ``$...$`` math kept, no macros in the text.

    MathJax prints a macro inside ``\text{}`` literally (``\texttt{x}``), but
    renders Unicode and nested ``$...$`` math, so text stays Unicode.
    """
    out = []
    for is_math, segment in split_math(" ".join(text.split())):
        if is_math:
            out.append(f"${segment}$")
        else:
            out.append(segment.translate(_MATHJAX_TEXT))
    return "".join(out)


def repr_latex(result: DerivationResult) -> str:
    r"""The derivation as display math for Jupyter's ``_repr_latex_``.

    Title, statement, the proof chain and the status, in one ``$$...$$``
    block that MathJax renders: text is Unicode inside ``\text{}``, with no
    macros there (MathJax would print ``\texttt`` literally).
    """
    d = result.derivation
    reasons = []
    for r in result.steps:
        reason = _mathjax_text(r.step.reason)
        if r.step.uses:
            reason += " (by " + ", ".join(_mathjax_text(n) for n in r.step.uses) + ")"
        if not r.verdict.proved:
            reason += f" -- {r.verdict.status.value}"
        reasons.append(reason)
    chain = math_chain(
        shown_lhs(d), shown_steps(result), reasons, environment="aligned", wrap=False, line_em=60.0
    )
    status = "proved" if result.proved else f"NOT PROVED ({result.status.value})"
    summary = _mathjax_text(checked_summary([result]))
    return (
        "$$\n\\begin{gathered}\n"
        f"\\textbf{{{_mathjax_text(d.title)}}} \\\\\n"
        f"{shown_latex(shown_lhs(d))} = {shown_latex(shown_rhs(d))} \\\\\n"
        + "".join(f"\\text{{where }} {m} \\\\\n" for m in where_math(d))
        + f"{chain} \\\\\n"
        f"\\text{{{_mathjax_text(d.name)}: {status}. {summary}}}\n"
        "\\end{gathered}\n$$"
    )
