"""Derivations whose titles look like math but are not well-formed (export tests)."""

from softsym import Derivation, Step, real_symbols, sigmoid

z = real_symbols("z")

HOSTILE = Derivation(
    name="hostile-math-title",
    title=r"b^ x_ w1_{ e^{} a_b_c ~b^c_d\ x^{\input} z^ 50% & #1",
    lhs=sigmoid(-z),
    rhs=1 - sigmoid(z),
    steps=(Step(1 - sigmoid(z), "symmetry of `sigma`, with a lone ` backtick"),),
)

W1 = Derivation(
    name="w1-title",
    title="Gradient descent conserves w1 + w2: ∂L1/∂w1_j = ∂L0/∂w1_j, e^{−|z|} and θ2 − θ1",
    lhs=sigmoid(-z),
    rhs=1 - sigmoid(z),
    steps=(Step(1 - sigmoid(z), "symmetry"),),
)
