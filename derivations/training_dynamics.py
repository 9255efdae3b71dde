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

The theorems are written as a teacher writes them: with the abbreviations
z_1, z_2, z (the logits), L_0, L_1, L_2 (the losses) and z̃ (network 2's logit at
w = w2 − w1, b = b2 − b1), each declared with ``Where`` and written out before
anything is checked.
"""

from sympy import Derivative, Expr, Indexed, IndexedBase, Sum, Symbol, symbols

from softsym import (
    Derivation,
    Step,
    Tex,
    binary_cross_entropy,
    cross_entropy,
    real_symbols,
    sigmoid,
    softmax,
)
from softsym.proofs.derivation import Where

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

# --- Abbreviations: the logits and the losses, as every theorem below writes them ---------

UNIT_1 = Where("z1", Tex(r"\sum_{i=1}^{n} w_{1,i} a_i + b_1"))
UNIT_2 = Where("z2", Tex(r"\sum_{i=1}^{n} w_{2,i} a_i + b_2"))
UNIT_0 = Where("z", Tex(r"\sum_{i=1}^{n} w_i a_i + b"))
LOSS_0 = Where("L0", Tex(r"\operatorname{BCE}(\sigma(z_2 - z_1), y)"))
LOSS_1 = Where(
    "L1",
    Tex(
        r"\operatorname{CE}\bigl((\operatorname{softmax}(z_1, z_2)_1, "
        r"\operatorname{softmax}(z_1, z_2)_2), (1 - y, y)\bigr)"
    ),
)
LOSS_2 = Where("L2", Tex(r"\operatorname{BCE}(\sigma(z), y)"))
UNIT_AT_D = Where("ztilde", Tex(r"\sum_{i=1}^{n} (w_{2,i} - w_{1,i}) a_i + b_2 - b_1"))
"""Network 2's logit z at w = D = w2 − w1, b = B = b2 − b1."""

NETWORKS_0_1 = (UNIT_1, UNIT_2, LOSS_0, LOSS_1)
NETWORK_0 = (UNIT_1, UNIT_2, LOSS_0)
NETWORK_0_AS_2 = (UNIT_1, UNIT_2, LOSS_0, UNIT_AT_D)
NETWORK_2 = (UNIT_0, LOSS_2)

ERROR_TEX = r"(\sigma(z_2 - z_1) - y)"
"""σ(z2 − z1) − y: network 0's prediction error, the factor of every head gradient."""

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
    rhs=Tex(r"\operatorname{BCE}(\sigma(z_2 - z_1), y)"),
    steps=(
        Step(
            Tex(
                r"-\bigl((1 - y) \log \operatorname{softmax}(z_1, z_2)_1 "
                r"+ y \log \operatorname{softmax}(z_1, z_2)_2\bigr)"
            ),
            "definition of cross-entropy with the target $(1 - y, y)$",
        ),
        Step(
            Tex(r"-\bigl((1 - y) \log \sigma(z_1 - z_2) + y \log \sigma(z_2 - z_1)\bigr)"),
            "a two-class softmax is the sigmoid of the difference of the logits",
            uses=("softmax2-sigmoid", "softmax2-sigmoid-second"),
        ),
        Step(
            Tex(r"-\bigl((1 - y) \log(1 - \sigma(z_2 - z_1)) + y \log \sigma(z_2 - z_1)\bigr)"),
            r"$\sigma(-u) = 1 - \sigma(u)$ with $u = z_2 - z_1$",
            uses=("sigmoid-symmetry",),
        ),
        Step(
            Tex(r"\operatorname{BCE}(\sigma(z_2 - z_1), y)"),
            r"definition of binary cross-entropy with $p = \sigma(z_2 - z_1)$",
        ),
    ),
    description="Softmax cross-entropy over two classes and binary cross-entropy of "
    r"$\sigma(z_2 - z_1)$ are one function of $(z_1, z_2)$. " + THEOREM_1,
    references=(GOODFELLOW_SOFTMAX, BISHOP_4_3_4),
)


