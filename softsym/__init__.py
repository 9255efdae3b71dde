"""softsym: state, machine-check and typeset derivations about softmax and sigmoid.

The public API is listed in ``__all__``; everything else is private.
"""

from __future__ import annotations

from softsym import _compat
from softsym._version import __version__
from softsym.decide import DEFAULT_TIMEOUT, assume, check
from softsym.errors import DerivationError, ParseError, SoftsymError, UnknownDerivationError
from softsym.kernel.assumptions import Assumptions
from softsym.kernel.proof import Proof
from softsym.lang.functions import (
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
from softsym.lang.parser import parse_assumption, parse_expr
from softsym.lang.symbols import real_symbols
from softsym.proofs.catalog import catalog, find, load_path
from softsym.proofs.derivation import (
    Derivation,
    DerivationResult,
    Step,
    StepResult,
    Tex,
    Where,
    verify,
    verify_all,
)

# Imported for its effect: it installs the renderers behind Derivation.to_latex,
# .to_markdown and the notebook display (the model sits below the renderers),
# loading them on first use so that `import softsym` stays small.
from softsym.render import presenter as _presenter  # noqa: F401
from softsym.tools.implementation import ImplementationError, check_implementation
from softsym.tools.simplify import Simplification, simplify
from softsym.verdict import Counterexample, Status, Verdict

# Old module paths (softsym.functions, ...) keep working, with a DeprecationWarning.
_compat.install()

__all__ = [
    "DEFAULT_TIMEOUT",
    "Assumptions",
    "Counterexample",
    "Derivation",
    "DerivationError",
    "DerivationResult",
    "ImplementationError",
    "ParseError",
    "Proof",
    "Simplification",
    "SoftsymError",
    "Status",
    "Step",
    "StepResult",
    "Tex",
    "UnknownDerivationError",
    "Verdict",
    "Where",
    "__version__",
    "assume",
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
