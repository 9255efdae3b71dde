"""One of two files that both define a derivation named `dup`: this one claims z = z + 1."""

from softsym import Derivation, Step, real_symbols

z = real_symbols("z")

DUP = Derivation("dup", "z = z + 1", z, z + 1, (Step(z + 1, "add one"),))
