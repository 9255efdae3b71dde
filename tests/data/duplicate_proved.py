"""One of two files that both define a derivation named `dup`: this one proves z = z."""

from softsym import Derivation, Step, real_symbols

z = real_symbols("z")

DUP = Derivation("dup", "z = z", z, z, (Step(z, "the same"),))
