r"""Check a document: every chain, every step, in order, with what the document said before.

:func:`check_document` is the pipeline in one place: cut the display math into
chains (:mod:`softsym.notes.chains`), walk the steps and the directives in
document order, remember definitions in a :class:`~softsym.lang.latex.TexContext`
(``:=``, ``\coloneqq``, ``\equiv``, ``\triangleq``, ``define`` directives, and
the first step of a chain whose left side names something new, ``f(x) = ...``),
read both sides of every equality with :func:`~softsym.lang.latex.read_latex`
and decide it with :func:`softsym.decide.check` under the stated assumptions.
A step that cannot be read is reported with its position and what was
expected; it never stops the rest of the file.

A misreading never refutes: a step with a name both a number and a family (``x``,
``x_i``) is not checked; a first row ``odds = ...`` defines the word; a refuted step
that another reading of an ambiguous side, or a value inline math in the prose gave a
name (``$q_i = ...$``), proves is reported undecided with that reading.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sympy
from sympy import Expr
from sympy.core.function import AppliedUndef

from softsym.decide import DEFAULT_TIMEOUT, check
from softsym.errors import SoftsymError
from softsym.lang.latex import (
    VECTOR_VALUED,
    DefinitionHead,
    TexContext,
    TexReading,
    definition_head,
    mixed_roles,
    read_latex,
    split_relations,
)
from softsym.notes.chains import Transition, build_chains
from softsym.notes.directives import Directive, parse_directive
from softsym.notes.documents import Document, DocumentError
from softsym.notes.hints import find_hint
from softsym.notes.instances import counterexample_with, refute_on_instance
from softsym.notes.report import ChainResult, FileProblem, FileResult, StepResult
from softsym.verdict import Counterexample

__all__ = ["CheckOptions", "check_document"]

_EXTRA_SECONDS = 2.0
"""The time limit of each further try (a hint, a small instance), at most the step's own."""

_EXTRA_BUDGET = 8.0
"""The time all further tries of one step may take together, in seconds."""

_RELATIONS: dict[str, Callable[[Expr, Expr], Any]] = {
    "eq": sympy.Eq,
    "le": sympy.Le,
    "lt": sympy.Lt,
    "ge": sympy.Ge,
    "gt": sympy.Gt,
}


@dataclass(frozen=True)
class CheckOptions:
    """How to check a document.

    Attributes:
        timeout: The time limit of each step's check (and of each hint's), in seconds.
        hints: Whether to look for missing assumptions when a step is not proved.
        macros: LaTeX macro definitions read before the document's own (a macro file).
    """

    timeout: float = DEFAULT_TIMEOUT
    hints: bool = True
    macros: str = ""


