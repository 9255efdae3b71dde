r"""The LaTeX reader's vocabulary: which commands are names, functions, spacing or stops.

One table per kind of command, shared by the token passes (:mod:`softsym.lang.latex.passes`)
and the parser (:mod:`softsym.lang.latex.reader`). Function names of softsym's own
functions are not here: they come from the registry :mod:`softsym.lang.names`.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Expr

__all__ = [
    "ACCENT",
    "CLOSERS",
    "ELEMENTARY",
    "FRAC",
    "GREEK",
    "INDEX_NAMES",
    "NAME_COMMANDS",
    "SCRIPT",
    "SIZING",
    "STOP_COMMANDS",
    "STYLE",
    "TEXT",
    "WORD",
    "WORDS",
    "WRAPPERS",
]

GREEK = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "vartheta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "pi",
        "varpi",
        "rho",
        "varrho",
        "sigma",
        "varsigma",
        "tau",
        "upsilon",
        "phi",
        "varphi",
        "chi",
        "psi",
        "omega",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Pi",
        "Sigma",
        "Upsilon",
        "Phi",
        "Psi",
        "Omega",
        "ell",
    ]
)
STYLE = frozenset({"mathbf", "boldsymbol", "bm", "vec", "mathit", "mathnormal", "pmb"})
SCRIPT = {"mathcal": "cal", "mathscr": "scr", "mathfrak": "frak"}
ACCENT = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar"}
ACCENT.update({"tilde": "tilde", "widetilde": "tilde", "dot": "dot"})
WORD = frozenset({"mathrm", "operatorname", "operatorname*", "mathsf", "mathtt", "textrm"})
NAME_COMMANDS = frozenset({*STYLE, *SCRIPT, *ACCENT, *WORD})
TEXT = frozenset({"text", "textit", "textbf", "mbox", "textnormal", "texttt"})
FRAC = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
ELEMENTARY: dict[str, Callable[..., Expr]] = {
    "exp": sympy.exp,
    "log": sympy.log,
    "ln": sympy.log,
    "tanh": sympy.tanh,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "sqrt": sympy.sqrt,
    "max": sympy.Max,
    "min": sympy.Min,
    "abs": sympy.Abs,
}
WORDS = frozenset(
    {*ELEMENTARY, "sigmoid", "softmax", "softplus", "logsumexp", "logit", "logsoftmax", "LSE"}
)
CLOSERS = frozenset({")", "]", "}", "rbrace", "rbrack"})
STOP_COMMANDS = frozenset(
    {
        "right",
        "rvert",
        "rbrace",
        "rbrack",
        "}",
        "cdot",
        "times",
        "div",
        "ast",
        "over",
        "pm",
        "mp",
        "ldots",
        "cdots",
        "dots",
        "coloneqq",
        "equiv",
        "triangleq",
        "approx",
        "simeq",
        "sim",
        "le",
        "leq",
        "leqslant",
        "ge",
        "geq",
        "geqslant",
        "lt",
        "gt",
        "ne",
        "neq",
        "to",
        "rightarrow",
        "longrightarrow",
        "propto",
        "implies",
        "Rightarrow",
        "iff",
        "in",
        "mid",
    }
)
SIZING = frozenset(
    [
        "left",
        "right",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
        "Biggl",
        "Biggr",
        "bigm",
        "Bigm",
    ]
)
INDEX_NAMES = ("k", "l", "m", "i", "j", "n")

WRAPPERS: dict[str, tuple[int, str]] = {
    "boxed": (0, ""),
    "fbox": (0, ""),
    "bbox": (0, ""),
    "smash": (0, ""),
    "ensuremath": (0, ""),
    "underline": (0, ""),
    "underbrace": (0, "_"),
    "overbrace": (0, "^"),
    "textcolor": (1, ""),
    "colorbox": (1, ""),
    "color": (1, "drop"),
    "mathstrut": (0, "drop"),
    "strut": (0, "drop"),
    "vphantom": (1, "drop"),
    "hphantom": (1, "drop"),
}
r"""Commands that only decorate math, by name: (arguments to skip first, what else to do).

The content is read as if the command were not there: ``\boxed{x}`` is ``{x}``,
``\textcolor{red}{x}`` is ``{x}``; ``"_"``/``"^"`` also drops the label script that
follows (``\underbrace{x}_{\text{label}}``); ``"drop"`` removes the command and its
skipped arguments (``\color{red}``, ``\mathstrut``, ``\vphantom{x}``).
"""
