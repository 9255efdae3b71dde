"""Numerically stable forms: what libraries compute instead of the textbook formula."""

from softsym import Derivation, Step, Tex, Where

GOODFELLOW_4_1 = "Goodfellow, Bengio, Courville, Deep Learning, §4.1 Overflow and Underflow"
D2L_SOFTMAX = (
    "d2l.ai, Linear Neural Networks for Classification, "
    "Concise Implementation of Softmax Regression: Softmax Revisited (the LogSumExp trick)"
)
TF_BCE = "TensorFlow API, tf.nn.sigmoid_cross_entropy_with_logits (formulation in the docstring)"

STABLE_SOFTPLUS = r"\max(z, 0) + \log(1 + e^{-|z|})"

SOFTPLUS_STABLE = Derivation(
    name="softplus-stable",
    title="Stable softplus: softplus(z) = max(z, 0) + log(1 + e^{−|z|})",
    lhs=Tex(r"\operatorname{softplus}(z)"),
    rhs=Tex(STABLE_SOFTPLUS),
    steps=(
        Step(Tex(r"\log(1 + e^{z})"), "definition of softplus"),
        Step(
            Tex(
                r"\log\left(e^{\max(z, 0)} \left(e^{-\max(z, 0)} + e^{z - \max(z, 0)}\right)"
                r"\right)"
            ),
            r"factor out $e^{\max(z, 0)}$",
        ),
        Step(
            Tex(r"\max(z, 0) + \log\left(e^{-\max(z, 0)} + e^{z - \max(z, 0)}\right)"),
            r"$\log(e^{m} a) = m + \log a$",
        ),
        Step(
            Tex(STABLE_SOFTPLUS),
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
    lhs=Tex(r"\operatorname{BCE}(\sigma(z), y)"),
    rhs=Tex(r"\operatorname{softplus}(z) - y z"),
    steps=(
        Step(
            Tex(r"-\bigl(y \log \sigma(z) + (1 - y) \log(1 - \sigma(z))\bigr)"),
            r"definition of binary cross-entropy with $p = \sigma(z)$",
        ),
        Step(
            Tex(r"-\bigl(y \log \sigma(z) + (1 - y) \log \sigma(-z)\bigr)"),
            r"$1 - \sigma(z) = \sigma(-z)$",
            uses=("sigmoid-symmetry",),
        ),
        Step(
            Tex(r"y \operatorname{softplus}(-z) + (1 - y) \operatorname{softplus}(z)"),
            r"$\log \sigma(u) = -\operatorname{softplus}(-u)$, at $u = z$ and at $u = -z$",
            uses=("log-sigmoid-softplus",),
        ),
        Step(
            Tex(
                r"\operatorname{softplus}(z) "
                r"- y\bigl(\operatorname{softplus}(z) - \operatorname{softplus}(-z)\bigr)"
            ),
            "collect the terms in $y$",
        ),
        Step(
            Tex(r"\operatorname{softplus}(z) - y z"),
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
    lhs=Tex(r"\operatorname{BCE}(\sigma(z), y)"),
    rhs=Tex(r"\max(z, 0) - y z + \log(1 + e^{-|z|})"),
    steps=(
        Step(
            Tex(r"\operatorname{softplus}(z) - y z"),
            r"binary cross-entropy of $\sigma(z)$ is $\operatorname{softplus}(z) - y z$",
            uses=("bce-logits-softplus",),
        ),
        Step(
            Tex(r"\max(z, 0) - y z + \log(1 + e^{-|z|})"),
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

STABLE_LOGSUMEXP2 = r"\max(z_1, z_2) + \log(1 + e^{-|z_1 - z_2|})"

LOGSUMEXP2_STABLE = Derivation(
    name="logsumexp2-stable",
    title="Stable log-sum-exp of two logits: max(z1, z2) + log(1 + e^{−|z1 − z2|})",
    lhs=Tex(r"\operatorname{logsumexp}(z_1, z_2)"),
    rhs=Tex(STABLE_LOGSUMEXP2),
    steps=(
        Step(Tex(r"\log(e^{z_1} + e^{z_2})"), "definition of log-sum-exp"),
        Step(
            Tex(r"z_2 + \log(1 + e^{z_1 - z_2})"),
            r"factor out $e^{z_2}$: $\log(e^{z_2}(e^{z_1 - z_2} + 1))$",
        ),
        Step(Tex(r"z_2 + \operatorname{softplus}(z_1 - z_2)"), "definition of softplus"),
        Step(
            Tex(r"z_2 + \max(z_1 - z_2, 0) + \log(1 + e^{-|z_1 - z_2|})"),
            "stable softplus at $z_1 - z_2$",
            uses=("softplus-stable",),
        ),
        Step(Tex(STABLE_LOGSUMEXP2), r"$z_2 + \max(z_1 - z_2, 0) = \max(z_1, z_2)$"),
    ),
    description=r"numpy.logaddexp computes this; the correction term lies in $(0, \log 2]$.",
    references=(GOODFELLOW_4_1, D2L_SOFTMAX, "NumPy documentation, numpy.logaddexp"),
)

SHIFTED_SUM = r"e^{z_1 - m} + e^{z_2 - m} + e^{z_3 - m}"

LOGSUMEXP3_STABLE = Derivation(
    name="logsumexp3-stable",
    title="Max-subtracted log-sum-exp for three logits",
    lhs=Tex(r"\operatorname{logsumexp}(z_1, z_2, z_3)"),
    rhs=Tex(rf"m + \log\left({SHIFTED_SUM}\right)"),
    steps=(
        Step(Tex(r"\log(e^{z_1} + e^{z_2} + e^{z_3})"), "definition of log-sum-exp"),
        Step(
            Tex(rf"\log\left(e^{{m}} \left({SHIFTED_SUM}\right)\right)"),
            r"$e^{z_k} = e^{m} e^{z_k - m}$",
        ),
        Step(
            Tex(rf"m + \log\left({SHIFTED_SUM}\right)"),
            r"$\log(e^{m} a) = m + \log a$",
        ),
    ),
    where=(Where("m", Tex(r"\max(z_1, z_2, z_3)")),),
    description=r"Every exponent $z_k - m$ is $\le 0$, so nothing overflows, and one of them is 0, "
    r"so the sum lies in $[1, 3]$ and its log never underflows to $\log 0$. The identity holds "
    "for any shift $m$; the maximum is the shift that makes it safe.",
    references=(
        GOODFELLOW_4_1,
        D2L_SOFTMAX,
        "SciPy documentation, scipy.special.logsumexp",
    ),
)