class _State:
    """The walk through one document: the context, the assumptions, the index."""

    def __init__(self, document: Document, options: CheckOptions) -> None:
        self.document = document
        self.options = options
        self.assumptions: list[Any] = []
        self.assumption_texts: list[str] = []
        self.defined: dict[str, int] = {}  # name -> the line of its latest definition
        self.distinct: set[frozenset[str]] = set()  # index pairs stated different (i \ne j)
        self.problems: list[FileProblem] = []
        self.vector_valued = False  # whether the last read failed on a vector standing alone
        self.index = 0
        self.chain: list[Expr] = []  # the sides read so far in the current chain
        self.inline: list[_Inline] = []  # values that inline math in the prose gave names
        context = TexContext()
        if options.macros:
            context = context.with_macros(options.macros)  # the CLI's file: its error is exit 2
        try:
            context = context.with_macros(document.source)
        except SoftsymError as exc:
            message = f"{document.path}: cannot read its macros (read without them): {exc}"
            self.problems.append(FileProblem(0, message))
        self.context = _class_count(context, document.source)

    # --- directives ---------------------------------------------------------------------

    def apply(self, directive: Directive) -> None:
        """Use a directive; one that cannot be used is a problem of the file, not the end."""
        cell = "" if directive.cell is None else f"cell {directive.cell}:"
        where = f"{self.document.path}:{cell}{directive.line}"
        try:
            self._apply(directive)
        except SoftsymError as exc:
            text = str(exc)
            if not text.startswith(f"{self.document.path}:"):
                text = f"{where}: cannot use the directive: {text}"
            self.problems.append(FileProblem(directive.line, text, directive.cell))

    def _apply(self, d: Directive) -> None:
        if d.kind == "macros":
            base = Path(self.document.path).parent
            try:
                text = (base / d.text).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise DocumentError(
                    f"{self.document.path}:{d.line}: cannot read the macro file {d.text}"
                ) from None
            self.context = self.context.with_macros(text)
        elif d.kind == "range":
            lower = read_latex(d.lower, self.context).expr
            upper = read_latex(d.upper, self.context).expr
            self.context = self.context.with_range(d.index, lower, upper)
            self.context = self.context.with_symbol_kind(d.index, "integer")
        elif d.kind == "define":
            lhs, relation, rhs = _one_relation(d.text)
            head = definition_head(lhs, self.context, words=True)
            if head is None or relation not in ("eq", "def"):
                raise DocumentError(
                    f"{self.document.path}:{d.line}: expected `define NAME = ...` (got {d.text!r})"
                )
            warning = self._define(head, read_latex(rhs, self.context).expr, d.line)
            if warning:
                where = f"{self.document.path}:{d.line}: {warning}"
                self.problems.append(FileProblem(d.line, where, d.cell, "warning"))
        else:  # assume, let
            lhs, relation, rhs = _one_relation(d.text)
            if relation == "ne":
                self._apply_distinct(d, lhs, rhs)
                return
            if relation not in _RELATIONS:
                raise DocumentError(
                    f"{self.document.path}:{d.line}: expected a relation =, <, >, \\le or \\ge "
                    f"(got {d.text!r})"
                )
            left = read_latex(lhs, self.context).expr
            right = read_latex(rhs, self.context).expr
            self.assumptions.append(_RELATIONS[relation](left, right))
            self.assumption_texts.append(d.text)

    def _apply_distinct(self, d: Directive, lhs: str, rhs: str) -> None:
        names = (lhs.strip(), rhs.strip())
        if not all(n.isalpha() and len(n) == 1 for n in names) or names[0] == names[1]:
            raise DocumentError(
                f"{self.document.path}:{d.line}: \\ne is understood between two indices only "
                f"(i \\ne j; got {d.text!r})"
            )
        for n in names:
            self.context = self.context.with_symbol_kind(n, "integer")
        self.distinct.add(frozenset(names))
        self.assumption_texts.append(d.text)

    # --- steps ----------------------------------------------------------------------------

    def step(self, t: Transition) -> StepResult:
        self.index += 1
        base = StepResult(
            index=self.index,
            line=t.line,
            lhs_tex=t.lhs,
            rhs_tex=t.rhs,
            relation=t.relation,
            kind=t.kind,
            status=None,
            cell=t.cell,
            block_end=t.block_end,
            inline=t.inline,
        )
        try:
            return self._step(t, base)
        except Exception as exc:  # a bug here or in SymPy: this step only, never the file
            reason = f"softsym could not check this step ({type(exc).__name__}: {exc})"
            status = "error" if t.kind in ("equality", "definition") else None
            return replace(base, status=status, reason=" ".join(reason.split()))

    def _step(self, t: Transition, base: StepResult) -> StepResult:
        if t.first:
            self.chain = []
        if t.kind == "definition":
            return self._definition(t, base, explicit=True)
        if t.kind != "equality":
            return replace(base, reason=_NOT_CHECKED[t.kind])
        naming = t.inline and self._names_a_value(t.lhs)
        case = not naming and t.first and _is_case(t.lhs, t.rhs)
        defining = (
            not naming
            and not case
            and t.first
            and not t.inline
            and self._names_something_new(t.lhs, t.rhs)
        )
        if (naming or defining) and self._word_head(t.lhs):
            # `odds = \frac{p}{1-p}`: the name odds, unless the letters o·d·d·s make it true
            checked = self._checked(t, base)
            if checked.status == "proved":
                return checked
            if checked.status == "refuted" and self._uses_letters(t.lhs, t.rhs):
                # `xyz = x + y + z`: the letters may be meant; say both readings, refute neither
                word = "".join(t.lhs.split())
                letters = "·".join(word.partition("_")[0])
                reason = (
                    f"ambiguous: read as the product {letters} it is refuted ({checked.reason}); "
                    f"read as the name {word} it defines {word}"
                )
                return replace(checked, status="undecided", counterexample=None, reason=reason)
        if naming:
            # `$x = 0$`, `$p = 0.5$` in prose: a case or an example, not a claim nor a definition
            self._remember_inline(t)
            return replace(base, kind="skipped", reason=_NOT_CHECKED["inline"])
        if case:
            # `i = j` on its own: the case an argument considers, not i defined as j
            return replace(base, kind="skipped", reason=_NOT_CHECKED["case"])
        if defining:
            return self._definition(t, base, explicit=False)
        return self._checked(t, base)

    def _checked(self, t: Transition, base: StepResult) -> StepResult:
        """Read both sides of an equality and check it."""
        left, problem, right, problem_right = self._read_sides(t.lhs, t.rhs)
        base = replace(
            base,
            parsed_lhs=str(left.expr) if left else "",
            parsed_rhs=str(right.expr) if right else "",
        )
        if left is None or right is None:
            reason = "; ".join(p for p in (problem, problem_right) if p)
            return replace(base, status="error", reason=reason)
        return self._equality(left, right, base, t.conditions)

    def _uses_letters(self, lhs: str, rhs: str) -> bool:
        """Whether ``rhs`` uses a letter of the word ``lhs`` as a name (``xyz = x + y + z``)."""
        try:
            body = read_latex(rhs, self.context).expr
        except Exception:  # unreadable: the word reading is all there is
            return False
        names = {str(e.base) for e in body.atoms(sympy.Indexed)} | {
            str(x) for x in body.free_symbols if isinstance(x, sympy.Symbol) and not x.is_integer
        }
        return bool(names & set(lhs))

    def _word_head(self, lhs: str) -> bool:
        """Whether ``lhs`` is a head only when read as a word (``odds``, not o·d·d·s)."""
        return (
            definition_head(lhs, self.context) is None
            and definition_head(lhs, self.context, words=True) is not None
        )

    def _remember_inline(self, t: Transition) -> None:
        r"""Keep what inline math gives a name (``$q_i = \frac{e^{x_i}}{\sum_j e^{x_j}}$``).

        It is not a definition (``$y = 1$`` is often a case), but a refuted step that
        the value would prove is reported as undecided, not refuted.
        """
        head = definition_head(t.lhs, self.context, words=True)
        if head is None or head.params or head.name in self.context.definitions:
            return
        try:
            body = read_latex(t.rhs, self.context).expr
        except SoftsymError:
            return
        if body.free_symbols:  # `$p = 0.5$` is an example, not what p stands for
            self.inline.append(_Inline(head, body, t.line, f"{t.lhs} = {t.rhs}"))

    def _equality(
        self,
        left: TexReading,
        right: TexReading,
        base: StepResult,
        conditions: tuple[str, ...] = (),
    ) -> StepResult:
        try:
            local, distinct = self._conditions(conditions, left.expr, right.expr)
        except SoftsymError as exc:
            reason = f"cannot read the condition {', '.join(conditions)}: {exc}"
            return replace(base, kind="equality", status="error", reason=reason)
        earlier, self.chain = self.chain, [*self.chain, left.expr, right.expr]
        mixed = mixed_roles(left.expr, right.expr)
        if mixed:  # logsumexp(x) + x_1 with x a number: a verdict would be on another formula
            return replace(base, kind="equality", status="error", reason=_mixed_reason(mixed))
        lhs = self._distinct(left.expr, distinct)
        rhs = self._distinct(right.expr, distinct)
        implicit, said = self._implicit(lhs, rhs)
        said = [*(f"under the condition {c}" for c in conditions), *said]
        assumptions = [*_rebind(self.assumptions, lhs, rhs), *local, *implicit]
        timeout = self.options.timeout
        try:
            verdict = check(lhs, rhs, assumptions, timeout=timeout)
        except SoftsymError as exc:
            return replace(base, kind="equality", status="error", reason=str(exc))
        except Exception as exc:  # a bug or SymPy's limits: this step only, never the file
            reason = f"could not check ({type(exc).__name__}: {exc})"
            return replace(base, kind="equality", status="undecided", reason=reason)
        status, method, reason = verdict.status.value, verdict.method, verdict.reason
        if status == "proved" and not verdict.proved:  # only a genuine Proof says proved
            status = "undecided"
        counterexample = verdict.counterexample
        if (
            status == "refuted"
            and counterexample is not None
            and _breaks_distinct(counterexample, distinct)
        ):
            status, method, counterexample = "undecided", "", None
            reason = "the only counterexample found has two indices equal that are stated distinct"
        free = lhs.free_symbols | rhs.free_symbols
        counts = _counts(lhs, rhs, self.context.class_count)
        deadline = time.monotonic() + _EXTRA_BUDGET
        if status == "undecided" and counts:
            indices = [i for i in _indices(lhs, rhs, self.context.class_count) if i not in counts]
            found = refute_on_instance(
                lhs,
                rhs,
                assumptions,
                counts=counts,
                indices=indices,
                distinct=[
                    (a, b)
                    for a in indices
                    for b in indices
                    if frozenset((a.name, b.name)) in distinct
                ],
                timeout=min(timeout, _EXTRA_SECONDS),
                deadline=deadline,
            )
            if found is not None:
                instance, point = found
                assert instance.counterexample is not None  # noqa: S101 (refuted verdicts carry one)
                counterexample = counterexample_with(instance.counterexample, point)
                status, method = "refuted", "sampling"
                reason = f"the sides differ {counterexample.describe()}"
        if counterexample is not None:
            counterexample = _only_symbols_of(counterexample, free)
        if status == "refuted":
            other = self._second_reading(
                left, right, (lhs, rhs), earlier, local, distinct, deadline
            )
            if other:  # refuted as read, proved as it may be meant: not a refutation to report
                where = f" {counterexample.describe()}" if counterexample is not None else ""
                status, method, counterexample = "undecided", "", None
                reason = f"refuted as read (the sides differ{where}), but {other}"
        hint = ""
        if status != "proved" and self.options.hints:
            hint = find_hint(
                lhs, rhs, assumptions, timeout=min(timeout, _EXTRA_SECONDS), deadline=deadline
            )
        notes = list(dict.fromkeys([*said, *_notes(left), *_notes(right)]))
        if notes:
            reason += " (" + "; ".join(notes) + ")"
        return replace(
            base,
            kind="equality",
            status=status,
            method=method,
            reason=reason,
            counterexample=counterexample,
            hint=hint,
        )

    def _second_reading(
        self,
        left: TexReading,
        right: TexReading,
        sides: tuple[Expr, Expr],
        earlier: list[Expr],
        local: list[Any],
        distinct: set[frozenset[str]],
        deadline: float,
    ) -> str:
        """Why a refuted step may be meant otherwise: the reading under which it is proved.

        Tried in order: a name used in another role earlier in the chain (``x`` here,
        ``x_i`` there: no refutation, nothing to prove); the reader's other readings of
        an ambiguous side (``f(1 - f)``); the values inline math gave names in the prose
        (``$q_i = ...$``). Returns ``""`` when none proves the step.
        """
        mixed = mixed_roles(*sides, *earlier)
        if mixed:
            return _mixed_reason(mixed, " in this chain")
        lefts = [left.expr, *left.alternatives]
        rights = [right.expr, *right.alternatives]
        for a, b in itertools.product(lefts, rights):
            if (a, b) == (left.expr, right.expr):
                continue
            one, other = (self._distinct(_uncapture(self._resolve(x)), distinct) for x in (a, b))
            if self._proves(one, other, local, deadline):
                return f"proved if read as {one} = {other}"
        for value in reversed(self.inline):
            if value.head.name in self.context.definitions:
                continue
            one, other = (_substitute_definition(x, value.head, value.body) for x in sides)
            if (one, other) != sides and self._proves(one, other, local, deadline):
                return f"proved with {value.text} (inline math, line {value.line}) as a definition"
        return ""

    def _proves(self, lhs: Expr, rhs: Expr, local: list[Any], deadline: float) -> bool:
        """Whether the kernel proves another reading of a step (within the extra budget)."""
        left = min(self.options.timeout, _EXTRA_SECONDS, deadline - time.monotonic())
        if left <= 0:
            return False
        implicit, _ = self._implicit(lhs, rhs)
        assumptions = [*_rebind([*self.assumptions, *local], lhs, rhs), *implicit]
        try:
            return check(lhs, rhs, assumptions, timeout=left).proved
        except Exception:  # a reading SymPy cannot handle proves nothing
            return False

    def _implicit(self, lhs: Expr, rhs: Expr) -> tuple[list[Any], list[str]]:
        """What notation says without words: sums are not empty, a free index is a class.

        ``K ≥ 1`` for the class count, ``q ≥ 1`` for a sum up to ``q``; a free index of an
        entry (``j`` in ``o_j``) runs over the range of a sum over the same family, else
        over its declared range (``let``), else over ``1..K``.
        """
        count = self.context.class_count
        relations: list[Any] = []
        said: list[str] = []
        for c in _counts(lhs, rhs, count):
            lower = _lowest_start(lhs, rhs, c)
            relations.append(c >= lower)
            said.append(f"assuming {c} >= {lower}")
        for index in _indices(lhs, rhs, count):
            declared = self.context.ranges.get(index.name)
            lower, upper = declared or _family_range(lhs, rhs, index) or (sympy.Integer(1), count)
            relations += [index >= lower, index <= upper]
            said.append(f"assuming {lower} <= {index} <= {upper}")
        return relations, said

    def _conditions(
        self, conditions: tuple[str, ...], lhs: Expr, rhs: Expr
    ) -> tuple[list[Any], set[frozenset[str]]]:
        """A row's conditions as relations, and the index pairs they make distinct."""
        relations: list[Any] = []
        distinct = set(self.distinct)
        for text in conditions:
            left, relation, right = _one_relation(text)
            if relation == "ne":
                distinct.add(frozenset((left.strip(), right.strip())))
                continue
            if relation not in _RELATIONS:
                raise DocumentError(f"unknown relation in {text!r}")
            a = read_latex(left, self.context).expr
            b = read_latex(right, self.context).expr
            relations.extend(_rebind([_RELATIONS[relation](a, b)], lhs, rhs))
        return relations, distinct

    def _distinct(self, expr: Expr, distinct: set[frozenset[str]] | None = None) -> Expr:
        """δ_ij is 0 where the document assumes i ≠ j."""
        pairs = self.distinct if distinct is None else distinct
        if not pairs:
            return expr
        if expr.has(sympy.Derivative):  # the δ of a derivative appears only once it is taken
            expr = expr.replace(lambda e: isinstance(e, sympy.Derivative), lambda e: e.doit())
        return expr.replace(
            lambda e: (
                isinstance(e, sympy.KroneckerDelta)
                and frozenset(a.name for a in e.args if isinstance(a, sympy.Symbol)) in pairs
            ),
            lambda e: sympy.Integer(0),
        )

    def _definition(self, t: Transition, base: StepResult, *, explicit: bool) -> StepResult:
        head = definition_head(t.lhs, self.context, words=True)
        if head is None:
            if explicit:  # `a \equiv b` between two expressions: an equality to check
                left, problem, right, problem_right = self._read_sides(t.lhs, t.rhs)
                if left is not None and right is not None:
                    base = replace(base, parsed_lhs=str(left.expr), parsed_rhs=str(right.expr))
                    return self._equality(left, right, base)
                reason = "; ".join(p for p in (problem, problem_right) if p)
                return replace(base, kind="equality", status="error", reason=reason)
            reason = "the left side of a definition is not a name such as f(x), p_j or L"
            return replace(base, kind="definition", status="error", reason=reason)
        self.vector_valued = False
        body, problem = self._read(t.rhs, "right", keep=frozenset(head.params))
        if body is None and self.vector_valued and not (head.params or head.indices):
            # \hat{\mathbf y} = softmax(\mathbf o): the vector, defined entry by entry
            index = _fresh_index(t.lhs + " " + t.rhs)
            body, problem = self._read(t.rhs, "right", vector_index=index)
            head = replace(head, indices=(index,))
        if body is None:
            return replace(base, kind="definition", status="error", reason=problem)
        warning = self._define(head, body.expr, t.line)
        return replace(
            base,
            kind="definition",
            status=None,
            reason=f"remembered: {_head_text(head)} := {body.expr}",
            warning=warning,
            parsed_lhs=_head_text(head),
            parsed_rhs=str(body.expr),
        )

    def _define(self, head: DefinitionHead, body: Expr, line: int) -> str:
        """Remember a definition; the latest one of a name holds from its line on.

        Returns:
            A warning when the name was defined before with another value, else ``""``.
        """
        previous = self.context.definitions.get(head.name)
        earlier = self.defined.get(head.name)
        self.context = self.context.define(head, body)
        self.defined[head.name] = line
        if previous is None or earlier is None:
            return ""
        if self._same_definition(previous.head, previous.body, head, body):
            return ""
        return (
            f"{_head_text(head)} was defined before (line {earlier}) with another value "
            f"({_head_text(previous.head)} := {previous.body}); from line {line} on it means "
            "the new one"
        )

    def _same_definition(
        self, old_head: DefinitionHead, old_body: Expr, head: DefinitionHead, body: Expr
    ) -> bool:
        """Whether two definitions of a name give it the same value (the kernel proves it)."""
        if len(old_head.params) != len(head.params) or len(old_head.indices) != len(head.indices):
            return False
        mapping: dict[Any, Any] = {}
        for a, b in zip(old_head.params, head.params, strict=True):
            mapping[sympy.Symbol(a, real=True)] = sympy.Symbol(b, real=True)
            mapping[sympy.IndexedBase(a, real=True)] = sympy.IndexedBase(b, real=True)
        for a, b in zip(old_head.indices, head.indices, strict=True):
            mapping[sympy.Symbol(a, integer=True)] = sympy.Symbol(b, integer=True)
        renamed = old_body.xreplace(mapping)
        if renamed == body:
            return True
        try:
            verdict = check(renamed, body, timeout=min(self.options.timeout, _EXTRA_SECONDS))
        except Exception:
            return False
        return verdict.proved

    def _resolve(self, expr: Expr, keep: frozenset[str] = frozenset()) -> Expr:
        r"""Give names defined later their value where an earlier definition left them free.

        ``L(y, \hat y) = ...`` then ``\hat y = \sigma(z)``: ``\partial L / \partial z``
        reads L's body, where ŷ is free; it is σ(z) now. A derivative by such a name
        (``\partial L / \partial \hat y``) is taken first and then evaluated at the
        name's value (a ``Subs``). A parameter in ``keep`` keeps its place (the body of
        ``f(x, \\hat y) := ...`` keeps its parameter ŷ).
        """
        for _ in range(5):
            before = expr
            for definition in self.context.definitions.values():
                head = definition.head
                if head.params or head.name in keep:
                    continue
                expr = _at_definition(expr, head, definition.body)
                expr = _substitute_definition(expr, head, definition.body)
            if expr == before:
                break
        return expr

    def _names_a_value(self, lhs: str) -> bool:
        """Whether ``lhs`` is a plain name (``x``, ``p_j``, ``f(x)`` of no known function)."""
        try:
            if definition_head(lhs, self.context, words=True) is None:
                return False
            expr = read_latex(lhs, self.context).expr
        except SoftsymError:
            return False
        known = [f for f in expr.atoms(sympy.Function) if not isinstance(f, AppliedUndef)]
        return not known and not expr.has(sympy.Derivative)

    def _names_something_new(self, lhs: str, rhs: str) -> bool:
        r"""Whether the first step of a chain, ``lhs = rhs``, is a definition.

        It is when ``lhs`` is a head (``f(x)``, ``p_j``, ``L``) of something the reader
        does not know (``\sigma(x)`` is checked), or a restatement of a name the
        document defined, in other variables (``L`` of ``\hat y`` after ``L`` of
        ``z``). A restatement over the same variables is a claim, and is checked.
        """
        try:
            head = definition_head(lhs, self.context, words=True)
        except SoftsymError:
            return False
        if head is None:
            return False
        try:
            body = read_latex(rhs, self.context).expr
        except SoftsymError as exc:
            if getattr(exc, "expected", "") != VECTOR_VALUED:
                return True
            try:  # a vector: what it is made of, read entry-wise
                index = _fresh_index(f"{lhs} {rhs}")
                body = read_latex(rhs, self.context, vector_index=index).expr
            except SoftsymError:
                return True
        names = {str(s) for s in body.free_symbols} | {
            str(e.base) for e in body.atoms(sympy.Indexed)
        }
        if head.name in names:
            return False  # `x = x`, `a = 2a - a`: a claim about x, not a definition
        previous = self.context.definitions.get(head.name)
        if previous is not None and (head.params or previous.head.params):
            return False  # `L(y, p) = ...` after `L(y, \hat y) := ...`: a claim about L
        if previous is not None:
            return not {str(s) for s in body.free_symbols} <= {
                str(s) for s in previous.body.free_symbols
            }
        try:
            expr = read_latex(lhs, self.context).expr
        except SoftsymError as exc:  # softmax(\mathbf z) = ...: a claim about a known vector
            return getattr(exc, "expected", "") != VECTOR_VALUED
        known = [f for f in expr.atoms(sympy.Function) if not isinstance(f, AppliedUndef)]
        return not known and not expr.has(sympy.Derivative)

    def _read_sides(
        self, lhs: str, rhs: str
    ) -> tuple[TexReading | None, str, TexReading | None, str]:
        """Read both sides of a step; entry-wise when one of them is a vector (softmax(z))."""
        self.vector_valued = False
        families = self.context.indexed
        left, problem = self._read(lhs, "left")
        right, problem_right = self._read(rhs, "right")
        index = None
        if self.vector_valued:
            index = _fresh_index(lhs + " " + rhs)
            left, problem = self._read(lhs, "left", vector_index=index)
            right, problem_right = self._read(rhs, "right", vector_index=index)
        if self.context.indexed - families - (left.indexed if left else frozenset()):
            # the right side made a name a family (x_i): logsumexp(x + c) on the left is its vector
            left, problem = self._read(lhs, "left", vector_index=index)
        return left, problem, right, problem_right

    def _read(
        self,
        text: str,
        side: str,
        keep: frozenset[str] = frozenset(),
        vector_index: str | None = None,
    ) -> tuple[TexReading | None, str]:
        if not text.strip():
            return None, f"the {side} side is empty"
        try:
            reading = read_latex(text, self.context, vector_index=vector_index)
        except SoftsymError as exc:
            if getattr(exc, "expected", "") == VECTOR_VALUED:
                self.vector_valued = True
            return None, f"{side} side unreadable: {exc}"
        except Exception as exc:  # the reader's bug: this step only
            return None, f"{side} side unreadable ({type(exc).__name__}: {exc})"
        resolved = _uncapture(self._resolve(reading.expr, keep))
        vector = _derivative_by_vector(resolved)
        if vector:  # a definition given later made z a family: ∂/∂z is a gradient now
            return None, (
                f"{side} side unreadable: a derivative by the vector {vector} "
                f"(write the entry, such as {vector}_j)"
            )
        if resolved is not reading.expr:
            reading = replace(reading, expr=resolved)
        if reading.indexed - self.context.indexed:
            self.context = self.context.with_indexed(*sorted(reading.indexed))
        return reading, ""


