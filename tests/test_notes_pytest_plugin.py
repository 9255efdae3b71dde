"""Tests for softsym.pytest_plugin: ``pytest --softsym`` collects notes and derivations."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

NOTES = Path(__file__).parent / "data" / "notes"
PLUGIN = ("-p", "softsym.pytest_plugin")
DATA = Path(__file__).parent / "data"


def run_pytest(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run pytest in ``folder`` with the plugin, whether or not its entry point is installed."""
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *PLUGIN, *options],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )


def test_entry_point_is_declared() -> None:
    """pyproject.toml registers the plugin for pytest (``pytest11``)."""
    text = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points.pytest11]\nsoftsym = "softsym.pytest_plugin"' in text


def test_off_without_the_option(tmp_path: Path) -> None:
    """Without --softsym, notes are not collected (our own test run is not affected)."""
    shutil.copy(NOTES / "tanh.md", tmp_path)
    result = run_pytest(tmp_path)
    assert "no tests ran" in result.stdout


def test_notes_and_derivations_as_tests(tmp_path: Path) -> None:
    """Each chain and each derivation is a test; the wrong ones fail with their report."""
    shutil.copy(NOTES / "tanh.md", tmp_path)
    shutil.copy(DATA / "bad_derivation.py", tmp_path / "bad_derivation.py")
    result = run_pytest(tmp_path, "--softsym", "-q", "-rf")
    out = result.stdout
    assert result.returncode == 1, out
    assert "FAILED tanh.md::chain 1 (line 6)" in out
    assert "FAILED bad_derivation.py::sign-error" in out
    assert "✗ refuted at z = " in out
    assert "sign-error: REFUTED (3 steps, failing: step 2)" in out
    assert out.splitlines()[-1].startswith("2 failed, 2 passed")
