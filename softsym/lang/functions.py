r"""The functions of softsym as SymPy objects.

Each function is a :class:`sympy.Function` subclass that

* prints itself in LaTeX as a teacher writes it (``\sigma\left(z\right)``,
  ``\operatorname{softmax}\left(z_{1}, z_{2}\right)_{1}``),
* prints itself as text in softsym's input syntax, so ``str(expr)`` can be
  parsed back (``softmax(z1, z2)[0]``, 0-based like Python),
* differentiates correctly (``sympy.diff`` works), and
* rewrites to ``exp``/``log`` with ``expr.rewrite(sympy.exp)`` or :func:`unfold`.

Vector-valued functions (softmax, log-softmax) are returned by the helper
functions :func:`softmax` and :func:`log_softmax` as an immutable column
vector whose entries are component objects; index it like a Python sequence.

>>> from sympy import symbols, diff
>>> z1, z2 = symbols("z1 z2", real=True)
>>> softmax(z1, z2)[0]
softmax(z1, z2)[0]
>>> diff(sigmoid(z1), z1)
(1 - sigmoid(z1))*sigmoid(z1)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import sympy
from sympy import Add, Basic, Expr, Function, ImmutableMatrix, Integer, KroneckerDelta, exp, log
from sympy.core.function import ArgumentIndexError

from softsym.lang.traversal import rewrite

__all__ = [
    "SoftsymFunction",
    "binary_cross_entropy",
    "cross_entropy",
    "log_softmax",
    "log_softmax_component",
    "logit",
    "logsumexp",
    "sigmoid",
    "softmax",
    "softmax_component",
    "softplus",
    "text",
    "unfold",
    "unfolded",
    "unfolded_leaf",
]


def _latex_args(printer: Any, args: Iterable[Expr]) -> str:
    return ", ".join(printer._print(a) for a in args)


def _str_args(printer: Any, args: Iterable[Expr]) -> str:
    """The arguments printed, each tuple once per printing.

    The K components of a softmax share their logits: printing them again for
    each component would be K² work.
    """
    args = tuple(args)
    printed: dict[tuple[Expr, ...], str] = printer.__dict__.setdefault("_softsym_args", {})
    if args not in printed:
        printed[args] = ", ".join(printer._print(a) for a in args)
    return printed[args]


class SoftsymFunction(Function):
    """Base class: a function with an ``exp``/``log`` definition.

    Subclasses implement :meth:`definition` and the printing hooks.
    """

    is_real: ClassVar[bool | None] = None

    def definition(self) -> Expr:
        """Return this function's value written with ``exp`` and ``log``."""
        raise NotImplementedError

    def _eval_rewrite_as_exp(self, *args: Any, **kwargs: Any) -> Expr:
        return self.definition()

    def _eval_rewrite_as_log(self, *args: Any, **kwargs: Any) -> Expr:
        return self.definition()

    def _eval_evalf(self, prec: int) -> Expr:
        return self.definition().evalf(sympy.core.evalf.prec_to_dps(prec))

    def _eval_is_real(self) -> bool | None:
        return all(a.is_real for a in self.args) or None

    def _wrap_latex(self, body: str, exp: str | None) -> str:
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"

    def _unary_latex(self, name: str, printer: Any, exp: str | None) -> str:
        """``name^{exp}(arg)``: a power of a one-argument function goes on its name."""
        if exp is not None:
            name = rf"{name}^{{{exp}}}"
        return rf"{name}\left({printer._print(self.args[0])}\right)"


class sigmoid(SoftsymFunction):
    r"""The logistic sigmoid :math:`\sigma(z) = 1/(1 + e^{-z})`."""

    nargs = 1

    def definition(self) -> Expr:
        """Return ``1/(1 + exp(-z))``."""
        return 1 / (1 + exp(-self.args[0]))

    def fdiff(self, argindex: int = 1) -> Expr:
        """Return σ(z)(1 − σ(z))."""
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return self * (1 - self)

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        return self._unary_latex(r"\sigma", printer, exp)


class logit(SoftsymFunction):
    r"""The logit :math:`\log(p / (1 - p))`, inverse of the sigmoid on (0, 1)."""

    nargs = 1

    def definition(self) -> Expr:
        """Return ``log(p/(1 - p))``."""
        p = self.args[0]
        return log(p / (1 - p))

    def fdiff(self, argindex: int = 1) -> Expr:
        """Return 1/(p(1 − p))."""
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        p = self.args[0]
        return 1 / (p * (1 - p))

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        return self._unary_latex(r"\operatorname{logit}", printer, exp)