def _derivative_by_vector(expr: Expr) -> str:
    """The name of a vector that a derivative in ``expr`` is taken by as a symbol, or ``""``."""
    for d in expr.atoms(sympy.Derivative):
        families = {str(e.base) for e in d.expr.atoms(sympy.Indexed)}
        for v in d.variables:
            if isinstance(v, sympy.Symbol) and v.name in families:
                return v.name
    return ""


def _at_definition(expr: Expr, head: DefinitionHead, body: Expr) -> Expr:
    """Derivatives by the defined name, evaluated at its value: d/dŷ f(ŷ) at ŷ = σ(z).

    The variable becomes a private dummy inside the derivative, so substituting the
    definition afterwards changes only what lies outside it.
    """

    def by_name(v: Any) -> bool:
        if head.indices:
            return (
                isinstance(v, sympy.Indexed)
                and str(v.base) == head.name
                and len(v.indices) == len(head.indices)
            )
        return isinstance(v, sympy.Symbol) and v.name == head.name

    def at_value(d: Any) -> Any:
        for v in [v for v in d.variables if by_name(v)]:
            value = _substitute_definition(v, head, body)
            if value == v:
                continue
            t = sympy.Dummy(head.name, real=True)
            d = sympy.Subs(d.xreplace({v: t}), t, value)
        return d

    derivatives = [d for d in expr.atoms(sympy.Derivative) if any(by_name(v) for v in d.variables)]
    if not derivatives:
        return expr
    return expr.xreplace({d: at_value(d) for d in derivatives})


