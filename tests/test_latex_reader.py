r"""Tests of softsym.lang.latex: exact readings of LaTeX, misreads that must not happen."""

from __future__ import annotations

import contextlib
import time

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import (
    Derivative,
    E,
    Function,
    IndexedBase,
    KroneckerDelta,
    Rational,
    Sum,
    Symbol,
    exp,
    log,
    tanh,
)

from softsym.decide import check
from softsym.errors import LatexReadError, ParseError
from softsym.lang.functions import (
    binary_cross_entropy,
    logsumexp,
    sigmoid,
    softmax_component,
    softplus,
)
from softsym.lang.latex import (
    DefinitionHead,
    TexContext,
    TexSegment,
    definition_head,
    mixed_roles,
    read_latex,
    read_sides,
    split_relations,
)
from softsym.lang.symbols import real_symbols
from softsym.verdict import Status

a, b, c, x, y, z, f_, p, w = real_symbols("a b c x y z f p w")
z1, z2, yhat, sigma, L_CE = real_symbols("z1 z2 yhat sigma L_CE")
i, j, k, K, n, N = sympy.symbols("i j k K n N", integer=True)
zz = IndexedBase("z", real=True)
yy = IndexedBase("y", real=True)
pp = IndexedBase("p", real=True)
f = Function("f", real=True)