class softplus(SoftsymFunction):
    r"""The softplus :math:`\log(1 + e^{z})`."""

    nargs = 1

    def definition(self) -> Expr:
        """Return ``log(1 + exp(z))``."""
        return log(1 + exp(self.args[0]))

    def fdiff(self, argindex: int = 1) -> Expr:
        """Return σ(z)."""
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return sigmoid(self.args[0])

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        return self._unary_latex(r"\operatorname{softplus}", printer, exp)


class logsumexp(SoftsymFunction):
    r"""The log-sum-exp :math:`\log \sum_k e^{z_k}` of one or more arguments."""

    def definition(self) -> Expr:
        """Return ``log(exp(z1) + ... + exp(zK))``."""
        return _log(_exp_sum(self.args))

    @classmethod
    def eval(cls, *args: Expr) -> Expr | None:
        """Reject a call without arguments."""
        if not args:
            raise TypeError("logsumexp needs at least one argument (got none)")
        return None

    def fdiff(self, argindex: int = 1) -> Expr:
        """Return the softmax component ``argindex`` (1-based)."""
        if not 1 <= argindex <= len(self.args):
            raise ArgumentIndexError(self, argindex)
        return softmax_component(argindex, *self.args)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        body = rf"\operatorname{{logsumexp}}\left({_latex_args(printer, self.args)}\right)"
        return self._wrap_latex(body, exp)


MAX_EVALUATED_ARGS = 8
"""Max/Min of more arguments are built unevaluated: SymPy compares every pair of them."""


def max_min(func: type[sympy.Max] | type[sympy.Min], args: Sequence[Expr]) -> Expr:
    """``Max(*args)`` or ``Min(*args)``, unevaluated beyond :data:`MAX_EVALUATED_ARGS`."""
    return func(*args, evaluate=len(args) <= MAX_EVALUATED_ARGS)


@functools.lru_cache(maxsize=1024)
def text(expr: Basic) -> str:
    """``str(expr)``, softsym's input syntax, printed once per expression.

    A derivation's step is printed as the right-hand side of its check, as the
    left-hand side of the next and when the chain is assessed; printing a large
    expression costs milliseconds.
    """
    return str(expr)


def _log(u: Expr) -> Expr:
    """``log(u)``, built as it stands when SymPy could only ask whether ``u`` is zero.

    For a sum or product that is not a number, ``log.eval`` rewrites nothing but
    ``log(0)`` and a factor ``i``, and asking SymPy's assumptions whether ``u`` is
    zero costs about a millisecond when ``u`` holds the K-term softmax normaliser:
    K of them per cross-entropy. The unevaluated logarithm is the same function
    (evaluation only applies identities of the principal logarithm), and a
    rebuilt one is evaluated as usual.
    """
    if isinstance(u, Add | sympy.Mul) and not u.is_number:
        return log(u, evaluate=False)
    return log(u)


@functools.lru_cache(maxsize=256)
def _exp_sum(zs: tuple[Expr, ...]) -> Expr:
    """Return ``exp(z_1) + ... + exp(z_K)``, one object for all K components.

    What SymPy learns about it (is it positive? is it zero?) is stored on the
    object, so it is then learnt once, not once per component: K² work otherwise.
    """
    return Add(*[exp(z) for z in zs])


class _Component(SoftsymFunction):
    """Component ``i`` (1-based, first argument) of a vector function of ``z``."""

    _name: ClassVar[str] = ""

    @classmethod
    def eval(cls, i: Expr, *zs: Expr) -> Expr | None:
        """Check that the index is an integer in range."""
        if not zs:
            raise TypeError(f"{cls._name} needs at least one argument (got none)")
        if not (isinstance(i, Integer) and 1 <= int(i) <= len(zs)):
            raise ValueError(
                f"{cls._name} component must be an integer in 1..{len(zs)} (got {i!r})"
            )
        return None

    @property
    def index(self) -> int:
        """The 1-based component index."""
        return int(self.args[0])

    @property
    def logits(self) -> tuple[Expr, ...]:
        """The arguments z_1, ..., z_K."""
        return tuple(self.args[1:])

    def _sympystr(self, printer: Any) -> str:
        return f"{self._name}({_str_args(printer, self.logits)})[{self.index - 1}]"

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        body = (
            rf"{self._latex_name}\left({_latex_args(printer, self.logits)}\right)_{{{self.index}}}"
        )
        return self._wrap_latex(body, exp)

    _latex_name: ClassVar[str] = ""