def _substitute_definition(expr: Expr, head: DefinitionHead, body: Expr) -> Expr:
    """``expr`` with a defined value or indexed entry left free replaced by its body."""
    by_name = {str(s): s for s in body.free_symbols if isinstance(s, sympy.Symbol)}
    if head.indices:
        indices = [by_name.get(i, sympy.Symbol(i, integer=True)) for i in head.indices]

        def entry(e: Any) -> Any:
            return body.xreplace(dict(zip(indices, e.indices, strict=True)))

        return expr.replace(
            lambda e: (
                isinstance(e, sympy.Indexed)
                and str(e.base) == head.name
                and len(e.indices) == len(indices)
            ),
            entry,
        )
    named = {
        s: body
        for s in expr.free_symbols
        if isinstance(s, sympy.Symbol) and s.name == head.name and s not in body.free_symbols
    }
    return expr.xreplace(named) if named else expr


@dataclass(frozen=True)
class _Inline:
    r"""A value inline math in the prose gave a name: ``$q_i = \frac{e^{x_i}}{...}$``."""

    head: DefinitionHead
    body: Expr
    line: int
    text: str


def _mixed_reason(names: tuple[str, ...], where: str = "") -> str:
    """Why a step with ``x`` and ``x_i`` is not checked (or not refuted)."""
    return "; ".join(
        f"{x} is used both as a vector ({x}_i) and as a number ({x}){where}, "
        f"so its entries and the number {x} would be unrelated"
        for x in names
    )


