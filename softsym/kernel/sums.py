r"""A sound normal form for finite sums over an index, for the checking kernel.

Identities for a general number of classes K are stated with SymPy's
``Sum(f, (k, a, b))`` over indexed symbols (``z = IndexedBase("z")``,
``z[k]``). The exp-rational method treats every sum as an opaque variable,
which proves nothing about the sum itself. :func:`normalize_sums` rewrites
each sum into a canonical combination of simpler sums, so that equal sums
become the same opaque variable. Each rule below is an equality of real
numbers; applying one anywhere in an expression does not change its value
(wherever the stated assumptions hold).

Sums follow SymPy's (Karr's) convention for integer limits, under which the
sum is linear and ``Σ_{k=a}^{b} 1 = b − a + 1`` for all integers ``a``,
``b``. Rules that need a nonempty range ask for it from the stated
inequalities. Indexed entries ``z[k]``, like symbols, are real.

Rules, applied bottom-up:

1. **Canonical bound index.** The bound index of a sum is renamed to a
   private symbol chosen by the number of sums nested inside it
   (α-renaming), so sums that differ only in the name of the index become
   identical, wherever they occur. Renaming replaces only free occurrences
   and is skipped where it could capture a variable.
2. **Concrete ranges.** A sum with integer literal limits and at most
   :data:`MAX_UNROLL` terms is written out term by term.
3. **Offsets in a symbolic limit, and a numeric lower limit.** ``Σ_{k=a}^{u+d} f = Σ_{k=a}^{u} f +
   f(u+1) + … + f(u+d)`` for an integer constant ``d`` (subtracting terms
   when ``d < 0``), and likewise for a lower limit ``u + d``: Karr's
   convention makes ``Σ_a^b + Σ_{b+1}^c = Σ_a^c`` for all integers. So
   ``Σ_{k=1}^{K-1}`` and ``Σ_{k=1}^{K}`` meet as one sum. A numeric lower limit
   other than 1 under a symbolic upper one is moved to 1 the same way:
   ``Σ_{k=0}^{K} f = f(0) + Σ_{k=1}^{K} f``.
4. **Linearity.** With integer limits, the summand is expanded (``exp`` of a
   sum becomes a product of ``exp``; products are distributed over sums), and
   ``Σ (c·f + g) = c·Σ f + Σ g`` for every factor ``c`` that does not contain
   the index. A summand free of the index gives ``c·(b − a + 1)``.
5. **Kronecker delta.** ``Σ_{k=a}^{b} δ(k, e)·f(k) = f(e)`` for an integer
   ``e`` free of ``k``, only if ``a ≤ e`` and ``e ≤ b`` follow from the
   stated inequalities (decided exactly by Fourier–Motzkin elimination); otherwise the
   sum is left alone.
6. **Index-range branches.** SymPy's own evaluation of such sums yields
   ``Piecewise((f(e), (a <= e) & (e <= b)), (0, True))``. A branch whose
   condition, in integer symbols only, follows from the stated inequalities
   is selected; a branch whose condition contradicts them is dropped.
7. **Logarithm of a positive product.** ``log(∏ f_r) = Σ log f_r``, with
   ``log(exp(u)) = u`` and ``log(b^x) = x·log b``, inside a ``log`` whose
   argument has a sum, only when every factor is proved positive: positive
   numbers, ``exp`` of a real expression, sums, products and real powers of
   positive terms, and a sum of positive terms whose range is nonempty
   (``a ≤ b`` follows from the stated inequalities).
8. **Termwise equal sums.** Two sums with the same limits whose summands the
   exp-rational method proves equal for every value of the index become the
   same sum.
9. **Stated sums.** A sum that the assumptions solved (``Σ_k y_k = 1``) is
   replaced by its value, except under a binder of one of its free symbols.

The stated inequalities speak of free symbols: inside a sum over ``j`` no
condition on ``j`` is taken from them. Inequalities are often written as text
(``"1 <= j"``) and so speak of a real symbol ``j``; they are read as speaking
of the integer index named ``j`` in the expression when no other symbol has
that name. Contradictory inequalities are not used at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy
from sympy import Add, Dummy, Expr, KroneckerDelta, Mul, Piecewise, Pow, Sum, Symbol, exp, log

from softsym.kernel.deadline import check_deadline
from softsym.kernel.exprational import is_identically_zero
from softsym.kernel.linear import feasible, implied
from softsym.kernel.positivity import is_positive
from softsym.lang.traversal import free_symbols, has_any

__all__ = ["MAX_UNROLL", "bound_index", "normalize_sums"]

MAX_UNROLL = 64
"""Sums over a concrete range of at most this many terms are written out."""

_BOUND: dict[int, Dummy] = {}
_BINDERS = (sympy.Product, sympy.Integral, sympy.Lambda, sympy.Derivative, sympy.Subs)
_NO_BOUND: frozenset[Symbol] = frozenset()


def bound_index(height: int) -> Dummy:
    """Return the canonical bound index of a sum with ``height`` sums nested inside it."""
    if height not in _BOUND:
        _BOUND[height] = Dummy(f"k{height}", integer=True)
    return _BOUND[height]


def normalize_sums(
    expr: Expr,
    inequalities: Sequence[Any] = (),
    positive: frozenset[Symbol] = frozenset(),
    solved: Sequence[tuple[Expr, Expr]] = (),
) -> Expr:
    """Rewrite every finite sum in ``expr`` into the normal form described above.

    Args:
        expr: The expression (definitions unfolded, derivatives evaluated).
        inequalities: The stated inequalities; they allow the range-dependent rules.
        positive: The symbols the stated inequalities make positive.
        solved: Sums (in normal form) that stated equalities solved, with their values.

    Returns:
        An expression equal to ``expr`` wherever the stated assumptions hold.

    >>> from sympy import IndexedBase, Sum, exp, symbols
    >>> z = IndexedBase("z", real=True)
    >>> k, K = symbols("k K", integer=True)
    >>> c = symbols("c", real=True)
    >>> normalize_sums(Sum(exp(z[k] + c), (k, 1, K)))
    exp(c)*Sum(exp(z[_k0]), (_k0, 1, K))
    """
    if not has_any(expr, Sum, Piecewise):
        return expr
    context = _context(inequalities, expr)
    result = _Normalizer(context, positive).expr(expr, _NO_BOUND)
    result = _unify_termwise_equal(result)
    if solved:
        mapping = dict(solved)
        names = frozenset().union(*(key.free_symbols for key in mapping))
        result = _replace_closed(result, mapping, names)
    return result


def _context(inequalities: Iterable[Any], expr: Expr) -> tuple[Any, ...]:
    """The linear inequalities usable as context, in the symbols of ``expr``."""
    by_name: dict[str, list[Symbol]] = {}
    for s in free_symbols(expr):
        if isinstance(s, Symbol):
            by_name.setdefault(s.name, []).append(s)
    usable = [r for r in inequalities if all(isinstance(s, Symbol) for s in r.free_symbols)]
    rename = {}
    for rel in usable:
        for s in rel.free_symbols:
            same = by_name.get(s.name, [])
            if len(same) == 1 and same[0] != s and same[0].is_integer:
                rename[s] = same[0]
    context = tuple(rel.xreplace(rename) for rel in usable)
    return context if feasible(context) is not False else ()


def _height(expr: Expr) -> int:
    """How many sums are nested in ``expr`` (0 when none): the next index to use."""
    return max((_height(s.function) + len(s.limits) for s in expr.atoms(Sum)), default=0)


def _inner_scopes(limits: Sequence[Any], bound: frozenset[Symbol]) -> list[frozenset[Symbol]]:
    """For each limit of a multiple sum, the symbols bound where its range is evaluated.

    ``Sum(f, L1, L2)`` means Σ_{L2} Σ_{L1} f: the range of L1 may use the index of L2.
    """
    return [bound | {lim[0] for lim in limits[i + 1 :]} for i in range(len(limits))]


def _substitute_free(expr: Expr, old: Symbol, new: Expr) -> Expr | None:
    """Replace the free occurrences of the symbol ``old`` by ``new``.

    Returns ``None`` when a sum in ``expr`` binds a symbol of ``new`` around
    ``old`` (capture), or ``old`` occurs under another kind of binder.
    """
    if expr == old:
        return new
    if not expr.has(old):
        return expr
    if isinstance(expr, Sum):
        limits: list[tuple[Expr, Expr, Expr]] = []
        shadowed = False
        for k, a, b in reversed(expr.limits):  # outermost first
            if not shadowed:
                a2, b2 = _substitute_free(a, old, new), _substitute_free(b, old, new)
                if a2 is None or b2 is None:
                    return None
                a, b = a2, b2
                if k == old:
                    shadowed = True
                elif k in new.free_symbols:
                    return None
            limits.insert(0, (k, a, b))
        f = expr.function if shadowed else _substitute_free(expr.function, old, new)
        return None if f is None else Sum(f, *limits)
    if isinstance(expr, _BINDERS):
        return None
    args = []
    for arg in expr.args:
        replaced = _substitute_free(arg, old, new)
        if replaced is None:
            return None
        args.append(replaced)
    return expr.func(*args)


def _canonical_sum(f: Expr, k: Symbol, a: Expr, b: Expr) -> Expr:
    """Build Σ_{k=a}^{b} f with the bound index renamed to the canonical one for f."""
    v = bound_index(_height(f))
    if k != v and not f.has(v):
        renamed = _substitute_free(f, k, v)
        if renamed is not None:
            return Sum(renamed, (v, a, b))
    return Sum(f, (k, a, b))


def _expand(expr: Expr) -> Expr:
    """Expand products and ``exp`` of sums, keeping inner sums as they are."""
    inner = {s: Dummy("s") for s in expr.atoms(Sum)}
    expanded = sympy.expand(
        expr.xreplace(inner),
        deep=True,
        mul=True,
        multinomial=True,
        power_exp=True,
        power_base=False,
        log=False,
    )
    return expanded.xreplace({d: s for s, d in inner.items()})


def _conjuncts(cond: Any) -> list[Any] | None:
    """The relations of a conjunction in integer symbols, or ``None``."""
    parts = list(cond.args) if isinstance(cond, sympy.And) else [cond]
    if not all(isinstance(p, sympy.core.relational.Relational) for p in parts):
        return None
    if not all(isinstance(s, Symbol) and s.is_integer for p in parts for s in p.free_symbols):
        return None
    return parts


class _Normalizer:
    """Applies the rules with the stated inequalities as context.

    ``bound`` holds the indices bound by the enclosing sums: the context
    speaks of free symbols only, so no condition on a bound index is taken
    from it.
    """

    def __init__(self, context: tuple[Any, ...], positive: frozenset[Symbol]) -> None:
        self.context = context
        self.positive = positive
        self.done: dict[tuple[Expr, frozenset[Symbol]], Expr] = {}
        self.sums: dict[Expr, bool] = {}

    def has_sums(self, e: Expr) -> bool:
        """Whether ``e`` holds a sum or a Piecewise, each distinct subterm judged once."""
        known = self.sums.get(e)
        if known is None:
            known = isinstance(e, Sum | Piecewise) or any(self.has_sums(a) for a in e.args)
            self.sums[e] = known
        return known

    def implied(self, relation: Any, bound: frozenset[Symbol]) -> bool:
        free: set[Symbol] = getattr(relation, "free_symbols", set())
        return not (free & bound) and implied(relation, self.context)

    def expr(self, e: Expr, bound: frozenset[Symbol]) -> Expr:
        """Normalise ``e``, each distinct (subterm, bound indices) once."""
        known = self.done.get((e, bound))
        if known is None:
            known = self.done[(e, bound)] = self._expr(e, bound)
        return known

    def _expr(self, e: Expr, bound: frozenset[Symbol]) -> Expr:
        if isinstance(e, _BINDERS) or not self.has_sums(e):
            return e
        check_deadline()
        if isinstance(e, Sum):
            result: Expr = e.function
            scopes = _inner_scopes(e.limits, bound)
            for (k, a, b), scope in zip(e.limits, scopes, strict=True):
                result = self.single_sum(result, k, a, b, scope)
            return result
        args = [self.expr(a, bound) for a in e.args]
        if any(a is not b for a, b in zip(args, e.args, strict=True)):
            e = e.func(*args)
        if isinstance(e, log) and e.args[0].has(Sum):
            return self.log(e, bound)
        if isinstance(e, Piecewise):
            return self.piecewise(e, bound)
        return e

    def single_sum(self, f: Expr, k: Symbol, a: Expr, b: Expr, bound: frozenset[Symbol]) -> Expr:
        """Normalise Σ_{k=a}^{b} f, where ``bound`` holds the indices bound outside."""
        a, b = self.expr(a, bound), self.expr(b, bound)
        inner = bound | {k}
        f = self.expr(f, inner)
        if a.is_Integer and b.is_Integer and 0 <= b - a + 1 <= MAX_UNROLL:
            terms = [_substitute_free(f, k, a + r) for r in range(int(b - a + 1))]
            if all(t is not None for t in terms):
                return self.expr(Add(*terms), bound)
        if not (a.is_integer and b.is_integer):
            return _canonical_sum(f, k, a, b)
        shifted = self.offset_limits(f, k, a, b, bound)
        if shifted is not None:
            return shifted
        started = self.lower_limit_one(f, k, a, b, bound)
        if started is not None:
            return started
        return Add(*[self.term(t, k, a, b, bound) for t in Add.make_args(_expand(f))])

    def offset_limits(
        self, f: Expr, k: Symbol, a: Expr, b: Expr, bound: frozenset[Symbol]
    ) -> Expr | None:
        """Move a constant offset out of a symbolic limit: Σ_{a}^{u+d} = Σ_{a}^{u} + Σ_{u+1}^{u+d}.

        By Karr's convention Σ_{a}^{b} + Σ_{b+1}^{c} = Σ_{a}^{c} for all integers,
        so this holds for either sign of d; the ``|d|`` terms are written out.
        """
        for which, limit in (("lower", a), ("upper", b)):
            d, u = limit.as_coeff_Add()
            if not (d.is_Integer and d != 0 and abs(d) <= MAX_UNROLL) or u.is_Number:
                continue
            if not u.is_integer:
                continue
            if which == "upper":  # Σ_a^{u+d} = Σ_a^u + Σ_{u+1}^{u+d}
                sign, lo, hi, rest = 1, u + 1, u + d, (a, u)
                if d < 0:  # Σ_a^{u+d} = Σ_a^u − Σ_{u+d+1}^{u}
                    sign, lo, hi = -1, u + d + 1, u
            else:  # Σ_{u+d}^b = Σ_u^b − Σ_u^{u+d−1}
                sign, lo, hi, rest = -1, u, u + d - 1, (u, b)
                if d < 0:  # Σ_{u+d}^b = Σ_u^b + Σ_{u+d}^{u−1}
                    sign, lo, hi = 1, u + d, u - 1
            terms = [_substitute_free(f, k, lo + r) for r in range(int(hi - lo + 1))]
            if any(t is None for t in terms):
                continue
            main = self.single_sum(f, k, rest[0], rest[1], bound)
            return main + sign * self.expr(Add(*terms), bound)
        return None

    def lower_limit_one(
        self, f: Expr, k: Symbol, a: Expr, b: Expr, bound: frozenset[Symbol]
    ) -> Expr | None:
        """Start a sum with a symbolic upper limit at 1: Σ_{0}^{K} = f(0) + Σ_{1}^{K}.

        By Karr's convention Σ_{a}^{b} = Σ_{a}^{0} + Σ_{1}^{b} for a ≤ 0 and
        Σ_{a}^{b} = Σ_{1}^{b} − Σ_{1}^{a−1} for a > 1, for every integer b.
        """
        if not a.is_Integer or a == 1 or b.is_Integer or abs(a - 1) > MAX_UNROLL:
            return None
        lo, hi, sign = (a, 0, 1) if a < 1 else (1, a - 1, -1)
        terms = [_substitute_free(f, k, lo + r) for r in range(int(hi - lo + 1))]
        if any(t is None for t in terms):
            return None
        main = self.single_sum(f, k, sympy.Integer(1), b, bound)
        return main + sign * self.expr(Add(*terms), bound)

    def term(self, t: Expr, k: Symbol, a: Expr, b: Expr, bound: frozenset[Symbol]) -> Expr:
        """Σ_{k=a}^{b} t for one term of the expanded summand."""
        factors = Mul.make_args(t)
        inside = [f for f in factors if k in f.free_symbols]
        outside = Mul(*[f for f in factors if k not in f.free_symbols])
        if not inside:
            return outside * (b - a + 1)
        deltas = [f for f in inside if isinstance(f, KroneckerDelta)]
        if len(deltas) == 1:
            rest = Mul(*[f for f in inside if f is not deltas[0]])
            picked = self.delta(deltas[0], rest, k, a, b, bound)
            if picked is not None:
                return outside * picked
        return outside * _canonical_sum(Mul(*inside), k, a, b)

    def delta(
        self,
        delta: KroneckerDelta,
        rest: Expr,
        k: Symbol,
        a: Expr,
        b: Expr,
        bound: frozenset[Symbol],
    ) -> Expr | None:
        """Σ_{k=a}^{b} δ(k, e)·rest = rest at k = e, if a ≤ e ≤ b follows from the context."""
        if len(delta.args) != 2:
            return None
        p, q = delta.args
        e = q if p == k else p if q == k else None
        if e is None or k in e.free_symbols or not e.is_integer:
            return None
        if not (self.implied(sympy.Le(a, e), bound) and self.implied(sympy.Le(e, b), bound)):
            return None
        value = _substitute_free(rest, k, e)
        return None if value is None else self.expr(value, bound)

    def piecewise(self, e: Piecewise, bound: frozenset[Symbol]) -> Expr:
        branches = list(e.args)
        while branches:
            value, cond = branches[0]
            parts = [] if cond is sympy.true else _conjuncts(cond)
            if parts is None or any(p.free_symbols & bound for p in parts):
                break
            if all(implied(p, self.context) for p in parts):
                return value
            if feasible([*self.context, *parts]) is not False:
                break
            branches.pop(0)
        if not branches or len(branches) == len(e.args):
            return e
        return Piecewise(*branches)

    def log(self, e: log, bound: frozenset[Symbol]) -> Expr:
        factors = Mul.make_args(e.args[0])
        if not all(
            is_positive(f, self.positive, bound=bound, nonempty=self.nonempty) for f in factors
        ):
            return e
        return Add(*[_log_of_positive(f) for f in factors])

    def nonempty(self, s: Sum, bound: frozenset[Symbol]) -> bool:
        """Whether every range of the sum is nonempty (``a ≤ b`` follows from the context)."""
        scopes = _inner_scopes(s.limits, bound)
        return all(
            self.implied(sympy.Le(a, b), scope)
            for (_, a, b), scope in zip(s.limits, scopes, strict=True)
        )


def _log_of_positive(f: Expr) -> Expr:
    if isinstance(f, exp):
        return f.args[0]
    if isinstance(f, Pow):
        return f.exp * log(f.base)
    return log(f)


def _unify_termwise_equal(expr: Expr) -> Expr:
    """Make sums with the same limits and termwise equal summands the same sum."""
    groups: dict[Any, list[Sum]] = {}
    for s in sorted(expr.atoms(Sum), key=sympy.default_sort_key):
        groups.setdefault(s.limits, []).append(s)
    mapping: dict[Expr, Expr] = {}
    for sums in groups.values():
        representatives: list[Sum] = []
        for s in sums:
            check_deadline()
            same = next(
                (r for r in representatives if is_identically_zero(s.function - r.function)),
                None,
            )
            if same is None:
                representatives.append(s)
            else:
                mapping[s] = same
    return expr.xreplace(mapping) if mapping else expr


def _replace_closed(expr: Expr, mapping: dict[Expr, Expr], names: frozenset[Symbol]) -> Expr:
    """Replace the keys of ``mapping``, except under a binder of one of ``names``.

    ``names`` are the free symbols of the keys: under a binder of one of them,
    a key would not mean what it means outside.
    """
    if expr in mapping:
        return mapping[expr]
    if expr.is_Atom:
        return expr
    if isinstance(expr, (Sum, *_BINDERS)) and set(expr.variables) & names:
        return expr
    args = [_replace_closed(a, mapping, names) for a in expr.args]
    if all(a is b for a, b in zip(args, expr.args, strict=True)):
        return expr
    return expr.func(*args)
