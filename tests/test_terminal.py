"""Tests of the terminal output: Unicode math, reasons, line widths, colour, progress."""

from __future__ import annotations

import io
import re

import pytest
from sympy import (
    Abs,
    Derivative,
    IndexedBase,
    KroneckerDelta,
    Max,
    Rational,
    Sum,
    Symbol,
    exp,
    log,
    symbols,
)

from softsym import (
    Derivation,
    Step,
    Tex,
    binary_cross_entropy,
    cross_entropy,
    log_softmax,
    logsumexp,
    real_symbols,
    sigmoid,
    softmax,
    softplus,
)
from softsym.cli import catalog_commands, main
from softsym.cli.parallel import check_reports
from softsym.proofs.catalog import catalog
from softsym.render.terminal import (
    WIDTH,
    Report,
    chain_lines,
    failure_lines,
    one_line,
    prose,
    report,
    totals,
    wrap,
)
from softsym.render.unicode import (
    author_unicode,
    latex_math_unicode,
    subscript,
    unicode_expr,
    unicode_text,
)

z, z1, z2, y, eta, lam, theta1 = real_symbols("z z1 z2 y eta lambda theta1")
w, a = IndexedBase("w", real=True), IndexedBase("a", real=True)
i, j, k = symbols("i j k", integer=True)
K, n = symbols("K n", integer=True)
zz = IndexedBase("z", real=True)


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (softmax(z1, z2)[0], "softmax(z₁, z₂)₁"),
        (softmax(z1, z2, z)[2], "softmax(z₁, z₂, z)₃"),
        (log_softmax(z1, z2)[1], "logsoftmax(z₁, z₂)₂"),
        (sigmoid(z1 - z2), "σ(z₁ − z₂)"),
        (1 - sigmoid(z), "1 − σ(z)"),
        (sigmoid(z) ** 2, "σ(z)²"),
        (sigmoid(z) ** -1, "1/σ(z)"),
        (exp(z) ** Rational(1, 2), "exp(z/2)"),
        (softplus(-z), "softplus(−z)"),
        (logsumexp(z1, z2), "logsumexp(z₁, z₂)"),
        (
            cross_entropy(softmax(z1, z2), [1 - y, y]),
            "CE((softmax(z₁, z₂)₁, softmax(z₁, z₂)₂), (1 − y, y))",
        ),
        (binary_cross_entropy(sigmoid(z), y), "BCE(σ(z), y)"),
        (eta * lam * theta1, "η·λ·θ₁"),
        (Derivative(sigmoid(z), z), "∂/∂z σ(z)"),
        (Derivative(sigmoid(z), z, 2), "∂²/∂z² σ(z)"),
        (Derivative(exp(z1) + z2, z1), "∂/∂z₁ (z₂ + exp(z₁))"),
        (eta * Derivative(sigmoid(z), z) + y, "η·(∂/∂z σ(z)) + y"),
        (Sum(exp(zz[k]), (k, 1, K)), "Σₖ₌₁ᴷ exp(zₖ)"),
        (Sum(a[i] * w[i], (i, 1, n)) + y, "y + Σᵢ₌₁ⁿ aᵢ·wᵢ"),
        (y * Sum(a[i], (i, 1, n)), "y·(Σᵢ₌₁ⁿ aᵢ)"),
        (Sum(a[i] + y, (i, 1, n)), "Σᵢ₌₁ⁿ (y + aᵢ)"),
        (zz[K], "z_K"),
        (KroneckerDelta(i, j), "δᵢⱼ"),
        (Abs(z1 - z2), "|z₁ − z₂|"),
        (Max(0, z), "max(0, z)"),
        (log(1 + exp(-z)), "log(1 + exp(−z))"),
    ],
)
def test_unicode_expr(expr: object, text: str) -> None:
    """Expressions print with σ, Σ, ∂, ·, −, subscripts and 1-based softmax components."""
    assert unicode_expr(expr) == text


