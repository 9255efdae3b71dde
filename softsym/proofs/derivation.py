"""Derivations: a claim ``lhs = rhs`` and a chain of steps, each with a reason.

A derivation is declared with plain values::

    DERIVATION = Derivation(
        name="sigmoid-derivative",
        title="The derivative of the sigmoid",
        lhs=Derivative(sigmoid(z), z),
        rhs=sigmoid(z) * (1 - sigmoid(z)),
        steps=(
            Step(exp(-z) / (1 + exp(-z)) ** 2, "differentiate 1/(1 + e^{-z})"),
            Step(sigmoid(z) * (1 - sigmoid(z)), "regroup"),
        ),
    )

:func:`verify` checks each step against the previous one (the first against
``lhs``) with the kernel; the derivation is proved only if every step is
proved, the last step is the claimed ``rhs``, and every derivation it cites is
proved too.

A derivation may declare abbreviations (:class:`Where`: "where z = w·a + b").
Steps and claims written as :class:`Tex` may use the abbreviation's symbol;
the reader puts the expression in its place before anything is checked, so
the kernel always checks the expressions written out. The renderers print
the abbreviation once and use it to shorten every line.
"""

from __future__ import annotations

import linecache
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import FrameType
from typing import Any, Protocol

from sympy import Dummy, Expr, Symbol
from sympy import latex as sympy_latex

from softsym.decide import DEFAULT_TIMEOUT, assume, check
from softsym.errors import DerivationError, ParseError, SoftsymError
from softsym.kernel.assumptions import Assumptions
from softsym.lang.domain import Condition
from softsym.lang.functions import text
from softsym.lang.latex import DefinitionHead, TexContext, TexReading, read_latex
from softsym.lang.relations import StatedRelation
from softsym.lang.symbols import realify, scalar
from softsym.lang.traversal import distinct_subterms
from softsym.lang.written import reads_back, written_call
from softsym.verdict import Status, Verdict, overall

__all__ = [
    "CATALOG_SOURCE",
    "Derivation",
    "DerivationResult",
    "Presenter",
    "Step",
    "StepResult",
    "Tex",
    "Where",
    "assess",
    "check_with_citations",
    "citation_closure",
    "dependency_order",
    "require_unique_names",
    "set_presenter",
    "verify",
    "verify_all",
]

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Tex:
    r"""A formula as its author wrote it in LaTeX: read by the LaTeX reader, printed as written.

    Give a step, or a side of the claim, as ``Tex(r"\frac{1}{1 + e^{z_2 - z_1}}")``
    instead of a SymPy expression: the kernel checks what the reader
    (:func:`softsym.lang.latex.read_latex`) made of the text, and every export prints the
    text itself, in the author's order and notation.

    Attributes:
        source: The LaTeX math, without ``$`` delimiters.
    """

    source: str

    def __post_init__(self) -> None:
        if not isinstance(self.source, str) or not self.source.strip():
            raise DerivationError(f"Tex needs LaTeX math as text (got {self.source!r})")

    def read(self, what: str, where: Sequence[Where] = ()) -> TexReading:
        r"""Read the formula, each abbreviation of ``where`` standing for its expression.

        The reading is the formula with every abbreviation written out, and its
        domain includes where the abbreviations are defined.

        Args:
            what: What the formula is, for messages (``"step 2"``).
            where: The derivation's abbreviations.

        Raises:
            DerivationError: The reader cannot read the formula, or an abbreviation
                is left standing as a variable (``\partial L/\partial z`` with ``z``
                an abbreviation: differentiate by a variable, not by an abbreviation).
        """
        context = TexContext()
        for w in where:
            context = context.define(DefinitionHead(w.name), w.expr)
        try:
            reading = read_latex(self.source, context)
        except ParseError as exc:
            raise DerivationError(f"{what}: cannot read Tex({self.source!r}): {exc}") from exc
        if not where:
            return reading
        left = _abbreviations_in(reading.expr, where)
        if left:
            raise DerivationError(
                f"{what}: Tex({self.source!r}) uses the abbreviation {left[0]} as a variable "
                "(differentiating by it?); an abbreviation only stands for its expression: "
                "write the variables out"
            )
        domain = tuple(dict.fromkeys((*reading.domain, *(c for w in where for c in w.domain))))
        return replace(reading, domain=domain)


