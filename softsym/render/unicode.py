r"""Unicode math for the terminal: expressions and reasons as a reader writes them.

:func:`unicode_expr` prints an expression with σ, Σ, ∂, ·, − and subscripts
(``softmax(z₁, z₂)₁``, ``Σₖ₌₁ᴷ exp(zₖ)``); softsym's own functions are found
through the one registry of names (:mod:`softsym.lang.names`), so a new function
prints here once it is registered there. Vector functions print their component
as a subscript, 1-based like the mathematics and the LaTeX export:
``softmax(z1, z2)[0]`` (input syntax, 0-based Python indexing) prints
``softmax(z₁, z₂)₁``.

:func:`unicode_text` prints a reason or description: its ``$...$`` math
segments (the rule of :func:`softsym.render.latex.split_math`) become Unicode,
the rest stays as written.

This is for reading only: the input syntax is what ``str(expr)`` and JSON print.
"""

from __future__ import annotations

import re
from typing import Any

from sympy import Expr, Integer
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from softsym.lang.names import by_class
from softsym.render.brackets import balanced

__all__ = [
    "UnicodePrinter",
    "author_unicode",
    "latex_math_unicode",
    "subscript",
    "superscript",
    "unicode_expr",
    "unicode_text",
]

GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "vartheta": "ϑ",
    "iota": "ι",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "upsilon": "υ",
    "phi": "φ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Pi": "Π",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
}
"""Greek letters by name, for symbols (``eta`` → η) and LaTeX commands (``\\eta``)."""

_SUB = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
_SUP = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)


def _script(text: str, table: dict[str, str]) -> str | None:
    compact = text.replace(" ", "").replace("−", "-")
    if not compact or any(ch not in table for ch in compact):
        return None
    return "".join(table[ch] for ch in compact)


def subscript(text: str) -> str | None:
    """Return ``text`` in subscript characters, or ``None`` when Unicode has not all of them.

    >>> subscript("k+1"), subscript("q")
    ('ₖ₊₁', None)
    """
    return _script(text, _SUB)


def superscript(text: str) -> str | None:
    """Return ``text`` in superscript characters, or ``None`` when Unicode has not all of them.

    >>> superscript("K"), superscript("-2")
    ('ᴷ', '⁻²')
    """
    return _script(text, _SUP)


def _lower(text: str, fallback: str = "_") -> str:
    """``text`` as a subscript, else ``_text`` (``_(text)`` when it is more than one word)."""
    low = subscript(text)
    if low is not None:
        return low
    return f"{fallback}{text}" if len(text) == 1 else f"{fallback}({text})"


def _raise(text: str) -> str:
    high = superscript(text)
    if high is not None:
        return high
    return f"^{text}" if len(text) == 1 else f"^({text})"


_NAME = re.compile(r"^([A-Za-z]+?)_?(\d+)$")


_MARKS = {"tilde": "\u0303", "hat": "\u0302", "bar": "\u0304", "dot": "\u0307", "vec": "\u20d7"}
"""Accents named at the end of a symbol, as SymPy's LaTeX printer reads them (``ztilde`` is z̃)."""


def _symbol_name(name: str) -> str:
    """``z1`` → ``z₁``, ``eta`` → ``η``, ``theta2`` → ``θ₂``, ``ztilde`` → ``z̃``; else as it is."""
    for word, mark in _MARKS.items():
        if name.endswith(word) and len(name) > len(word):
            return _symbol_name(name[: -len(word)]) + mark
    match = _NAME.match(name)
    base, digits = (match.group(1), match.group(2)) if match else (name, "")
    base = GREEK.get(base, base)
    return base + (_lower(digits) if digits else "")


