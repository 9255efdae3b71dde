"""Tests for softsym.notes.checking: definitions, directives, hints, instances, must-fail cases."""

from __future__ import annotations

import pytest

from softsym.notes import CheckOptions, check_document, exit_status, parse_document
from softsym.notes.report import StepResult


def check(text: str, kind: str = "tex") -> list[StepResult]:
    """Every step of a document, checked."""
    result = check_document(parse_document(text, kind=kind, path="t.tex"), CheckOptions())
    return list(result.steps)


def outcome(steps: list[StepResult]) -> list[tuple[str, str | None]]:
    return [(s.kind, s.status) for s in steps]


def test_explicit_definition_is_used_later() -> None:
    r"""``f(x) := ...`` is remembered (not checked) and unfolds in later steps."""
    steps = check("\\[ f(x) := \\frac{1}{1+e^{-x}} \\]\n\\[ f(-x) = 1 - f(x) \\]\n")
    assert outcome(steps) == [("definition", None), ("equality", "proved")]
    assert steps[0].reason == "remembered: f(x) := 1/(1 + exp(-x))"


def test_first_row_naming_a_new_function_is_a_definition() -> None:
    r"""``g(z) = z^2 = z \cdot z``: the first step defines g, the second is checked."""
    steps = check("\\[ g(z) = z^2 = z \\cdot z \\]\n\\[ g(3) = 9 \\]\n")
    assert outcome(steps) == [
        ("definition", None),
        ("equality", "proved"),
        ("equality", "proved"),
    ]


def test_a_known_function_is_checked_not_defined() -> None:
    r"""Must fail: a wrong 'definition' of σ as a first row is refuted, not remembered."""
    steps = check("\\[ \\sigma(x) = \\frac{1}{1+e^{x}} \\]\n\\[ \\sigma(0) = \\frac{1}{2} \\]\n")
    assert outcome(steps) == [("equality", "refuted"), ("equality", "proved")]


def test_restating_a_name_in_new_variables_redefines_it() -> None:
    """A later chain ``L = ...`` in other variables redefines L for the later steps."""
    steps = check("\\[ L = x^2 \\]\n\\[ L = 2u \\]\n\\[ L + L = 4u \\]\n")
    assert outcome(steps) == [("definition", None), ("definition", None), ("equality", "proved")]


def test_restating_a_name_in_the_same_variables_is_checked() -> None:
    """Must fail: ``p = 1/(1+e^{z})`` after ``p = 1/(1+e^{-z})`` is a wrong claim, refuted."""
    steps = check("\\[ p = \\frac{1}{1+e^{-z}} \\]\n\\[ p = \\frac{1}{1+e^{z}} \\]\n")
    assert outcome(steps) == [("definition", None), ("equality", "refuted")]


def test_distinct_indices_directive() -> None:
    r"""``assume i \ne j`` proves the off-diagonal Jacobian and refutes the diagonal formula."""
    softmax = "\\operatorname{softmax}(\\mathbf z)"
    text = (
        "% softsym: assume i \\ne j\n"
        f"\\[ \\frac{{\\partial}}{{\\partial z_j}} {softmax}_i = -{softmax}_i {softmax}_j \\]\n"
        f"\\[ \\frac{{\\partial}}{{\\partial z_j}} {softmax}_i "
        f"= {softmax}_i (1 - {softmax}_j) \\]\n"
        "\\[ \\delta_{ij} = 1 \\]\n"
    )
    steps = check(text)
    assert outcome(steps) == [
        ("equality", "proved"),
        ("equality", "refuted"),
        ("equality", "refuted"),
    ]
    cex = steps[1].counterexample
    assert cex is not None
    point = dict(cex.point)
    assert point["i"] != point["j"]


def test_without_the_directive_the_off_diagonal_formula_is_not_proved() -> None:
    """Must fail: the off-diagonal entry is wrong on the diagonal (i = j)."""
    softmax = "\\operatorname{softmax}(\\mathbf z)"
    text = f"\\[ \\frac{{\\partial}}{{\\partial z_j}} {softmax}_i = -{softmax}_i {softmax}_j \\]\n"
    [step] = check(text)
    assert step.status == "refuted"
    assert step.counterexample is not None
    assert ("K", "2") in step.counterexample.point


