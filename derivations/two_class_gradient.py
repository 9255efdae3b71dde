"""For two classes, softmax cross-entropy and binary cross-entropy have the same logit gradients."""

from sympy import Derivative

from softsym import (
    Derivation,
    Step,
    binary_cross_entropy,
    cross_entropy,
    real_symbols,
    sigmoid,
    softmax,
)

z1, z2, y = real_symbols("z1 z2 y")

# Class 2 is the positive class: the one-hot target is (1 - y, y).
CE = cross_entropy(softmax(z1, z2), [1 - y, y])
BCE = binary_cross_entropy(sigmoid(z2 - z1), y)

REFERENCES = (
    "UFLDL Tutorial, Softmax Regression: cost function gradient",
    "Bishop, Pattern Recognition and Machine Learning, eq. 4.91 and 4.109",
)

CE_GRADIENT_Z2 = Derivation(
    name="two-class-gradient-z2",
    title="Two-class softmax cross-entropy: the gradient in z2 is σ(z2 − z1) − y",
    lhs=Derivative(CE, z2),
    rhs=Derivative(BCE, z2),
    steps=(
        Step(
            softmax(z1, z2)[1] - y,
            r"$\partial \operatorname{CE}/\partial z_k = \operatorname{softmax}_k - y_k$, "
            "since the targets sum to 1",
        ),
        Step(
            sigmoid(z2 - z1) - y,
            r"$\operatorname{softmax}(z_1, z_2)_2 = \sigma(z_2 - z_1)$",
            uses=("softmax2-sigmoid-second",),
        ),
        Step(
            Derivative(BCE, z2),
            r"$\partial \operatorname{BCE}(\sigma(u), y)/\partial u = \sigma(u) - y$, and "
            r"$\partial u/\partial z_2 = 1$ for $u = z_2 - z_1$",
        ),
    ),
    references=REFERENCES,
)

CE_GRADIENT_Z1 = Derivation(
    name="two-class-gradient-z1",
    title="Two-class softmax cross-entropy: the gradient in z1 is −(σ(z2 − z1) − y)",
    lhs=Derivative(CE, z1),
    rhs=Derivative(BCE, z1),
    steps=(
        Step(
            softmax(z1, z2)[0] - (1 - y),
            r"$\partial \operatorname{CE}/\partial z_k = \operatorname{softmax}_k - y_k$, "
            "with $y_1 = 1 - y$",
        ),
        Step(
            (1 - sigmoid(z2 - z1)) - (1 - y),
            r"$\operatorname{softmax}(z_1, z_2)_1 = 1 - \operatorname{softmax}(z_1, z_2)_2 "
            r"= 1 - \sigma(z_2 - z_1)$",
            uses=("softmax2-sigmoid-second",),
        ),
        Step(-(sigmoid(z2 - z1) - y), "collect terms"),
        Step(
            Derivative(BCE, z1),
            r"$\partial \operatorname{BCE}(\sigma(u), y)/\partial u = \sigma(u) - y$, and "
            r"$\partial u/\partial z_1 = -1$ for $u = z_2 - z_1$",
        ),
    ),
    references=REFERENCES,
)
