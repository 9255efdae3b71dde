"""Abbreviations (``where z = w·a + b``): checked written out, printed short, sent as values."""

from __future__ import annotations

import pytest
from sympy import Add, Derivative, IndexedBase, Sum, Symbol, symbols

from softsym.cli.user_code import pack, unpack
from softsym.errors import DerivationError
from softsym.lang.functions import binary_cross_entropy, sigmoid
from softsym.proofs.catalog import catalog, from_plain, plain
from softsym.proofs.derivation import Derivation, Step, Tex, Where, check_with_citations
from softsym.render.latex import shown_lhs, shown_steps, title_latex, to_latex, where_text
from softsym.render.linebreak import break_tex
from softsym.render.markdown import to_markdown
from softsym.render.notation import abbreviate
from softsym.render.terminal import chain_lines, report
from softsym.verdict import Status

a_, w_ = IndexedBase("a", real=True), IndexedBase("w", real=True)
i, j, n = symbols("i j n", integer=True)
a, b, c, y = symbols("a b c y", real=True)
UNIT = Sum(w_[i] * a_[i], (i, 1, n)) + b
Z = Where("z", Tex(r"\sum_{i=1}^{n} w_i a_i + b"))


def gradient() -> Derivation:
    """∂BCE(σ(z), y)/∂w_j = (σ(z) − y) a_j, written with the abbreviation z."""
    return Derivation(
        name="gradient",
        title="Gradient",
        lhs=Tex(r"\frac{\partial}{\partial w_j} \operatorname{BCE}(\sigma(z), y)"),
        rhs=Tex(r"(\sigma(z) - y) a_j"),
        steps=(Step(Tex(r"(\sigma(z) - y) a_j"), "chain rule"),),
        assumptions=("1 <= j", "j <= n"),
        where=(Z,),
    )


def test_the_kernel_checks_the_expression_written_out() -> None:
    """A Tex side or step using z reads as the expression: no z is left for the kernel."""
    d = gradient()
    assert d.lhs == Derivative(binary_cross_entropy(sigmoid(UNIT), y), w_[j])
    assert d.rhs == (sigmoid(UNIT) - y) * a_[j]
    assert all(
        "z" not in {s.name for s in e.atoms(Symbol)} for e in (d.lhs, d.rhs, d.steps[0].expr)
    )
    result = check_with_citations([d])["gradient"]
    assert result.status is Status.PROVED
    assert result.steps[0].verdict.lhs == str(d.lhs)


def test_a_claim_true_only_through_the_abbreviation_is_proved() -> None:
    """z − a = b holds for z = a + b, not for every z: the kernel must see a + b."""
    d = Derivation(
        name="relation",
        title="Relation",
        lhs=Tex("z - a"),
        rhs=Tex("b"),
        steps=(Step(Tex("b"), "z = a + b"),),
        where=(Where("z", a + b),),
    )
    assert d.lhs == b
    assert d.verify().status is Status.PROVED


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"lhs": sigmoid(Symbol("z", real=True)), "rhs": Tex(r"\sigma(z)")},
            "relation: the left-hand side has z as a variable, but z is an abbreviation "
            "(where z = a + b); write that step or side as Tex to use the abbreviation, or "
            "write its expression out",
        ),
        (
            {"lhs": Tex(r"\frac{\partial}{\partial z} \sigma(z)"), "rhs": Tex(r"\sigma(z)")},
            r"relation: lhs: Tex('\\frac{\\partial}{\\partial z} \\sigma(z)') uses the "
            "abbreviation z as a variable (differentiating by it?); an abbreviation only stands "
            "for its expression: write the variables out",
        ),
        (
            {"lhs": Tex("z"), "rhs": Tex("z"), "where": (Where("z", a + b), Where("z", c))},
            "relation: the abbreviation z is defined twice (a + b and c)",
        ),
        (
            {"lhs": Tex("z"), "rhs": Tex("z"), "assumptions": ("z > 0",)},
            "relation: an assumption has z as a variable, but z is an abbreviation "
            "(where z = a + b); write that step or side as Tex to use the abbreviation, or "
            "write its expression out",
        ),
    ],
)
def test_an_abbreviation_is_never_a_variable(values: dict[str, object], message: str) -> None:
    """The symbol may not be free anywhere, nor defined twice: the message says what is wrong."""
    args: dict[str, object] = {"where": (Where("z", a + b),), **values}
    rhs = args["rhs"]
    with pytest.raises(DerivationError) as caught:
        Derivation(name="relation", title="Relation", steps=(Step(rhs, "same"),), **args)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_a_name_the_reader_cannot_read_back_is_refused() -> None:
    """An abbreviation's name is what the LaTeX reader calls the printed symbol."""
    with pytest.raises(DerivationError, match="choose a name like z, z1 or L0"):
        Where(Symbol("zeta1x"), a)
    with pytest.raises(DerivationError, match="a symbol or a name such as 'z'"):
        Where("z_1", a)


def test_later_abbreviations_may_use_earlier_ones() -> None:
    """``L = BCE(σ(z), y)`` after ``z``: read with z written out; a later name is refused."""
    loss = Where("L", Tex(r"\operatorname{BCE}(\sigma(z), y)"))
    d = Derivation(
        name="loss",
        title="Loss",
        lhs=Tex("L"),
        rhs=Tex(r"\operatorname{BCE}(\sigma(z), y)"),
        steps=(Step(Tex(r"\operatorname{BCE}(\sigma(z), y)"), "definition"),),
        where=(Z, loss),
    )
    assert d.where[1].expr == binary_cross_entropy(sigmoid(UNIT), y)
    with pytest.raises(DerivationError, match="only the abbreviations declared before it"):
        Derivation(
            name="loss",
            title="Loss",
            lhs=Tex("L"),
            rhs=Tex("L"),
            steps=(Step(Tex("L"), "x"),),
            where=(loss, Z),
        )