def _abbreviations_in(expr: Expr, where: Sequence[Where]) -> list[str]:
    """The names of ``where``'s abbreviations that are symbols of ``expr``, sorted.

    Bound symbols count too: ``Derivative(f, z)`` differentiates by the symbol ``z``.
    """
    names = {w.name for w in where}
    return sorted(
        {s.name for s in distinct_subterms(expr) if isinstance(s, Symbol) and s.name in names}
    )


def _notation(
    value: Any, tex: str, what: str, where: Sequence[Where] = ()
) -> tuple[Any, str, TexReading | None]:
    """A side or step as given: (the expression to check, its LaTeX as written, its reading).

    ``tex`` with an expression (as ``dataclasses.replace`` passes them) is read again,
    and must read as that expression. LaTeX is read with the abbreviations ``where``.
    """
    if tex and not isinstance(value, Tex):
        reading = Tex(tex).read(what, where)
        if realify(reading.expr) != _expr(value, what):
            raise DerivationError(f"{what}: {tex!r} does not read as {value}")
        return reading.expr, tex, reading
    if isinstance(value, Tex):
        if tex and tex != value.source:
            raise DerivationError(f"{what}: two different LaTeX texts ({tex!r}, {value.source!r})")
        reading = value.read(what, where)
        return reading.expr, value.source, reading
    return value, "", None


_SYMBOL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


@dataclass(frozen=True)
class Where:
    r"""An abbreviation of a derivation: "where :math:`z = w \cdot a + b`".

    ``Where("z", Sum(w[i] * a[i], (i, 1, n)) + b)`` or
    ``Where("z1", Tex(r"\sum_{i=1}^{n} w_{1,i} a_i + b_1"))``. A derivation's steps and
    claim written as :class:`Tex` may use the symbol (``Tex(r"\sigma(z) - y")``): the
    reader puts the expression in its place, so what is checked never contains the
    symbol. Every export prints the abbreviation once, with the statement, and uses it
    to shorten the lines it prints, each shortened line substituting back exactly to the
    expression that was checked.

    Attributes:
        symbol: The abbreviation, a real symbol; given as a :class:`~sympy.Symbol` or its
            name, the name the LaTeX reader gives it (``"z1"`` is written ``z_1``,
            ``"yhat"`` is ``\hat{y}``).
        expr: The expression it stands for, written out; given as :class:`Tex`, the
            reading of the author's LaTeX, which may use the abbreviations declared
            before it (``L = \operatorname{BCE}(\sigma(z), y)`` after ``z``).
        tex: The expression in the author's LaTeX, when given as :class:`Tex`
            (``""`` otherwise); exports print it as it is.
        where: The abbreviations its LaTeX is read with: the :class:`Derivation` sets
            them to those declared before this one.
        reading: The reading of ``tex`` (``None`` without LaTeX).
    """

    symbol: Symbol
    expr: Expr
    tex: str = ""
    where: tuple[Where, ...] = ()
    reading: TexReading | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        symbol = self.symbol
        if isinstance(symbol, str) and _SYMBOL_NAME.match(symbol):
            symbol = Symbol(symbol, real=True)
        if not isinstance(symbol, Symbol) or isinstance(symbol, Dummy):
            raise DerivationError(
                "an abbreviation needs a symbol or a name such as 'z' or 'z1' "
                f"(got {self.symbol!r})"
            )
        if symbol.is_integer:
            raise DerivationError(f"the abbreviation {symbol.name} must be real, not an integer")
        symbol = Symbol(symbol.name, real=True)
        object.__setattr__(self, "symbol", symbol)
        what = f"where {symbol.name} = ..."
        written = sympy_latex(symbol)
        try:
            back = read_latex(written).expr
        except ParseError:
            back = None
        if back != symbol:
            raise DerivationError(
                f"{what}: the name {symbol.name!r} prints as {written!r}, which the LaTeX "
                "reader does not read back as that name; choose a name like z, z1 or L0"
            )
        where = tuple(self.where)
        if not all(isinstance(w, Where) for w in where):
            raise DerivationError(f"{what}: where must be Where(...) values (got {where!r})")
        object.__setattr__(self, "where", where)
        expr, tex, reading = _notation(self.expr, self.tex, what, where)
        object.__setattr__(self, "tex", tex)
        object.__setattr__(self, "reading", reading)
        object.__setattr__(self, "expr", _expr(expr, what))
        if _abbreviations_in(self.expr, (self,)):
            raise DerivationError(f"{what}: {symbol.name} cannot stand for an expression using it")

    @property
    def name(self) -> str:
        """The symbol's name (``"z1"``)."""
        return str(self.symbol.name)

    @property
    def domain(self) -> tuple[Condition, ...]:
        """Where the expression as written is defined (from its LaTeX reading, if any)."""
        return self.reading.domain if self.reading is not None else ()

    def expand(self, expr: Expr) -> Expr:
        """Put the expression in place of the symbol: what an abbreviated line stands for."""
        return expr.xreplace({self.symbol: self.expr})


