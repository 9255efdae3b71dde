"""Finding derivations: the built-in catalog and the user's own files.

A derivation file is a Python module; every module-level
:class:`~softsym.proofs.derivation.Derivation` value in it is a derivation, in the
order they are defined. The catalog is the folder ``derivations/`` of the
repository, installed as the package ``softsym._catalog``.

Loading a file runs it. :func:`load_path` does so in the calling process; the
command line runs user files in a child process instead, which calls
:func:`plain_derivations` and sends back plain values that the parent turns into
derivations with :func:`from_plain`. Every loaded derivation records where it
came from in :attr:`~softsym.proofs.derivation.Derivation.source`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import os
import sys
import traceback
from importlib import resources
from pathlib import Path
from typing import Any

from softsym.errors import DerivationError, UnknownDerivationError, describe
from softsym.lang.relations import StatedRelation
from softsym.lang.written import written_latex
from softsym.proofs.derivation import (
    CATALOG_SOURCE,
    Derivation,
    Step,
    Where,
    require_unique_names,
)

__all__ = [
    "CATALOG_SOURCE",
    "PlainDerivation",
    "catalog",
    "catalog_dir",
    "catalog_files",
    "derivation_files",
    "find",
    "from_plain",
    "load_file",
    "load_path",
    "plain",
    "plain_derivations",
    "source_name",
]

PlainDerivation = dict[str, Any]
"""A derivation's constructor arguments as plain values (SymPy expressions, text, tuples)."""


def catalog_dir() -> Path:
    """Return the folder holding the built-in derivation files."""
    return Path(str(resources.files("softsym._catalog")))


def source_name(path: str | Path) -> str:
    """Return how a derivation file is named in messages and certificates.

    The path as given, relative to the current folder when it lies inside it,
    with ``/`` as the separator: the same on every machine that runs the
    same command in the same folder.
    """
    path = Path(path)
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        path = path.relative_to(Path.cwd())
    return Path(os.path.normpath(path)).as_posix()


def derivation_files(path: str | Path) -> list[Path]:
    """Return the derivation files a NAME|PATH argument stands for.

    A file stands for itself; a folder for its ``*.py`` files in name order,
    skipping those whose name starts with ``_``.

    Raises:
        DerivationError: The path does not exist, or the folder holds no derivation files.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.py") if not p.name.startswith("_"))
        if not files:
            raise DerivationError(f"folder {path} holds no derivation files (*.py)")
        return files
    if path.exists():
        return [path]
    raise DerivationError(f"no such file or folder: {path}")


def load_file(path: str | Path, *, source: str | None = None) -> list[Derivation]:
    """Load the derivations defined in one Python file, in this process.

    Args:
        path: The file.
        source: What the derivations record as their source (default:
            :func:`source_name` of ``path``).

    Raises:
        DerivationError: The file is missing, is not Python, fails to run (an
            exception, or ``sys.exit``), or defines no derivation; the message
            names the file and line.
    """
    path = Path(path)
    if not path.is_file():
        raise DerivationError(f"no such derivation file: {path}")
    if path.suffix != ".py":
        raise DerivationError(f"a derivation file must be a .py file (got {path})")
    digest = hashlib.sha1(str(path.resolve()).encode(), usedforsecurity=False).hexdigest()[:12]
    module_name = f"softsym_derivations_{path.stem}_{digest}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise DerivationError(f"cannot load derivation file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except DerivationError as exc:
        raise DerivationError(f"{path}: {exc}") from exc
    except SyntaxError as exc:
        raise DerivationError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from exc
    except (Exception, SystemExit) as exc:
        raise DerivationError(f"{path}{_line_in(path, exc)}: {describe(exc)}") from exc
    finally:
        sys.modules.pop(module_name, None)
    found = [v for v in vars(module).values() if isinstance(v, Derivation)]
    unique = list({id(d): d for d in found}.values())
    if not unique:
        raise DerivationError(f"{path} defines no Derivation")
    where = source_name(path) if source is None else source
    written = _written_forms(path, module)
    return [dataclasses.replace(_as_written(d, written), source=where) for d in unique]


def _written_forms(path: Path, module: Any) -> dict[Any, str]:
    """The LaTeX of the file's Python-built expressions made outside derivation calls."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    return written_latex(text, vars(module))


