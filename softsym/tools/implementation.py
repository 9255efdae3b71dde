"""Check a Python implementation against a definition, symbolically.

:func:`check_implementation` runs the user's function on SymPy symbols: the
function's own code is re-bound to a copy of its globals in which ``math``,
``numpy`` (under any alias), the functions imported from them and the
builtins ``max``, ``min`` and ``abs`` are SymPy versions. The returned
expression is compared with the definition by the checking kernel
(:func:`softsym.decide.check`), so the verdict is proved, refuted with a
counterexample input, or undecided.

This runs the user's code on purpose, exactly as importing it would.
``softsym check-impl`` runs it in a child process instead: the child calls
:func:`run_target` and returns a :class:`Comparison` (plain expressions), and
the command checks it with :func:`compare`.

>>> import numpy as np
>>> def student_sigmoid(z):
...     return 1 / (1 + np.exp(z))
>>> check_implementation(student_sigmoid, "sigmoid").status.value
'refuted'
"""

from __future__ import annotations

import builtins
import difflib
import importlib
import importlib.util
import inspect
import math
import os
import sys
import time
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sympy
from sympy import Expr

from softsym.decide import DEFAULT_TIMEOUT, check
from softsym.errors import ImplementationError, describe
from softsym.lang import functions as sf
from softsym.lang.relations import relation_text
from softsym.lang.symbols import scalar
from softsym.verdict import Status, Verdict

__all__ = [
    "DEFINITIONS",
    "Comparison",
    "Definition",
    "ImplementationError",
    "check_components",
    "check_implementation",
    "compare",
    "load_function",
    "run_target",
    "symbolic_comparison",
]

DEFAULT_SIZE = 3
"""How many logits a vector function is checked with by default."""


@dataclass(frozen=True)
class Definition:
    """A definition an implementation can be checked against.

    Attributes:
        name: The name used on the command line (``"sigmoid"``).
        params: The kind of each parameter: ``"scalar"`` or ``"vector"``.
        build: Builds the defining expression from the inputs (a symbol for a
            scalar parameter, a tuple of symbols for a vector); returns an
            expression, or a tuple of expressions for a vector-valued function.
        assumptions: Builds the assumptions on the inputs (e.g. ``0 < p < 1``).
        description: One line for ``--help`` and error messages.
    """

    name: str
    params: tuple[str, ...]
    build: Callable[..., Any]
    assumptions: Callable[..., list[Any]]
    description: str


def _none(*inputs: Any) -> list[Any]:
    return []


def _probability(p: Any, *rest: Any) -> list[Any]:
    return [p > 0, p < 1]


def _probabilities(p: tuple[Expr, ...], *rest: Any) -> list[Any]:
    return [pk > 0 for pk in p]


DEFINITIONS: dict[str, Definition] = {
    d.name: d
    for d in (
        Definition("sigmoid", ("scalar",), sf.sigmoid, _none, "σ(z) = 1/(1 + exp(−z))"),
        Definition("softplus", ("scalar",), sf.softplus, _none, "log(1 + exp(z))"),
        Definition("logit", ("scalar",), sf.logit, _probability, "log(p/(1 − p)), 0 < p < 1"),
        Definition(
            "softmax",
            ("vector",),
            lambda z: tuple(sf.softmax(*z)),
            _none,
            "exp(z_i)/Σ_k exp(z_k), a vector",
        ),
        Definition(
            "log_softmax",
            ("vector",),
            lambda z: tuple(sf.log_softmax(*z)),
            _none,
            "z_i − log Σ_k exp(z_k), a vector",
        ),
        Definition("logsumexp", ("vector",), lambda z: sf.logsumexp(*z), _none, "log Σ_k exp(z_k)"),
        Definition(
            "cross_entropy",
            ("vector", "vector"),
            sf.cross_entropy,
            _probabilities,
            "−Σ_k y_k log p_k, p_k > 0",
        ),
        Definition(
            "binary_cross_entropy",
            ("scalar", "scalar"),
            sf.binary_cross_entropy,
            _probability,
            "−(y log p + (1 − y) log(1 − p)), 0 < p < 1",
        ),
        Definition(
            "bce_with_logits",
            ("scalar", "scalar"),
            lambda z, y: sf.binary_cross_entropy(sf.sigmoid(z), y),
            _none,
            "BCE(σ(z), y) as a function of the logit z",
        ),
    )
}
"""The definitions known by name, for :func:`check_implementation` and ``softsym check-impl``."""