def _head_gradient(name: str, parameter: str, shown: str, component: int) -> Derivation:
    """∂L1/∂θ = ∂L0/∂θ for the head parameter θ (LaTeX ``parameter``) of unit ``component``.

    ``shown`` names θ in the title. A weight ``w_{k,j}`` has ∂z_k/∂θ = a_j, a bias 1.
    """
    unit_tex = f"z_{component}"
    weight = parameter.startswith("w")
    factor = " a_j" if weight else ""
    if component == 1:
        softmax_form = rf"(\operatorname{{softmax}}(z_1, z_2)_1 - (1 - y)){factor}"
        sigmoid_form = rf"-{ERROR_TEX}{factor}"
        cited = "two-class-gradient-z1"
        error = rf"-{ERROR_TEX}"
    else:
        softmax_form = rf"(\operatorname{{softmax}}(z_1, z_2)_2 - y){factor}"
        sigmoid_form = f"{ERROR_TEX}{factor}"
        cited = "two-class-gradient-z2"
        error = ERROR_TEX
    d_unit = rf"\partial {unit_tex}/\partial {parameter}"
    inner = (
        rf"${d_unit} = \sum_i \delta_{{ij}} a_i = a_j$ since $1 \le j \le n$"
        if weight
        else f"${d_unit} = 1$"
    )
    target = "(1 - y)" if component == 1 else "y"
    d_ce = rf"\partial \operatorname{{CE}}/\partial {unit_tex}"
    return Derivation(
        name=name,
        title=f"Networks 0 and 1 give {shown} the same gradient: ∂L1/∂{shown} = ∂L0/∂{shown}",
        lhs=Tex(rf"\frac{{\partial L_1}}{{\partial {parameter}}}"),
        rhs=Tex(rf"\frac{{\partial L_0}}{{\partial {parameter}}}"),
        steps=(
            Step(
                Tex(softmax_form),
                rf"chain rule: $\partial L_1/\partial {parameter} = {d_ce} \cdot {d_unit}$, "
                rf"with ${d_ce} = \operatorname{{softmax}}_{component} - {target}$ and {inner}",
            ),
            Step(Tex(sigmoid_form), f"${d_ce} = {error}$", uses=(cited,)),
            Step(
                Tex(rf"\frac{{\partial L_0}}{{\partial {parameter}}}"),
                rf"chain rule for network 0: $\partial \operatorname{{BCE}}/\partial {unit_tex} "
                f"= {error}$ (the same lemma), and {inner}",
                uses=(cited,),
            ),
        ),
        assumptions=INDEX_RANGE if weight else (),
        where=NETWORKS_0_1,
        description=f"The gradient of network 1 is that of network 0 for the head parameter "
        f"${parameter}$ of unit ${unit_tex}$. " + THEOREM_1,
        references=(BISHOP_4_3_4, BISHOP_4_3_2),
    )


GRADIENT_W1 = _head_gradient("networks-0-1-gradient-w1", "w_{1,j}", "w1_j", 1)
GRADIENT_W2 = _head_gradient("networks-0-1-gradient-w2", "w_{2,j}", "w2_j", 2)
GRADIENT_B1 = _head_gradient("networks-0-1-gradient-b1", "b_1", "b1", 1)
GRADIENT_B2 = _head_gradient("networks-0-1-gradient-b2", "b_2", "b2", 2)

