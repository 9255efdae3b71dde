"""Read user text as SymPy expressions without executing it.

The text is parsed with :func:`ast.parse` and the syntax tree is walked by
hand: only numbers, names, arithmetic, calls to a fixed list of functions,
``softmax(...)[i]`` indexing and (for assumptions) comparisons are accepted.
Nothing is evaluated with ``eval`` or ``sympify``; any other construct is a
:class:`~softsym.errors.ParseError` that names the construct and its column.

>>> parse_expr("2*sigmoid(2*z) - 1")
2*sigmoid(2*z) - 1
>>> parse_expr("softmax(z1, z2)[0]")
softmax(z1, z2)[0]
>>> parse_expr("Sum(exp(z[k]), (k, 1, K))")
Sum(exp(z[k]), (k, 1, K))

Indexed symbols and finite sums are read as ``derivations/k_classes.py`` writes
them: ``z[k]`` is entry ``k`` of ``IndexedBase("z", real=True)``, and every name
used as an index, as the index of a ``Sum`` or in its limits is an integer symbol.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

import sympy
from sympy import Expr, Rational, Symbol

from softsym.errors import ParseError
from softsym.lang.domain import Condition, local_conditions
from softsym.lang.functions import cross_entropy, max_min
from softsym.lang.names import NAMES

__all__ = [
    "FUNCTION_NAMES",
    "MAX_LENGTH",
    "parse_assumption",
    "parse_expr",
    "parse_with_domain",
    "real_symbol",
]

MAX_LENGTH = 5000
"""Longest accepted input text, in characters."""

_MAX_EXPONENT = 1000
_MAX_DIGITS = 10_000


def real_symbol(name: str) -> Symbol:
    """Return the real symbol softsym uses for ``name``."""
    return Symbol(name, real=True)


@dataclass(frozen=True)
class _Vector:
    """A vector value (softmax(...) before indexing, or a list literal)."""

    items: tuple[Expr, ...]
    kind: str


Value: TypeAlias = "Expr | _Vector"


_SCALAR: dict[str, tuple[Callable[..., Expr], int | None]] = {
    "exp": (sympy.exp, 1),
    "log": (sympy.log, 1),
    "sqrt": (sympy.sqrt, 1),
    "tanh": (sympy.tanh, 1),
    "cosh": (sympy.cosh, 1),
    "sinh": (sympy.sinh, 1),
    "Abs": (sympy.Abs, 1),
    "abs": (sympy.Abs, 1),
    "Max": (lambda *a: max_min(sympy.Max, a), None),
    "Min": (lambda *a: max_min(sympy.Min, a), None),
    # cross_entropy takes two vectors: the reader handles it (like diff) itself.
    **{f.name: (f.build, f.arity) for f in NAMES if not f.vector and f.name != "cross_entropy"},
}
_VECTOR = {f.name: f.build for f in NAMES if f.vector}

FUNCTION_NAMES: tuple[str, ...] = tuple(
    sorted([*_SCALAR, *_VECTOR, "diff", "cross_entropy", "Sum"])
)
"""Every function name the input syntax knows."""

_BINOPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_COMPARE: dict[type[ast.cmpop], Callable[[Expr, Expr], Any]] = {
    ast.Eq: sympy.Eq,
    ast.Gt: sympy.Gt,
    ast.GtE: sympy.Ge,
    ast.Lt: sympy.Lt,
    ast.LtE: sympy.Le,
}


_MAX_INDICES = 4


def _integer_names(tree: ast.AST) -> frozenset[str]:
    """Names used as indices (``z[k]``) or in a ``Sum``'s limits: they are integer symbols."""
    found: set[str] = set()
    for node in ast.walk(tree):
        parts: list[ast.AST] = []
        if isinstance(node, ast.Subscript):
            parts.append(node.slice)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Sum"
            and len(node.args) == 2
        ):
            parts.append(node.args[1])
        for part in parts:
            found.update(n.id for n in ast.walk(part) if isinstance(n, ast.Name))
    return frozenset(found)