def check_implementation(
    fn: Callable[..., Any],
    definition: str | Expr,
    *,
    size: int = DEFAULT_SIZE,
    timeout: float = DEFAULT_TIMEOUT,
) -> Verdict:
    """Decide whether a Python function computes a definition, for all real inputs.

    Args:
        fn: A function written with ``math``, NumPy and arithmetic (scalar
            parameters, or 1-D arrays for the vector definitions).
        definition: The name of a definition (a key of :data:`DEFINITIONS`:
            ``"sigmoid"``, ``"logsumexp"``, ``"bce_with_logits"``, ...), or a
            SymPy expression whose symbols are named like ``fn``'s parameters.
        size: How many logits a vector parameter has.
        timeout: Time limit of each check, in seconds.

    Returns:
        The kernel's verdict. For a vector-valued definition each component is
        checked; the verdict is the first one that is not proved, or the last
        component's when all are proved.

    Raises:
        ImplementationError: The definition is unknown, or ``fn`` does not
            run on SymPy symbols or returns the wrong number of values.

    >>> from softsym.reference import bce_with_logits
    >>> check_implementation(bce_with_logits, "bce_with_logits").method
    'cases:derivative'
    """
    verdicts = check_components(fn, definition, size=size, timeout=timeout)
    return next((v for v in verdicts if not v.proved), verdicts[-1])


