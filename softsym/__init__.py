"""softsym: state, machine-check and typeset derivations about softmax and sigmoid.

The public API is listed in ``__all__``; everything else is private.
"""

from __future__ import annotations

__version__ = "0.1.0"

from softsym.assumptions import Assumptions
from softsym.catalog import catalog, find, load_path
from softsym.checker import DEFAULT_TIMEOUT, check
from softsym.derivation import Derivation, DerivationResult, Step, StepResult, verify, verify_all
from softsym.errors import DerivationError, ParseError, SoftsymError, UnknownDerivationError
from softsym.functions import (
    binary_cross_entropy,
    cross_entropy,
    log_softmax,
    logit,
    logsumexp,
    sigmoid,
    softmax,
    softplus,
    unfold,
)
from softsym.implementation import ImplementationError, check_implementation
from softsym.parsing import parse_assumption, parse_expr
from softsym.simplify import Simplification, simplify
from softsym.symbols import real_symbols
from softsym.verdict import Counterexample, Status, Verdict

__all__ = [
    "DEFAULT_TIMEOUT",
    "Assumptions",
    "Counterexample",
    "Derivation",
    "DerivationError",
    "DerivationResult",
    "ImplementationError",
    "ParseError",
    "Simplification",
    "SoftsymError",
    "Status",
    "Step",
    "StepResult",
    "UnknownDerivationError",
    "Verdict",
    "__version__",
    "binary_cross_entropy",
    "catalog",
    "check",
    "check_implementation",
    "cross_entropy",
    "find",
    "load_path",
    "log_softmax",
    "logit",
    "logsumexp",
    "parse_assumption",
    "parse_expr",
    "real_symbols",
    "sigmoid",
    "simplify",
    "softmax",
    "softplus",
    "unfold",
    "verify",
    "verify_all",
]
