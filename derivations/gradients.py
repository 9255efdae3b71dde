"""Gradients for K classes and for a weighted sigmoid: Jacobian, ∇logsumexp, ∇CE, ∇BCE.

The logits are an indexed family z_1, ..., z_K with K a symbol, and the
weights w_1, ..., w_n with n a symbol. Differentiating an indexed entry gives
a Kronecker delta, and Σ_l δ_jl f_l = f_j holds only for 1 ≤ j ≤ K: each
derivation states that range.
"""

from sympy import Derivative, Eq, IndexedBase, KroneckerDelta, Sum, exp, log, symbols

from softsym import Derivation, Step, Tex, binary_cross_entropy, real_symbols, sigmoid

z = IndexedBase("z", real=True)
y = IndexedBase("y", real=True)
w = IndexedBase("w", real=True)
a = IndexedBase("a", real=True)
i, j, k, ell, K, n = symbols("i j k l K n", integer=True)
b, logit, label = real_symbols("b z y")

S = Sum(exp(z[ell]), (ell, 1, K))
SOFTMAX_I = exp(z[i]) / S
SOFTMAX_J = exp(z[j]) / S
J_IN_RANGE = ("1 <= j", "j <= K")

# The claims in the vocabulary, as a teacher writes them (read by the LaTeX reader).
P = r"\operatorname{softmax}(\mathbf{z})"
JACOBIAN = Tex(rf"{P}_i \left(\delta_{{ij}} - {P}_j\right)")
SOFTMAX_J_TEX = Tex(rf"{P}_j")
CE_GRADIENT = Tex(rf"{P}_j - y_j")

UFLDL = "UFLDL Tutorial, Softmax Regression: cost function and its gradient"
D2L = (
    "d2l.ai, Linear Neural Networks for Classification, §4.1.2.2 Softmax and Cross-Entropy "
    r"Loss (the derivative is $\operatorname{softmax}(\mathbf{o})_j - y_j$)"
)
BISHOP = "Bishop, Pattern Recognition and Machine Learning, §4.3.4, eq. 4.104-4.109"

SOFTMAX_JACOBIAN = Derivation(
    name="softmax-jacobian",
    title="Softmax Jacobian: ∂softmax_i/∂z_j = softmax_i (δ_ij − softmax_j), for every K",
    lhs=Tex(rf"\frac{{\partial {P}_i}}{{\partial z_j}}"),
    rhs=JACOBIAN,
    steps=(
        Step(
            KroneckerDelta(i, j) * exp(z[i]) / S
            - exp(z[i]) * Sum(KroneckerDelta(j, ell) * exp(z[ell]), (ell, 1, K)) / S**2,
            r"quotient rule, with $\partial e^{z_i}/\partial z_j = \delta_{ij} e^{z_i}$ and "
            r"$\partial(\sum_l e^{z_l})/\partial z_j = \sum_l \delta_{jl} e^{z_l}$",
        ),
        Step(
            KroneckerDelta(i, j) * exp(z[i]) / S - exp(z[i]) * exp(z[j]) / S**2,
            r"$\delta_{jl}$ picks the term $l = j$, which is one of $1, \ldots, K$",
        ),
        Step(JACOBIAN, r"factor out $\operatorname{softmax}_i = e^{z_i}/\sum_l e^{z_l}$"),
    ),
    assumptions=("1 <= i", "i <= K", *J_IN_RANGE),
    description=r"Diagonal ($i = j$): $\operatorname{softmax}_i(1 - \operatorname{softmax}_i)$; "
    r"off the diagonal: $-\operatorname{softmax}_i \operatorname{softmax}_j$. The Jacobian is "
    r"$\operatorname{diag}(p) - p p^T$.",
    references=(BISHOP + " (eq. 4.106)", UFLDL),
)

LOGSUMEXP_GRADIENT = Derivation(
    name="logsumexp-gradient",
    title="The gradient of logsumexp is softmax: ∂ log Σ_l e^{z_l}/∂z_j = softmax_j",
    lhs=Derivative(log(S), z[j]),
    rhs=SOFTMAX_J_TEX,
    steps=(
        Step(
            Sum(KroneckerDelta(j, ell) * exp(z[ell]), (ell, 1, K)) / S,
            r"chain rule: $\partial \log s = (\partial s)/s$, and "
            r"$\partial e^{z_l}/\partial z_j = \delta_{jl} e^{z_l}$",
        ),
        Step(
            SOFTMAX_J_TEX,
            r"$\delta_{jl}$ picks the term $l = j$, which is one of $1, \ldots, K$",
        ),
    ),
    assumptions=J_IN_RANGE,
    references=(
        "d2l.ai, §4.1.2.2 Softmax and Cross-Entropy Loss",
        "Boyd and Vandenberghe, Convex Optimization, §3.1.5 (log-sum-exp)",
    ),
)

