"""For two classes, softmax cross-entropy and binary cross-entropy have the same logit gradients."""

from softsym import Derivation, Step, Tex

# Class 2 is the positive class: the one-hot target is (1 - y, y).
CE = (
    r"\operatorname{CE}\bigl((\operatorname{softmax}(z_1, z_2)_1, "
    r"\operatorname{softmax}(z_1, z_2)_2), (1 - y, y)\bigr)"
)
BCE = r"\operatorname{BCE}(\sigma(z_2 - z_1), y)"

REFERENCES = (
    "UFLDL Tutorial, Softmax Regression: cost function gradient",
    "Bishop, Pattern Recognition and Machine Learning, eq. 4.91 and 4.109",
)

CE_GRADIENT_Z2 = Derivation(
    name="two-class-gradient-z2",
    title="Two-class softmax cross-entropy: the gradient in z2 is σ(z2 − z1) − y",
    lhs=Tex(rf"\frac{{\partial}}{{\partial z_2}} {CE}"),
    rhs=Tex(rf"\frac{{\partial}}{{\partial z_2}} {BCE}"),
    steps=(
        Step(
            Tex(r"\operatorname{softmax}(z_1, z_2)_2 - y"),
            r"$\partial \operatorname{CE}/\partial z_k = \operatorname{softmax}_k - y_k$, "
            "since the targets sum to 1",
        ),
        Step(
            Tex(r"\sigma(z_2 - z_1) - y"),
            r"$\operatorname{softmax}(z_1, z_2)_2 = \sigma(z_2 - z_1)$",
            uses=("softmax2-sigmoid-second",),
        ),
        Step(
            Tex(rf"\frac{{\partial}}{{\partial z_2}} {BCE}"),
            r"$\partial \operatorname{BCE}(\sigma(u), y)/\partial u = \sigma(u) - y$, and "
            r"$\partial u/\partial z_2 = 1$ for $u = z_2 - z_1$",
        ),
    ),
    references=REFERENCES,
)

CE_GRADIENT_Z1 = Derivation(
    name="two-class-gradient-z1",
    title="Two-class softmax cross-entropy: the gradient in z1 is −(σ(z2 − z1) − y)",
    lhs=Tex(rf"\frac{{\partial}}{{\partial z_1}} {CE}"),
    rhs=Tex(rf"\frac{{\partial}}{{\partial z_1}} {BCE}"),
    steps=(
        Step(
            Tex(r"\operatorname{softmax}(z_1, z_2)_1 - (1 - y)"),
            r"$\partial \operatorname{CE}/\partial z_k = \operatorname{softmax}_k - y_k$, "
            "with $y_1 = 1 - y$",
        ),
        Step(
            Tex(r"(1 - \sigma(z_2 - z_1)) - (1 - y)"),
            r"$\operatorname{softmax}(z_1, z_2)_1 = 1 - \operatorname{softmax}(z_1, z_2)_2 "
            r"= 1 - \sigma(z_2 - z_1)$",
            uses=("softmax2-sigmoid-second",),
        ),
        Step(Tex(r"-(\sigma(z_2 - z_1) - y)"), "collect terms"),
        Step(
            Tex(rf"\frac{{\partial}}{{\partial z_1}} {BCE}"),
            r"$\partial \operatorname{BCE}(\sigma(u), y)/\partial u = \sigma(u) - y$, and "
            r"$\partial u/\partial z_1 = -1$ for $u = z_2 - z_1$",
        ),
    ),
    references=REFERENCES,
)
