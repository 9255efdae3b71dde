"""Tests of `softsym check --tex` and of sums and indexed symbols in the text syntax of check."""

from __future__ import annotations

import pytest
import sympy
from sympy import IndexedBase, Sum, exp, log

from softsym.cli import main
from softsym.errors import ParseError
from softsym.lang.parser import parse_assumption, parse_expr

z = IndexedBase("z", real=True)
k, K, i = sympy.symbols("k K i", integer=True)
c = sympy.Symbol("c", real=True)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_tex_proves(capsys: pytest.CaptureFixture[str]) -> None:
    """LaTeX sides are read and proved."""
    code, out, _ = _run(capsys, "check", "--tex", r"\tanh(z)", r"2\sigma(2z) - 1")
    assert code == 0
    assert out.splitlines()[0] == "tanh(z) = 2*sigmoid(2*z) - 1"


def test_check_tex_refutes(capsys: pytest.CaptureFixture[str]) -> None:
    """The README error of issue 10 is refuted from its LaTeX."""
    code, out, _ = _run(capsys, "check", "--tex", r"\tanh(z)", r"2\sigma(z) - 1")
    assert code == 1
    assert "REFUTED" in out


def test_check_tex_general_k(capsys: pytest.CaptureFixture[str]) -> None:
    """A general-K identity in LaTeX, with its assumption, is proved."""
    argv = [r"\log \sum_{k=1}^{K} e^{z_k + c}", r"\log \sum_k e^{z_k} + c", "--assume", "K >= 1"]
    code, out, _ = _run(capsys, "check", "--tex", *argv)
    assert code == 0, out


def test_check_tex_unreadable_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Unreadable LaTeX exits 2 with the column and what was expected."""
    code, _, err = _run(capsys, "check", "--tex", r"\frac{1}{1+e^{-x}", "1")
    assert code == 2
    assert err.strip().endswith(r"column 18: expected '}' after '\frac{1}{1+e^{-x}' (got the end)")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sum(exp(z[k]), (k, 1, K))", Sum(exp(z[k]), (k, 1, K))),
        ("z[1] + z[k]", z[1] + z[k]),
        ("w[i, k]", IndexedBase("w", real=True)[i, k]),
        ("log(Sum(exp(z[k] + c), (k, 1, K)))", log(Sum(exp(z[k] + c), (k, 1, K)))),
    ],
)
def test_text_syntax_reads_sums_and_indexed(text: str, expected: sympy.Expr) -> None:
    """Sum(...) and z[k] read as derivations/k_classes.py writes them."""
    assert parse_expr(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Sum(z[k], (k, 1, 2.5))", "z[0.5]", "Sum(z[k])", "Sum(z[k], (1, 1, K))", "_z[k]", "Sum"],
)
def test_text_syntax_rejects_bad_sums(text: str) -> None:
    """Malformed sums and non-integer indices are parse errors."""
    with pytest.raises(ParseError):
        parse_expr(text)


def test_sum_in_an_assumption() -> None:
    """An assumption can state that a family sums to one."""
    y = IndexedBase("y", real=True)
    assert parse_assumption("Sum(y[k], (k, 1, K)) = 1") == sympy.Eq(Sum(y[k], (k, 1, K)), 1)


def test_check_text_general_k(capsys: pytest.CaptureFixture[str]) -> None:
    """check proves the logsumexp shift identity written in the text syntax."""
    lhs = "log(Sum(exp(z[k] + c), (k, 1, K)))"
    rhs = "log(Sum(exp(z[k]), (k, 1, K))) + c"
    code, out, _ = _run(capsys, "check", lhs, rhs, "--assume", "K >= 1")
    assert code == 0, out
