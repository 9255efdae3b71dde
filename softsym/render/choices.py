"""The exporters' choices, in a module that imports nothing.

The command line builds its parser from these (``--format``, ``--paper``, the
bundle's name) without loading the exporters themselves.
"""

from __future__ import annotations

__all__ = ["BUNDLE_NAME", "FORMATS", "PAPERS"]

FORMATS = ("tex", "pdf", "md", "json", "beamer")
"""The export formats."""

BUNDLE_NAME = "softsym-catalog"
"""File name (without suffix) of the one-document bundle of ``--bundle``."""

PAPERS = ("a4", "letter")
"""The paper sizes of ``--paper``."""