class softmax_component(_Component):
    r"""Component i of softmax: :math:`e^{z_i} / \sum_k e^{z_k}`.

    The first argument is the 1-based index; :func:`softmax` builds these.
    """

    _name = "softmax"
    _latex_name = r"\operatorname{softmax}"

    def definition(self) -> Expr:
        """Return ``exp(z_i) / (exp(z_1) + ... + exp(z_K))``."""
        zs = self.logits
        return exp(zs[self.index - 1]) / _exp_sum(zs)

    def fdiff(self, argindex: int = 1) -> Expr:
        """Return softmax_i (δ_ij − softmax_j) for the logit j = argindex − 1."""
        j = argindex - 1
        if not 1 <= j <= len(self.logits):
            raise ArgumentIndexError(self, argindex)
        other = softmax_component(j, *self.logits)
        return self * (KroneckerDelta(self.index, j) - other)

    def _eval_is_positive(self) -> bool | None:
        return True if all(z.is_real for z in self.logits) else None


class log_softmax_component(_Component):
    r"""Component i of log-softmax: :math:`z_i - \log \sum_k e^{z_k}`."""

    _name = "log_softmax"
    _latex_name = r"\log\operatorname{softmax}"

    def definition(self) -> Expr:
        """Return ``z_i - log(exp(z_1) + ... + exp(z_K))``."""
        zs = self.logits
        return zs[self.index - 1] - _log(_exp_sum(zs))

    def fdiff(self, argindex: int = 1) -> Expr:
        """Return δ_ij − softmax_j for the logit j = argindex − 1."""
        j = argindex - 1
        if not 1 <= j <= len(self.logits):
            raise ArgumentIndexError(self, argindex)
        return KroneckerDelta(self.index, j) - softmax_component(j, *self.logits)


def softmax(*zs: Any) -> ImmutableMatrix:
    """Return the softmax of the logits as a column vector of components.

    Args:
        *zs: The logits z_1, ..., z_K (at least one).

    Returns:
        An immutable K×1 matrix; ``softmax(z1, z2)[0]`` is the first component.

    >>> from sympy import symbols
    >>> z1, z2 = symbols("z1 z2", real=True)
    >>> softmax(z1, z2)[1].definition()
    exp(z2)/(exp(z1) + exp(z2))
    """
    args = [sympy.sympify(z, strict=True) for z in zs]
    return ImmutableMatrix([softmax_component(i, *args) for i in range(1, len(args) + 1)])


def log_softmax(*zs: Any) -> ImmutableMatrix:
    """Return the log-softmax of the logits as a column vector of components.

    Args:
        *zs: The logits z_1, ..., z_K (at least one).

    Returns:
        An immutable K×1 matrix of :class:`log_softmax_component` objects.
    """
    args = [sympy.sympify(z, strict=True) for z in zs]
    return ImmutableMatrix([log_softmax_component(i, *args) for i in range(1, len(args) + 1)])


