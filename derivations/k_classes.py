"""K classes: shift invariance, K − 1 free logits and the stable log-sum-exp, for every K.

The logits are an indexed family z_1, ..., z_K with K a symbol, so each
derivation holds for every number of classes, not only for K = 2 or 3:
softmax(z)_i = e^{z_i} / Σ_k e^{z_k} and logsumexp(z) = log Σ_k e^{z_k}.
"""

from softsym import Derivation, Step, Tex

SUM_EXP = r"\sum_{k=1}^{K} e^{z_k}"
"""Σ_{k=1}^{K} e^{z_k}, the softmax denominator."""
SHIFTED_LOGITS = r"\sum_{i=1}^{n} (\theta_{2,i} - \theta_{1,i}) x_i"
"""(θ2 − θ1)·x, the logit of the reduced logistic regression."""

UFLDL = (
    "UFLDL Tutorial, Softmax Regression: Properties of softmax regression parameterization "
    r"(subtracting $\psi$ from every $\theta_j$ leaves the hypothesis unchanged; "
    r"set $\theta_K = 0$)"
)
D2L = "d2l.ai, Linear Neural Networks for Classification, §4.1 Softmax Regression"
D2L_LSE = (
    "d2l.ai, §4.5 Concise Implementation of Softmax Regression: Softmax Revisited "
    r"(subtract $\max_k o_k$ before exponentiating)"
)
BISHOP = "Bishop, Pattern Recognition and Machine Learning, §4.3.4, eq. 4.104-4.109"

SOFTMAX_SHIFT = Derivation(
    name="softmax-shift-invariance",
    title="Softmax is shift invariant: softmax(z + c·1) = softmax(z), for every K",
    lhs=Tex(r"\frac{e^{z_i + c}}{\sum_{k=1}^{K} e^{z_k + c}}"),
    rhs=Tex(rf"\frac{{e^{{z_i}}}}{{{SUM_EXP}}}"),
    steps=(
        Step(
            Tex(r"\frac{e^{c} e^{z_i}}{\sum_{k=1}^{K} e^{c} e^{z_k}}"),
            "$e^{a + c} = e^{c} e^{a}$, in the numerator and in every term of the sum",
        ),
        Step(
            Tex(rf"\frac{{e^{{z_i}}}}{{{SUM_EXP}}}"),
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
    lhs=Tex(r"\log \sum_{k=1}^{K} e^{z_k + c}"),
    rhs=Tex(rf"\log\Bigl({SUM_EXP}\Bigr) + c"),
    steps=(
        Step(
            Tex(r"\log \sum_{k=1}^{K} e^{c} e^{z_k}"),
            "$e^{z_k + c} = e^{c} e^{z_k}$ in every term",
        ),
        Step(
            Tex(rf"\log\Bigl(e^{{c}} {SUM_EXP}\Bigr)"),
            "$e^{c}$ does not depend on $k$: take it out of the sum",
        ),
        Step(
            Tex(rf"c + \log {SUM_EXP}"),
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
    lhs=Tex(rf"\frac{{e^{{z_i}}}}{{{SUM_EXP}}}"),
    rhs=Tex(r"\frac{e^{z_i - z_K}}{1 + \sum_{k=1}^{K-1} e^{z_k - z_K}}"),
    steps=(
        Step(
            Tex(r"\frac{e^{z_i - z_K}}{\sum_{k=1}^{K} e^{z_k - z_K}}"),
            "shift invariance with $c = -z_K$",
            uses=("softmax-shift-invariance",),
        ),
        Step(
            Tex(r"\frac{e^{z_i - z_K}}{1 + \sum_{k=1}^{K-1} e^{z_k - z_K}}"),
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
    lhs=Tex(
        r"\operatorname{softmax}\Bigl(\sum_{i=1}^{n} \theta_{1,i} x_i, "
        r"\sum_{i=1}^{n} \theta_{2,i} x_i\Bigr)_2"
    ),
    rhs=Tex(rf"\sigma\Bigl({SHIFTED_LOGITS}\Bigr)"),
    steps=(
        Step(
            Tex(rf"\operatorname{{softmax}}\Bigl(0, {SHIFTED_LOGITS}\Bigr)_2"),
            r"subtract $\theta_1 \cdot x$ from both logits (shift invariance); "
            r"$\theta_1 \cdot x - \theta_1 \cdot x = 0$ and "
            r"$\theta_2 \cdot x - \theta_1 \cdot x = (\theta_2 - \theta_1) \cdot x$",
            uses=("softmax-shift-invariance",),
        ),
        Step(
            Tex(rf"\sigma\Bigl({SHIFTED_LOGITS}\Bigr)"),
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
    lhs=Tex(rf"\log {SUM_EXP}"),
    rhs=Tex(r"m + \log \sum_{k=1}^{K} e^{z_k - m}"),
    steps=(
        Step(
            Tex(r"\log\Bigl(e^{m} \sum_{k=1}^{K} e^{z_k - m}\Bigr)"),
            "$e^{z_k} = e^{m} e^{z_k - m}$, and $e^{m}$ does not depend on $k$",
        ),
        Step(
            Tex(r"m + \log \sum_{k=1}^{K} e^{z_k - m}"),
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