def test_assume_directive_and_range() -> None:
    """An assumption holds from its line on; before it the same step is not proved."""
    text = (
        "\\[ \\sum_{j=1}^{K} y_j \\log \\sum_k e^{o_k} = \\log \\sum_k e^{o_k} \\]\n"
        "% softsym: assume \\sum_j y_j = 1\n"
        "\\[ \\sum_{j=1}^{K} y_j \\log \\sum_k e^{o_k} = \\log \\sum_k e^{o_k} \\]\n"
    )
    steps = check(text)
    assert outcome(steps) == [("equality", "refuted"), ("equality", "proved")]
    assert steps[0].hint == "holds if Σ_j y_j = 1 (not stated)"
    assert steps[1].hint == ""


def test_hint_positivity_and_label_values() -> None:
    """Hints name positivity and y ∈ {0, 1} only when the kernel proves the step under them."""
    steps = check(
        "\\[ \\sqrt{x^2} = x \\]\n"
        "\\[ y \\log y + (1 - y) \\log(1 - y) = 0 \\]\n"
        "\\[ \\tanh(z) = 2\\sigma(z) - 1 \\]\n"
    )
    assert [s.hint for s in steps] == ["holds if x > 0 (not stated)", "", ""]
    assert [s.status for s in steps] == ["refuted", "refuted", "refuted"]


def test_unreadable_side_reports_position() -> None:
    """An unreadable side: status error, the column and what was expected; the file goes on."""
    steps = check("\\[ x + 1 = \\frac{1}{ \\]\n\\[ 2 + 2 = 4 \\]\n")
    assert outcome(steps) == [("equality", "error"), ("equality", "proved")]
    assert steps[0].reason.startswith("right side unreadable: column ")
    assert "expected" in steps[0].reason


def test_not_checked_kinds_count_in_the_index() -> None:
    r"""``\approx``, ``\le``, ``\to`` steps are numbered like every transition."""
    steps = check("\\[ e^{0} = 1 \\approx 1.0 \\le 2 \\to 3 \\]\n")
    assert [(s.index, s.kind, s.status) for s in steps] == [
        (1, "equality", "proved"),
        (2, "approximation", None),
        (3, "inequality", None),
        (4, "skipped", None),
    ]


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        ("assume x", "t.tex:1: cannot use the directive: expected exactly one relation"),
        ("define 2 = 3", "t.tex:1: expected `define NAME = ...` (got '2 = 3')"),
        ("macros nowhere.tex", "t.tex:1: cannot read the macro file nowhere.tex"),
        ("assume x \\ne y + 1", "t.tex:1: \\ne is understood between two indices only"),
        ("assume this is not math", "t.tex:1: cannot use the directive: expected exactly one"),
        ("asume x > 0", "t.tex:1: unknown softsym directive 'asume'"),
        ("assume", "t.tex:1: the directive 'assume' needs an argument"),
    ],
)
def test_bad_directive_is_a_problem_of_the_file(directive: str, message: str) -> None:
    """A directive that cannot be used is reported with its line; the rest is still checked."""
    result = check_document(
        parse_document(f"% softsym: {directive}\n\\[ a = a \\]\n", kind="tex", path="t.tex"),
        CheckOptions(),
    )
    [problem] = result.problems
    assert (problem.line, problem.severity) == (1, "error")
    assert problem.message.startswith(message)
    assert outcome(list(result.steps)) == [("equality", "proved")]
    assert not exit_status([result])


def test_row_conditions_are_assumptions_of_the_step() -> None:
    r"""``, \quad i = j`` and ``, \quad i \neq j`` make the Jacobian entries provable."""
    text = (
        "$$ a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}} $$\n"
        "$$ \\frac{\\partial a_j}{\\partial z_i} = a_i(1 - a_i), \\quad i = j $$\n"
        "$$ \\frac{\\partial a_j}{\\partial z_i} = -a_i a_j,\\quad i \\neq j. $$\n"
        "$$ \\frac{\\partial a_j}{\\partial z_i} = a_i(1 - a_j),\\quad i \\neq j. $$\n"
    )
    steps = check(text, "md")
    assert outcome(steps) == [
        ("definition", None),
        ("equality", "proved"),
        ("equality", "proved"),
        ("equality", "refuted"),
    ]
    assert "under the condition i = j" in steps[1].reason
    cex = steps[3].counterexample
    assert cex is not None
    assert dict(cex.point)["i"] != dict(cex.point)["j"]


