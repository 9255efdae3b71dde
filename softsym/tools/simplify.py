r"""Simplify an expression to the form a teacher writes, with a proof that it is equal.

:func:`simplify` is the pipeline:

1. **forms**: the input; the input with its derivatives evaluated and the
   softsym functions kept (``diff(sigmoid(z), z)`` gives ``σ(z)(1 − σ(z))``);
   the input unfolded to ``exp``/``log``. Stated equalities are substituted in
   each, and each is also put through SymPy's normal forms (simplify, cancel,
   factor, expand, polynomial division by the denominator, ...).
2. **rules**: every form is rewritten by the ordered recognisers in
   :data:`RULES` (``exp(a)/(exp(a) + exp(b))`` → ``softmax(a, b)[0]``,
   ``log(1 + exp(u))`` → ``softplus(u)``, ...).
3. **choose**: the candidates are sorted by operation count
   (:func:`sympy.count_ops`); the first one the kernel proves equal to the
   input is returned with that proof. If none is proved, the input itself is
   returned with an ``identical`` verdict.

Neither the rules nor SymPy can make a proof: they only propose candidates,
and the kernel (:func:`softsym.decide.check`) decides.

>>> from softsym.lang.parser import parse_expr
>>> simplify(parse_expr("1/(1 + exp(-z))")).expr
sigmoid(z)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Add, Derivative, Expr, Integer, Mul, Pow, exp, log
from sympy.functions.elementary.hyperbolic import HyperbolicFunction
from sympy.polys.polyerrors import BasePolynomialError

from softsym.decide import DEFAULT_TIMEOUT, assume, check
from softsym.kernel.assumptions import Assumptions
from softsym.kernel.deadline import TimeLimitReached, time_limit
from softsym.kernel.prepare import MAX_ROUNDS, unfold_all
from softsym.lang.functions import (
    SoftsymFunction,
    log_softmax_component,
    logsumexp,
    sigmoid,
    softmax_component,
    softplus,
)
from softsym.lang.parser import parse_expr
from softsym.lang.symbols import realify
from softsym.verdict import Verdict

__all__ = [
    "MAX_ATTEMPTS",
    "RULES",
    "Rule",
    "Simplification",
    "apply_rules",
    "simplify",
]

MAX_ATTEMPTS = 8
"""At most this many candidates are checked, cheapest first, before giving up."""

_SYMPY_ERRORS = (
    TypeError,
    ValueError,
    NotImplementedError,
    AttributeError,
    RecursionError,
    BasePolynomialError,
)


@dataclass(frozen=True)
class Simplification:
    """A simplified expression together with the kernel's proof that it equals the input.

    Attributes:
        expr: The simplified expression (the input itself if nothing simpler was proved).
        original: The input.
        verdict: The kernel's proved verdict on ``original = expr``.
    """

    expr: Expr
    original: Expr
    verdict: Verdict

    def __post_init__(self) -> None:
        if not self.verdict.proved:
            raise ValueError(
                f"a simplification needs a proved verdict (got {self.verdict.status.value})"
            )
        if (self.verdict.lhs, self.verdict.rhs) != (str(self.original), str(self.expr)):
            raise ValueError(
                f"the verdict is about {self.verdict.lhs} = {self.verdict.rhs}, "
                f"not {self.original} = {self.expr}"
            )

    @property
    def changed(self) -> bool:
        """Whether the simplified expression differs from the input."""
        return bool(self.expr != self.original)

    def to_json(self, *, timings: bool = True) -> dict[str, Any]:
        """Return the simplification as JSON-ready data."""
        return {
            "input": str(self.original),
            "simplified": str(self.expr),
            "latex": sympy.latex(self.expr),
            "changed": self.changed,
            "verdict": self.verdict.to_json(timings=timings),
        }


@dataclass(frozen=True)
class Rule:
    """A rewrite rule: recognise one pattern of the exp/log form at a single node.

    Attributes:
        name: Short name.
        description: The rewrite, as a teacher would state it.
        rewrite: Returns the rewritten node, or ``None`` when the pattern does not match.
    """

    name: str
    description: str
    rewrite: Callable[[Expr], Expr | None]


def _exponents(expr: Expr) -> tuple[Expr, ...] | None:
    """The exponents a_k of a sum ``exp(a_1) + ... + exp(a_K)`` (1 counts as ``exp(0)``)."""
    if not isinstance(expr, Add):
        return None
    exponents = []
    for term in expr.args:
        if term == 1:
            exponents.append(Integer(0))
        elif isinstance(term, exp):
            exponents.append(term.args[0])
        else:
            return None
    return tuple(exponents)


def _is_sigmoid_sum(exponents: tuple[Expr, ...]) -> bool:
    return len(exponents) == 2 and Integer(0) in exponents


def _index(exponents: tuple[Expr, ...], target: Expr) -> int | None:
    for j, a in enumerate(exponents):
        if sympy.expand(a - target) == 0:
            return j
    return None


def _component(exponents: tuple[Expr, ...], j: int) -> Expr:
    """``exp(a_j) / Σ_k exp(a_k)``, as a sigmoid when the sum is ``1 + exp(a)``."""
    if _is_sigmoid_sum(exponents):
        return sigmoid(exponents[j] - exponents[1 - j])
    return softmax_component(j + 1, *exponents)


def _fraction_rule(sigmoid_sums: bool) -> Callable[[Expr], Expr | None]:
    """Rewrite ``exp(a_j) * (Σ_k exp(a_k))^(-n)`` into components.

    The numerator ``exp(a_j)`` pairs with one factor ``1/Σ``; each further
    ``1/Σ`` pairs with the term 1 of the sum, if it has one. Only sums of the
    form ``1 + exp(a)`` (``sigmoid_sums``) or only the other sums are touched.
    """

    def rewrite(expr: Expr) -> Expr | None:
        if not isinstance(expr, Mul | Pow):
            return None
        numerator: Expr | None = None
        others: list[Expr] = []
        sums: list[tuple[Expr, tuple[Expr, ...], int]] = []
        for factor in Mul.make_args(expr):
            if isinstance(factor, exp) and numerator is None:
                numerator = factor.args[0]
                continue
            if isinstance(factor, Pow) and factor.exp.is_Integer and factor.exp < 0:
                exponents = _exponents(factor.base)
                if exponents is not None and _is_sigmoid_sum(exponents) == sigmoid_sums:
                    sums.append((factor.base, exponents, int(-factor.exp)))
                    continue
            others.append(factor)
        made = False
        for base, exponents, power in sums:
            for _ in range(power):
                j = None if numerator is None else _index(exponents, numerator)
                if j is not None:
                    numerator = None
                else:
                    j = _index(exponents, Integer(0))
                if j is None:
                    others.append(1 / base)
                else:
                    others.append(_component(exponents, j))
                    made = True
        if not made:
            return None
        if numerator is not None:
            others.append(exp(numerator))
        return Mul(*others)

    return rewrite


def _softplus_rule(expr: Expr) -> Expr | None:
    if isinstance(expr, log):
        exponents = _exponents(expr.args[0])
        if exponents is not None and _is_sigmoid_sum(exponents):
            return softplus(exponents[1] if exponents[0] == 0 else exponents[0])
    return None


def _logsumexp_rule(expr: Expr) -> Expr | None:
    if isinstance(expr, log):
        exponents = _exponents(expr.args[0])
        if exponents is not None and not _is_sigmoid_sum(exponents):
            return logsumexp(*exponents)
    return None


def _log_softmax_rule(expr: Expr) -> Expr | None:
    if isinstance(expr, log) and isinstance(expr.args[0], softmax_component):
        component = expr.args[0]
        return log_softmax_component(component.index, *component.logits)
    return None


RULES: tuple[Rule, ...] = (
    Rule(
        "sigmoid",
        "1/(1 + exp(-u)) → σ(u) and exp(u)/(1 + exp(u)) → σ(u)",
        _fraction_rule(sigmoid_sums=True),
    ),
    Rule(
        "softmax",
        "exp(a_j)/(exp(a_1) + ... + exp(a_K)) → softmax(a_1, ..., a_K)_j",
        _fraction_rule(sigmoid_sums=False),
    ),
    Rule("softplus", "log(1 + exp(u)) → softplus(u)", _softplus_rule),
    Rule("logsumexp", "log(exp(a_1) + ... + exp(a_K)) → logsumexp(a_1, ..., a_K)", _logsumexp_rule),
    Rule("log-softmax", "log(softmax(a)_j) → log_softmax(a)_j", _log_softmax_rule),
)
"""The rewrite rules, applied in this order, each bottom-up over the whole expression."""


def _bottom_up(
    expr: Expr, rewrite: Callable[[Expr], Expr | None], in_product: bool = False
) -> Expr:
    if not expr.args:
        return expr
    args = tuple(_bottom_up(a, rewrite, isinstance(expr, Mul)) for a in expr.args)
    node = expr.func(*args) if args != expr.args else expr
    if in_product and isinstance(node, Pow):
        return node  # the product rewrites its factors together: exp(u)/(1 + exp(u)) is σ(u)
    result = rewrite(node)
    return node if result is None else result


def apply_rules(expr: Expr, rules: Iterable[Rule] | None = None) -> Expr:
    """Apply the rules (default :data:`RULES`) in order, bottom-up, until nothing changes.

    At most three rounds are made.
    """
    chosen = RULES if rules is None else tuple(rules)
    for _ in range(3):
        new = expr
        for rule in chosen:
            new = _bottom_up(new, rule.rewrite)
        if new == expr:
            break
        expr = new
    return expr


def _evaluate_derivatives(expr: Expr) -> Expr:
    """Evaluate derivatives, keeping softsym functions (``unfold_all`` unfolds them too)."""
    for _ in range(MAX_ROUNDS):
        if not expr.has(Derivative):
            break
        expr = expr.doit()
    return expr


def _quotient(expr: Expr) -> Expr | None:
    """Divide the numerator by the denominator, as polynomials in the exponentials."""
    num, den = sympy.fraction(sympy.cancel(sympy.together(expr)))
    gens = sorted(den.atoms(exp), key=sympy.default_sort_key)
    if not gens:
        return None
    try:
        quotient, remainder = sympy.div(num, den, *gens)
    except BasePolynomialError:  # e.g. both exp(z) and exp(2*z) occur: let SymPy choose
        quotient, remainder = sympy.div(num, den)
    return quotient + remainder / den


def _collected(expr: Expr) -> Expr | None:
    """Expand, then collect the coefficients of each softsym function value."""
    atoms = sorted(expr.atoms(SoftsymFunction), key=sympy.default_sort_key)
    if not atoms:
        return None
    return sympy.collect(sympy.expand(expr), atoms)


def _through_exp(expr: Expr) -> Expr | None:
    """``log(exp(expr))`` with the exponential expanded: folds ``z + log(1 + e^{−z})``."""
    if not (isinstance(expr, Add) and any(isinstance(a, log) for a in expr.args)):
        return None
    return log(sympy.expand(sympy.powsimp(exp(expr))))


_NORMAL_FORMS: tuple[Callable[[Expr], Expr | None], ...] = (
    sympy.simplify,
    lambda e: sympy.cancel(sympy.together(e)),
    sympy.factor,
    sympy.expand,
    _quotient,
    _collected,
    _through_exp,
)


def _forms(expr: Expr, stated: Assumptions) -> Iterator[Expr]:
    """Yield the input, its evaluated and unfolded forms, and their normal forms."""
    base = stated.substitute(expr)
    seeds: list[Callable[[Expr], Expr]] = [lambda e: e, _evaluate_derivatives, unfold_all]
    seen: list[Expr] = []
    for seed in seeds:
        try:
            form = seed(base)
        except _SYMPY_ERRORS:
            continue
        if form in seen:
            continue
        seen.append(form)
        yield form
        for normal in _NORMAL_FORMS:
            try:
                result = normal(form)
            except _SYMPY_ERRORS:
                continue
            if result is not None:
                yield result


def _candidates(expr: Expr, stated: Assumptions, budget: float) -> list[Expr]:
    """Collect each form and its rewrite by the rules, for at most ``budget`` seconds."""
    forms: list[Expr] = []
    try:
        with time_limit(budget):
            for form in _forms(expr, stated):
                forms.append(form)
                try:
                    forms.append(apply_rules(form))
                except _SYMPY_ERRORS:
                    continue
    except TimeLimitReached:
        pass  # keep what was found in time
    unique: dict[Expr, None] = {}
    for form in forms:
        if isinstance(form, Expr) and not form.has(Derivative, sympy.zoo, sympy.nan):
            unique.setdefault(form, None)
    return list(unique)


def _transcendental(expr: Expr) -> int:
    """How many exp, log and hyperbolic nodes remain (fewer means more softsym functions)."""
    kinds = (exp, log, HyperbolicFunction)
    return sum(1 for e in sympy.preorder_traversal(expr) if isinstance(e, kinds))


def _sympified(value: Any) -> Any:
    try:
        return sympy.sympify(value, strict=True)
    except sympy.SympifyError:
        return value


def simplify(
    expr: Any,
    assumptions: Iterable[Any] | Assumptions | None = (),
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Simplification:
    """Simplify ``expr`` to a form written with σ, softmax, softplus and logsumexp.

    Args:
        expr: A SymPy expression, or text in softsym's input syntax (read with
            :func:`~softsym.lang.parser.parse_expr`, never evaluated).
        assumptions: As for :func:`~softsym.decide.check`: relationals or text
            such as ``"y1 + y2 + y3 = 1"``; the result may rely on them.
        timeout: Time limit of each kernel check, and of generating the candidates.

    Returns:
        The candidate with the fewest operations that the kernel proves equal
        to ``expr`` under the assumptions, with that proof. Derivatives are
        always evaluated when a derivative-free form is proved. When no
        candidate is proved, ``expr`` itself with an ``identical`` verdict.

    Raises:
        ParseError: ``expr`` is text that does not parse, or an assumption does not.
        TypeError: ``expr`` is not a scalar expression (a vector, a list, ...).
        ValueError: ``timeout`` is not positive.
    """
    if not timeout > 0:
        raise ValueError(f"timeout must be positive (got {timeout!r})")
    value = parse_expr(expr) if isinstance(expr, str) else _sympified(expr)
    if not isinstance(value, Expr) or value.is_Matrix:
        raise TypeError(f"simplify needs a scalar expression (got {type(value).__name__})")
    original = realify(value)
    stated = assume(assumptions)
    candidates = _candidates(original, stated, timeout)
    if not original.has(Derivative):
        candidates.insert(0, original)

    def cost(i: int) -> tuple[int, bool, int, int]:
        c = candidates[i]  # ties keep the input, then prefer fewer exp and log
        return (sympy.count_ops(c), c != original, _transcendental(c), i)

    ranked = [candidates[i] for i in sorted(range(len(candidates)), key=cost)]
    cheaper = itertools.takewhile(lambda c: c != original, ranked)
    for candidate in itertools.islice(cheaper, MAX_ATTEMPTS):
        verdict = check(original, candidate, stated, timeout=timeout)
        if verdict.proved:
            return Simplification(expr=candidate, original=original, verdict=verdict)
    return Simplification(
        expr=original, original=original, verdict=check(original, original, stated)
    )