_NOT_CHECKED = {
    "inline": "inline math that gives a name a value, not checked",
    "case": "a case of two indices (i = j), not checked",
    "approximation": "an approximation, not checked",
    "inequality": "an inequality, not checked",
    "skipped": "not an equality, not checked",
}


_INDEX_LETTER = re.compile(r"[i-n]")
_COMMAND = re.compile(r"\\[A-Za-z]+")
_ENTRY_NAMES = ("k", "m", "l", "n", "r", "s", "t")


def _fresh_index(text: str) -> str:
    """A letter that ``text`` does not use (commands aside), for an entry-wise reading."""
    used = set(_COMMAND.sub(" ", text))
    return next((n for n in _ENTRY_NAMES if n not in used), "k_")


def _is_case(lhs: str, rhs: str) -> bool:
    """Whether ``lhs = rhs`` equates two index letters (``i = j``): a case, not a definition."""
    a, b = lhs.strip(), rhs.strip().rstrip(".,;").strip()
    return a != b and bool(_INDEX_LETTER.fullmatch(a) and _INDEX_LETTER.fullmatch(b))


_SUM_UP_TO = re.compile(r"\\sum_\{\s*[A-Za-z]\s*=\s*[01]\s*\}\s*\^\s*\{?\s*([A-Za-z])\s*\}?")


