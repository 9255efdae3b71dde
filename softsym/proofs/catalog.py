"""Finding derivations: the built-in catalog and the user's own files.

A derivation file is a Python module; every module-level
:class:`~softsym.proofs.derivation.Derivation` value in it is a derivation, in the
order they are defined. The catalog is the folder ``derivations/`` of the
repository, installed as the package ``softsym._catalog``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import traceback
from importlib import resources
from pathlib import Path

from softsym.errors import DerivationError, UnknownDerivationError
from softsym.proofs.derivation import Derivation

__all__ = ["catalog", "catalog_dir", "find", "load_file", "load_path"]


def catalog_dir() -> Path:
    """Return the folder holding the built-in derivation files."""
    return Path(str(resources.files("softsym._catalog")))


def load_file(path: str | Path) -> list[Derivation]:
    """Load the derivations defined in one Python file.

    Raises:
        DerivationError: The file is missing, is not Python, fails to run, or
            defines no derivation; the message names the file and line.
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
    except Exception as exc:
        line = _line_in(path, exc)
        raise DerivationError(f"{path}{line}: {type(exc).__name__}: {exc}") from exc
    finally:
        sys.modules.pop(module_name, None)
    found = [v for v in vars(module).values() if isinstance(v, Derivation)]
    unique = list({id(d): d for d in found}.values())
    if not unique:
        raise DerivationError(f"{path} defines no Derivation")
    return unique


def _line_in(path: Path, exc: BaseException) -> str:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if Path(frame.filename).resolve() == path.resolve():
            return f":{frame.lineno}"
    return ""


def load_path(path: str | Path) -> list[Derivation]:
    """Load the derivations of a file, or of every ``*.py`` file in a folder.

    Files whose name starts with ``_`` are skipped; files are read in name order.

    Raises:
        DerivationError: The path does not exist, or a file cannot be loaded.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.py") if not p.name.startswith("_"))
        if not files:
            raise DerivationError(f"folder {path} holds no derivation files (*.py)")
        return [d for f in files for d in load_file(f)]
    if path.exists():
        return load_file(path)
    raise DerivationError(f"no such file or folder: {path}")


def catalog() -> list[Derivation]:
    """Return every derivation of the built-in catalog, in file order.

    Raises:
        DerivationError: Two catalog derivations share a name.
    """
    derivations = load_path(catalog_dir())
    seen: set[str] = set()
    for d in derivations:
        if d.name in seen:
            raise DerivationError(f"two catalog derivations are named {d.name!r}")
        seen.add(d.name)
    return derivations


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
