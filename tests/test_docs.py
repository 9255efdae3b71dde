"""Tests of docs/: the generated API reference and gallery are fresh, cli.md covers every option."""

from __future__ import annotations

import argparse
import doctest
import importlib
import importlib.util
from pathlib import Path

import pytest
from helpers import generator

from softsym.cli.main import build_parser

DOCS = Path(__file__).parent.parent / "docs"
STALE = "is stale: run `make gallery` (or `python docs/generate.py`) and commit the result"


def test_api_reference_is_fresh() -> None:
    """docs/api.md is what docs/generate.py makes from the docstrings."""
    current = (DOCS / "api.md").read_text(encoding="utf-8")
    assert current == generator().api_markdown(), f"docs/api.md {STALE}"


def test_api_reference_covers_all() -> None:
    """Every public name has a section in the API reference."""
    import softsym

    text = generator().api_markdown()
    for name in softsym.__all__:
        if not name.startswith("__"):
            assert f"## `{name}`\n" in text


def test_gallery_is_fresh() -> None:
    """docs/proofs/ holds exactly the Markdown and LaTeX export of the current catalog."""
    gen = generator()
    fresh = gen.gallery_files()
    committed = {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(gen.GALLERY.iterdir())
        if p.suffix in gen.GALLERY_SUFFIXES
    }
    missing = sorted(set(fresh) - set(committed))
    extra = sorted(set(committed) - set(fresh))
    changed = sorted(n for n in set(fresh) & set(committed) if fresh[n] != committed[n])
    assert (missing, extra, changed) == ([], [], []), (
        f"docs/proofs/ {STALE}; missing: {missing}, extra: {extra}, changed: {changed}"
    )


def test_gallery_has_index_and_bundle() -> None:
    """The gallery has an index page and the LaTeX bundle beside the pages."""
    files = generator().gallery_files()
    assert "index.md" in files
    assert files["softsym-catalog.tex"].startswith("\\documentclass[11pt]{article}\n")
    assert "sigmoid-derivative.md" in files
    assert "sigmoid-derivative.tex" in files


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def test_cli_doc_covers_every_command_and_option() -> None:
    """docs/cli.md has a section for each command and mentions each of its options."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name, sub in subcommands().items():
        assert f"## `{name}`" in text, f"docs/cli.md has no section for {name}"
        for action in sub._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in text, f"docs/cli.md does not mention {name} {option}"


def test_cli_doc_lists_exit_codes() -> None:
    """The commands table of docs/cli.md states the exit codes of export and check-impl."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert (
        "| [`export`](#export) | write LaTeX, PDF, Markdown or JSON certificates | 0 all proved, "
        in text
    )
    assert (
        "| [`check-impl`](#check-impl) | check a Python function against a definition | 0 proved, "
        in text
    )


@pytest.mark.parametrize(
    "module",
    [
        "softsym.render.latex",
        "softsym.render.markdown",
        "softsym.reference",
        "softsym.tools.implementation",
        "softsym.render.export",
        "softsym.render.brackets",
        "softsym.render.notation",
        "softsym.render.unicode",
        "softsym.render.topics",
        "softsym.lang.written",
    ],
)
def test_docstring_examples(module: str) -> None:
    """The >>> examples in the docstrings run as written."""
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0


def test_generate_rejects_unknown_targets(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/generate.py names what it can regenerate."""
    assert generator().main(["everything"]) == 2
    assert capsys.readouterr().out == (
        "usage: python docs/generate.py [api] [gallery] [tutorial] (got ['everything'])\n"
    )


def test_readme_derivations_are_proved() -> None:
    """Every derivation the README shows in a Python block is proved as written."""
    import re

    from softsym import Derivation, Status, verify

    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "Derivation(" in b]
    assert len(blocks) >= 2
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
        shown = [v for v in namespace.values() if isinstance(v, Derivation)]
        assert shown, block
        for d in shown:
            assert verify(d).status is Status.PROVED, d.name