def _read(source: str, context: TexContext | None = None) -> sympy.Expr:
    return read_latex(source, context).expr


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\frac{1}{1 + e^{-x}}", 1 / (1 + exp(-x))),
        (r"\dfrac{a}{b} + \tfrac{1}{2}", a / b + Rational(1, 2)),
        (r"{a \over b}", a / b),
        (r"\frac12", Rational(1, 2)),
        (r"a \cdot b", a * b),
        (r"a \times b", a * b),
        (r"a.b", a * b),
        (r"2\sigma(2z) - 1", 2 * sigmoid(2 * z) - 1),
        (r"\left(1 + e^{-z}\right)^{-1}", 1 / (1 + exp(-z))),
        (r"\Big( x + 1 \Big)^2", (x + 1) ** 2),
        (r"\bigl[x + 1\bigr] y", (x + 1) * y),
        (r"\{ x + 1 \} y", (x + 1) * y),
        (r"\sqrt{x}", sympy.sqrt(x)),
        (r"\sqrt[3]{x}", sympy.root(x, 3)),
        ("1 \u2212 x", 1 - x),
        (r"-1(x + 1)", -(x + 1)),
        (r"\exp(x)", exp(x)),
        (r"\exp x", exp(x)),
        (r"\mathrm{e}^{x}", exp(x)),
        (r"\log x", log(x)),
        (r"\ln(x)", log(x)),
        (r"\log_2 x", log(x, 2)),
        (r"\tanh(z)", tanh(z)),
        (r"tanh(z)", tanh(z)),
        (r"\max(0, z)", sympy.Max(0, z)),
        (r"|x|", sympy.Abs(x)),
        (r"\left| x \right|", sympy.Abs(x)),
        (r"\sigma(z)", sigmoid(z)),
        (r"\operatorname{sigmoid}(z)", sigmoid(z)),
        (r"\mathrm{softplus}(z)", softplus(z)),
        (r"\operatorname{softmax}(z_1, z_2)_1", softmax_component(1, z1, z2)),
        (r"\operatorname{logsumexp}(z_1, z_2)", logsumexp(z1, z2)),
        (r"\operatorname{BCE}(p, y)", binary_cross_entropy(p, y)),
        (r"\operatorname{softmax}(\mathbf{z})_j", exp(zz[j]) / Sum(exp(zz[k]), (k, 1, K))),
        (r"\operatorname{LSE}(\mathbf z)", log(Sum(exp(zz[k]), (k, 1, K)))),
        (r"\text{softmax}(z_1, \ldots, z_K)_j", exp(zz[j]) / Sum(exp(zz[k]), (k, 1, K))),
        (r"\sum_{j=1}^{K} e^{z_j}", Sum(exp(zz[j]), (j, 1, K))),
        (r"\sum_j y_j \log p_j", Sum(yy[j] * log(pp[j]), (j, 1, K))),
        (r"\sum_{k=1}^K z_k + z_1", Sum(zz[k], (k, 1, K)) + zz[1]),
        (r"\prod_{i=1}^{n} x_i", sympy.Product(IndexedBase("x", real=True)[i], (i, 1, n))),
        (r"\frac{1}{N}\sum_{i=1}^{N} z_i", Sum(zz[i], (i, 1, N)) / N),
        (r"\delta_{ij}", KroneckerDelta(i, j)),
        (r"\delta_{i j} z_i", KroneckerDelta(i, j) * zz[i]),
        (r"\delta_{i,j} + \delta_i", KroneckerDelta(i, j) + IndexedBase("delta", real=True)[i]),
        (r"z_1 + z_2", z1 + z2),
        (r"z1 + z2", z1 + z2),
        (r"{w_{1}}_{i}", IndexedBase("w1", real=True)[i]),
        (r"\hat{y} - y", yhat - y),
        (r"\mathbf{z} + \boldsymbol{z}", 2 * z),
        (r"L_{\text{CE}}", L_CE),
        (r"\frac{d}{dx} \sigma(x)", Derivative(sigmoid(x), x)),
        (r"\frac{\mathrm{d}}{\mathrm{d}x} \sigma(x)", Derivative(sigmoid(x), x)),
        (r"\frac{d\sigma}{dz}", Derivative(sigmoid(z), z)),
        (r"\frac{\partial}{\partial z_j} z_j^2", Derivative(zz[j] ** 2, zz[j])),
        (r"\partial_{z} \log(1 + e^z)", Derivative(log(1 + exp(z)), z)),
        (r"\nabla_{z} z^2", Derivative(z**2, z)),
        (r"\sigma'(z)", Derivative(sigmoid(z), z)),
        ("\\sigma\u2019(z)", Derivative(sigmoid(z), z)),
        (r"f'(x)", Derivative(f(x), x)),
        (r"x^{(i)}", Symbol("x^(i)", real=True)),
        (r"\text{for all } x", x),
        (r"x \quad \label{eq:1} \nonumber", x),
        (r"\tag{3} x,", x),
        (r"x.", x),
        (r"0.5", Rational(1, 2)),
        (r"2.718282", Rational(1359141, 500000)),
        (r"e", E),
        (r"\cosh^{2}{\left(\frac{z}{2} \right)}", sympy.cosh(z / 2) ** 2),
        (r"\log{\left(x \right)}", log(x)),
        (r"\mathopen{}\left(x + 1\right)\mathclose{} y", (x + 1) * y),
        (r"e^{z_1} + e^{z_2} + \cdots + e^{z_K}", Sum(exp(zz[k]), (k, 1, K))),
        (r"y_1 \log p_1 + \dots + y_n \log p_n", Sum(yy[k] * log(pp[k]), (k, 1, n))),
        (r"\text{tanh}(z)", tanh(z)),
        (r"\mathcal{L} - L", Symbol("L_cal", real=True) - Symbol("L", real=True)),
        (r"theta + \theta", 2 * Symbol("theta", real=True)),
        (r"\ell(\mathbf z, y)", Function("ell", real=True)(z, y)),
        (r"z^2_j + z_j^2", 2 * zz[j] ** 2),
        (
            r"\hat{y_j} - \hat{y}_i",
            IndexedBase("yhat", real=True)[j] - IndexedBase("yhat", real=True)[i],
        ),
        (r"\mathbf{z_j}", zz[j]),
        (r"x \text{ for } i", x),
        (r"\sum_{j \ne i}^{K} z_j", Sum(zz[j], (j, 1, K)) - zz[i]),
        (r"z\_j \* y\_{i}", zz[j] * yy[i]),
        (r"\sum^{K}_{k=1} z_k", Sum(zz[k], (k, 1, K))),
        (r"\sigma_j + \sigma(z)", IndexedBase("sigma", real=True)[j] + sigmoid(z)),
        (r"\partial L/\partial z", Derivative(Function("L", real=True)(z), z)),
        (r"dy/dx", Derivative(Function("y", real=True)(x), x)),
        (r"d/dx \sigma(x)", Derivative(sigmoid(x), x)),
        (r"\frac{\delta L}{\delta w}", Derivative(Function("L", real=True)(w), w)),
        (r"\frac{\partial^2}{\partial x^2} x^3", Derivative(x**3, x, x)),
    ],
)
def test_reads(source: str, expected: sympy.Expr) -> None:
    """Each construct reads as exactly the expected SymPy expression."""
    assert _read(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"f(1 - f)", f_ * (1 - f_)),
        (r"a(b + c)", a * (b + c)),
        (r"\sigma(1 - \sigma)", sigma * (1 - sigma)),
    ],
)
def test_ambiguous_readings_are_recorded(source: str, expected: sympy.Expr) -> None:
    """An unknown letter before parentheses multiplies; the application is an alternative."""
    reading = read_latex(source)
    assert reading.expr == expected
    assert len(reading.alternatives) == 1
    assert reading.alternatives[0] != expected
    assert any("could be a function application" in note for note in reading.notes)


def test_a_defined_function_before_parentheses_is_applied() -> None:
    """With f(x) := x^2 known, f(1 - f) applies f; the product is the alternative."""
    ctx = TexContext().define(DefinitionHead("f", ("x",)), x**2)
    reading = read_latex("f(1 - f)", ctx)
    assert reading.expr == (1 - x**2) ** 2
    assert reading.alternatives == (x**2 * (1 - x**2),)


