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
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy import Expr

from softsym.assumptions import Assumptions, StatedRelation
from softsym.checker import DEFAULT_TIMEOUT, check
from softsym.errors import DerivationError, SoftsymError
from softsym.symbols import realify
from softsym.verdict import Status, Verdict

__all__ = ["Derivation", "DerivationResult", "Step", "StepResult", "verify", "verify_all"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _expr(value: Any, what: str) -> Expr:
    if isinstance(value, str):
        raise DerivationError(f"{what} must be a SymPy expression, not text (got {value!r})")
    try:
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        raise DerivationError(f"{what} must be a SymPy expression (got {value!r})") from exc
    if not isinstance(expr, Expr):
        raise DerivationError(f"{what} must be a scalar expression (got {type(expr).__name__})")
    return realify(expr)


@dataclass(frozen=True)
class Step:
    """One step of a derivation: the new expression and why it follows.

    Attributes:
        expr: The expression after this step.
        reason: Why it equals the previous expression (shown beside the step).
        uses: Names of other derivations this step cites.
    """

    expr: Expr
    reason: str
    uses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "expr", _expr(self.expr, "a step"))
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise DerivationError(f"step {self.expr} needs a reason (got {self.reason!r})")
        object.__setattr__(self, "uses", tuple(self.uses))


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
    _assume: Assumptions = field(default=Assumptions(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise DerivationError(
                "derivation name must be lower-case letters, digits and hyphens "
                f"(got {self.name!r})"
            )
        if not isinstance(self.title, str) or not self.title.strip():
            raise DerivationError(f"derivation {self.name!r} needs a title")
        object.__setattr__(self, "lhs", _expr(self.lhs, f"{self.name}: lhs"))
        object.__setattr__(self, "rhs", _expr(self.rhs, f"{self.name}: rhs"))
        steps = tuple(self.steps)
        if not steps or not all(isinstance(s, Step) for s in steps):
            raise DerivationError(f"derivation {self.name!r} needs one or more Step(...) values")
        object.__setattr__(self, "steps", steps)
        if isinstance(self.assumptions, str):
            raise DerivationError(f"{self.name}: assumptions must be a tuple of strings")
        object.__setattr__(self, "references", tuple(self.references))
        try:
            # A relation (one the text syntax cannot write) is kept as text carrying it.
            stated = tuple(a if isinstance(a, str) else StatedRelation(a) for a in self.assumptions)
            object.__setattr__(self, "assumptions", stated)
            object.__setattr__(self, "_assume", Assumptions.of(self.assumptions))
        except SoftsymError as exc:
            raise DerivationError(f"{self.name}: bad assumption: {exc}") from exc

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
        from softsym.export import derivation_latex

        return derivation_latex(self, standalone=standalone, timeout=timeout)

    def to_markdown(self, *, timeout: float | None = None) -> str:
        """Check this derivation (citations from the catalog) and return it as Markdown."""
        from softsym.export import derivation_markdown

        return derivation_markdown(self, timeout=timeout)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        from softsym.export import derivation_repr_latex

        return derivation_repr_latex(self)


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

    Attributes:
        derivation: What was verified.
        steps: Each step's result.
        status: Proved only if every step is proved, the chain ends at the
            claimed right-hand side and every cited derivation is proved.
        problems: Reasons why the derivation is not proved beyond its steps.
        seconds: Total time.
    """

    derivation: Derivation
    steps: tuple[StepResult, ...]
    status: Status
    problems: tuple[str, ...]
    seconds: float

    @property
    def proved(self) -> bool:
        """Whether the derivation is proved."""
        return self.status is Status.PROVED

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


def verify(
    derivation: Derivation,
    *,
    timeout: float | None = None,
    cited: Mapping[str, Status] | None = None,
) -> DerivationResult:
    """Check every step of a derivation.

    Args:
        derivation: The derivation.
        timeout: Time limit per step (default: the derivation's own).
        cited: Status of other derivations by name; a cited derivation that is
            missing here or not proved makes this one not proved. ``None``
            means citations are not looked up (reported as a problem if any).

    Returns:
        The result, with one verdict per step.
    """
    start = time.perf_counter()
    limit = timeout if timeout is not None else derivation.timeout
    results = []
    previous = derivation.lhs
    for i, step in enumerate(derivation.steps, start=1):
        verdict = check(previous, step.expr, derivation._assume, timeout=limit)
        results.append(StepResult(i, step, previous, verdict))
        previous = step.expr
    problems = []
    if previous != derivation.rhs:
        problems.append(
            f"the chain ends at {previous}, not at the claimed right-hand side {derivation.rhs}"
        )
    for name in derivation.uses:
        status = None if cited is None else cited.get(name)
        if cited is None:
            problems.append(f"cites {name}, which was not verified in this run")
        elif status is None:
            problems.append(f"cites {name}, which is not a known derivation")
        elif status is not Status.PROVED:
            problems.append(f"cites {name}, which is {status.value}")
    statuses = {r.verdict.status for r in results}
    if Status.REFUTED in statuses:
        status = Status.REFUTED
    elif Status.UNDECIDED in statuses or problems:
        status = Status.UNDECIDED
    else:
        status = Status.PROVED
    return DerivationResult(
        derivation=derivation,
        steps=tuple(results),
        status=status,
        problems=tuple(problems),
        seconds=time.perf_counter() - start,
    )


def dependency_order(derivations: Sequence[Derivation]) -> list[Derivation]:
    """Order derivations so that each comes after the ones it cites.

    Raises:
        DerivationError: Two derivations share a name, or citations form a cycle.
    """
    by_name: dict[str, Derivation] = {}
    for d in derivations:
        if d.name in by_name and by_name[d.name] is not d:
            raise DerivationError(f"two derivations are named {d.name!r}")
        by_name[d.name] = d
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
    pool = {d.name: d for d in library}
    pool.update({d.name: d for d in wanted})
    needed: dict[str, Derivation] = {}

    def collect(d: Derivation) -> None:
        if d.name in needed:
            return
        needed[d.name] = d
        for name in d.uses:
            if name in pool:
                collect(pool[name])

    for d in wanted:
        collect(d)
    statuses: dict[str, Status] = {}
    results: dict[str, DerivationResult] = {}
    for d in dependency_order(list(needed.values())):
        result = verify(d, timeout=timeout, cited=statuses)
        statuses[d.name] = result.status
        results[d.name] = result
    return [results[d.name] for d in wanted]
