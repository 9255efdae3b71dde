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
from typing import Any

import sympy
from sympy import Expr, Symbol
from sympy.printing.latex import LatexPrinter

from softsym.lang.functions import SoftsymFunction
from softsym.lang.names import by_class
from softsym.proofs.derivation import Derivation, DerivationResult
from softsym.verdict import Status

__all__ = [
    "MATH_COMMANDS",
    "assumption_latex",
    "bundle_document",
    "claim_variables",
    "escape_text",
    "expression_lines",
    "latex_expr",
    "math_chain",
    "quantifier",
    "repr_latex",
    "rich_text",
    "split_math",
    "standalone_document",
    "to_latex",
]

BUNDLE_TITLE = "softsym: the catalog of derivations"

_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath,amssymb,amsthm}
\usepackage[margin=2.5cm]{geometry}
\newtheorem{theorem}{Theorem}
"""

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
        out.append(f"${_math_unicode(segment)}$" if is_math else _escape_chars(segment))
    return "".join(out)


# ---------------------------------------------------------------------------
# Math


def latex_expr(expr: Expr) -> str:
    r"""Print an expression with SymPy's LaTeX printer (softsym functions print themselves).

    >>> from softsym.lang.functions import sigmoid
    >>> from softsym.lang.symbols import real_symbols
    >>> latex_expr(sigmoid(real_symbols("z")))
    '\\sigma\\left(z\\right)'
    """
    return str(sympy.latex(expr))


def width(expr: Expr) -> int:
    """Estimate an expression's printed width in characters (from SymPy's 2-D pretty form)."""

    def short(e: Any) -> Any:
        entry = by_class(type(e))
        name = entry.short if entry else type(e).__name__
        args = e.args[1:] if entry and entry.vector else e.args
        return sympy.Function(name)(*args)

    shown = expr.replace(lambda e: isinstance(e, SoftsymFunction), short)
    art = sympy.pretty(shown, use_unicode=True, wrap_line=False)
    return max(len(line) for line in art.splitlines())


def _text_length(latex: str) -> int:
    """Estimate the printed length of LaTeX text: a command counts as one character."""
    text = re.sub(r"\\[A-Za-z]+(\{\})?", "x", latex)
    return len(re.sub(r"[{}$]", "", text))


# Layout estimates, in em: a printed character is about half an em, and a
# line of the standalone documents (11pt, 2.5 cm margins) is about 41 em.
_EM_PER_CHAR = 0.5
_LINE_EM = 41.0
_GAP_EM = 2.0
_MIN_REASON_EM = 12.0
_LONG_LHS = 24
# A sum wider than this (in characters) is broken before a + or − into lines.
_MAX_LINE_CHARS = 72
_INDENT_CHARS = 4


def expression_lines(expr: Expr, limit: int = _MAX_LINE_CHARS) -> list[tuple[str, int]]:
    """Print an expression as LaTeX lines of at most ``limit`` characters where possible.

    Only a sum is broken, before one of its top-level ``+`` or ``-``; the
    lines joined with spaces are SymPy's LaTeX of the whole sum.

    Returns:
        (LaTeX, estimated width in characters) for each line.
    """
    total = width(expr)
    if total <= limit or not isinstance(expr, sympy.Add):
        return [(latex_expr(expr), total)]
    printer = LatexPrinter()
    pieces = []
    for i, term in enumerate(printer._as_ordered_terms(expr)):
        sign = ""
        if i > 0 and term.could_extract_minus_sign():
            sign, term = "- ", -term
        elif i > 0:
            sign = "+ "
        tex = printer._print(term)
        if i > 0 and printer._needs_add_brackets(term):
            tex = rf"\left({tex}\right)"
        pieces.append((sign + tex, width(term) + len(sign)))
    lines: list[tuple[str, int]] = []
    for tex, chars in pieces:
        if lines and lines[-1][1] + 1 + chars <= limit:
            lines[-1] = (f"{lines[-1][0]} {tex}", lines[-1][1] + 1 + chars)
        else:
            lines.append((tex, chars))
    return lines


def math_chain(
    lhs: Expr,
    exprs: Sequence[Expr],
    reasons: Sequence[str],
    *,
    environment: str = "align*",
    end: str = "",
    wrap: bool = True,
) -> str:
    r"""Lay out ``lhs = e_1 = e_2 ...`` with each reason beside its step (``&& \text{...}``).

    A left-hand side wider than 24 characters gets a line of its own, and a
    sum too wide for a line is broken before a ``+`` or ``-``
    (:func:`expression_lines`). With ``wrap``, a reason too long for the room
    left beside the widest step is set in a ragged-right ``\parbox``; when
    less than 12 em would be left, each reason goes on a line of its own
    under its step instead.

    Args:
        lhs: The left-hand side.
        exprs: The expression after each step.
        reasons: Each step's reason as LaTeX text (escaped already).
        environment: ``align*`` for LaTeX, ``aligned`` for math in Markdown.
        end: Appended to the last line (``\qedhere``).
        wrap: Whether reasons may be wrapped (not in MathJax, which has no ``\parbox``).

    >>> from sympy import Symbol
    >>> a, b = Symbol("a"), Symbol("b")
    >>> print(math_chain(a, [b], ["why"], environment="aligned"))
    \begin{aligned}
    a &= b && \text{why}
    \end{aligned}
    """
    lhs_lines = expression_lines(lhs)
    steps = [expression_lines(e) for e in exprs]
    lhs_chars = max(chars for _, chars in lhs_lines)
    step_chars = 2 + max(
        chars + (_INDENT_CHARS if k else 0) for lines in steps for k, (_, chars) in enumerate(lines)
    )
    long_lhs = lhs_chars > _LONG_LHS or len(lhs_lines) > 1
    expr_chars = max(lhs_chars, step_chars) if long_lhs else lhs_chars + step_chars
    expr_em = _EM_PER_CHAR * expr_chars + _GAP_EM
    room_em = _LINE_EM - expr_em
    stacked = wrap and room_em < _MIN_REASON_EM
    alone = long_lhs or stacked

    def beside(reason: str) -> str:
        if not wrap or _EM_PER_CHAR * _text_length(reason) <= room_em:
            return rf"\text{{{reason}}}"
        return rf"\parbox[t]{{\dimexpr\linewidth-{expr_em:.1f}em\relax}}{{\raggedright {reason}}}"

    def below(reason: str) -> str:
        return rf"\qquad\parbox[t]{{\dimexpr\linewidth-4em\relax}}{{\raggedright\small {reason}}}"

    def more(lines: list[tuple[str, int]]) -> list[str]:
        return [rf"&\qquad {{}} {tex}" for tex, _ in lines[1:]]

    rows = []
    if alone:
        rows += [f"& {lhs_lines[0][0]}", *more(lhs_lines)]
    for i, (lines, reason) in enumerate(zip(steps, reasons, strict=True)):
        head = "&= " if alone or i > 0 else f"{lhs_lines[0][0]} &= "
        if stacked:
            rows += [f"{head}{lines[0][0]}", *more(lines), f"& {below(reason)}"]
        else:
            rows += [f"{head}{lines[0][0]} && {beside(reason)}", *more(lines)]
    if end:
        rows[-1] += f" {end}"
    return f"\\begin{{{environment}}}\n" + " \\\\\n".join(rows) + f"\n\\end{{{environment}}}"


def claim_variables(result: DerivationResult) -> tuple[str, str]:
    """Return the claim's real and integer variables as LaTeX lists, sorted by name.

    Each list is the variables separated by ``", "`` (``"z_{1}, z_{2}"``), or ``""`` for none.
    """
    d = result.derivation
    symbols = {s for e in (d.lhs, d.rhs) for s in e.free_symbols if isinstance(s, Symbol)}
    ordered = sorted(symbols, key=lambda s: s.name)
    reals = ", ".join(latex_expr(s) for s in ordered if not s.is_integer)
    return reals, ", ".join(latex_expr(s) for s in ordered if s.is_integer)


def quantifier(result: DerivationResult) -> str:
    """The statement's prefix as LaTeX text: ``For all real $z$ with $T > 0$:``."""
    reals, integers = claim_variables(result)
    kinds = (("real", reals), ("integers", integers))
    parts = [f"{kind} ${names}$" for kind, names in kinds if names]
    head = "For all " + " and ".join(parts) if parts else "It holds"
    conditions = assumption_latex(result.derivation)
    if conditions:
        head += " with " + ", ".join(f"${c}$" for c in conditions)
    return head + ":"


