"""Tests of the architecture: no import cycles, the trusted base as documented, old paths."""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
import warnings
from pathlib import Path

import grimp
import pytest

import softsym

PACKAGE = Path(softsym.__file__).parent
ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.find_modules_directly_imported_by(v)):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    """softsym/ has no import cycle (the package face __init__ aside)."""
    graph = grimp.build_graph("softsym")
    # `softsym/__init__.py` re-exports the API, so every module "imports" it through its
    # parent package; it is the face, not a layer, and no module imports it by name.
    graph.remove_module("softsym")
    assert _cycles(graph) == []


def test_cycle_finder_finds_cycles() -> None:
    """The cycle test above is not vacuous."""
    graph = grimp.ImportGraph()
    for name in ("a", "a.b", "a.c", "a.d"):
        graph.add_module(name)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.b")
    graph.add_import(importer="a.d", imported="a.b")
    assert _cycles(graph) == [["a.b", "a.c"]]


def test_no_module_imports_the_package_face() -> None:
    """Inside softsym/, nothing imports `softsym` itself (which would tie it to everything)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__init__.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "softsym" and node.level == 0:
                names = {a.name for a in node.names}
                if names - {"_compat"}:
                    offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(names)}")
            elif isinstance(node, ast.Import) and any(a.name == "softsym" for a in node.names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_import_contracts_hold() -> None:
    """lint-imports (the contracts in pyproject.toml) passes."""
    exe = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(exe), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def code_lines(path: Path) -> int:
    """Lines holding code: no blank lines, comments or docstrings."""
    source = path.read_text(encoding="utf-8")
    docs: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            docs.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    lines: set[int] = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in skip and tok.type != tokenize.ENDMARKER:
            lines.update(range(tok.start[0], tok.end[0] + 1))
    return len(lines - docs)


def test_code_lines_skips_docstrings_and_comments(tmp_path: Path) -> None:
    """The counter counts statements only."""
    f = tmp_path / "m.py"
    f.write_text(
        '"""Doc.\n\nMore."""\n\n# note\nx = 1\n\n\ndef f():\n    """Doc."""\n    return x\n'
    )
    assert code_lines(f) == 3


def test_trusted_base_table_is_current() -> None:
    """docs/architecture.md states each kernel module's size as it is, and the total."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    total = 0
    for path in sorted((PACKAGE / "kernel").glob("*.py")):
        n = code_lines(path)
        total += n
        if path.name == "__init__.py":
            assert n == 0, "kernel/__init__.py holds no code"
            continue
        row = re.search(rf"\| `kernel/{path.name}` \|[^|]*\| (\d+) \|", text)
        assert row is not None, f"kernel/{path.name} is missing from the trusted-base table"
        assert int(row.group(1)) == n, f"kernel/{path.name} has {n} lines of code"
    stated = re.search(r"\*\*kernel total\*\* \| \| \*\*(\d+)\*\*", text)
    assert stated is not None
    assert int(stated.group(1)) == total
    assert total <= 1300


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("softsym.functions", "softsym.lang.functions"),
        ("softsym.checker", "softsym.decide"),
        ("softsym.derivation", "softsym.proofs.derivation"),
        ("softsym.render_latex", "softsym.render.latex"),
    ],
)
def test_old_paths_import_with_a_warning(old: str, new: str) -> None:
    """A module path of the flat layout still imports, as the new module, and warns."""
    import importlib

    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=f"{old} moved to {new}"):
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert module.__spec__ is not None
    assert module.__spec__.name == new


def test_simplify_is_the_function() -> None:
    """softsym.simplify is the public function, not hidden by a submodule."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from softsym import simplify
    assert callable(simplify)
    assert simplify.__module__ == "softsym.tools.simplify"