def _call_site() -> tuple[str, int, dict[str, Any]] | None:
    """The source text, line and names of the code that called ``Derivation(...)``.

    The first frame outside softsym and :mod:`dataclasses` (which make derivations
    again from their values: nothing was written there); ``None`` without source.
    """
    frame: FrameType | None = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in _OWN:
        frame = frame.f_back
    if frame is None:
        return None
    source = "".join(linecache.getlines(frame.f_code.co_filename, frame.f_globals))
    if not source:
        return None
    return source, frame.f_lineno, {**frame.f_globals, **frame.f_locals}


_OWN = frozenset({"softsym", "dataclasses"})


def _written(written: Any, expr: Expr, tex: str, what: str) -> str:
    """Check a written form (see :attr:`Step.written`): LaTeX that reads back as ``expr``."""
    if not written:
        return ""
    if not isinstance(written, str):
        raise DerivationError(f"{what}: a written form is LaTeX text (got {written!r})")
    if tex:
        raise DerivationError(f"{what} is written in LaTeX already; it has no other written form")
    if not reads_back(written, expr):
        raise DerivationError(f"{what}: {written!r} does not read back as {expr}")
    return written


def _expr(value: Any, what: str) -> Expr:
    if isinstance(value, str):
        raise DerivationError(f"{what} must be a SymPy expression, not text (got {value!r})")
    return realify(scalar(value, what, DerivationError))


@dataclass(frozen=True)
class Step:
    """One step of a derivation: the new expression and why it follows.

    Attributes:
        expr: The expression after this step; given as :class:`Tex`, the reading of
            the author's LaTeX.
        reason: Why it equals the previous expression (shown beside the step).
        uses: Names of other derivations this step cites.
        tex: The LaTeX as the author wrote it, when the step was given as
            :class:`Tex` (``""`` otherwise); exports print it as it is.
        where: The abbreviations its LaTeX is read with; the :class:`Derivation`
            sets them to its own (``()`` for a step without LaTeX).
        written: For a step built in Python, its LaTeX in the order the source
            writes it (``""``: printed as SymPy orders it). Set when a
            ``Derivation(...)`` call in Python source makes the derivation
            (:func:`softsym.lang.written.written_call`), or by the loader for a
            step made outside that call; it must read back as exactly ``expr``,
            so it never prints another expression.
    """

    expr: Expr
    reason: str
    uses: tuple[str, ...] = ()
    tex: str = ""
    where: tuple[Where, ...] = ()
    reading: TexReading | None = field(default=None, compare=False, repr=False)
    written: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        where = tuple(self.where)
        if not all(isinstance(w, Where) for w in where):
            raise DerivationError(f"a step's where must be Where(...) values (got {where!r})")
        object.__setattr__(self, "where", where)
        expr, tex, reading = _notation(self.expr, self.tex, "a step", where)
        object.__setattr__(self, "tex", tex)
        object.__setattr__(self, "reading", reading)
        object.__setattr__(self, "expr", _expr(expr, "a step"))
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise DerivationError(f"step {self.expr} needs a reason (got {self.reason!r})")
        object.__setattr__(self, "uses", tuple(self.uses))
        object.__setattr__(self, "written", _written(self.written, self.expr, self.tex, "a step"))


