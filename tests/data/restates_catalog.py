"""A false claim under a catalog name: verifying it must not pass for the catalog's proof."""

from sympy import Derivative

from softsym import Derivation, Step, real_symbols, sigmoid

z = real_symbols("z")

SIGMOID_DERIVATIVE = Derivation(
    name="sigmoid-derivative",
    title="A wrong derivative of the sigmoid",
    lhs=Derivative(sigmoid(z), z),
    rhs=sigmoid(z),
    steps=(Step(sigmoid(z), "the sigmoid is its own derivative (it is not)"),),
)