def test_definitions_are_used() -> None:
    """Functions, values and indexed values defined before are substituted."""
    ctx = TexContext()
    ctx = ctx.define(definition_head("f(x)"), _read(r"\frac{1}{1+e^{-x}}"))
    ctx = ctx.define(definition_head("L"), _read(r"a + b"))
    ctx = ctx.define(definition_head("p_j"), _read(r"\frac{e^{z_j}}{\sum_k e^{z_k}}"))
    assert _read("f(2z)", ctx) == 1 / (1 + exp(-2 * z))
    assert _read("f'(x)", ctx) == Derivative(1 / (1 + exp(-x)), x)
    assert _read(r"\frac{df}{dx}", ctx) == Derivative(1 / (1 + exp(-x)), x)
    assert _read("2L", ctx) == 2 * (a + b)
    assert _read("p_i", ctx) == exp(zz[i]) / Sum(exp(zz[k]), (k, 1, K))
    assert _read("p_2", ctx) == exp(zz[2]) / Sum(exp(zz[k]), (k, 1, K))


def test_a_word_before_parentheses_is_a_function() -> None:
    """relu(z) names a function (defined or not); a b c (z) with spaces stays a product."""
    ctx = TexContext().define(definition_head("relu(z)"), _read(r"\max(0, z)"))
    assert _read("relu(x) - relu(-x)", ctx) == sympy.Max(0, x) - sympy.Max(0, -x)
    assert _read("loss(x)") == Function("loss", real=True)(x)
    assert _read("xy(z + 1)") == x * y * (z + 1)


def test_vector_parameter_is_renamed() -> None:
    r"""\ell(\mathbf z, y) applied to (\mathbf o, t) renames the family and the symbol."""
    head = definition_head(r"\ell(\mathbf{z}, y)")
    ctx = TexContext().define(head, _read(r"-y \log \operatorname{softmax}(\mathbf z)_1"))
    oo = IndexedBase("o", real=True)
    t = Symbol("t", real=True)
    expected = -t * log(exp(oo[1]) / Sum(exp(oo[k]), (k, 1, K)))
    assert _read(r"\ell(\mathbf{o}, t)", ctx) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("f(x)", DefinitionHead("f", ("x",))),
        (r"\sigma(z)", DefinitionHead("sigma", ("z",))),
        ("p_j", DefinitionHead("p", (), ("j",))),
        ("L", DefinitionHead("L")),
        (r"\ell(\mathbf{z}, y)", DefinitionHead("ell", ("z", "y"))),
        ("g(x, y)", DefinitionHead("g", ("x", "y"))),
        (r"L_{\text{CE}}", DefinitionHead("L_CE")),
        ("relu(z)", DefinitionHead("relu", ("z",))),
        ("2x", None),
        ("f(x + 1)", None),
        ("e", None),
    ],
)
def test_definition_head(source: str, expected: DefinitionHead | None) -> None:
    """Plain heads are read with their parameters and indices; anything else is None."""
    assert definition_head(source) == expected


def test_ranges_and_class_count() -> None:
    r"""\sum_j takes its range from the context; the default is 1..K."""
    assert _read(r"\sum_j z_j") == Sum(zz[j], (j, 1, K))
    three = TexContext().with_class_count(3)
    assert _read(r"\sum_j z_j", three) == Sum(zz[j], (j, 1, 3))
    ranged = TexContext().with_range("j", 0, n)
    assert _read(r"\sum_j z_j", ranged) == Sum(zz[j], (j, 0, n))


def test_symbol_kinds() -> None:
    """A declared kind changes the symbol; e declared as a variable is no longer Euler's number."""
    ctx = TexContext().with_symbol_kind("e", "real").with_symbol_kind("t", "positive")
    assert _read("e + t", ctx) == Symbol("e", real=True) + Symbol("t", positive=True)


def test_a_declared_sigma_is_a_variable() -> None:
    r"""With sigma declared a real symbol, \sigma(z) is a product, not the sigmoid."""
    ctx = TexContext().with_symbol_kind("sigma", "real")
    assert _read(r"\sigma(z)", ctx) == sigma * z


def test_notes_say_what_was_assumed() -> None:
    """Euler's number and a default sum range are stated in the notes."""
    notes = read_latex(r"\sum_j e^{z_j}").notes
    assert "e read as Euler's number" in notes
    assert "\\sum_j read as j = 1..K" in notes


def test_indexed_context_reads_numbered_subscripts_as_entries() -> None:
    """Once z is a family, z_1 is z[1]: the same variable as z_k at k = 1."""
    ctx = TexContext().with_indexed("z")
    assert _read("z_1", ctx) == zz[1]


