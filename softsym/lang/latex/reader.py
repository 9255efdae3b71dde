r"""Read LaTeX math as SymPy expressions: a tokenizer and a hand-written recursive-descent parser.

Nothing is evaluated: the tokens are walked by hand and every construct builds
its SymPy node directly (no ``eval``, no ``sympify`` of text, no latex2sympy).
A grammar library was not used: LaTeX math is small but its juxtaposition,
``\left( ... \right)``, scripts and primes are context dependent, which a
hand-written parser handles in one place.

Conventions (see also ``docs/latex.md``):

* Every symbol is real. Indices of sums and of indexed families are integer
  symbols, and so are the limits of sums (``n`` in ``\sum_{i=1}^{n}``) and the
  class count ``K``. ``K`` and ``k`` are different symbols.
* Numbers are exact: ``0.5`` is 1/2 and ``2.718282`` is 1359141/500000, not e.
* ``e`` (also ``\mathrm{e}``) is Euler's number and ``\pi`` is π, unless the
  document gives them a subscript, defines them, or declares their kind (a note says so).
  ``\log`` and ``\ln`` are the natural logarithm; ``\log_2`` has base 2.
* Subscripts: a letter subscript is an index, ``z_j`` is ``z[j]`` of the family
  ``IndexedBase("z", real=True)`` (as ``derivations/k_classes.py`` writes them).
  A number subscript is part of the name, ``z_1`` is the symbol ``z1`` (as the
  two-class derivations write them), unless ``z`` is used with a letter index in
  the same formula or the context (then ``z_1`` is ``z[1]``). Word subscripts
  (``L_{\text{CE}}``, ``L_{CE}``) are part of the name: ``L_CE``.
* ``\mathbf``, ``\boldsymbol``, ``\vec`` are dropped from names; ``\hat{y}``,
  ``\bar{y}``, ``\tilde{y}`` are the names ``yhat``, ``ybar``, ``ytilde`` (which
  SymPy prints back as ``\hat{y}``...).
* ``\sum_j`` without limits runs over the context's range of ``j``, by default
  1..K; ``\sum_{j=1}^{K} body`` takes as body the rest of the product it stands in.
* Function names are softsym's registry (``softsym.lang.names``: ``\sigma``,
  ``\operatorname{softmax}``, ``\mathrm{LSE}`` ...) and ``\exp``, ``\log``,
  ``\ln``, ``\tanh``, ``\sinh``, ``\cosh``, ``\max``, ``\min``, ``\sqrt``; the same
  words spelled without a backslash (``tanh(z)``) are functions too.
* A name before parentheses: a known or defined function is applied; an unknown
  single letter multiplies (``a(b + c)``), with the application recorded as an
  alternative reading; a name that is also used bare in the same formula
  (``\sigma(1 - \sigma)``, ``f(1 - f)``) multiplies unless the context defines it
  as a function. Unknown multi-letter names (``\operatorname{loss}(x)``) are
  unknown functions.
* Derivatives stay unevaluated: ``\frac{\partial L}{\partial z_j}``,
  ``\partial_{z_j} L``, ``\nabla_{z_j} L``, ``\frac{d}{dx} f(x)``, ``f'(x)``.
  Differentiating a name the context does not define (``\frac{dy}{dx}``) reads
  it as an unknown function of the variable, never as a constant.
* Inline derivatives ``\partial L/\partial z``, ``dy/dx``, ``d/dx f`` and variations
  ``\frac{\delta L}{\delta w}`` are derivatives too, never quotients that cancel;
  ``\frac{\Delta y}{\Delta x}`` is an error.
* ``a_1 + a_2 + \cdots + a_K`` is a ``Sum`` when the written terms follow the last
  term's pattern; ``w_{1,i}`` is ``w1[i]`` (as SymPy prints ``IndexedBase("w1")[i]``);
  ``\mathcal{L}`` is the name ``L_cal``, not ``L``.
* ``\text{...}`` prose is dropped at the start of a formula and ends it elsewhere
  (``x \text{ for } i`` is ``x``, never ``x i``). Spacing, ``\label``, ``\tag``,
  ``\nonumber`` and trailing ``.``/``,`` are ignored; ``.`` between two factors multiplies.
* ``\sum_{j \ne i} t`` is the whole sum minus the term ``j = i``; ``\max_{k=1}^{3} z_k``
  is ``Max`` of the terms written out (a numeric range of at most 64 numbers).
* ``\boxed{x}``, ``\underbrace{x}_{...}``, ``\textcolor{c}{x}`` are ``{x}`` (see
  :func:`~softsym.lang.latex.passes.unwrap`).
* A vector standing alone (``\operatorname{softmax}(\mathbf z)``, a derivative by
  ``\mathbf z``) is an error whose ``expected`` is :data:`VECTOR_VALUED`, or with
  ``vector_index`` its entry at that index. A variable of differentiation is the name as
  written, even when the context defines it (``\partial \hat y``).
* ``\operatorname{logsumexp}(x + c)``, ``\operatorname{softmax}(z / T)_j`` with ``x``, ``z``
  families (``x_i`` in the formula or the context) are read entry by entry, numbers
  broadcast; so is a vector argument of a defined function (``f(x + c)``).
  :func:`mixed_roles` names what is still both a number ``x`` and a family ``x_i``.
* Not read (errors): ``\mathbb{E}``, sets, ``\int``, limits, ``\max_j`` over a symbolic
  range, transposes, inverse functions ``\sigma^{-1}``, ``\pm``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sympy
from sympy import Expr, Function, IndexedBase, Integer, Rational, Symbol

from softsym.errors import LatexReadError
from softsym.lang import functions as sf
from softsym.lang.domain import Condition, local_conditions
from softsym.lang.latex.context import DefinitionHead, TexContext
from softsym.lang.latex.passes import (
    ambiguous_names,
    d_mark,
    math_tokens,
    plain_word,
    prescan_indexed,
    simple_start,
    slashed_d,
    subscript_word,
    written,
)
from softsym.lang.latex.tokens import Token, group_end
from softsym.lang.latex.vocabulary import (
    ACCENT,
    CLOSERS,
    ELEMENTARY,
    FRAC,
    GREEK,
    INDEX_NAMES,
    NAME_COMMANDS,
    SCRIPT,
    STOP_COMMANDS,
    STYLE,
    TEXT,
    WORD,
    WORDS,
)
from softsym.lang.names import by_latex

__all__ = [
    "VECTOR_VALUED",
    "ReadingKey",
    "TexReading",
    "definition_head",
    "mixed_roles",
    "read_latex",
    "read_sides",
    "readings",
    "remember",
]

VECTOR_VALUED = "an index after the vector softmax(...) such as _j, or an entry-wise reading"
"""What a :class:`LatexReadError` expected when a formula is a vector (``softmax(\\mathbf z)``).

