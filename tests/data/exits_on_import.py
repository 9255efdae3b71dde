"""A derivation file that calls sys.exit(0) while it is loaded, after a false claim.

`softsym verify` must not exit 0 ("all proved") for it: the exit is an error of the file.
"""

import sys

from softsym import Derivation, Step, real_symbols

z = real_symbols("z")

FALSE = Derivation("never-checked", "z = z + 1", z, z + 1, (Step(z + 1, "add one"),))

sys.exit(0)
