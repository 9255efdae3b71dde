"""Derivations shown in notebooks and documents: ``to_latex``, ``to_markdown``, ``_repr_latex_``.

:class:`~softsym.proofs.derivation.Derivation` offers these methods but sits
below the renderers; importing this module installs the renderers as its
presenter (:func:`~softsym.proofs.derivation.set_presenter`). ``import softsym``
does so.
"""

from __future__ import annotations

from softsym.proofs.derivation import Derivation, set_presenter
from softsym.render.export import derivation_latex, derivation_markdown, derivation_repr_latex

__all__ = ["Renderers"]


class Renderers:
    """The presenter that renders a derivation with :mod:`softsym.render.export`."""

    def latex(self, derivation: Derivation, *, standalone: bool, timeout: float | None) -> str:
        """The derivation, checked (citing the catalog), as a LaTeX fragment or article."""
        return derivation_latex(derivation, standalone=standalone, timeout=timeout)

    def markdown(self, derivation: Derivation, *, timeout: float | None) -> str:
        """The derivation, checked (citing the catalog), as a Markdown page."""
        return derivation_markdown(derivation, timeout=timeout)

    def repr_latex(self, derivation: Derivation) -> str:
        """The derivation's proof chain as display math."""
        return derivation_repr_latex(derivation)


set_presenter(Renderers())