@dataclass(frozen=True)
class Derivation:
    """A claim with its chain of steps.

    Attributes:
        name: Unique slug (``softmax2-sigmoid``), used on the command line.
        title: One-line title.
        lhs: Left-hand side of the claim.
        rhs: Right-hand side of the claim.
        steps: The chain; each step is checked against the previous one.
        assumptions: Stated assumptions as text (``"T > 0"``, ``"y1 + y2 = 1"``), or as
            SymPy relations where text cannot say it (``Eq(Sum(y[k], (k, 1, K)), 1)``),
            which are kept as their text.
        description: A longer explanation (optional).
        references: Where the result is taught (optional).
        timeout: Time limit of each step's check, in seconds.
        lhs_tex: The left-hand side in the author's LaTeX, when given as :class:`Tex`.
        rhs_tex: The right-hand side in the author's LaTeX, when given as :class:`Tex`.
        lhs_written: The left-hand side built in Python, in LaTeX in the order its
            source writes it (see :attr:`Step.written`).
        rhs_written: The right-hand side likewise.
        where: Abbreviations ("where z = w·a + b"), in the order they are shown.
            LaTeX sides and steps may use their symbols; nothing else may contain them.
        source: Where it was loaded from: the derivation file's path, ``"catalog"``
            for the built-in catalog, or ``""`` for a value made in Python. Set by
            the loader (:func:`load_path`, :func:`catalog`); not part of the
            derivation's identity (derivations that differ only here are equal).
    """

    name: str
    title: str
    lhs: Expr
    rhs: Expr
    steps: tuple[Step, ...]
    assumptions: tuple[str, ...] = ()
    description: str = ""
    references: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    lhs_tex: str = ""
    rhs_tex: str = ""
    where: tuple[Where, ...] = ()
    lhs_written: str = field(default="", compare=False, repr=False)
    rhs_written: str = field(default="", compare=False, repr=False)
    source: str = field(default="", compare=False)
    _assume: Assumptions = field(default=Assumptions(), repr=False, compare=False)
    _lhs_reading: TexReading | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise DerivationError(
                "derivation name must be lower-case letters, digits and hyphens "
                f"(got {self.name!r})"
            )
        if not isinstance(self.title, str) or not self.title.strip():
            raise DerivationError(f"derivation {self.name!r} needs a title")
        where = self._abbreviations()
        lhs, lhs_tex, lhs_reading = _notation(self.lhs, self.lhs_tex, f"{self.name}: lhs", where)
        rhs, rhs_tex, _ = _notation(self.rhs, self.rhs_tex, f"{self.name}: rhs", where)
        object.__setattr__(self, "lhs", _expr(lhs, f"{self.name}: lhs"))
        object.__setattr__(self, "rhs", _expr(rhs, f"{self.name}: rhs"))
        object.__setattr__(self, "lhs_tex", lhs_tex)
        object.__setattr__(self, "rhs_tex", rhs_tex)
        object.__setattr__(self, "_lhs_reading", lhs_reading)
        for side, tex in (("lhs", lhs_tex), ("rhs", rhs_tex)):
            name = f"{side}_written"
            value = _written(getattr(self, name), getattr(self, side), tex, f"{self.name}: {side}")
            object.__setattr__(self, name, value)
        steps = tuple(self.steps)
        if not steps or not all(isinstance(s, Step) for s in steps):
            raise DerivationError(f"derivation {self.name!r} needs one or more Step(...) values")
        # A step written in LaTeX is read again with the abbreviations (once: a step
        # already read with them, as dataclasses.replace passes it, is kept).
        steps = tuple(
            Step(Tex(s.tex), s.reason, s.uses, where=where) if s.tex and s.where != where else s
            for s in steps
        )
        object.__setattr__(self, "steps", steps)
        if isinstance(self.assumptions, str):
            raise DerivationError(f"{self.name}: assumptions must be a tuple of strings")
        object.__setattr__(self, "references", tuple(self.references))
        try:
            # A relation (one the text syntax cannot write) is kept as text carrying it.
            stated = tuple(a if isinstance(a, str) else StatedRelation(a) for a in self.assumptions)
            object.__setattr__(self, "assumptions", stated)
            object.__setattr__(self, "_assume", assume(self.assumptions))
        except SoftsymError as exc:
            raise DerivationError(f"{self.name}: bad assumption: {exc}") from exc
        self._require_written_out()
        self._take_written_forms()

    def _take_written_forms(self) -> None:
        """The author's order for Python-built sides and steps, from the source of this call.

        When a derivation is made by a ``Derivation(...)`` call in Python source (a
        file, a notebook cell, a test), that call's arguments are read from the
        source text as written (:func:`softsym.lang.written.written_call`) and
        kept where they read back as exactly the sides and steps made.
        """
        steps = self.steps
        if (
            all(s.tex or s.written for s in steps)
            and (self.lhs_tex or self.lhs_written)
            and (self.rhs_tex or self.rhs_written)
        ):
            return
        site = _call_site()
        if site is None:
            return
        forms = written_call(*site)
        for side in ("lhs", "rhs"):
            found = forms.get((side, 0))
            if found and not getattr(self, f"{side}_tex") and found[0] == getattr(self, side):
                object.__setattr__(
                    self, f"{side}_written", getattr(self, f"{side}_written") or found[1]
                )
        taken = []
        for i, s in enumerate(steps, start=1):
            found = forms.get(("step", i))
            if found and not (s.tex or s.written) and found[0] == s.expr:
                s = replace(s, written=found[1])
            taken.append(s)
        object.__setattr__(self, "steps", tuple(taken))

    def _abbreviations(self) -> tuple[Where, ...]:
        """The abbreviations, checked: Where values, each symbol defined once."""
        if isinstance(self.where, Where):
            object.__setattr__(self, "where", (self.where,))
        where = tuple(self.where)
        if not all(isinstance(w, Where) for w in where):
            raise DerivationError(f"{self.name}: where must be Where(...) values (got {where!r})")
        seen: dict[str, Where] = {}
        for w in where:
            if w.name in seen:
                raise DerivationError(
                    f"{self.name}: the abbreviation {w.name} is defined twice "
                    f"({seen[w.name].expr} and {w.expr})"
                )
            seen[w.name] = w
        # An abbreviation's LaTeX is read with the abbreviations declared before it.
        read: list[Where] = []
        for w in where:
            earlier = tuple(read)
            if w.tex and w.where != earlier:
                w = Where(w.symbol, Tex(w.tex), where=earlier)
            read.append(w)
        where = tuple(read)
        for w in where:
            used = _abbreviations_in(w.expr, where)
            if used:
                raise DerivationError(
                    f"{self.name}: where {w.name} = {w.expr}: an abbreviation's expression "
                    f"may use only the abbreviations declared before it, in LaTeX ({used[0]})"
                )
        object.__setattr__(self, "where", where)
        return where

    def _require_written_out(self) -> None:
        """No abbreviation's symbol is a variable of the claim, a step or an assumption.

        A variable of the same name would make the derivation claim something else
        (more general, perhaps false) than the claim with the abbreviation written out.
        """
        if not self.where:
            return
        parts: list[tuple[str, Expr]] = [("the left-hand side", self.lhs)]
        parts.append(("the right-hand side", self.rhs))
        parts += [(f"step {i}", s.expr) for i, s in enumerate(self.steps, start=1)]
        parts += [("an assumption", rel) for rel in self.stated.stated]
        for what, expr in parts:
            used = _abbreviations_in(expr, self.where)
            if used:
                w = next(w for w in self.where if w.name == used[0])
                raise DerivationError(
                    f"{self.name}: {what} has {w.name} as a variable, but {w.name} is an "
                    f"abbreviation (where {w.name} = {w.expr}); write that step or side as "
                    "Tex to use the abbreviation, or write its expression out"
                )

    @property
    def uses(self) -> tuple[str, ...]:
        """Names of the derivations cited by the steps, in order of first use."""
        return tuple(dict.fromkeys(n for s in self.steps for n in s.uses))

    def verify(self, *, timeout: float | None = None) -> DerivationResult:
        """Check this derivation alone (cited derivations are not looked up).

        See :func:`verify`.
        """
        return verify(self, timeout=timeout)

    def to_latex(self, *, standalone: bool = False, timeout: float | None = None) -> str:
        """Check this derivation (citations from the catalog) and return it as LaTeX.

        Args:
            standalone: A complete article (with the cited derivations first)
                instead of a fragment to include in a document.
            timeout: Time limit per step (default: the derivation's own).
        """
        return _presenter().latex(self, standalone=standalone, timeout=timeout)

    def to_markdown(self, *, timeout: float | None = None) -> str:
        """Check this derivation (citations from the catalog) and return it as Markdown."""
        return _presenter().markdown(self, timeout=timeout)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        return _presenter().repr_latex(self)

    @property
    def stated(self) -> Assumptions:
        """The assumptions as the checker uses them (relations, solved equalities)."""
        return self._assume


