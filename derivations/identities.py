"""Identities teachers use: the sigmoid, its inverse, softplus, tanh and temperature."""

from softsym import Derivation, Step, Tex

GOODFELLOW_3_10 = (
    "Goodfellow, Bengio, Courville, Deep Learning, §3.10 Useful Properties of Common Functions"
)
BISHOP_4_2 = "Bishop, Pattern Recognition and Machine Learning, §4.2, eq. 4.59-4.61"

TANH_SIGMOID = Derivation(
    name="tanh-sigmoid",
    title="tanh is a shifted, rescaled sigmoid: tanh(z) = 2σ(2z) − 1",
    lhs=Tex(r"\tanh(z)"),
    rhs=Tex(r"2\sigma(2z) - 1"),
    steps=(
        Step(Tex(r"\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}"), "definition of tanh"),
        Step(
            Tex(r"\frac{1 - e^{-2z}}{1 + e^{-2z}}"),
            "divide numerator and denominator by $e^{z}$",
        ),
        Step(
            Tex(r"\frac{2}{1 + e^{-2z}} - 1"),
            "$(1 - u)/(1 + u) = 2/(1 + u) - 1$ with $u = e^{-2z}$",
        ),
        Step(Tex(r"2\sigma(2z) - 1"), "definition of the sigmoid at $2z$"),
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
    lhs=Tex(r"\sigma(-z)"),
    rhs=Tex(r"1 - \sigma(z)"),
    steps=(
        Step(Tex(r"\frac{1}{1 + e^{z}}"), "definition of the sigmoid at $-z$"),
        Step(
            Tex(r"\frac{e^{-z}}{e^{-z} + 1}"),
            "multiply numerator and denominator by $e^{-z}$",
        ),
        Step(
            Tex(r"1 - \frac{1}{1 + e^{-z}}"),
            "$e^{-z}/(1 + e^{-z}) = 1 - 1/(1 + e^{-z})$",
        ),
        Step(Tex(r"1 - \sigma(z)"), "definition of the sigmoid"),
    ),
    description="The probability of the other class is the sigmoid of the negated logit.",
    references=(BISHOP_4_2, GOODFELLOW_3_10),
)

LOGIT_SIGMOID = Derivation(
    name="logit-sigmoid-inverse",
    title="The logit inverts the sigmoid: logit(σ(z)) = z",
    lhs=Tex(r"\operatorname{logit}(\sigma(z))"),
    rhs=Tex("z"),
    steps=(
        Step(
            Tex(r"\log \frac{\sigma(z)}{1 - \sigma(z)}"),
            r"definition of the logit: $\log(p/(1 - p))$",
        ),
        Step(
            Tex(r"\log \frac{\sigma(z)}{\sigma(-z)}"),
            r"$1 - \sigma(z) = \sigma(-z)$",
            uses=("sigmoid-symmetry",),
        ),
        Step(
            Tex(r"\log \frac{1 + e^{z}}{1 + e^{-z}}"),
            "definition of the sigmoid at $z$ and at $-z$",
        ),
        Step(Tex("z"), r"$(1 + e^{z})/(1 + e^{-z}) = e^{z}$, and $\log e^{z} = z$"),
    ),
    description="The logit of a probability is its log-odds; the sigmoid turns log-odds back "
    "into a probability.",
    references=(BISHOP_4_2, GOODFELLOW_3_10),
)

LOG_SIGMOID_SOFTPLUS = Derivation(
    name="log-sigmoid-softplus",
    title="The log-sigmoid is a negated softplus: log σ(z) = −softplus(−z)",
    lhs=Tex(r"\log \sigma(z)"),
    rhs=Tex(r"-\operatorname{softplus}(-z)"),
    steps=(
        Step(Tex(r"\log \frac{1}{1 + e^{-z}}"), "definition of the sigmoid"),
        Step(Tex(r"-\log(1 + e^{-z})"), r"$\log(1/a) = -\log a$"),
        Step(
            Tex(r"-\operatorname{softplus}(-z)"),
            r"definition of softplus at $-z$: $\operatorname{softplus}(u) = \log(1 + e^{u})$",
        ),
    ),
    description=r"This is how libraries compute $\log \sigma(z)$ without forming $\sigma(z)$.",
    references=(GOODFELLOW_3_10,),
)

SOFTPLUS_DIFFERENCE = Derivation(
    name="softplus-difference",
    title="softplus(z) − softplus(−z) = z",
    lhs=Tex(r"\operatorname{softplus}(z) - \operatorname{softplus}(-z)"),
    rhs=Tex("z"),
    steps=(
        Step(
            Tex(r"\log \sigma(z) - \log \sigma(-z)"),
            r"$\operatorname{softplus}(u) = -\log \sigma(-u)$, at $u = z$ and at $u = -z$",
            uses=("log-sigmoid-softplus",),
        ),
        Step(
            Tex(r"\log \frac{\sigma(z)}{1 - \sigma(z)}"),
            r"$\log a - \log b = \log(a/b)$, and $\sigma(-z) = 1 - \sigma(z)$",
            uses=("sigmoid-symmetry",),
        ),
        Step(Tex(r"\operatorname{logit}(\sigma(z))"), "definition of the logit"),
        Step(Tex("z"), "the logit inverts the sigmoid", uses=("logit-sigmoid-inverse",)),
    ),
    description=r"softplus is a smoothed $\max(z, 0)$; the smoothing is symmetric, so it cancels "
    r"in the difference, just as $\max(z, 0) - \max(-z, 0) = z$.",
    references=(GOODFELLOW_3_10,),
)

SOFTPLUS_DERIVATIVE = Derivation(
    name="softplus-derivative",
    title="The derivative of softplus is the sigmoid",
    lhs=Tex(r"\frac{d}{dz} \operatorname{softplus}(z)"),
    rhs=Tex(r"\sigma(z)"),
    steps=(
        Step(Tex(r"\frac{d}{dz} \log(1 + e^{z})"), "definition of softplus"),
        Step(
            Tex(r"\frac{e^{z}}{1 + e^{z}}"),
            r"chain rule: $\frac{d}{dz} \log(1 + e^{z}) = e^{z}/(1 + e^{z})$",
        ),
        Step(Tex(r"\frac{1}{1 + e^{-z}}"), "divide numerator and denominator by $e^{z}$"),
        Step(Tex(r"\sigma(z)"), "definition of the sigmoid"),
    ),
    description="softplus is an antiderivative of the sigmoid.",
    references=(GOODFELLOW_3_10,),
)

SIGMOID_DERIVATIVE_COSH = Derivation(
    name="sigmoid-derivative-cosh",
    title="σ(z)(1 − σ(z)) = 1/(4 cosh²(z/2)): the sigmoid's slope is at most 1/4",
    lhs=Tex(r"\sigma(z)(1 - \sigma(z))"),
    rhs=Tex(r"\frac{1}{4 \cosh^2(z/2)}"),
    steps=(
        Step(
            Tex(r"\sigma(z) \sigma(-z)"),
            r"$1 - \sigma(z) = \sigma(-z)$",
            uses=("sigmoid-symmetry",),
        ),
        Step(
            Tex(r"\frac{1}{(1 + e^{-z})(1 + e^{z})}"),
            "definition of the sigmoid at $z$ and at $-z$",
        ),
        Step(Tex(r"\frac{1}{2 + e^{z} + e^{-z}}"), "multiply out $(1 + e^{-z})(1 + e^{z})$"),
        Step(
            Tex(r"\frac{1}{(e^{z/2} + e^{-z/2})^2}"),
            "$2 + e^{z} + e^{-z} = (e^{z/2} + e^{-z/2})^2$",
        ),
        Step(Tex(r"\frac{1}{4 \cosh^2(z/2)}"), r"$e^{z/2} + e^{-z/2} = 2 \cosh(z/2)$"),
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
    lhs=Tex(r"\operatorname{softmax}\left(\frac{z_1}{T}, \frac{z_2}{T}\right)_1"),
    rhs=Tex(r"\sigma\left(\frac{z_1 - z_2}{T}\right)"),
    steps=(
        Step(
            Tex(r"\sigma\left(\frac{z_1}{T} - \frac{z_2}{T}\right)"),
            "a two-class softmax is the sigmoid of the difference of its logits",
            uses=("softmax2-sigmoid",),
        ),
        Step(
            Tex(r"\sigma\left(\frac{z_1 - z_2}{T}\right)"),
            "$z_1/T - z_2/T = (z_1 - z_2)/T$",
        ),
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
