"""Training dynamics of two-class heads: what gradient descent does to networks 0, 1 and 2.

All three networks share a base network with activations a_1, ..., a_n (any
architecture below the head) and differ only in the head:

* network 1: two units z1 = Σ_i w1_i a_i + b1 and z2 = Σ_i w2_i a_i + b2, softmax
  cross-entropy with the target (1 − y, y), so class 2 is the positive class;
* network 0: the same two units, binary cross-entropy of σ(z2 − z1);
* network 2: one unit z = Σ_i w_i a_i + b, binary cross-entropy of σ(z).

Everything is stated for one training example and general n (finite sums over
the index i, a fixed coordinate j with 1 ≤ j ≤ n). The gradient of a batch
loss is the mean of the per-example gradients, and every identity below is
linear in the gradient, so each one holds for any batch as well. These are the
loss expressions of :func:`softsym.experiments.training.symbolic_loss`, which the training
experiment (``softsym train``) differentiates.
"""

from sympy import Derivative, Expr, Indexed, IndexedBase, Sum, Symbol, log, symbols

from softsym import (
    Derivation,
    Step,
    binary_cross_entropy,
    cross_entropy,
    real_symbols,
    sigmoid,
    softmax,
)

a = IndexedBase("a", real=True)
g = IndexedBase("g", real=True)
w = IndexedBase("w", real=True)
w1 = IndexedBase("w1", real=True)
w2 = IndexedBase("w2", real=True)
i, j = symbols("i j", integer=True)
n = Symbol("n", integer=True)
z1, z2, y, b, b1, b2, eta, lam, t = real_symbols("z1 z2 y b b1 b2 eta lambda t")

INDEX_RANGE = ("1 <= j", "j <= n")
"""The coordinate j is one of the n activations."""


def unit(weights: IndexedBase, bias: Expr) -> Expr:
    """Return the logit Σ_i weights_i a_i + bias of a head unit."""
    return Sum(weights[i] * a[i], (i, 1, n)) + bias


def loss_0(u1: Expr, u2: Expr) -> Expr:
    """Network 0's loss at the logits (u1, u2): binary cross-entropy of σ(u2 − u1)."""
    return binary_cross_entropy(sigmoid(u2 - u1), y)


def loss_1(u1: Expr, u2: Expr) -> Expr:
    """Network 1's loss at the logits (u1, u2): softmax cross-entropy with target (1 − y, y)."""
    return cross_entropy(softmax(u1, u2), [1 - y, y])


def loss_2(u: Expr) -> Expr:
    """Network 2's loss at the logit u: binary cross-entropy of σ(u)."""
    return binary_cross_entropy(sigmoid(u), y)


def at_difference(expr: Expr) -> Expr:
    """Evaluate an expression of network 2's head at w = D = w2 − w1, b = B = b2 − b1.

    Every ``w[k]`` (whatever its index) becomes ``w2[k] − w1[k]`` and ``b`` becomes
    ``b2 − b1``. Apply it to an evaluated derivative, never to ``Derivative(., w[j])``.
    """
    replaced = expr.replace(
        lambda e: isinstance(e, Indexed) and e.base == w,
        lambda e: w2[e.indices[0]] - w1[e.indices[0]],
    )
    return replaced.xreplace({b: b2 - b1})


Z1 = unit(w1, b1)
Z2 = unit(w2, b2)
Z = unit(w, b)
L0 = loss_0(Z1, Z2)
L1 = loss_1(Z1, Z2)
L2 = loss_2(Z)
D_J = w2[j] - w1[j]
B = b2 - b1
Z_D = Sum((w2[i] - w1[i]) * a[i], (i, 1, n)) + B
"""Network 2's logit at w = D, b = B."""
ERROR = sigmoid(Z2 - Z1) - y
"""σ(z2 − z1) − y: network 0's prediction error, the factor of every head gradient."""
ERROR_D = sigmoid(Z_D) - y

GRAD_L2_W_AT_D = at_difference(Derivative(L2, w[j]).doit())
"""∂L2/∂w_j at w = D, b = B (the derivative is taken first, then evaluated)."""
GRAD_L2_B_AT_D = at_difference(Derivative(L2, b).doit())
"""∂L2/∂b at w = D, b = B."""