class Presenter(Protocol):
    """How derivations are shown in documents and notebooks.

    The renderers (:mod:`softsym.render`) sit above this module; they provide
    the presenter with :func:`set_presenter` when they are imported, so this
    module needs no import of theirs.
    """

    def latex(self, derivation: Derivation, *, standalone: bool, timeout: float | None) -> str:
        """The derivation, checked, as LaTeX."""

    def markdown(self, derivation: Derivation, *, timeout: float | None) -> str:
        """The derivation, checked, as Markdown."""

    def repr_latex(self, derivation: Derivation) -> str:
        """The derivation, checked, as display math for a notebook."""


_PRESENTER: list[Presenter] = []


def set_presenter(presenter: Presenter) -> None:
    """Install the presenter used by :meth:`Derivation.to_latex` and its siblings."""
    _PRESENTER[:] = [presenter]


def _presenter() -> Presenter:
    if not _PRESENTER:
        raise DerivationError("no renderer is loaded: import softsym (or softsym.render.export)")
    return _PRESENTER[0]


@dataclass(frozen=True)
class StepResult:
    """A checked step.

    Attributes:
        index: 1-based position of the step.
        step: The step.
        previous: The expression it was checked against.
        verdict: The kernel's verdict on ``previous = step.expr``.
    """

    index: int
    step: Step
    previous: Expr
    verdict: Verdict