def assumption_latex(derivation: Derivation) -> list[str]:
    """A derivation's stated assumptions as LaTeX math (``T > 0``, ``y_{1} + y_{2} = 1``).

    The relations are the ones the checker used (:attr:`Derivation.stated`), not re-read text.
    """
    return [latex_expr(rel) for rel in derivation.stated.stated]


# ---------------------------------------------------------------------------
# Documents


def _label(name: str) -> str:
    return f"softsym:{name}"


def _cite_ref(name: str) -> str:
    return f"Theorem~\\ref{{{_label(name)}}}"


def _cite_name(name: str) -> str:
    return f"\\texttt{{{escape_text(name)}}}"


def _reason(result: DerivationResult, index: int, cite: Callable[[str], str] = _cite_ref) -> str:
    r = result.steps[index]
    text = rich_text(r.step.reason)
    if r.step.uses:
        text += f" (by {', '.join(cite(n) for n in r.step.uses)})"
    if r.verdict.status is not Status.PROVED:
        text += rf" --- \textbf{{{r.verdict.status.value}}}"
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


def _implementations(result: DerivationResult) -> str:
    from softsym.reference import implementations_for

    refs = implementations_for(result.derivation.lhs, result.derivation.rhs)
    if not refs:
        return ""
    blocks = "\n".join(f"\\[\n{r.latex}\n\\]" for r in refs)
    return (
        "\\paragraph{Implementation.}\n"
        "The reference code of \\texttt{softsym.reference}, typeset by latexify:\n"
        f"{blocks}\n"
    )