def test_macros() -> None:
    r"""\newcommand, \def and \DeclareMathOperator are expanded."""
    doc = (
        r"\newcommand{\sm}{\operatorname{softmax}} \newcommand\sq[1]{#1^2}"
        r"\renewcommand{\p}[2][x]{#1+#2} \def\half#1{\frac{#1}{2}}"
        r"\DeclareMathOperator{\Lse}{LSE}"
    )
    ctx = TexContext().with_macros(doc)
    assert _read(r"\sm(\mathbf z)_j", ctx) == exp(zz[j]) / Sum(exp(zz[k]), (k, 1, K))
    assert _read(r"\sq{y}", ctx) == y**2
    assert _read(r"\p{y}", ctx) == x + y
    assert _read(r"\p[a]{b}", ctx) == a + b
    assert _read(r"\half{z}", ctx) == z / 2
    assert _read(r"\Lse(\mathbf z)", ctx) == log(Sum(exp(zz[k]), (k, 1, K)))


def test_domain_is_recorded_before_simplification() -> None:
    r"""e^{\log x} is x, defined only where x > 0."""
    reading = read_latex(r"e^{\log x}")
    assert reading.expr == x
    assert ("positive", x) in reading.domain


def test_read_sides_shares_integer_symbols() -> None:
    """An index in one side is the same integer symbol in the other."""
    left, right = read_sides(r"\sum_{i=1}^{n} 1", "n")
    assert left.expr == Sum(1, (i, 1, n))
    assert right.expr == n


# --- misreads that would turn a false step into a proved one (must fail) ------------


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        ("K_i + k_i", "2k_i"),  # K and k are different symbols
        (r"\log 100", "2"),  # log is natural, not base 10
        ("e", "2.718282"),  # numbers are exact, e is Euler's number
        ("f'(x)", "f(x)"),  # the prime is not dropped
        (r"2\sigma(2z)", r"2 \cdot 2z \sigma"),  # a function application, not a product
        ("tanh(z)", "a n t h z"),  # a known word, not letters
        ("-1(x + 1)", "-1"),  # a product, not a bare number
        (r"\frac{dy}{dx}", "0"),  # y is an unknown function of x, not a constant
        (r"\tanh(z)", r"2\sigma(z) - 1"),  # the README error of issue 10
        (r"\frac{d}{dz}\sigma(z)", r"\sigma(z)(1 + \sigma(z))"),  # a sign slip
        (r"z^{(i)}", "z^i"),  # a sample label, not a power
        ("dy/dx", "y/x"),  # an inline derivative, not d*y/(d*x)
        (r"\hat{y_j}", r"\hat{y_i}"),  # the subscript inside the accent is kept
        (r"\mathbf{z_j}", r"\mathbf{z_i}"),  # likewise inside a style
        (r"x \text{ for } i", r"x i"),  # prose ends the formula, it is no factor
        (r"\frac{\delta L}{\delta w}", "L/w"),  # a variation, not delta*L/(delta*w)
        (r"\partial L/\partial w", "L/w"),  # likewise with partial
        (r"\mathcal{L}", "L"),  # a calligraphic L is another name
        (r"\sigma(1 - \sigma)", r"\sigma(z)(1 - \sigma(z))"),  # bare sigma is not sigma(z)
    ],
)
def test_false_steps_are_not_proved(lhs: str, rhs: str) -> None:
    """Each of these equalities is false as written; reading must not make it provable."""
    left, right = read_sides(lhs, rhs)
    verdict = check(left.expr, right.expr)
    assert verdict.status is not Status.PROVED, (left.expr, right.expr)


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (r"\tanh(z)", r"2\sigma(2z) - 1"),
        (r"\frac{d}{dz}\sigma(z)", r"\sigma(z)(1 - \sigma(z))"),
        (r"\log \sum_{k=1}^K e^{z_k + c}", r"\log \sum_{k} e^{z_k} + c"),
        (r"\log_2 8", "3"),
        (r"\sigma(-z)", r"1 - \sigma(z)"),
    ],
)
def test_true_steps_are_proved(lhs: str, rhs: str) -> None:
    """The control group: true steps read from LaTeX are proved."""
    left, right = read_sides(lhs, rhs)
    assert check(left.expr, right.expr, ["K >= 1"]).status is Status.PROVED


def test_general_k_derivatives_are_proved() -> None:
    """Softmax is the gradient of logsumexp, and dz_i/dz_j is delta_ij, read from LaTeX."""
    pairs = [
        (r"\frac{\partial z_i}{\partial z_j}", r"\delta_{ij}"),
        (
            r"\frac{\partial}{\partial z_j} \log \sum_k e^{z_k}",
            r"\operatorname{softmax}(\mathbf z)_j",
        ),
    ]
    for lhs, rhs in pairs:
        left, right = read_sides(lhs, rhs)
        verdict = check(left.expr, right.expr, ["K >= 1", "1 <= j", "j <= K"])
        assert verdict.status is Status.PROVED, (lhs, verdict.reason)


