"""Old import paths of the flat 0.1 layout, kept working with a ``DeprecationWarning``.

``import softsym.functions`` (and the other moved modules) gives the module at its new
path, e.g. :mod:`softsym.lang.functions`, and warns once. ``softsym.simplify`` is not
aliased: it is the public function :func:`softsym.simplify`.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

__all__ = ["MOVED", "install"]

MOVED = {
    "softsym.assumptions": "softsym.kernel.assumptions",
    "softsym.cases": "softsym.kernel.cases",
    "softsym.catalog": "softsym.proofs.catalog",
    "softsym.checker": "softsym.decide",
    "softsym.derivation": "softsym.proofs.derivation",
    "softsym.export": "softsym.render.export",
    "softsym.exprational": "softsym.kernel.exprational",
    "softsym.functions": "softsym.lang.functions",
    "softsym.implementation": "softsym.tools.implementation",
    "softsym.parsing": "softsym.lang.parser",
    "softsym.render_latex": "softsym.render.latex",
    "softsym.render_markdown": "softsym.render.markdown",
    "softsym.render_text": "softsym.render.text",
    "softsym.sampling": "softsym.refute",
    "softsym.sums": "softsym.kernel.sums",
    "softsym.symbols": "softsym.lang.symbols",
    "softsym.timelimit": "softsym.kernel.deadline",
    "softsym.training": "softsym.experiments.training",
}
"""Old module path → new module path."""


class _Aliases(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old path and loads it as the module at its new path."""

    def __init__(self) -> None:
        self._specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        new = MOVED[spec.name]
        warnings.warn(
            f"{spec.name} moved to {new}; import from {new}, or from softsym",
            DeprecationWarning,
            stacklevel=2,
        )
        module = importlib.import_module(new)
        self._specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The import system set the alias's spec on the real module; give it back its own.
        alias = module.__spec__.name if module.__spec__ else ""
        module.__spec__ = self._specs.pop(alias, module.__spec__)


def install() -> None:
    """Make the old paths importable (idempotent)."""
    if not any(isinstance(finder, _Aliases) for finder in sys.meta_path):
        sys.meta_path.append(_Aliases())
