"""The derivative of the sigmoid."""

from sympy import Derivative, Mul, exp

from softsym import Derivation, Step, real_symbols, sigmoid

z = real_symbols("z")

SIGMOID_DERIVATIVE = Derivation(
    name="sigmoid-derivative",
    title="The derivative of the sigmoid is σ(z)(1 − σ(z))",
    lhs=Derivative(sigmoid(z), z),
    rhs=sigmoid(z) * (1 - sigmoid(z)),
    steps=(
        Step(Derivative(1 / (1 + exp(-z)), z), "definition of the sigmoid"),
        Step(exp(-z) / (1 + exp(-z)) ** 2, r"chain rule: $\frac{d}{dz} (1 + e^{-z})^{-1}$"),
        Step(
            Mul(1 / (1 + exp(-z)), exp(-z) / (1 + exp(-z)), evaluate=False),
            "split the square in the denominator",
        ),
        Step(
            Mul(1 / (1 + exp(-z)), 1 - 1 / (1 + exp(-z)), evaluate=False),
            "$e^{-z}/(1 + e^{-z}) = 1 - 1/(1 + e^{-z})$",
        ),
        Step(sigmoid(z) * (1 - sigmoid(z)), "definition of the sigmoid"),
    ),
    references=(
        "d2l.ai, Multilayer Perceptrons, 5.1.2.2 Sigmoid Function",
        "Bishop, Pattern Recognition and Machine Learning, eq. 4.88",
    ),
)
