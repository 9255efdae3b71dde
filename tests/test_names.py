"""Tests of softsym.lang.names: one registry that the parser and the printers share."""

from __future__ import annotations

import pytest

from softsym.lang import functions as sf
from softsym.lang.names import NAMES, by_class, by_name
from softsym.lang.parser import FUNCTION_NAMES, parse_expr


def _concrete_functions() -> set[type]:
    found: set[type] = set()
    todo = [sf.SoftsymFunction]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if not sub.__name__.startswith("_"):
                found.add(sub)
    return found


def test_every_softsym_function_is_registered() -> None:
    """A function class missing from the registry could not be written or measured."""
    assert {f.cls for f in NAMES} == _concrete_functions()


def test_every_registered_name_is_read_by_the_parser() -> None:
    """The parser's known names are the registry's plus SymPy's and diff."""
    assert {f.name for f in NAMES} <= set(FUNCTION_NAMES)


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("sigmoid(z)", sf.sigmoid),
        ("softplus(z)", sf.softplus),
        ("logit(p)", sf.logit),
        ("logsumexp(a, b, c)", sf.logsumexp),
        ("softmax(a, b)[1]", sf.softmax_component),
        ("log_softmax(a, b)[0]", sf.log_softmax_component),
        ("cross_entropy([p1, p2], [y1, y2])", sf.cross_entropy),
        ("binary_cross_entropy(p, y)", sf.binary_cross_entropy),
    ],
)
def test_each_name_builds_its_class(text: str, cls: type) -> None:
    """What the parser builds for a name is the registry's class for it."""
    expr = parse_expr(text)
    assert isinstance(expr, cls)
    entry = by_class(cls)
    assert entry is not None
    assert by_name(entry.name) is entry
    assert text.startswith(entry.name)


def test_unknown_lookups() -> None:
    """Names and classes outside the registry give None."""
    assert by_name("tanh") is None
    assert by_class(int) is None
