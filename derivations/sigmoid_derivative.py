"""The derivative of the sigmoid."""

from softsym import Derivation, Step, Tex

SIGMOID_DERIVATIVE = Derivation(
    name="sigmoid-derivative",
    title="The derivative of the sigmoid is σ(z)(1 − σ(z))",
    lhs=Tex(r"\frac{d}{dz} \sigma(z)"),
    rhs=Tex(r"\sigma(z)(1 - \sigma(z))"),
    steps=(
        Step(Tex(r"\frac{d}{dz} \frac{1}{1 + e^{-z}}"), "definition of the sigmoid"),
        Step(
            Tex(r"\frac{e^{-z}}{(1 + e^{-z})^2}"),
            r"chain rule: $\frac{d}{dz} (1 + e^{-z})^{-1}$",
        ),
        Step(
            Tex(r"\frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}}"),
            "split the square in the denominator",
        ),
        Step(
            Tex(r"\frac{1}{1 + e^{-z}} \left(1 - \frac{1}{1 + e^{-z}}\right)"),
            "$e^{-z}/(1 + e^{-z}) = 1 - 1/(1 + e^{-z})$",
        ),
        Step(Tex(r"\sigma(z)(1 - \sigma(z))"), "definition of the sigmoid"),
    ),
    references=(
        "d2l.ai, Multilayer Perceptrons, 5.1.2.2 Sigmoid Function",
        "Bishop, Pattern Recognition and Machine Learning, eq. 4.88",
    ),
)