# --- errors ---------------------------------------------------------------------------


def test_error_names_column_and_expectation() -> None:
    """An unclosed brace points at the end and says what was expected."""
    with pytest.raises(LatexReadError) as info:
        read_latex(r"\frac{1}{1+e^{-x}")
    assert str(info.value) == (r"column 18: expected '}' after '\frac{1}{1+e^{-x}' (got the end)")
    assert info.value.position == 17
    assert info.value.expected == "'}'"
    assert isinstance(info.value, ParseError)


@pytest.mark.parametrize(
    ("source", "position"),
    [
        ("", 0),
        ("x +", 3),
        (r"\foo x", 0),
        ("1/0", 1),
        ("x = y", 2),
        (r"\sqrt{x", 7),
        (r"\sum z_k", 5),
        (r"\sigma^{-1}(p)", 6),
        (r"\int x", 0),
        (r"\operatorname{softmax}(\mathbf z)", 33),
        (r"\mathbf{w}^T \mathbf{x}", 11),
        (r"z_1 + z_3 + \cdots + z_K", 12),
        (r"x_1 + \cdots", 12),
        (r"\frac{\Delta y}{\Delta x}", 0),
        (r"\hat{y + 1}", 7),
        (r"\mathbb{E}[x]", 0),
    ],
)
def test_unreadable_input_is_an_error(source: str, position: int) -> None:
    """Unreadable input is a LatexReadError at the right position, never a number."""
    with pytest.raises(LatexReadError) as info:
        read_latex(source)
    assert info.value.position == position


def test_hostile_input_fails_fast() -> None:
    """Deep nesting, huge input and a recursive macro give a clear error quickly."""
    recursive = TexContext().with_macros(r"\def\a{\a\a}")
    cases = [
        ("{" * 10_000 + "x" + "}" * 10_000, None),
        ("{" * 5_000 + "x" + "}" * 5_000, None),
        ("(" * 3_000 + "x" + ")" * 3_000, None),
        ("x+" * 50_000 + "x", None),
        (r"\a", recursive),
    ]
    for source, ctx in cases:
        start = time.perf_counter()
        with pytest.raises(LatexReadError):
            read_latex(source, ctx)
        assert time.perf_counter() - start < 5


def test_nothing_is_executed() -> None:
    """Python in the input is just unreadable math."""
    with pytest.raises(LatexReadError):
        read_latex("__import__('os').system('true')")


# --- relations ------------------------------------------------------------------------


def test_split_relations_kinds() -> None:
    """Every relation kind is reported; nested = signs are not relations."""
    row = (
        r"f(x) := \sum_{j=1}^{K} y_j = a \approx b \le c < d \ge e > g \ne h"
        r" \to 0 \propto m \implies q \equiv r \stackrel{\text{def}}{=} s"
    )
    kinds = [s.relation for s in split_relations(row)]
    assert kinds == [
        "def",
        "eq",
        "approx",
        "le",
        "lt",
        "ge",
        "gt",
        "ne",
        "to",
        "propto",
        "implies",
        "def",
        "def",
        None,
    ]


def test_split_relations_positions_and_empty_ends() -> None:
    """Pieces carry their offsets; a leading or trailing relation gives an empty piece."""
    assert split_relations("= a + b =") == (
        TexSegment("", 0, 0, "eq"),
        TexSegment("a + b", 2, 7, "eq"),
        TexSegment("", 9, 9, None),
    )
    assert split_relations(r"\left( a = b \right) = c") == (
        TexSegment(r"\left( a = b \right)", 0, 20, "eq"),
        TexSegment("c", 23, 24, None),
    )