Read it again with ``read_latex(..., vector_index="k")`` to read it entry by entry."""

_MAX_DEPTH = 120
_MAX_EXPONENT = 1000
_MAX_ALTERNATIVES = 3
_MAX_RANGE = 64
"""The most terms a ranged ``\\max_{k=1}^{n}`` is written out with."""


@dataclass(frozen=True)
class TexReading:
    """What a piece of LaTeX math was read as.

    Attributes:
        expr: The preferred reading.
        domain: Where the formula as written is defined (:mod:`softsym.lang.domain`
            conditions, recorded before SymPy simplified anything).
        alternatives: Other readings of an ambiguous formula (``f(1 - f)``).
        notes: What the reader assumed, in words (``"e read as Euler's number"``).
        indexed: Names read as indexed families (``z`` for ``z_j``); pass them on
            with :meth:`TexContext.with_indexed` so later formulas read ``z_1`` as ``z[1]``.
        integers: Names read as integer symbols (indices, limits of sums).
        functions: Names read as unknown functions (``f`` in ``f'(x)``).
        vector: Whether the formula was read entry-wise: a vector function or a vector
            defined entry by entry stood without an index and was read at ``vector_index``.
    """

    expr: Expr
    domain: tuple[Condition, ...]
    alternatives: tuple[Expr, ...] = ()
    notes: tuple[str, ...] = ()
    indexed: frozenset[str] = frozenset()
    integers: frozenset[str] = frozenset()
    functions: frozenset[str] = frozenset()
    vector: bool = False


@dataclass
class _Shared:
    """State shared by a parser and its sub-parsers during one pass."""

    source: str
    context: TexContext
    integers: frozenset[str]
    indexed: frozenset[str]
    values: frozenset[str]
    flips: frozenset[int]
    learned_integers: set[str] = field(default_factory=set)
    learned_indexed: set[str] = field(default_factory=set)
    learned_values: set[str] = field(default_factory=set)
    functions: frozenset[str] = frozenset()
    learned_functions: set[str] = field(default_factory=set)
    letters: frozenset[str] = frozenset()
    ambiguous: list[int] = field(default_factory=list)
    notes: dict[str, None] = field(default_factory=dict)
    conditions: dict[Condition, None] = field(default_factory=dict)
    depth: int = 0
    plain_names: bool = False
    vector_index: Symbol | None = None
    vector: bool = False


def _end(pos: int) -> Token:
    return Token("end", "", pos)


class _Parser:
    def __init__(self, tokens: list[Token], shared: _Shared) -> None:
        self.tokens = tokens
        self.i = 0
        self.s = shared
        self.abs_depth = 0

    # -- helpers -------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        j = min(self.i + k, len(self.tokens) - 1)
        return self.tokens[j]

    def advance(self) -> Token:
        t = self.tokens[self.i]
        if t.kind != "end":
            self.i += 1
        return t

    def fail(self, expected: str, token: Token | None = None) -> LatexReadError:
        t = token or self.tok
        before = self.s.source[max(0, t.pos - 40) : t.pos].strip()
        where = f" after '{before}'" if before else ""
        got = f" (got '{t.source()}')" if t.kind != "end" else " (got the end)"
        return LatexReadError(
            f"column {t.pos + 1}: expected {expected}{where}{got}",
            self.s.source,
            t.pos,
            expected,
        )

    def expect_char(self, c: str) -> None:
        if not self.tok.is_char(c):
            raise self.fail(f"{c!r}")
        self.advance()

    def sub(self, tokens: list[Token], end_pos: int) -> _Parser:
        return _Parser([*tokens, _end(end_pos)], self.s)

    def note(self, text: str) -> None:
        self.s.notes[text] = None

    def record(self, expr: Expr) -> None:
        self.s.conditions.update(dict.fromkeys(local_conditions(expr)))

    def group_tokens(self) -> tuple[list[Token], int]:
        """The content of a ``{...}`` group at the cursor, or one token; moves past it."""
        t = self.tok
        if t.kind == "{":
            end = group_end(self.tokens, self.i)
            if self.tokens[end].kind != "}":
                raise self.fail("'}'", self.tokens[end])
            content = self.tokens[self.i + 1 : end]
            self.i = end + 1
            return content, self.tokens[end].pos
        if t.kind in ("end", "}") or t.is_char(")", "]", "=", "+", "-"):
            raise self.fail("an argument")
        self.advance()
        return [t], t.pos + len(t.source())

    def parse_slice(self, tokens: list[Token], end_pos: int, what: str) -> Expr:
        p = self.sub(tokens, end_pos)
        if p.tok.kind == "end":
            raise self.fail(what, p.tok)
        value = p.expression()
        if p.tok.kind != "end":
            raise p.fail("the end of the group")
        return value

    def symbol(self, name: str) -> Expr:
        kind = self.s.context.kinds.get(name)
        count = self.s.context.class_count
        if kind == "integer" or name in self.s.integers or name == getattr(count, "name", None):
            return Symbol(name, integer=True)
        if kind == "positive":
            return Symbol(name, positive=True)
        return Symbol(name, real=True)

    def family(self, name: str) -> IndexedBase:
        self.s.learned_indexed.add(name)
        return _family(name)

    # -- grammar -------------------------------------------------------------------

    def expression(self) -> Expr:
        """Read a sum: ``['+'|'-'] term (('+'|'-') term)*``."""
        self.s.depth += 1
        if self.s.depth > _MAX_DEPTH:
            raise self.fail("less deeply nested math (more than 120 levels)")
        try:
            items: list[Expr] = []
            ellipsis: tuple[int, Token] | None = None
            sign = 1
            if self.tok.is_char("+", "-"):
                sign = -1 if self.advance().text == "-" else 1
            while True:
                if self.tok.is_cmd("pm", "mp"):
                    raise self.fail("'+' or '-' (\\pm has two values and is not read)")
                if self.tok.is_cmd("ldots", "cdots", "dots") and items and ellipsis is None:
                    ellipsis = (len(items), self.advance())
                    if not self.tok.is_char("+"):
                        raise self.fail("'+' after the dots of a sum (a_1 + \\cdots + a_n)")
                    self.advance()
                    continue
                term = self.term()
                items.append(-term if sign < 0 else term)
                if self.tok.is_char("+", "-"):
                    sign = -1 if self.advance().text == "-" else 1
                    continue
                break
            if ellipsis is not None:
                items = self.dotted_sum(items, *ellipsis)
            return sympy.Add(*items) if len(items) > 1 else items[0]
        finally:
            self.s.depth -= 1

    def dotted_sum(self, items: list[Expr], at: int, token: Token) -> list[Expr]:
        r"""``a_1 + a_2 + \cdots + a_K``: a sum of the last term's pattern from the first index."""
        if at >= len(items):
            raise self.fail("a last term after the dots", token)
        first, last = items[0], items[at]
        entries = [x for x in sympy.preorder_traversal(last) if isinstance(x, sympy.Indexed)]
        uppers = {x.indices[-1] for x in entries}
        if len(uppers) != 1:
            raise self.fail("a last term with one index, such as e^{z_K}", token)
        (upper,) = uppers
        k = self.fresh_index(last + first)

        def general(x: sympy.Indexed) -> Expr:
            return x.base[tuple([*x.indices[:-1], k])] if x.indices[-1] == upper else x

        template = last.replace(lambda e: isinstance(e, sympy.Indexed), general)
        lower = next(
            (
                x.indices[-1]
                for x in sympy.preorder_traversal(first)
                if isinstance(x, sympy.Indexed) and x.indices[-1].is_Integer
            ),
            None,
        )
        if lower is None:
            raise self.fail("a first term with a number index, such as e^{z_1}", token)
        written = items[:at]
        if any(template.xreplace({k: lower + n}) != t for n, t in enumerate(written)):
            raise self.fail("terms that follow one pattern around the dots", token)
        self.note(f"dots read as a sum over {k} = {lower}..{upper}")
        return [sympy.Sum(template, (k, lower, upper)), *items[at + 1 :]]

    def starts_factor(self, t: Token) -> bool:
        if t.kind in ("num", "{"):
            return True
        if t.kind == "char":
            if t.text == "|":
                return self.abs_depth == 0
            return t.text.isalpha() or t.text in "(["
        if t.kind == "cmd":
            return t.text not in STOP_COMMANDS
        return False

    def term(self) -> Expr:
        r"""Read a product: ``unary ((\cdot | \times | * | / | . | juxtaposition) unary)*``."""
        factors: list[Expr] = [self.unary()]
        while True:
            t = self.tok
            if (
                t.is_cmd("cdot", "times", "ast")
                or t.is_char("*")
                or (t.is_char(".") and self.starts_factor(self.peek()))
            ):
                self.advance()
                factors.append(self.unary())
            elif t.is_char("/") or t.is_cmd("div"):
                self.advance()
                denominator = self.factor()
                factors.append(self.divide(Integer(1), denominator, t))
            elif self.starts_factor(t):
                factors.append(self.factor())
            else:
                break
        return sympy.Mul(*factors) if len(factors) > 1 else factors[0]

    def divide(self, numerator: Expr, denominator: Expr, token: Token) -> Expr:
        if denominator == 0:
            raise self.fail("a nonzero denominator", token)
        self.s.conditions[("nonzero", denominator)] = None
        return numerator / denominator

    def unary(self) -> Expr:
        if self.tok.is_char("-"):
            self.advance()
            return -self.unary()
        if self.tok.is_char("+"):
            self.advance()
            return self.unary()
        return self.factor()

    def factor(self) -> Expr:
        """factor := primary (^ script)* with the scripts and primes of names handled by names."""
        self.s.depth += 1
        if self.s.depth > _MAX_DEPTH:
            raise self.fail("less deeply nested math (more than 120 levels)")
        try:
            base = self.primary()
            if self.tok.is_char("^") and isinstance(base, Symbol | sympy.Indexed):
                base = self.superscript_name(base)
            while self.tok.is_char("^"):
                caret = self.advance()
                base = self.power(base, self.script(), caret)
            if self.tok.is_char("!"):
                raise self.fail("no factorial (not read)")
            return base
        finally:
            self.s.depth -= 1

    def superscript_name(self, base: Expr) -> Expr:
        """``x^{(i)}``: a parenthesised superscript labels a sample; it is part of the name."""
        k = self.i + 1
        toks = self.tokens
        labelled = (
            (
                toks[k].kind == "{"
                and toks[k + 1].is_char("(")
                and toks[k + 2].kind in ("char", "num")
                and toks[k + 3].is_char(")")
                and toks[k + 4].kind == "}"
            )
            if k + 4 < len(toks)
            else False
        )
        if not labelled:
            return base
        label = toks[k + 2].text
        self.i = k + 5
        if isinstance(base, Symbol):
            if self.tok.is_char("_"):
                return self.subscripted(f"{base.name}^({label})", self.tok)
            return Symbol(f"{base.name}^({label})", **base.assumptions0)
        family = self.family(f"{base.base.label}^({label})")
        return family[base.indices]

    def script(self) -> Expr:
        braced = self.tok.kind == "{"
        tokens, end = self.group_tokens()
        if not braced and tokens[0].kind == "num" and len(tokens[0].text) > 1:
            # x^23 is x^{2}3 in TeX; nobody means that, so refuse it.
            raise self.fail("braces around a superscript of several digits", tokens[0])
        if any(
            t.is_cmd("top", "intercal") or (t.is_char("T") and len(tokens) == 1) for t in tokens
        ):
            raise self.fail("no transpose (vectors and matrices are not read)", tokens[0])
        if len(tokens) == 1 and tokens[0].is_cmd("prime"):
            raise self.fail("a prime right after a name (f'(x))", tokens[0])
        return self.parse_slice(tokens, end, "a superscript")

    def power(self, base: Expr, exponent: Expr, token: Token) -> Expr:
        if exponent.is_Number and abs(exponent) > _MAX_EXPONENT:
            raise self.fail(f"an exponent of at most {_MAX_EXPONENT}", token)
        if base.is_Number and exponent.is_Number and base == 0 and exponent.is_negative:
            raise self.fail("a nonzero base under a negative exponent", token)
        if base == sympy.E:
            return sympy.exp(exponent)
        self.record(sympy.Pow(base, exponent, evaluate=False))
        return sympy.Pow(base, exponent)

    # -- primaries -----------------------------------------------------------------

    def primary(self) -> Expr:
        t = self.tok
        if t.kind == "num":
            self.advance()
            return Rational(t.text)
        if t.kind == "{":
            return self.brace_group()
        if t.kind == "char":
            if t.text in "([":
                return self.bracket_group()
            if t.text == "|":
                return self.absolute()
            if t.text.isalpha():
                return self.letters()
            raise self.fail("an expression")
        if t.kind == "cmd":
            return self.command()
        raise self.fail("an expression")

    def brace_group(self) -> Expr:
        open_token = self.advance()
        if self.tok.kind == "}":
            raise self.fail("an expression inside the braces")
        value = self.expression()
        if self.tok.is_cmd("over"):
            over = self.advance()
            denominator = self.expression()
            value = self.divide(value, denominator, over)
        if self.tok.is_cmd("choose", "atop", "brace", "brack"):
            raise self.fail("no \\choose or \\atop (not read)")
        if self.tok.kind != "}":
            raise self.fail(f"'}}' closing the '{{' at column {open_token.pos + 1}")
        self.advance()
        return self.postfix_group(value)

    def bracket_group(self) -> Expr:
        values = self.arguments()
        if len(values) != 1:
            raise self.fail("one expression in the brackets (a tuple is not a number)")
        return self.postfix_group(values[0])

    def arguments(self) -> list[Expr]:
        """``( a, b, ... )`` with any bracket kind; the cursor is on the opener."""
        opener = self.advance()
        values: list[Expr] = []
        saved = self.abs_depth
        self.abs_depth = 0
        while True:
            if self.tok.is_cmd("ldots", "cdots", "dots"):
                self.advance()
                values.append(sympy.Symbol("…"))
            else:
                values.append(self.expression())
            if self.tok.is_char(","):
                self.advance()
                continue
            break
        self.abs_depth = saved
        t = self.tok
        if not (t.is_char(")", "]") or (t.kind == "cmd" and t.text in CLOSERS) or t.kind == "}"):
            raise self.fail(
                f"a closing bracket for the {opener.source()!r} at column {opener.pos + 1}"
            )
        self.advance()
        return values

    def postfix_group(self, value: Expr) -> Expr:
        """A group followed by ``_`` (``{w_{1}}_{i}``, as SymPy prints indexed names)."""
        if self.tok.is_char("_") and isinstance(value, Symbol):
            return self.subscripted(value.name, self.tok)
        return value

    def absolute(self) -> Expr:
        open_token = self.advance()
        self.abs_depth += 1
        value = self.expression()
        self.abs_depth -= 1
        if not (self.tok.is_char("|") or self.tok.is_cmd("rvert", "vert")):
            raise self.fail(f"'|' closing the '|' at column {open_token.pos + 1}")
        self.advance()
        return sympy.Abs(value)

    def command(self) -> Expr:
        t = self.tok
        name = t.text
        if name in FRAC:
            return self.fraction()
        if name == "sqrt":
            return self.root()
        if name in ("sum", "prod"):
            return self.big_operator()
        if name in ("partial", "nabla"):
            return self.partial()
        if name in ("{", "lbrace", "lbrack"):
            return self.bracket_group()
        if name in ("lvert", "vert"):
            return self.absolute()
        if name in ELEMENTARY:
            self.advance()
            return self.function(name, t)
        if name in ("infty", "infin"):
            raise self.fail("a finite expression (limits and infinity are not read)")
        if name in (
            "int",
            "iint",
            "oint",
            "lim",
            "limsup",
            "liminf",
            "sup",
            "inf",
            "arg",
            "argmax",
        ):
            raise self.fail(f"no \\{name} (not read)")
        if name in TEXT:
            self.advance()
            tokens, _ = self.group_tokens()
            word = plain_word(tokens) or ""
            if word in ELEMENTARY:
                return self.function(word, t)
            if word in WORDS or by_latex(word) is not None:
                return self.named(word, t)
            self.note(f"text {written(tokens)!r} ignored as prose")
            if self.starts_factor(self.tok):
                return self.factor()
            return Integer(1)
        named = name in WORD or name in STYLE or name in ACCENT or name in SCRIPT
        if named or name in GREEK or name == "mathbb":
            return self.name_atom()
        if name in ("ldots", "cdots", "dots"):
            raise self.fail(
                "an expression (an ellipsis is read only in softmax(z_1, \\ldots, z_K))"
            )
        raise self.fail(f"a known command (\\{name} is not read)")

    def fraction(self) -> Expr:
        frac = self.advance()
        numerator, num_end = self.frac_argument()
        denominator, den_end = self.frac_argument()
        derivative = self.derivative_fraction(numerator, denominator, num_end, den_end, frac)
        if derivative is not None:
            return derivative
        top = self.parse_slice(numerator, num_end, "a numerator")
        bottom = self.parse_slice(denominator, den_end, "a denominator")
        return self.divide(top, bottom, frac)

    def frac_argument(self) -> tuple[list[Token], int]:
        t = self.tok
        if t.kind == "num" and len(t.text) > 1 and "." not in t.text:
            # \frac12: the first digit is one argument, the rest starts the next.
            first = Token("num", t.text[0], t.pos, t.space_before)
            rest = Token("num", t.text[1:], t.pos + 1)
            self.tokens[self.i : self.i + 1] = [first, rest]
        return self.group_tokens()

    def root(self) -> Expr:
        self.advance()
        index: Expr = Integer(2)
        if self.tok.is_char("["):
            start = self.advance()
            k = self.i
            while not self.tokens[k].is_char("]") and self.tokens[k].kind != "end":
                k += 1
            if self.tokens[k].kind == "end":
                raise self.fail(f"']' closing the '[' at column {start.pos + 1}", self.tokens[k])
            index = self.parse_slice(self.tokens[self.i : k], self.tokens[k].pos, "a root index")
            self.i = k + 1
        tokens, end = self.group_tokens()
        radicand = self.parse_slice(tokens, end, "an expression under the root")
        if not (index.is_Integer and 2 <= int(index) <= _MAX_EXPONENT):
            raise self.fail("a whole root index from 2 to 1000")
        self.record(sympy.Pow(radicand, 1 / index, evaluate=False))
        return sympy.root(radicand, index)

    # -- sums ----------------------------------------------------------------------

    def big_operator(self) -> Expr:
        op = self.advance()
        lower_tokens: list[Token] | None = None
        upper_tokens: list[Token] | None = None
        lower_end = upper_end = op.pos
        while self.tok.is_char("_", "^"):
            which = self.advance()
            tokens, end = self.group_tokens()
            if which.text == "_":
                lower_tokens, lower_end = tokens, end
            else:
                upper_tokens, upper_end = tokens, end
        if lower_tokens is None:
            raise self.fail(f"an index under \\{op.text} (\\{op.text}_{{k=1}}^{{K}})")
        excluded: Expr | None = None
        lower_tokens = _substack(lower_tokens)
        ne = next((k for k, x in enumerate(lower_tokens) if x.is_cmd("ne", "neq")), None)
        if ne is not None and op.text == "sum":
            # \sum_{j \ne i}: the sum over the whole range minus the term j = i
            excluded = self.parse_slice(lower_tokens[ne + 1 :], lower_end, "an excluded index")
            self.s.learned_integers.update(str(x) for x in excluded.free_symbols)
            lower_tokens = _range_before_condition(lower_tokens[:ne])
        eq = next((k for k, x in enumerate(lower_tokens) if x.is_char("=")), None)
        index_tokens = lower_tokens if eq is None else lower_tokens[:eq]
        index_name = plain_word(index_tokens)
        if not index_name or not index_name.isalpha():
            raise self.fail(
                "an index such as k or k=1 (sums over sets or conditions are not read)",
                lower_tokens[0] if lower_tokens else op,
            )
        self.s.learned_integers.add(index_name)
        if eq is not None:
            lower = self.parse_slice(lower_tokens[eq + 1 :], lower_end, "a lower limit")
            if upper_tokens is None:
                raise self.fail(f"an upper limit ^{{...}} for \\{op.text}")
            upper = self.parse_slice(upper_tokens, upper_end, "an upper limit")
        else:
            default = (Integer(1), self.s.context.class_count)
            lower, upper = self.s.context.ranges.get(index_name, default)
            if upper_tokens is not None and excluded is None:
                raise self.fail(f"a lower limit {index_name}=... under \\{op.text}")
            if upper_tokens is not None:
                upper = self.parse_slice(upper_tokens, upper_end, "an upper limit")
            else:
                self.note(f"\\{op.text}_{index_name} read as {index_name} = {lower}..{upper}")
        for s in upper.free_symbols | lower.free_symbols:
            if isinstance(s, Symbol):
                self.s.learned_integers.add(s.name)
        if not self.starts_factor(self.tok) and not self.tok.is_char("-"):
            raise self.fail(f"a term after \\{op.text}")
        body = self.term()
        index = Symbol(index_name, integer=True)
        limits = (index, lower, upper)
        if excluded is not None:
            self.note(
                f"sum over {index_name} != {excluded} read as the sum over {index_name} = "
                f"{lower}..{upper} minus the term {index_name} = {excluded} ({excluded} in range)"
            )
            return sympy.Sum(body, limits) - body.xreplace({index: excluded})
        return sympy.Sum(body, limits) if op.text == "sum" else sympy.Product(body, limits)

    # -- derivatives ---------------------------------------------------------------

    def derivative_fraction(
        self,
        numerator: list[Token],
        denominator: list[Token],
        num_end: int,
        den_end: int,
        frac: Token,
    ) -> Expr | None:
        both = numerator and denominator
        if both and numerator[0].is_cmd("Delta") and denominator[0].is_cmd("Delta"):
            raise self.fail("a derivative, not a difference quotient (\\Delta is not read)", frac)
        if both and numerator[0].is_cmd("delta") and denominator[0].is_cmd("delta"):
            numerator = [Token("cmd", "partial", numerator[0].pos), *numerator[1:]]
            denominator = [Token("cmd", "partial", denominator[0].pos), *denominator[1:]]
        mark = d_mark(numerator, 0)
        if mark is None or d_mark(denominator, 0) is None:
            return None
        kind, k = mark
        order = 1
        if k < len(numerator) and numerator[k].is_char("^"):
            order_tokens = numerator[k + 1 : k + 2]
            if order_tokens and order_tokens[0].kind == "{":
                end = group_end(numerator, k + 1)
                order_tokens = numerator[k + 2 : end]
                k = end + 1
            else:
                k += 2
            text = written(order_tokens)
            if not text.isdigit() or not 1 <= int(text) <= 4:
                raise self.fail("a derivative order from 1 to 4", numerator[0])
            order = int(text)
        variables = self.derivative_variables(denominator, den_end)
        if sum(n for _, n in variables) != order:
            raise self.fail(f"as many variables below as the order above ({order})", denominator[0])
        wrt: list[Expr] = []
        for v, n in variables:
            wrt.extend([v] * n)
        operand_tokens = numerator[k:]
        if operand_tokens:
            operand = self.derivative_operand(operand_tokens, num_end, wrt)
        else:
            operand = self.operator_operand(frac, wrt)
        return self.derivative(operand, wrt, kind)

    def derivative_variables(self, tokens: list[Token], end: int) -> list[tuple[Expr, int]]:
        out: list[tuple[Expr, int]] = []
        p = self.sub(tokens, end)
        while p.tok.kind != "end":
            mark = d_mark(p.tokens, p.i)
            if mark is None:
                raise p.fail("d or \\partial before each variable")
            p.i = mark[1]
            var = p.variable()
            count = 1
            if p.tok.is_char("^"):
                p.advance()
                order_tokens, _ = p.group_tokens()
                text = written(order_tokens)
                if not text.isdigit() or not 1 <= int(text) <= 4:
                    raise p.fail("a derivative order from 1 to 4")
                count = int(text)
            out.append((var, count))
        return out

    def variable(self) -> Expr:
        r"""A variable of differentiation: a name as written, even one the context defines.

        ``\frac{\partial L}{\partial \hat y}`` after ``\hat y = \sigma(z)`` differentiates
        by ``yhat`` itself; whoever resolves definitions later puts σ(z) in after differentiating.
        """
        start = self.tok
        saved = self.s.plain_names
        self.s.plain_names = True
        try:
            value = self.factor_without_power()
        finally:
            self.s.plain_names = saved
        if not isinstance(value, Symbol | sympy.Indexed) or value in (sympy.E, sympy.pi):
            raise self.fail("a variable to differentiate by (a name such as x or z_j)", start)
        return value

    def factor_without_power(self) -> Expr:
        t = self.tok
        if t.kind == "{":
            self.advance()
            value = self.expression()
            if self.tok.kind != "}":
                raise self.fail("'}'")
            self.advance()
            return self.postfix_group(value)
        if t.kind == "char" and t.text.isalpha():
            return self.name_atom(single=True, allow_call=False)
        if t.kind == "cmd":
            return self.name_atom(allow_call=False)
        raise self.fail("a variable to differentiate by")

    def derivative_operand(self, tokens: list[Token], end: int, wrt: list[Expr]) -> Expr:
        p = self.sub(tokens, end)
        p_apply = _Applying(p, tuple(dict.fromkeys(wrt)))
        value = p_apply.read()
        return value

    def operator_operand(self, token: Token, wrt: list[Expr]) -> Expr:
        if not (self.starts_factor(self.tok) or self.tok.is_char("-")):
            raise self.fail("an expression to differentiate", self.tok)
        start = self.i
        value = _Applying(self, tuple(dict.fromkeys(wrt)), term=True).read()
        if self.i == start:
            raise self.fail("an expression to differentiate", token)
        return value

    def derivative(self, operand: Expr, wrt: Sequence[Expr], kind: str) -> Expr:
        del kind  # d and ∂ mean the same here: every other symbol is held fixed
        wrt = [self.entry_of_vector(operand, v) for v in wrt]
        for v in wrt:
            if isinstance(v, sympy.Indexed):
                for i in v.indices:
                    for s in i.free_symbols:
                        self.s.learned_integers.add(str(s))
        if not any(_depends(operand, v) for v in wrt):
            self.note(
                f"{operand} does not depend on {', '.join(map(str, wrt))} as written: "
                "its derivative reads as 0"
            )
        return sympy.Derivative(operand, *wrt)

    def partial(self) -> Expr:
        op = self.advance()
        if op.text == "partial" and not self.tok.is_char("_"):
            return self.slashed_derivative(op)
        if not self.tok.is_char("_"):
            raise self.fail(f"a subscript after \\{op.text} (\\{op.text}_{{x}})")
        self.advance()
        tokens, end = self.group_tokens()
        p = self.sub(tokens, end)
        var = p.variable()
        if p.tok.kind != "end":
            raise p.fail("one variable")
        operand = self.operator_operand(op, [var])
        return self.derivative(operand, [var], "partial")

    def slashed_derivative(self, op: Token) -> Expr:
        r"""``\partial L/\partial z_j``, ``dy/dx``, ``d/dx f`` inline (cursor after the mark)."""
        if self.tok.is_char("/"):
            self.advance()
            mark = d_mark(self.tokens, self.i)
            if mark is None:
                raise self.fail(f"{op.source()} before the variable below the '/'")
            self.i = mark[1]
            var = self.variable()
            return self.derivative(self.operator_operand(op, [var]), [var], op.text)
        start = self.tok
        operand_start = self.i
        self.factor_without_power()  # the name differentiated, read again below as an operand
        operand_tokens = self.tokens[operand_start : self.i]
        if not self.tok.is_char("/"):
            raise self.fail(f"'/' and the variable after {op.source()} (\\partial L/\\partial x)")
        self.advance()
        mark = d_mark(self.tokens, self.i)
        if mark is None:
            raise self.fail(f"{op.source()} before the variable below the '/'")
        self.i = mark[1]
        var = self.variable()
        operand = self.derivative_operand(operand_tokens, start.pos, [var])
        return self.derivative(operand, [var], op.text)

    # -- names ---------------------------------------------------------------------

    def letters(self) -> Expr:
        """A run of letters: a known function word (``tanh``), else one letter."""
        if self.tok.is_char("d") and slashed_d(self.tokens, self.i):
            return self.slashed_derivative(self.advance())
        start = self.i
        k = start
        while (
            k < len(self.tokens)
            and self.tokens[k].kind == "char"
            and self.tokens[k].text.isalpha()
            and (k == start or not self.tokens[k].space_before)
        ):
            k += 1
        word = "".join(t.text for t in self.tokens[start:k])
        if len(word) > 1 and (word in WORDS or by_latex(word) is not None):
            token = self.tok
            self.i = k
            if word in ELEMENTARY:
                return self.function(word, token)
            return self.named(word, token)
        if len(word) >= 4 and word in GREEK:
            # theta without its backslash (as plain-text sources write it) is θ, not t·h·e·t·a
            token = self.tok
            self.i = k
            self.note(f"{word} read as the Greek letter")
            return self.named(word, token)
        after = self.tokens[k] if k < len(self.tokens) else self.tok
        defined = word in self.s.context.definitions or word in self.s.functions
        if len(word) >= 3 and (defined or (after.is_char("(") and not after.space_before)):
            # relu(z), loss(x): a word before its parenthesis names a function
            token = self.tok
            self.i = k
            self.note(f"{word} read as one name")
            return self.named(word, token)
        return self.name_atom(single=True)

    def name_atom(self, *, single: bool = False, allow_call: bool = True) -> Expr:
        """A name (letter, Greek, styled, accented, word) with its scripts, primes, call."""
        token = self.tok
        name = self.base_name()
        if name == "1" and self.tok.is_char("_"):
            return self.indicator(token)
        if name in ELEMENTARY:
            return self.function(name, token)
        if not allow_call:
            if self.tok.is_char("_"):
                return self.subscripted(name, token, allow_call=False)
            return self.resolve(name, token)
        return self.named(name, token)

    def base_name(self) -> str:
        t = self.advance()
        if t.kind == "char":
            if t.text.isalpha():
                # a letter directly followed by digits is a subscripted name: x2 is x_2
                if (
                    self.tok.kind == "num"
                    and not self.tok.space_before
                    and "." not in self.tok.text
                ):
                    digits = self.advance().text
                    return t.text + digits
                return t.text
            raise self.fail("a name", t)
        if t.kind != "cmd":
            raise self.fail("a name", t)
        if t.text in GREEK:
            return t.text
        if t.text in STYLE or t.text in WORD or t.text == "mathbb":
            tokens, _ = self.group_tokens()
            word = plain_word(tokens)
            if word is None:
                return self.inner_name(tokens, t)
            if t.text == "mathbb" and word != "1":
                # \mathbb{E}[x] is an expectation, \mathbb{R} a set: neither is a number
                raise self.fail(f"a number or a name (\\mathbb{{{word}}} is not read)", t)
            return word
        if t.text in ACCENT or t.text in SCRIPT:
            tokens, _ = self.group_tokens()
            base = self.inner_name(tokens, t)
            if t.text in SCRIPT:
                return f"{base}_{SCRIPT[t.text]}"  # \mathcal{L} is not L
            return base + ACCENT[t.text]
        raise self.fail("a name", t)

    def inner_name(self, tokens: list[Token], command: Token) -> str:
        r"""The name inside ``\hat{y_j}``; its scripts move after the group (``\hat{y}_j``)."""
        inner = self.sub(tokens, command.pos)
        name = inner.base_name()
        rest = inner.tokens[inner.i : -1]
        if rest:
            if not rest[0].is_char("_", "^", "'"):
                raise inner.fail(f"only a name inside {command.source()}{{...}}")
            self.tokens[self.i : self.i] = rest
        return name

    def named(self, name: str, token: Token) -> Expr:
        """A name and what follows it: subscripts, superscripts, primes, an argument list."""
        if name == "delta" and self.tok.is_char("_"):
            return self.kronecker(token)
        primes = 0
        while self.tok.is_char("'"):
            self.advance()
            primes += 1
        if self.tok.is_char("^") and self.peek().is_cmd("prime"):
            self.i += 2
            primes += 1
        fn = by_latex(name)
        definition = self.s.context.definitions.get(name)
        is_function = (definition is not None and definition.head.params) or (
            fn is not None and definition is None
        )
        if name in self.s.context.kinds or (definition is not None and not definition.head.params):
            is_function = False
        if fn is not None and fn.vector and is_function:
            return self.vector_function(name, fn.name, token)
        if fn is not None and fn.name == "logsumexp" and is_function:
            return self.logsumexp(token)
        if fn is not None and fn.name == "cross_entropy" and is_function:
            return self.cross_entropy(token)
        if self.tok.is_char("_"):  # z_j, and \sigma_j: a subscripted σ is a variable
            value = self.subscripted(name, token)
            if primes:
                return self.prime_name(value, primes)
            return value
        power: Expr | None = None
        if is_function and self.tok.is_char("^"):
            caret = self.advance()
            power = self.script()
            if power == -1:
                raise self.fail("no inverse function (f^{-1} is not read)", caret)
        at_call = self.tok.is_char("(", "[") or self.tok.is_cmd("{")
        if at_call:
            value = self.call_or_product(name, token, bool(is_function), primes)
        elif is_function and primes == 0 and self.bare_argument_follows(name):
            value = self.apply(name, [self.bare_argument()], token, 0)
        else:
            value = self.resolve(name, token)
            if primes:
                value = self.prime_name(value, primes)
        if power is not None:
            value = self.power(value, power, token)
        return value

    def bare_argument_follows(self, name: str) -> bool:
        # \sigma z is rare; only words such as \operatorname{sigmoid} z take a bare argument
        return len(name) > 1 and name not in GREEK and self.starts_factor(self.tok)

    def prime_name(self, value: Expr, primes: int) -> Expr:
        if isinstance(value, Symbol):
            return Symbol(value.name + "'" * primes, **value.assumptions0)
        raise self.fail("a prime on a name (f'(x))")

    def call_or_product(self, name: str, token: Token, is_function: bool, primes: int) -> Expr:
        call_pos = self.tok.pos
        definition = self.s.context.definitions.get(name)
        single_letter = len(name) == 1 or name in GREEK or name.endswith(("hat", "bar", "tilde"))
        bare_use = name in self.s.values
        defined_function = definition is not None and bool(definition.head.params)
        if primes or name in self.s.functions or defined_function:
            prefer_call = True
        elif is_function:
            prefer_call = not bare_use
        elif name in self.s.context.kinds or definition is not None:
            prefer_call = False
        else:
            prefer_call = not single_letter
        ambiguous = (
            not primes
            and name not in self.s.functions
            and (
                (definition is not None and definition.head.params and bare_use)
                or (is_function and bare_use)
                or (not is_function and single_letter and definition is None)
            )
        )
        if ambiguous:
            self.s.ambiguous.append(call_pos)
            if call_pos in self.s.flips:
                prefer_call = not prefer_call
            elif prefer_call:
                self.note(f"{name}(...) read as a function application; it could be a product")
            else:
                self.note(f"{name}(...) read as a product; it could be a function application")
        if prefer_call:
            args = self.arguments()
            return self.apply(name, args, token, primes)
        args = self.arguments()
        if len(args) > 1:  # g(x, y) is no product
            return self.apply(name, args, token, primes)
        value = self.resolve(name, token)
        return value * self.postfix_group(args[0])

    def apply(self, name: str, args: list[Expr], token: Token, primes: int) -> Expr:
        if any(a == Symbol("…") for a in args):
            raise self.fail("explicit arguments (an ellipsis is read only in softmax)", token)
        definition = self.s.context.definitions.get(name)
        if definition is not None and definition.head.params:
            params = definition.head.params
            if len(args) != len(params):
                raise self.fail(f"{len(params)} argument(s) for {name}", token)
            return self.with_primes(
                lambda *xs: _substitute(definition.body, params, xs, self), args, primes, token
            )
        fn = by_latex(name)
        if fn is not None and definition is None and name not in self.s.context.kinds:
            if fn.arity is not None and len(args) != fn.arity:
                raise self.fail(f"{fn.arity} argument(s) for {name}", token)
            result = self.with_primes(fn.build, args, primes, token)
            return result
        undefined = Function(name, real=True)
        self.s.learned_functions.add(name)
        self.note(f"{name} is an unknown function")
        return self.with_primes(undefined, args, primes, token)

    def with_primes(
        self, build: Callable[..., Expr], args: list[Expr], primes: int, token: Token
    ) -> Expr:
        if primes == 0:
            value = build(*args)
            self.record(value)
            return value
        if len(args) != 1:
            raise self.fail("one argument for a function with a prime", token)
        (arg,) = args
        if isinstance(arg, Symbol | sympy.Indexed):
            return sympy.Derivative(build(arg), *([arg] * primes))
        t = sympy.Dummy("t", real=True)
        derivative = sympy.Derivative(build(t), *([t] * primes))
        if isinstance(build, sympy.FunctionClass) and not issubclass(build, sf.SoftsymFunction):
            return sympy.Subs(derivative, t, arg)
        return derivative.doit().xreplace({t: arg})

    def function(self, name: str, token: Token) -> Expr:
        r"""``\exp``, ``\log``, ``\tanh``, ``\max`` ...: scripts, then arguments."""
        if name in ("max", "min") and self.tok.is_char("_"):
            return self.ranged_extremum(name, token)
        base: Expr | None = None
        power: Expr | None = None
        while self.tok.is_char("_", "^"):
            which = self.advance()
            if which.text == "_":
                if name not in ("log",):
                    raise self.fail(f"no subscript on \\{name}", which)
                tokens, end = self.group_tokens()
                base = self.parse_slice(tokens, end, "a logarithm base")
            else:
                power = self.script()
                if power == -1:
                    raise self.fail("no inverse function (f^{-1} is not read)", which)
        args = self.operator_arguments(f"an argument of \\{name}", f"an argument for \\{name}")
        fn = ELEMENTARY[name]
        if name in ("max", "min"):
            if len(args) < 2:
                raise self.fail(f"two or more arguments for \\{name}", token)
        elif len(args) != 1:
            raise self.fail(f"one argument for \\{name}", token)
        if name == "ln":
            self.note("\\ln is the natural logarithm")
        if name in ("log", "ln"):
            self.record(sympy.log(args[0], evaluate=False))
            value = sympy.log(args[0]) if base is None else sympy.log(args[0], base)
            if base is not None:
                self.record(sympy.log(base, evaluate=False))
                self.s.conditions[("nonzero", sympy.log(base))] = None
        elif name == "sqrt":
            self.record(sympy.Pow(args[0], Rational(1, 2), evaluate=False))
            value = sympy.sqrt(args[0])
        else:
            value = fn(*args)
        return value if power is None else self.power(value, power, token)

    def operator_arguments(self, braced: str, missing: str) -> list[Expr]:
        r"""The arguments after ``\log``, ``\max_j`` ...: ``(a, b)``, ``{a}`` or a bare factor.

        Args:
            braced: What a braced argument is, for messages (``"an argument of \\log"``).
            missing: What was expected when no argument follows.
        """
        if self.tok.is_char("(", "[") or self.tok.is_cmd("{", "lbrace"):
            return self.arguments()
        if self.tok.kind == "{":
            tokens, end = self.group_tokens()
            return [self.parse_slice(tokens, end, braced)]
        if self.starts_factor(self.tok):
            return [self.bare_argument()]
        raise self.fail(missing)

    def ranged_extremum(self, name: str, token: Token) -> Expr:
        r"""``\max_j z_j``, ``\max_{k=1}^{3} f(k)``: the largest (smallest) term over a range.

        Only a range of at most :data:`_MAX_RANGE` numbers is read, as ``Max`` of the
        terms written out; over a symbolic range (``j = 1..K``) it is an error, never a
        guess: no finite ``Max`` expression means the maximum of K terms.
        """
        self.advance()  # the _
        lower_tokens, lower_end = self.group_tokens()
        upper_tokens: tuple[list[Token], int] | None = None
        if self.tok.is_char("^"):
            self.advance()
            upper_tokens = self.group_tokens()
        index_name, lower, upper = self.index_range(lower_tokens, lower_end, upper_tokens, token)
        args = self.operator_arguments(
            f"a term of \\{name}", f"a term after \\{name}_{{{index_name}}}"
        )
        if len(args) != 1:
            raise self.fail(f"one term after \\{name}_{{{index_name}}}", token)
        size = upper - lower + 1
        if not (lower.is_Integer and upper.is_Integer and 1 <= int(size) <= _MAX_RANGE):
            raise self.fail(
                f"a range of 1 to {_MAX_RANGE} numbers under \\{name} (a {name} over "
                f"{index_name} = {lower}..{upper} is not read; write "
                f"\\{name}(z_1, \\ldots, z_n) with its terms)",
                token,
            )
        index = {Symbol(index_name, integer=True), Symbol(index_name, real=True)}
        terms = [
            args[0].xreplace(dict.fromkeys(index, Integer(n)))
            for n in range(int(lower), int(upper) + 1)
        ]
        self.note(f"\\{name}_{index_name} read over {index_name} = {lower}..{upper}")
        return sf.max_min(sympy.Max if name == "max" else sympy.Min, terms)

    def index_range(
        self,
        lower_tokens: list[Token],
        lower_end: int,
        upper: tuple[list[Token], int] | None,
        token: Token,
    ) -> tuple[str, Expr, Expr]:
        r"""``j``, ``j=1`` with an upper limit: an index name and its range (context's default)."""
        eq = next((k for k, x in enumerate(lower_tokens) if x.is_char("=")), None)
        index_name = plain_word(lower_tokens if eq is None else lower_tokens[:eq])
        if not index_name or not index_name.isalpha() or len(index_name) > 1:
            raise self.fail("an index such as k or k=1 (sets and conditions are not read)", token)
        self.s.learned_integers.add(index_name)
        if eq is None:
            if upper is not None:
                raise self.fail(f"a lower limit {index_name}=... with the upper limit", token)
            default = (Integer(1), self.s.context.class_count)
            low, high = self.s.context.ranges.get(index_name, default)
            return index_name, low, high
        if upper is None:
            raise self.fail("an upper limit ^{...} with the lower limit", token)
        low = self.parse_slice(lower_tokens[eq + 1 :], lower_end, "a lower limit")
        high = self.parse_slice(*upper, "an upper limit")
        return index_name, low, high

    def bare_argument(self) -> Expr:
        r"""``\log x``, ``\log p_j``, ``\log \sigma(z)``: juxtaposed simple factors."""
        factors = [self.factor()]
        while self.starts_factor(self.tok) and simple_start(self.tok):
            factors.append(self.factor())
        return sympy.Mul(*factors) if len(factors) > 1 else factors[0]

    def resolve(self, name: str, token: Token) -> Expr:
        """A name read as a value: a definition, a constant, or a symbol."""
        self.s.learned_values.add(name)
        definition = self.s.context.definitions.get(name)
        if definition is not None and self.s.plain_names:
            self.note(f"{name} differentiated by as a variable (its definition applies after)")
            return self.symbol(name)
        if (
            definition is not None
            and len(definition.head.indices) == 1
            and not definition.head.params
            and self.s.vector_index is not None
        ):  # \hat{\mathbf y} after \hat y_j := ...: its entry, in an entry-wise reading
            return self.indexed_value(name, [self.vector_entry(name)], token)
        if definition is not None and not definition.head.indices:
            if definition.head.params:
                self.note(f"{name} read as {name}({', '.join(definition.head.params)})")
            return definition.body
        declared = name in self.s.context.kinds or definition is not None
        if name == "e" and not declared and "e" not in self.s.indexed:
            self.note("e read as Euler's number")
            return sympy.E
        if name == "pi" and not declared and "pi" not in self.s.indexed:
            return sympy.pi
        if name in ("e", "pi"):
            self.note(f"{name} read as a variable (the document uses it as one)")
        return self.symbol(name)

    def subscripted(self, name: str, token: Token, *, allow_call: bool = True) -> Expr:
        """``z_j``, ``z_{ij}``, ``z_1``, ``L_{CE}``, ``p_j`` (defined), ``e_j`` (a variable)."""
        self.advance()  # the _
        tokens, end = self.group_tokens()
        family = name in self.s.indexed or name in self.s.context.indexed
        if family and _number(tokens):  # z_1 of a family z is its entry, not the name z1
            return self.indexed_value(name, [Integer(tokens[0].text)], token)
        longer = _subscript_name(name, tokens)
        if longer is not None:
            return self.after_name(longer, token, allow_call)
        numbered = len(tokens) > 2 and tokens[0].kind == "num" and tokens[1].is_char(",")
        if numbered and "." not in tokens[0].text and name not in self.s.context.definitions:
            # w_{1,i}: entry i of the family w1 (how SymPy prints IndexedBase("w1")[i])
            name, tokens = name + tokens[0].text, tokens[2:]
        indices = self.index_list(tokens, end)
        if name in ("e", "pi"):
            self.note(f"{name} read as a variable (it has a subscript)")
        return self.indexed_value(name, indices, token)

    def after_name(self, name: str, token: Token, allow_call: bool) -> Expr:
        if allow_call and (self.tok.is_char("(") or self.tok.is_char("'")):
            return self.named(name, token)
        return self.resolve(name, token)

    def index_list(self, tokens: list[Token], end: int) -> list[Expr]:
        parts: list[list[Token]] = [[]]
        depth = 0
        for t in tokens:
            if t.kind == "{":
                depth += 1
            elif t.kind == "}":
                depth -= 1
            if depth == 0 and t.is_char(","):
                parts.append([])
            else:
                parts[-1].append(t)
        if (
            len(parts) == 1
            and len(tokens) > 1
            and all(t.kind == "char" and t.text.isalpha() for t in tokens)
        ):
            parts = [[t] for t in tokens]  # z_{ij}: two indices
        indices = []
        for part in parts:
            if not part:
                raise self.fail("an index", tokens[0] if tokens else self.tok)
            for t in part:
                if t.kind == "char" and t.text.isalpha():
                    self.s.learned_integers.add(t.text)
            saved, self.s.plain_names = self.s.plain_names, False  # ∂θ_i: i is read as usual
            try:
                indices.append(self.parse_slice(part, end, "an index"))
            finally:
                self.s.plain_names = saved
        return indices

    def indexed_value(self, name: str, indices: list[Expr], token: Token) -> Expr:
        definition = self.s.context.definitions.get(name)
        if definition is not None and self.s.plain_names:
            self.note(f"{name} differentiated by as a variable (its definition applies after)")
            return _entry(self.family(name), tuple(indices))
        if definition is not None and definition.head.indices:
            names = definition.head.indices
            if len(names) != len(indices):
                raise self.fail(f"{len(names)} index(es) for {name}", token)
            mapping = {Symbol(n, integer=True): v for n, v in zip(names, indices, strict=True)}
            return definition.body.xreplace(mapping)
        if definition is not None:
            raise self.fail(f"no index on {name} (it is defined without one)", token)
        self.s.learned_indexed.add(name)
        return _entry(self.family(name), tuple(indices))

    def kronecker(self, token: Token) -> Expr:
        r"""``\delta_{ij}`` is Kronecker's delta; ``\delta_i`` (one index) is a variable."""
        start = self.i
        self.advance()
        tokens, end = self.group_tokens()
        letters = [t for t in tokens if not t.is_char(",")]
        if len(letters) == 2 and all(t.kind in ("char", "num") for t in letters):
            return sympy.KroneckerDelta(*self.index_list(tokens, end))
        self.i = start
        return self.subscripted("delta", token)

    def indicator(self, token: Token) -> Expr:
        r"""``\mathbb{1}_{i=j}``: 1 when i = j, else 0."""
        self.advance()
        tokens, end = self.group_tokens()
        eq = next((k for k, x in enumerate(tokens) if x.is_char("=")), None)
        if eq is None:
            raise self.fail("a condition i=j in the indicator's subscript", token)
        left = self.parse_slice(tokens[:eq], end, "an index")
        right = self.parse_slice(tokens[eq + 1 :], end, "an index")
        return sympy.KroneckerDelta(left, right)

    # -- vector functions ----------------------------------------------------------

    def vector_function(self, name: str, registry_name: str, token: Token) -> Expr:
        index_tokens: tuple[list[Token], int] | None = None
        if self.tok.is_char("_"):
            self.advance()
            index_tokens = self.group_tokens()
        if not (self.tok.is_char("(", "[") or self.tok.is_cmd("{")):
            raise self.fail(f"an argument list after {name}", self.tok)
        args = self.arguments()
        if index_tokens is None and not self.tok.is_char("_"):
            index = [self.vector_entry(f"{name}(...)")]
        else:
            if index_tokens is None:
                self.advance()
                index_tokens = self.group_tokens()
            index = self.index_list(*index_tokens)
        if len(index) != 1:
            raise self.fail(f"one index for {name}", token)
        family = self.vector_family(args, name, token)
        i = index[0]
        if family is None:
            if not (i.is_Integer and 1 <= int(i) <= len(args)):
                raise self.fail(f"an index from 1 to {len(args)} for {name}", token)
            cls = sf.softmax_component if registry_name == "softmax" else sf.log_softmax_component
            value = cls(int(i), *args)
            self.record(value)
            return value
        entry, count, label = family
        k = self.fresh_index(i + entry(i))
        total = sympy.Sum(sympy.exp(entry(k)), (k, 1, count))
        self.note(f"{name}({label})_{{{i}}} read with {label}_1..{label}_{count}")
        if registry_name == "softmax":
            return sympy.exp(entry(i)) / total
        self.record(sympy.log(total, evaluate=False))
        return entry(i) - sympy.log(total)

    def entry_of_vector(self, operand: Expr, variable: Expr) -> Expr:
        r"""``\partial / \partial \mathbf z`` of a formula in ``z_j``: by the entry ``z_k``.

        A gradient is a vector: it is read entry-wise, never as the derivative by an
        unrelated symbol ``z`` (which would be 0).
        """
        if not isinstance(variable, Symbol) or not any(
            isinstance(x, sympy.Indexed) and str(x.base) == variable.name
            for x in sympy.preorder_traversal(operand)
        ):
            return variable
        k = self.vector_entry(
            f"the derivative by the vector {variable.name}",
            f"a variable such as {variable.name}_j (a derivative by the vector {variable.name})",
        )
        return _entry(self.family(variable.name), (k,))

    def vector_entry(self, what: str, expected: str = "") -> Symbol:
        """The index at which a vector standing alone is read, in an entry-wise reading."""
        k = self.s.vector_index
        if k is None:
            error = self.fail(expected or f"an index after {what} such as _j: it is a vector")
            error.expected = VECTOR_VALUED
            raise error
        self.s.vector = True
        self.note(f"{what} read entry-wise: its entry {k}")
        return k

    def cross_entropy(self, token: Token) -> Expr:
        r"""``\operatorname{CE}((p_1, p_2), (y_1, y_2))``: two vectors of the same length."""
        if not self.tok.is_char("("):
            raise self.fail("'(' after CE: CE((p_1, p_2), (y_1, y_2))")
        self.advance()
        vectors = []
        for k in range(2):
            if not self.tok.is_char("("):
                raise self.fail("a vector (p_1, p_2) in CE(...)")
            vectors.append(self.arguments())
            if k == 0:
                self.expect_char(",")
        self.expect_char(")")
        p, y = vectors
        if len(p) != len(y):
            raise self.fail("vectors of the same length in CE(p, y)", token)
        value = sf.cross_entropy(p, y)
        self.record(value)
        return value

    def logsumexp(self, token: Token) -> Expr:
        if not (self.tok.is_char("(", "[") or self.tok.is_cmd("{")):
            raise self.fail("an argument list after logsumexp", self.tok)
        args = self.arguments()
        family = self.vector_family(args, "logsumexp", token)
        if family is None:
            value = sf.logsumexp(*args)
            self.record(value)
            return value
        entry, count, _ = family
        k = self.fresh_index(entry(Integer(0)))
        total = sympy.Sum(sympy.exp(entry(k)), (k, 1, count))
        self.record(sympy.log(total, evaluate=False))
        return sympy.log(total)

    def vector_family(
        self, args: list[Expr], name: str, token: Token
    ) -> tuple[Callable[[Expr], Expr], Expr, str] | None:
        r"""The vector a vector function is applied to, entry by entry; else None.

        ``(\mathbf z)`` and ``(z_1, \ldots, z_K)`` are the family z; an expression in a
        family used bare (``(x + c)``, ``(z / T)`` where ``x_i``, ``z_j`` are a family in the
        formula or the context) is read entry-wise, its numbers broadcast: entry k of
        ``x + c`` is ``x_k + c``. Returns the entry at an index, the length and the
        vector as written.
        """
        ellipsis = Symbol("…")
        if len(args) == 1 and isinstance(args[0], Symbol) and args[0] not in (ellipsis,):
            self.note(f"{args[0]} in {name}({args[0]}) read as the vector {args[0]}_1..")
            z = self.family(args[0].name)
            return (lambda k: z[k]), self.s.context.class_count, z.name
        if ellipsis in args:
            if len(args) < 3 or args[-2] != ellipsis or not isinstance(args[-1], sympy.Indexed):
                raise self.fail(f"{name}(z_1, \\ldots, z_K)", token)
            last = args[-1]
            z = self.family(str(last.base.label))
            return (lambda k: z[k]), last.indices[0], z.name
        if len(args) == 1:
            return self.broadcast(args[0], name)
        return None

    def broadcast(
        self, arg: Expr, name: str, vectors: frozenset[str] = frozenset()
    ) -> tuple[Callable[[Expr], Expr], Expr, str] | None:
        r"""``x + c`` in ``logsumexp(x + c)`` with x a family: its entry ``x_k + c``.

        The families are those of the formula and the context, and ``vectors``.
        """
        families = self.s.indexed | self.s.context.indexed | self.s.learned_indexed | vectors
        bare = {
            s: self.family(s.name)
            for s in arg.free_symbols
            if isinstance(s, Symbol) and not s.is_integer and s.name in families
        }
        used = {str(e.base) for e in arg.atoms(sympy.Indexed)}
        if not bare or used & {s.name for s in bare} or arg.has(sympy.Derivative):
            return None
        written = " ".join(sorted(s.name for s in bare))
        self.note(f"{written} in {name}({arg}) read as the vector {written}_1.. entry by entry")

        def entry(k: Expr) -> Expr:
            return arg.xreplace({s: z[k] for s, z in bare.items()})

        return entry, self.s.context.class_count, written

    def fresh_index(self, avoid: Expr) -> Symbol:
        used = {str(s) for s in avoid.free_symbols} | self.s.letters
        for n in INDEX_NAMES:
            if n not in used:
                return Symbol(n, integer=True)
        return Symbol("k_", integer=True)


class _Applying:
    """Read a derivative's operand: a bare function name is applied to the variables."""

    def __init__(self, parser: _Parser, wrt: tuple[Expr, ...], *, term: bool = False) -> None:
        self.p = parser
        self.wrt = wrt
        self.term = term

    def read(self) -> Expr:
        p = self.p
        start = p.i
        single = self.single_name()
        if single is not None:
            return single
        p.i = start
        value = p.term() if self.term else p.expression()
        if not self.term and p.tok.kind != "end":
            raise p.fail("the end of the numerator")
        return value

    def single_name(self) -> Expr | None:
        r"""``\frac{d\sigma}{dz}``, ``\frac{\partial L}{\partial z_j}``: name alone."""
        p = self.p
        t = p.tok
        if not (
            (t.kind == "char" and t.text.isalpha())
            or (t.kind == "cmd" and (t.text in GREEK or t.text in NAME_COMMANDS))
        ):
            return None
        start = p.i
        try:
            name = p.base_name()
        except LatexReadError:
            p.i = start
            return None
        indices: list[Expr] | None = None
        if p.tok.is_char("_"):
            p.advance()
            tokens, end = p.group_tokens()
            longer = _subscript_name(name, tokens)
            if longer is not None:
                name = longer
            else:
                indices = p.index_list(tokens, end)
        nxt = p.tok
        ends = nxt.kind == "end" or (
            self.term and not p.starts_factor(nxt) and not nxt.is_char("^", "'")
        )
        if not ends:
            p.i = start
            return None
        definition = p.s.context.definitions.get(name)
        fn = by_latex(name)
        for v in self.wrt:  # a variable differentiated by itself or a sibling entry
            if indices is not None and isinstance(v, sympy.Indexed) and str(v.base) == name:
                return p.family(name)[tuple(indices)]
            if indices is None and isinstance(v, Symbol) and v.name == name:
                return v
        if indices is not None:
            if definition is not None and definition.head.indices:
                return p.indexed_value(name, indices, t)
            label = f"{name}_{'_'.join(map(str, indices))}"
            p.note(f"{label} read as an unknown function of {', '.join(map(str, self.wrt))}")
            return Function(label, real=True)(*self.wrt)
        if definition is not None:
            params = definition.head.params
            if params and len(params) == len(self.wrt):
                return _substitute(definition.body, params, list(self.wrt), p)
            if params:
                p.note(f"{name} read as {name}({', '.join(params)})")
            return definition.body
        if fn is not None and fn.arity == 1 and name not in p.s.context.kinds:
            if len(self.wrt) != 1:
                raise p.fail(f"one variable for {name}", t)
            return fn.build(self.wrt[0])
        if name in ("e", "pi"):
            p.i = start
            return None
        p.note(f"{name} read as an unknown function of {', '.join(map(str, self.wrt))}")
        return Function(name, real=True)(*self.wrt)


def _number(tokens: Sequence[Token]) -> bool:
    """Whether a subscript is one whole number (``1`` in ``z_1``, not ``0.5``)."""
    return len(tokens) == 1 and tokens[0].kind == "num" and "." not in tokens[0].text


def _subscript_name(name: str, tokens: Sequence[Token]) -> str | None:
    r"""The longer name a subscript is part of, or ``None`` when it is an index.

    ``L_{\text{CE}}`` and ``L_{CE}`` name ``L_CE``; ``z_1`` names ``z1`` (the caller
    decides first whether ``z`` is a family, whose ``z_1`` is an entry); ``z_j`` is an index.
    """
    word = subscript_word(tokens)
    if word is not None:
        return f"{name}_{word}"
    if _number(tokens):
        return name + tokens[0].text
    return None


def _substack(tokens: list[Token]) -> list[Token]:
    r"""The lines of ``\substack{j=1 \\ j \ne i}`` as one run of tokens (``\\`` is dropped)."""
    if len(tokens) >= 2 and tokens[0].is_cmd("substack") and tokens[1].kind == "{":
        end = group_end(tokens, 1)
        if end == len(tokens) - 1:
            return tokens[2:end]
    return tokens


def _range_before_condition(tokens: list[Token]) -> list[Token]:
    r"""``j=1, j`` (before ``\ne i``): the range ``j=1`` when the condition repeats its index.

    ``j`` alone, or anything else, is returned unchanged.
    """
    if len(tokens) < 3 or not (tokens[-1].kind == "char" and tokens[-1].text.isalpha()):
        return tokens
    rest = tokens[:-1]
    while rest and (rest[-1].is_char(",", ":", ";", "|") or rest[-1].is_cmd("mid", "colon")):
        rest = rest[:-1]
    eq = next((k for k, x in enumerate(rest) if x.is_char("=")), None)
    if plain_word(rest if eq is None else rest[:eq]) == tokens[-1].text:
        return rest
    return tokens


def _substitute(body: Expr, params: Sequence[str], args: Sequence[Expr], p: _Parser) -> Expr:
    mapping: dict[Any, Expr] = {}
    vectors: list[tuple[str, Expr]] = []
    for name, arg in zip(params, args, strict=True):
        vector = any(str(e.base) == name for e in body.atoms(sympy.Indexed))
        if vector and not isinstance(arg, Symbol):
            vectors.append((name, arg))  # f(x + c) of f(x) := \sum_i x_i^2: entry by entry
            continue
        mapping[Symbol(name, real=True)] = arg
        mapping[Symbol(name, integer=True)] = arg
        if isinstance(arg, Symbol):
            mapping[IndexedBase(name, real=True)] = IndexedBase(arg.name, real=True)
            if vector:
                p.s.learned_indexed.add(arg.name)  # f(y) of f(x) := \sum_i x_i: y is a vector
    value = body.xreplace(mapping)
    for name, arg in vectors:
        value = _vector_argument(value, name, arg, p)
    p.s.conditions.update(dict.fromkeys(local_conditions(value)))
    return value


def _vector_argument(body: Expr, name: str, arg: Expr, p: _Parser) -> Expr:
    """``body`` with the entries of its vector parameter ``name`` those of ``arg``."""
    vector = p.broadcast(arg, name, frozenset({name}))
    if vector is None:
        raise p.fail(f"a vector for the parameter {name} (got {arg})")
    entry = vector[0]
    return body.replace(
        lambda e: isinstance(e, sympy.Indexed) and str(e.base) == name and len(e.indices) == 1,
        lambda e: entry(e.indices[0]),
    )


def _depends(expr: Expr, variable: Expr) -> bool:
    """Whether ``expr`` may depend on ``variable`` (``z[j]`` on any entry of ``z``)."""
    if isinstance(variable, sympy.Indexed):
        return any(
            isinstance(x, sympy.Indexed) and x.base == variable.base
            for x in sympy.preorder_traversal(expr)
        ) or expr.has(variable)
    return expr.has(variable)


@dataclass(frozen=True)
class _Hints:
    """What one pass learned about the whole formula, for the next pass."""

    integers: frozenset[str] = frozenset()
    indexed: frozenset[str] = frozenset()
    values: frozenset[str] = frozenset()
    functions: frozenset[str] = frozenset()
    flips: frozenset[int] = frozenset()


@functools.lru_cache(maxsize=1024)
def _family(name: str) -> IndexedBase:
    """The real family ``name``, one object per name.

    SymPy works out an indexed entry's facts again for every new object.
    """
    return IndexedBase(name, real=True)


@functools.lru_cache(maxsize=8192)
def _entry(family: IndexedBase, indices: tuple[Expr, ...]) -> Expr:
    """``family[indices]``, one object per entry (see :func:`_family`)."""
    return family[indices]


def _one_pass(
    source: str,
    tokens: list[Token],
    context: TexContext,
    hints: _Hints,
    vector_index: Symbol | None = None,
) -> tuple[Expr, _Shared]:
    shared = _Shared(
        source,
        context,
        hints.integers,
        hints.indexed | context.indexed,
        hints.values,
        hints.flips,
        functions=hints.functions | context.functions,
        letters=frozenset(t.text for t in tokens if t.kind == "char" and t.text.isalpha()),
        vector_index=vector_index,
    )
    parser = _Parser(list(tokens), shared)
    if parser.tok.kind == "end":
        raise LatexReadError(
            "column 1: expected an expression (got nothing)", source, 0, "an expression"
        )
    try:
        expr = parser.expression()
    except RecursionError:
        raise LatexReadError(
            "column 1: expected less deeply nested math", source, 0, "less deeply nested math"
        ) from None
    if parser.tok.kind != "end":
        raise parser.fail("an operator or the end of the formula")
    return expr, shared


def read_latex(
    source: str, context: TexContext | None = None, *, vector_index: str | None = None
) -> TexReading:
    r"""Read one LaTeX formula (no relation) as a SymPy expression.

    Args:
        source: The math, without ``$`` or environment delimiters.
        context: Macros, definitions, ranges and symbol kinds from the document.
        vector_index: Read the formula entry-wise at this (integer) index: a vector
            standing alone, ``\operatorname{softmax}(\mathbf z)`` or a vector ``\hat y``
            defined by its entries ``\hat y_j``, is its entry at the index (the reading
            then says ``vector``). Without it such a formula is an error whose
            ``expected`` is :data:`VECTOR_VALUED`.

    Returns:
        The reading: expression, domain conditions, alternative readings and notes.

    Raises:
        LatexReadError: The formula cannot be read; the message names the column and
            what was expected there.

    >>> read_latex(r"2\sigma(2z) - 1").expr
    2*sigmoid(2*z) - 1
    >>> read_latex(r"\frac{1}{1 + e^{-x}}").expr
    1/(1 + exp(-x))
    """
    key = (source, context if context is not None else TexContext(), vector_index)
    known = _READINGS.get(key)
    if known is None:
        known = _read(*key)
        if len(_READINGS) >= _MAX_READINGS:
            _READINGS.clear()
        _READINGS[key] = known
    return known


ReadingKey = tuple[str, TexContext, "str | None"]
"""What a reading depends on: the formula, the context, the entry-wise index."""

_READINGS: dict[ReadingKey, TexReading] = {}
"""Each (formula, context, index) read once: readings are immutable values. A
derivation's steps are read when it is made, again when it is copied or rebuilt
from plain values (in a worker of ``verify -j``); a document repeats formulas."""

_MAX_READINGS = 4096


def readings() -> dict[ReadingKey, TexReading]:
    """The readings made so far in this process (see :func:`remember`)."""
    return dict(_READINGS)


def remember(made: dict[ReadingKey, TexReading]) -> None:
    """Take readings made by :func:`read_latex` in another process of this program.

    A worker of ``verify -j`` is handed its parent's readings, so that making
    the derivations again does not read every formula again. Only readings
    this reader made belong here: a reading is what :func:`read_latex` returns
    for its key, nothing else.
    """
    _READINGS.update(made)


def _read(source: str, ctx: TexContext, vector_index: str | None) -> TexReading:
    tokens = math_tokens(source, ctx)
    entry = None if vector_index is None else Symbol(vector_index, integer=True)
    hints = _Hints(
        integers=frozenset(name for name, kind in ctx.kinds.items() if kind == "integer")
        | ({vector_index} if vector_index else set()),
        indexed=prescan_indexed(tokens),
    )
    expr, shared = _one_pass(source, tokens, ctx, hints, entry)
    for _ in range(3):
        learned = _Hints(
            hints.integers | shared.learned_integers,
            hints.indexed | shared.learned_indexed,
            hints.values | (shared.learned_values & ambiguous_names(tokens)),
            hints.functions | shared.learned_functions,
        )
        if learned == hints:
            break
        hints = learned
        expr, shared = _one_pass(source, tokens, ctx, hints, entry)
    alternatives: list[Expr] = []
    for site in shared.ambiguous[:_MAX_ALTERNATIVES]:
        try:
            flipped = replace(hints, flips=frozenset({site}))
            other, _ = _one_pass(source, tokens, ctx, flipped, entry)
        except LatexReadError:
            continue
        if other != expr and other not in alternatives:
            alternatives.append(other)
    notes = list(shared.notes)
    return TexReading(
        expr=expr,
        domain=tuple(shared.conditions),
        alternatives=tuple(alternatives),
        notes=tuple(notes),
        indexed=frozenset(shared.learned_indexed),
        integers=hints.integers,
        functions=hints.functions,
        vector=shared.vector,
    )


def read_sides(
    *sources: str, context: TexContext | None = None, vector_index: str | None = None
) -> tuple[TexReading, ...]:
    r"""Read several formulas that one relation compares, with one symbol per name.

    A name read as an integer (an index) or as an indexed family in one side is
    read so in every side: ``\sum_{i=1}^{n} x_i = n \bar{x}`` has one integer ``n``.
    With ``vector_index`` every side is read entry-wise (see :func:`read_latex`).

    >>> [r.expr for r in read_sides(r"\sum_{i=1}^{n} 1", "n")]
    [Sum(1, (i, 1, n)), n]
    """
    ctx = context if context is not None else TexContext()
    readings = tuple(read_latex(s, ctx, vector_index=vector_index) for s in sources)
    integers = frozenset[str]().union(*(r.integers for r in readings))
    indexed = frozenset[str]().union(*(r.indexed for r in readings))
    functions = frozenset[str]().union(*(r.functions for r in readings))
    if all(
        r.integers == integers and r.indexed >= indexed and r.functions == functions
        for r in readings
    ):
        return readings
    for name in sorted(integers - set(ctx.kinds)):
        ctx = ctx.with_symbol_kind(name, "integer")
    ctx = ctx.with_indexed(*indexed).with_functions(*functions)
    return tuple(read_latex(s, ctx, vector_index=vector_index) for s in sources)


def mixed_roles(*exprs: Expr) -> tuple[str, ...]:
    r"""Names read both as a number and as an indexed family: ``x`` and ``x_i``, sorted.

    Such expressions treat the number ``x`` and the entries ``x_i`` as unrelated, which
    is rarely what was meant (``\operatorname{logsumexp}(x) + x_1`` of a vector x): a
    verdict on them is about another formula than the one written.

    >>> from sympy import IndexedBase, Symbol
    >>> mixed_roles(Symbol("x", real=True) + IndexedBase("x")[1], Symbol("y"))
    ('x',)
    """
    families: set[str] = set()
    numbers: set[str] = set()
    for expr in exprs:
        walk = sympy.preorder_traversal(expr)
        for node in walk:
            if isinstance(node, sympy.Indexed):
                families.add(str(node.base))
                walk.skip()  # x[i] holds the label x: not a use of the number x
            elif (
                isinstance(node, Symbol)
                and not isinstance(node, sympy.Dummy)
                and not node.is_integer
            ):
                numbers.add(node.name)
    return tuple(sorted(families & numbers))


def definition_head(
    source: str, context: TexContext | None = None, *, words: bool = False
) -> DefinitionHead | None:
    r"""Read a left side such as ``f(x)``, ``\sigma(z)``, ``p_j``, ``L`` as a definition head.

    Args:
        source: The left side as written.
        context: What the document said before.
        words: Whether a word of three or more plain letters (``odds``, ``loss_i``) is a
            name; without it ``odds`` is no head (read as a formula it is o·d·d·s).

    Returns:
        The head, or ``None`` when the source is not a plain name with optional
        indices and parameters (``2x``, ``f(x + 1)``).

    >>> definition_head(r"\ell(\mathbf{z}, y)")
    DefinitionHead(name='ell', params=('z', 'y'), indices=())
    """
    ctx = context if context is not None else TexContext()
    try:
        tokens = math_tokens(source, ctx)
    except LatexReadError:
        return None
    shared = _Shared(source, ctx, frozenset(), frozenset(), frozenset(), frozenset())
    p = _Parser(tokens, shared)
    try:
        run = 0
        while tokens[run].kind == "char" and tokens[run].text.isalpha():
            run += 1
        word = "".join(t.text for t in tokens[:run])
        if run >= 3 and tokens[run].is_char("(") and not tokens[run].space_before:
            name = word  # relu(z)
            p.i = run
        elif (
            words
            and run >= 3
            and (tokens[run].kind == "end" or tokens[run].is_char("_"))
            and not any(t.space_before for t in tokens[1:run])
            and word not in WORDS
            and word not in GREEK
            and by_latex(word) is None
        ):
            name = word  # odds = \frac{p}{1 - p}: a word, not o·d·d·s
            p.i = run
        else:
            name = p.base_name()
        indices: tuple[str, ...] = ()
        if p.tok.is_char("_"):
            p.advance()
            sub, _ = p.group_tokens()
            longer = _subscript_name(name, sub)
            if longer is not None:
                name = longer
            else:
                letters = [t for t in sub if not t.is_char(",")]
                if not all(t.kind == "char" and t.text.isalpha() for t in letters):
                    return None
                indices = tuple(t.text for t in letters)
        params: tuple[str, ...] = ()
        if p.tok.is_char("("):
            p.advance()
            names = []
            while True:
                names.append(p.base_name())
                if p.tok.is_char(","):
                    p.advance()
                    continue
                break
            if not p.tok.is_char(")"):
                return None
            p.advance()
            params = tuple(names)
        if p.tok.kind != "end":
            return None
    except LatexReadError:
        return None
    if name in ("e", "pi") and not params and not indices:
        return None
    return DefinitionHead(name, params, indices)
