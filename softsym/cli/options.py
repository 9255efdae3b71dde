"""The options several commands share, each written once, and the NAME|PATH targets.

A command module builds its sub-parser from these: ``add_targets``,
``add_assume``, ``add_timeout`` and ``add_json`` each add one argument with
its help text; :func:`targets` resolves the NAME|PATH arguments and
:func:`print_json` prints what ``--json`` asks for.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from softsym.errors import OptionError
from softsym.proofs.catalog import catalog, find, load_path
from softsym.proofs.derivation import Derivation

__all__ = [
    "Subparsers",
    "add_assume",
    "add_json",
    "add_targets",
    "add_timeout",
    "positive_float",
    "print_json",
    "require_positive_timeout",
    "targets",
]


class Subparsers(Protocol):
    """What ``add_subparsers`` returns: each command module adds its parser to it."""

    def add_parser(self, name: str, *args: Any, **kwargs: Any) -> argparse.ArgumentParser:
        """Add the parser of the command ``name``."""


def positive_float(text: str) -> float:
    """Read a positive number of seconds (an argparse ``type``).

    Raises:
        argparse.ArgumentTypeError: ``text`` is not a number, or not positive.
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds (got {text!r})") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive (got {text})")
    return value


def add_targets(parser: argparse.ArgumentParser) -> None:
    """Add the optional NAME|PATH arguments (default: the whole catalog); see :func:`targets`."""
    parser.add_argument(
        "targets", nargs="*", metavar="NAME|PATH", help="catalog names or files/folders"
    )


def add_assume(parser: argparse.ArgumentParser, *, example: str) -> None:
    """Add ``--assume COND``, repeatable, collected in ``args.assume``.

    Args:
        parser: The command's parser.
        example: The conditions the help text shows, e.g. ``"'y1 + y2 = 1'"``.
    """
    parser.add_argument(
        "--assume", action="append", default=[], metavar="COND", help=f"e.g. {example}"
    )


def add_timeout(
    parser: argparse.ArgumentParser,
    *,
    per: str = "",
    default: float | None = None,
    checked_by_command: bool = False,
) -> None:
    """Add ``--timeout`` (seconds) to a command.

    Args:
        parser: The command's parser.
        per: What one time limit covers (``"step"``, ``"check"``), or ``""``.
        default: The default, shown in the help; ``None`` for no limit.
        checked_by_command: Read any number and leave it to the command to
            reject a non-positive one with :func:`require_positive_timeout`
            (an error line rather than a usage message); by default the
            parser rejects it (:func:`positive_float`).
    """
    text = "time limit" + (f" per {per}" if per else "") + " in seconds"
    if default is not None:
        text += f" (default {default:g})"
    kind = float if checked_by_command else positive_float
    parser.add_argument("--timeout", type=kind, default=default, help=text)


def require_positive_timeout(timeout: float | None) -> None:
    """Reject a ``--timeout`` that :func:`add_timeout` left to the command to check.

    Raises:
        OptionError: ``timeout`` is not positive.
    """
    if timeout is not None and not timeout > 0:
        raise OptionError(f"--timeout must be positive (got {timeout:g})")


def add_json(parser: argparse.ArgumentParser) -> None:
    """Add ``--json``: print JSON (with :func:`print_json`) instead of text."""
    parser.add_argument("--json", action="store_true", help="print JSON")


def print_json(data: Any, *, ensure_ascii: bool = False) -> None:
    """Print JSON-ready data, indented by two spaces (non-ASCII kept unless ``ensure_ascii``)."""
    print(json.dumps(data, indent=2, ensure_ascii=ensure_ascii))


def targets(names: Sequence[str]) -> tuple[list[Derivation], list[Derivation]]:
    """Resolve NAME|PATH arguments: catalog names, derivation files or folders.

    Returns:
        (the derivations asked for, the library they may cite); with no
        arguments both are the whole catalog.

    Raises:
        UnknownDerivationError: A name is not in the catalog.
        DerivationError: A file or folder cannot be loaded.
    """
    library = catalog()
    if not names:
        return library, library
    chosen: list[Derivation] = []
    for name in names:
        if name.endswith(".py") or "/" in name or Path(name).exists():
            chosen.extend(load_path(name))
        else:
            chosen.append(find(name, library))
    return chosen, library
