"""A refuted claim: network 0 and network 2 do not train alike at the same learning rate.

Networks 0 and 2 represent the same functions (network 0's σ(z2 − z1) is network
2's σ(z) at w = D = w2 − w1, b = B = b2 − b1), but one gradient-descent step of
network 0 at rate η moves D as network 2 at rate 2η (the catalog derivation
``networks-0-2-step-weights``), not at rate η. This file claims the latter, so

    softsym verify examples/refuted/equal_learning_rates.py

exits with status 1 and shows a counterexample at the step that is wrong.

The claim is written for n = 2 activations with plain symbols (a1, a2, w1_1, ...),
so the kernel can evaluate both sides at a point; the catalog proves the correct
statement for every n.
"""

from sympy import Derivative, Subs

from softsym import Derivation, Step, binary_cross_entropy, real_symbols, sigmoid

a1, a2, y, eta = real_symbols("a1 a2 y eta")
w1_1, w1_2, w2_1, w2_2, b1, b2 = real_symbols("w1_1 w1_2 w2_1 w2_2 b1 b2")
w_1, w_2, b = real_symbols("w_1 w_2 b")

z1 = w1_1 * a1 + w1_2 * a2 + b1
z2 = w2_1 * a1 + w2_2 * a2 + b2
L0 = binary_cross_entropy(sigmoid(z2 - z1), y)
L2 = binary_cross_entropy(sigmoid(w_1 * a1 + w_2 * a2 + b), y)

D1 = w2_1 - w1_1
AT_D = ((w_1, w_2, b), (w2_1 - w1_1, w2_2 - w1_2, b2 - b1))
ERROR = sigmoid(z2 - z1) - y

EQUAL_LEARNING_RATES = Derivation(
    name="equal-learning-rates",
    title="(False) a step of network 0 at rate η moves D = w2 − w1 as network 2 at rate η",
    lhs=(w2_1 - eta * Derivative(L0, w2_1)) - (w1_1 - eta * Derivative(L0, w1_1)),
    rhs=D1 - eta * Subs(Derivative(L2, w_1), *AT_D),
    steps=(
        Step(
            D1 - 2 * eta * ERROR * a1,
            "∂L0/∂w2_1 = (σ(z2 − z1) − y) a1 = −∂L0/∂w1_1, so the difference of the two "
            "updates is twice one of them",
        ),
        Step(
            D1 - eta * ERROR * a1,
            "(wrong) network 2 at the same learning rate η",
        ),
        Step(
            D1 - eta * Subs(Derivative(L2, w_1), *AT_D),
            "(σ(z) − y) a1 is ∂L2/∂w_1, here at w = D, b = B",
        ),
    ),
    assumptions=("eta > 0", "0 <= y", "y <= 1"),
    description="Step 2 drops the factor 2: w1 and w2 both move, in opposite directions, so "
    "D moves twice as far as one of them. The counterexample shows the two sides differ by "
    "η(σ(z2 − z1) − y) a1.",
    references=("softsym catalog: networks-0-2-step-weights (the correct statement, rate 2η)",),
)
