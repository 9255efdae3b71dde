"""The function-class theorem: differences of affine functions, two-class softmax, logistic.

For activations a = (a_1, ..., a_n), with n a symbol, the affine family
A = { a ↦ w·a + b } equals the family of differences
D = { a ↦ (w1·a + b1) − (w2·a + b2) }, where w·a = Σ_{i=1}^{n} w_i a_i.
A set equality is two inclusions, each shown by a witness: for every member
of one family, parameters of the other family giving the same function. Each
derivation below is one inclusion, stated for arbitrary parameters, with the
witness written into its right-hand side.

Corollary: the two-class softmax models { a ↦ softmax(W a + b)_2 } are exactly
the logistic models { a ↦ σ(w·a + b) }. The classes coincide; the parameters
need not: the map (w1, b1, w2, b2) ↦ (w2 − w1, b2 − b1) is many-to-one.
"""

from softsym import Derivation, Step, Tex, Where

UNIT_1 = Where("z1", Tex(r"\sum_{i=1}^{n} w_{1,i} a_i + b_1"))
UNIT_2 = Where("z2", Tex(r"\sum_{i=1}^{n} w_{2,i} a_i + b_2"))
SHIFT = Where("u", Tex(r"\sum_{i=1}^{n} c_i a_i + d"))
"""The affine function (c, d) added to both units."""
LOGISTIC_AT_DIFFERENCE = r"\sigma\Bigl(\sum_{i=1}^{n} (w_{2,i} - w_{1,i}) a_i + (b_2 - b_1)\Bigr)"
"""The logistic model at the witness w = w2 − w1, b = b2 − b1."""
AFFINE = r"\sum_{i=1}^{n} w_i a_i + b"
ZERO_UNIT = r"\sum_{i=1}^{n} 0 \cdot a_i + 0"
"""The affine function with weights 0 and bias 0."""


UFLDL = (
    "UFLDL Tutorial, Softmax Regression: Relationship to Logistic Regression, "
    "and Properties of softmax regression parameterization"
)
D2L = "d2l.ai, Linear Neural Networks for Classification, §4.1 Softmax Regression"
BISHOP = "Bishop, Pattern Recognition and Machine Learning, §4.3.4, eq. 4.104-4.106"

DIFFERENCE_IS_AFFINE = Derivation(
    name="difference-of-affine-is-affine",
    title="A ⊇ D: a difference of two affine functions is affine, "
    "with witness w = w1 − w2, b = b1 − b2",
    lhs=Tex(
        r"\Bigl(\sum_{i=1}^{n} w_{1,i} a_i + b_1\Bigr) "
        r"- \Bigl(\sum_{i=1}^{n} w_{2,i} a_i + b_2\Bigr)"
    ),
    rhs=Tex(r"\sum_{i=1}^{n} (w_{1,i} - w_{2,i}) a_i + (b_1 - b_2)"),
    steps=(
        Step(
            Tex(r"\sum_{i=1}^{n} (w_{1,i} a_i - w_{2,i} a_i) + (b_1 - b_2)"),
            r"two sums over the same range $i = 1, \ldots, n$ combine into one",
        ),
        Step(
            Tex(r"\sum_{i=1}^{n} (w_{1,i} - w_{2,i}) a_i + (b_1 - b_2)"),
            "factor out $a_i$: the affine function with weights $w_{1,i} - w_{2,i}$ and bias "
            "$b_1 - b_2$",
        ),
    ),
    description="For every $(w_1, b_1, w_2, b_2)$ the difference model equals the affine model "
    "at $(w, b) = (w_1 - w_2, b_1 - b_2)$, for every number $n$ of activations.",
    references=(UFLDL, BISHOP),
)

AFFINE_IS_DIFFERENCE = Derivation(
    name="affine-is-difference-of-affine",
    title="A ⊆ D: an affine function is a difference of two, "
    "with witness w1 = w, b1 = b, w2 = 0, b2 = 0",
    lhs=Tex(AFFINE),
    rhs=Tex(rf"\Bigl({AFFINE}\Bigr) - \Bigl({ZERO_UNIT}\Bigr)"),
    steps=(
        Step(
            Tex(rf"\Bigl({AFFINE}\Bigr) - \Bigl({ZERO_UNIT}\Bigr)"),
            "subtract the affine function with weights 0 and bias 0, which is 0",
        ),
    ),
    description="For every $(w, b)$ the affine model equals the difference model at "
    "$(w_1, b_1, w_2, b_2) = (w, b, 0, 0)$. With the other inclusion, $A = D$.",
    references=(UFLDL, BISHOP),
)