def _theorem_body(result: DerivationResult, *, toc: bool = False) -> str:
    d = result.derivation
    title = escape_text(d.title)
    out = [f"\\begin{{theorem}}[{{{title}}}]\\label{{{_label(d.name)}}}"]
    if toc:
        out.append(
            f"\\addcontentsline{{toc}}{{section}}{{\\protect\\numberline{{\\thetheorem}}{title}}}"
        )
    out.append(quantifier(result))
    out.append(f"\\[\n{latex_expr(d.lhs)} = {latex_expr(d.rhs)}.\n\\]")
    out.append("\\end{theorem}")
    if d.description:
        out.append(rich_text(d.description))
        out.append("")
    if not result.proved:
        out.append(_not_proved(result))
    reasons = [_reason(result, i) for i in range(len(result.steps))]
    exprs = [r.step.expr for r in result.steps]
    if result.proved:
        chain = math_chain(d.lhs, exprs, reasons, end=r"\qedhere")
        out.append(f"\\begin{{proof}}\n{chain}\n\\end{{proof}}")
    else:
        # No end-of-proof mark: this chain proves nothing.
        chain = math_chain(d.lhs, exprs, reasons)
        out.append(
            "\\begin{proof}[Attempted proof, not proved]\\renewcommand{\\qedsymbol}{}\n"
            f"{chain}\n\\end{{proof}}"
        )
    impl = _implementations(result)
    if impl:
        out.append(impl.rstrip("\n"))
    if d.references:
        items = "\n".join(r"\item[$\bullet$] " + escape_text(ref) for ref in d.references)
        out.append(f"\\paragraph{{References.}}\n\\begin{{itemize}}\n{items}\n\\end{{itemize}}")
    return "\n".join(out) + "\n"


def to_latex(result: DerivationResult) -> str:
    r"""Return the LaTeX fragment of one checked derivation, ready for ``\input{}``.

    The fragment needs amsmath, amssymb and amsthm; it defines the
    ``theorem`` environment if the document has not.
    """
    d = result.derivation
    return (
        f"% softsym derivation {d.name}: generated by `softsym export`; edit the derivation.\n"
        "% Needs \\usepackage{amsmath,amssymb,amsthm}.\n"
        "\\ifdefined\\theorem\\else\\newtheorem{theorem}{Theorem}\\fi\n" + _theorem_body(result)
    )


def standalone_document(result: DerivationResult, cited: Sequence[DerivationResult] = ()) -> str:
    r"""Return a complete article for one derivation.

    Args:
        result: The checked derivation.
        cited: The checked derivations it cites (directly or not), in
            dependency order; they come first, so every ``\ref`` resolves.
    """
    title = escape_text(result.derivation.title)
    body = "\n".join(_theorem_body(r) for r in (*cited, result))
    if cited:
        main = _label(result.derivation.name)
        body = (
            f"The main result is Theorem~\\ref{{{main}}}; the theorems before it are the "
            "results its proof cites, each with its own proof.\n\n" + body
        )
    return (
        _PREAMBLE
        + f"\\title{{{title}}}\n\\author{{}}\n\\date{{}}\n"
        + "\\begin{document}\n\\maketitle\n"
        + body
        + "\\end{document}\n"
    )


def bundle_document(results: Sequence[DerivationResult], title: str = BUNDLE_TITLE) -> str:
    """Return one article with every derivation and a table of contents.

    ``results`` should be in dependency order (each after the ones it cites).
    """
    body = "\n".join(_theorem_body(r, toc=True) for r in results)
    return (
        _PREAMBLE
        + f"\\title{{{escape_text(title)}}}\n\\author{{}}\n\\date{{}}\n"
        + "\\begin{document}\n\\maketitle\n\\tableofcontents\n\\clearpage\n\n"
        + body
        + "\\end{document}\n"
    )


def repr_latex(result: DerivationResult) -> str:
    """The proof chain as display math (``$$...$$``), for Jupyter's ``_repr_latex_``."""
    d = result.derivation
    reasons = [_reason(result, i, _cite_name) for i in range(len(result.steps))]
    exprs = [r.step.expr for r in result.steps]
    return "$$\n" + math_chain(d.lhs, exprs, reasons, environment="aligned", wrap=False) + "\n$$"
