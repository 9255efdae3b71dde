"""The seed chain: a two-class softmax is the sigmoid of the difference of the logits."""

from softsym import Derivation, Step, Tex

REFERENCES = (
    "UFLDL Tutorial, Softmax Regression: relationship to logistic regression",
    "Bishop, Pattern Recognition and Machine Learning, §4.3.4, eq. 4.104-4.106",
)

SOFTMAX2_SIGMOID = Derivation(
    name="softmax2-sigmoid",
    title="The first component of a two-class softmax is a sigmoid",
    lhs=Tex(r"\operatorname{softmax}(z_1, z_2)_1"),
    rhs=Tex(r"\sigma(z_1 - z_2)"),
    steps=(
        Step(Tex(r"\frac{e^{z_1}}{e^{z_1} + e^{z_2}}"), "definition of softmax"),
        Step(Tex(r"\frac{1}{1 + e^{z_2 - z_1}}"), "divide numerator and denominator by $e^{z_1}$"),
        Step(
            Tex(r"\sigma(z_1 - z_2)"),
            "definition of the sigmoid, with $-(z_1 - z_2) = z_2 - z_1$",
        ),
    ),
    description=r"$\operatorname{softmax}(z_1, z_2)_1$ depends on the logits only through "
    "$z_1 - z_2$.",
    references=REFERENCES,
)

SOFTMAX2_SIGMOID_SECOND = Derivation(
    name="softmax2-sigmoid-second",
    title="The second component of a two-class softmax is a sigmoid",
    lhs=Tex(r"\operatorname{softmax}(z_1, z_2)_2"),
    rhs=Tex(r"\sigma(z_2 - z_1)"),
    steps=(
        Step(Tex(r"\frac{e^{z_2}}{e^{z_1} + e^{z_2}}"), "definition of softmax"),
        Step(Tex(r"\frac{1}{1 + e^{z_1 - z_2}}"), "divide numerator and denominator by $e^{z_2}$"),
        Step(
            Tex(r"\sigma(z_2 - z_1)"),
            "definition of the sigmoid, with $-(z_2 - z_1) = z_1 - z_2$",
        ),
    ),
    description="The class-2 probability is the sigmoid of $z_2 - z_1$; the two components "
    "sum to 1.",
    references=REFERENCES,
)
