"""Bringing a side of an identity to the form the kernel's methods work on."""

from __future__ import annotations

import functools

from sympy import Add, Basic, Derivative, Expr, Integer, Mul, Pow, Subs, Symbol, exp, log

from softsym.kernel.assumptions import Assumptions
from softsym.kernel.deadline import check_deadline
from softsym.kernel.sums import normalize_sums
from softsym.lang.functions import SoftsymFunction, unfolded, unfolded_leaf
from softsym.lang.traversal import has_any, rewrite

__all__ = ["MAX_ROUNDS", "prepare", "unfold_all"]

MAX_ROUNDS = 10
"""Rounds of unfolding and differentiating before giving up."""


def unfold_all(expr: Expr) -> Expr:
    """Unfold every definition and evaluate every derivative, until none is left.

    Only derivatives (and substitutions into them) are evaluated, innermost
    first: sums stay sums, for the normal form of :mod:`softsym.kernel.sums`,
    which follows one convention for empty ranges (SymPy's symbolic summation
    in a full ``doit`` may follow another). A derivative by symbols is taken of
    its unfolded expression directly (a ``Derivative`` of the unfolded
    expression is never built: SymPy would walk it as a tree). After
    :data:`MAX_ROUNDS` rounds the expression is returned as it is (it may still
    hold a derivative).
    """
    for _ in range(MAX_ROUNDS):
        check_deadline()
        expr = rewrite(expr, unfolded, before=_unfolded_derivative)
        if not has_any(expr, Derivative, Subs):
            break
        expr = _evaluate_derivatives(expr)
    return expr


def _unfolded_derivative(node: Basic) -> Expr | None:
    """The derivative ``node`` of its unfolded expression, or ``None`` (left to the rounds).

    A definition applied to atoms is unfolded here too (:func:`unfolded_leaf`).
    """
    if not isinstance(node, Derivative) or not _by_symbols(node):
        return unfolded_leaf(node)
    expr = unfold_all(node.expr)
    if has_any(expr, Derivative, Subs):
        return None
    for v, n in node.variable_count:
        for _ in range(int(n)):
            expr = _diff(expr, v, {})
    return expr


def _by_symbols(node: Derivative) -> bool:
    return all(isinstance(v, Symbol) and n.is_Integer for v, n in node.variable_count)


def _evaluate_derivatives(expr: Expr) -> Expr:
    """Evaluate Derivative and Subs nodes, innermost first; nothing else is evaluated."""

    def evaluate(e: Basic) -> Basic | None:
        if isinstance(e, Derivative):
            return _derivative(e)
        if isinstance(e, Subs):
            return e.doit(deep=False)
        return None

    return rewrite(expr, evaluate)


def _derivative(node: Derivative) -> Expr:
    """Evaluate a derivative by the chain rule, each shared subterm differentiated once.

    SymPy's ``diff`` differentiates a subterm again wherever it occurs: the
    softmax normaliser Σ_k exp(z_k), in each of K terms, makes that K². Sums,
    products, powers with a constant exponent, ``exp`` and ``log`` follow the
    textbook rules here; every other node is left to SymPy's ``diff``.
    """
    if not _by_symbols(node):
        return node.doit(deep=False)
    expr = node.expr
    for v, n in node.variable_count:
        for _ in range(int(n)):
            expr = _diff(expr, v, {})
    return expr


def _diff(e: Expr, v: Symbol, memo: dict[Expr, Expr]) -> Expr:
    known = memo.get(e)
    if known is not None:
        return known
    if e.is_Atom:
        result: Expr = Integer(1) if e == v else Integer(0)
    elif isinstance(e, Add):
        result = Add(*[_diff(a, v, memo) for a in e.args])
    elif isinstance(e, Mul):
        terms = []
        for i, a in enumerate(e.args):
            da = _diff(a, v, memo)
            if da != 0:
                terms.append(Mul(*e.args[:i], da, *e.args[i + 1 :]))
        result = Add(*terms)
    elif isinstance(e, Pow) and _diff(e.exp, v, memo) == 0:
        db = _diff(e.base, v, memo)
        result = e.exp * e.base ** (e.exp - 1) * db if db != 0 else Integer(0)
    elif isinstance(e, exp):
        result = e * _diff(e.args[0], v, memo)
    elif isinstance(e, log) and len(e.args) == 1:
        result = _log_derivative(e.args[0], v, memo)
    else:
        result = e.diff(v)
    memo[e] = result
    return result


def _log_derivative(u: Expr, v: Symbol, memo: dict[Expr, Expr]) -> Expr:
    """``∂/∂v log(u) = u′/u``, for a product ``u = Π f_i`` as ``Σ f_i′/f_i`` (one factor: ``u′/u``).

    The logarithmic derivative: dividing the product rule by ``u`` gives the sum,
    an identity wherever ``u`` is defined and nonzero (then so is every factor).
    A factor ``exp(a)`` contributes ``a′`` and an integer power ``b**n`` gives
    ``n·b′/b``. For ``log(exp(z_k)/Σ_l exp(z_l))`` this is ``δ − exp(z_1)/Σ``, the
    last term shared by all K components, where ``u′/u`` would be a new quotient
    for each.
    """
    terms = []
    for f in Mul.make_args(u):
        base, n = (f.base, f.exp) if isinstance(f, Pow) and f.exp.is_Integer else (f, Integer(1))
        if isinstance(f, exp):
            terms.append(_diff(f.args[0], v, memo))
        elif (df := _diff(base, v, memo)) != 0:
            terms.append(n * df / base)
    return Add(*terms)


@functools.lru_cache(maxsize=512)
def prepare(expr: Expr, assume: Assumptions) -> Expr:
    """Unfold definitions and derivatives, eliminate the solved symbols, normalise sums.

    Each step of a derivation is checked against the previous one, so every side is
    prepared twice: the result is cached (expressions and assumptions are immutable
    values; a computation interrupted by the time limit is not cached).

    Raises:
        ValueError: A derivative or a definition could not be evaluated.
    """
    expr = unfold_all(expr)
    if has_any(expr, Derivative, Subs, SoftsymFunction):
        raise ValueError("derivatives could not be evaluated")
    return normalize_sums(
        assume.substitute(expr), assume.inequalities, assume.positive, assume.sum_substitution
    )