_PIECES = [
    r"\frac",
    r"\sum",
    "_",
    "^",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "|",
    "x",
    "y",
    "z",
    "e",
    "1",
    "0.5",
    "+",
    "-",
    "/",
    r"\cdot",
    r"\sigma",
    r"\log",
    r"\exp",
    r"\partial",
    r"\nabla",
    "d",
    "'",
    ",",
    r"\left(",
    r"\right)",
    r"\sqrt",
    r"\hat",
    r"\mathbf",
    r"\operatorname{softmax}",
    r"\text{ for }",
    "=",
    r"\ldots",
    r"\delta",
    "i",
    "j",
    "k",
    "K",
    r"\max",
    r"\mathbb{1}",
    r"\over",
    " ",
    r"\Delta",
    "f",
    "relu",
    r"\ne",
    r"\mathrm{d}",
    r"\{",
    ".",
    "&",
    "%",
    "\u2212",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
def test_any_token_soup_reads_or_fails_cleanly(pieces: list[str]) -> None:
    """Random LaTeX pieces give a reading or a LatexReadError, never another exception."""
    source = "".join(pieces)
    ctx = TexContext().define(DefinitionHead("f", ("x",)), x**2)
    for context in (None, ctx):
        with contextlib.suppress(LatexReadError):
            read_latex(source, context)
    split_relations(source)
    definition_head(source)


# --- sums over all but one index, ranged max, wrappers, vectors ------------------------


@pytest.mark.parametrize(
    "source",
    [
        r"\sum_{j \ne i} z_j",
        r"\sum_{j\neq i} z_j",
        r"\sum_{j \neq i}^{K} z_j",
        r"\sum_{j=1, j \ne i}^{K} z_j",
        r"\sum_{j=1,\, j\neq i}^{K} z_j",
        r"\sum_{\substack{j=1 \\ j \ne i}}^{K} z_j",
        r"\sum_{j : j \ne i} z_j",
    ],
)
def test_sum_over_all_but_one_index(source: str) -> None:
    r"""``\sum_{j \ne i}`` in its spellings is the whole sum minus the term j = i."""
    assert _read(source) == Sum(zz[j], (j, 1, K)) - zz[i]


def test_softmax_over_all_but_one_class_is_proved() -> None:
    r"""Must pass: Σ_{j≠i} softmax_j = 1 − softmax_i for i in 1..K."""
    left, right = read_sides(
        r"\sum_{j \ne i} \operatorname{softmax}(\mathbf z)_j",
        r"1 - \operatorname{softmax}(\mathbf z)_i",
    )
    verdict = check(left.expr, right.expr, ["K >= 1", "1 <= i", "i <= K"])
    assert verdict.status is Status.PROVED, verdict.reason


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (r"\sum_{j \ne i} \operatorname{softmax}(\mathbf z)_j", "1"),
        (r"\sum_{j \ne i} e^{z_j}", r"\sum_{k=1}^{K} e^{z_k}"),
        (
            r"\sum_{j \ne i} \operatorname{softmax}(\mathbf z)_j",
            r"1 - \operatorname{softmax}(\mathbf z)_j",
        ),
    ],
)
def test_sum_over_all_but_one_wrong_steps_are_not_proved(lhs: str, rhs: str) -> None:
    r"""Must fail: the excluded term is not forgotten."""
    left, right = read_sides(lhs, rhs)
    verdict = check(left.expr, right.expr, ["K >= 2", "1 <= i", "i <= K"])
    assert verdict.status is not Status.PROVED, (left.expr, right.expr)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\max_{k=1}^{3} z_k", sympy.Max(zz[1], zz[2], zz[3])),
        (r"\max_{k=1}^{2} (z_k + 1)", sympy.Max(zz[1] + 1, zz[2] + 1)),
        (r"\min_{j=1}^{2} z_j^2 - 1", sympy.Min(zz[1] ** 2, zz[2] ** 2) - 1),
        (r"\max^{3}_{k=2} z_k", sympy.Max(zz[2], zz[3])),
    ],
)
def test_max_over_a_numeric_range(source: str, expected: sympy.Expr) -> None:
    r"""``\max_{k=1}^{3} z_k`` is the Max of the terms written out."""
    assert _read(source) == expected


def test_max_over_the_class_count_when_it_is_a_number() -> None:
    r"""``\max_j z_j`` runs over the context's range: 1..3 with three classes."""
    ctx = TexContext().with_class_count(3)
    assert _read(r"\max_j z_j", ctx) == sympy.Max(zz[1], zz[2], zz[3])


@pytest.mark.parametrize(
    "source",
    [r"\max_j z_j", r"\max_{j} z_j", r"\max_{k=1}^{K} z_k", r"\min_{k} z_k", r"\max_{j \in S} z_j"],
)
def test_max_over_a_symbolic_range_is_an_error(source: str) -> None:
    r"""No finite Max means the max of K terms: it is an error that says so, never a guess."""
    with pytest.raises(LatexReadError) as info:
        read_latex(source)
    assert "max" in str(info.value) or "min" in str(info.value)


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (r"\max_{k=1}^{3} z_k", r"\max(z_1, z_2)"),
        (r"\max_{k=1}^{2} z_k", "z_1"),
        (r"\min_{k=1}^{2} z_k", r"\max(z_1, z_2)"),
    ],
)
def test_ranged_max_wrong_steps_are_not_proved(lhs: str, rhs: str) -> None:
    """Must fail: a dropped term or min for max is not proved."""
    left, right = read_sides(lhs, rhs)
    assert check(left.expr, right.expr).status is not Status.PROVED


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\boxed{x + 1}", x + 1),
        (r"2\boxed{x + 1}", 2 * (x + 1)),
        (r"\underbrace{x + x}_{\text{twice}}", 2 * x),
        (r"\underbrace{x + x}_{=2x} + 1", 2 * x + 1),
        (r"\overbrace{x + 1}^{n}", x + 1),
        (r"{\color{red} x} + 1", x + 1),
        (r"\color{red} x + 1", x + 1),
        (r"\textcolor{blue}{x} + 1", x + 1),
        (r"\colorbox{yellow}{x} + 1", x + 1),
        (r"\bbox[red]{x} + 1", x + 1),
        (r"\mathstrut x + \vphantom{\frac{1}{2}} 1", x + 1),
        (r"\displaystyle\frac{1}{2} x \textstyle", x / 2),
        (r"x\,y \! + \; 1", x * y + 1),
    ],
)
def test_decorations_are_read_through(source: str, expected: sympy.Expr) -> None:
    r"""``\boxed``, ``\underbrace``, colours and struts only decorate: the content is read."""
    assert _read(source) == expected