class UnicodePrinter(StrPrinter):
    """SymPy's string printer with Unicode math and softsym's functions by their names.

    Each softsym function is found by its class in :mod:`softsym.lang.names`
    and printed with its short name (σ, softmax, CE, ...); a vector function's
    component is a 1-based subscript. Minus signs are printed ``−`` by
    :meth:`doprint`, so the parent printers' sign logic sees ASCII ``-``.
    """

    printmethod = "_unicode"  # no class defines it: softsym's _sympystr is input syntax

    def doprint(self, expr: Any) -> str:
        """Print ``expr``; ASCII minus signs become ``−``."""
        return str(super().doprint(expr)).replace("-", "−")

    def parenthesize(self, item: Any, level: int, strict: bool = False) -> str:
        """Wrap sums and derivatives that stand inside a product or a power.

        A negative product asks at the level of a sum, so that level is included.
        """
        if level >= PRECEDENCE["Add"] and (
            getattr(item, "is_Derivative", False) or type(item).__name__ == "Sum"
        ):
            return f"({self._print(item)})"
        return str(super().parenthesize(item, level, strict))

    def _print_Symbol(self, expr: Any) -> str:
        return _symbol_name(expr.name)

    _print_Dummy = _print_Symbol
    _print_Idx = _print_Symbol

    def _print_IndexedBase(self, expr: Any) -> str:
        return _symbol_name(str(expr.label))

    def _print_Indexed(self, expr: Any) -> str:
        base = self._print(expr.base)
        indices = [self._print(i) for i in expr.indices]
        lows = [subscript(i) for i in indices]
        if all(low is not None for low in lows):
            joiner = "," if any(ch in _SUB.values() for ch in base) or len(lows) > 1 else ""
            return base + joiner + joiner.join(low for low in lows if low is not None)
        return f"{base}_({', '.join(indices)})" if len(indices) > 1 else f"{base}_{indices[0]}"

    def _print_Function(self, expr: Any) -> str:
        entry = by_class(type(expr))
        if entry is None:
            return str(super()._print_Function(expr))
        if hasattr(expr, "p") and hasattr(expr, "y"):  # a prediction and a target
            p = ", ".join(self._print(a) for a in expr.p)
            y = ", ".join(self._print(a) for a in expr.y)
            return f"{entry.short}(({p}), ({y}))"
        if entry.vector:
            logits = ", ".join(self._print(a) for a in expr.logits)
            return f"{entry.short}({logits}){_lower(str(expr.index))}"
        return f"{entry.short}({', '.join(self._print(a) for a in expr.args)})"

    def _print_Mul(self, expr: Any) -> str:
        return str(super()._print_Mul(expr)).replace("*", "·")

    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        base, power = expr.as_base_exp()
        if isinstance(power, Integer) and power > 1:
            high = superscript(str(power))
            if high is not None:
                return self.parenthesize(base, PRECEDENCE["Pow"], strict=True) + high
        if isinstance(power, Integer) and power < 0:
            return "1/" + self.parenthesize(base**-power, PRECEDENCE["Mul"], strict=True)
        return str(super()._print_Pow(expr, rational)).replace("**", "^")

    def _print_Exp1(self, expr: Any) -> str:
        return "e"

    def _print_Infinity(self, expr: Any) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: Any) -> str:
        return "-∞"

    def _print_Abs(self, expr: Any) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_KroneckerDelta(self, expr: Any) -> str:
        i, j = (self._print(a) for a in expr.args)
        low = subscript(i + j) if len(i) == len(j) == 1 else None
        return f"δ{low}" if low is not None else f"δ({i}, {j})"

    def _print_Sum(self, expr: Any) -> str:
        body = self.parenthesize(expr.function, PRECEDENCE["Mul"], strict=True)
        if expr.function.is_Add:
            body = f"({self._print(expr.function)})"
        heads = []
        for var, low, high in expr.limits:
            bounds = f"{self._print(var)}={self._print(low)}"
            down, up = subscript(bounds), superscript(self._print(high))
            if down is not None and up is not None:
                heads.append(f"Σ{down}{up}")
            else:
                heads.append(f"Σ({bounds}..{self._print(high)})")
        return " ".join(reversed(heads)) + " " + body

    def _print_Derivative(self, expr: Any) -> str:
        total = sum(count for _, count in expr.variable_count)
        top = "∂" + (superscript(str(total)) or f"^{total}" if total > 1 else "")
        bottom = ""
        for var, count in expr.variable_count:
            power = superscript(str(count)) if count > 1 else ""
            bottom += f"∂{self._print(var)}{power}"
        inner = expr.expr
        if inner.is_Add or inner.is_Mul or inner.is_Pow:
            return f"{top}/{bottom} ({self._print(inner)})"
        return f"{top}/{bottom} {self._print(inner)}"

    def _print_Relational(self, expr: Any) -> str:
        op = {"==": "=", "<=": "≤", ">=": "≥", "!=": "≠"}.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_Max(self, expr: Any) -> str:
        return f"max({', '.join(self._print(a) for a in expr.args)})"

    def _print_Min(self, expr: Any) -> str:
        return f"min({', '.join(self._print(a) for a in expr.args)})"


def unicode_expr(expr: Expr | Any) -> str:
    """Print an expression (or relation) in Unicode math.

    >>> from softsym import real_symbols, sigmoid, softmax
    >>> z1, z2 = real_symbols("z1 z2")
    >>> unicode_expr(softmax(z1, z2)[0] - sigmoid(z1 - z2) ** 2)
    'softmax(z₁, z₂)₁ − σ(z₁ − z₂)²'
    """
    return UnicodePrinter().doprint(expr)


