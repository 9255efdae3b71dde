"""Tests of softsym.lang.parser: accepted syntax and clear errors for everything else."""

from __future__ import annotations

import pytest
import sympy

from softsym.errors import ParseError
from softsym.lang.functions import sigmoid, softmax
from softsym.lang.parser import parse_assumption, parse_expr
from softsym.lang.symbols import real_symbols

z, z1, z2, y1, y2, T = real_symbols("z z1 z2 y1 y2 T")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2*sigmoid(2*z) - 1", 2 * sigmoid(2 * z) - 1),
        ("softmax(z1, z2)[0]", softmax(z1, z2)[0]),
        ("softmax(z1, z2)[1]", softmax(z1, z2)[1]),
        ("0.1*z", sympy.Rational(1, 10) * z),
        ("z**2 / 3", z**2 / 3),
        ("-z", -z),
        ("diff(sigmoid(z), z)", sympy.Derivative(sigmoid(z), z)),
        ("exp(z1)/(exp(z1)+exp(z2))", sympy.exp(z1) / (sympy.exp(z1) + sympy.exp(z2))),
    ],
)
def test_parse(text: str, expected: sympy.Expr) -> None:
    """Valid input gives the expected SymPy expression."""
    assert parse_expr(text) == expected


def test_all_other_names_are_real_symbols() -> None:
    """Unknown names become real symbols."""
    expr = parse_expr("alpha + beta")
    assert all(s.is_real for s in expr.free_symbols)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "__import__('os').system('touch /tmp/softsym-pwned')",
            "only named functions can be called (attribute) in "
            "\"__import__('os').system('touch /tmp/softsym-pwned')\" at column 1",
        ),
        (
            "__import__('os')",
            "names may not start with an underscore (got '__import__') in "
            "\"__import__('os')\" at column 1",
        ),
        ("x.real", "unsupported syntax (attribute) in 'x.real' at column 1"),
        ("foo(x)", "unknown function 'foo'"),
        (
            "softmax(a, b)[2]",
            "index 2 is out of range for 2 components (indices are 0-based: 0..1)",
        ),
        ("softmax(a, b)", "softmax is a vector here; index it"),
        ("sigmoid(a, b)", "sigmoid takes 1 argument (got 2)"),
        ("2**2**2**2**2", "exponent 65536 is too large (at most 1000)"),
        ("1/0", "division by zero"),
        ("(((", "syntax error in expression"),
        ("lambda: 1", "unsupported syntax (lambda)"),
        ("'text'", "unsupported constant 'text'"),
        ("", "empty expression"),
        ("x" * 6000, "expression is too long (6000 characters, at most 5000)"),
        ("sigmoid", "sigmoid is a function; call it"),
        ("diff(z, 2)", "diff can only differentiate with respect to a symbol"),
        ("[z1 for z1 in z]", "unsupported syntax (listcomp)"),
        ("exp(x=1)", "exp takes no keyword arguments"),
    ],
)
def test_errors(text: str, message: str) -> None:
    """Malformed or hostile input is a ParseError saying what is wrong."""
    with pytest.raises(ParseError) as info:
        parse_expr(text)
    assert message in str(info.value)


def test_hostile_input_is_not_executed(tmp_path: object) -> None:
    """Parsing never executes the input."""
    import pathlib

    target = pathlib.Path(str(tmp_path)) / "pwned"
    with pytest.raises(ParseError):
        parse_expr(f"__import__('os').system('touch {target}')")
    with pytest.raises(ParseError):
        parse_expr(f"open('{target}', 'w')")
    assert not target.exists()


def test_deep_nesting_is_an_error() -> None:
    """Very deep nesting is rejected, not a crash."""
    with pytest.raises(ParseError):
        parse_expr("(" * 3000 + "z" + ")" * 3000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("T > 0", sympy.Gt(T, 0)),
        ("y1 + y2 = 1", sympy.Eq(y1 + y2, 1)),
        ("y1 + y2 == 1", sympy.Eq(y1 + y2, 1)),
        ("z <= 3", sympy.Le(z, 3)),
    ],
)
def test_assumptions(text: str, expected: sympy.Basic) -> None:
    """Assumptions parse to relationals."""
    assert parse_assumption(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("T", "an assumption must be one comparison"),
        ("0 < T < 1", "an assumption must be one comparison"),
        ("1 > 0", "is always True"),
        ("T != 0", "comparison must be one of"),
    ],
)
def test_assumption_errors(text: str, message: str) -> None:
    """Bad assumptions are clear errors."""
    with pytest.raises(ParseError, match=message):
        parse_assumption(text)