@dataclass(frozen=True)
class DerivationResult:
    """The outcome of verifying a derivation.

    The status is not stored: it is computed from the step verdicts (each
    carrying the kernel's proof of exactly its step) and the cited results.

    Attributes:
        derivation: What was verified.
        steps: Each step's result, in order.
        cited: The results of the derivations it cites, or ``None`` when
            citations were not looked up.
        seconds: Total time.
    """

    derivation: Derivation
    steps: tuple[StepResult, ...]
    cited: tuple[DerivationResult, ...] | None = None
    seconds: float = 0.0

    @property
    def status(self) -> Status:
        """Proved, refuted or undecided, computed from the steps and citations.

        Proved only if every step is proved, the chain ends at the claimed
        right-hand side and every cited derivation is proved.
        """
        return self._assessment[0]

    @property
    def problems(self) -> tuple[str, ...]:
        """Reasons why the derivation is not proved beyond its steps' verdicts."""
        return self._assessment[1]

    @property
    def proved(self) -> bool:
        """Whether the derivation is proved."""
        return self.status is Status.PROVED

    @cached_property
    def _assessment(self) -> tuple[Status, tuple[str, ...]]:
        statuses, problems = self.chain_assessment
        cited = None
        if self.cited is not None:
            cited = {c.derivation.name: c.status for c in self.cited}
        return assess(statuses, problems, self.derivation.uses, cited)

    @cached_property
    def chain_assessment(self) -> tuple[tuple[Status, ...], tuple[str, ...]]:
        """The steps' statuses and the chain's problems, before citations are looked at.

        A step whose verdict is not about exactly that step, or claims "proved"
        without a valid proof, gives a problem instead of a status. With the
        cited derivations' statuses, :func:`assess` makes :attr:`status` and
        :attr:`problems` of this (so a run in several processes can finish a
        result from plain values, see :func:`assess`).
        """
        d = self.derivation
        problems = []
        statuses = []
        previous = d.lhs
        texts = d.stated.texts()
        printed = [text(d.lhs), *(text(s.expr) for s in d.steps)]  # printing is slow: once each
        for i, step in enumerate(d.steps, start=1):
            r = self.steps[i - 1] if i <= len(self.steps) else None
            if r is None or r.index != i or r.step != step or r.previous != previous:
                problems.append(f"step {i} was not checked")
            elif (r.verdict.lhs, r.verdict.rhs, r.verdict.assumptions) != (
                printed[i - 1],
                printed[i],
                texts,
            ):
                problems.append(f"the verdict of step {i} is about another statement")
            elif r.verdict.status is Status.PROVED and not r.verdict.proved:
                problems.append(f"step {i} has no valid proof")
            else:
                statuses.append(r.verdict.status)
            previous = step.expr
        if len(self.steps) > len(d.steps):
            problems.append("more step results than steps")
        if previous != d.rhs:
            problems.append(
                f"the chain ends at {previous}, not at the claimed right-hand side {d.rhs}"
            )
        return tuple(statuses), tuple(problems)

    def to_json(self, *, timings: bool = True) -> dict[str, Any]:
        """Return the result as JSON-ready data (see the README for the schema)."""
        d = self.derivation
        data: dict[str, Any] = {
            "name": d.name,
            "title": d.title,
            "status": self.status.value,
            "lhs": str(d.lhs),
            "rhs": str(d.rhs),
            "assumptions": list(d.assumptions),
            "where": [{"symbol": w.name, "expr": str(w.expr)} for w in d.where],
            "uses": list(d.uses),
            "references": list(d.references),
            "problems": list(self.problems),
            "steps": [
                {
                    "index": r.index,
                    "expr": str(r.step.expr),
                    "reason": r.step.reason,
                    "uses": list(r.step.uses),
                    "verdict": r.verdict.to_json(timings=timings),
                }
                for r in self.steps
            ],
        }
        if timings:
            data["seconds"] = round(self.seconds, 4)
        return data


