"""Identities teachers use: the sigmoid, its inverse, softplus, tanh and temperature."""

from sympy import Derivative, cosh, exp, log, tanh

from softsym import Derivation, Step, logit, real_symbols, sigmoid, softmax, softplus

z, z1, z2, T = real_symbols("z z1 z2 T")

GOODFELLOW_3_10 = (
    "Goodfellow, Bengio, Courville, Deep Learning, §3.10 Useful Properties of Common Functions"
)
BISHOP_4_2 = "Bishop, Pattern Recognition and Machine Learning, §4.2, eq. 4.59-4.61"

TANH_SIGMOID = Derivation(
    name="tanh-sigmoid",
    title="tanh is a shifted, rescaled sigmoid: tanh(z) = 2σ(2z) − 1",
    lhs=tanh(z),
    rhs=2 * sigmoid(2 * z) - 1,
    steps=(
        Step((exp(z) - exp(-z)) / (exp(z) + exp(-z)), "definition of tanh"),
        Step(
            (1 - exp(-2 * z)) / (1 + exp(-2 * z)),
            "divide numerator and denominator by $e^{z}$",
        ),
        Step(2 / (1 + exp(-2 * z)) - 1, "$(1 - u)/(1 + u) = 2/(1 + u) - 1$ with $u = e^{-2z}$"),
        Step(2 * sigmoid(2 * z) - 1, "definition of the sigmoid at $2z$"),
    ),
    description="A tanh unit and a sigmoid unit compute the same family of functions.",
    references=(
        "d2l.ai, Multilayer Perceptrons, 5.1.2.3 Tanh Function",
        "Bishop, Pattern Recognition and Machine Learning, §3.1 and Exercise 3.1",
    ),
)

SIGMOID_SYMMETRY = Derivation(
    name="sigmoid-symmetry",
    title="The sigmoid is symmetric: σ(−z) = 1 − σ(z)",
    lhs=sigmoid(-z),
    rhs=1 - sigmoid(z),
    steps=(
        Step(1 / (1 + exp(z)), "definition of the sigmoid at $-z$"),
        Step(exp(-z) / (exp(-z) + 1), "multiply numerator and denominator by $e^{-z}$"),
        Step(1 - 1 / (1 + exp(-z)), "$e^{-z}/(1 + e^{-z}) = 1 - 1/(1 + e^{-z})$"),
        Step(1 - sigmoid(z), "definition of the sigmoid"),
    ),
    description="The probability of the other class is the sigmoid of the negated logit.",
    references=(BISHOP_4_2, GOODFELLOW_3_10),
)

LOGIT_SIGMOID = Derivation(
    name="logit-sigmoid-inverse",
    title="The logit inverts the sigmoid: logit(σ(z)) = z",
    lhs=logit(sigmoid(z)),
    rhs=z,
    steps=(
        Step(log(sigmoid(z) / (1 - sigmoid(z))), r"definition of the logit: $\log(p/(1 - p))$"),
        Step(
            log(sigmoid(z) / sigmoid(-z)),
            r"$1 - \sigma(z) = \sigma(-z)$",
            uses=("sigmoid-symmetry",),
        ),
        Step(
            log((1 + exp(z)) / (1 + exp(-z))),
            "definition of the sigmoid at $z$ and at $-z$",
        ),
        Step(z, r"$(1 + e^{z})/(1 + e^{-z}) = e^{z}$, and $\log e^{z} = z$"),
    ),
    description="The logit of a probability is its log-odds; the sigmoid turns log-odds back "
    "into a probability.",
    references=(BISHOP_4_2, GOODFELLOW_3_10),
)

LOG_SIGMOID_SOFTPLUS = Derivation(
    name="log-sigmoid-softplus",
    title="The log-sigmoid is a negated softplus: log σ(z) = −softplus(−z)",
    lhs=log(sigmoid(z)),
    rhs=-softplus(-z),
    steps=(
        Step(log(1 / (1 + exp(-z))), "definition of the sigmoid"),
        Step(-log(1 + exp(-z)), r"$\log(1/a) = -\log a$"),
        Step(
            -softplus(-z),
            r"definition of softplus at $-z$: $\operatorname{softplus}(u) = \log(1 + e^{u})$",
        ),
    ),
    description=r"This is how libraries compute $\log \sigma(z)$ without forming $\sigma(z)$.",
    references=(GOODFELLOW_3_10,),
)

