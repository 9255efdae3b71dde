"""Tests of softsym.tools.simplify: teacher forms, always with a proof, the simplify command."""

from __future__ import annotations

import importlib
import json
import re

import pytest
import sympy
from sympy import exp, log

from softsym.cli import main
from softsym.decide import check
from softsym.errors import ParseError
from softsym.lang.functions import (
    log_softmax,
    logsumexp,
    sigmoid,
    softmax,
    softplus,
)
from softsym.lang.symbols import real_symbols
from softsym.tools.simplify import RULES, Rule, Simplification, apply_rules, simplify
from softsym.verdict import Status, Verdict

# softsym.tools.simplify is the function once the package is imported; this is the module.
SIMPLIFY_MODULE = importlib.import_module("softsym.tools.simplify")

z, y, z1, z2, z3, y1, y2, y3 = real_symbols("z y z1 z2 z3 y1 y2 y3")

CE3_GRADIENT = "diff(cross_entropy(softmax(z1, z2, z3), [y1, y2, y3]), z2)"

EXAMPLES = [
    ("diff(sigmoid(z), z)", (), sigmoid(z) * (1 - sigmoid(z)), "(1 - sigmoid(z))*sigmoid(z)"),
    ("exp(z1)/(exp(z1) + exp(z2))", (), softmax(z1, z2)[0], "softmax(z1, z2)[0]"),
    ("1/(1 + exp(-z))", (), sigmoid(z), "sigmoid(z)"),
    ("log(1 + exp(z))", (), softplus(z), "softplus(z)"),
    ("log(exp(z1) + exp(z2))", (), logsumexp(z1, z2), "logsumexp(z1, z2)"),
    (
        CE3_GRADIENT,
        ("y1 + y2 + y3 = 1",),
        softmax(z1, z2, z3)[1] - y2,
        "-y2 + softmax(z1, z2, z3)[1]",
    ),
    ("exp(z)/(1 + exp(z))", (), sigmoid(z), "sigmoid(z)"),
    ("diff(softplus(z), z)", (), sigmoid(z), "sigmoid(z)"),
    ("diff(log(1 + exp(z)), z)", (), sigmoid(z), "sigmoid(z)"),
    ("z + log(1 + exp(-z))", (), softplus(z), "softplus(z)"),
    (
        "log(exp(z1)/(exp(z1) + exp(z2) + exp(z3)))",
        (),
        log_softmax(z1, z2, z3)[0],
        "log_softmax(z1, z2, z3)[0]",
    ),
    ("diff(binary_cross_entropy(sigmoid(z), y), z)", (), sigmoid(z) - y, "-y + sigmoid(z)"),
    (
        "diff(logsumexp(z1, z2, z3), z1)",
        (),
        softmax(z1, z2, z3)[0],
        "softmax(z1, z2, z3)[0]",
    ),
]


