"""A derivation file that fails when it runs (an unknown name on line 5)."""

from softsym import Derivation

D = Derivation(name="x", title="x", lhs=undefined_name, rhs=1, steps=())  # noqa: F821
