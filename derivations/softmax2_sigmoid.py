"""The seed chain: a two-class softmax is the sigmoid of the difference of the logits."""

from sympy import exp

from softsym import Derivation, Step, real_symbols, sigmoid, softmax

z1, z2 = real_symbols("z1 z2")

REFERENCES = (
    "UFLDL Tutorial, Softmax Regression: relationship to logistic regression",
    "Bishop, Pattern Recognition and Machine Learning, §4.3.4, eq. 4.104-4.106",
)

SOFTMAX2_SIGMOID = Derivation(
    name="softmax2-sigmoid",
    title="The first component of a two-class softmax is a sigmoid",
    lhs=softmax(z1, z2)[0],
    rhs=sigmoid(z1 - z2),
    steps=(
        Step(exp(z1) / (exp(z1) + exp(z2)), "definition of softmax"),
        Step(1 / (1 + exp(z2 - z1)), "divide numerator and denominator by $e^{z_1}$"),
        Step(sigmoid(z1 - z2), "definition of the sigmoid, with $-(z_1 - z_2) = z_2 - z_1$"),
    ),
    description=r"$\operatorname{softmax}(z_1, z_2)_1$ depends on the logits only through "
    "$z_1 - z_2$.",
    references=REFERENCES,
)

SOFTMAX2_SIGMOID_SECOND = Derivation(
    name="softmax2-sigmoid-second",
    title="The second component of a two-class softmax is a sigmoid",
    lhs=softmax(z1, z2)[1],
    rhs=sigmoid(z2 - z1),
    steps=(
        Step(exp(z2) / (exp(z1) + exp(z2)), "definition of softmax"),
        Step(1 / (1 + exp(z1 - z2)), "divide numerator and denominator by $e^{z_2}$"),
        Step(sigmoid(z2 - z1), "definition of the sigmoid, with $-(z_2 - z_1) = z_1 - z_2$"),
    ),
    description="The class-2 probability is the sigmoid of $z_2 - z_1$; the two components "
    "sum to 1.",
    references=REFERENCES,
)