GOODFELLOW_SOFTMAX = (
    "Goodfellow, Bengio, Courville, Deep Learning, §6.2.2.3 Softmax Units for Multinoulli "
    "Output Distributions (softmax is overparametrised; z1 − z2 is what matters)"
)
GOODFELLOW_BACKPROP = "Goodfellow, Bengio, Courville, Deep Learning, §6.5 Back-Propagation"
GOODFELLOW_SGD = (
    "Goodfellow, Bengio, Courville, Deep Learning, §8.3 Basic Algorithms (gradient descent)"
)
GOODFELLOW_DECAY = (
    "Goodfellow, Bengio, Courville, Deep Learning, §7.1.1 L2 Parameter Regularization "
    "(weight decay: θ ← (1 − ηλ)θ − η∇L)"
)
BISHOP_4_3_4 = (
    "Bishop, Pattern Recognition and Machine Learning, §4.3.4 Multiclass logistic "
    "regression, eq. 4.109 (∂E/∂w_j = (y_j − t_j) φ)"
)
BISHOP_4_3_2 = (
    "Bishop, Pattern Recognition and Machine Learning, §4.3.2 Logistic regression, "
    "eq. 4.91 (∇E = (y − t) φ)"
)

# --- Theorem 1: networks 0 and 1 have the same loss, hence the same gradients ----------

THEOREM_1 = (
    "Since the two losses agree for every $(z_1, z_2)$, every parameter gets the same gradient "
    "in both networks, so gradient descent from the same initialisation follows the same "
    "trajectory in networks 0 and 1 (by induction over the steps: same parameters, same "
    "gradients, same update). The same holds for any optimiser whose update depends only on "
    "the gradients and the parameters (momentum, RMSProp, Adam, weight decay). The "
    "symbolic part is the gradient equality. For a batch, the gradient is the mean of these "
    "per-example gradients, so the equality holds for it too."
)

SAME_LOSS = Derivation(
    name="networks-0-1-same-loss",
    title="Networks 0 and 1 have the same loss as a function of the logits (z1, z2)",
    lhs=loss_1(z1, z2),
    rhs=loss_0(z1, z2),
    steps=(
        Step(
            -((1 - y) * log(softmax(z1, z2)[0]) + y * log(softmax(z1, z2)[1])),
            "definition of cross-entropy with the target $(1 - y, y)$",
        ),
        Step(
            -((1 - y) * log(sigmoid(z1 - z2)) + y * log(sigmoid(z2 - z1))),
            "a two-class softmax is the sigmoid of the difference of the logits",
            uses=("softmax2-sigmoid", "softmax2-sigmoid-second"),
        ),
        Step(
            -((1 - y) * log(1 - sigmoid(z2 - z1)) + y * log(sigmoid(z2 - z1))),
            r"$\sigma(-u) = 1 - \sigma(u)$ with $u = z_2 - z_1$",
            uses=("sigmoid-symmetry",),
        ),
        Step(loss_0(z1, z2), r"definition of binary cross-entropy with $p = \sigma(z_2 - z_1)$"),
    ),
    description="Softmax cross-entropy over two classes and binary cross-entropy of "
    r"$\sigma(z_2 - z_1)$ are one function of $(z_1, z_2)$. " + THEOREM_1,
    references=(GOODFELLOW_SOFTMAX, BISHOP_4_3_4),
)


def _head_gradient(
    name: str, parameter: Expr, shown: str, shown_tex: str, component: int, factor: Expr
) -> Derivation:
    """∂L1/∂θ = ∂L0/∂θ for a head parameter θ of unit ``component`` with ∂z/∂θ = ``factor``.

    ``shown`` names θ in the title, ``shown_tex`` in the reasons (as LaTeX math).
    """
    unit_tex = f"z_{component}"
    if component == 1:
        softmax_form = (softmax(Z1, Z2)[0] - (1 - y)) * factor
        sigmoid_form = -ERROR * factor
        cited = "two-class-gradient-z1"
        error = r"-(\sigma(z_2 - z_1) - y)"
    else:
        softmax_form = (softmax(Z1, Z2)[1] - y) * factor
        sigmoid_form = ERROR * factor
        cited = "two-class-gradient-z2"
        error = r"\sigma(z_2 - z_1) - y"
    d_unit = rf"\partial {unit_tex}/\partial {shown_tex}"
    inner = (
        rf"${d_unit} = \sum_i \delta_{{ij}} a_i = a_j$ since $1 \le j \le n$"
        if factor != 1
        else f"${d_unit} = 1$"
    )
    target = "(1 - y)" if component == 1 else "y"
    d_ce = rf"\partial \operatorname{{CE}}/\partial {unit_tex}"
    return Derivation(
        name=name,
        title=f"Networks 0 and 1 give {shown} the same gradient: ∂L1/∂{shown} = ∂L0/∂{shown}",
        lhs=Derivative(L1, parameter),
        rhs=Derivative(L0, parameter),
        steps=(
            Step(
                softmax_form,
                rf"chain rule: $\partial L_1/\partial {shown_tex} = {d_ce} \cdot {d_unit}$, "
                rf"with ${d_ce} = \operatorname{{softmax}}_{component} - {target}$ and {inner}",
            ),
            Step(sigmoid_form, f"${d_ce} = {error}$", uses=(cited,)),
            Step(
                Derivative(L0, parameter),
                rf"chain rule for network 0: $\partial \operatorname{{BCE}}/\partial {unit_tex} "
                f"= {error}$ (the same lemma), and {inner}",
                uses=(cited,),
            ),
        ),
        assumptions=INDEX_RANGE if factor != 1 else (),
        description=f"The gradient of network 1 is that of network 0 for the head parameter "
        f"${shown_tex}$ of unit ${unit_tex}$. " + THEOREM_1,
        references=(BISHOP_4_3_4, BISHOP_4_3_2),
    )