# --- LaTeX math segments of reasons ------------------------------------------------

_COMMANDS = {
    **{name: letter for name, letter in GREEK.items()},
    "cdot": "·",
    "times": "×",
    "div": "÷",
    "pm": "±",
    "mp": "∓",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "equiv": "≡",
    "sim": "∼",
    "propto": "∝",
    "infty": "∞",
    "partial": "∂",
    "nabla": "∇",
    "sum": "Σ",
    "prod": "Π",
    "int": "∫",
    "in": "∈",
    "notin": "∉",
    "subset": "⊂",
    "subseteq": "⊆",
    "supseteq": "⊇",
    "cup": "∪",
    "cap": "∩",
    "forall": "∀",
    "exists": "∃",
    "neg": "¬",
    "wedge": "∧",
    "vee": "∨",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "Rightarrow": "⇒",
    "Leftarrow": "⇐",
    "Leftrightarrow": "⇔",
    "mapsto": "↦",
    "circ": "∘",
    "odot": "⊙",
    "otimes": "⊗",
    "oplus": "⊕",
    "ell": "ℓ",
    "ldots": "…",
    "cdots": "⋯",
    "dots": "…",
    "langle": "⟨",
    "rangle": "⟩",
    "lvert": "|",
    "rvert": "|",
    "vert": "|",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "|": "‖",
    "lfloor": "⌊",
    "rfloor": "⌋",
    "lceil": "⌈",
    "rceil": "⌉",
    "prime": "′",
    "top": "⊤",
    "bot": "⊥",
    "quad": "  ",
    "qquad": "    ",
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    " ": " ",
    "{": "{",
    "}": "}",
    "$": "$",
    "_": "_",
    "%": "%",
    "&": "&",
    "#": "#",
}
_SPACED = frozenset(
    (
        "leq",
        "le",
        "geq",
        "ge",
        "neq",
        "ne",
        "approx",
        "equiv",
        "sim",
        "propto",
        "in",
        "notin",
        "subset",
        "subseteq",
        "supseteq",
        "to",
        "rightarrow",
        "leftarrow",
        "Rightarrow",
        "Leftarrow",
        "Leftrightarrow",
        "mapsto",
    )
)
_DROPPED = frozenset(
    "left right bigl bigr Bigl Bigr big Big middle mathopen mathclose mathbin mathrel".split()  # noqa: SIM905
)
_TEXT_LIKE = frozenset(("operatorname", "mathrm", "mathbf", "mathit", "mathcal", "mathbb", "text"))
_NAMED = frozenset(
    "log ln exp max min sup inf lim arg tanh sinh cosh sin cos tan".split()  # noqa: SIM905
)
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"}
_TOKEN = re.compile(r"\\([A-Za-z]+|.)|([{}^_])|(\s+)|([^\\{}^_\s]+)", re.DOTALL)