def test_sums_up_to_another_letter_set_the_class_count() -> None:
    """A document whose sums run to q: softmax reads with q entries, q >= 1 is assumed."""
    text = (
        "$$ \\sum_{j=1}^q y_j \\log \\frac{\\exp(o_j)}{\\sum_{k=1}^q \\exp(o_k)}"
        " = \\sum_{j=1}^q y_j o_j - \\sum_{j=1}^q y_j \\log \\sum_{k=1}^q \\exp(o_k) $$\n"
        "$$ \\frac{\\exp(o_j)}{\\sum_{k=1}^q \\exp(o_k)} = \\mathrm{softmax}(\\mathbf{o})_j $$\n"
    )
    steps = check(text, "md")
    assert outcome(steps) == [("equality", "proved"), ("equality", "proved")]
    assert "assuming q >= 1" in steps[0].reason


def test_a_label_used_as_an_index_is_instantiated() -> None:
    """Must fail: ``C e^{f_{y_i}} / (C Σ e^{f_j}) = e^{f_{y_i} + log C} / Σ e^{f_j}`` is refuted."""
    text = (
        "% softsym: assume C > 0\n"
        "\\[ \\frac{Ce^{f_{y_i}}}{C\\sum_j e^{f_j}} "
        "= \\frac{e^{f_{y_i} + \\log C}}{\\sum_j e^{f_j}} \\]\n"
    )
    [step] = check(text)
    assert step.status == "refuted"
    assert step.counterexample is not None
    assert ("y_1", "1") in step.counterexample.point


def test_a_failing_step_never_stops_the_file() -> None:
    """Steps after an unreadable or failing one are still checked, in order."""
    steps = check("\\[ \\frac{1}{ = 2 \\]\n\\[ 1 + 1 = 2 \\]\n")
    assert [s.status for s in steps][-1] == "proved"


def test_a_name_on_both_sides_is_a_claim() -> None:
    """Must fail: ``x = x + 1`` is checked (refuted), never remembered as a definition."""
    steps = check("\\[ x = x + 1 \\]\n\\[ p_j = 2 p_j - p_j \\]\n")
    assert outcome(steps) == [("equality", "refuted"), ("equality", "proved")]


def test_a_later_definition_fills_an_earlier_body() -> None:
    r"""``L(y, \hat y)``, then ``\hat y = \sigma(z)``: ∂L/∂z is proved; L keeps its parameters."""
    text = (
        "$$ L(y, \\hat{y}) = -[y \\log(\\hat{y}) + (1-y) \\log(1-\\hat{y})] $$\n"
        "$$ \\hat{y} = \\sigma(z) $$\n"
        "$$ \\frac{\\partial L}{\\partial z} = \\hat{y} - y $$\n"
        "$$ L(y, p) = L(y, q) $$\n"
        "$$ L(1, p) = -\\log p $$\n"
    )
    steps = check(text, "md")
    assert outcome(steps) == [
        ("definition", None),
        ("definition", None),
        ("equality", "proved"),
        ("equality", steps[3].status),
        ("equality", "proved"),
    ]
    assert steps[3].status != "proved"  # L(y, p) = L(y, q) is false


def test_inline_math_in_prose() -> None:
    """Inline claims are checked; ``$x = 0$`` in prose is skipped, never a definition."""
    text = (
        "Symmetry: $\\sigma(-x) = 1 - \\sigma(x)$. For $x = 0$ we get\n"
        "$\\sigma(x) = \\frac{1}{2}$, not $\\sigma(x) = x$.\n"
    )
    steps = check(text, "md")
    assert outcome(steps) == [
        ("equality", "proved"),
        ("skipped", None),
        ("equality", "refuted"),
        ("equality", "refuted"),
    ]


