"""Regenerate the generated documentation: the API reference, the gallery, the tutorial.

Usage::

    python docs/generate.py            # all three (what `make gallery` runs)
    python docs/generate.py api        # only docs/api.md
    python docs/generate.py gallery    # only docs/proofs/
    python docs/generate.py tutorial   # only docs/tutorial.md (runs the notebook)

``docs/api.md`` is the reference of every name in ``softsym.__all__``, built
from the docstrings. ``docs/proofs/`` holds the Markdown pages (with an
``index.md``) and the LaTeX fragments (with the bundle ``softsym-catalog.tex``)
of the whole catalog, as ``softsym export`` writes them. ``docs/tutorial.md`` is
``docs/tutorial.ipynb`` (stored without outputs) run in a kernel, as Markdown
with every output. The test suite fails when any is stale.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import re
import sys
from pathlib import Path
from typing import Any

import sympy

import softsym
from softsym.proofs.catalog import catalog
from softsym.proofs.derivation import DerivationResult, check_with_citations
from softsym.render.export import render_files

DOCS = Path(__file__).resolve().parent
API = DOCS / "api.md"
GALLERY = DOCS / "proofs"
NOTEBOOK = DOCS / "tutorial.ipynb"
TUTORIAL = DOCS / "tutorial.md"
GALLERY_SUFFIXES = (".md", ".tex")

# --------------------------------------------------------------------------
# API reference

_SECTIONS = (
    "Args",
    "Arguments",
    "Attributes",
    "Returns",
    "Raises",
    "Yields",
    "Example",
    "Examples",
)
_LISTED = ("Args", "Arguments", "Attributes", "Raises")


def _inline(text: str) -> str:
    """Turn reStructuredText roles and literals into Markdown."""
    text = re.sub(r":math:`([^`]+)`", r"$\1$", text)
    text = re.sub(r":\w+:`~?(?:[\w.]+\.)?([\w]+)`", r"`\1`", text)
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def _docstring_markdown(doc: str) -> str:
    """Render a Google-style docstring as Markdown."""
    lines = doc.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        header = line.strip().rstrip(":")
        if line.startswith(">>>"):
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out += ["```pycon", *block, "```"]
            continue
        if line.endswith(":") and not line.startswith(" ") and header in _SECTIONS:
            out += [f"**{header}:**", ""]
            i += 1
            items: list[str] = []
            while i < len(lines) and (lines[i].startswith(" ") or not lines[i].strip()):
                body = lines[i].strip()
                i += 1
                if not body:
                    continue
                indent = len(lines[i - 1]) - len(lines[i - 1].lstrip())
                if header in _LISTED and indent <= 4 and ":" in body:
                    name, _, text = body.partition(":")
                    items.append(f"- `{name.strip()}`: {_inline(text.strip())}")
                elif items:
                    items[-1] += " " + _inline(body)
                else:
                    items.append(_inline(body))
            out += [*items, ""]
            continue
        out.append(_inline(line))
        i += 1
    return "\n".join(out).strip() + "\n"


def _parameters(obj: Any, *, returns: bool = True) -> str:
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(...)"
    parts = []
    star_done = False
    for p in signature.parameters.values():
        if p.name.startswith("_") or p.name in ("self", "cls"):
            continue
        if p.kind is p.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        prefix = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
        star_done = star_done or p.kind is p.VAR_POSITIONAL
        text = prefix + p.name
        if p.annotation is not p.empty:
            text += f": {p.annotation}"
        if p.default is not p.empty:
            text += f" = {p.default!r}" if p.annotation is not p.empty else f"={p.default!r}"
        parts.append(text)
    result = ""
    if returns and signature.return_annotation is not signature.empty:
        result = f" -> {signature.return_annotation}"
    return f"({', '.join(parts)}){result}"


def _constant_doc(name: str) -> str:
    """The string literal that follows ``NAME = ...`` in a softsym module."""
    for path in sorted(Path(softsym.__file__).parent.rglob("*.py")):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        for node, after in itertools.pairwise(body):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets) and (
                isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
            ):
                return str(after.value.value)
    return ""


def _members(cls: type) -> list[tuple[str, Any]]:
    fields = getattr(cls, "__dataclass_fields__", {})
    found = []
    for name, value in vars(cls).items():
        if name.startswith("_") or name in fields:
            continue
        routine = isinstance(value, property | staticmethod | classmethod)
        if (routine or inspect.isfunction(value)) and inspect.getdoc(value):
            found.append((name, value))
    return found


def _entry(name: str, obj: Any) -> list[str]:
    out = [f"## `{name}`", ""]
    if inspect.isclass(obj) and issubclass(obj, sympy.Function):
        out += [f"SymPy function: `{name}(...)`", ""]
    elif inspect.isclass(obj) and issubclass(obj, BaseException):
        bases = ", ".join(b.__name__ for b in obj.__bases__)
        out += [f"Exception (subclass of {bases}).", ""]
    elif inspect.isclass(obj) and issubclass(obj, softsym.Status):
        members = ", ".join(f"`{m.name}` (`{m.value!r}`)" for m in obj)
        out += [f"Enum: {members}.", ""]
    elif inspect.isclass(obj):
        out += ["```python", f"class {name}{_parameters(obj, returns=False)}", "```", ""]
    elif callable(obj):
        out += ["```python", f"{name}{_parameters(obj)}", "```", ""]
    else:
        out += ["```python", f"{name} = {obj!r}", "```", ""]
    doc = inspect.getdoc(obj) if (inspect.isclass(obj) or callable(obj)) else _constant_doc(name)
    if doc:
        out += [_docstring_markdown(doc), ""]
    if inspect.isclass(obj) and not issubclass(obj, sympy.Basic | BaseException | softsym.Status):
        for member, value in _members(obj):
            target = value.fget if isinstance(value, property) else value
            if isinstance(value, staticmethod | classmethod):
                target = value.__func__
            head = (
                f"`{name}.{member}`"
                if isinstance(value, property)
                else (f"`{name}.{member}{_parameters(target)}`")
            )
            out += [f"### {head}", "", _docstring_markdown(inspect.getdoc(value) or ""), ""]
    return out


def api_markdown() -> str:
    """Return the text of ``docs/api.md``: every public name of softsym with its docstring."""
    names = [n for n in softsym.__all__ if not n.startswith("__")]
    out = [
        "# API reference",
        "",
        "Generated from the docstrings by `python docs/generate.py` (`make gallery`); "
        "do not edit by hand. Everything listed here is importable from `softsym`.",
        "",
        "Contents: " + ", ".join(f"[`{n}`](#{n.lower()})" for n in names) + ".",
        "",
    ]
    for name in names:
        out += _entry(name, getattr(softsym, name))
    return "\n".join(line.rstrip() for line in out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------
# Gallery


@functools.cache
def catalog_results() -> dict[str, DerivationResult]:
    """Check the whole catalog once (with citations), in dependency order."""
    derivations = catalog()
    return check_with_citations(derivations, derivations)


def gallery_files() -> dict[str, str]:
    """Return the gallery: file name → content (Markdown pages and LaTeX fragments)."""
    results = catalog_results()
    names = [d.name for d in catalog()]
    files = render_files(results, names, "md", bundle=True)
    files.update(render_files(results, names, "tex", bundle=True))
    return files


def write_gallery(folder: Path = GALLERY) -> list[Path]:
    """Write the gallery to ``folder``, removing generated files that are no longer made."""
    files = gallery_files()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.suffix in GALLERY_SUFFIXES and old.name not in files:
            old.unlink()
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------
# The tutorial, rendered


def executed_tutorial(workdir: Path) -> Any:
    """``docs/tutorial.ipynb`` run in a python3 kernel in ``workdir`` (the notebook object)."""
    import os

    import nbformat
    from nbclient import NotebookClient

    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return nb


def tutorial_markdown(nb: Any) -> str:
    """The executed tutorial as Markdown that GitHub renders: its text, code and outputs.

    A rich output is shown in its Markdown form (softsym's pages, made for GitHub),
    any other as plain text in a fenced block.
    """
    out = [
        "<!-- Rendered from docs/tutorial.ipynb by `python docs/generate.py tutorial`; "
        "do not edit by hand. -->",
        "",
    ]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            out += [cell.source.rstrip(), ""]
            continue
        if cell.cell_type != "code":
            continue
        out += ["```python", cell.source.rstrip(), "```", ""]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                out += ["**Output:**", "", _for_github(data["text/markdown"]), ""]
                continue
            text = output.get("text") or data.get("text/plain") or ""
            if text.strip():
                out += ["```text", text.rstrip(), "```", ""]
    return "\n".join(line.rstrip() for line in out).rstrip("\n") + "\n"


def _for_github(markdown: str) -> str:
    """A notebook's Markdown output inside a page: headings demoted, ``$$`` blocks fenced.

    The notebook shows display math as ``$$`` blocks (Jupyter's convention); in a page
    GitHub may mangle a double backslash there, so they become ```` ```math ```` fences.
    """
    lines = []
    fenced = False
    for line in markdown.rstrip().splitlines():
        if line.strip() == "$$":
            lines.append("```" if fenced else "```math")
            fenced = not fenced
        elif line.startswith("#") and not fenced:
            lines.append("###" + line)
        else:
            lines.append(line)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Regenerate what ``argv`` names (``api``, ``gallery``, ``tutorial``; default all)."""
    wanted = set(argv) or {"api", "gallery", "tutorial"}
    unknown = wanted - {"api", "gallery", "tutorial"}
    if unknown:
        print(f"usage: python docs/generate.py [api] [gallery] [tutorial] (got {sorted(unknown)})")
        return 2
    if "tutorial" in wanted:
        import tempfile

        with tempfile.TemporaryDirectory() as workdir:
            TUTORIAL.write_text(tutorial_markdown(executed_tutorial(Path(workdir))), "utf-8")
        print(f"wrote {TUTORIAL}")
    if "api" in wanted:
        API.write_text(api_markdown(), encoding="utf-8")
        print(f"wrote {API}")
    if "gallery" in wanted:
        written = write_gallery()
        print(f"wrote {len(written)} files to {GALLERY}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