class _Reader:
    """A small reader of the LaTeX math allowed in reasons, printing Unicode."""

    def __init__(self, body: str) -> None:
        self.tokens = [m.groups() for m in _TOKEN.finditer(body)]
        self.at = 0
        self.unknown: list[str] = []
        """What this reader could not print: unknown commands, a group never closed."""

    def done(self) -> bool:
        return self.at >= len(self.tokens)

    def group(self) -> str:
        """One argument: a braced group, a command or one character (as TeX reads ``_12``)."""
        while not self.done() and self.tokens[self.at][2] is not None:
            self.at += 1
        if self.done():
            return ""
        _, brace, _, text = self.tokens[self.at]
        if brace == "{":
            self.at += 1
            return self.until_close()
        if text is not None and len(text) > 1:  # the rest of the word stays for later
            self.tokens[self.at] = (None, None, None, text[1:])
            return text[0].replace("-", "−")
        return self.item()

    def until_close(self) -> str:
        out = []
        while not self.done():
            if self.tokens[self.at][1] == "}":
                self.at += 1
                break
            out.append(self.item())
        else:
            self.unknown.append("{")
        return "".join(out)

    def skip_space(self) -> None:
        while not self.done() and self.tokens[self.at][2] is not None:
            self.at += 1

    def item(self) -> str:
        command, brace, space, text = self.tokens[self.at]
        self.at += 1
        if space is not None:
            return " "
        if text is not None:
            return text.replace("-", "−")
        if brace == "{":
            return self.until_close()
        if brace == "}":
            return ""
        if brace in ("_", "^"):
            argument = self.group()
            return _lower(argument) if brace == "_" else _raise(argument)
        return self.command(command or "")

    def command(self, name: str) -> str:
        if name in _DROPPED:
            self._null_delimiter(name)
            return ""
        if name == "partial":  # ∂z, not ∂ z: the operator binds to what it differentiates
            self.skip_space()
            return "∂"
        if name in _TEXT_LIKE:
            inner = self.group()
            return _BLACKBOARD.get(inner, inner) if name == "mathbb" else inner
        if name in ("frac", "dfrac", "tfrac"):
            top, bottom = self.group(), self.group()
            by = re.fullmatch(r"([d∂]) ?(\S+)", bottom.strip())
            if by and top.strip() in ("d", "∂"):  # d/dz, as the derivative is read
                return f"{top.strip()}/{by[1]}{by[2]}"
            return f"{_atom(top)}/{_atom(bottom)}"
        if name == "sqrt":
            return f"√{_atom(self.group())}"
        if name in ("hat", "bar", "tilde", "vec", "dot", "ddot", "overline", "underline"):
            mark = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7"}
            inner = self.group()
            return inner + mark.get(name, "") if len(inner) == 1 else inner
        if name in _NAMED:
            return name
        symbol = _COMMANDS.get(name)
        if symbol is None:
            self.unknown.append("\\" + name)
            return "\\" + name
        return f" {symbol} " if name in _SPACED else symbol

    def _null_delimiter(self, name: str) -> None:
        r"""Drop the ``.`` of ``\left.`` or ``\right.``: it prints nothing."""
        if name not in ("left", "right", "bigl", "bigr", "Bigl", "Bigr") or self.done():
            return
        text = self.tokens[self.at][3]
        if text is not None and text.startswith("."):
            if len(text) > 1:
                self.tokens[self.at] = (None, None, None, text[1:])
            else:
                self.at += 1


def _atom(text: str) -> str:
    """Parenthesize a fraction's part unless it is one name, number, call or bracketed power."""
    text = text.strip()
    if re.fullmatch(r"[^\s+−\-·/=]+(\(.*\))?", text) and text.count("(") <= 1:
        return text
    power = re.fullmatch(r"\((.*)\)([⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᵏᴷⁿ]+)", text)
    if power and balanced(power.group(1), "(", ")"):  # (1 + e⁻ᶻ)² is one factor already
        return text
    return f"({text})"


def latex_math_unicode(body: str) -> str:
    r"""Print the LaTeX of one ``$...$`` segment in Unicode.

    >>> latex_math_unicode(r"\operatorname{softmax}(z_1, z_2)_2 = \sigma(z_2 - z_1)")
    'softmax(z₁, z₂)₂ = σ(z₂ − z₁)'
    >>> latex_math_unicode(r"\frac{e^{z_1}}{e^{z_1} + e^{z_2}}")
    'e^(z₁)/(e^(z₁) + e^(z₂))'
    """
    reader = _Reader(body)
    out = []
    while not reader.done():
        out.append(reader.item())
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def author_unicode(tex: str) -> str | None:
    r"""Print a formula the author wrote in LaTeX in Unicode, or ``None`` if it cannot be.

    The author's text is printed as written: the same order of terms, the
    same names (σ, softmax, Σ, ∂), fractions as ``a/b`` with parentheses
    where a part is more than one term. Text with a command this printer does
    not know, or a group never closed, gives ``None``: the caller then prints
    the expression the text was read as (:func:`unicode_expr`).

    >>> author_unicode(r"\frac{1}{1 + e^{z_2 - z_1}}")
    '1/(1 + e^(z₂ − z₁))'
    >>> author_unicode(r"\frac{\partial}{\partial z_j} \operatorname{softmax}(\mathbf{z})_i")
    '∂/∂zⱼ softmax(z)ᵢ'
    >>> author_unicode(r"\hbar + 1") is None
    True
    """
    reader = _Reader(tex)
    out = []
    while not reader.done():
        out.append(reader.item())
    if reader.unknown:
        return None
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def unicode_text(text: str) -> str:
    r"""Print a reason or description: ``$...$`` math as Unicode, whitespace runs as one space.

    >>> unicode_text(r"divide by $e^{z_1}$, costs \$5")
    'divide by e^(z₁), costs $5'
    """
    from softsym.render.latex import split_math  # the one $...$ rule, loaded when needed

    parts = split_math(" ".join(text.split()))
    return "".join(latex_math_unicode(s) if is_math else s for is_math, s in parts)
