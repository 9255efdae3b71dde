"""The presenter ``import softsym`` installs: it loads the renderers on first use.

:meth:`Derivation.to_latex <softsym.proofs.derivation.Derivation.to_latex>`,
``.to_markdown`` and the notebook display need the exporters
(:mod:`softsym.render.notebook`); importing them at ``import softsym`` would
make every command pay for them. This presenter imports them the first time a
derivation is shown and hands over to them for good.
"""

from __future__ import annotations

from softsym.proofs.derivation import Derivation, Presenter, set_presenter

__all__ = ["OnFirstUse"]


def _renderers() -> Presenter:
    from softsym.render import notebook  # installs itself too; set again below to be sure

    presenter = notebook.Renderers()
    set_presenter(presenter)
    return presenter


class OnFirstUse:
    """Load :mod:`softsym.render.notebook` when a derivation is first shown, then use it."""

    def latex(self, derivation: Derivation, *, standalone: bool, timeout: float | None) -> str:
        """The derivation, checked, as LaTeX."""
        return _renderers().latex(derivation, standalone=standalone, timeout=timeout)

    def markdown(self, derivation: Derivation, *, timeout: float | None) -> str:
        """The derivation, checked, as Markdown."""
        return _renderers().markdown(derivation, timeout=timeout)

    def repr_latex(self, derivation: Derivation) -> str:
        """The derivation, checked, as display math for a notebook."""
        return _renderers().repr_latex(derivation)


set_presenter(OnFirstUse())