def test_unicode_indices_need_a_subscript_for_every_character() -> None:
    """An index Unicode cannot lower is written after an underscore instead."""
    q = symbols("q", integer=True)
    assert (subscript("k+1"), subscript("q")) == ("ₖ₊₁", None)
    assert unicode_expr(zz[q]) == "z_q"
    assert unicode_expr(Sum(zz[q], (q, 1, K))) == "Σ(q=1..K) z_q"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (
            r"\operatorname{softmax}(z_1, z_2)_2 = \sigma(z_2 - z_1)",
            "softmax(z₁, z₂)₂ = σ(z₂ − z₁)",
        ),
        (r"\frac{e^{z_1}}{e^{z_1} + e^{z_2}}", "e^(z₁)/(e^(z₁) + e^(z₂))"),
        (r"\frac{1}{2}", "1/2"),
        (r"\partial z_k / \partial z_j = \delta_{jk}", "∂zₖ / ∂zⱼ = δⱼₖ"),
        (r"1 \leq j \leq K", "1 ≤ j ≤ K"),
        (r"\sum_{k=1}^{K} y_k = 1", "Σₖ₌₁ᴷ yₖ = 1"),
        (r"\log \sum_l e^{z_l}", "log Σₗ e^(zₗ)"),
        (r"i = 1, \ldots, n", "i = 1, …, n"),
        (r"\left(\sqrt{x}\right)", "(√x)"),
        (r"\mathbb{R}", "ℝ"),
        (r"{w_1}_i", "w₁ᵢ"),
        (r"x_{12}", "x₁₂"),
        (r"x_12", "x₁2"),
        (r"\eta\lambda", "ηλ"),
        (r"\unknown", r"\unknown"),
    ],
)
def test_latex_math_unicode(latex: str, text: str) -> None:
    """The LaTeX allowed in a reason's $...$ prints as Unicode."""
    assert latex_math_unicode(latex) == text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\frac{1}{1 + e^{z_2 - z_1}}", "1/(1 + e^(z₂ − z₁))"),
        (r"\sigma(z_2 - z_1)", "σ(z₂ − z₁)"),
        (r"\sigma(z)\left(1 - \sigma(z)\right)", "σ(z)(1 − σ(z))"),
        (
            r"\frac{\partial \operatorname{softmax}(\mathbf{z})_i}{\partial z_j}",
            "∂softmax(z)ᵢ/∂zⱼ",
        ),
        (
            r"\operatorname{softmax}(\mathbf{z})_i \left(\delta_{ij} - "
            r"\operatorname{softmax}(\mathbf{z})_j\right)",
            "softmax(z)ᵢ (δᵢⱼ − softmax(z)ⱼ)",
        ),
        (
            r"\frac{\partial}{\partial z_j}\left(-\sum_{k=1}^{K} y_k \log "
            r"\operatorname{softmax}(\mathbf{z})_k\right)",
            "∂/∂zⱼ(−Σₖ₌₁ᴷ yₖ log softmax(z)ₖ)",
        ),
        (r"\frac{e^{z_j}}{\sum_{l=1}^{K} e^{z_l}}", "e^(zⱼ)/(Σₗ₌₁ᴷ e^(zₗ))"),
        (r"\exp(z) \cdot w_{2,j}", "exp(z) · w_(2,j)"),
        (r"\left.\frac{d}{dt} f\right|_{t=0}", "d/dt f|ₜ₌₀"),
        (r"(\sigma(z) - y) a_j", "(σ(z) − y) aⱼ"),
        (r"\hbar z", None),
        (r"\frac{1}{2", None),
    ],
)
def test_author_unicode(latex: str, text: str | None) -> None:
    """The author's LaTeX prints as written, in Unicode; what it cannot print gives None."""
    assert author_unicode(latex) == text


def test_report_prints_the_authors_text() -> None:
    """A step and a claim written as LaTeX print as the author wrote them, others as read."""
    z1, z2 = real_symbols("z1 z2")
    d = Derivation(
        name="authors-text",
        title="t",
        lhs=Tex(r"\frac{1}{1 + e^{z_2 - z_1}}"),
        rhs=sigmoid(z1 - z2),
        steps=(Step(Tex(r"\sigma(z_1 - z_2)"), "definition of the sigmoid"),),
    )
    rep = report(d.verify())
    assert (rep.lhs, rep.rhs, rep.steps[0].expr) == (
        "1/(1 + e^(z₂ − z₁))",
        "σ(z₁ − z₂)",
        "σ(z₁ − z₂)",
    )


def test_unicode_text_converts_only_math_segments() -> None:
    """Text outside $...$ stays as written, also when it looks like LaTeX."""
    assert unicode_text(r"divide by $e^{z_1}$, costs \$5") == "divide by e^(z₁), costs $5"
    assert unicode_text("divide by e^{z_1}") == "divide by e^{z_1}"
    assert unicode_text("a  b\n c") == "a b c"
    assert unicode_text(r"$\frac{1}{2$ stays") == r"$\frac{1}{2$ stays"


def test_catalog_reasons_print_without_latex_markup() -> None:
    """No catalog reason shows LaTeX commands or dollar signs in the terminal."""
    bad = [
        (d.name, s.reason)
        for d in catalog()
        for s in d.steps
        if "\\" in unicode_text(s.reason) or "$" in unicode_text(s.reason)
    ]
    assert bad == []


def test_prose_breaks_at_spaces_within_the_width() -> None:
    """Text breaks between words; a word longer than a line is cut."""
    assert prose("aaa bbb ccc", 8, "", "  ") == ["aaa bbb", "  ccc"]
    assert prose("abcdefghij", 4, "", "") == ["abcd", "efgh", "ij"]
    assert prose("a b", 80, "> ", "  ") == ["> a b"]


def test_wrap_breaks_before_operators_and_after_commas() -> None:
    """Expressions break before a + or − and after a comma."""
    assert wrap("aaaa + bbbb − cccc", 10, "", "  ") == ["aaaa", "  + bbbb", "  − cccc"]
    assert wrap("f(aaaa, bbbb)", 9, "", "") == ["f(aaaa,", "bbbb)"]
    assert wrap("abcdefghij", 4, "", "") == ["abcd", "efgh", "ij"]


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    """The whole catalog, checked once in this process."""
    return check_reports(catalog(), catalog(), timeout=None, jobs=1)


