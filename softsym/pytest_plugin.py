"""``pytest --softsym``: a course repository's notes and derivations as tests.

Installed with softsym (the ``pytest11`` entry point) and off until asked:
without ``--softsym`` it collects nothing. With it, pytest also collects

* every ``.tex`` and ``.md`` file: one test per chain of relations, failing
  when a step is refuted, undecided or unreadable (:mod:`softsym.notes`);
* every other ``*.py`` file that defines softsym derivations (not ``test_*``
  files, nor ``conftest.py``): one test per derivation, failing unless it is
  proved, citations included (:mod:`softsym.proofs`).

``--softsym-timeout S`` sets the time limit of each step (default 5 s).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "DerivationFile",
    "DerivationItem",
    "NotesChainItem",
    "NotesFile",
    "pytest_addoption",
    "pytest_collect_file",
]

_DEFAULT_TIMEOUT = 5.0


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--softsym`` and ``--softsym-timeout``."""
    group = parser.getgroup("softsym", "check derivations with softsym")
    group.addoption(
        "--softsym",
        action="store_true",
        default=False,
        help="collect .tex/.md notes and softsym derivation files as tests",
    )
    group.addoption(
        "--softsym-timeout",
        type=float,
        default=_DEFAULT_TIMEOUT,
        metavar="S",
        help=f"time limit of each step in seconds (default {_DEFAULT_TIMEOUT:g})",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect notes and derivation files when ``--softsym`` is given."""
    if not parent.config.getoption("softsym", default=False):
        return None
    if file_path.suffix in (".tex", ".md"):
        notes: NotesFile = NotesFile.from_parent(parent, path=file_path)
        return notes
    if (
        file_path.suffix == ".py"
        and not file_path.name.startswith(("test_", "conftest"))
        and not file_path.name.endswith("_test.py")
        and _defines_derivations(file_path)
    ):
        derivations: DerivationFile = DerivationFile.from_parent(parent, path=file_path)
        return derivations
    return None


def _defines_derivations(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "softsym" in text and "Derivation(" in text


class SoftsymCheckFailed(Exception):
    """A chain or a derivation that is not proved (the report is the message)."""


class NotesFile(pytest.File):
    """A ``.tex`` or ``.md`` file: one item per chain, checked together on first use."""

    _result: Any = None

    def collect(self) -> Iterator[pytest.Item]:
        """One item per chain (the document is cut into chains without checking)."""
        from softsym.lang.latex import split_relations
        from softsym.notes.chains import build_chains
        from softsym.notes.documents import read_document

        document = read_document(self.path)
        for number, chain in enumerate(build_chains(document.blocks, split_relations)):
            name = f"chain {number + 1} (line {chain.line})"
            yield NotesChainItem.from_parent(self, name=name, number=number, line=chain.line)

    def result(self) -> Any:
        """The checked document, computed once for all its chains."""
        if self._result is None:
            from softsym.notes import CheckOptions, check_document, read_document

            timeout = self.config.getoption("softsym_timeout")
            self._result = check_document(read_document(self.path), CheckOptions(timeout=timeout))
        return self._result


class NotesChainItem(pytest.Item):
    """One chain of a notes file; fails when a step is not proved."""

    def __init__(self, *, number: int, line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.number = number
        self.line = line

    def runtest(self) -> None:
        """Fail unless every checked step of the chain is proved."""
        from softsym.notes.report import FileResult, exit_status, report_text

        assert isinstance(self.parent, NotesFile)  # noqa: S101 (collected by NotesFile)
        result = self.parent.result()
        chain = result.chains[self.number]
        one = FileResult(result.path, (chain,))
        if not exit_status([one]):
            raise SoftsymCheckFailed(report_text([one]))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """The chain's report, without a traceback."""
        if isinstance(excinfo.value, SoftsymCheckFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the chain starts."""
        return self.path, self.line - 1, f"{self.path.name}: {self.name}"


class DerivationFile(pytest.File):
    """A Python file of softsym derivations: one item per derivation."""

    derivations: tuple[Any, ...] = ()

    def collect(self) -> Iterator[pytest.Item]:
        """Load the file (running it, as importing it would) and name its derivations."""
        from softsym.proofs.catalog import load_file

        self.derivations = tuple(load_file(self.path))
        for d in self.derivations:
            yield DerivationItem.from_parent(self, name=d.name, derivation=d)


class DerivationItem(pytest.Item):
    """One derivation; fails unless it is proved (with its citations)."""

    def __init__(self, *, derivation: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.derivation = derivation

    def runtest(self) -> None:
        """Verify the derivation against the catalog and its own file."""
        from softsym.proofs.catalog import catalog
        from softsym.proofs.derivation import check_with_citations
        from softsym.render.text import to_text

        assert isinstance(self.parent, DerivationFile)  # noqa: S101 (collected by DerivationFile)
        siblings = [d for d in self.parent.derivations if d.name != self.derivation.name]
        timeout = self.config.getoption("softsym_timeout")
        results = check_with_citations([self.derivation], [*siblings, *catalog()], timeout=timeout)
        result = results[self.derivation.name]
        if result.status.value != "proved":
            raise SoftsymCheckFailed(to_text(result, timings=False))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """The derivation's status, without a traceback."""
        if isinstance(excinfo.value, SoftsymCheckFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        """The file and the derivation's name."""
        return self.path, 0, f"{self.path.name}::{self.name}"