SOFTPLUS_DIFFERENCE = Derivation(
    name="softplus-difference",
    title="softplus(z) − softplus(−z) = z",
    lhs=softplus(z) - softplus(-z),
    rhs=z,
    steps=(
        Step(
            -log(sigmoid(-z)) + log(sigmoid(z)),
            r"$\operatorname{softplus}(u) = -\log \sigma(-u)$, at $u = z$ and at $u = -z$",
            uses=("log-sigmoid-softplus",),
        ),
        Step(
            log(sigmoid(z) / (1 - sigmoid(z))),
            r"$\log a - \log b = \log(a/b)$, and $\sigma(-z) = 1 - \sigma(z)$",
            uses=("sigmoid-symmetry",),
        ),
        Step(logit(sigmoid(z)), "definition of the logit"),
        Step(z, "the logit inverts the sigmoid", uses=("logit-sigmoid-inverse",)),
    ),
    description=r"softplus is a smoothed $\max(z, 0)$; the smoothing is symmetric, so it cancels "
    r"in the difference, just as $\max(z, 0) - \max(-z, 0) = z$.",
    references=(GOODFELLOW_3_10,),
)

SOFTPLUS_DERIVATIVE = Derivation(
    name="softplus-derivative",
    title="The derivative of softplus is the sigmoid",
    lhs=Derivative(softplus(z), z),
    rhs=sigmoid(z),
    steps=(
        Step(Derivative(log(1 + exp(z)), z), "definition of softplus"),
        Step(
            exp(z) / (1 + exp(z)), r"chain rule: $\frac{d}{dz} \log(1 + e^{z}) = e^{z}/(1 + e^{z})$"
        ),
        Step(1 / (1 + exp(-z)), "divide numerator and denominator by $e^{z}$"),
        Step(sigmoid(z), "definition of the sigmoid"),
    ),
    description="softplus is an antiderivative of the sigmoid.",
    references=(GOODFELLOW_3_10,),
)

SIGMOID_DERIVATIVE_COSH = Derivation(
    name="sigmoid-derivative-cosh",
    title="σ(z)(1 − σ(z)) = 1/(4 cosh²(z/2)): the sigmoid's slope is at most 1/4",
    lhs=sigmoid(z) * (1 - sigmoid(z)),
    rhs=1 / (4 * cosh(z / 2) ** 2),
    steps=(
        Step(sigmoid(z) * sigmoid(-z), r"$1 - \sigma(z) = \sigma(-z)$", uses=("sigmoid-symmetry",)),
        Step(
            1 / ((1 + exp(-z)) * (1 + exp(z))),
            "definition of the sigmoid at $z$ and at $-z$",
        ),
        Step(1 / (2 + exp(z) + exp(-z)), "multiply out $(1 + e^{-z})(1 + e^{z})$"),
        Step(
            1 / (exp(z / 2) + exp(-z / 2)) ** 2,
            "$2 + e^{z} + e^{-z} = (e^{z/2} + e^{-z/2})^2$",
        ),
        Step(1 / (4 * cosh(z / 2) ** 2), r"$e^{z/2} + e^{-z/2} = 2 \cosh(z/2)$"),
    ),
    description=r"With $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ (sigmoid-derivative), the slope is "
    r"largest, $1/4$, at $z = 0$ because $\cosh \ge 1$; this bounds how much a sigmoid unit can "
    "pass back a gradient.",
    references=(
        "d2l.ai, Multilayer Perceptrons, 5.1.2.2 Sigmoid Function (the derivative peaks at 0.25)",
        "Goodfellow, Bengio, Courville, Deep Learning, §6.3.2 Logistic Sigmoid and "
        "Hyperbolic Tangent",
    ),
)

SOFTMAX2_TEMPERATURE = Derivation(
    name="softmax2-temperature",
    title="A two-class softmax at temperature T is σ((z1 − z2)/T)",
    lhs=softmax(z1 / T, z2 / T)[0],
    rhs=sigmoid((z1 - z2) / T),
    steps=(
        Step(
            sigmoid(z1 / T - z2 / T),
            "a two-class softmax is the sigmoid of the difference of its logits",
            uses=("softmax2-sigmoid",),
        ),
        Step(sigmoid((z1 - z2) / T), "$z_1/T - z_2/T = (z_1 - z_2)/T$"),
    ),
    assumptions=("T > 0",),
    description="A higher temperature $T$ shrinks the logit gap and flattens the distribution "
    r"towards $(1/2, 1/2)$; $T \to 0$ approaches the argmax. The algebra holds for any $T \ne 0$; "
    "$T > 0$ is what makes $T$ a temperature.",
    references=(
        "Hinton, Vinyals, Dean, Distilling the Knowledge in a Neural Network (2015), §2",
        "UFLDL Tutorial, Softmax Regression: relationship to logistic regression",
    ),
)
