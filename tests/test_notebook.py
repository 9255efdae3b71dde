"""Tests of docs/tutorial.ipynb: stored without outputs, and every cell runs in a real kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from helpers import generator
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).parent.parent / "docs" / "tutorial.ipynb"
TUTORIAL = NOTEBOOK.with_suffix(".md")


def test_notebook_is_stored_clean() -> None:
    """The tutorial is valid nbformat 4 with no outputs or execution counts."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)


def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cell of the tutorial runs without error in a python3 kernel."""
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    rendered = generator().tutorial_markdown(nb)  # the copy GitHub shows, outputs included
    assert rendered == TUTORIAL.read_text(encoding="utf-8"), (
        "docs/tutorial.md is stale: run `python docs/generate.py tutorial` and commit it"
    )
    outputs = {c.id: c.outputs for c in nb.cells if c.cell_type == "code"}
    shown = outputs["state"][0]["data"]
    assert shown["text/markdown"].startswith("# A two-class softmax is a sigmoid\n")
    assert shown["text/latex"].startswith("$$\n\\begin{gathered}\n\\textbf{")
    assert outputs["refuted"][0]["text"].startswith("step 2: refuted\nat z1 = ")
    assert "> **Not proved: refuted.**" in outputs["refuted-show"][0]["data"]["text/markdown"]
    assert outputs["impl"][0]["text"].startswith("refuted at z = ")
    assert outputs["export-files"][0]["text"] == (
        "all proved: False\n['index.md', 'tutorial-slip.md', 'tutorial-softmax2-sigmoid.md']\n"
    )