def _class_count(context: TexContext, source: str) -> TexContext:
    r"""Use the document's own class count when all its sums run up to one letter (``q``)."""
    letters = set(_SUM_UP_TO.findall(source))
    if len(letters) == 1:
        (letter,) = letters
        return context.with_class_count(sympy.Symbol(letter, integer=True))
    return context


def _one_relation(text: str) -> tuple[str, str, str]:
    segments = split_relations(text)
    if len(segments) != 2:
        raise DocumentError(f"expected exactly one relation (got {text!r})")
    return segments[0].text, segments[0].relation or "", segments[1].text


def _breaks_distinct(cex: Counterexample, distinct: set[frozenset[str]]) -> bool:
    """Whether a counterexample gives one value to two indices stated different."""
    point = dict(cex.point)
    return any(
        len(pair) == 2 and all(n in point for n in pair) and len({point[n] for n in pair}) == 1
        for pair in distinct
    )


def _rebind(relations: list[Any], lhs: Expr, rhs: Expr) -> list[Any]:
    """Relations whose symbols are the step's symbols of the same name (the integer ``j``)."""
    by_name = {
        s.name: s
        for s in (lhs.free_symbols | rhs.free_symbols)
        if isinstance(s, sympy.Symbol) and not isinstance(s, sympy.Dummy)
    }
    out = []
    for r in relations:
        mapping = {
            s: by_name[s.name]
            for s in r.free_symbols
            if isinstance(s, sympy.Symbol) and s.name in by_name and by_name[s.name] != s
        }
        out.append(r.xreplace(mapping) if mapping else r)
    return out


