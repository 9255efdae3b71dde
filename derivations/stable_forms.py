"""Numerically stable forms: what libraries compute instead of the textbook formula."""

from sympy import Abs, Max, exp, log

from softsym import (
    Derivation,
    Step,
    binary_cross_entropy,
    logsumexp,
    real_symbols,
    sigmoid,
    softplus,
)

z, y, z1, z2, z3 = real_symbols("z y z1 z2 z3")

GOODFELLOW_4_1 = "Goodfellow, Bengio, Courville, Deep Learning, §4.1 Overflow and Underflow"
D2L_SOFTMAX = (
    "d2l.ai, Linear Neural Networks for Classification, "
    "Concise Implementation of Softmax Regression: Softmax Revisited (the LogSumExp trick)"
)
TF_BCE = "TensorFlow API, tf.nn.sigmoid_cross_entropy_with_logits (formulation in the docstring)"

SOFTPLUS_STABLE = Derivation(
    name="softplus-stable",
    title="Stable softplus: softplus(z) = max(z, 0) + log(1 + e^{−|z|})",
    lhs=softplus(z),
    rhs=Max(z, 0) + log(1 + exp(-Abs(z))),
    steps=(
        Step(log(1 + exp(z)), "definition of softplus"),
        Step(
            log(exp(Max(z, 0)) * (exp(-Max(z, 0)) + exp(z - Max(z, 0)))),
            r"factor out $e^{\max(z, 0)}$",
        ),
        Step(
            Max(z, 0) + log(exp(-Max(z, 0)) + exp(z - Max(z, 0))),
            r"$\log(e^{m} a) = m + \log a$",
        ),
        Step(
            Max(z, 0) + log(1 + exp(-Abs(z))),
            r"of $-\max(z, 0)$ and $z - \max(z, 0)$ one is 0 and the other is $-|z|$",
        ),
    ),
    description=r"$e^{-|z|} \le 1$ never overflows, and $\log(1 + u)$ for $u$ in $(0, 1]$ is what "
    r"log1p computes accurately; $\log(1 + e^{z})$ overflows for $z \gtrsim 710$ in double "
    "precision.",
    references=(GOODFELLOW_4_1, TF_BCE),
)

BCE_LOGITS_SOFTPLUS = Derivation(
    name="bce-logits-softplus",
    title="Binary cross-entropy of σ(z) is softplus(z) − y z",
    lhs=binary_cross_entropy(sigmoid(z), y),
    rhs=softplus(z) - y * z,
    steps=(
        Step(
            -(y * log(sigmoid(z)) + (1 - y) * log(1 - sigmoid(z))),
            r"definition of binary cross-entropy with $p = \sigma(z)$",
        ),
        Step(
            -(y * log(sigmoid(z)) + (1 - y) * log(sigmoid(-z))),
            r"$1 - \sigma(z) = \sigma(-z)$",
            uses=("sigmoid-symmetry",),
        ),
        Step(
            y * softplus(-z) + (1 - y) * softplus(z),
            r"$\log \sigma(u) = -\operatorname{softplus}(-u)$, at $u = z$ and at $u = -z$",
            uses=("log-sigmoid-softplus",),
        ),
        Step(softplus(z) - y * (softplus(z) - softplus(-z)), "collect the terms in $y$"),
        Step(
            softplus(z) - y * z,
            r"$\operatorname{softplus}(z) - \operatorname{softplus}(-z) = z$",
            uses=("softplus-difference",),
        ),
    ),
    description=r"The loss is written with the logit $z$ only, never with the probability "
    r"$\sigma(z)$, so $\log 0$ cannot occur. Holds for every real $y$, not only $y$ in $\{0, 1\}$.",
    references=(
        "Goodfellow, Bengio, Courville, Deep Learning, §6.2.2.2 Sigmoid Units for Bernoulli "
        "Output Distributions (J = softplus((1 − 2y)z) for y in {0, 1})",
        "UFLDL Tutorial, Logistic Regression",
    ),
)