def test_restated_definition_is_reported_and_the_latest_holds() -> None:
    r"""``f(x) := x + 1`` then ``f(x) := 2x``: a warning on the second; later steps use it."""
    steps = check("\\[ f(x) := x + 1 \\]\n\\[ f(x) := 2x \\]\n\\[ f(2) = 4 \\]\n\\[ f(2) = 3 \\]\n")
    assert outcome(steps) == [
        ("definition", None),
        ("definition", None),
        ("equality", "proved"),
        ("equality", "refuted"),
    ]
    assert steps[0].warning == ""
    assert steps[1].warning.startswith("f(x) was defined before (line 1) with another value")
    assert "from line 2 on it means the new one" in steps[1].warning


def test_restating_the_same_definition_is_no_warning() -> None:
    r"""``g(x) := x^2`` then ``g(y) := y \cdot y``: the same function, no warning."""
    steps = check("\\[ g(x) := x^2 \\]\n\\[ g(y) := y \\cdot y \\]\n")
    assert [s.warning for s in steps] == ["", ""]


def test_restated_definition_in_a_directive_is_a_warning_of_the_file() -> None:
    """A define directive that changes a name's value is a warning, not a failure."""
    result = check_document(
        parse_document(
            "\\[ c := 1 \\]\n% softsym: define c = 2\n\\[ c + c = 4 \\]\n", kind="tex", path="t.tex"
        ),
        CheckOptions(),
    )
    [problem] = result.problems
    assert (problem.line, problem.severity) == (2, "warning")
    assert outcome(list(result.steps)) == [("definition", None), ("equality", "proved")]
    assert exit_status([result])


def test_chain_rule_through_a_defined_name() -> None:
    r"""Must pass: ∂L/∂ŷ is taken by ŷ, then ŷ = σ(z) is put in (the BCE chain rule)."""
    steps = check(
        "\\[ L := -y \\log \\hat y - (1 - y) \\log(1 - \\hat y) \\]\n"
        "\\[ \\hat y := \\sigma(z) \\]\n"
        "\\[ \\frac{\\partial L}{\\partial \\hat y}"
        " = \\frac{\\hat y - y}{\\hat y(1 - \\hat y)} \\]\n"
        "\\[ \\frac{\\partial L}{\\partial z} = \\frac{\\partial L}{\\partial \\hat y}"
        " \\cdot \\frac{\\partial \\hat y}{\\partial z} = \\hat y - y \\]\n"
    )
    assert outcome(steps) == [
        ("definition", None),
        ("definition", None),
        ("equality", "proved"),
        ("equality", "proved"),
        ("equality", "proved"),
    ]


def test_chain_rule_slip_through_a_defined_name_is_refuted() -> None:
    r"""Must fail: a lost sign in ∂L/∂ŷ is refuted, the defined ŷ notwithstanding."""
    steps = check(
        "\\[ L := -y \\log \\hat y - (1 - y) \\log(1 - \\hat y) \\]\n"
        "\\[ \\hat y := \\sigma(z) \\]\n"
        "\\[ \\frac{\\partial L}{\\partial \\hat y}"
        " = \\frac{y - \\hat y}{\\hat y(1 - \\hat y)} \\]\n"
        "\\[ \\frac{\\partial L}{\\partial \\hat y} = 0 \\]\n"
    )
    assert [s.status for s in steps[2:]] == ["refuted", "refuted"]


def test_a_vector_definition_is_remembered_entry_wise() -> None:
    r"""``\hat{\mathbf y} = \operatorname{softmax}(\mathbf o)`` defines ŷ_k; ŷ_j then unfolds."""
    steps = check(
        "\\[ \\hat{\\mathbf y} = \\operatorname{softmax}(\\mathbf o) \\]\n"
        "\\[ \\sum_j \\hat y_j = 1 \\]\n"
        "\\[ \\sum_j \\hat y_j = \\hat y_1 \\]\n"
    )
    assert outcome(steps) == [
        ("definition", None),
        ("equality", "proved"),
        ("equality", "refuted"),
    ]
    assert steps[0].parsed_lhs == "yhat_k", steps[1].reason