def assess(
    statuses: Sequence[Status],
    problems: Sequence[str],
    uses: Sequence[str],
    cited: Mapping[str, Status] | None,
) -> tuple[Status, tuple[str, ...]]:
    """Fold a derivation's chain assessment and its citations into its status and problems.

    This is how :attr:`DerivationResult.status` is computed; the command line
    uses it too, on plain values, to finish the results of derivations checked
    in other processes (which cannot send proofs back).

    Args:
        statuses: The steps' statuses (:attr:`DerivationResult.chain_assessment`).
        problems: The chain's problems (same).
        uses: The names of the cited derivations.
        cited: The statuses of the derivations verified in this run, by name, or
            ``None`` when citations were not looked up.

    Returns:
        The status (proved only if every step is proved, there is no problem
        and every cited derivation is proved) and every problem.
    """
    found = list(problems)
    for name in uses:
        if cited is None:
            found.append(f"cites {name}, which was not verified in this run")
        elif name not in cited:
            found.append(f"cites {name}, which is not a known derivation")
        elif cited[name] is not Status.PROVED:
            found.append(f"cites {name}, which is {cited[name].value}")
    status = overall(statuses)
    if status is Status.PROVED and found:
        status = Status.UNDECIDED
    return status, tuple(found)


def verify(
    derivation: Derivation,
    *,
    timeout: float | None = None,
    cited: Mapping[str, DerivationResult] | None = None,
) -> DerivationResult:
    """Check every step of a derivation.

    Args:
        derivation: The derivation.
        timeout: Time limit per step (default: the derivation's own).
        cited: Results of other derivations by name; a cited derivation that is
            missing here or not proved makes this one not proved. ``None``
            means citations are not looked up (reported as a problem if any).

    Returns:
        The result, with one verdict per step.
    """
    start = time.perf_counter()
    limit = timeout if timeout is not None else derivation.timeout
    results = []
    previous = derivation.lhs
    # A side written in LaTeX is checked as read, with the domain of the text as written.
    side: Any = derivation._lhs_reading or derivation.lhs
    for i, step in enumerate(derivation.steps, start=1):
        verdict = check(side, step.reading or step.expr, derivation.stated, timeout=limit)
        results.append(StepResult(i, step, previous, verdict))
        previous, side = step.expr, step.reading or step.expr
    used = None
    if cited is not None:
        used = tuple(cited[name] for name in derivation.uses if name in cited)
    return DerivationResult(
        derivation=derivation,
        steps=tuple(results),
        cited=used,
        seconds=time.perf_counter() - start,
    )