def check_components(
    fn: Callable[..., Any],
    definition: str | Expr,
    *,
    size: int = DEFAULT_SIZE,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[Verdict, ...]:
    """Like :func:`check_implementation`, but return one verdict per output component."""
    return compare(symbolic_comparison(fn, definition, size=size), timeout=timeout)


@dataclass(frozen=True)
class Comparison:
    """What a function computed on symbols, beside what the definition says: plain values.

    Attributes:
        got: The function's output, one expression per component.
        expected: The definition, one expression per component.
        assumptions: The assumptions on the inputs (SymPy relations).
    """

    got: tuple[Expr, ...]
    expected: tuple[Expr, ...]
    assumptions: tuple[Any, ...]


def compare(comparison: Comparison, *, timeout: float = DEFAULT_TIMEOUT) -> tuple[Verdict, ...]:
    """Check each component of a :class:`Comparison` with the kernel; one verdict each.

    ``timeout`` bounds all the components together: each gets the time the ones
    before it left, and those after the limit are undecided without a check.
    """
    end = time.monotonic() + timeout
    verdicts = []
    for got, expected in zip(comparison.got, comparison.expected, strict=True):
        left = end - time.monotonic()
        if left < _MIN_SECONDS:
            verdicts.append(
                Verdict(
                    status=Status.UNDECIDED,
                    method="",
                    reason=f"time limit of {timeout:g} s reached before this component",
                    lhs=str(got),
                    rhs=str(expected),
                    assumptions=tuple(relation_text(a) for a in comparison.assumptions),
                )
            )
            continue
        verdicts.append(check(got, expected, list(comparison.assumptions), timeout=left))
    return tuple(verdicts)


_MIN_SECONDS = 0.01
"""A component gets a check only with at least this much time left."""


def symbolic_comparison(
    fn: Callable[..., Any], definition: str | Expr, *, size: int = DEFAULT_SIZE
) -> Comparison:
    """Run ``fn`` on SymPy symbols and build the definition for the same inputs.

    Raises:
        ImplementationError: As :func:`check_implementation`.
    """
    if not isinstance(size, int) or size < 1:
        raise ImplementationError(f"size must be a positive integer (got {size!r})")
    fn = _as_function(fn)
    names = _parameter_names(fn)
    if isinstance(definition, str):
        spec = _definition(definition)
        if len(names) != len(spec.params):
            raise ImplementationError(
                f"{_describe(fn)} takes {len(names)} parameter(s) ({', '.join(names)}), "
                f"but {spec.name} takes {len(spec.params)}"
            )
        inputs = [_input(n, kind, size) for n, kind in zip(names, spec.params, strict=True)]
        expected = spec.build(*inputs)
        assumptions = spec.assumptions(*inputs)
    else:
        inputs = [sympy.Symbol(n, real=True) for n in names]
        expected = _as_expr(definition)
        unknown = sorted(s.name for s in expected.free_symbols if s.name not in names)
        if unknown:
            raise ImplementationError(
                f"the definition uses {', '.join(unknown)}, which are not parameters of "
                f"{_describe(fn)} ({', '.join(names)})"
            )
        assumptions = []
    got = _run_on_symbols(fn, inputs)
    expected_parts = expected if isinstance(expected, tuple) else (expected,)
    got_parts = _components(fn, got, len(expected_parts))
    return Comparison(got_parts, expected_parts, tuple(assumptions))


def run_target(job: tuple[str, str, int]) -> Comparison:
    """Load ``MODULE:FUNCTION`` and compare it on symbols with a named definition.

    What the child process of ``softsym check-impl`` runs: ``job`` is
    (target, definition name, size); the result is plain values.

    Raises:
        ImplementationError: As :func:`load_function` and :func:`symbolic_comparison`.
    """
    target, definition, size = job
    return symbolic_comparison(load_function(target), definition, size=size)


def _definition(name: str) -> Definition:
    if name in DEFINITIONS:
        return DEFINITIONS[name]
    close = difflib.get_close_matches(name, list(DEFINITIONS), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise ImplementationError(
        f"unknown definition {name!r}{hint} (known: {', '.join(DEFINITIONS)})"
    )


def _as_expr(value: Any, what: str = "the definition") -> Expr:
    return scalar(value, what, ImplementationError)


def _exact(expr: Expr) -> Expr:
    """Replace floats written in the code (0.5, 1.0) by the rationals they stand for."""
    floats = {f: sympy.nsimplify(f, rational=True) for f in expr.atoms(sympy.Float)}
    return expr.xreplace(floats) if floats else expr


def _as_function(fn: Any) -> types.FunctionType:
    if not isinstance(fn, types.FunctionType):
        raise ImplementationError(
            f"expected a Python function (got {fn!r} of type {type(fn).__name__})"
        )
    return fn


def _parameter_names(fn: types.FunctionType) -> list[str]:
    names = []
    for p in inspect.signature(fn).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise ImplementationError(f"{_describe(fn)} must take named parameters, not *{p.name}")
        if p.default is p.empty:
            names.append(p.name)
    if not names:
        raise ImplementationError(f"{_describe(fn)} takes no parameters")
    return names


def _input(name: str, kind: str, size: int) -> Any:
    if kind == "scalar":
        return sympy.Symbol(name, real=True)
    return tuple(sympy.Symbol(f"{name}{k}", real=True) for k in range(1, size + 1))


def _describe(fn: Callable[..., Any]) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', fn)}"


def _components(fn: Callable[..., Any], value: Any, count: int) -> tuple[Expr, ...]:
    import numpy as np

    if isinstance(value, np.ndarray | sympy.MatrixBase | list | tuple):
        parts = list(np.asarray(value, dtype=object).ravel())
    else:
        parts = [value]
    if len(parts) != count:
        raise ImplementationError(
            f"{_describe(fn)} returned {len(parts)} value(s); the definition has {count}"
        )
    what = f"the value returned by {_describe(fn)}"
    return tuple(_exact(_as_expr(p, what)) for p in parts)


def _run_on_symbols(fn: types.FunctionType, inputs: Sequence[Any]) -> Any:
    import numpy as np

    symbolic = _symbolic_function(fn)
    args = [np.array(x, dtype=object) if isinstance(x, tuple) else x for x in inputs]
    try:
        return symbolic(*args)
    except (Exception, SystemExit) as exc:
        shown = ", ".join(str(list(x)) if isinstance(x, tuple) else str(x) for x in inputs)
        raise ImplementationError(
            f"{_describe(fn)} failed when run on SymPy symbols ({shown}): {describe(exc)}"
        ) from exc


# --- The SymPy stand-ins for math, numpy and a few builtins -------------------


def _elementwise(f: Callable[..., Any]) -> Callable[..., Any]:
    """Apply a SymPy function to a scalar or to every entry of an array."""

    def apply(*args: Any, **kwargs: Any) -> Any:
        import numpy as np

        if any(isinstance(a, np.ndarray | list | tuple) for a in args):
            arrays = np.broadcast_arrays(*[np.asarray(a, dtype=object) for a in args])
            out = np.empty(arrays[0].shape, dtype=object)
            for index in np.ndindex(out.shape):
                out[index] = f(*[a[index] for a in arrays])
            return out
        return f(*args)

    apply.__name__ = getattr(f, "__name__", "function")
    return apply


def _entries(values: Any) -> list[Any]:
    import numpy as np

    return list(np.asarray(values, dtype=object).ravel())


def _reduction(f: Callable[..., Any]) -> Callable[..., Any]:
    """A NumPy reduction (sum, max, ...) over all entries of a 1-D input."""

    def reduce(values: Any, axis: Any = None, *, keepdims: bool = False, **kwargs: Any) -> Any:
        import numpy as np

        if axis not in (None, 0, -1) or np.ndim(values) > 1:
            raise ImplementationError("only reductions over a 1-D input are supported")
        result = f(*_entries(values))
        return np.array([result], dtype=object) if keepdims else result

    return reduce


def _log(x: Any, base: Any = None) -> Any:
    return sympy.log(x) if base is None else sympy.log(x) / sympy.log(base)


def _where(condition: Any, a: Any, b: Any) -> Any:
    return sympy.Piecewise((a, condition), (b, True))


_SCALAR_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "exp": sympy.exp,
    "log": _log,
    "log1p": lambda x: sympy.log(1 + x),
    "expm1": lambda x: sympy.exp(x) - 1,
    "exp2": lambda x: 2**x,
    "log2": lambda x: sympy.log(x) / sympy.log(2),
    "log10": lambda x: sympy.log(x) / sympy.log(10),
    "sqrt": sympy.sqrt,
    "tanh": sympy.tanh,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "abs": sympy.Abs,
    "absolute": sympy.Abs,
    "fabs": sympy.Abs,
    "maximum": sympy.Max,
    "minimum": sympy.Min,
    "fmax": sympy.Max,
    "fmin": sympy.Min,
    "logaddexp": lambda a, b: sympy.log(sympy.exp(a) + sympy.exp(b)),
    "power": lambda a, b: a**b,
    "pow": lambda a, b: a**b,
    "where": _where,
}

_REDUCTIONS: dict[str, Callable[..., Any]] = {
    "sum": sympy.Add,
    "fsum": sympy.Add,
    "max": sympy.Max,
    "amax": sympy.Max,
    "min": sympy.Min,
    "amin": sympy.Min,
    "prod": sympy.Mul,
}


class _Shim(types.ModuleType):
    """A module whose listed functions are SymPy's; other names come from the real module."""

    def __init__(self, real: types.ModuleType, overrides: dict[str, Any]) -> None:
        super().__init__(real.__name__)
        self._real = real
        self.__dict__.update(overrides)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _shims() -> dict[str, _Shim]:
    import numpy as np

    numpy_names = {n: _elementwise(f) for n, f in _SCALAR_FUNCTIONS.items() if hasattr(np, n)}
    numpy_names.update({n: _reduction(f) for n, f in _REDUCTIONS.items() if n != "fsum"})
    numpy_names.update({"e": sympy.E, "pi": sympy.pi, "inf": sympy.oo})
    math_names = {n: f for n, f in _SCALAR_FUNCTIONS.items() if hasattr(math, n)}
    math_names.update({"fsum": _reduction(sympy.Add), "e": sympy.E, "pi": sympy.pi})
    math_names.update({"prod": _reduction(sympy.Mul), "inf": sympy.oo})
    return {"numpy": _Shim(np, numpy_names), "math": _Shim(math, math_names)}


def _symbolic_max(*args: Any, **kwargs: Any) -> Any:
    values = _entries(args[0]) if len(args) == 1 else list(args)
    if any(isinstance(v, sympy.Basic) for v in values):
        return sf.max_min(sympy.Max, values)
    return max(*args, **kwargs)


def _symbolic_min(*args: Any, **kwargs: Any) -> Any:
    values = _entries(args[0]) if len(args) == 1 else list(args)
    if any(isinstance(v, sympy.Basic) for v in values):
        return sf.max_min(sympy.Min, values)
    return min(*args, **kwargs)


def _patched_builtins(shims: dict[str, _Shim]) -> dict[str, Any]:
    real_import = builtins.__import__

    def shim_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name in shims:
            return shims[name]
        return real_import(name, *args, **kwargs)

    patched = dict(vars(builtins))
    patched.update(
        {
            "__import__": shim_import,
            "max": _symbolic_max,
            "min": _symbolic_min,
            "abs": sympy.Abs,
        }
    )
    return patched


def _symbolic_function(fn: types.FunctionType) -> types.FunctionType:
    """Re-bind ``fn`` (and the functions of its module it calls) to SymPy globals."""
    shims = _shims()
    by_identity: dict[int, Any] = {}
    for shim in shims.values():
        for name, value in vars(shim).items():
            if not name.startswith("_"):
                real = getattr(shim._real, name, None)
                if real is not None and not isinstance(real, int | float):
                    by_identity[id(real)] = value
    original = fn.__globals__
    # Set first: a function takes its builtins from its globals when it is created.
    patched: dict[str, Any] = {"__builtins__": _patched_builtins(shims)}
    rebound: dict[int, types.FunctionType] = {}

    def rebind(f: types.FunctionType) -> types.FunctionType:
        if id(f) not in rebound:
            g = types.FunctionType(f.__code__, patched, f.__name__, f.__defaults__, f.__closure__)
            g.__kwdefaults__ = f.__kwdefaults__
            rebound[id(f)] = g
        return rebound[id(f)]

    for name, value in original.items():
        if name == "__builtins__":
            continue
        if isinstance(value, types.ModuleType) and value.__name__ in shims:
            patched[name] = shims[value.__name__]
        elif id(value) in by_identity:
            patched[name] = by_identity[id(value)]
        elif isinstance(value, types.FunctionType) and value.__globals__ is original:
            patched[name] = rebind(value)
        else:
            patched[name] = value
    return rebind(fn)


# --- Loading a function named on the command line ------------------------------


def load_function(target: str) -> Callable[..., Any]:
    """Load ``MODULE:FUNCTION``, where MODULE is an importable module or a ``.py`` file.

    Raises:
        ImplementationError: The target is malformed, the module cannot be
            loaded, or it has no such function.
    """
    module_name, sep, function_name = target.rpartition(":")
    if not sep or not module_name or not function_name:
        raise ImplementationError(
            "expected MODULE:FUNCTION, e.g. student.py:sigmoid or mypkg.ops:sigmoid "
            f"(got {target!r})"
        )
    module = _load_module(module_name)
    fn = getattr(module, function_name, None)
    if fn is None:
        found = sorted(
            n
            for n, v in vars(module).items()
            if isinstance(v, types.FunctionType) and not n.startswith("_")
        )
        listing = f" (functions: {', '.join(found)})" if found else " (it defines no functions)"
        raise ImplementationError(f"{module_name} has no function {function_name!r}{listing}")
    if not isinstance(fn, types.FunctionType):
        raise ImplementationError(
            f"{module_name}:{function_name} is not a Python function (got {type(fn).__name__})"
        )
    return fn


def _load_module(name: str) -> types.ModuleType:
    if name.endswith(".py") or os.sep in name or "/" in name:
        path = Path(name)
        if not path.is_file():
            raise ImplementationError(f"no such file: {path}")
        spec = importlib.util.spec_from_file_location(f"softsym_impl_{path.stem}", path)
        if spec is None or spec.loader is None:
            raise ImplementationError(f"cannot load {path} as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses in the file look their module up
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as exc:
            raise ImplementationError(f"{path} failed to run: {describe(exc)}") from exc
        finally:
            sys.modules.pop(spec.name, None)
        return module
    cwd = os.getcwd()
    sys.path.insert(0, cwd)  # as `python -m` does: modules in the current folder are importable
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ImplementationError(f"cannot import module {name!r}: {exc}") from exc
    except (Exception, SystemExit) as exc:
        raise ImplementationError(f"module {name!r} failed to run: {describe(exc)}") from exc
    finally:
        sys.path.remove(cwd)