def test_vector_equations_are_checked_entry_wise() -> None:
    r"""Must pass and must fail: a vector step is read entry by entry, with a fresh index."""
    steps = check(
        "\\[ \\hat{\\mathbf y} := \\operatorname{softmax}(\\mathbf o) \\]\n"
        "\\[ 1 \\cdot \\hat{\\mathbf y} = \\operatorname{softmax}(\\mathbf o) \\]\n"
        "\\[ 1 \\cdot \\hat{\\mathbf y} = \\operatorname{softmax}(\\mathbf z) \\]\n"
        "\\[ 1 \\cdot \\operatorname{softmax}(\\mathbf z) = 1 \\]\n"
        "\\[ 1 \\cdot \\operatorname{softmax}(\\mathbf z) = \\frac{e^{z_j}}{\\sum_k e^{z_k}} \\]\n"
    )
    assert [s.status for s in steps] == [
        None,
        "proved",
        "refuted",
        "refuted",
        "refuted",  # a vector is not its entry j
    ]
    assert "read entry-wise" in steps[2].reason


def test_gradient_by_a_vector_is_not_proved_zero() -> None:
    r"""Must fail: ∂L/∂\mathbf z is read by the entry z_k, never as 0."""
    steps = check(
        "\\[ L := -\\sum_j y_j \\log \\operatorname{softmax}(\\mathbf z)_j \\]\n"
        "\\[ \\frac{\\partial L}{\\partial \\mathbf z} = 0 \\]\n"
    )
    assert steps[1].status != "proved"
    assert "entry-wise" in steps[1].reason


def test_two_index_letters_alone_are_a_case() -> None:
    """``i = j`` alone names the case an argument considers; it defines nothing."""
    steps = check(
        "\\[ i = j \\]\n\\[ \\sum_{j \\ne i} e^{z_j} = \\sum_{k=1}^{K} e^{z_k} - e^{z_i} \\]\n"
    )
    assert outcome(steps) == [("skipped", None), ("equality", "proved")]


# --- misreadings never refute: a vector used bare, a word, another reading ---------------


def test_a_vector_plus_a_number_is_read_entry_wise() -> None:
    r"""``logsumexp(x + c)`` with ``x_i`` in the document is the vector x + c: proved."""
    steps = check(
        "\\[ \\text{logsumexp}(x) = \\log\\sum_{i=1}^n e^{x_i} \\]\n"
        "\\[ \\text{logsumexp}(x + c) = \\text{logsumexp}(x) + c \\]\n"
    )
    assert [s.status for s in steps] == ["proved", "proved"]
    assert steps[1].parsed_lhs == "log(Sum(exp(c + x[k]), (k, 1, n)))"


def test_a_family_on_the_right_makes_the_left_a_vector() -> None:
    r"""``x_i`` only on the right side still makes ``x`` on the left the vector."""
    steps = check("\\[ \\text{logsumexp}(x + c) = \\log\\sum_{i=1}^n e^{x_i + c} \\]\n")
    assert outcome(steps) == [("equality", "proved")]


def test_a_wrong_broadcast_step_is_refuted_in_entries() -> None:
    r"""Must fail: ``logsumexp(x + c) = logsumexp(x) + 2c`` is refuted at entries x_1, x_2."""
    steps = check(
        "\\[ \\text{logsumexp}(x) = \\log\\sum_{i=1}^n e^{x_i} \\]\n"
        "\\[ \\text{logsumexp}(x + c) = \\text{logsumexp}(x) + 2c \\]\n"
    )
    assert steps[1].status == "refuted"
    assert steps[1].counterexample is not None
    names = [name for name, _ in steps[1].counterexample.point]
    assert "x" not in names
    assert "x_1" in names


def test_a_name_used_as_a_number_and_a_vector_is_not_checked() -> None:
    r"""Must fail: ``e^{x} = \sum_i e^{x_i}`` is neither proved nor refuted: x is ambiguous."""
    steps = check("\\[ e^{x} = \\sum_{i=1}^{n} e^{x_i} \\]\n\\[ x + \\sum_{i=1}^{n} x_i = x \\]\n")
    assert outcome(steps) == [("equality", "error"), ("equality", "error")]
    assert steps[0].reason.startswith("x is used both as a vector (x_i) and as a number (x)")


