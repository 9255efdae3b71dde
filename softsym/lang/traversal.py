"""Walking an expression as a graph: each distinct subterm once.

SymPy's traversals (``preorder_traversal``, ``atoms``, ``free_symbols``) walk the
expression as a tree, so a subterm shared by K terms (the softmax normaliser
Σ_k exp(z_k) in each of K log-probabilities) is walked K times: K² work. These
walk it once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from sympy import Basic, Derivative, Symbol
from sympy.concrete.expr_with_limits import ExprWithLimits

__all__ = [
    "constant_subterms",
    "distinct_subterms",
    "free_symbols",
    "has_any",
    "rewrite",
    "substitute",
]


def distinct_subterms(expr: Basic) -> list[Basic]:
    """Every distinct subterm of ``expr`` once, each before its arguments.

    >>> from sympy import exp, symbols
    >>> x, y = symbols("x y")
    >>> s = exp(x) + exp(y)
    >>> len(distinct_subterms(x / s + y / s))  # s and its subterms counted once
    10
    """
    seen: set[Basic] = set()
    order: list[Basic] = []
    stack = [expr]
    while stack:
        e = stack.pop()
        if e in seen:
            continue
        seen.add(e)
        order.append(e)
        stack.extend(reversed(e.args))
    return order


def constant_subterms(expr: Basic) -> list[Basic]:
    """The distinct subterms of ``expr`` without free symbols, each once.

    A subterm binding a variable (a sum over k, a derivative) is judged by its
    own ``free_symbols``; every other subterm is constant when its arguments are.
    """
    constant: dict[Basic, bool] = {}
    stack: list[tuple[Basic, bool]] = [(expr, False)]
    while stack:  # post-order: every argument is judged before the terms that hold it
        e, ready = stack.pop()
        if e in constant:
            continue
        if not ready:
            stack.append((e, True))
            stack.extend((a, False) for a in reversed(e.args) if a not in constant)
        elif isinstance(e, Derivative):  # free: those of the expression and of the counts
            constant[e] = constant[e.expr] and all(constant[n] for _, n in e.variable_count)
        elif e.is_Atom or getattr(e, "bound_symbols", ()) or getattr(e, "variables", ()):
            constant[e] = not e.free_symbols
        else:
            constant[e] = all(constant[a] for a in e.args)
    return [e for e in distinct_subterms(expr) if constant[e]]


def has_any(expr: Basic, *types: type) -> bool:
    """Whether some subterm of ``expr`` is an instance of one of ``types`` (each walked once)."""
    return any(issubclass(t, types) for t in _kinds(expr))


@functools.lru_cache(maxsize=512)
def _kinds(expr: Basic) -> frozenset[type]:
    """The types of the subterms of ``expr`` (expressions are immutable: asked again, known)."""
    return frozenset(type(e) for e in distinct_subterms(expr))


def rewrite(
    expr: Basic,
    change: Callable[[Basic], Basic | None],
    before: Callable[[Basic], Basic | None] | None = None,
) -> Basic:
    """Rebuild ``expr`` bottom-up, as SymPy's ``replace``: each distinct subterm once.

    Args:
        expr: The expression.
        change: Called on every subterm after its arguments were rebuilt; returns
            the replacement, or ``None`` to keep the subterm. A replacement is not
            walked again.
        before: Called on every subterm as it is, before its arguments; a
            replacement (not ``None``) is taken as it is, arguments unvisited.
    """
    return _rebuild(expr, before or (lambda e: None), change)


def substitute(expr: Basic, mapping: Mapping[Basic, Basic]) -> Basic:
    """``expr.xreplace(mapping)``, each distinct subterm rebuilt once."""
    return _rebuild(expr, mapping.get, lambda e: None)


def _rebuild(
    expr: Basic,
    before: Callable[[Basic], Basic | None],
    after: Callable[[Basic], Basic | None],
) -> Basic:
    """Rebuild ``expr``, each distinct subterm once.

    ``before(e)`` may replace a subterm as it is (its arguments are then not
    visited, as in ``xreplace``); ``after(new)`` may replace it once its arguments
    are rebuilt (as in ``replace``). ``None`` keeps the subterm.
    """
    done: dict[Basic, Basic] = {}
    stack: list[tuple[Basic, bool]] = [(expr, False)]
    while stack:
        e, ready = stack.pop()
        if e in done:
            continue
        if not ready:
            early = before(e)
            if early is not None:
                done[e] = early
                continue
            if e.args:
                stack.append((e, True))
                stack.extend((a, False) for a in reversed(e.args) if a not in done)
                continue
        args = tuple(done[a] for a in e.args)
        new = e.func(*args) if any(a is not b for a, b in zip(args, e.args, strict=True)) else e
        replacement = after(new)
        done[e] = new if replacement is None else replacement
    return done[expr]


def free_symbols(expr: Basic) -> set[Basic]:
    """``expr.free_symbols``, each distinct subterm visited once."""
    return set(_free_symbols(expr))


@functools.lru_cache(maxsize=512)
def _free_symbols(expr: Basic) -> frozenset[Basic]:
    """:func:`free_symbols` (expressions are immutable: asked again, known)."""
    found: dict[Basic, frozenset[Basic]] = {}
    stack: list[tuple[Basic, bool]] = [(expr, False)]
    while stack:
        e, ready = stack.pop()
        if e in found:
            continue
        derivative = isinstance(e, Derivative)
        limits = isinstance(e, ExprWithLimits) and all(isinstance(x[0], Symbol) for x in e.limits)
        if not (derivative or limits) and (
            e.is_Atom or getattr(e, "bound_symbols", ()) or getattr(e, "variables", ())
        ):
            found[e] = frozenset(e.free_symbols)  # other binders say themselves what is free
        elif not ready:
            stack.append((e, True))
            parts = [e.function, *(b for x in e.limits for b in x[1:])] if limits else e.args
            stack.extend((a, False) for a in parts if a not in found)
        elif derivative:  # as SymPy says: those of the expression and of the counts
            counts = [found[n] for _, n in e.variable_count]
            found[e] = found[e.expr].union(*counts)
        elif limits:  # as SymPy's ExprWithLimits says, limit by limit (without its rebuild)
            free = set(found[e.function])
            for v, *bounds in e.limits:
                if not bounds:
                    free.add(v)
                    continue
                free.discard(v)
                free.update(*(found[b] for b in bounds))
            found[e] = frozenset(free)
        else:
            found[e] = frozenset().union(*(found[a] for a in e.args))
    return found[expr]