def test_decorated_wrong_step_is_not_proved() -> None:
    r"""Must fail: a label under a brace is no factor, and a box does not hide a slip."""
    left, right = read_sides(r"\underbrace{x + x}_{\text{twice}}", r"\boxed{3x}")
    assert check(left.expr, right.expr).status is Status.REFUTED


def test_vector_softmax_alone_is_an_error_that_says_vector() -> None:
    r"""``\operatorname{softmax}(\mathbf z)`` alone is a vector: an error naming that."""
    from softsym.lang.latex import VECTOR_VALUED

    with pytest.raises(LatexReadError) as info:
        read_latex(r"\operatorname{softmax}(\mathbf z)")
    assert info.value.expected == VECTOR_VALUED


def test_vector_softmax_read_entry_wise() -> None:
    r"""With an entry index, ``\operatorname{softmax}(\mathbf z)`` is its entry k."""
    reading = read_latex(r"\operatorname{softmax}(\mathbf z)", vector_index="k")
    m = sympy.Symbol("l", integer=True)
    assert reading.expr == exp(zz[k]) / Sum(exp(zz[m]), (m, 1, K))
    assert reading.vector


def test_a_vector_defined_by_entries_is_read_entry_wise() -> None:
    r"""``\hat{\mathbf y}`` after ``\hat y_k := ...`` is its entry in an entry-wise reading."""
    body = read_latex(r"\operatorname{softmax}(\mathbf z)_k").expr
    ctx = TexContext().define(definition_head(r"\hat y_k"), body)
    reading = read_latex(r"\hat{\mathbf y}", ctx, vector_index="j")
    assert reading.expr == body.xreplace({k: j})
    assert reading.vector


def test_entry_wise_vector_steps() -> None:
    """Must pass and must fail: softmax entries sum to 1; softmax is not the constant 1."""
    left, right = read_sides(
        r"\operatorname{softmax}(\mathbf z)", r"\frac{e^{z_k}}{\sum_j e^{z_j}}", vector_index="k"
    )
    assert check(left.expr, right.expr, ["K >= 1"]).status is Status.PROVED
    left, right = read_sides(r"\operatorname{softmax}(\mathbf z)", "1", vector_index="k")
    assert check(left.expr, right.expr, ["K >= 2", "1 <= k", "k <= K"]).status is not (
        Status.PROVED
    )


def test_derivative_by_a_vector_is_never_zero_by_accident() -> None:
    r"""Must fail: ∂/∂\mathbf z of a formula in z_j is a gradient, not 0 (the symbol z)."""
    source = r"\frac{\partial}{\partial \mathbf z} \sum_j e^{z_j}"
    with pytest.raises(LatexReadError):
        read_latex(source)
    reading = read_latex(source, vector_index="k")
    assert reading.vector
    assert reading.expr == Derivative(Sum(exp(zz[j]), (j, 1, K)), zz[k])
    assert check(reading.expr, sympy.Integer(0), ["K >= 1"]).status is not Status.PROVED


def test_a_defined_name_is_differentiated_by_as_a_name() -> None:
    r"""``\partial L / \partial \hat y`` after ``\hat y := \sigma(z)`` is by ``yhat``, not σ(z)."""
    ctx = TexContext().define(definition_head(r"\hat y"), sigmoid(z))
    ctx = ctx.define(definition_head("L"), -log(yhat))
    reading = read_latex(r"\frac{\partial L}{\partial \hat{y}}", ctx)
    assert reading.expr == Derivative(-log(yhat), yhat)


# --- a vector used bare: x and x_i are one vector, never unrelated -----------------------


xx = IndexedBase("x", real=True)
T = Symbol("T", real=True)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\text{logsumexp}(x + c)", log(Sum(exp(xx[k] + c), (k, 1, K)))),
        (r"\operatorname{LSE}(2x)", log(Sum(exp(2 * xx[k]), (k, 1, K)))),
        (
            r"\operatorname{softmax}(x / T)_j",
            exp(xx[j] / T) / Sum(exp(xx[k] / T), (k, 1, K)),
        ),
        (
            r"\operatorname{softmax}(x - c)_j",
            exp(xx[j] - c) / Sum(exp(xx[k] - c), (k, 1, K)),
        ),
    ],
)
def test_a_vector_function_of_a_family_broadcasts(source: str, expected: sympy.Expr) -> None:
    """Entry k of ``x + c`` with x a family (from the context) is ``x_k + c``."""
    assert _read(source, TexContext().with_indexed("x")) == expected