def _only_symbols_of(cex: Counterexample, free: set[Any]) -> Counterexample:
    """The counterexample without values of symbols the step does not use (K of a directive)."""
    names = {str(s) for s in free} | {
        f"{e.base}_{'_'.join(str(i) for i in e.indices)}"
        for e in free
        if isinstance(e, sympy.Indexed)
    }
    bases = {str(e.base) for e in free if isinstance(e, sympy.Indexed)}
    point = tuple(
        (name, value) for name, value in cex.point if name in names or name.split("_")[0] in bases
    )
    return dataclasses.replace(cex, point=point)


def _uncapture(expr: Expr) -> Expr:
    r"""Rename a sum's index that a derivative's variable uses freely.

    ``\partial_{o_j} L`` with ``L = -\sum_j y_j \log \hat y_j`` reads as the derivative,
    by the free ``o_j``, of a sum over a bound ``j``; the bound one is renamed ``j'``.
    """
    for d in sympy.preorder_traversal(expr):
        if not isinstance(d, sympy.Derivative):
            continue
        outer = set().union(*(v.free_symbols for v in d.variables))
        for inner in sympy.preorder_traversal(d.expr):
            if not isinstance(inner, sympy.Sum):
                continue
            for limit in inner.limits:
                k = limit[0]
                if k in outer:
                    fresh = sympy.Symbol(f"{k.name}'", **k.assumptions0)
                    renamed = inner.xreplace({k: fresh})
                    new = expr.xreplace({inner: renamed})
                    return _uncapture(new) if new != expr else expr
    return expr