GRADIENT_W1 = _head_gradient("networks-0-1-gradient-w1", w1[j], "w1_j", "{w_1}_j", 1, a[j])
GRADIENT_W2 = _head_gradient("networks-0-1-gradient-w2", w2[j], "w2_j", "{w_2}_j", 2, a[j])
GRADIENT_B1 = _head_gradient("networks-0-1-gradient-b1", b1, "b1", "b_1", 1, 1)
GRADIENT_B2 = _head_gradient("networks-0-1-gradient-b2", b2, "b2", "b_2", 2, 1)

GRADIENT_ACTIVATIONS = Derivation(
    name="networks-0-1-gradient-activations",
    title="Networks 0 and 1 pass the same gradient to the base: ∂L1/∂a_j = ∂L0/∂a_j",
    lhs=Derivative(L1, a[j]),
    rhs=Derivative(L0, a[j]),
    steps=(
        Step(
            (softmax(Z1, Z2)[0] - (1 - y)) * w1[j] + (softmax(Z1, Z2)[1] - y) * w2[j],
            r"chain rule through both logits: $\partial z_1/\partial a_j = {w_1}_j$ and "
            r"$\partial z_2/\partial a_j = {w_2}_j$ ($\sum_i \delta_{ij} w_i = w_j$ since "
            r"$1 \le j \le n$)",
        ),
        Step(
            -ERROR * w1[j] + ERROR * w2[j],
            r"$\partial \operatorname{CE}/\partial z_1 = -(\sigma(z_2 - z_1) - y)$ and "
            r"$\partial \operatorname{CE}/\partial z_2 = \sigma(z_2 - z_1) - y$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(ERROR * (w2[j] - w1[j]), "collect the common factor"),
        Step(
            Derivative(L0, a[j]),
            r"chain rule for network 0: $\partial \operatorname{BCE}(\sigma(u), y)/\partial u "
            r"= \sigma(u) - y$ with $u = z_2 - z_1$, and "
            r"$\partial u/\partial a_j = {w_2}_j - {w_1}_j$",
        ),
    ),
    assumptions=INDEX_RANGE,
    description=r"Back-propagation sends $\partial L/\partial a_j$ into the base network; it is "
    "the same for "
    "both heads, so every parameter below the head gets the same gradient too "
    "(networks-0-1-gradient-base spells this out for one base parameter). " + THEOREM_1,
    references=(GOODFELLOW_BACKPROP, BISHOP_4_3_4),
)

Z1_T = Sum(w1[i] * (a[i] + t * g[i]), (i, 1, n)) + b1
Z2_T = Sum(w2[i] * (a[i] + t * g[i]), (i, 1, n)) + b2
G1 = Sum(w1[i] * g[i], (i, 1, n))
G2 = Sum(w2[i] * g[i], (i, 1, n))
ERROR_T = sigmoid(Z2_T - Z1_T) - y

GRADIENT_BASE = Derivation(
    name="networks-0-1-gradient-base",
    title="Networks 0 and 1 give every base parameter u the same gradient",
    lhs=Derivative(loss_1(Z1_T, Z2_T), t),
    rhs=Derivative(loss_0(Z1_T, Z2_T), t),
    steps=(
        Step(
            (softmax(Z1_T, Z2_T)[0] - (1 - y)) * G1 + (softmax(Z1_T, Z2_T)[1] - y) * G2,
            r"chain rule through both logits: $dz_k/dt = \sum_i {w_k}_i g_i$, and "
            r"$\partial \operatorname{CE}/\partial z_k = \operatorname{softmax}_k - y_k$",
        ),
        Step(
            -ERROR_T * G1 + ERROR_T * G2,
            r"$\partial \operatorname{CE}/\partial z_1 = -(\sigma(z_2 - z_1) - y)$ and "
            r"$\partial \operatorname{CE}/\partial z_2 = \sigma(z_2 - z_1) - y$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(ERROR_T * Sum((w2[i] - w1[i]) * g[i], (i, 1, n)), r"collect; linearity of $\sum$"),
        Step(
            Derivative(loss_0(Z1_T, Z2_T), t),
            r"chain rule for network 0: $\partial \operatorname{BCE}(\sigma(u), y)/\partial u "
            r"= \sigma(u) - y$ with $u = z_2 - z_1$, and $du/dt = \sum_i ({w_2}_i - {w_1}_i) g_i$",
        ),
    ),
    description=r"Let $u$ be any parameter of the base network and $g_i = \partial a_i/\partial u$ "
    "at the current parameters. The head sees $u$ only through the activations, so by the chain "
    r"rule $\partial L/\partial u = \sum_i \partial L/\partial a_i \cdot g_i "
    r"= \frac{d}{dt} L(a + t g)$ at $t = 0$. The claim is proved for every $t$, in particular at "
    r"$t = 0$: $\partial L_1/\partial u = \partial L_0/\partial u$, whatever the base network "
    "is. " + THEOREM_1,
    references=(GOODFELLOW_BACKPROP, GOODFELLOW_SGD),
)

# --- Theorem 2: networks 0 and 2 are one function class, but network 0 trains at 2η -----

FUNCTION_CLASS = "difference-of-affine-is-affine"
"""The function-class lemma: z2 − z1 = Σ_i (w2_i − w1_i) a_i + (b2 − b1), network 2's logit."""
LOGIT_DIFFERENCE = (
    r"a difference of affine functions is affine: "
    r"$z_2 - z_1 = \sum_i ({w_2}_i - {w_1}_i) a_i + (b_2 - b_1)$ is network 2's logit at "
    "$w = D$, $b = B$"
)

THEOREM_2 = (
    r"With $D = w_2 - w_1$ and $B = b_2 - b_1$, network 0 computes $\sigma(\sum_i D_i a_i + B)$, "
    "which is network 2 at $w = D$, $b = B$: the two networks represent the same functions. "
    r"They do not train alike: one gradient-descent step of network 0 with learning rate $\eta$ "
    r"moves $D$ as one step of network 2 with head learning rate $2\eta$, because $w_1$ and "
    r"$w_2$ each move by $\eta$ times the gradient in opposite directions. With the same rate "
    r"$\eta$ for network 2 the trajectories differ; examples/refuted/equal_learning_rates.py "
    "states that claim and `softsym verify` refutes it with a counterexample. The gradient "
    "that reaches the base network is the same (networks-0-2-gradient-activations), so from "
    r"matching initialisations network 0 at rate $\eta$ and network 2 with head rate $2\eta$ "
    r"and base rate $\eta$ follow the same trajectory of ($D$, $B$, base parameters). For a "
    "batch, every gradient is the mean over the examples; the identities are linear in the "
    "gradient."
)

NETWORK_0_IS_NETWORK_2 = Derivation(
    name="network-0-is-network-2",
    title="Network 0 at (w1, b1, w2, b2) computes network 2 at w = w2 − w1, b = b2 − b1",
    lhs=sigmoid(Z2 - Z1),
    rhs=sigmoid(Z_D),
    steps=(
        Step(
            softmax(Z1, Z2)[1],
            r"$\sigma(z_2 - z_1) = \operatorname{softmax}(z_1, z_2)_2$: network 0 outputs "
            "network 1's class-2 probability",
            uses=("softmax2-sigmoid-second",),
        ),
        Step(
            sigmoid(Z_D),
            "every two-class softmax model is the logistic model at $w = w_2 - w_1$, "
            "$b = b_2 - b_1$",
            uses=("softmax2-class-is-logistic",),
        ),
    ),
    description=r"One inclusion of network 0 $\equiv$ network 2 as function classes; "
    "network-2-is-network-0 gives the other. " + THEOREM_2,
    references=(GOODFELLOW_SOFTMAX, BISHOP_4_3_4),
)

ZERO_UNIT = Sum(0 * a[i], (i, 1, n)) + 0

NETWORK_2_IS_NETWORK_0 = Derivation(
    name="network-2-is-network-0",
    title="Network 2 at (w, b) computes network 0 at w1 = 0, b1 = 0, w2 = w, b2 = b",
    lhs=sigmoid(Z),
    rhs=sigmoid(Z - ZERO_UNIT),
    steps=(
        Step(
            softmax(ZERO_UNIT, Z)[1],
            r"every logistic model is a two-class softmax model with first unit $0 \cdot a + 0$",
            uses=("logistic-class-is-softmax2",),
        ),
        Step(
            sigmoid(Z - ZERO_UNIT),
            r"$\operatorname{softmax}(z_1, z_2)_2 = \sigma(z_2 - z_1)$: network 0 with first unit "
            r"$0 \cdot a + 0$",
            uses=("softmax2-sigmoid-second",),
        ),
    ),
    description=r"The other inclusion of network 0 $\equiv$ network 2 as function classes "
    "(network-0-is-network-2 gives the first). " + THEOREM_2,
    references=(GOODFELLOW_SOFTMAX, BISHOP_4_3_4),
)

NETWORK_2_GRADIENT_W = Derivation(
    name="network-2-gradient-w",
    title="Network 2's weight gradient: ∂L2/∂w_j = (σ(z) − y) a_j",
    lhs=Derivative(L2, w[j]),
    rhs=(sigmoid(Z) - y) * a[j],
    steps=(
        Step(
            (sigmoid(Z) - y) * a[j],
            r"chain rule: $\partial \operatorname{BCE}(\sigma(z), y)/\partial z = \sigma(z) - y$, "
            r"and $\partial z/\partial w_j = \sum_i \delta_{ij} a_i = a_j$ since $1 \le j \le n$",
            uses=("bce-sigmoid-gradient",),
        ),
    ),
    assumptions=INDEX_RANGE,
    description="The error times the input: the logistic-regression gradient, per example.",
    references=(BISHOP_4_3_2,),
)

NETWORK_2_GRADIENT_B = Derivation(
    name="network-2-gradient-b",
    title="Network 2's bias gradient: ∂L2/∂b = σ(z) − y",
    lhs=Derivative(L2, b),
    rhs=sigmoid(Z) - y,
    steps=(
        Step(
            sigmoid(Z) - y,
            r"chain rule: $\partial \operatorname{BCE}(\sigma(z), y)/\partial z = \sigma(z) - y$, "
            r"and $\partial z/\partial b = 1$",
            uses=("bce-sigmoid-gradient",),
        ),
    ),
    description="The bias is the weight of a constant activation 1.",
    references=(BISHOP_4_3_2,),
)


def _gd_step(theta: Expr, loss: Expr, rate: Expr = eta, decay: Expr = 0) -> Expr:
    """One gradient-descent step θ − η(∂L/∂θ + λθ) of the objective L + λ/2 θ²."""
    return theta - rate * (Derivative(loss, theta) + decay * theta)


STEP_WEIGHTS = Derivation(
    name="networks-0-2-step-weights",
    title="A step of network 0 at rate η moves D = w2 − w1 as network 2 at rate 2η",
    lhs=_gd_step(w2[j], L0) - _gd_step(w1[j], L0),
    rhs=D_J - 2 * eta * GRAD_L2_W_AT_D,
    steps=(
        Step(
            D_J - eta * (Derivative(L0, w2[j]) - Derivative(L0, w1[j])),
            r"subtract the two updates: "
            r"$D'_j = D_j - \eta(\partial L_0/\partial {w_2}_j - \partial L_0/\partial {w_1}_j)$",
        ),
        Step(
            D_J - eta * (ERROR * a[j] - (-ERROR * a[j])),
            r"chain rule: $\partial L_0/\partial {w_2}_j = (\sigma(z_2 - z_1) - y) a_j$ and "
            r"$\partial L_0/\partial {w_1}_j = -(\sigma(z_2 - z_1) - y) a_j$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(
            D_J - 2 * eta * ERROR * a[j],
            "the two gradients are opposite, so their difference is twice one of them",
        ),
        Step(
            D_J - 2 * eta * ERROR_D * a[j],
            LOGIT_DIFFERENCE,
            uses=(FUNCTION_CLASS,),
        ),
        Step(
            D_J - 2 * eta * GRAD_L2_W_AT_D,
            r"$(\sigma(z) - y) a_j$ is $\partial L_2/\partial w_j$, here at $w = D$, $b = B$",
            uses=("network-2-gradient-w",),
        ),
    ),
    assumptions=INDEX_RANGE,
    description=THEOREM_2,
    references=(GOODFELLOW_SGD, GOODFELLOW_SOFTMAX, BISHOP_4_3_2),
)

STEP_BIAS = Derivation(
    name="networks-0-2-step-bias",
    title="A step of network 0 at rate η moves B = b2 − b1 as network 2 at rate 2η",
    lhs=_gd_step(b2, L0) - _gd_step(b1, L0),
    rhs=B - 2 * eta * GRAD_L2_B_AT_D,
    steps=(
        Step(
            B - eta * (Derivative(L0, b2) - Derivative(L0, b1)),
            r"subtract the two updates: "
            r"$B' = B - \eta(\partial L_0/\partial b_2 - \partial L_0/\partial b_1)$",
        ),
        Step(
            B - eta * (ERROR - (-ERROR)),
            r"chain rule: $\partial L_0/\partial b_2 = \sigma(z_2 - z_1) - y$ and "
            r"$\partial L_0/\partial b_1 = -(\sigma(z_2 - z_1) - y)$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(B - 2 * eta * ERROR, "the two gradients are opposite"),
        Step(
            B - 2 * eta * ERROR_D,
            LOGIT_DIFFERENCE,
            uses=(FUNCTION_CLASS,),
        ),
        Step(
            B - 2 * eta * GRAD_L2_B_AT_D,
            r"$\sigma(z) - y$ is $\partial L_2/\partial b$, here at $w = D$, $b = B$",
            uses=("network-2-gradient-b",),
        ),
    ),
    description=THEOREM_2,
    references=(GOODFELLOW_SGD, BISHOP_4_3_2),
)

GRADIENT_ACTIVATIONS_0_2 = Derivation(
    name="networks-0-2-gradient-activations",
    title="Network 0 passes the base the gradient of network 2 at w = D, b = B",
    lhs=Derivative(L0, a[j]),
    rhs=at_difference(Derivative(L2, a[j]).doit()),
    steps=(
        Step(
            ERROR * (w2[j] - w1[j]),
            r"chain rule: $\partial \operatorname{BCE}(\sigma(u), y)/\partial u = \sigma(u) - y$ "
            r"with $u = z_2 - z_1$, and $\partial u/\partial a_j = {w_2}_j - {w_1}_j$ "
            r"($\sum_i \delta_{ij} w_i = w_j$ since $1 \le j \le n$)",
        ),
        Step(
            ERROR_D * (w2[j] - w1[j]),
            LOGIT_DIFFERENCE,
            uses=(FUNCTION_CLASS,),
        ),
        Step(
            at_difference(Derivative(L2, a[j]).doit()),
            r"chain rule for network 2: $\partial L_2/\partial a_j = (\sigma(z) - y) w_j$, here at "
            "$w = D$, $b = B$",
        ),
    ),
    assumptions=INDEX_RANGE,
    description="Whatever the head learning rates, the base network of network 0 gets the "
    "gradient that network 2 would pass down at $w = D$, $b = B$. " + THEOREM_2,
    references=(GOODFELLOW_BACKPROP,),
)

# --- Theorem 3: S = w1 + w2 and b1 + b2 are conserved by gradient descent ---------------

THEOREM_3 = (
    "Softmax is unchanged when the same number is added to both logits, so the loss does "
    "not change along $S = w_1 + w_2$ (and $b_1 + b_2$): the gradients of the two units are "
    "opposite and their sum $S$ never moves under gradient descent. $S$ stays at its "
    "initial value; only $D = w_2 - w_1$ learns. For a batch, the gradients are means of the "
    "per-example ones and still cancel."
)

SUM_CONSERVED_0_WEIGHTS = Derivation(
    name="sum-conserved-network-0-weights",
    title="Gradient descent conserves w1 + w2 in network 0",
    lhs=_gd_step(w1[j], L0) + _gd_step(w2[j], L0),
    rhs=w1[j] + w2[j],
    steps=(
        Step(
            w1[j] + w2[j] - eta * (Derivative(L0, w1[j]) + Derivative(L0, w2[j])),
            "add the two updates",
        ),
        Step(
            w1[j] + w2[j] - eta * (-ERROR * a[j] + ERROR * a[j]),
            r"chain rule: $\partial L_0/\partial {w_1}_j = -(\sigma(z_2 - z_1) - y) a_j$ and "
            r"$\partial L_0/\partial {w_2}_j = (\sigma(z_2 - z_1) - y) a_j$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(w1[j] + w2[j], "the two gradients cancel"),
    ),
    assumptions=INDEX_RANGE,
    description=THEOREM_3,
    references=(GOODFELLOW_SOFTMAX, GOODFELLOW_SGD),
)

SUM_CONSERVED_0_BIAS = Derivation(
    name="sum-conserved-network-0-bias",
    title="Gradient descent conserves b1 + b2 in network 0",
    lhs=_gd_step(b1, L0) + _gd_step(b2, L0),
    rhs=b1 + b2,
    steps=(
        Step(b1 + b2 - eta * (Derivative(L0, b1) + Derivative(L0, b2)), "add the two updates"),
        Step(
            b1 + b2 - eta * (-ERROR + ERROR),
            r"chain rule: $\partial L_0/\partial b_1 = -(\sigma(z_2 - z_1) - y)$ and "
            r"$\partial L_0/\partial b_2 = \sigma(z_2 - z_1) - y$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(b1 + b2, "the two gradients cancel"),
    ),
    description=THEOREM_3,
    references=(GOODFELLOW_SOFTMAX, GOODFELLOW_SGD),
)

SUM_CONSERVED_1_WEIGHTS = Derivation(
    name="sum-conserved-network-1-weights",
    title="Gradient descent conserves w1 + w2 in network 1",
    lhs=_gd_step(w1[j], L1) + _gd_step(w2[j], L1),
    rhs=w1[j] + w2[j],
    steps=(
        Step(
            _gd_step(w1[j], L0) + _gd_step(w2[j], L0),
            "networks 0 and 1 have the same gradients",
            uses=("networks-0-1-gradient-w1", "networks-0-1-gradient-w2"),
        ),
        Step(
            w1[j] + w2[j],
            "network 0 conserves $w_1 + w_2$",
            uses=("sum-conserved-network-0-weights",),
        ),
    ),
    assumptions=INDEX_RANGE,
    description=THEOREM_3,
    references=(GOODFELLOW_SOFTMAX, GOODFELLOW_SGD),
)

SUM_CONSERVED_1_BIAS = Derivation(
    name="sum-conserved-network-1-bias",
    title="Gradient descent conserves b1 + b2 in network 1",
    lhs=_gd_step(b1, L1) + _gd_step(b2, L1),
    rhs=b1 + b2,
    steps=(
        Step(
            _gd_step(b1, L0) + _gd_step(b2, L0),
            "networks 0 and 1 have the same gradients",
            uses=("networks-0-1-gradient-b1", "networks-0-1-gradient-b2"),
        ),
        Step(b1 + b2, "network 0 conserves $b_1 + b_2$", uses=("sum-conserved-network-0-bias",)),
    ),
    description=THEOREM_3,
    references=(GOODFELLOW_SOFTMAX, GOODFELLOW_SGD),
)

# --- Theorem 4: weight decay: network 0 at (η, λ) is network 2 at (2η, λ/2) -------------

THEOREM_4 = (
    r"With L2 weight decay $\lambda$ the objective is $L + \lambda/2 \lVert\theta\rVert^2$ and "
    r"one step is $\theta \leftarrow \theta - \eta(\nabla L + \lambda\theta)$, for every "
    r"parameter. Then $D = w_2 - w_1$ of network 0 at $(\eta, \lambda)$ moves as network 2 "
    r"with head rate $2\eta$ and decay $\lambda/2$ (not $\lambda$: the decay term "
    r"$-\eta\lambda D$ must equal $-2\eta \cdot (\lambda/2) \cdot D$), and $S = w_1 + w_2$ "
    r"shrinks by the factor $1 - \eta\lambda$ per step, since the loss gradients cancel in $S$ "
    "and only the decay acts on it. The base parameters get the same gradient in both "
    r"networks (networks-0-2-gradient-activations) and keep $(\eta, \lambda)$. For a batch, "
    "the loss gradients are means of the per-example ones."
)

DECAY_WEIGHTS = Derivation(
    name="weight-decay-networks-0-2-weights",
    title="With weight decay, network 0 at (η, λ) moves D as network 2 at (2η, λ/2)",
    lhs=_gd_step(w2[j], L0, decay=lam) - _gd_step(w1[j], L0, decay=lam),
    rhs=D_J - 2 * eta * (GRAD_L2_W_AT_D + lam / 2 * D_J),
    steps=(
        Step(
            D_J - eta * (Derivative(L0, w2[j]) - Derivative(L0, w1[j])) - eta * lam * D_J,
            r"subtract the two updates; the decay terms combine into "
            r"$\eta\lambda({w_2}_j - {w_1}_j)$",
        ),
        Step(
            D_J - 2 * eta * ERROR * a[j] - eta * lam * D_J,
            r"$\partial L_0/\partial {w_2}_j - \partial L_0/\partial {w_1}_j "
            r"= 2(\sigma(z_2 - z_1) - y) a_j$, as without decay",
            uses=("networks-0-2-step-weights",),
        ),
        Step(
            D_J - 2 * eta * (ERROR_D * a[j] + lam / 2 * D_J),
            LOGIT_DIFFERENCE + r"; and $\eta\lambda = 2\eta \cdot \lambda/2$",
            uses=(FUNCTION_CLASS,),
        ),
        Step(
            D_J - 2 * eta * (GRAD_L2_W_AT_D + lam / 2 * D_J),
            r"$(\sigma(z) - y) a_j$ is $\partial L_2/\partial w_j$, here at $w = D$, $b = B$",
            uses=("network-2-gradient-w",),
        ),
    ),
    assumptions=INDEX_RANGE,
    description=THEOREM_4,
    references=(GOODFELLOW_DECAY, GOODFELLOW_SGD),
)

DECAY_BIAS = Derivation(
    name="weight-decay-networks-0-2-bias",
    title="With weight decay, network 0 at (η, λ) moves B as network 2 at (2η, λ/2)",
    lhs=_gd_step(b2, L0, decay=lam) - _gd_step(b1, L0, decay=lam),
    rhs=B - 2 * eta * (GRAD_L2_B_AT_D + lam / 2 * B),
    steps=(
        Step(
            B - eta * (Derivative(L0, b2) - Derivative(L0, b1)) - eta * lam * B,
            r"subtract the two updates; the decay terms combine into $\eta\lambda(b_2 - b_1)$",
        ),
        Step(
            B - 2 * eta * ERROR - eta * lam * B,
            r"$\partial L_0/\partial b_2 - \partial L_0/\partial b_1 = 2(\sigma(z_2 - z_1) - y)$, "
            "as without decay",
            uses=("networks-0-2-step-bias",),
        ),
        Step(
            B - 2 * eta * (ERROR_D + lam / 2 * B),
            LOGIT_DIFFERENCE + r"; and $\eta\lambda = 2\eta \cdot \lambda/2$",
            uses=(FUNCTION_CLASS,),
        ),
        Step(
            B - 2 * eta * (GRAD_L2_B_AT_D + lam / 2 * B),
            r"$\sigma(z) - y$ is $\partial L_2/\partial b$, here at $w = D$, $b = B$",
            uses=("network-2-gradient-b",),
        ),
    ),
    description=THEOREM_4,
    references=(GOODFELLOW_DECAY, GOODFELLOW_SGD),
)


def _sum_decays(
    name: str, network: int, first: Expr, second: Expr, shown: str, shown_tex: str
) -> Derivation:
    """S' = (1 − ηλ) S for the pair (first, second) of network ``network`` (0 or 1).

    ``shown`` names the sum in the title, ``shown_tex`` in the reasons (as LaTeX math).
    """
    loss = L0 if network == 0 else L1
    total = first + second
    if network == 0:
        kind = "weights" if first != b1 else "bias"
        cancel = Step(
            (1 - eta * lam) * total - eta * (Derivative(L0, first) + Derivative(L0, second)),
            r"add the two updates; the decay terms combine into $\eta\lambda S$",
        )
        steps: tuple[Step, ...] = (
            cancel,
            Step(
                (1 - eta * lam) * total,
                "the two loss gradients cancel, as without decay",
                uses=(f"sum-conserved-network-0-{kind}",),
            ),
        )
    else:
        params = "w" if first != b1 else "b"
        kind = "weights" if first != b1 else "bias"
        steps = (
            Step(
                _gd_step(first, L0, decay=lam) + _gd_step(second, L0, decay=lam),
                "networks 0 and 1 have the same gradients",
                uses=(f"networks-0-1-gradient-{params}1", f"networks-0-1-gradient-{params}2"),
            ),
            Step(
                (1 - eta * lam) * total,
                rf"in network 0, ${shown_tex}$ decays by $1 - \eta\lambda$",
                uses=(f"weight-decay-sum-network-0-{kind}",),
            ),
        )
    return Derivation(
        name=name,
        title=f"With weight decay, {shown} shrinks by 1 − ηλ per step in network {network}",
        lhs=_gd_step(first, loss, decay=lam) + _gd_step(second, loss, decay=lam),
        rhs=(1 - eta * lam) * total,
        steps=steps,
        assumptions=INDEX_RANGE if first != b1 else (),
        description=THEOREM_4,
        references=(GOODFELLOW_DECAY, GOODFELLOW_SGD),
    )


DECAY_SUM_0_WEIGHTS = _sum_decays(
    "weight-decay-sum-network-0-weights", 0, w1[j], w2[j], "w1 + w2", "w_1 + w_2"
)
DECAY_SUM_0_BIAS = _sum_decays("weight-decay-sum-network-0-bias", 0, b1, b2, "b1 + b2", "b_1 + b_2")
DECAY_SUM_1_WEIGHTS = _sum_decays(
    "weight-decay-sum-network-1-weights", 1, w1[j], w2[j], "w1 + w2", "w_1 + w_2"
)
DECAY_SUM_1_BIAS = _sum_decays("weight-decay-sum-network-1-bias", 1, b1, b2, "b1 + b2", "b_1 + b_2")
