"""The outcome of a check: proved, refuted (with a counterexample) or undecided.

A verdict is proved only by carrying a :class:`~softsym.kernel.proof.Proof`
that the kernel minted for exactly its two sides and assumptions: the
constructor checks this (so ``dataclasses.replace`` and ``copy`` are checked
too), and :attr:`Verdict.proved` checks it again on every use.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from softsym.kernel.proof import Proof

__all__ = ["Counterexample", "Status", "Verdict", "overall"]


class Status(str, enum.Enum):
    """The three outcomes of a check."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNDECIDED = "undecided"

    def __str__(self) -> str:
        return self.value


def overall(statuses: Iterable[Status]) -> Status:
    """Fold the statuses of parts into the status of the whole.

    Refuted if any part is refuted, else undecided if any part is undecided,
    else proved (also for no parts at all: callers that need a part check it).
    """
    seen = set(statuses)
    if Status.REFUTED in seen:
        return Status.REFUTED
    if Status.UNDECIDED in seen:
        return Status.UNDECIDED
    return Status.PROVED


@dataclass(frozen=True)
class Counterexample:
    """A point where the two sides differ, with certified values.

    Attributes:
        point: Exact values (as text, e.g. ``"1/2"``) for every free symbol, sorted by name.
        lhs_value: The left-hand side at the point, to 20 significant digits.
        rhs_value: The right-hand side at the point, to 20 significant digits.
        difference: lhs − rhs at the point, to 20 significant digits.
        digits: The working precision (decimal digits) that confirmed the difference.
    """

    point: tuple[tuple[str, str], ...]
    lhs_value: str
    rhs_value: str
    difference: str
    digits: int

    def describe(self) -> str:
        """Return a one-line description such as ``z = 1: lhs = 0.73…, rhs = 0.26…``."""
        where = ", ".join(f"{k} = {v}" for k, v in self.point) or "(no variables)"
        return f"at {where}: lhs = {self.lhs_value}, rhs = {self.rhs_value}"

    def to_json(self) -> dict[str, Any]:
        """Return the counterexample as JSON-ready data."""
        return {
            "point": dict(self.point),
            "lhs": self.lhs_value,
            "rhs": self.rhs_value,
            "difference": self.difference,
            "digits": self.digits,
        }


@dataclass(frozen=True)
class Verdict:
    """The checker's decision about ``lhs = rhs``.

    Attributes:
        status: Proved, refuted or undecided.
        method: The method that decided it (``"exp-rational"``, ``"sampling"``, ...),
            or ``""`` when undecided.
        reason: A human-readable explanation.
        lhs: The left-hand side as text in softsym's input syntax.
        rhs: The right-hand side as text.
        assumptions: The stated assumptions, as text.
        counterexample: Where the sides differ, for a refuted verdict.
        seconds: Wall-clock time the check took.
        proof: The kernel's proof, for a proved verdict (required then).
    """

    status: Status
    method: str
    reason: str
    lhs: str
    rhs: str
    assumptions: tuple[str, ...] = ()
    counterexample: Counterexample | None = None
    seconds: float = 0.0
    proof: Proof | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.status, Status):
            raise TypeError(f"status must be a Status (got {self.status!r})")
        if self.status is Status.PROVED and not self._carries_proof():
            raise PermissionError(
                "a proved verdict needs the kernel's Proof of exactly its sides and assumptions"
            )
        if self.status is Status.REFUTED and self.counterexample is None:
            raise ValueError("a refuted verdict needs a counterexample")

    def __reduce__(self) -> tuple[Any, ...]:
        # Copies and unpickled values are rebuilt through the constructor, so its checks run.
        return (type(self), tuple(getattr(self, f.name) for f in fields(self)))

    @classmethod
    def of_proof(cls, proof: Proof, seconds: float = 0.0) -> Verdict:
        """Return the proved verdict that a kernel Proof establishes."""
        return cls(
            status=Status.PROVED,
            method=proof.method,
            reason=proof.reason,
            lhs=proof.lhs,
            rhs=proof.rhs,
            assumptions=proof.assumptions,
            seconds=seconds,
            proof=proof,
        )

    def _carries_proof(self) -> bool:
        return (
            self.proof is not None
            and self.proof.establishes(self.lhs, self.rhs, self.assumptions)
            and self.proof.method == self.method
        )

    @property
    def proved(self) -> bool:
        """Whether the equality was proved (the kernel's Proof is checked again)."""
        return self.status is Status.PROVED and self._carries_proof()

    def to_json(self, *, timings: bool = True) -> dict[str, Any]:
        """Return the verdict as JSON-ready data (see the README for the schema)."""
        data: dict[str, Any] = {
            "status": self.status.value,
            "method": self.method,
            "reason": self.reason,
            "lhs": self.lhs,
            "rhs": self.rhs,
            "assumptions": list(self.assumptions),
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
        }
        if timings:
            data["seconds"] = round(self.seconds, 4)
        return data