def _counts(lhs: Expr, rhs: Expr, count: Expr) -> list[sympy.Symbol]:
    """The free integer symbols that bound sums (``K``, ``q``), and the class count if free."""
    free = lhs.free_symbols | rhs.free_symbols
    found = {count} & free
    for side in (lhs, rhs):
        for s in side.atoms(sympy.Sum):
            for limit in s.limits:
                found |= {
                    x
                    for x in limit[2].free_symbols
                    if isinstance(x, sympy.Symbol) and x.is_integer and x in free
                }
    return sorted((s for s in found if isinstance(s, sympy.Symbol)), key=lambda s: s.name)


def _lowest_start(lhs: Expr, rhs: Expr, count: sympy.Symbol) -> Expr:
    """The lower limit of a sum that ``count`` bounds (1 when none is numeric)."""
    for side in (lhs, rhs):
        for s in side.atoms(sympy.Sum):
            for _, lower, upper in s.limits:
                if upper == count and lower.is_Integer:
                    return lower
    return sympy.Integer(1)


def _family_range(lhs: Expr, rhs: Expr, index: sympy.Symbol) -> tuple[Expr, Expr] | None:
    """The limits of a sum over the family that ``index`` indexes (``o_k`` for ``o_j``)."""
    families = {
        e.base for side in (lhs, rhs) for e in side.atoms(sympy.Indexed) if index in e.indices
    }
    for side in (lhs, rhs):
        for s in sorted(side.atoms(sympy.Sum), key=sympy.default_sort_key):
            for k, lower, upper in s.limits:
                if any(
                    e.base in families and k in e.indices for e in s.function.atoms(sympy.Indexed)
                ):
                    return lower, upper
    return None


def _indices(lhs: Expr, rhs: Expr, count: Expr) -> list[sympy.Symbol]:
    """The free integer symbols used as indices of entries (``j`` in ``o[j]``), by name."""
    found: set[sympy.Symbol] = set()
    for side in (lhs, rhs):
        for e in side.atoms(sympy.Indexed):
            for i in e.indices:
                found |= {
                    s
                    for s in i.free_symbols
                    if isinstance(s, sympy.Symbol) and s.is_integer and s != count
                }
    free = lhs.free_symbols | rhs.free_symbols
    return sorted((s for s in found if s in free), key=lambda s: s.name)


def _notes(reading: TexReading) -> list[str]:
    return [str(n) for n in reading.notes]


def _head_text(head: Any) -> str:
    text = head.name
    if head.indices:
        text += "_" + ",".join(head.indices)
    if head.params:
        text += "(" + ", ".join(head.params) + ")"
    return str(text)


def check_document(document: Document, options: CheckOptions | None = None) -> FileResult:
    """Check every chain of a document.

    A directive that is unknown or cannot be used, and document macros that cannot
    be read, are reported as the file's problems; the rest of the file is checked.

    Raises:
        LatexReadError: The macros of ``options`` (a macro file) are malformed.
    """
    options = options or CheckOptions()
    state = _State(document, options)
    chains = build_chains(document.blocks, split_relations)
    directives: list[Directive] = []
    for found in document.directives:
        try:
            directives.extend(parse_directive(found, document.path))
        except DocumentError as exc:  # reported; the rest of the file is still checked
            state.problems.append(FileProblem(found.line, str(exc), found.cell))
    events: list[tuple[tuple[int, int, int, int, int], Directive | Transition]] = []
    for n, d in enumerate(directives):
        events.append(((d.cell or 0, d.line, 0, n, 0), d))
    for c, chain in enumerate(chains):
        for s, t in enumerate(chain.steps):
            events.append(((t.cell or 0, t.line, 1, c, s), t))
    events.sort(key=lambda e: e[0])
    results: dict[tuple[int, int], StepResult] = {}
    for key, item in events:
        if isinstance(item, Directive):
            state.apply(item)
        else:
            results[(key[3], key[4])] = state.step(item)
    return FileResult(
        document.path,
        tuple(
            ChainResult(
                chain.line,
                tuple(results[(c, s)] for s in range(len(chain.steps))),
                chain.cell,
            )
            for c, chain in enumerate(chains)
        ),
        tuple(sorted(state.problems, key=lambda p: (p.cell or 0, p.line))),
    )
