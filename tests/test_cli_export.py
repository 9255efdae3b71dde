"""Tests of softsym.cli.export: its parser does not load the exporters it hands work to."""

from __future__ import annotations

import subprocess
import sys

import pytest

EXPORTERS = ("softsym.render.export", "softsym.render.latex", "softsym.render.beamer")


@pytest.mark.parametrize("argv", [["--help"], ["export", "--help"]])
def test_help_does_not_import_the_exporters(argv: list[str]) -> None:
    """softsym --help and softsym export --help build the parser without the exporters."""
    code = (
        "import contextlib, io, sys\n"
        "from softsym.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        f"print(code, sorted(m for m in {EXPORTERS!r} if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.stdout == "0 []\n", proc.stderr