class _Reader:
    def __init__(self, text: str, integers: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.integers = integers
        # Where the input is defined, recorded as each node is built: SymPy's automatic
        # simplification may drop a condition (exp(log(x)) is x at once).
        self.conditions: dict[Condition, None] = {}

    def record(self, conds: list[Condition]) -> None:
        self.conditions.update(dict.fromkeys(conds))

    def fail(self, message: str, node: ast.AST | None = None) -> ParseError:
        column = getattr(node, "col_offset", None) if node is not None else None
        return ParseError(f"{message} in {self.text!r}", self.text, column)

    def scalar(self, node: ast.AST) -> Expr:
        value = self.value(node)
        if isinstance(value, _Vector):
            raise self.fail(
                f"{value.kind} is a vector here; index it, e.g. {value.kind}(z1, z2)[0]", node
            )
        return value

    def value(self, node: ast.AST) -> Value:
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.scalar(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return self.binop(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.List | ast.Tuple):
            return _Vector(tuple(self.scalar(e) for e in node.elts), "list")
        raise self.fail(f"unsupported syntax ({_describe(node)})", node)

    def number(self, node: ast.Constant) -> Expr:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise self.fail(f"unsupported constant {v!r}", node)
        if isinstance(v, float):
            if not math.isfinite(v):
                raise self.fail(f"number {v!r} is not finite", node)
            # The decimal the user typed, exactly: 0.1 is 1/10, not a binary float.
            frac = Fraction(ast.get_source_segment(self.text, node) or repr(v))
            return Rational(frac.numerator, frac.denominator)
        if len(str(v)) > _MAX_DIGITS:
            raise self.fail("integer literal is too long", node)
        return sympy.Integer(v)

    def name(self, node: ast.Name) -> Value:
        ident = node.id
        if ident.startswith("_"):
            raise self.fail(f"names may not start with an underscore (got {ident!r})", node)
        if ident in _SCALAR or ident in _VECTOR or ident in ("diff", "cross_entropy", "Sum"):
            raise self.fail(f"{ident} is a function; call it, e.g. {ident}(z)", node)
        if ident in self.integers:
            return Symbol(ident, integer=True)
        return real_symbol(ident)

    def binop(self, node: ast.BinOp) -> Expr:
        op = _BINOPS[type(node.op)]
        if op in "+-" or op == "*":
            return self.chain(node)
        left, right = self.scalar(node.left), self.scalar(node.right)
        if op == "/":
            if right == 0:
                raise self.fail("division by zero", node)
            self.record([("nonzero", right)])
            return left / right
        self.check_power(left, right, node)
        self.record(local_conditions(sympy.Pow(left, right, evaluate=False)))
        return left**right

    def chain(self, node: ast.BinOp) -> Expr:
        """``a + b - c + ...`` or ``a * b * ...``, read without one recursion per term.

        Python parses ``y1 + y2 + ... + y500`` as a left-deep tree 500 levels high.
        """
        additive = isinstance(node.op, ast.Add | ast.Sub)
        same = (ast.Add, ast.Sub) if additive else (ast.Mult,)
        parts: list[tuple[ast.AST, ast.BinOp]] = []
        left: ast.AST = node
        while isinstance(left, ast.BinOp) and isinstance(left.op, same):
            parts.append((left.right, left))
            left = left.left
        items = [self.scalar(left)]
        for operand, parent in reversed(parts):
            term = self.scalar(operand)
            items.append(-term if isinstance(parent.op, ast.Sub) else term)
        return sympy.Add(*items) if additive else sympy.Mul(*items)

    def check_power(self, base: Expr, exponent: Expr, node: ast.AST) -> None:
        if exponent.is_Number and abs(exponent) > _MAX_EXPONENT:
            raise self.fail(f"exponent {exponent} is too large (at most {_MAX_EXPONENT})", node)
        if base.is_Number and exponent.is_Number:
            if base == 0 and exponent.is_negative:
                raise self.fail("division by zero", node)
            size = abs(float(exponent)) * math.log10(max(2.0, abs(float(base))))
            if size > _MAX_DIGITS:
                raise self.fail("number is too large", node)

    def call(self, node: ast.Call) -> Value:
        if not isinstance(node.func, ast.Name):
            raise self.fail(f"only named functions can be called ({_describe(node.func)})", node)
        fname = node.func.id
        if fname.startswith("_"):
            raise self.fail(f"names may not start with an underscore (got {fname!r})", node)
        if node.keywords:
            raise self.fail(f"{fname} takes no keyword arguments", node)
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail("starred arguments are not supported", node)
        if fname == "diff":
            return self.diff(node)
        if fname == "Sum":
            return self.sum(node)
        if fname == "cross_entropy":
            if len(node.args) != 2:
                raise self.fail("cross_entropy takes 2 arguments: cross_entropy(p, y)", node)
            p, y = (self.vector(a) for a in node.args)
            if len(p) != len(y):
                raise self.fail(
                    f"cross_entropy needs p and y of the same length (got {len(p)} and {len(y)})",
                    node,
                )
            return cross_entropy(p, y)
        if fname in _VECTOR:
            if not node.args:
                raise self.fail(f"{fname} needs at least one argument", node)
            args = [self.scalar(a) for a in node.args]
            return _Vector(tuple(_VECTOR[fname](*args)), fname)
        if fname not in _SCALAR:
            known = ", ".join(FUNCTION_NAMES)
            raise self.fail(f"unknown function {fname!r} (known: {known})", node)
        fn, arity = _SCALAR[fname]
        if arity is not None and len(node.args) != arity:
            raise self.fail(
                f"{fname} takes {arity} argument{'s' if arity > 1 else ''} (got {len(node.args)})",
                node,
            )
        if not node.args:
            raise self.fail(f"{fname} needs at least one argument", node)
        args = [self.scalar(a) for a in node.args]
        result = fn(*args)
        if fname in ("log", "sqrt"):
            self.record(local_conditions(fn(*args, evaluate=False)))
        self.record(local_conditions(result))
        return result

    def vector(self, node: ast.AST) -> tuple[Expr, ...]:
        value = self.value(node)
        if not isinstance(value, _Vector):
            raise self.fail("expected a vector such as [y1, y2] or softmax(z1, z2)", node)
        return value.items

    def diff(self, node: ast.Call) -> Expr:
        if len(node.args) < 2:
            raise self.fail("diff takes an expression and one or more symbols", node)
        expr = self.scalar(node.args[0])
        variables = []
        for a in node.args[1:]:
            var = self.scalar(a)
            if not isinstance(var, Symbol):
                raise self.fail("diff can only differentiate with respect to a symbol", a)
            variables.append(var)
        return sympy.Derivative(expr, *variables)

    def sum(self, node: ast.Call) -> Expr:
        """``Sum(body, (k, lower, upper))``: a finite sum over the integer ``k``."""
        usage = "Sum takes a term and its limits: Sum(exp(z[k]), (k, 1, K))"
        if len(node.args) != 2 or not isinstance(node.args[1], ast.Tuple):
            raise self.fail(usage, node)
        limits = node.args[1].elts
        if len(limits) != 3 or not isinstance(limits[0], ast.Name):
            raise self.fail(usage, node)
        index = self.scalar(limits[0])
        lower, upper = self.scalar(limits[1]), self.scalar(limits[2])
        for bound in (lower, upper):
            if not (bound.is_integer or bound.is_Integer):
                raise self.fail(f"the limits of a Sum must be integers (got {bound})", node)
        return sympy.Sum(self.scalar(node.args[0]), (index, lower, upper))

    def indexed(self, node: ast.Subscript) -> Expr:
        """``z[k]``, ``w[i, j]``: an entry of the real indexed family ``z``."""
        assert isinstance(node.value, ast.Name)  # noqa: S101 - checked by the caller
        ident = node.value.id
        if ident.startswith("_"):
            raise self.fail(f"names may not start with an underscore (got {ident!r})", node)
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if not 1 <= len(parts) <= _MAX_INDICES:
            raise self.fail(f"an entry takes 1 to {_MAX_INDICES} indices", node)
        indices = [self.scalar(p) for p in parts]
        for i in indices:
            if not (i.is_integer or i.is_Integer):
                raise self.fail(f"an index must be an integer (got {i})", node)
        return sympy.IndexedBase(ident, real=True)[tuple(indices)]

    def subscript(self, node: ast.Subscript) -> Expr:
        if isinstance(node.value, ast.Name) and node.value.id not in FUNCTION_NAMES:
            return self.indexed(node)
        base = self.value(node.value)
        if not isinstance(base, _Vector):
            raise self.fail("only softmax(...) and log_softmax(...) can be indexed", node)
        index_node = node.slice
        if not (
            isinstance(index_node, ast.Constant)
            and isinstance(index_node.value, int)
            and not isinstance(index_node.value, bool)
        ):
            raise self.fail("the index must be an integer literal such as [0]", node)
        i = index_node.value
        if not 0 <= i < len(base.items):
            raise self.fail(
                f"index {i} is out of range for {len(base.items)} components "
                f"(indices are 0-based: 0..{len(base.items) - 1})",
                node,
            )
        return base.items[i]


def _describe(node: ast.AST) -> str:
    return type(node).__name__.lower()


def _tree(text: str, what: str) -> ast.expr:
    if not isinstance(text, str):
        raise ParseError(f"{what} must be text (got {type(text).__name__})")
    if not text.strip():
        raise ParseError(f"empty {what}")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"{what} is too long ({len(text)} characters, at most {MAX_LENGTH})")
    try:
        return ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        column = (exc.offset - 1) if exc.offset else None
        raise ParseError(f"syntax error in {what} {text!r}: {exc.msg}", text, column) from None
    except (MemoryError, RecursionError, ValueError):
        raise ParseError(f"{what} is nested too deeply or malformed: {text[:60]!r}") from None


def parse_expr(text: str) -> Expr:
    """Parse an expression in softsym's input syntax.

    >>> parse_expr("exp(log(x))")
    x
    """
    return parse_with_domain(text)[0]


def parse_with_domain(text: str) -> tuple[Expr, tuple[Condition, ...]]:
    """Parse an expression and say where the text as written is defined.

    Args:
        text: SymPy/Python syntax using the names in :data:`FUNCTION_NAMES`;
            every other name is a real symbol. ``softmax(...)[i]`` is 0-based.

    Returns:
        The SymPy expression, and the conditions (:mod:`softsym.lang.domain`) of
        every node as written, before SymPy simplified it:
        ``parse_with_domain("exp(log(x))")`` is ``x`` with ``x > 0``.

    Raises:
        ParseError: The text is not a valid expression; the message says what
            is wrong and where.
    """
    tree = _tree(text, "expression")
    reader = _Reader(text.strip() if isinstance(text, str) else text, _integer_names(tree))
    try:
        expr = reader.scalar(tree)
        return expr, tuple(reader.conditions)
    except RecursionError:
        raise ParseError(f"expression is nested too deeply: {text[:60]!r}") from None
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ParseError):
            raise
        raise ParseError(f"invalid expression {text!r}: {exc}") from None