def test_abbreviations_travel_as_plain_values() -> None:
    """``from_plain(plain(d)) == d``, through the worker's pickling too (parallel verify)."""
    d = gradient()
    assert from_plain(plain(d), "") == d
    assert from_plain(unpack(pack(plain(d))), "") == d
    for d in catalog():
        if d.where:
            assert from_plain(unpack(pack(plain(d))), d.source) == d, d.name


def test_abbreviate_shortens_sums_exactly() -> None:
    """The terms of an abbreviated sum are found among others, with either sign."""
    z1, z2 = Where("z1", a + b), Where("z2", c + y)
    assert abbreviate(c + y - a - b, [z1, z2]) == z2.symbol - z1.symbol
    assert abbreviate(sigmoid(a + b) * 2, [z1]) == 2 * sigmoid(z1.symbol)
    assert abbreviate(a + c, [z1]) == a + c


def test_a_line_that_would_not_substitute_back_prints_in_full() -> None:
    """Shortening ``a + b + a`` (unevaluated) to ``a + z`` would stand for 2a + b: refused."""
    unevaluated = Add(a, b, a, evaluate=False)
    assert abbreviate(unevaluated, [Where("z", a + b)]) is unevaluated


def test_python_lines_print_shortened() -> None:
    """A step given as an expression prints with the abbreviation; it substitutes back."""
    d = Derivation(
        name="short",
        title="Short",
        lhs=sigmoid(UNIT) * (1 - sigmoid(UNIT)),
        rhs=sigmoid(UNIT) - sigmoid(UNIT) ** 2,
        steps=(Step(sigmoid(UNIT) - sigmoid(UNIT) ** 2, "expand"),),
        where=(Z,),
    )
    result = check_with_citations([d])["short"]
    z = Z.symbol
    assert shown_lhs(d) == sigmoid(z) * (1 - sigmoid(z))
    assert shown_steps(result) == [sigmoid(z) - sigmoid(z) ** 2]
    assert Z.expand(shown_steps(result)[0]) == d.steps[0].expr


def test_every_export_shows_the_abbreviations_once() -> None:
    """LaTeX, Markdown, the terminal and JSON say ``where z = ...`` with the statement."""
    result = check_with_citations([gradient()])["gradient"]
    assert where_text(result.derivation) == r"where $z = \sum_{i=1}^{n} w_i a_i + b$."
    latex = to_latex(result)
    assert latex.count("where $z = ") == 1
    assert "\\end{equation}\nwhere $z = \\sum_{i=1}^{n} w_i a_i + b$.\n\\end{theorem}" in latex
    markdown = to_markdown(result)
    assert markdown.count(r"\text{where } z = \sum_{i=1}^{n} w_i a_i + b") == 1
    assert "where: z = Σᵢ₌₁ⁿ wᵢ aᵢ + b" in chain_lines(report(result))
    assert result.to_json()["where"] == [{"symbol": "z", "expr": "b + Sum(a[i]*w[i], (i, 1, n))"}]


@pytest.mark.parametrize(
    ("title", "latex"),
    [
        (
            "Two-class softmax cross-entropy: the gradient in z1 is −(σ(z2 − z1) − y)",
            r"Two-class softmax cross-entropy: the gradient in $z_{1}$ is "
            r"$-(\sigma(z_{2} - z_{1}) - y)$",
        ),
        ("Gradient descent conserves w1 + w2", "Gradient descent conserves $w_{1} + w_{2}$"),
        (
            "A step of network 0 at rate η moves D = w2 − w1 as network 2 at rate 2η",
            r"A step of network 0 at rate \ensuremath{\eta} moves $D = w_{2} - w_{1}$ as network 2 "
            r"at rate 2\ensuremath{\eta}",
        ),
        (
            "Network 2's weight gradient: ∂L2/∂w_j = (σ(z) − y) a_j",
            r"Network 2's weight gradient: $\partial L_{2}/\partial w_{j} = (\sigma(z) - y) "
            r"\allowbreak a_{j}$",
        ),
        (
            "A two-class softmax at temperature T is σ((z1 − z2)/T)",
            r"A two-class softmax at temperature T is $\sigma((z_{1} - z_{2})/T)$",
        ),
        (
            "∂σ(w·a + b)/∂w_j = a_j σ(w·a + b)(1 − σ(w·a + b)), for every n",
            r"$\partial \sigma(w\cdot a + b)/\partial w_{j} = a_{j} \allowbreak "
            r"\sigma(w\cdot a + b)(1 - \sigma(w\cdot a + b))$, for every n",
        ),
        ("The first component is a sigmoid", "The first component is a sigmoid"),
    ],
)
def test_title_formulas_stay_whole(title: str, latex: str) -> None:
    """A formula of several words is one math piece with balanced brackets."""
    assert title_latex(title) == latex


@pytest.mark.parametrize(
    ("tex", "limit", "lines"),
    [
        ("a + b", 40.0, ["a + b"]),
        (r"a - \eta\bigl(b + c\bigr)", 3.0, ["a", r"- \eta\bigl(b", r"+ c\bigr)"]),
        (r"\left(a + b\right) - c", 2.0, [r"\left(a + b\right)", "- c"]),
        (r"\frac{a + b}{c} + (d - e)", 1.0, [r"\frac{a + b}{c}", "+ (d - e)"]),
    ],
)
def test_author_latex_breaks_only_between_terms(tex: str, limit: float, lines: list[str]) -> None:
    """The author's LaTeX breaks before a + or −, never inside braces or ( )."""
    assert break_tex(tex, limit) == lines