def test_default_verify_output_fits_70_lines(reports: list[Report]) -> None:
    """`softsym verify` on the catalog: one line per derivation and a summary, ≤ 70 lines."""
    lines = [one_line(r) for r in reports] + [totals(reports)]
    assert len(lines) <= 70
    assert all(len(line) <= WIDTH for line in lines)
    assert lines[-1] == f"{len(reports)} derivations: {len(reports)} proved, 0 refuted, 0 undecided"
    assert all(
        re.fullmatch(r"[a-z0-9-]+: proved \(\d+ steps?, by [a-z, ×0-9:+-]+\)", line)
        for line in lines[:-1]
    )


def test_verbose_chains_fit_120_columns(reports: list[Report]) -> None:
    """Every line of every chain is at most 120 columns and free of LaTeX and SymPy names."""
    for r in reports:
        for line in chain_lines(r):
            assert len(line) <= WIDTH, (r.name, line)
            for raw in ("$", "\\operatorname", "Derivative(", "Sum("):
                assert raw not in line, (r.name, line)


def test_chain_of_the_seed_derivation(reports: list[Report]) -> None:
    """The seed chain prints exactly so: its steps as the author wrote them."""
    (seed,) = [r for r in reports if r.name == "softmax2-sigmoid"]
    assert "\n".join(chain_lines(seed)) == (
        "softmax2-sigmoid: The first component of a two-class softmax is a sigmoid\n"
        "claim: softmax(z₁, z₂)₁ = σ(z₁ − z₂)\n"
        "assuming: nothing\n"
        "\n"
        "    softmax(z₁, z₂)₁\n"
        "  = e^(z₁)/(e^(z₁) + e^(z₂))\n"
        "      step 1: definition of softmax  [proved by identical]\n"
        "  = 1/(1 + e^(z₂ − z₁))\n"
        "      step 2: divide numerator and denominator by e^(z₁)  [proved by exp-rational]\n"
        "  = σ(z₁ − z₂)\n"
        "      step 3: definition of the sigmoid, with −(z₁ − z₂) = z₂ − z₁"
        "  [proved by identical]\n"
        "\n"
        "softmax2-sigmoid: proved (3 steps, by identical ×2, exp-rational)"
    )
    assert failure_lines(seed) == []


def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch, reports: list[Report]
) -> None:
    """Colour codes appear on a TTY, not with NO_COLOR set, not when piped."""
    seed = next(r for r in reports if r.name == "softmax2-sigmoid")
    assert one_line(seed, colour=True) == (
        "softmax2-sigmoid: \033[32mproved\033[0m (3 steps, by identical ×2, exp-rational)"
    )

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert catalog_commands._colour(Terminal())
    assert not catalog_commands._colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not catalog_commands._colour(Terminal())


def test_verify_on_a_terminal_shows_colour_and_progress(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a TTY: colour on standard output, a progress line on standard error."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(catalog_commands, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    assert main(["verify", "-j", "1", "sigmoid-derivative", "tanh-sigmoid"]) == 0
    out, err = capsys.readouterr()
    assert "sigmoid-derivative: \033[32mproved\033[0m (5 steps" in out
    assert "] 2/2 checked" in err
    assert main(["verify", "--json", "-j", "1", "sigmoid-derivative"]) == 0
    out, err = capsys.readouterr()
    assert "\033[" not in out
    assert err == ""


def test_no_progress_or_colour_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    """Piped output has no colour codes and standard error stays empty."""
    assert main(["verify", "-j", "1", "sigmoid-derivative"]) == 0
    out, err = capsys.readouterr()
    assert "\033[" not in out
    assert err == ""


def test_verbose_and_quiet_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    """-v with -q is an input error, exit 2."""
    assert main(["verify", "-v", "-q", "sigmoid-derivative"]) == 2
    assert capsys.readouterr().err == (
        "softsym: error: -v/--verbose and -q/--quiet exclude each other\n"
    )


def test_docstring_examples() -> None:
    """The >>> examples of the Unicode printer run as written."""
    import doctest

    import softsym.render.unicode

    assert doctest.testmod(softsym.render.unicode).failed == 0


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\frac{e^{-z}}{(1 + e^{-z})^2}", "e⁻ᶻ/(1 + e⁻ᶻ)²"),  # a bracketed power is one factor
        (r"\frac{1}{(a + b)(c + d)^2}", "1/((a + b)(c + d)²)"),
        (r"\frac{1}{(a) + (b)^2}", "1/((a) + (b)²)"),
        (r"\frac{d}{d z} \sigma(z)", "d/dz σ(z)"),
    ],
)
def test_author_fractions_in_unicode(tex: str, expected: str) -> None:
    assert author_unicode(tex) == expected


def test_accented_symbol_names_in_unicode() -> None:
    """A symbol named as SymPy's LaTeX printer reads accents prints with the accent."""
    assert unicode_expr(Symbol("ztilde")) == "z\u0303"
    assert unicode_expr(Symbol("yhat")) == "y\u0302"
    assert unicode_expr(Symbol("tilde")) == "tilde"
