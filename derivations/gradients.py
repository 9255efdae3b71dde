"""Gradients for K classes and for a weighted sigmoid: Jacobian, ∇logsumexp, ∇CE, ∇BCE.

The logits are an indexed family z_1, ..., z_K with K a symbol, and the
weights w_1, ..., w_n with n a symbol. Differentiating an indexed entry gives
a Kronecker delta, and Σ_l δ_jl f_l = f_j holds only for 1 ≤ j ≤ K: each
derivation states that range.
"""

from sympy import Derivative, Eq, IndexedBase, KroneckerDelta, Sum, exp, log, symbols

from softsym import Derivation, Step, binary_cross_entropy, real_symbols, sigmoid

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

UFLDL = "UFLDL Tutorial, Softmax Regression: cost function and its gradient"
D2L = (
    "d2l.ai, Linear Neural Networks for Classification, §4.1.2.2 Softmax and Cross-Entropy "
    "Loss (the derivative is softmax(o)_j − y_j)"
)
BISHOP = "Bishop, Pattern Recognition and Machine Learning, §4.3.4, eq. 4.104-4.109"

SOFTMAX_JACOBIAN = Derivation(
    name="softmax-jacobian",
    title="Softmax Jacobian: ∂softmax_i/∂z_j = softmax_i (δ_ij − softmax_j), for every K",
    lhs=Derivative(SOFTMAX_I, z[j]),
    rhs=SOFTMAX_I * (KroneckerDelta(i, j) - SOFTMAX_J),
    steps=(
        Step(
            KroneckerDelta(i, j) * exp(z[i]) / S
            - exp(z[i]) * Sum(KroneckerDelta(j, ell) * exp(z[ell]), (ell, 1, K)) / S**2,
            "quotient rule, with ∂e^{z_i}/∂z_j = δ_ij e^{z_i} and "
            "∂(Σ_l e^{z_l})/∂z_j = Σ_l δ_jl e^{z_l}",
        ),
        Step(
            KroneckerDelta(i, j) * exp(z[i]) / S - exp(z[i]) * exp(z[j]) / S**2,
            "δ_jl picks the term l = j, which is one of 1, ..., K",
        ),
        Step(
            SOFTMAX_I * (KroneckerDelta(i, j) - SOFTMAX_J),
            "factor out softmax_i = e^{z_i}/Σ_l e^{z_l}",
        ),
    ),
    assumptions=("1 <= i", "i <= K", *J_IN_RANGE),
    description="Diagonal (i = j): softmax_i(1 − softmax_i); off the diagonal: "
    "−softmax_i softmax_j. The Jacobian is diag(p) − p p^T.",
    references=(BISHOP + " (eq. 4.106)", UFLDL),
)

LOGSUMEXP_GRADIENT = Derivation(
    name="logsumexp-gradient",
    title="The gradient of logsumexp is softmax: ∂ log Σ_l e^{z_l}/∂z_j = softmax_j",
    lhs=Derivative(log(S), z[j]),
    rhs=SOFTMAX_J,
    steps=(
        Step(
            Sum(KroneckerDelta(j, ell) * exp(z[ell]), (ell, 1, K)) / S,
            "chain rule: ∂ log s = (∂s)/s, and ∂e^{z_l}/∂z_j = δ_jl e^{z_l}",
        ),
        Step(SOFTMAX_J, "δ_jl picks the term l = j, which is one of 1, ..., K"),
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
            "log(a/s) = log a − log s for a, s > 0 (a sum of K ≥ 1 exponentials is positive), "
            "and log e^{z_j} = z_j",
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
    lhs=Derivative(CROSS_ENTROPY, z[j]),
    rhs=SOFTMAX_J - y[j],
    steps=(
        Step(
            Derivative(-Sum(y[k] * (z[k] - log(S)), (k, 1, K)), z[j]),
            "log softmax_k = z_k − log Σ_l e^{z_l}",
            uses=("log-softmax",),
        ),
        Step(
            -Sum(y[k] * (KroneckerDelta(j, k) - SOFTMAX_J), (k, 1, K)),
            "∂z_k/∂z_j = δ_jk and ∂ log Σ_l e^{z_l}/∂z_j = softmax_j",
            uses=("logsumexp-gradient",),
        ),
        Step(
            SOFTMAX_J * Sum(y[k], (k, 1, K)) - y[j],
            "δ_jk picks k = j, one of 1, ..., K; softmax_j does not depend on k",
        ),
        Step(SOFTMAX_J - y[j], "the targets sum to one: Σ_k y_k = 1"),
    ),
    assumptions=(*J_IN_RANGE, Eq(Sum(y[k], (k, 1, K)), 1)),
    description="The targets must sum to one (a one-hot vector or any probability vector); "
    "otherwise the gradient is softmax_j Σ_k y_k − y_j.",
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
            "chain rule with σ'(u) = σ(u)(1 − σ(u))",
            uses=("sigmoid-derivative",),
        ),
        Step(
            sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b)
            * (1 - sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b))
            * Sum(KroneckerDelta(i, j) * a[i], (i, 1, n)),
            "∂(Σ_i w_i a_i + b)/∂w_j = Σ_i δ_ij a_i",
        ),
        Step(
            a[j]
            * sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b)
            * (1 - sigmoid(Sum(w[i] * a[i], (i, 1, n)) + b)),
            "δ_ij picks i = j, one of 1, ..., n",
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
            "chain rule: ∂BCE(p, y)/∂p = −(y/p − (1 − y)/(1 − p)) and σ' = σ(1 − σ)",
            uses=("sigmoid-derivative",),
        ),
        Step(
            -(label * (1 - sigmoid(logit)) - (1 - label) * sigmoid(logit)),
            "cancel σ(z) and 1 − σ(z)",
        ),
        Step(sigmoid(logit) - label, "expand: −y + yσ + σ − yσ = σ − y"),
    ),
    description="The same form as the softmax cross-entropy gradient softmax_j − y_j; holds "
    "for every real y.",
    references=(
        "UFLDL Tutorial, Logistic Regression",
        "Bishop, Pattern Recognition and Machine Learning, eq. 4.90-4.91",
    ),
)
