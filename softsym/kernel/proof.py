"""The Proof value: evidence, minted only by the kernel, that ``lhs = rhs`` under assumptions.

A :class:`Proof` cannot be created outside :mod:`softsym.kernel`: calling the
class raises, and the kernel records every proof it mints in a private
registry (held for the life of the process) that :func:`is_genuine` consults.
A Proof copied with :mod:`copy` is the same object; one rebuilt by other means (``object.__new__``,
unpickling, ``dataclasses.replace`` of a value holding one) is not in the
registry and so proves nothing. Pickling a Proof is refused: a proof does
not leave the process that checked it.

A Proof is tied to exactly its two sides and its assumptions, as text in
softsym's input syntax; a verdict or a step that carries it must state the
same three things (:meth:`Proof.establishes`).
"""

from __future__ import annotations

from typing import Any, NoReturn, final

__all__ = ["Proof", "is_genuine"]


@final
class Proof:
    """Kernel-minted evidence that ``lhs = rhs`` wherever both sides are defined.

    Attributes:
        lhs: The left-hand side, as text.
        rhs: The right-hand side, as text.
        assumptions: The stated assumptions, as text, in order.
        method: The method that proved it (``"exp-rational"``, ``"cases:..."``, ...).
        reason: Why the method's conclusion holds, in words.
    """

    __slots__ = ("assumptions", "lhs", "method", "reason", "rhs")

    lhs: str
    rhs: str
    assumptions: tuple[str, ...]
    method: str
    reason: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise PermissionError("only the checking kernel (softsym.kernel) can create a Proof")

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"a Proof is immutable (cannot set {name!r})")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"a Proof is immutable (cannot delete {name!r})")

    def __copy__(self) -> Proof:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Proof:
        return self

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Proof cannot be pickled: check the identity again where it is needed")

    def __repr__(self) -> str:
        return f"Proof({self.lhs} = {self.rhs}, by {self.method})"

    def establishes(self, lhs: str, rhs: str, assumptions: tuple[str, ...]) -> bool:
        """Whether this is a genuine proof of exactly ``lhs = rhs`` under ``assumptions``."""
        return (
            is_genuine(self)
            and self.lhs == lhs
            and self.rhs == rhs
            and self.assumptions == tuple(assumptions)
        )


# Strong references: a weak set would run callbacks during garbage collection, where an
# exception (a time limit's alarm) is swallowed. Proofs are small; a process keeps its own.
_MINTED: set[Proof] = set()


def is_genuine(proof: object) -> bool:
    """Whether ``proof`` is a Proof that the kernel minted in this process."""
    return type(proof) is Proof and proof in _MINTED


def mint(lhs: str, rhs: str, assumptions: tuple[str, ...], method: str, reason: str) -> Proof:
    """Create a Proof. Only :mod:`softsym.kernel.checker` calls this, after a method succeeded."""
    proof = object.__new__(Proof)
    for name, value in (
        ("lhs", lhs),
        ("rhs", rhs),
        ("assumptions", tuple(assumptions)),
        ("method", method),
        ("reason", reason),
    ):
        object.__setattr__(proof, name, value)
    _MINTED.add(proof)
    return proof