LOG_SOFTMAX = Derivation(
    name="log-softmax",
    title="log softmax_j = z_j − logsumexp(z), for every K",
    lhs=log(SOFTMAX_J),
    rhs=z[j] - log(S),
    steps=(
        Step(
            z[j] - log(S),
            r"$\log(a/s) = \log a - \log s$ for $a, s > 0$ (a sum of $K \ge 1$ exponentials is "
            r"positive), and $\log e^{z_j} = z_j$",
        ),
    ),
    assumptions=J_IN_RANGE,
    description="What libraries compute as log_softmax: no division, and with the stable "
    "log-sum-exp no overflow.",
    references=(
        "d2l.ai, §4.5 Concise Implementation of Softmax Regression: Softmax Revisited",
        BISHOP,
    ),
)

CROSS_ENTROPY = -Sum(y[k] * log(exp(z[k]) / S), (k, 1, K))

CROSS_ENTROPY_GRADIENT = Derivation(
    name="cross-entropy-gradient",
    title="Cross-entropy gradient: ∂/∂z_j [−Σ_k y_k log softmax_k] = softmax_j − y_j, "
    "when Σ_k y_k = 1",
    lhs=Tex(rf"\frac{{\partial}}{{\partial z_j}}\left(-\sum_{{k=1}}^{{K}} y_k \log {P}_k\right)"),
    rhs=CE_GRADIENT,
    steps=(
        Step(
            Derivative(-Sum(y[k] * (z[k] - log(S)), (k, 1, K)), z[j]),
            r"$\log \operatorname{softmax}_k = z_k - \log \sum_l e^{z_l}$",
            uses=("log-softmax",),
        ),
        Step(
            -Sum(y[k] * (KroneckerDelta(j, k) - SOFTMAX_J), (k, 1, K)),
            r"$\partial z_k/\partial z_j = \delta_{jk}$ and "
            r"$\partial \log \sum_l e^{z_l}/\partial z_j = \operatorname{softmax}_j$",
            uses=("logsumexp-gradient",),
        ),
        Step(
            SOFTMAX_J * Sum(y[k], (k, 1, K)) - y[j],
            r"$\delta_{jk}$ picks $k = j$, one of $1, \ldots, K$; $\operatorname{softmax}_j$ does "
            "not depend on $k$",
        ),
        Step(CE_GRADIENT, r"the targets sum to one: $\sum_k y_k = 1$"),
    ),
    assumptions=(*J_IN_RANGE, Eq(Sum(y[k], (k, 1, K)), 1)),
    description="The targets must sum to one (a one-hot vector or any probability vector); "
    r"otherwise the gradient is $\operatorname{softmax}_j \sum_k y_k - y_j$.",
    references=(UFLDL, D2L, BISHOP + " (eq. 4.109)"),
)

SIGMOID_WEIGHT_GRADIENT = Derivation(
    name="sigmoid-weight-gradient",
    title="∂σ(w·a + b)/∂w_j = a_j σ(w·a + b)(1 − σ(w·a + b)), for every n",
    lhs=Derivative(sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b), w[j]),
    rhs=a[j]
    * sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b)
    * (1 - sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b)),
    steps=(
        Step(
            sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b)
            * (1 - sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b))
            * Derivative(Sum(w[i] * a[i], (i, 1, n)) + b, w[j]),
            r"chain rule with $\sigma'(u) = \sigma(u)(1 - \sigma(u))$",
            uses=("sigmoid-derivative",),
        ),
        Step(
            sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b)
            * (1 - sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b))
            * Sum(KroneckerDelta(i, j) * a[i], (i, 1, n)),
            r"$\partial(\sum_i w_i a_i + b)/\partial w_j = \sum_i \delta_{ij} a_i$",
        ),
        Step(
            a[j]
            * sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b)
            * (1 - sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b)),
            r"$\delta_{ij}$ picks $i = j$, one of $1, \ldots, n$",
        ),
    ),
    assumptions=("1 <= j", "j <= n"),
    references=(
        "UFLDL Tutorial, Logistic Regression",
        "Bishop, Pattern Recognition and Machine Learning, eq. 4.88-4.91",
    ),
)

BCE_SIGMOID_GRADIENT = Derivation(
    name="bce-sigmoid-gradient",
    title="∂BCE(σ(z), y)/∂z = σ(z) − y",
    lhs=Derivative(binary_cross_entropy(sigmoid(logit), label), logit),
    rhs=sigmoid(logit) - label,
    steps=(
        Step(
            -(label / sigmoid(logit) - (1 - label) / (1 - sigmoid(logit)))
            * sigmoid(logit)
            * (1 - sigmoid(logit)),
            r"chain rule: "
            r"$\partial \operatorname{BCE}(p, y)/\partial p = -(y/p - (1 - y)/(1 - p))$ and "
            r"$\sigma' = \sigma(1 - \sigma)$",
            uses=("sigmoid-derivative",),
        ),
        Step(
            -(label * (1 - sigmoid(logit)) - (1 - label) * sigmoid(logit)),
            r"cancel $\sigma(z)$ and $1 - \sigma(z)$",
        ),
        Step(sigmoid(logit) - label, r"expand: $-y + y\sigma + \sigma - y\sigma = \sigma - y$"),
    ),
    description=r"The same form as the softmax cross-entropy gradient "
    r"$\operatorname{softmax}_j - y_j$; holds for every real $y$.",
    references=(
        "UFLDL Tutorial, Logistic Regression",
        "Bishop, Pattern Recognition and Machine Learning, eq. 4.90-4.91",
    ),
)