def parse_assumption(text: str) -> sympy.Basic:
    """Parse an assumption such as ``T > 0`` or ``y1 + y2 = 1``.

    Args:
        text: A comparison with one of ``=``, ``==``, ``>``, ``>=``, ``<``, ``<=``.

    Returns:
        A SymPy relational.

    Raises:
        ParseError: The text is not a single comparison of two expressions.
    """
    if (
        isinstance(text, str)
        and "=" in text
        and not any(op in text for op in ("==", ">=", "<=", "!="))
    ):
        text = text.replace("=", "==", 1)
    node = _tree(text, "assumption")
    reader = _Reader(text.strip(), _integer_names(node))
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
        raise reader.fail("an assumption must be one comparison such as 'T > 0'", node)
    op = type(node.ops[0])
    if op not in _COMPARE:
        raise reader.fail("comparison must be one of =, ==, >, >=, <, <=", node)
    try:
        left, right = reader.scalar(node.left), reader.scalar(node.comparators[0])
    except RecursionError:
        raise ParseError(f"assumption is nested too deeply: {text[:60]!r}") from None
    rel = _COMPARE[op](left, right)
    if rel in (sympy.true, sympy.false):
        raise reader.fail(f"assumption {text!r} is always {bool(rel)}; state a condition", node)
    return rel