SOFTMAX2_IS_LOGISTIC = Derivation(
    name="softmax2-class-is-logistic",
    title="Every two-class softmax model is a logistic model, with witness w = w2 − w1, "
    "b = b2 − b1",
    lhs=Tex(r"\operatorname{softmax}(z_1, z_2)_2"),
    rhs=Tex(LOGISTIC_AT_DIFFERENCE),
    steps=(
        Step(
            Tex(r"\sigma(z_2 - z_1)"),
            r"$\operatorname{softmax}(z_1, z_2)_2 = \sigma(z_2 - z_1)$",
            uses=("softmax2-sigmoid-second",),
        ),
        Step(
            Tex(LOGISTIC_AT_DIFFERENCE),
            r"a difference of two affine functions is affine ($A \supseteq D$, with the units "
            "swapped)",
            uses=("difference-of-affine-is-affine",),
        ),
    ),
    where=(UNIT_1, UNIT_2),
    description="The rows of $W$ are $w_1, w_2$ and $b = (b_1, b_2)$; the model's class-2 "
    "probability is the logistic model at $(w_2 - w_1, b_2 - b_1)$.",
    references=(UFLDL, D2L, BISHOP),
)

LOGISTIC_IS_SOFTMAX2 = Derivation(
    name="logistic-class-is-softmax2",
    title="Every logistic model is a two-class softmax model, with witness W = (0; w), b = (0, b)",
    lhs=Tex(rf"\sigma\Bigl({AFFINE}\Bigr)"),
    rhs=Tex(rf"\operatorname{{softmax}}\Bigl({ZERO_UNIT}, {AFFINE}\Bigr)_2"),
    steps=(
        Step(
            Tex(rf"\sigma\Bigl(\Bigl({AFFINE}\Bigr) - \Bigl({ZERO_UNIT}\Bigr)\Bigr)"),
            r"an affine function is a difference of two, the second being 0 ($A \subseteq D$)",
            uses=("affine-is-difference-of-affine",),
        ),
        Step(
            Tex(rf"\operatorname{{softmax}}\Bigl({ZERO_UNIT}, {AFFINE}\Bigr)_2"),
            r"$\sigma(z_2 - z_1) = \operatorname{softmax}(z_1, z_2)_2$, with first unit "
            r"$0 \cdot a + 0$",
            uses=("softmax2-sigmoid-second",),
        ),
    ),
    description="With the previous derivation: the two-class softmax class and the logistic "
    "class are the same set of functions of $a$.",
    references=(UFLDL, D2L, BISHOP),
)

SOFTMAX2_NOT_IDENTIFIABLE = Derivation(
    name="softmax2-not-identifiable",
    title="Two-class softmax parameters are not identifiable: adding (c, d) to both units "
    "changes nothing",
    lhs=Tex(r"\operatorname{softmax}(z_1 + u, z_2 + u)_2"),
    rhs=Tex(r"\operatorname{softmax}(z_1, z_2)_2"),
    steps=(
        Step(
            Tex(r"\sigma\bigl((z_2 + u) - (z_1 + u)\bigr)"),
            r"$\operatorname{softmax}(z_1, z_2)_2 = \sigma(z_2 - z_1)$",
            uses=("softmax2-sigmoid-second",),
        ),
        Step(
            Tex(r"\sigma(z_2 - z_1)"),
            "$u$, and with it $c_i a_i$ and $d$, cancels in the difference of the two units",
        ),
        Step(
            Tex(r"\operatorname{softmax}(z_1, z_2)_2"),
            r"$\sigma(z_2 - z_1) = \operatorname{softmax}(z_1, z_2)_2$",
            uses=("softmax2-sigmoid-second",),
        ),
    ),
    where=(UNIT_1, UNIT_2, SHIFT),
    description=r"$(w_1, b_1, w_2, b_2) \mapsto (w_2 - w_1, b_2 - b_1)$ is many-to-one: "
    r"$(w_1 + c, b_1 + d, w_2 + c, b_2 + d)$ gives the same model for every $c$ in $\mathbb{R}^n$ "
    r"and $d$ in $\mathbb{R}$. Must the two units' linear expressions take the same values? No: "
    "the classes coincide, the parameters need not.",
    references=(UFLDL, BISHOP),
)