def _as_written(d: Derivation, written: dict[Any, str]) -> Derivation:
    """``d`` with the written LaTeX of its Python-built parts made outside its call.

    A step bound to a name in the file and used in the derivation: the call's own
    arguments were read when it ran (:meth:`Derivation._take_written_forms`).
    """
    if not written:
        return d
    steps = tuple(
        dataclasses.replace(s, written=written[s.expr])
        if not (s.tex or s.written) and s.expr in written
        else s
        for s in d.steps
    )
    lhs = d.lhs_written or ("" if d.lhs_tex else written.get(d.lhs, ""))
    rhs = d.rhs_written or ("" if d.rhs_tex else written.get(d.rhs, ""))
    return dataclasses.replace(d, steps=steps, lhs_written=lhs, rhs_written=rhs)


def _line_in(path: Path, exc: BaseException) -> str:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if Path(frame.filename).resolve() == path.resolve():
            return f":{frame.lineno}"
    return ""


def load_path(path: str | Path) -> list[Derivation]:
    """Load the derivations of a file, or of every ``*.py`` file in a folder, in this process.

    Files whose name starts with ``_`` are skipped; files are read in name order.

    Raises:
        DerivationError: The path does not exist, or a file cannot be loaded.
    """
    return [d for f in derivation_files(path) for d in load_file(f)]


def plain_derivations(path: str) -> list[PlainDerivation]:
    """Load a derivation file and return each derivation as plain constructor arguments.

    This is what a child process that loads the user's file sends back:
    expressions, text and tuples, which pickle, rather than the derivations
    themselves. :func:`from_plain` makes the derivations again.

    Raises:
        DerivationError: As :func:`load_file`.
    """
    return [plain(d) for d in load_file(path)]


def plain(d: Derivation) -> PlainDerivation:
    """The values that make ``d`` again with :func:`from_plain` (text, numbers, expressions)."""
    return {
        "name": d.name,
        "title": d.title,
        "lhs": d.lhs,
        "rhs": d.rhs,
        "lhs_tex": d.lhs_tex,
        "rhs_tex": d.rhs_tex,
        # A step's LaTeX is read with the derivation's abbreviations (from_plain passes them).
        "lhs_written": d.lhs_written,
        "rhs_written": d.rhs_written,
        "steps": tuple((s.expr, s.reason, s.uses, s.tex, s.written) for s in d.steps),
        "where": tuple((w.name, w.expr, w.tex) for w in d.where),
        # A stated relation travels as the relation it carries; the rest is text.
        "assumptions": tuple(
            a.relation if isinstance(a, StatedRelation) else str(a) for a in d.assumptions
        ),
        "description": d.description,
        "references": d.references,
        "timeout": d.timeout,
    }


def from_plain(plain: PlainDerivation, source: str) -> Derivation:
    """Make a derivation from :func:`plain_derivations`' values, checking it as it is made.

    Raises:
        DerivationError: The values do not make a valid derivation.
    """
    try:
        values = dict(plain)
        read: list[Where] = []
        for name, expr, tex in values.get("where", ()):
            read.append(Where(name, expr, tex, tuple(read) if tex else ()))
        where = tuple(read)
        values["where"] = where
        values["steps"] = tuple(_plain_step(step, where) for step in values["steps"])
        return Derivation(**values, source=source)
    except DerivationError as exc:
        raise DerivationError(f"{source}: {exc}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise DerivationError(f"{source}: not a derivation: {exc}") from exc


def _plain_step(step: tuple[Any, ...], where: tuple[Where, ...]) -> Step:
    """A step from (expr, reason, uses, tex, written); its LaTeX is read with the abbreviations."""
    expr, reason, uses, tex, written = step
    return Step(expr, reason, uses, tex, where if tex else (), written=written)


def catalog_files() -> dict[str, list[Derivation]]:
    """Return the built-in catalog by file: file name → its derivations, in file order.

    Each derivation's source is ``"catalog"``.

    Raises:
        DerivationError: Two catalog derivations share a name.
    """
    by_file = {f.name: load_file(f, source=CATALOG_SOURCE) for f in derivation_files(catalog_dir())}
    require_unique_names(d for ds in by_file.values() for d in ds)
    return by_file


def catalog() -> list[Derivation]:
    """Return every derivation of the built-in catalog, in file order.

    Raises:
        DerivationError: Two catalog derivations share a name.
    """
    return [d for ds in catalog_files().values() for d in ds]


def find(name: str, derivations: list[Derivation] | None = None) -> Derivation:
    """Return the catalog derivation called ``name``.

    Raises:
        UnknownDerivationError: No derivation has that name; the message lists
            the closest names.
    """
    pool = catalog() if derivations is None else derivations
    for d in pool:
        if d.name == name:
            return d
    import difflib

    close = difflib.get_close_matches(name, [d.name for d in pool], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `softsym list` shows the catalog"
    raise UnknownDerivationError(f"unknown derivation {name!r}{hint}")
