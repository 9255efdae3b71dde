"""The outcome of a check: proved, refuted (with a counterexample) or undecided.

Only the checking kernel (:mod:`softsym.checker`) can create a proved verdict:
its constructor demands a token that only the kernel passes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Counterexample", "Status", "Verdict"]


class Status(str, enum.Enum):
    """The three outcomes of a check."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNDECIDED = "undecided"

    def __str__(self) -> str:
        return self.value


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
    """

    status: Status
    method: str
    reason: str
    lhs: str
    rhs: str
    assumptions: tuple[str, ...] = ()
    counterexample: Counterexample | None = None
    seconds: float = 0.0
    _kernel: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        from softsym.checker import _KERNEL_TOKEN

        if self.status is Status.PROVED and self._kernel is not _KERNEL_TOKEN:
            raise PermissionError("only the checking kernel can create a proved verdict")
        if self.status is Status.REFUTED and self.counterexample is None:
            raise ValueError("a refuted verdict needs a counterexample")

    @property
    def proved(self) -> bool:
        """Whether the equality was proved."""
        return self.status is Status.PROVED

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