def test_a_chain_that_uses_both_roles_refutes_no_step() -> None:
    r"""A step in bare x after a row in x_i of the same chain is undecided, not refuted."""
    steps = check(
        "\\begin{align} \\log \\sum_{i=1}^{n} e^{x_i} &= \\log e^{x} \\\\ &= 2x \\end{align}\n"
    )
    assert outcome(steps) == [("equality", "error"), ("equality", "undecided")]
    assert "in this chain" in steps[1].reason
    assert steps[1].counterexample is None


def test_a_word_on_the_left_of_a_first_row_is_defined() -> None:
    r"""``odds = \frac{p}{1-p}`` defines odds (not o·d·d·s), which later steps use."""
    steps = check(
        "\\[ odds = \\frac{p}{1-p} \\]\n"
        "\\[ \\ln(odds) = \\ln\\frac{p}{1-p} \\]\n"
        "\\[ \\ln(odds) = \\ln p \\]\n"
        "\\[ odds = \\frac{p}{1+p} \\]\n"
    )
    assert outcome(steps) == [
        ("definition", None),
        ("equality", "proved"),
        ("equality", "refuted"),  # must fail: a wrong use of the defined word
        ("equality", "refuted"),  # must fail: a restatement with another value
    ]
    assert steps[0].reason == "remembered: odds := p/(1 - p)"


def test_letters_that_multiply_are_not_a_word() -> None:
    """``abc = cba`` is proved as a product; two letters are a product; both readings shown."""
    steps = check("\\[ abc = cba \\]\n\\[ ab = a + b \\]\n\\[ xyz = x + y + z \\]\n")
    assert outcome(steps) == [
        ("equality", "proved"),
        ("equality", "refuted"),
        ("equality", "undecided"),
    ]
    assert "read as the product x·y·z it is refuted" in steps[2].reason
    assert "read as the name xyz it defines xyz" in steps[2].reason
    assert steps[2].counterexample is None


def test_a_refuted_step_proved_in_another_reading_is_undecided() -> None:
    r"""``\sigma(0)`` next to a bare σ reads as a product; as σ applied to 0 it is proved."""
    steps = check(
        "\\[ \\sigma(0) + 0 \\cdot \\sigma = \\frac{1}{2} \\]\n"
        "\\[ \\sigma(0) + 0 \\cdot \\sigma = \\frac{1}{3} \\]\n"
    )
    assert outcome(steps) == [("equality", "undecided"), ("equality", "refuted")]
    assert "but proved if read as sigmoid(0) = 1/2" in steps[0].reason
    assert steps[0].counterexample is None


def test_a_value_given_inline_keeps_a_step_from_being_refuted() -> None:
    r"""``$q_i = ...$`` in the prose: a step it proves is undecided; a wrong one is refuted."""
    steps = check(
        "Define $q_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$ and take $y = 1$.\n\n"
        "$$\\sum_i p_i \\log q_i = \\sum_i p_i \\log\\frac{e^{x_i}}{\\sum_j e^{x_j}}$$\n\n"
        "$$\\log q_i = x_i + \\log\\sum_j e^{x_j}$$\n\n"
        "$$y = 2 y - 1$$\n",
        kind="md",
    )
    assert outcome(steps) == [
        ("skipped", None),
        ("skipped", None),
        ("equality", "undecided"),
        ("equality", "refuted"),  # must fail: wrong even with q_i's value
        ("equality", "refuted"),  # must fail: a number given inline is an example, not used
    ]
    assert "proved with q_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}} (inline math, line 1)" in (
        steps[2].reason
    )


def test_softmax_of_a_shifted_vector_is_checked_entry_wise() -> None:
    r"""``softmax(\mathbf z + c) = softmax(\mathbf z)`` is proved; with ``2\mathbf z``, refuted."""
    steps = check(
        "\\[ \\operatorname{softmax}(\\mathbf{z} + c) = \\operatorname{softmax}(\\mathbf{z}) \\]\n"
        "\\[ \\operatorname{softmax}(\\mathbf{z} + c) = \\operatorname{softmax}(2\\mathbf{z}) \\]\n"
    )
    assert outcome(steps) == [("equality", "proved"), ("equality", "refuted")]