@pytest.mark.parametrize(
    ("text", "assumptions", "expected", "printed"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_simplify_examples(
    text: str, assumptions: tuple[str, ...], expected: sympy.Expr, printed: str
) -> None:
    """Each example simplifies to exactly the teacher's form, with a proof."""
    result = simplify(text, assumptions)
    assert result.expr == expected
    assert str(result.expr) == printed
    assert result.changed
    assert result.verdict.status is Status.PROVED
    assert (result.verdict.lhs, result.verdict.rhs) == (str(result.original), printed)
    assert result.verdict.assumptions == assumptions


def test_sigmoid_derivative_has_no_exp() -> None:
    """diff(sigmoid(z), z) is written with σ only, not as an exp fraction."""
    result = simplify(sympy.Derivative(sigmoid(z), z))
    assert not result.expr.has(exp)
    assert result.expr.atoms(sigmoid) == {sigmoid(z)}


def test_ce_gradient_without_the_assumption_keeps_the_targets() -> None:
    """Without y1 + y2 + y3 = 1 the targets' sum stays in the gradient."""
    result = simplify(CE3_GRADIENT)
    assert result.expr == (y1 + y2 + y3) * softmax(z1, z2, z3)[1] - y2
    assert str(result.expr) == "-y2 + (y1 + y2 + y3)*softmax(z1, z2, z3)[1]"
    assert result.verdict.assumptions == ()


def test_already_simple_input_is_returned_with_identical_verdict() -> None:
    """An input no candidate improves is returned itself, proved as identical."""
    result = simplify(log(sigmoid(z)))
    assert result.expr == log(sigmoid(z))
    assert not result.changed
    assert (result.verdict.status, result.verdict.method) == (Status.PROVED, "identical")


def test_sympy_expression_input() -> None:
    """A SymPy expression is accepted as well as text, with the same result."""
    result = simplify(exp(z1) / (exp(z1) + exp(z2)))
    assert result.expr == simplify("exp(z1)/(exp(z1) + exp(z2))").expr == softmax(z1, z2)[0]


def test_wrong_rule_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that proposes a false, cheaper form is refuted by the kernel and not used."""

    def drop_log(expr: sympy.Expr) -> sympy.Expr | None:
        if isinstance(expr, log):
            return expr.args[0] - 1
        return None

    monkeypatch.setattr(SIMPLIFY_MODULE, "RULES", (Rule("wrong", "log(u) → u − 1", drop_log),))
    assert apply_rules(log(z**2 + 2)) == z**2 + 1
    result = simplify("log(z**2 + 2)")
    assert result.expr == log(z**2 + 2)
    assert result.verdict.method == "identical"


RULE_CASES = [
    (exp(z) / (1 + exp(z)), sigmoid(z)),
    (1 / (1 + exp(z)), sigmoid(-z)),
    (exp(-z) / (1 + exp(-z)) ** 2, sigmoid(-z) * sigmoid(z)),
    (1 / (1 + exp(-z)) ** 2, sigmoid(z) ** 2),
    (exp(z2) / (exp(z1) + exp(z2) + exp(z3)), softmax(z1, z2, z3)[1]),
    (y1 * exp(z1) / (exp(z1) + exp(z2)), y1 * softmax(z1, z2)[0]),
    (log(1 + exp(-z)), softplus(-z)),
    (log(exp(z1) + exp(z2) + exp(z3)), logsumexp(z1, z2, z3)),
    (log(1 + exp(z1) + exp(z2)), logsumexp(0, z1, z2)),
    (log(softmax(z1, z2)[1]), log_softmax(z1, z2)[1]),
    (exp(2 * z) / (1 + exp(z)), exp(2 * z) * sigmoid(-z)),
    (2 / (2 + exp(z)), 2 / (2 + exp(z))),
    (log(2 + exp(z)), log(2 + exp(z))),
]


@pytest.mark.parametrize(("expr", "expected"), RULE_CASES, ids=[str(c[0]) for c in RULE_CASES])
def test_apply_rules(expr: sympy.Expr, expected: sympy.Expr) -> None:
    """The recognisers rewrite exactly the exp/log patterns they name, and nothing else."""
    assert apply_rules(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), RULE_CASES, ids=[str(c[0]) for c in RULE_CASES])
def test_rule_results_are_true(expr: sympy.Expr, expected: sympy.Expr) -> None:
    """Every rewrite in the table is an identity the kernel proves."""
    assert check(expr, expected).status is Status.PROVED


def test_rule_order() -> None:
    """The rules are applied in the documented order."""
    assert [r.name for r in RULES] == ["sigmoid", "softmax", "softplus", "logsumexp", "log-softmax"]


def test_to_json() -> None:
    """to_json gives input, result, LaTeX and the proof."""
    data = simplify("1/(1 + exp(-z))").to_json(timings=False)
    assert data == {
        "input": "1/(1 + exp(-z))",
        "simplified": "sigmoid(z)",
        "latex": r"\sigma\left(z\right)",
        "changed": True,
        "verdict": {
            "status": "proved",
            "method": "identical",
            "reason": "both sides are the same after unfolding definitions",
            "lhs": "1/(1 + exp(-z))",
            "rhs": "sigmoid(z)",
            "assumptions": [],
            "counterexample": None,
        },
    }


def test_simplification_needs_a_proved_verdict() -> None:
    """A Simplification cannot carry an undecided verdict."""
    verdict = Verdict(Status.UNDECIDED, "", "not shown", "z", "sigmoid(z)")
    with pytest.raises(
        ValueError, match=r"^a simplification needs a proved verdict \(got undecided\)$"
    ):
        Simplification(expr=sigmoid(z), original=z, verdict=verdict)


def test_simplification_needs_the_verdict_about_its_expressions() -> None:
    """A proof of another equation does not make a Simplification."""
    with pytest.raises(ValueError, match=r"^the verdict is about z = z, not z = sigmoid\(z\)$"):
        Simplification(expr=sigmoid(z), original=z, verdict=check(z, z))


def test_text_that_does_not_parse() -> None:
    """Text input is parsed safely; a syntax error is a ParseError naming the column."""
    message = "syntax error in expression 'exp(': '(' was never closed at column 4"
    with pytest.raises(ParseError, match=f"^{re.escape(message)}$"):
        simplify("exp(")


def test_vector_is_rejected() -> None:
    """A softmax vector is not a scalar expression."""
    with pytest.raises(
        TypeError, match=r"^simplify needs a scalar expression \(got ImmutableDenseMatrix\)$"
    ):
        simplify(softmax(z1, z2))


def test_timeout_must_be_positive() -> None:
    """A non-positive time limit is rejected."""
    with pytest.raises(ValueError, match=r"^timeout must be positive \(got 0\)$"):
        simplify(z, timeout=0)


# --- the command line ------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_simplify(capsys: pytest.CaptureFixture[str]) -> None:
    """simplify prints input = result, then the proof, and exits 0."""
    code, out, err = run(capsys, "simplify", "diff(sigmoid(z), z)")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[0] == "Derivative(sigmoid(z), z) = (1 - sigmoid(z))*sigmoid(z)"
    assert re.fullmatch(r"proved by exp-rational \(\d+\.\d{3} s\)", lines[1])
    assert lines[2:] == ["  with t = exp(z/L) the difference is the zero rational function"]


def test_cli_simplify_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    """When nothing simpler is proved the command says so and still exits 0."""
    code, out, _ = run(capsys, "simplify", "sigmoid(z)")
    assert code == 0
    assert out.splitlines()[0] == "sigmoid(z) = sigmoid(z)"
    assert out.splitlines()[-1] == "no simpler form was proved; the input is returned unchanged"


def test_cli_simplify_json(capsys: pytest.CaptureFixture[str]) -> None:
    """simplify --json with --assume gives the result and its proof under the assumption."""
    code, out, _ = run(capsys, "simplify", CE3_GRADIENT, "--assume", "y1 + y2 + y3 = 1", "--json")
    data = json.loads(out)
    seconds = data["verdict"].pop("seconds")
    assert code == 0
    assert isinstance(seconds, float)
    lhs = (
        "Derivative(cross_entropy([softmax(z1, z2, z3)[0], softmax(z1, z2, z3)[1], "
        "softmax(z1, z2, z3)[2]], [y1, y2, y3]), z2)"
    )
    assert data == {
        "input": lhs,
        "simplified": "-y2 + softmax(z1, z2, z3)[1]",
        "latex": r"- y_{2} + \operatorname{softmax}\left(z_{1}, z_{2}, z_{3}\right)_{2}",
        "changed": True,
        "verdict": {
            "status": "proved",
            "method": "exp-rational",
            "reason": "with t = exp(z/L) the difference is the zero rational function",
            "lhs": lhs,
            "rhs": "-y2 + softmax(z1, z2, z3)[1]",
            "assumptions": ["y1 + y2 + y3 = 1"],
            "counterexample": None,
        },
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("exp(z",),
            "softsym: error: syntax error in expression 'exp(z': '(' was never closed at column 4",
        ),
        (
            ("softmax(z1, z2)",),
            "softsym: error: softmax is a vector here; index it, e.g. softmax(z1, z2)[0] "
            "in 'softmax(z1, z2)' at column 1",
        ),
        (
            ("z", "--assume", "z >"),
            "softsym: error: syntax error in assumption 'z >': invalid syntax",
        ),
        (
            ("__import__('os')",),
            "softsym: error: names may not start with an underscore (got '__import__') "
            "in \"__import__('os')\" at column 1",
        ),
    ],
)
def test_cli_simplify_bad_input(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    """Bad input exits 2 with a message that says what is wrong."""
    code, out, err = run(capsys, "simplify", *argv)
    assert (code, out) == (2, "")
    assert err == message + "\n"


def test_cli_simplify_bad_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    """A non-positive --timeout is a usage error (exit 2)."""
    code, _, err = run(capsys, "simplify", "z", "--timeout", "0")
    assert code == 2
    assert (
        err.splitlines()[-1]
        == "softsym simplify: error: argument --timeout: must be positive (got 0)"
    )