CATALOG_SOURCE = "catalog"
"""The :attr:`Derivation.source` of the built-in catalog's derivations."""


def _place(d: Derivation) -> str:
    if d.source == CATALOG_SOURCE:
        return "the catalog"
    return d.source or "Python code (not loaded from a file)"


def require_unique_names(derivations: Iterable[Derivation]) -> dict[str, Derivation]:
    """Return the derivations by name, rejecting two different ones of the same name.

    The same derivation value may appear more than once.

    Raises:
        DerivationError: Two different derivations share a name; the message
            says where each comes from (its file, or "the catalog").
    """
    by_name: dict[str, Derivation] = {}
    for d in derivations:
        first = by_name.setdefault(d.name, d)
        if first is not d:
            first_place, place = _place(first), _place(d)
            where = (
                f"both in {place}" if place == first_place else f"in {first_place} and in {place}"
            )
            raise DerivationError(
                f"two derivations are named {d.name!r}: {where}; names must be unique, "
                "rename one of them"
            )
    return by_name


def dependency_order(derivations: Sequence[Derivation]) -> list[Derivation]:
    """Order derivations so that each comes after the ones it cites.

    Raises:
        DerivationError: Two derivations share a name, or citations form a cycle.
    """
    by_name = require_unique_names(derivations)
    ordered: list[Derivation] = []
    state: dict[str, int] = {}

    def visit(d: Derivation, path: tuple[str, ...]) -> None:
        if state.get(d.name) == 2:
            return
        if state.get(d.name) == 1:
            raise DerivationError("citations form a cycle: " + " -> ".join((*path, d.name)))
        state[d.name] = 1
        for name in d.uses:
            if name in by_name:
                visit(by_name[name], (*path, d.name))
        state[d.name] = 2
        ordered.append(d)

    for d in derivations:
        visit(d, ())
    return ordered


def check_with_citations(
    derivations: Sequence[Derivation],
    library: Sequence[Derivation] = (),
    *,
    timeout: float | None = None,
) -> dict[str, DerivationResult]:
    """Check derivations and, transitively, the derivations they cite.

    Args:
        derivations: The derivations to check.
        library: Derivations that may be cited (the catalog); ``derivations``
            take precedence over library entries of the same name.
        timeout: Time limit per step.

    Returns:
        Every checked derivation's result by name, in dependency order.

    Raises:
        DerivationError: Two different ``derivations`` share a name (only one
            of them could be checked), or citations form a cycle.
    """
    results: dict[str, DerivationResult] = {}
    for d in citation_closure(derivations, library):
        results[d.name] = verify(d, timeout=timeout, cited=results)
    return results


def citation_closure(
    derivations: Sequence[Derivation], library: Sequence[Derivation] = ()
) -> list[Derivation]:
    """Return the derivations and, transitively, those they cite, in dependency order.

    What :func:`check_with_citations` checks, in the order it checks them.

    Args:
        derivations: The derivations asked for.
        library: Derivations that may be cited; ``derivations`` take precedence
            over library entries of the same name.

    Raises:
        DerivationError: Two different ``derivations`` share a name, or
            citations form a cycle.
    """
    pool = {d.name: d for d in library}
    pool.update(require_unique_names(derivations))
    needed: dict[str, Derivation] = {}

    def collect(d: Derivation) -> None:
        if d.name not in needed:
            needed[d.name] = d
            for name in d.uses:
                if name in pool:
                    collect(pool[name])

    for d in derivations:
        collect(d)
    return dependency_order(list(needed.values()))


def verify_all(
    derivations: Iterable[Derivation],
    *,
    timeout: float | None = None,
    library: Sequence[Derivation] = (),
) -> list[DerivationResult]:
    """Verify derivations in dependency order, resolving citations among them.

    Args:
        derivations: The derivations to verify (results come back in this order).
        timeout: Time limit per step.
        library: Further derivations that may be cited (e.g. the catalog when
            verifying a user's file); those that are cited are verified too.

    Returns:
        One result per requested derivation.
    """
    wanted = list(derivations)
    results = check_with_citations(wanted, library, timeout=timeout)
    return [results[d.name] for d in wanted]