BCE_LOGITS_STABLE = Derivation(
    name="bce-logits-stable",
    title="Binary cross-entropy with logits: max(z, 0) − y z + log(1 + e^{−|z|})",
    lhs=binary_cross_entropy(sigmoid(z), y),
    rhs=Max(z, 0) - y * z + log(1 + exp(-Abs(z))),
    steps=(
        Step(
            softplus(z) - y * z,
            r"binary cross-entropy of $\sigma(z)$ is $\operatorname{softplus}(z) - y z$",
            uses=("bce-logits-softplus",),
        ),
        Step(
            Max(z, 0) - y * z + log(1 + exp(-Abs(z))),
            r"stable softplus: $\operatorname{softplus}(z) = \max(z, 0) + \log(1 + e^{-|z|})$",
            uses=("softplus-stable",),
        ),
    ),
    description="This is the formula of TensorFlow's sigmoid_cross_entropy_with_logits and of "
    "PyTorch's BCEWithLogitsLoss: every exponential has a non-positive exponent.",
    references=(
        TF_BCE,
        "PyTorch documentation, torch.nn.BCEWithLogitsLoss (log-sum-exp trick)",
        "Goodfellow, Bengio, Courville, Deep Learning, §6.2.2.2 Sigmoid Units for Bernoulli "
        "Output Distributions",
    ),
)

LOGSUMEXP2_STABLE = Derivation(
    name="logsumexp2-stable",
    title="Stable log-sum-exp of two logits: max(z1, z2) + log(1 + e^{−|z1 − z2|})",
    lhs=logsumexp(z1, z2),
    rhs=Max(z1, z2) + log(1 + exp(-Abs(z1 - z2))),
    steps=(
        Step(log(exp(z1) + exp(z2)), "definition of log-sum-exp"),
        Step(
            z2 + log(1 + exp(z1 - z2)), r"factor out $e^{z_2}$: $\log(e^{z_2}(e^{z_1 - z_2} + 1))$"
        ),
        Step(z2 + softplus(z1 - z2), "definition of softplus"),
        Step(
            z2 + Max(z1 - z2, 0) + log(1 + exp(-Abs(z1 - z2))),
            "stable softplus at $z_1 - z_2$",
            uses=("softplus-stable",),
        ),
        Step(
            Max(z1, z2) + log(1 + exp(-Abs(z1 - z2))),
            r"$z_2 + \max(z_1 - z_2, 0) = \max(z_1, z_2)$",
        ),
    ),
    description=r"numpy.logaddexp computes this; the correction term lies in $(0, \log 2]$.",
    references=(GOODFELLOW_4_1, D2L_SOFTMAX, "NumPy documentation, numpy.logaddexp"),
)

M3 = Max(z1, z2, z3)

LOGSUMEXP3_STABLE = Derivation(
    name="logsumexp3-stable",
    title="Max-subtracted log-sum-exp for three logits",
    lhs=logsumexp(z1, z2, z3),
    rhs=M3 + log(exp(z1 - M3) + exp(z2 - M3) + exp(z3 - M3)),
    steps=(
        Step(log(exp(z1) + exp(z2) + exp(z3)), "definition of log-sum-exp"),
        Step(
            log(exp(M3) * (exp(z1 - M3) + exp(z2 - M3) + exp(z3 - M3))),
            r"$e^{z_k} = e^{m} e^{z_k - m}$ with $m = \max(z_1, z_2, z_3)$",
        ),
        Step(
            M3 + log(exp(z1 - M3) + exp(z2 - M3) + exp(z3 - M3)),
            r"$\log(e^{m} a) = m + \log a$",
        ),
    ),
    description=r"Every exponent $z_k - m$ is $\le 0$, so nothing overflows, and one of them is 0, "
    r"so the sum lies in $[1, 3]$ and its log never underflows to $\log 0$. The identity holds "
    "for any shift $m$; the maximum is the shift that makes it safe.",
    references=(
        GOODFELLOW_4_1,
        D2L_SOFTMAX,
        "SciPy documentation, scipy.special.logsumexp",
    ),
)