GRADIENT_ACTIVATIONS = Derivation(
    name="networks-0-1-gradient-activations",
    title="Networks 0 and 1 pass the same gradient to the base: ∂L1/∂a_j = ∂L0/∂a_j",
    lhs=Tex(r"\frac{\partial L_1}{\partial a_j}"),
    rhs=Tex(r"\frac{\partial L_0}{\partial a_j}"),
    steps=(
        Step(
            Tex(
                r"(\operatorname{softmax}(z_1, z_2)_1 - (1 - y)) w_{1,j} "
                r"+ (\operatorname{softmax}(z_1, z_2)_2 - y) w_{2,j}"
            ),
            r"chain rule through both logits: $\partial z_1/\partial a_j = w_{1,j}$ and "
            r"$\partial z_2/\partial a_j = w_{2,j}$ ($\sum_i \delta_{ij} w_i = w_j$ since "
            r"$1 \le j \le n$)",
        ),
        Step(
            Tex(rf"-{ERROR_TEX} w_{{1,j}} + {ERROR_TEX} w_{{2,j}}"),
            r"$\partial \operatorname{CE}/\partial z_1 = -(\sigma(z_2 - z_1) - y)$ and "
            r"$\partial \operatorname{CE}/\partial z_2 = \sigma(z_2 - z_1) - y$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(Tex(rf"{ERROR_TEX}(w_{{2,j}} - w_{{1,j}})"), "collect the common factor"),
        Step(
            Tex(r"\frac{\partial L_0}{\partial a_j}"),
            r"chain rule for network 0: $\partial \operatorname{BCE}(\sigma(u), y)/\partial u "
            r"= \sigma(u) - y$ with $u = z_2 - z_1$, and "
            r"$\partial u/\partial a_j = w_{2,j} - w_{1,j}$",
        ),
    ),
    assumptions=INDEX_RANGE,
    where=NETWORKS_0_1,
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

MOVED_1 = Where("z1", Tex(r"\sum_{i=1}^{n} w_{1,i} (a_i + t g_i) + b_1"))
MOVED_2 = Where("z2", Tex(r"\sum_{i=1}^{n} w_{2,i} (a_i + t g_i) + b_2"))
"""The logits with the activations moved to a + t g."""

GRADIENT_BASE = Derivation(
    name="networks-0-1-gradient-base",
    title="Networks 0 and 1 give every base parameter u the same gradient",
    lhs=Tex(r"\frac{d L_1}{d t}"),
    rhs=Tex(r"\frac{d L_0}{d t}"),
    steps=(
        Step(
            Tex(
                r"(\operatorname{softmax}(z_1, z_2)_1 - (1 - y)) \sum_{i=1}^{n} w_{1,i} g_i "
                r"+ (\operatorname{softmax}(z_1, z_2)_2 - y) \sum_{i=1}^{n} w_{2,i} g_i"
            ),
            r"chain rule through both logits: $dz_k/dt = \sum_i w_{k,i} g_i$, and "
            r"$\partial \operatorname{CE}/\partial z_k = \operatorname{softmax}_k - y_k$",
        ),
        Step(
            Tex(
                rf"-{ERROR_TEX} \sum_{{i=1}}^{{n}} w_{{1,i}} g_i "
                rf"+ {ERROR_TEX} \sum_{{i=1}}^{{n}} w_{{2,i}} g_i"
            ),
            r"$\partial \operatorname{CE}/\partial z_1 = -(\sigma(z_2 - z_1) - y)$ and "
            r"$\partial \operatorname{CE}/\partial z_2 = \sigma(z_2 - z_1) - y$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(
            Tex(rf"{ERROR_TEX} \sum_{{i=1}}^{{n}} (w_{{2,i}} - w_{{1,i}}) g_i"),
            r"collect; linearity of $\sum$",
        ),
        Step(
            Tex(r"\frac{d L_0}{d t}"),
            r"chain rule for network 0: $\partial \operatorname{BCE}(\sigma(u), y)/\partial u "
            r"= \sigma(u) - y$ with $u = z_2 - z_1$, and $du/dt = \sum_i (w_{2,i} - w_{1,i}) g_i$",
        ),
    ),
    where=(MOVED_1, MOVED_2, LOSS_0, LOSS_1),
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
    r"a difference of affine functions is affine: $z_2 - z_1 = \tilde z$, network 2's logit at "
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
    lhs=Tex(r"\sigma(z_2 - z_1)"),
    rhs=Tex(r"\sigma(\tilde z)"),
    steps=(
        Step(
            Tex(r"\operatorname{softmax}(z_1, z_2)_2"),
            r"$\sigma(z_2 - z_1) = \operatorname{softmax}(z_1, z_2)_2$: network 0 outputs "
            "network 1's class-2 probability",
            uses=("softmax2-sigmoid-second",),
        ),
        Step(
            Tex(r"\sigma(\tilde z)"),
            "every two-class softmax model is the logistic model at $w = w_2 - w_1$, "
            "$b = b_2 - b_1$",
            uses=("softmax2-class-is-logistic",),
        ),
    ),
    where=(UNIT_1, UNIT_2, UNIT_AT_D),
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
    where=(UNIT_0,),
    description=r"The other inclusion of network 0 $\equiv$ network 2 as function classes "
    "(network-0-is-network-2 gives the first). " + THEOREM_2,
    references=(GOODFELLOW_SOFTMAX, BISHOP_4_3_4),
)

NETWORK_2_GRADIENT_W = Derivation(
    name="network-2-gradient-w",
    title="Network 2's weight gradient: ∂L2/∂w_j = (σ(z) − y) a_j",
    lhs=Tex(r"\frac{\partial L_2}{\partial w_j}"),
    rhs=Tex(r"(\sigma(z) - y) a_j"),
    steps=(
        Step(
            Tex(r"(\sigma(z) - y) a_j"),
            r"chain rule: $\partial \operatorname{BCE}(\sigma(z), y)/\partial z = \sigma(z) - y$, "
            r"and $\partial z/\partial w_j = \sum_i \delta_{ij} a_i = a_j$ since $1 \le j \le n$",
            uses=("bce-sigmoid-gradient",),
        ),
    ),
    assumptions=INDEX_RANGE,
    where=NETWORK_2,
    description="The error times the input: the logistic-regression gradient, per example.",
    references=(BISHOP_4_3_2,),
)

NETWORK_2_GRADIENT_B = Derivation(
    name="network-2-gradient-b",
    title="Network 2's bias gradient: ∂L2/∂b = σ(z) − y",
    lhs=Tex(r"\frac{\partial L_2}{\partial b}"),
    rhs=Tex(r"\sigma(z) - y"),
    steps=(
        Step(
            Tex(r"\sigma(z) - y"),
            r"chain rule: $\partial \operatorname{BCE}(\sigma(z), y)/\partial z = \sigma(z) - y$, "
            r"and $\partial z/\partial b = 1$",
            uses=("bce-sigmoid-gradient",),
        ),
    ),
    where=NETWORK_2,
    description="The bias is the weight of a constant activation 1.",
    references=(BISHOP_4_3_2,),
)


def _gd_step(theta: Expr, loss: Expr, rate: Expr = eta, decay: Expr = 0) -> Expr:
    """One gradient-descent step θ − η(∂L/∂θ + λθ) of the objective L + λ/2 θ²."""
    return theta - rate * (Derivative(loss, theta) + decay * theta)


def _update(theta: str, loss: str, decay: bool = False) -> str:
    r"""LaTeX of one gradient-descent step of θ: ``θ - \eta \frac{∂L}{∂θ}`` (+ ``\lambda θ``)."""
    gradient = rf"\frac{{\partial {loss}}}{{\partial {theta}}}"
    if decay:
        return rf"{theta} - \eta\Bigl({gradient} + \lambda {theta}\Bigr)"
    return rf"{theta} - \eta {gradient}"


def _difference(first: str, second: str, loss: str = "L_0", decay: bool = False) -> str:
    r"""LaTeX of the second parameter's update minus the first's."""
    return (
        rf"\Bigl({_update(second, loss, decay)}\Bigr) - \Bigl({_update(first, loss, decay)}\Bigr)"
    )


def _total(first: str, second: str, loss: str, decay: bool = False) -> str:
    r"""LaTeX of the first parameter's update plus the second's."""
    return (
        rf"\Bigl({_update(first, loss, decay)}\Bigr) + \Bigl({_update(second, loss, decay)}\Bigr)"
    )


NETWORK_2_STEP = (
    r"$(\sigma(\tilde z) - y) a_j$ is network 2's gradient $\partial L_2/\partial w_j$ at "
    "$w = D$, $b = B$"
)

STEP_WEIGHTS = Derivation(
    name="networks-0-2-step-weights",
    title="A step of network 0 at rate η moves D = w2 − w1 as network 2 at rate 2η",
    lhs=Tex(_difference("w_{1,j}", "w_{2,j}")),
    rhs=Tex(r"w_{2,j} - w_{1,j} - 2\eta (\sigma(\tilde z) - y) a_j"),
    steps=(
        Step(
            Tex(
                r"w_{2,j} - w_{1,j} - \eta\Bigl(\frac{\partial L_0}{\partial w_{2,j}} "
                r"- \frac{\partial L_0}{\partial w_{1,j}}\Bigr)"
            ),
            r"subtract the two updates: "
            r"$D'_j = D_j - \eta(\partial L_0/\partial w_{2,j} - \partial L_0/\partial w_{1,j})$",
        ),
        Step(
            Tex(rf"w_{{2,j}} - w_{{1,j}} - \eta\bigl({ERROR_TEX} a_j + {ERROR_TEX} a_j\bigr)"),
            r"chain rule: $\partial L_0/\partial w_{2,j} = (\sigma(z_2 - z_1) - y) a_j$ and "
            r"$\partial L_0/\partial w_{1,j} = -(\sigma(z_2 - z_1) - y) a_j$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(
            Tex(rf"w_{{2,j}} - w_{{1,j}} - 2\eta {ERROR_TEX} a_j"),
            "the two gradients are opposite, so their difference is twice one of them",
        ),
        Step(
            Tex(r"w_{2,j} - w_{1,j} - 2\eta (\sigma(\tilde z) - y) a_j"),
            LOGIT_DIFFERENCE + "; " + NETWORK_2_STEP,
            uses=(FUNCTION_CLASS, "network-2-gradient-w"),
        ),
    ),
    assumptions=INDEX_RANGE,
    where=NETWORK_0_AS_2,
    description=THEOREM_2,
    references=(GOODFELLOW_SGD, GOODFELLOW_SOFTMAX, BISHOP_4_3_2),
)

STEP_BIAS = Derivation(
    name="networks-0-2-step-bias",
    title="A step of network 0 at rate η moves B = b2 − b1 as network 2 at rate 2η",
    lhs=Tex(_difference("b_1", "b_2")),
    rhs=Tex(r"b_2 - b_1 - 2\eta (\sigma(\tilde z) - y)"),
    steps=(
        Step(
            Tex(
                r"b_2 - b_1 - \eta\Bigl(\frac{\partial L_0}{\partial b_2} "
                r"- \frac{\partial L_0}{\partial b_1}\Bigr)"
            ),
            r"subtract the two updates: "
            r"$B' = B - \eta(\partial L_0/\partial b_2 - \partial L_0/\partial b_1)$",
        ),
        Step(
            Tex(rf"b_2 - b_1 - \eta\bigl({ERROR_TEX} + {ERROR_TEX}\bigr)"),
            r"chain rule: $\partial L_0/\partial b_2 = \sigma(z_2 - z_1) - y$ and "
            r"$\partial L_0/\partial b_1 = -(\sigma(z_2 - z_1) - y)$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(Tex(rf"b_2 - b_1 - 2\eta {ERROR_TEX}"), "the two gradients are opposite"),
        Step(
            Tex(r"b_2 - b_1 - 2\eta (\sigma(\tilde z) - y)"),
            LOGIT_DIFFERENCE + r"; $\sigma(\tilde z) - y$ is network 2's gradient "
            r"$\partial L_2/\partial b$ at $w = D$, $b = B$",
            uses=(FUNCTION_CLASS, "network-2-gradient-b"),
        ),
    ),
    where=NETWORK_0_AS_2,
    description=THEOREM_2,
    references=(GOODFELLOW_SGD, BISHOP_4_3_2),
)

GRADIENT_ACTIVATIONS_0_2 = Derivation(
    name="networks-0-2-gradient-activations",
    title="Network 0 passes the base the gradient of network 2 at w = D, b = B",
    lhs=Tex(r"\frac{\partial L_0}{\partial a_j}"),
    rhs=Tex(r"(\sigma(\tilde z) - y)(w_{2,j} - w_{1,j})"),
    steps=(
        Step(
            Tex(rf"{ERROR_TEX}(w_{{2,j}} - w_{{1,j}})"),
            r"chain rule: $\partial \operatorname{BCE}(\sigma(u), y)/\partial u = \sigma(u) - y$ "
            r"with $u = z_2 - z_1$, and $\partial u/\partial a_j = w_{2,j} - w_{1,j}$ "
            r"($\sum_i \delta_{ij} w_i = w_j$ since $1 \le j \le n$)",
        ),
        Step(
            Tex(r"(\sigma(\tilde z) - y)(w_{2,j} - w_{1,j})"),
            LOGIT_DIFFERENCE + r"; network 2 passes $\partial L_2/\partial a_j = "
            r"(\sigma(z) - y) w_j$, here at $w = D$, $b = B$",
            uses=(FUNCTION_CLASS,),
        ),
    ),
    assumptions=INDEX_RANGE,
    where=NETWORK_0_AS_2,
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
    lhs=Tex(_total("w_{1,j}", "w_{2,j}", "L_0")),
    rhs=Tex(r"w_{1,j} + w_{2,j}"),
    steps=(
        Step(
            Tex(
                r"w_{1,j} + w_{2,j} - \eta\Bigl(\frac{\partial L_0}{\partial w_{1,j}} "
                r"+ \frac{\partial L_0}{\partial w_{2,j}}\Bigr)"
            ),
            "add the two updates",
        ),
        Step(
            Tex(rf"w_{{1,j}} + w_{{2,j}} - \eta\bigl(-{ERROR_TEX} a_j + {ERROR_TEX} a_j\bigr)"),
            r"chain rule: $\partial L_0/\partial w_{1,j} = -(\sigma(z_2 - z_1) - y) a_j$ and "
            r"$\partial L_0/\partial w_{2,j} = (\sigma(z_2 - z_1) - y) a_j$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(Tex(r"w_{1,j} + w_{2,j}"), "the two gradients cancel"),
    ),
    assumptions=INDEX_RANGE,
    where=NETWORK_0,
    description=THEOREM_3,
    references=(GOODFELLOW_SOFTMAX, GOODFELLOW_SGD),
)

SUM_CONSERVED_0_BIAS = Derivation(
    name="sum-conserved-network-0-bias",
    title="Gradient descent conserves b1 + b2 in network 0",
    lhs=Tex(_total("b_1", "b_2", "L_0")),
    rhs=Tex(r"b_1 + b_2"),
    steps=(
        Step(
            Tex(
                r"b_1 + b_2 - \eta\Bigl(\frac{\partial L_0}{\partial b_1} "
                r"+ \frac{\partial L_0}{\partial b_2}\Bigr)"
            ),
            "add the two updates",
        ),
        Step(
            Tex(rf"b_1 + b_2 - \eta\bigl(-{ERROR_TEX} + {ERROR_TEX}\bigr)"),
            r"chain rule: $\partial L_0/\partial b_1 = -(\sigma(z_2 - z_1) - y)$ and "
            r"$\partial L_0/\partial b_2 = \sigma(z_2 - z_1) - y$",
            uses=("two-class-gradient-z1", "two-class-gradient-z2"),
        ),
        Step(Tex(r"b_1 + b_2"), "the two gradients cancel"),
    ),
    where=NETWORK_0,
    description=THEOREM_3,
    references=(GOODFELLOW_SOFTMAX, GOODFELLOW_SGD),
)

SUM_CONSERVED_1_WEIGHTS = Derivation(
    name="sum-conserved-network-1-weights",
    title="Gradient descent conserves w1 + w2 in network 1",
    lhs=Tex(_total("w_{1,j}", "w_{2,j}", "L_1")),
    rhs=Tex(r"w_{1,j} + w_{2,j}"),
    steps=(
        Step(
            Tex(_total("w_{1,j}", "w_{2,j}", "L_0")),
            "networks 0 and 1 have the same gradients",
            uses=("networks-0-1-gradient-w1", "networks-0-1-gradient-w2"),
        ),
        Step(
            Tex(r"w_{1,j} + w_{2,j}"),
            "network 0 conserves $w_1 + w_2$",
            uses=("sum-conserved-network-0-weights",),
        ),
    ),
    assumptions=INDEX_RANGE,
    where=NETWORKS_0_1,
    description=THEOREM_3,
    references=(GOODFELLOW_SOFTMAX, GOODFELLOW_SGD),
)

SUM_CONSERVED_1_BIAS = Derivation(
    name="sum-conserved-network-1-bias",
    title="Gradient descent conserves b1 + b2 in network 1",
    lhs=Tex(_total("b_1", "b_2", "L_1")),
    rhs=Tex(r"b_1 + b_2"),
    steps=(
        Step(
            Tex(_total("b_1", "b_2", "L_0")),
            "networks 0 and 1 have the same gradients",
            uses=("networks-0-1-gradient-b1", "networks-0-1-gradient-b2"),
        ),
        Step(
            Tex(r"b_1 + b_2"),
            "network 0 conserves $b_1 + b_2$",
            uses=("sum-conserved-network-0-bias",),
        ),
    ),
    where=NETWORKS_0_1,
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
    lhs=Tex(_difference("w_{1,j}", "w_{2,j}", decay=True)),
    rhs=Tex(
        r"w_{2,j} - w_{1,j} - 2\eta\Bigl((\sigma(\tilde z) - y) a_j "
        r"+ \frac{\lambda}{2} (w_{2,j} - w_{1,j})\Bigr)"
    ),
    steps=(
        Step(
            Tex(
                r"w_{2,j} - w_{1,j} - \eta\Bigl(\frac{\partial L_0}{\partial w_{2,j}} "
                r"- \frac{\partial L_0}{\partial w_{1,j}}\Bigr) - \eta\lambda (w_{2,j} - w_{1,j})"
            ),
            r"subtract the two updates; the decay terms combine into "
            r"$\eta\lambda(w_{2,j} - w_{1,j})$",
        ),
        Step(
            Tex(
                rf"w_{{2,j}} - w_{{1,j}} - 2\eta {ERROR_TEX} a_j "
                r"- \eta\lambda (w_{2,j} - w_{1,j})"
            ),
            r"$\partial L_0/\partial w_{2,j} - \partial L_0/\partial w_{1,j} "
            r"= 2(\sigma(z_2 - z_1) - y) a_j$, as without decay",
            uses=("networks-0-2-step-weights",),
        ),
        Step(
            Tex(
                r"w_{2,j} - w_{1,j} - 2\eta\Bigl((\sigma(\tilde z) - y) a_j "
                r"+ \frac{\lambda}{2} (w_{2,j} - w_{1,j})\Bigr)"
            ),
            LOGIT_DIFFERENCE
            + "; "
            + NETWORK_2_STEP
            + r"; and $\eta\lambda = 2\eta \cdot \lambda/2$",
            uses=(FUNCTION_CLASS, "network-2-gradient-w"),
        ),
    ),
    assumptions=INDEX_RANGE,
    where=NETWORK_0_AS_2,
    description=THEOREM_4,
    references=(GOODFELLOW_DECAY, GOODFELLOW_SGD),
)

DECAY_BIAS = Derivation(
    name="weight-decay-networks-0-2-bias",
    title="With weight decay, network 0 at (η, λ) moves B as network 2 at (2η, λ/2)",
    lhs=Tex(_difference("b_1", "b_2", decay=True)),
    rhs=Tex(r"b_2 - b_1 - 2\eta\Bigl(\sigma(\tilde z) - y + \frac{\lambda}{2} (b_2 - b_1)\Bigr)"),
    steps=(
        Step(
            Tex(
                r"b_2 - b_1 - \eta\Bigl(\frac{\partial L_0}{\partial b_2} "
                r"- \frac{\partial L_0}{\partial b_1}\Bigr) - \eta\lambda (b_2 - b_1)"
            ),
            r"subtract the two updates; the decay terms combine into $\eta\lambda(b_2 - b_1)$",
        ),
        Step(
            Tex(rf"b_2 - b_1 - 2\eta {ERROR_TEX} - \eta\lambda (b_2 - b_1)"),
            r"$\partial L_0/\partial b_2 - \partial L_0/\partial b_1 = 2(\sigma(z_2 - z_1) - y)$, "
            "as without decay",
            uses=("networks-0-2-step-bias",),
        ),
        Step(
            Tex(
                r"b_2 - b_1 - 2\eta\Bigl(\sigma(\tilde z) - y + \frac{\lambda}{2} (b_2 - b_1)\Bigr)"
            ),
            LOGIT_DIFFERENCE + r"; $\sigma(\tilde z) - y$ is network 2's gradient "
            r"$\partial L_2/\partial b$ there; and $\eta\lambda = 2\eta \cdot \lambda/2$",
            uses=(FUNCTION_CLASS, "network-2-gradient-b"),
        ),
    ),
    where=NETWORK_0_AS_2,
    description=THEOREM_4,
    references=(GOODFELLOW_DECAY, GOODFELLOW_SGD),
)


def _sum_decays(name: str, network: int, first: str, second: str, shown: str) -> Derivation:
    """S' = (1 − ηλ) S for the parameters ``first`` and ``second`` (LaTeX) of network 0 or 1.

    ``shown`` names the sum in the title.
    """
    loss = "L_0" if network == 0 else "L_1"
    total = rf"(1 - \eta\lambda)({first} + {second})"
    weights = first.startswith("w")
    kind = "weights" if weights else "bias"
    if network == 0:
        steps: tuple[Step, ...] = (
            Step(
                Tex(
                    rf"{total} - \eta\Bigl(\frac{{\partial L_0}}{{\partial {first}}} "
                    rf"+ \frac{{\partial L_0}}{{\partial {second}}}\Bigr)"
                ),
                r"add the two updates; the decay terms combine into $\eta\lambda S$",
            ),
            Step(
                Tex(total),
                "the two loss gradients cancel, as without decay",
                uses=(f"sum-conserved-network-0-{kind}",),
            ),
        )
    else:
        params = "w" if weights else "b"
        steps = (
            Step(
                Tex(_total(first, second, "L_0", decay=True)),
                "networks 0 and 1 have the same gradients",
                uses=(f"networks-0-1-gradient-{params}1", f"networks-0-1-gradient-{params}2"),
            ),
            Step(
                Tex(total),
                rf"in network 0, ${first} + {second}$ decays by $1 - \eta\lambda$",
                uses=(f"weight-decay-sum-network-0-{kind}",),
            ),
        )
    return Derivation(
        name=name,
        title=f"With weight decay, {shown} shrinks by 1 − ηλ per step in network {network}",
        lhs=Tex(_total(first, second, loss, decay=True)),
        rhs=Tex(total),
        steps=steps,
        assumptions=INDEX_RANGE if weights else (),
        where=NETWORK_0 if network == 0 else NETWORKS_0_1,
        description=THEOREM_4,
        references=(GOODFELLOW_DECAY, GOODFELLOW_SGD),
    )


DECAY_SUM_0_WEIGHTS = _sum_decays(
    "weight-decay-sum-network-0-weights", 0, "w_{1,j}", "w_{2,j}", "w1 + w2"
)
DECAY_SUM_0_BIAS = _sum_decays("weight-decay-sum-network-0-bias", 0, "b_1", "b_2", "b1 + b2")
DECAY_SUM_1_WEIGHTS = _sum_decays(
    "weight-decay-sum-network-1-weights", 1, "w_{1,j}", "w_{2,j}", "w1 + w2"
)
DECAY_SUM_1_BIAS = _sum_decays("weight-decay-sum-network-1-bias", 1, "b_1", "b_2", "b1 + b2")
