"""Renderers of checked derivations: text, LaTeX, Markdown, JSON certificates, PDF."""
