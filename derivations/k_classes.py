"""K classes: shift invariance, K − 1 free logits and the stable log-sum-exp, for every K.

The logits are an indexed family z_1, ..., z_K with K a symbol, so each
derivation holds for every number of classes, not only for K = 2 or 3:
softmax(z)_i = e^{z_i} / Σ_k e^{z_k} and logsumexp(z) = log Σ_k e^{z_k}.
"""

from sympy import IndexedBase, Sum, exp, log, symbols

from softsym import Derivation, Step, real_symbols, sigmoid, softmax

z = IndexedBase("z", real=True)
theta1 = IndexedBase("theta1", real=True)
theta2 = IndexedBase("theta2", real=True)
x = IndexedBase("x", real=True)
i, k, K, n = symbols("i k K n", integer=True)
c, m = real_symbols("c m")


def sum_exp(shift: object = 0, upper: object = K) -> Sum:
    """Σ_{k=1}^{upper} e^{z_k − shift}."""
    return Sum(exp(z[k] - shift), (k, 1, upper))


UFLDL = (
    "UFLDL Tutorial, Softmax Regression: Properties of softmax regression parameterization "
    "(subtracting ψ from every θ_j leaves the hypothesis unchanged; set θ_K = 0)"
)
D2L = "d2l.ai, Linear Neural Networks for Classification, §4.1 Softmax Regression"
D2L_LSE = (
    "d2l.ai, §4.5 Concise Implementation of Softmax Regression: Softmax Revisited "
    "(subtract max_k o_k before exponentiating)"
)
BISHOP = "Bishop, Pattern Recognition and Machine Learning, §4.3.4, eq. 4.104-4.109"

SOFTMAX_SHIFT = Derivation(
    name="softmax-shift-invariance",
    title="Softmax is shift invariant: softmax(z + c·1) = softmax(z), for every K",
    lhs=exp(z[i] + c) / Sum(exp(z[k] + c), (k, 1, K)),
    rhs=exp(z[i]) / sum_exp(),
    steps=(
        Step(
            exp(c) * exp(z[i]) / Sum(exp(c) * exp(z[k]), (k, 1, K)),
            "$e^{a + c} = e^{c} e^{a}$, in the numerator and in every term of the sum",
        ),
        Step(
            exp(z[i]) / sum_exp(),
            "$e^{c}$ does not depend on $k$: take it out of the sum and cancel it",
        ),
    ),
    description=r"Component $i$ of $\operatorname{softmax}(z_1 + c, \ldots, z_K + c)$ for any "
    "real $c$ and any $K$. Only differences of logits matter, so the $K$ logits carry $K - 1$ "
    "degrees of freedom.",
    references=(UFLDL, D2L, BISHOP),
)

LOGSUMEXP_SHIFT = Derivation(
    name="logsumexp-shift",
    title="logsumexp(z + c·1) = logsumexp(z) + c, for every K ≥ 1",
    lhs=log(Sum(exp(z[k] + c), (k, 1, K))),
    rhs=log(sum_exp()) + c,
    steps=(
        Step(
            log(Sum(exp(c) * exp(z[k]), (k, 1, K))),
            "$e^{z_k + c} = e^{c} e^{z_k}$ in every term",
        ),
        Step(log(exp(c) * sum_exp()), "$e^{c}$ does not depend on $k$: take it out of the sum"),
        Step(
            c + log(sum_exp()),
            r"$\log(e^{c} s) = c + \log s$ for $s > 0$; a sum of $K \ge 1$ exponentials is "
            "positive",
        ),
    ),
    assumptions=("K >= 1",),
    description="The gradient of logsumexp is softmax, and this is the integrated form "
    "of shift invariance.",
    references=(D2L_LSE, BISHOP),
)

SOFTMAX_REDUCE = Derivation(
    name="softmax-last-logit-zero",
    title="Softmax needs only K − 1 free logits: softmax(z)_i = softmax(z − z_K·1)_i",
    lhs=exp(z[i]) / sum_exp(),
    rhs=exp(z[i] - z[K]) / (1 + sum_exp(z[K], K - 1)),
    steps=(
        Step(
            exp(z[i] - z[K]) / sum_exp(z[K]),
            "shift invariance with $c = -z_K$",
            uses=("softmax-shift-invariance",),
        ),
        Step(
            exp(z[i] - z[K]) / (1 + sum_exp(z[K], K - 1)),
            "the $K$-th term is $e^{z_K - z_K} = e^{0} = 1$",
        ),
    ),
    assumptions=("K >= 1",),
    description=r"After subtracting $z_K$ the last logit is 0: only "
    r"$z_1 - z_K, \ldots, z_{K-1} - z_K$ remain, the reparameterisation with $\theta_K = 0$. "
    "For $K = 2$ this is logistic regression (softmax2-reduction-logistic).",
    references=(UFLDL, BISHOP),
)

SOFTMAX2_LOGISTIC = Derivation(
    name="softmax2-reduction-logistic",
    title="K = 2: softmax regression is logistic regression with parameter θ2 − θ1",
    lhs=softmax(Sum(theta1[i] * x[i], (i, 1, n)), Sum(theta2[i] * x[i], (i, 1, n)))[1],
    rhs=sigmoid(Sum((theta2[i] - theta1[i]) * x[i], (i, 1, n))),
    steps=(
        Step(
            softmax(0, Sum((theta2[i] - theta1[i]) * x[i], (i, 1, n)))[1],
            r"subtract $\theta_1 \cdot x$ from both logits (shift invariance); "
            r"$\theta_1 \cdot x - \theta_1 \cdot x = 0$ and "
            r"$\theta_2 \cdot x - \theta_1 \cdot x = (\theta_2 - \theta_1) \cdot x$",
            uses=("softmax-shift-invariance",),
        ),
        Step(
            sigmoid(Sum((theta2[i] - theta1[i]) * x[i], (i, 1, n))),
            r"$\operatorname{softmax}(z_1, z_2)_2 = \sigma(z_2 - z_1)$ with $z_1 = 0$",
            uses=("softmax2-sigmoid-second",),
        ),
    ),
    description="The class-2 probability of two-class softmax regression with parameter "
    r"vectors $\theta_1, \theta_2$ in $\mathbb{R}^n$ is a logistic regression in $x$ with the "
    r"single vector $\theta_2 - \theta_1$.",
    references=(UFLDL, BISHOP),
)

LOGSUMEXP_STABLE = Derivation(
    name="logsumexp-stable-general",
    title="Stable log-sum-exp: logsumexp(z) = m + log Σ_k e^{z_k − m} for every real m",
    lhs=log(sum_exp()),
    rhs=m + log(sum_exp(m)),
    steps=(
        Step(
            log(exp(m) * sum_exp(m)),
            "$e^{z_k} = e^{m} e^{z_k - m}$, and $e^{m}$ does not depend on $k$",
        ),
        Step(
            m + log(sum_exp(m)),
            r"$\log(e^{m} s) = m + \log s$ for $s > 0$; a sum of $K \ge 1$ exponentials is "
            "positive",
        ),
    ),
    assumptions=("K >= 1",),
    description=r"Any real $m$ works. With $m = \max_k z_k$ every exponent $z_k - m$ is $\le 0$, "
    r"so no term overflows, and the largest term is $e^{0} = 1$, so the sum is $\ge 1$ and its "
    r"log cannot be $-\infty$.",
    references=(D2L_LSE, "Goodfellow, Bengio, Courville, Deep Learning, §4.1"),
)
