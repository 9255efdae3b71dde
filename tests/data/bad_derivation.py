"""A deliberately wrong derivation: a sign error in step 2.

`softsym verify tests/data/bad_derivation.py` must reject it with exit 1 and a
counterexample.
"""

from sympy import exp

from softsym import Derivation, Step, real_symbols, sigmoid, softmax

z1, z2 = real_symbols("z1 z2")

SIGN_ERROR = Derivation(
    name="sign-error",
    title="A two-class softmax with a sign error",
    lhs=softmax(z1, z2)[0],
    rhs=sigmoid(z2 - z1),
    steps=(
        Step(exp(z1) / (exp(z1) + exp(z2)), "definition of softmax"),
        Step(1 / (1 + exp(z1 - z2)), "divide by e^{z_1} (with the wrong sign)"),
        Step(sigmoid(z2 - z1), "definition of the sigmoid"),
    ),
)