class cross_entropy(SoftsymFunction):
    r"""Cross-entropy :math:`-\sum_k y_k \log p_k` of a prediction p and a target y.

    Build it with ``cross_entropy(p, y)`` where ``p`` and ``y`` are sequences
    (or column vectors) of the same length; the SymPy arguments are
    ``p_1, ..., p_K, y_1, ..., y_K``.
    """

    def __new__(cls, p: Any, y: Any = None, **options: Any) -> Any:
        """Build ``cross_entropy(p, y)`` from two sequences of the same length."""
        if y is None:
            raise TypeError("cross_entropy(p, y) needs a prediction and a target")
        ps, ys = _as_vector(p, "p"), _as_vector(y, "y")
        if len(ps) != len(ys) or not ps:
            raise ValueError(
                "cross_entropy needs p and y of the same non-zero length "
                f"(got {len(ps)} and {len(ys)})"
            )
        return Function.__new__(cls, *ps, *ys, **options)

    @classmethod
    def _from_flat(cls, *args: Expr) -> Expr:
        """Rebuild from ``p_1, ..., p_K, y_1, ..., y_K``."""
        k = len(args) // 2
        return cls(args[:k], args[k:])

    @property
    def func(self) -> Any:
        """The constructor from flat arguments (SymPy rebuilds with ``expr.func(*expr.args)``)."""
        return type(self)._from_flat

    @property
    def p(self) -> tuple[Expr, ...]:
        """The predicted probabilities."""
        return tuple(self.args[: len(self.args) // 2])

    @property
    def y(self) -> tuple[Expr, ...]:
        """The target probabilities."""
        return tuple(self.args[len(self.args) // 2 :])

    def definition(self) -> Expr:
        """Return ``-(y_1 log p_1 + ... + y_K log p_K)``."""
        return -Add(*[yk * _log(pk) for pk, yk in zip(self.p, self.y, strict=True)])

    def fdiff(self, argindex: int = 1) -> Expr:
        """Return −y_k/p_k for p_k and −log p_k for y_k."""
        k = len(self.args) // 2
        if 1 <= argindex <= k:
            return -self.y[argindex - 1] / self.p[argindex - 1]
        if k < argindex <= 2 * k:
            return -log(self.p[argindex - k - 1])
        raise ArgumentIndexError(self, argindex)

    def _sympystr(self, printer: Any) -> str:
        return f"cross_entropy([{_str_args(printer, self.p)}], [{_str_args(printer, self.y)}])"

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        p = _latex_args(printer, self.p)
        y = _latex_args(printer, self.y)
        body = rf"\operatorname{{CE}}\left(\left({p}\right), \left({y}\right)\right)"
        return self._wrap_latex(body, exp)


class binary_cross_entropy(SoftsymFunction):
    r"""Binary cross-entropy :math:`-(y \log p + (1 - y) \log(1 - p))`."""

    nargs = 2

    def definition(self) -> Expr:
        """Return ``-(y log p + (1 - y) log(1 - p))``."""
        p, y = self.args
        return -(y * log(p) + (1 - y) * log(1 - p))

    def fdiff(self, argindex: int = 1) -> Expr:
        """Return the partial derivative with respect to p (1) or y (2)."""
        p, y = self.args
        if argindex == 1:
            return -(y / p - (1 - y) / (1 - p))
        if argindex == 2:
            return -(log(p) - log(1 - p))
        raise ArgumentIndexError(self, argindex)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        body = rf"\operatorname{{BCE}}\left({_latex_args(printer, self.args)}\right)"
        return self._wrap_latex(body, exp)


def _as_vector(v: Any, what: str) -> tuple[Expr, ...]:
    if isinstance(v, sympy.MatrixBase):
        return tuple(v)
    if isinstance(v, Sequence) and not isinstance(v, str):
        return tuple(sympy.sympify(x, strict=True) for x in v)
    raise TypeError(f"cross_entropy: {what} must be a sequence or a vector (got {v!r})")


_HYPERBOLIC: dict[type, Any] = {
    sympy.tanh: lambda x: (exp(x) - exp(-x)) / (exp(x) + exp(-x)),
    sympy.sinh: lambda x: (exp(x) - exp(-x)) / 2,
    sympy.cosh: lambda x: (exp(x) + exp(-x)) / 2,
    sympy.coth: lambda x: (exp(x) + exp(-x)) / (exp(x) - exp(-x)),
    sympy.sech: lambda x: 2 / (exp(x) + exp(-x)),
    sympy.csch: lambda x: 2 / (exp(x) - exp(-x)),
}


def unfold(expr: Expr) -> Expr:
    """Replace every softsym function and hyperbolic function by its ``exp``/``log`` form.

    Args:
        expr: Any SymPy expression.

    Returns:
        An expression without softsym functions, tanh, sinh, cosh, coth, sech, csch.

    >>> from sympy import Symbol, tanh
    >>> z = Symbol("z", real=True)
    >>> unfold(sigmoid(z) + tanh(z))
    (exp(z) - exp(-z))/(exp(-z) + exp(z)) + 1/(1 + exp(-z))
    """
    return rewrite(sympy.sympify(expr, strict=True), unfolded, before=unfolded_leaf)


def unfolded_leaf(e: Basic) -> Expr | None:
    """:func:`unfolded` of a node whose arguments are atoms, before they are visited.

    The K components of a softmax each hold the K logits: visiting their
    arguments one by one would be K² work for nothing (atoms do not unfold).
    """
    leaf = isinstance(e, SoftsymFunction) or type(e) in _HYPERBOLIC
    return unfolded(e) if leaf and all(a.is_Atom for a in e.args) else None


def unfolded(e: Basic) -> Expr | None:
    """One node's ``exp``/``log`` form (its arguments as they are), or ``None`` if it has none."""
    if isinstance(e, SoftsymFunction):
        return e.definition()
    if type(e) in _HYPERBOLIC:
        return _HYPERBOLIC[type(e)](e.args[0])
    return None
