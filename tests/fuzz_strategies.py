"""Random identities for the differential fuzzer of the checker (tests/test_fuzz.py).

True identities are built bottom-up as pairs ``(lhs, rhs)`` that are equal by
construction: every node picks one of several equivalent forms for each side
(σ(u) ↔ 1/(1 + e^{−u}) ↔ 1 − σ(−u), logsumexp shift, Max ↔ (a + b + |a − b|)/2,
Σ_{k=1}^{3} f(k) ↔ f(1) + f(2) + f(3), hand-written derivative rules, ...),
so rewrites compose at every depth. Each form has the same domain as the
node it replaces; rewrites that need positivity (log(ab) = log a + log b,
exp(log u) = u) are used only on arguments known to be positive.

False identities are small perturbations of true ones (a sign flip inside one
function, swapped variables, a dropped term, an added constant, ...); a
perturbation counts as false only when :func:`find_witness` finds a point,
allowed by the assumptions, where both sides are defined and differ.

Everything that judges the checker (:func:`values_at`, :func:`find_witness`,
:func:`audit_counterexample`) evaluates independently of it: its own
unfolding (``softsym.unfold`` plus SymPy's ``doit``) and an mpmath evaluator
that declares a point undefined as soon as any subterm is not real.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import mpmath
import sympy
from hypothesis import strategies as st
from sympy import Abs, Derivative, Expr, Max, Min, Rational, Sum, Symbol, exp, log, tanh

from softsym import (
    Counterexample,
    logit,
    logsumexp,
    real_symbols,
    sigmoid,
    softmax,
    softplus,
    unfold,
)
from softsym.lang.functions import softmax_component

X, Y, Z = real_symbols("x y z")
SYMBOLS: tuple[Symbol, ...] = (X, Y, Z)
K = Symbol("k", integer=True)
TINY: tuple[tuple[str, Expr], ...] = (
    ("+1e-20", Rational(1, 10**20)),
    ("+exp(-60)", exp(-60)),
    ("*(1+1e-20)", 1 + Rational(1, 10**20)),
)

# --- true identities -------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Two expressions equal wherever defined, and the rewrites that made them."""

    lhs: Expr
    rhs: Expr
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What a subexpression may use: the symbols stated positive, the sum index in scope."""

    positive: frozenset[Symbol] = frozenset()
    index: Symbol | None = None


@dataclass(frozen=True)
class Case:
    """One generated identity, with what the generator knows about it.

    Attributes:
        lhs: Left-hand side.
        rhs: Right-hand side.
        assumptions: Stated assumptions (text), e.g. ``("x > 0",)``.
        true: True by construction, or False (then ``witness`` shows it).
        kind: ``"true"`` or the perturbation that made it false.
        rules: The rewrites (and the perturbation) applied.
        witness: For a false case, a point where both sides are defined and differ.
    """

    lhs: Expr
    rhs: Expr
    assumptions: tuple[str, ...]
    true: bool
    kind: str
    rules: tuple[str, ...] = ()
    witness: dict[Symbol, Rational] | None = field(default=None, compare=False)

    def describe(self) -> str:
        """The case as one line of text: ``lhs = rhs  [assumptions]``."""
        where = f"  [{', '.join(self.assumptions)}]" if self.assumptions else ""
        return f"{self.lhs} = {self.rhs}{where}"


def known_positive(e: Expr, positive: frozenset[Symbol]) -> bool:
    """Whether ``e`` is certainly positive wherever it is defined (a syntactic test)."""
    if e.is_Rational:
        return bool(e > 0)
    if e.is_Symbol:
        return e in positive
    if isinstance(e, exp | sigmoid | softplus | softmax_component | sympy.cosh):
        return True
    if isinstance(e, sympy.Add | sympy.Mul):
        return all(known_positive(a, positive) for a in e.args)
    if isinstance(e, sympy.Pow):
        return known_positive(e.args[0], positive)
    return False


def _d(e: Expr, s: Symbol) -> Expr:
    """An unevaluated derivative, or 0 when ``e`` does not depend on ``s``."""
    return Derivative(e, s) if e.has(s) else sympy.Integer(0)


def _forms(
    op: str, args: Sequence[Expr], extra: tuple[object, ...], ctx: Context
) -> list[tuple[str, Expr]]:
    """Equivalent forms of ``op(args)``, each with the same domain as the first."""
    pos = ctx.positive
    if op == "add":
        a, b = args
        return [("a+b", a + b)]
    if op == "mul":
        a, b = args
        return [("a*b", a * b)]
    if op == "scale":
        (a,) = args
        (c,) = extra
        return [("c*a", c * a)]
    if op == "div":
        a, b = args  # b is known positive
        return [("a/b", a / b), ("a*exp(-log b)", a * exp(-log(b)))]
    if op == "square":
        (a,) = args
        return [("a^2", a**2), ("|a|^2", Abs(a) ** 2), ("(-a)^2", (-a) ** 2)]
    if op == "onepsq":
        (a,) = args
        return [("1+a^2", 1 + a**2)]
    if op == "sigmoid":
        (u,) = args
        return [
            ("σ(u)", sigmoid(u)),
            ("1/(1+e^-u)", 1 / (1 + exp(-u))),
            ("1-σ(-u)", 1 - sigmoid(-u)),
            ("e^u/(1+e^u)", exp(u) / (1 + exp(u))),
            ("softmax(u,0)[0]", softmax(u, 0)[0]),
            ("(1+tanh(u/2))/2", (1 + tanh(u / 2)) / 2),
            ("exp(-softplus(-u))", exp(-softplus(-u))),
        ]
    if op == "softplus":
        (u,) = args
        return [
            ("softplus(u)", softplus(u)),
            ("log(1+e^u)", log(1 + exp(u))),
            ("u+softplus(-u)", u + softplus(-u)),
            ("-log σ(-u)", -log(sigmoid(-u))),
            ("max(u,0)+log(1+e^-|u|)", Max(u, 0) + log(1 + exp(-Abs(u)))),
            ("logsumexp(0,u)", logsumexp(0, u)),
        ]
    if op == "logsumexp":
        (c,) = extra
        out = [
            ("lse", logsumexp(*args)),
            ("log Σ e^a", log(sympy.Add(*[exp(a) for a in args]))),
            ("lse reversed", logsumexp(*reversed(args))),
            ("lse shift", logsumexp(*[a + c for a in args]) - c),
            (
                "max+log Σ e^(a-max)",
                Max(*args) + log(sympy.Add(*[exp(a - Max(*args)) for a in args])),
            ),
        ]
        if len(args) == 2:
            a, b = args
            out += [
                ("max+log(1+e^-|a-b|)", Max(a, b) + log(1 + exp(-Abs(a - b)))),
                ("a+softplus(b-a)", a + softplus(b - a)),
            ]
        else:
            out.append(("lse(lse(a,b),c)", logsumexp(logsumexp(*args[:-1]), args[-1])))
        return out
    if op == "softmax":
        i, c = extra
        assert isinstance(i, int)
        others = [a for j, a in enumerate(args) if j != i]
        out = [
            ("softmax", softmax(*args)[i]),
            ("e^a_i/Σ e^a", exp(args[i]) / sympy.Add(*[exp(a) for a in args])),
            ("softmax shift", softmax(*[a + c for a in args])[i]),
            ("exp(a_i-lse)", exp(args[i] - logsumexp(*args))),
            ("1/(1+Σ e^(a_j-a_i))", 1 / (1 + sympy.Add(*[exp(a - args[i]) for a in others]))),
            ("softmax permuted", softmax(*reversed(args))[len(args) - 1 - i]),
        ]
        if len(args) == 2:
            out.append(("σ(a_i-a_j)", sigmoid(args[i] - others[0])))
            out.append(("1-softmax other", 1 - softmax(*args)[1 - i]))
        return out
    if op == "tanh":
        (u,) = args
        return [
            ("tanh(u)", tanh(u)),
            ("2σ(2u)-1", 2 * sigmoid(2 * u) - 1),
            ("(e^u-e^-u)/(e^u+e^-u)", (exp(u) - exp(-u)) / (exp(u) + exp(-u))),
            ("-tanh(-u)", -tanh(-u)),
            ("(1-e^-2u)/(1+e^-2u)", (1 - exp(-2 * u)) / (1 + exp(-2 * u))),
        ]
    if op == "exp":
        (u,) = args
        out = [("e^u", exp(u)), ("1/e^-u", 1 / exp(-u)), ("(e^(u/2))^2", exp(u / 2) ** 2)]
        if isinstance(u, sympy.Add):
            out.append(("e^(a+b)=e^a e^b", sympy.Mul(*[exp(t) for t in u.args])))
        if isinstance(u, log) and known_positive(u.args[0], pos):
            out.append(("e^log p=p", u.args[0]))
        return out
    if op == "log":
        (u,) = args
        out = [("log u", log(u)), ("-log(1/u)", -log(1 / u))]
        if isinstance(u, exp):
            out.append(("log e^v=v", u.args[0]))
        if isinstance(u, sigmoid):
            out.append(("log σ(v)=-softplus(-v)", -softplus(-u.args[0])))
        if isinstance(u, softmax_component):
            zs = u.logits
            out.append(("log softmax=a_i-lse", zs[u.index - 1] - logsumexp(*zs)))
        if isinstance(u, sympy.Mul) and all(known_positive(f, pos) for f in u.args):
            out.append(("log(ab)=log a+log b", sympy.Add(*[log(f) for f in u.args])))
        if isinstance(u, sympy.Pow) and known_positive(u.args[0], pos):
            out.append(("log b^n=n log b", u.args[1] * log(u.args[0])))
        return out
    if op == "logit":
        (p,) = args
        out = [
            ("logit(p)", logit(p)),
            ("log p-log(1-p)", log(p) - log(1 - p)),
            ("-logit(1-p)", -logit(1 - p)),
            ("log(p/(1-p))", log(p / (1 - p))),
        ]
        if isinstance(p, sigmoid):
            out.append(("logit σ(v)=v", p.args[0]))
        return out
    if op == "abs":
        (u,) = args
        return [("|u|", Abs(u)), ("|-u|", Abs(-u)), ("max(u,-u)", Max(u, -u))]
    if op == "max":
        a, b = args
        return [
            ("max(a,b)", Max(a, b)),
            ("max(b,a)", Max(b, a)),
            ("-min(-a,-b)", -Min(-a, -b)),
            ("(a+b+|a-b|)/2", (a + b + Abs(a - b)) / 2),
        ]
    if op == "min":
        a, b = args
        return [
            ("min(a,b)", Min(a, b)),
            ("-max(-a,-b)", -Max(-a, -b)),
            ("(a+b-|a-b|)/2", (a + b - Abs(a - b)) / 2),
            ("a+b-max(a,b)", a + b - Max(a, b)),
        ]
    if op == "sum":
        (f,) = args
        (n,) = extra
        assert isinstance(n, int)
        return [
            ("Σ_{k=1}^n", Sum(f, (K, 1, n))),
            ("unrolled", sympy.Add(*[f.xreplace({K: sympy.Integer(i)}) for i in range(1, n + 1)])),
            ("Σ_{k=0}^{n-1} f(k+1)", Sum(f.xreplace({K: K + 1}), (K, 0, n - 1))),
        ]
    if op == "derivative":
        (u,) = args
        (s,) = extra
        assert isinstance(s, Symbol)
        out = [("D u", Derivative(u, s)), ("diff of definition", sympy.diff(unfold(u), s))]
        out += [(f"D rule {name}", value) for name, value in _derivative_rules(u, s)]
        return out
    raise ValueError(f"unknown op {op!r}")


def _derivative_rules(u: Expr, s: Symbol) -> list[tuple[str, Expr]]:
    """Hand-written derivative rules for the head of ``u`` (inner derivatives unevaluated)."""
    if isinstance(u, sigmoid):
        v = u.args[0]
        return [("σ'=σ(1-σ)", sigmoid(v) * (1 - sigmoid(v)) * _d(v, s))]
    if isinstance(u, softplus):
        v = u.args[0]
        return [("softplus'=σ", sigmoid(v) * _d(v, s))]
    if isinstance(u, exp):
        v = u.args[0]
        return [("exp'=exp", exp(v) * _d(v, s))]
    if isinstance(u, log):
        v = u.args[0]
        return [("log'=1/v", _d(v, s) / v)]
    if isinstance(u, tanh):
        v = u.args[0]
        return [("tanh'=1-tanh^2", (1 - tanh(v) ** 2) * _d(v, s))]
    if isinstance(u, logit):
        p = u.args[0]
        return [("logit'=1/(p(1-p))", _d(p, s) / (p * (1 - p)))]
    if isinstance(u, logsumexp):
        zs = u.args
        sm = softmax(*zs)
        return [("lse'=softmax", sympy.Add(*[sm[j] * _d(a, s) for j, a in enumerate(zs)]))]
    if isinstance(u, softmax_component):
        zs, i = u.logits, u.index - 1
        sm = softmax(*zs)
        terms = [sm[i] * ((1 if j == i else 0) - sm[j]) * _d(a, s) for j, a in enumerate(zs)]
        return [("softmax'=s_i(δ-s_j)", sympy.Add(*terms))]
    if isinstance(u, sympy.Add):
        return [("sum rule", sympy.Add(*[_d(t, s) for t in u.args]))]
    if isinstance(u, sympy.Mul) and len(u.args) == 2:
        a, b = u.args
        return [("product rule", _d(a, s) * b + a * _d(b, s))]
    return []


UNARY = ("sigmoid", "softplus", "tanh", "exp", "log", "logit", "abs", "square", "scale")
BINARY = ("add", "mul", "div", "max", "min", "logsumexp", "softmax")
SPECIAL = ("sum", "derivative")
POSITIVE_WRAPPERS = ("exp", "sigmoid", "softplus", "onepsq", "softmax")
SCALES = tuple(Rational(n, d) for n, d in [(2, 1), (-1, 1), (1, 2), (-3, 2), (3, 1), (-1, 3)])
DEPTHS = (1, 1, 1, 2, 2, 2, 2, 3, 3)  # mostly small: the checker's time grows fast with size
CONSTANTS = tuple(Rational(n, d) for n, d in [(1, 1), (2, 1), (1, 2), (-1, 1), (3, 1), (-2, 3)])


def within_semantics(e: Expr) -> bool:
    """No floats, no complex or infinite constants, no constant outside a function's domain."""
    if e.has(sympy.Float, sympy.I, sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return False
    for sub in sympy.preorder_traversal(e):
        if isinstance(sub, Expr) and not sub.is_Atom and not sub.free_symbols:
            try:
                value_at(concrete(sub), {}, 30)
            except Undefined:
                return False
            except Unevaluable:
                continue
    return True


@st.composite
def leaves(draw: st.DrawFn, ctx: Context) -> Pair:
    choices: list[Expr] = [*SYMBOLS, *SYMBOLS, *CONSTANTS[:3]]
    if ctx.index is not None:
        choices += [ctx.index] * 3
    e = draw(st.sampled_from(choices))
    return Pair(e, e)


def apply_op(
    draw: st.DrawFn, op: str, children: Sequence[Pair], extra: tuple[object, ...], ctx: Context
) -> Pair | None:
    """Build both sides of ``op(children)`` with independently chosen equivalent forms."""
    try:
        left = _forms(op, [c.lhs for c in children], extra, ctx)
        right = _forms(op, [c.rhs for c in children], extra, ctx)
    except (TypeError, ValueError):  # e.g. Max of arguments SymPy cannot compare
        return None
    i = draw(st.integers(0, len(left) - 1))
    j = draw(st.integers(0, len(right) - 1))
    if j == i and len(right) > 1 and draw(st.integers(0, 3)) > 0:
        j = (i + draw(st.integers(1, len(right) - 1))) % len(right)  # mostly different forms
    (ln, lhs), (rn, rhs) = left[i], right[j]
    if not (within_semantics(lhs) and within_semantics(rhs)):
        return None
    rules = tuple(r for c in children for r in c.rules)
    if ln != rn:
        rules += (f"{ln} ↔ {rn}",)
    return Pair(lhs, rhs, rules)


@st.composite
def true_pairs(draw: st.DrawFn, depth: int, ctx: Context, top: bool = False) -> Pair:
    """A pair of expressions equal by construction, of nesting depth at most ``depth``.

    At the top (``top``) an operation is always applied.
    """
    if depth <= 0 or (not top and draw(st.integers(0, 6)) == 0):
        return draw(leaves(ctx))
    ops = list(UNARY + BINARY)
    if ctx.index is None and depth >= 2:
        ops += list(SPECIAL)
    op = draw(st.sampled_from(ops))
    sub = depth - 1
    extra: tuple[object, ...] = ()
    if op in UNARY:
        child = draw(true_pairs(sub, ctx))
        if op == "log" and draw(st.integers(0, 9)) < 7:
            child = _positive(draw, child, ctx)
        if op == "logit" and draw(st.booleans()):
            child = apply_op(draw, "sigmoid", [child], (), ctx) or child
        if op == "scale":
            extra = (draw(st.sampled_from(SCALES)),)
        children = [child]
    elif op in ("logsumexp", "softmax"):
        n = draw(st.integers(2, 3))
        children = [draw(true_pairs(sub, ctx)) for _ in range(n)]
        shift = draw(st.sampled_from([*CONSTANTS, *SYMBOLS]))
        extra = (draw(st.integers(0, n - 1)), shift) if op == "softmax" else (shift,)
    elif op in BINARY:
        children = [draw(true_pairs(sub, ctx)) for _ in range(2)]
        if op == "div":
            children[1] = _positive(draw, children[1], ctx)
    elif op == "sum":
        inner = Context(ctx.positive, K)
        children = [draw(true_pairs(sub, inner))]
        extra = (draw(st.integers(2, 3)),)
    else:  # derivative
        child = draw(true_pairs(sub, ctx))
        present = sorted(child.lhs.free_symbols & set(SYMBOLS), key=str)
        s = draw(st.sampled_from(present or list(SYMBOLS)))
        children, extra = [child], (s,)
    pair = apply_op(draw, op, children, extra, ctx)
    return pair if pair is not None else children[0]


def _positive(draw: st.DrawFn, child: Pair, ctx: Context) -> Pair:
    """Wrap a pair in a function with positive values (exp, σ, softplus, 1 + u², softmax)."""
    if known_positive(child.lhs, ctx.positive) and known_positive(child.rhs, ctx.positive):
        return child
    op = draw(st.sampled_from(POSITIVE_WRAPPERS))
    if op == "softmax":
        other = draw(leaves(ctx))
        wrapped = apply_op(draw, op, [child, other], (0, sympy.Integer(1)), ctx)
    else:
        wrapped = apply_op(draw, op, [child], (), ctx)
    return wrapped or child


@st.composite
def contexts(draw: st.DrawFn) -> Context:
    positive = frozenset(s for s in SYMBOLS if draw(st.integers(0, 5)) == 0)
    return Context(positive)


@st.composite
def assumptions_for(draw: st.DrawFn, ctx: Context, lhs: Expr, rhs: Expr) -> tuple[str, ...]:
    """``s > 0`` for the positive symbols that occur (now and then for all of them)."""
    used = (
        ctx.positive
        if draw(st.integers(0, 7)) == 0
        else ctx.positive & (lhs.free_symbols | rhs.free_symbols)
    )
    return tuple(f"{s} > 0" for s in sorted(used, key=str))


@st.composite
def substituted(draw: st.DrawFn, pair: Pair, ctx: Context) -> Pair:
    """Maybe substitute a random equal pair for a variable on both sides (keeps truth)."""
    if draw(st.integers(0, 3)) != 0:
        return pair
    busy = {
        v for d in (pair.lhs.atoms(Derivative) | pair.rhs.atoms(Derivative)) for v in d.variables
    }
    free = sorted((pair.lhs.free_symbols | pair.rhs.free_symbols) - busy - ctx.positive, key=str)
    free = [v for v in free if v in SYMBOLS]
    if not free:
        return pair
    v = draw(st.sampled_from(free))
    e = draw(true_pairs(1, ctx))
    if e.lhs.has(*busy) or e.rhs.has(*busy):
        return pair  # d/dx f(y) = 0 no longer holds once y depends on x
    try:
        lhs, rhs = pair.lhs.xreplace({v: e.lhs}), pair.rhs.xreplace({v: e.rhs})
    except (TypeError, ValueError):  # e.g. Max of arguments SymPy cannot compare
        return pair
    if not (within_semantics(lhs) and within_semantics(rhs)):
        return pair
    return Pair(lhs, rhs, (*pair.rules, *e.rules, f"substitute {v}"))


@st.composite
def nontrivial_pairs(draw: st.DrawFn, ctx: Context) -> Pair:
    """A true pair, maybe with a substitution, whose two sides differ as expressions if possible."""
    for _ in range(3):
        depth = draw(st.sampled_from(DEPTHS))
        pair = draw(true_pairs(depth, ctx, top=True))
        pair = draw(substituted(pair, ctx))
        if pair.lhs != pair.rhs:
            break
    return pair


@st.composite
def true_cases(draw: st.DrawFn) -> Case:
    """An identity that is true by construction."""
    ctx = draw(contexts())
    pair = draw(nontrivial_pairs(ctx))
    if draw(st.booleans()):
        pair = Pair(pair.rhs, pair.lhs, pair.rules)
    assumptions = draw(assumptions_for(ctx, pair.lhs, pair.rhs))
    return Case(pair.lhs, pair.rhs, assumptions, True, "true", pair.rules)


# --- false identities ---------------------------------------------------------------------

PERTURBATIONS = (
    "sign flip",
    "swap variables",
    "drop term",
    "add constant",
    "double",
    "swap function",
    "off-by-one sum",
    "replace variable",
    "drop piecewise",
)
_SWAPPED: dict[type, Callable[..., Expr]] = {
    sigmoid: softplus,
    softplus: sigmoid,
    tanh: sigmoid,
    exp: softplus,
    Max: Min,
    Min: Max,
    logsumexp: Max,
}


def _subterms(e: Expr, keep: Callable[[Expr], bool]) -> list[Expr]:
    out = []
    for sub in sympy.preorder_traversal(e):
        if isinstance(sub, Expr) and keep(sub) and sub not in out:
            out.append(sub)
    return out


def perturb(draw: st.DrawFn, e: Expr, kind: str) -> tuple[str, Expr] | None:
    """One perturbation of ``e`` of the given kind, or None when it does not apply."""
    if kind == "sign flip":
        apps = _subterms(
            e, lambda s: isinstance(s, sympy.Function) and not isinstance(s, sympy.Piecewise)
        )
        if not apps:
            return None
        f = draw(st.sampled_from(apps))
        first = 1 if isinstance(f, softmax_component) else 0
        j = draw(st.integers(first, len(f.args) - 1))
        args = list(f.args)
        args[j] = -args[j]
        return f"flip sign of argument {j} of {type(f).__name__}", e.xreplace({f: f.func(*args)})
    if kind == "swap variables":
        present = sorted(e.free_symbols & set(SYMBOLS), key=str)
        if not present:
            return None
        a = draw(st.sampled_from(present))
        b = draw(st.sampled_from([s for s in SYMBOLS if s != a]))
        return f"swap {a}, {b}", e.xreplace({a: b, b: a})
    if kind == "drop term":
        nodes = _subterms(e, lambda s: isinstance(s, sympy.Add | sympy.Mul) and len(s.args) > 1)
        if not nodes:
            return None
        node = draw(st.sampled_from(nodes))
        j = draw(st.integers(0, len(node.args) - 1))
        rest = node.args[:j] + node.args[j + 1 :]
        what = "term" if isinstance(node, sympy.Add) else "factor"
        return f"drop {what} {node.args[j]}", e.xreplace({node: node.func(*rest)})
    if kind == "add constant":
        c = draw(st.sampled_from(CONSTANTS))
        return f"add {c}", e + c
    if kind == "double":
        nodes = _subterms(e, lambda s: not s.is_Number and s != K)
        node = draw(st.sampled_from(nodes)) if nodes else e
        return f"double {node}", e.xreplace({node: 2 * node})
    if kind == "swap function":
        apps = _subterms(e, lambda s: type(s) in _SWAPPED)
        if not apps:
            return None
        f = draw(st.sampled_from(apps))
        g = _SWAPPED[type(f)]
        new = g(*f.args) if g in (Max, Min) or len(f.args) == 1 else g(*f.args[:1])
        return f"replace {type(f).__name__} by {g.__name__}", e.xreplace({f: new})
    if kind == "off-by-one sum":
        sums = _subterms(e, lambda s: isinstance(s, Sum))
        if not sums:
            return None
        s = draw(st.sampled_from(sums))
        (k, a, b), *_ = s.limits
        a, b = draw(st.sampled_from([(a, b - 1), (a, b + 1), (a - 1, b), (a + 1, b)]))
        return f"sum limits {a}..{b}", e.xreplace({s: Sum(s.function, (k, a, b))})
    if kind == "replace variable":
        present = sorted(e.free_symbols & set(SYMBOLS), key=str)
        if not present:
            return None
        a = draw(st.sampled_from(present))
        b = draw(st.sampled_from([*[s for s in SYMBOLS if s != a], a + 1, 2 * a]))
        return f"replace {a} by {b}", e.xreplace({a: b})
    if kind == "drop piecewise":  # |u| → u, Max(a, b) → a: false only on part of the domain
        nodes = _subterms(e, lambda s: isinstance(s, Abs | Max | Min))
        if not nodes:
            return None
        node = draw(st.sampled_from(nodes))
        arg = draw(st.sampled_from(node.args))
        return f"replace {node} by {arg}", e.xreplace({node: arg})
    raise ValueError(f"unknown perturbation {kind!r}")


@dataclass(frozen=True)
class Candidate:
    """A perturbed identity that still has to be shown false (by a witness)."""

    lhs: Expr
    rhs: Expr
    assumptions: tuple[str, ...]
    positive: frozenset[Symbol]
    kind: str
    rules: tuple[str, ...]


@st.composite
def false_candidates(draw: st.DrawFn, tiny: bool = False) -> list[Candidate]:
    """Up to four perturbations of one true identity, to be checked for falsity in turn."""
    ctx = draw(contexts())
    pair = draw(nontrivial_pairs(ctx))
    assumptions = draw(assumptions_for(ctx, pair.lhs, pair.rhs))
    out = []
    for _ in range(4):
        flip = draw(st.booleans())
        side = pair.lhs if flip else pair.rhs
        if tiny:
            name, c = draw(st.sampled_from(TINY))
            result: tuple[str, Expr] | None = (name, side * c if name[0] == "*" else side + c)
            kind = f"tiny {name}"
        else:
            kind = draw(st.sampled_from(PERTURBATIONS))
            try:
                result = perturb(draw, side, kind)
            except (TypeError, ValueError):  # e.g. Max of arguments SymPy cannot compare
                result = None
        if result is None:
            continue
        what, new = result
        if not within_semantics(new) or new in (pair.lhs, pair.rhs):
            continue
        lhs, rhs = (new, pair.rhs) if flip else (pair.lhs, new)
        rules = (*pair.rules, f"{what} on the {'left' if flip else 'right'}")
        out.append(Candidate(lhs, rhs, assumptions, ctx.positive, kind, rules))
    return out


# --- independent evaluation -------------------------------------------------------------------


class Undefined(Exception):
    """A subterm is not a finite real number at the point."""


class Unevaluable(Exception):
    """The evaluator cannot judge the expression (too large, or an unsupported object)."""


_EXP_LIMIT = 10**6


def concrete(expr: Expr) -> Expr:
    """Unfold softsym functions, evaluate derivatives and finite sums (SymPy only).

    Raises:
        Unevaluable: SymPy fails on the expression (e.g. Max of a non-real constant).
    """
    try:
        for _ in range(6):
            expr = unfold(expr)
            if not expr.has(Derivative, Sum):
                return expr
            expr = expr.doit()
    except (TypeError, ValueError, NotImplementedError, AttributeError) as exc:
        raise Unevaluable(f"SymPy could not unfold: {type(exc).__name__}: {exc}") from exc
    return expr


def _is_zero(v: mpmath.mpf) -> bool:
    return bool(abs(v) <= mpmath.mpf(10) ** (-(mpmath.mp.dps // 2)))


def value_at(
    expr: Expr, point: dict[Symbol, Rational], dps: int, kinks: list[Expr] | None = None
) -> mpmath.mpf:
    """The real value of ``expr`` at ``point``, computed with mpmath at ``dps`` digits.

    Raises:
        Undefined: Some subterm is not real there (log of a non-positive number,
            division by zero, a fractional power of a negative number, ...).
        Unevaluable: Too large, or an object the evaluator does not know.
    """
    memo: dict[Expr, mpmath.mpf] = {}

    def ev(e: Expr) -> mpmath.mpf:
        if e in memo:
            return memo[e]
        v = _ev(e)
        if not isinstance(v, mpmath.mpf) or not mpmath.isfinite(v):
            raise Undefined(str(e))
        memo[e] = v
        return v

    def kink(e: Expr) -> None:
        if kinks is not None:
            kinks.append(e)

    def _ev(e: Expr) -> mpmath.mpf:
        if e.is_Symbol:
            if e not in point:
                raise Unevaluable(f"no value for {e}")
            return _rational(point[e])
        if e.is_Rational:
            return _rational(e)
        if e is sympy.pi:
            return +mpmath.pi
        if e is sympy.E:
            return +mpmath.e
        if isinstance(e, sympy.Add):
            return mpmath.fsum(ev(a) for a in e.args)
        if isinstance(e, sympy.Mul):
            return mpmath.fprod(ev(a) for a in e.args)
        if isinstance(e, sympy.Pow):
            b, n = e.args
            base = ev(b)
            if n.is_Integer:
                if base == 0 and n < 0:
                    raise Undefined(f"division by zero in {e}")
                return base ** int(n)
            power = ev(n)
            if base > 0:
                return mpmath.power(base, power)
            if base == 0 and power > 0:
                return mpmath.mpf(0)
            raise Undefined(f"{e} with base {base}")
        if isinstance(e, exp):
            a = ev(e.args[0])
            if a > _EXP_LIMIT:
                raise Unevaluable(f"exp of {a}")
            return mpmath.exp(a)
        if isinstance(e, log):
            a = ev(e.args[0])
            if not a > 0:
                raise Undefined(f"log of {a}")
            return mpmath.log(a)
        if isinstance(e, Abs):
            a = ev(e.args[0])
            if _is_zero(a):
                kink(e)
            return abs(a)
        if isinstance(e, Max | Min):
            vals = [ev(a) for a in e.args]
            best = max(vals) if isinstance(e, Max) else min(vals)
            if sum(1 for v in vals if _is_zero(v - best)) > 1:
                kink(e)
            return best
        if isinstance(e, sympy.sign):
            a = ev(e.args[0])
            if _is_zero(a):
                kink(e)
                return mpmath.mpf(0)
            return mpmath.mpf(1 if a > 0 else -1)
        if isinstance(e, sympy.Heaviside):
            a = ev(e.args[0])
            if _is_zero(a):
                kink(e)
                return mpmath.mpf(1) / 2
            return mpmath.mpf(1 if a > 0 else 0)
        if isinstance(e, tanh | sympy.sinh | sympy.cosh):
            a = ev(e.args[0])
            if abs(a) > _EXP_LIMIT:
                raise Unevaluable(f"{type(e).__name__} of {a}")
            return getattr(mpmath, type(e).__name__)(a)
        raise Unevaluable(f"cannot evaluate {type(e).__name__}")

    with mpmath.workdps(dps):
        return ev(expr)


def _rational(r: Expr) -> mpmath.mpf:
    return mpmath.mpf(int(r.p)) / int(r.q)


@dataclass(frozen=True)
class Values:
    """Both sides at a point, at two precisions (the difference must agree)."""

    lhs: mpmath.mpf
    rhs: mpmath.mpf
    difference: mpmath.mpf
    differs: bool


def derivative_kinks(expr: Expr, point: dict[Symbol, Rational]) -> list[str]:
    """Where ``expr`` differentiates a function that is not differentiable at ``point``.

    For each ``Derivative(f, s)`` in ``expr``: ``f`` must be defined at the
    point (then, all its conditions being strict, near it too) and no Abs, Max,
    Min, sign or Heaviside in ``f`` whose argument depends on ``s`` may be at its
    kink. Returns descriptions of the problems (empty when none).
    """
    problems = []
    try:
        derivatives = unfold(expr).atoms(Derivative)
    except (TypeError, ValueError) as exc:
        raise Unevaluable(f"SymPy could not unfold: {exc}") from exc
    for d in derivatives:
        kinks: list[Expr] = []
        try:
            value_at(concrete(d.expr), point, 40, kinks)
        except Undefined as exc:
            problems.append(f"{d.expr} is undefined at the point ({exc})")
            continue
        except Unevaluable:
            continue
        problems += [f"{k} is at its kink" for k in kinks if k.has(*d.variables)]
    return problems


def values_at(lhs: Expr, rhs: Expr, point: dict[Symbol, Rational]) -> Values:
    """Evaluate both (concrete) sides at 60 and 100 digits.

    Raises:
        Undefined: A side is not defined at the point.
        Unevaluable: A side cannot be evaluated.
    """
    results = []
    for dps in (60, 100):
        a, b = value_at(lhs, point, dps), value_at(rhs, point, dps)
        with mpmath.workdps(dps):
            d = a - b  # relative to the sides: 1/(2e^60 + 2) and 1/(2e^60) do differ
            nonzero = abs(d) > max(abs(a), abs(b)) * mpmath.mpf(10) ** (-(dps - 20))
        results.append((a, b, d, nonzero))
    (_, _, d1, n1), (a, b, d2, n2) = results
    with mpmath.workdps(100):
        agree = abs(d1 - d2) <= abs(d2) * mpmath.mpf(10) ** -20
    return Values(a, b, d2, n1 and n2 and agree)


def _random_points(
    variables: Sequence[Symbol], positive: frozenset[Symbol], seed: int, count: int
) -> list[dict[Symbol, Rational]]:
    rng = random.Random(seed)  # noqa: S311 - reproducible sample points, not secrets
    points = []
    for _ in range(count):
        point = {}
        for v in variables:
            n, d = rng.randint(-30, 30), rng.choice([1, 2, 3, 4, 5, 7, 11])
            point[v] = Rational(abs(n) + 1, d) if v in positive else Rational(n, d)
        points.append(point)
    return points


def find_witness(
    lhs: Expr, rhs: Expr, positive: frozenset[Symbol], seed: int = 0, count: int = 16
) -> dict[Symbol, Rational] | None:
    """A point (positive symbols positive) where both sides are defined and differ, or None."""
    try:
        cl, cr = concrete(lhs), concrete(rhs)
    except Unevaluable:
        return None
    variables = sorted(
        lhs.free_symbols | rhs.free_symbols | cl.free_symbols | cr.free_symbols, key=str
    )
    if any(not isinstance(v, Symbol) or v.is_integer for v in variables):
        return None
    for point in _random_points(variables, positive, seed, count):
        try:
            values = values_at(cl, cr, point)
            if values.differs and not derivative_kinks(lhs, point) + derivative_kinks(rhs, point):
                return point
        except (Undefined, Unevaluable):
            continue
    return None


def make_false(candidates: Sequence[Candidate], seed: int) -> Case | None:
    """The first candidate shown false by a witness, as a Case."""
    for c in candidates:
        point = find_witness(c.lhs, c.rhs, c.positive, seed)
        if point is not None:
            return Case(c.lhs, c.rhs, c.assumptions, False, c.kind, c.rules, point)
    return None


# --- auditing a counterexample -------------------------------------------------------------------


def _agrees(mine: mpmath.mpf, text: str) -> bool:
    try:
        theirs = mpmath.mpf(text)
    except (ValueError, TypeError):
        return False
    with mpmath.workdps(60):
        return bool(
            abs(mine - theirs)
            <= mpmath.mpf(10) ** -14 * max(abs(mine), abs(theirs)) + mpmath.mpf(10) ** -40
        )


def audit_counterexample(
    lhs: Expr, rhs: Expr, positive: frozenset[Symbol], cex: Counterexample
) -> tuple[str, str] | None:
    """Re-verify a counterexample independently.

    Returns:
        None when it is a genuine counterexample whose values match, else
        ``(category, detail)``; category ``"unverifiable"`` means the evaluator
        could not judge it (not a failure of the checker).
    """
    names = {s.name: s for s in lhs.free_symbols | rhs.free_symbols if isinstance(s, Symbol)}
    point: dict[Symbol, Rational] = {}
    for name, text in cex.point:
        try:
            point[names.get(name, Symbol(name, real=True))] = Rational(text)
        except (TypeError, ValueError):
            return "bad certificate", f"point value {name} = {text!r} is not an exact rational"
    for s in names.values():
        if s not in point:
            point[s] = Rational(1) if s in positive else Rational(0)
    if any(point[s] <= 0 for s in positive if s in point):
        return "certificate breaks assumptions", f"point {cex.point} breaks a positivity assumption"
    try:
        kinks = derivative_kinks(lhs, point) + derivative_kinks(rhs, point)
        if kinks:
            return "refuted where a derivative does not exist", "; ".join(kinks)
        values = values_at(concrete(lhs), concrete(rhs), point)
    except Undefined as exc:
        return "refuted where a side is undefined", str(exc)
    except Unevaluable as exc:
        return "unverifiable", str(exc)
    if not values.differs:
        return (
            "sides do not differ at the counterexample",
            f"lhs = {mpmath.nstr(values.lhs, 20)}, rhs = {mpmath.nstr(values.rhs, 20)}",
        )
    if not (_agrees(values.lhs, cex.lhs_value) and _agrees(values.rhs, cex.rhs_value)):
        return (
            "certificate values are wrong",
            f"certificate lhs = {cex.lhs_value}, rhs = {cex.rhs_value}; independent "
            f"lhs = {mpmath.nstr(values.lhs, 20)}, rhs = {mpmath.nstr(values.rhs, 20)}",
        )
    return None


# --- shrinking a failure ---------------------------------------------------------------------


def _smaller(e: Expr) -> list[Expr]:
    """Simpler expressions: a subterm replaced by one of its arguments, a symbol or a constant."""
    out: list[Expr] = []
    for sub in sympy.preorder_traversal(e):
        if not isinstance(sub, Expr) or sub.is_Atom:
            continue
        options = [a for a in sub.args if isinstance(a, Expr)]
        options += [sympy.Integer(0), sympy.Integer(1), *SYMBOLS]
        for a in options:
            if isinstance(sub, Sum | Derivative) and a.has(K):
                continue
            try:
                new = e.xreplace({sub: a})
            except (TypeError, ValueError):
                continue
            if new != e and new not in out and K not in new.free_symbols:
                out.append(new)
    return sorted(out, key=sympy.count_ops)


def shrink(
    lhs: Expr,
    rhs: Expr,
    assumptions: tuple[str, ...],
    still_fails: Callable[[Expr, Expr, tuple[str, ...]], bool],
    budget: float,
) -> tuple[Expr, Expr, tuple[str, ...]]:
    """Greedily simplify a failing identity while ``still_fails`` holds (within ``budget`` s)."""
    stop = time.monotonic() + budget
    progress = True
    while progress and time.monotonic() < stop:
        progress = False
        options: list[tuple[Expr, Expr, tuple[str, ...]]] = [
            (lhs, rhs, tuple(a for a in assumptions if a != drop)) for drop in assumptions
        ]
        options += [(new, rhs, assumptions) for new in _smaller(lhs)]
        options += [(lhs, new, assumptions) for new in _smaller(rhs)]
        size = sympy.count_ops(lhs) + sympy.count_ops(rhs) + len(assumptions)
        for cand in options:
            if time.monotonic() > stop:
                break
            new_size = sympy.count_ops(cand[0]) + sympy.count_ops(cand[1]) + len(cand[2])
            if new_size >= size or not (within_semantics(cand[0]) and within_semantics(cand[1])):
                continue
            try:
                ok = still_fails(*cand)
            except Exception:
                ok = False
            if ok:
                lhs, rhs, assumptions = cand
                progress = True
                break
    return lhs, rhs, assumptions