def test_a_family_used_in_the_same_formula_broadcasts() -> None:
    r"""``x_i`` elsewhere in the formula makes ``x`` in ``logsumexp(x + c)`` the vector."""
    source = r"\text{logsumexp}(x + c) - \log \sum_{i=1}^{n} e^{x_i}"
    reading = read_latex(source)
    assert reading.expr == log(Sum(exp(xx[k] + c), (k, 1, K))) - log(Sum(exp(xx[i]), (i, 1, n)))
    assert not mixed_roles(reading.expr)
    assert any("entry by entry" in note for note in reading.notes)


def test_a_vector_parameter_takes_an_expression_entry_by_entry() -> None:
    r"""``f(x + c)`` of ``f(x) := \sum_i x_i^2`` is ``\sum_i (x_i + c)^2``; ``f(2)`` is an error."""
    ctx = TexContext().define(definition_head("f(x)"), _read(r"\sum_i x_i^2"))
    assert _read("f(x + c)", ctx) == Sum((xx[i] + c) ** 2, (i, 1, K))
    assert _read("f(y)", ctx) == Sum(IndexedBase("y", real=True)[i] ** 2, (i, 1, K))
    with pytest.raises(LatexReadError, match="a vector for the parameter x"):
        read_latex("f(2)", ctx)


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        # shift invariance with a wrong constant: read entry-wise, still false
        (r"\text{logsumexp}(x + c)", r"\text{logsumexp}(x) + 2c"),
        (r"\text{logsumexp}(x + c)", r"x + c"),
        (r"\operatorname{softmax}(x + c)_j", r"\operatorname{softmax}(x)_j + c"),
        (r"\operatorname{softmax}(2x)_j", r"\operatorname{softmax}(x)_j"),
    ],
)
def test_wrong_broadcast_steps_are_not_proved(lhs: str, rhs: str) -> None:
    """Must fail: a wrong step about a vector plus a number is not proved once read entry-wise."""
    left, right = read_sides(lhs, rhs, context=TexContext().with_indexed("x"))
    verdict = check(left.expr, right.expr, ["K >= 2"])
    assert verdict.status is not Status.PROVED, (left.expr, right.expr)


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        (r"\text{logsumexp}(x + c)", r"\text{logsumexp}(x) + c"),
        (r"\text{logsumexp}(x + c)", r"\log\sum_{i=1}^{K} e^{x_i + c}"),
        (r"\operatorname{softmax}(x + c)_j", r"\operatorname{softmax}(x)_j"),
    ],
)
def test_broadcast_steps_are_proved(lhs: str, rhs: str) -> None:
    """The control group: shift invariance of logsumexp and softmax, x a vector."""
    left, right = read_sides(lhs, rhs, context=TexContext().with_indexed("x"))
    assert not mixed_roles(left.expr, right.expr)
    assert check(left.expr, right.expr, ["K >= 1"]).status is Status.PROVED


def test_mixed_roles_names_a_number_that_is_also_a_family() -> None:
    """``x`` and ``x_i`` in one expression are named; indices and sums' variables are not."""
    assert mixed_roles(x + xx[1]) == ("x",)
    assert mixed_roles(x, Sum(xx[i], (i, 1, n))) == ("x",)
    assert mixed_roles(Sum(xx[i], (i, 1, n)), i + n, y) == ()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("odds", DefinitionHead("odds")),
        ("loss_i", DefinitionHead("loss", (), ("i",))),
        ("logits", DefinitionHead("logits")),
        ("ab", None),  # two letters: a product, as before
        ("o d d s", None),  # letters with spaces are letters
        ("tanh", None),  # a known function is no new name
        ("theta", None),  # nor a Greek letter
    ],
)
def test_definition_head_of_a_word(source: str, expected: DefinitionHead | None) -> None:
    """With ``words=True`` a word of three or more letters is a name; without it, never."""
    assert definition_head(source, words=True) == expected
    assert definition_head(source) is None


def test_sized_bars_nest_as_written() -> None:
    r"""``\left|`` opens and ``\right|`` closes, so nested absolute values read as nested."""
    z = sympy.Symbol("z", real=True)
    assert read_latex(r"\left|{z \left|{z}\right|}\right|").expr == sympy.Abs(z * sympy.Abs(z))
    assert read_latex(r"\bigl|z\bigr| \cdot 2").expr == 2 * sympy.Abs(z)
    # a bar that does not open is not read as opening: the product |z| z is not |z z|
    assert read_latex(r"\left|z\right| z").expr == sympy.Abs(z) * z
