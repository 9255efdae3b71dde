"""Expressions as their Python source writes them: the author's order, kept for printing.

SymPy orders and evaluates an expression as it builds it: ``1/(1 + exp(z2 - z1))``
becomes ``1/(exp(-z1 + z2) + 1)``. Python code keeps the order its author chose
only in its source text. This module reads that text (``ast``, never running it)
and builds each side and step again *unevaluated*, in the order written, so that
the renderers can print it as written: :func:`written_call` for the
``Derivation(...)`` call that is running (a file, a notebook cell, a test),
:func:`written_latex` for the steps a file makes outside such a call.

Nothing is executed: a name stands for the value the calling code bound to it
only when that value is a SymPy expression (a symbol, an indexed base, an earlier
result), and a call is made only to the functions of :data:`FUNCTIONS` (SymPy's
and softsym's own), with arguments built the same way. Anything else (a call of
the author's own function, a comprehension, a name bound to a list) leaves that
expression to SymPy's printing. Each written form is kept only for the
expression it evaluates to, so it can never print another expression.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Mapping
from typing import Any

import sympy
from sympy import Add, Basic, Expr, Integer, Mul, Pow, S
from sympy.printing.latex import LatexPrinter

from softsym.errors import SoftsymError
from softsym.lang import functions as sf
from softsym.lang.latex import read_latex
from softsym.lang.symbols import realify

__all__ = [
    "FUNCTIONS",
    "Part",
    "evaluated",
    "reads_back",
    "written_call",
    "written_forms",
    "written_latex",
]

FUNCTIONS: frozenset[Any] = frozenset(
    {
        sympy.exp,
        sympy.log,
        sympy.sqrt,
        sympy.tanh,
        sympy.sinh,
        sympy.cosh,
        sympy.Abs,
        sympy.Max,
        sympy.Min,
        sympy.Rational,
        sympy.Integer,
        sympy.Derivative,
        sympy.Sum,
        sympy.KroneckerDelta,
        sf.sigmoid,
        sf.softplus,
        sf.logit,
        sf.logsumexp,
        sf.softmax,
        sf.log_softmax,
        sf.cross_entropy,
        sf.binary_cross_entropy,
    }
)
"""The functions a written expression may call (each is built, never the author's code)."""

_UNEVALUATED = (sympy.exp, sympy.log, sympy.tanh, sympy.sinh, sympy.cosh, sympy.Abs)
"""Functions built with ``evaluate=False``, as written (the rest evaluate as SymPy builds them)."""

_MAX_NUMERIC_EXPONENT = 64
"""The largest exponent of a number read: the source may hold code that never runs."""

_MAX_ARGUMENTS = 2000
"""Expressions read per file at most (each is read back by the LaTeX reader); the rest
print as SymPy orders them."""

_MAX_INTEGER_BITS = 256
"""The longest integer literal read (SymPy and the reader refuse to print far longer ones)."""


class _NotWritten(Exception):
    """The source is outside what is read; its expression prints as SymPy orders it."""


def written_latex(source: str, namespace: Mapping[str, Any]) -> dict[Expr, str]:
    """The LaTeX, as written, of a file's expressions made outside a ``Derivation(...)`` call.

    A ``Step(...)`` bound to a name and used in a derivation later, a ``Where``:
    the arguments of a ``Derivation(...)`` call itself are read when the call
    runs (:func:`written_call`). Each argument is built unevaluated
    (:func:`written_forms`), printed by SymPy's LaTeX printer with
    ``order="none"`` (softsym's functions print themselves; a function's own
    parentheses are enough around a sum in its argument) and kept only if the
    LaTeX reader reads the printed text back as the expression
    (:func:`reads_back`): what prints is what is checked.

    Args:
        source: The file's text.
        namespace: The names the loaded module bound (its ``vars``).

    Returns:
        Expression → LaTeX, for the expressions the file writes in one way only.
    """
    inside = {id(a) for call in _derivation_calls(source) for a in _parts(call).values()}
    seen: dict[Expr, set[str]] = {}
    for expr, form in _arguments(source, namespace, skip=inside):
        tex = _PRINTER.doprint(form)
        if reads_back(tex, expr):
            seen.setdefault(expr, set()).add(tex)
    return {expr: next(iter(texts)) for expr, texts in seen.items() if len(texts) == 1}


class _WrittenPrinter(LatexPrinter):
    """SymPy's LaTeX printer, keeping the order of every sum and product as built."""

    def __init__(self) -> None:
        super().__init__({"order": "none"})

    def _needs_mul_brackets(self, expr: Any, first: bool = False, last: bool = False) -> bool:
        # A function's own parentheses delimit a sum in its argument: σ(Σ_i w_i a_i) (1 − …).
        if isinstance(expr, sympy.Function):
            return False
        return bool(super()._needs_mul_brackets(expr, first, last))


_PRINTER = _WrittenPrinter()


def written_forms(source: str, namespace: Mapping[str, Any]) -> dict[Expr, Expr]:
    """Each expression a derivation file writes in Python, as written, unevaluated.

    Args:
        source: The file's text.
        namespace: The names the loaded module bound (its ``vars``).

    Returns:
        The expression each ``Step(...)``, ``Derivation(lhs=..., rhs=...)`` and
        ``Where(name, ...)`` argument evaluates to (every symbol real, as
        derivations take them) → the same expression unevaluated, in the
        written order (the first, when the file writes one expression twice).
        Arguments that are not read are left out.
    """
    forms: dict[Expr, Expr] = {}
    for expr, form in _arguments(source, namespace):
        forms.setdefault(expr, form)
    return forms


def _arguments(
    source: str, namespace: Mapping[str, Any], skip: frozenset[int] | set[int] = frozenset()
) -> list[tuple[Expr, Expr]]:
    """(evaluated expression, unevaluated form) of each argument read (but those in ``skip``)."""
    tree = _parsed(source)
    if tree is None:
        return []
    builder = _Builder(namespace)
    found = []
    arguments = [a for node in ast.walk(tree) for a in _expression_arguments(node)]
    for argument in [a for a in arguments if id(a) not in skip][:_MAX_ARGUMENTS]:
        built = _built(builder, argument)
        if built is not None:
            found.append(built)
    return found


def _built(builder: _Builder, argument: ast.expr) -> tuple[Expr, Expr] | None:
    """(evaluated expression, unevaluated form) of one argument; ``None`` if it is not read."""
    try:
        form = builder.build(argument)
        if not isinstance(form, Expr):
            return None
        return realify(evaluated(form)), form
    except (_NotWritten, TypeError, ValueError, ArithmeticError, LookupError):
        return None
    except (AttributeError, RecursionError):
        return None


Part = tuple[str, int]
"""A part of a derivation: (``"lhs"``/``"rhs"``/``"step"``, step index from 1; 0 for a side)."""


def written_call(
    source: str, lineno: int, namespace: Mapping[str, Any]
) -> dict[Part, tuple[Expr, str]]:
    """The LaTeX, as written, of the ``Derivation(...)`` call running at line ``lineno``.

    What :class:`~softsym.proofs.derivation.Derivation` uses when it is made in
    Python (a notebook cell, a test, a script): the call is found in its source
    text, the one spanning ``lineno`` (the innermost, if calls nest; none if two
    share the line), and its ``lhs``, ``rhs`` and literal ``Step(...)`` arguments
    are read as :func:`written_latex` reads a file's, with the names the caller
    had bound (``namespace``).

    Returns:
        Part → (the expression it evaluates to, its LaTeX as written); parts that
        are not read are left out.
    """
    if "Derivation" not in source:
        return {}
    spans = [n for n in _derivation_calls(source) if n.lineno <= lineno <= (n.end_lineno or 0)]
    innermost = [n for n in spans if not any(o is not n and _inside(o, n) for o in spans)]
    if len(innermost) != 1:
        return {}
    builder = _Builder(namespace)
    found: dict[Part, tuple[Expr, str]] = {}
    for part, argument in _parts(innermost[0]).items():
        built = _built(builder, argument)
        if built is not None and reads_back(tex := _PRINTER.doprint(built[1]), built[0]):
            found[part] = (built[0], tex)
    return found


@functools.lru_cache(maxsize=32)
def _parsed(source: str) -> ast.Module | None:
    """The syntax tree of a source text, once per text (a file makes many derivations)."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


@functools.lru_cache(maxsize=32)
def _derivation_calls(source: str) -> tuple[ast.Call, ...]:
    """The ``Derivation(...)`` calls of a source text, found once per text (a file makes many)."""
    tree = _parsed(source)
    calls = (n for n in ast.walk(tree) if isinstance(n, ast.Call)) if tree is not None else ()
    return tuple(n for n in calls if _called(n) == "Derivation")


def _inside(inner: ast.AST, outer: ast.AST) -> bool:
    """Whether ``inner`` is a node strictly within ``outer``."""
    return any(n is inner for n in ast.walk(outer)) and inner is not outer


def _parts(call: ast.Call) -> dict[Part, ast.expr]:
    """The expression arguments of a ``Derivation(...)`` call, by part (keywords or position)."""
    given = dict(zip(("name", "title", "lhs", "rhs", "steps"), call.args, strict=False))
    given.update({k.arg: k.value for k in call.keywords if k.arg})
    parts: dict[Part, ast.expr] = {}
    for side in ("lhs", "rhs"):
        if side in given and not _is_tex(given[side]):
            parts[(side, 0)] = given[side]
    steps = given.get("steps")
    if isinstance(steps, ast.Tuple | ast.List):
        for i, step in enumerate(steps.elts, start=1):
            for argument in _expression_arguments(step):
                parts[("step", i)] = argument
    return parts


def reads_back(tex: str, expr: Expr) -> bool:
    """Whether the LaTeX reader reads ``tex`` as ``expr`` (symbols real).

    As exactly ``expr``, or as an expression that differs from it only by
    multiplying out products of sums (``-(a - b)c`` for ``(b - a)c``): their
    difference multiplies out to 0, an identity of polynomials in the other
    subterms (powers of sums stay whole). Multiplying out is tried only when it
    makes at most :data:`_MAX_EXPANDED` terms.
    """
    try:
        read = realify(read_latex(tex).expr)
    except (SoftsymError, ValueError, TypeError, RecursionError):
        return False
    if read == expr:
        return True
    if _terms_bound(read) + _terms_bound(expr) > _MAX_EXPANDED:
        return False
    difference = read - expr
    return bool(sympy.expand(difference, **_PRODUCTS_ONLY) == 0)


def _terms_bound(e: Basic) -> int:
    """At most how many terms multiplying out the products of ``e`` makes (:func:`reads_back`)."""
    if isinstance(e, Add):
        return sum(_terms_bound(a) for a in e.args)
    if isinstance(e, Mul):
        bound = 1
        for a in e.args:
            bound *= _terms_bound(a)
            if bound > _MAX_EXPANDED:
                return bound
        return bound
    return 1  # a power of a sum, a function, an atom: one term (its inside is multiplied out
    # separately, and no bigger than the whole when it is)


_PRODUCTS_ONLY = {"deep": True, "mul": True} | dict.fromkeys(
    ("multinomial", "power_base", "power_exp", "log", "basic"), False
)
"""Multiplying out products only: identities of polynomials, whatever the other subterms are."""

_MAX_EXPANDED = 400
"""Terms beyond which a written form that is not read back exactly is not multiplied out."""


def evaluated(expr: Basic) -> Basic:
    """``expr`` rebuilt with SymPy's evaluation at every node (the value a program computes).

    >>> from sympy import Add, Symbol
    >>> x = Symbol("x")
    >>> evaluated(Add(x, x, evaluate=False))
    2*x
    """
    if not expr.args or expr.is_Atom:
        return expr
    return expr.func(*[evaluated(a) for a in expr.args])


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _expression_arguments(node: ast.AST) -> list[ast.expr]:
    """The expression arguments of a ``Step``, ``Derivation`` or ``Where`` call."""
    if not isinstance(node, ast.Call):
        return []
    name = _called(node)
    keywords = {k.arg: k.value for k in node.keywords if k.arg}
    if name == "Step":
        found = node.args[:1] or [keywords[k] for k in ("expr",) if k in keywords]
    elif name == "Derivation":
        found = [keywords[k] for k in ("lhs", "rhs") if k in keywords]
    elif name == "Where":
        found = node.args[1:2] or [keywords[k] for k in ("expr",) if k in keywords]
    else:
        return []
    return [a for a in found if not _is_tex(a)]


def _is_tex(node: ast.expr) -> bool:
    func = node.func if isinstance(node, ast.Call) else None
    return isinstance(func, ast.Name | ast.Attribute) and (
        getattr(func, "id", None) == "Tex" or getattr(func, "attr", None) == "Tex"
    )


class _Builder:
    """Builds an expression from its source, unevaluated, calling only :data:`FUNCTIONS`."""

    def __init__(self, namespace: Mapping[str, Any]) -> None:
        self.namespace = namespace

    def build(self, node: ast.expr) -> Any:
        method: Callable[[Any], Any] | None = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise _NotWritten(type(node).__name__)
        return method(node)

    def _Constant(self, node: ast.Constant) -> Any:
        if isinstance(node.value, bool) or not isinstance(node.value, int):
            raise _NotWritten("only integer literals")  # floats are never proved
        if node.value.bit_length() > _MAX_INTEGER_BITS:
            raise _NotWritten("an integer too long to print")
        return Integer(node.value)

    def _Name(self, node: ast.Name) -> Any:
        value = self.namespace.get(node.id)
        if isinstance(value, Basic) or _allowed(value):
            return value
        raise _NotWritten(node.id)

    def _Attribute(self, node: ast.Attribute) -> Any:  # sympy.exp, softsym.sigmoid
        base = node.value
        if isinstance(base, ast.Name):
            module = self.namespace.get(base.id)
            value = getattr(module, node.attr, None) if isinstance(module, type(sympy)) else None
            if _allowed(value):
                return value
        raise _NotWritten("attribute")

    def _Tuple(self, node: ast.Tuple) -> tuple[Any, ...]:
        return tuple(self.build(e) for e in node.elts)

    def _List(self, node: ast.List) -> list[Any]:
        return [self.build(e) for e in node.elts]

    def _UnaryOp(self, node: ast.UnaryOp) -> Any:
        operand = self.build(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.USub):
            return -operand if operand.is_Number else Mul(S.NegativeOne, operand, evaluate=False)
        raise _NotWritten("operator")

    def _BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.build(node.left), self.build(node.right)
        if not (isinstance(left, Expr) and isinstance(right, Expr)):
            raise _NotWritten("operands")
        op = node.op
        if isinstance(op, ast.Add):
            return Add(*_terms(left, Add), right, evaluate=False)
        if isinstance(op, ast.Sub):
            negated = -right if right.is_Number else Mul(S.NegativeOne, right, evaluate=False)
            return Add(*_terms(left, Add), negated, evaluate=False)
        if isinstance(op, ast.Mult):
            return Mul(*_terms(left, Mul), *_terms(right, Mul), evaluate=False)
        if isinstance(op, ast.Div):
            if left.is_Integer and right.is_Integer:
                return sympy.Rational(int(left), int(right))
            reciprocal = Pow(right, S.NegativeOne, evaluate=False)
            return reciprocal if left == 1 else Mul(left, reciprocal, evaluate=False)
        if isinstance(op, ast.Pow):
            if left.is_number and right.is_number:  # 2**10**10 is never computed here
                power = evaluated(right)
                if not (power.is_Rational and abs(power) <= _MAX_NUMERIC_EXPONENT):
                    raise _NotWritten("a power of numbers too large to build")
            return Pow(left, right, evaluate=False)
        raise _NotWritten("operator")

    def _Call(self, node: ast.Call) -> Any:
        func = self.build(node.func)
        if not _allowed(func) or node.keywords:
            raise _NotWritten("call")
        args = [self.build(a) for a in node.args]
        if func in _UNEVALUATED:
            return func(*args, evaluate=False)
        return func(*args)

    def _Subscript(self, node: ast.Subscript) -> Any:
        value = self.build(node.value)
        index = self.build(node.slice)
        if isinstance(value, sympy.MatrixBase) and isinstance(index, Integer):
            return value[int(index)]
        if isinstance(value, sympy.IndexedBase):
            return value[index]
        raise _NotWritten("subscript")


def _terms(e: Expr, op: type) -> tuple[Expr, ...]:
    """``a·b·c`` is one product and ``a + b + c`` one sum, however the source groups them."""
    args: tuple[Expr, ...] = e.args
    return args if type(e) is op and not _is_fraction(e) else (e,)


def _is_fraction(e: Expr) -> bool:
    return type(e) is Mul and any(isinstance(a, Pow) and a.exp == -1 for a in e.args)


def _allowed(value: Any) -> bool:
    try:
        return value in FUNCTIONS
    except TypeError:  # unhashable
        return False
