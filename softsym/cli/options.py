"""The options several commands share, each written once, and the NAME|PATH targets.

A command module builds its sub-parser from these: ``add_targets``,
``add_assume``, ``add_timeout`` and ``add_json`` each add one argument with
its help text; :func:`targets` resolves the NAME|PATH arguments (running the
user's derivation files in a child process, :mod:`softsym.cli.user_code`) and
:func:`print_json` prints what ``--json`` asks for.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from softsym.cli.user_code import DEFAULT_SECONDS, TIMEOUT_VARIABLE, run_user_code
from softsym.errors import OptionError
from softsym.proofs.catalog import (
    catalog_dir,
    catalog_files,
    derivation_files,
    find,
    from_plain,
    plain_derivations,
    source_name,
)
from softsym.proofs.derivation import Derivation, require_unique_names

__all__ = [
    "MAX_SECONDS",
    "Subparsers",
    "add_assume",
    "add_json",
    "add_targets",
    "add_timeout",
    "expressions_may_start_with_dash",
    "print_json",
    "read_command_line",
    "require_timeout",
    "seconds",
    "targets",
    "user_code_seconds",
]

MAX_SECONDS = 3600.0
"""The largest time limit a command accepts (``--timeout``, ``SOFTSYM_USER_CODE_TIMEOUT``)."""


class Subparsers(Protocol):
    """What ``add_subparsers`` returns: each command module adds its parser to it."""

    def add_parser(self, name: str, *args: Any, **kwargs: Any) -> argparse.ArgumentParser:
        """Add the parser of the command ``name``."""


def _seconds_problem(value: float) -> str:
    """What is wrong with a time limit, or ``""``."""
    if math.isnan(value):
        return "must be a number of seconds"
    if not value > 0:
        return "must be positive"
    if value > MAX_SECONDS:
        return f"must be at most {MAX_SECONDS:g} seconds"
    return ""


def seconds(text: str) -> float:
    """Read a time limit: a number of seconds, more than 0 and at most 3600 (an argparse ``type``).

    Raises:
        argparse.ArgumentTypeError: ``text`` is not such a number.
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds (got {text!r})") from None
    problem = _seconds_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{problem} (got {text})")
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
            reject a bad one with :func:`require_timeout` (an error line
            rather than a usage message); by default the parser rejects it
            (:func:`seconds`).
    """
    text = "time limit" + (f" per {per}" if per else "") + " in seconds"
    if default is not None:
        text += f" (default {default:g})"
    kind = float if checked_by_command else seconds
    parser.add_argument("--timeout", type=kind, default=default, help=text)


def require_timeout(timeout: float | None) -> None:
    """Reject a ``--timeout`` that :func:`add_timeout` left to the command to check.

    Raises:
        OptionError: ``timeout`` is not a number of seconds, more than 0 and at most 3600.
    """
    problem = "" if timeout is None else _seconds_problem(timeout)
    if problem:
        raise OptionError(f"--timeout {problem} (got {timeout:g})")


def user_code_seconds() -> float:
    """Return the time limit of the user's code: ``SOFTSYM_USER_CODE_TIMEOUT``, else 60 s.

    Raises:
        OptionError: The variable is set but not a number of seconds, more than
            0 and at most 3600.
    """
    text = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_SECONDS
    try:
        return seconds(text)
    except argparse.ArgumentTypeError as exc:
        raise OptionError(f"{TIMEOUT_VARIABLE} {exc}") from None


def add_json(parser: argparse.ArgumentParser) -> None:
    """Add ``--json``: print JSON (with :func:`print_json`) instead of text."""
    parser.add_argument("--json", action="store_true", help="print JSON")


def print_json(data: Any, *, ensure_ascii: bool = False) -> None:
    """Print JSON-ready data, indented by two spaces (non-ASCII kept unless ``ensure_ascii``)."""
    print(json.dumps(data, indent=2, ensure_ascii=ensure_ascii))


def expressions_may_start_with_dash(parser: argparse.ArgumentParser) -> None:
    """Let a command's positional arguments (expressions) start with ``-``.

    An argument such as ``-x`` or ``-sigmoid(z)`` that is not one of the
    command's options is then read as an expression (see :func:`read_command_line`).
    """
    parser.set_defaults(expressions_may_start_with_dash=True)


def read_command_line(
    words: Sequence[str], commands: dict[str, argparse.ArgumentParser]
) -> tuple[list[str], bool]:
    """Prepare a command line for argparse, and tell whether it asks for JSON.

    argparse reads every argument that starts with ``-`` as an option, also
    the value of an option (``--timeout -inf``) or an expression (``-x``).
    So the value of a long option is joined to it (``--timeout=-inf``), and
    for a command marked with :func:`expressions_may_start_with_dash`, an
    argument that starts with a single ``-`` and is neither one of its
    options nor an option's value is an expression: the options are put
    first and the expressions after ``--``. Arguments after a ``--`` of the
    user's own are expressions already; ones starting with ``--`` stay
    options (a misspelt option is reported, not checked as an expression).

    Returns:
        The words to parse, and whether they hold the command's ``--json``
        (also when they do not parse, so that the error can be JSON too).
    """
    words = list(words)
    at = next((i for i, w in enumerate(words) if not w.startswith("-")), len(words))
    parser = commands.get(words[at]) if at < len(words) else None
    if parser is None:
        return words, False
    known = {o: a for a in parser._actions for o in a.option_strings}  # argparse has no public map
    joined: list[str] = []  # the words in order, each long option with its value
    options: list[str] = []
    expressions: list[str] = []
    as_json = False
    rest = words[at + 1 :]
    i = 0
    while i < len(rest):
        word = rest[i]
        i += 1
        if word == "--":
            expressions.extend(rest[i:])
            joined.extend(rest[i - 1 :])
            break
        action = _option(word, known) if word.startswith("-") and word != "-" else None
        if action is None:
            (options if word.startswith("--") else expressions).append(word)
            joined.append(word)
            continue
        as_json = as_json or action.dest == "json"
        if action.nargs is None and "=" not in word and i < len(rest):
            value = rest[i]
            i += 1
            word = f"{word}={value}" if word.startswith("--") else f"{word}{value}"
        options.append(word)
        joined.append(word)
    if not parser.get_default("expressions_may_start_with_dash"):
        return [*words[: at + 1], *joined], as_json
    return [*words[: at + 1], *options, "--", *expressions], as_json


def _option(word: str, known: dict[str, argparse.Action]) -> argparse.Action | None:
    """The action an option word stands for (``--opt``, ``--opt=value``, an abbreviation)."""
    name = word.split("=", 1)[0] if word.startswith("--") else word
    if name in known:
        return known[name]
    if not word.startswith("--"):
        return None
    matches = {known[o] for o in known if o.startswith("--") and o.startswith(name)}
    return matches.pop() if len(matches) == 1 else None


def targets(names: Sequence[str]) -> tuple[list[Derivation], list[Derivation]]:
    """Resolve NAME|PATH arguments: catalog names, derivation files or folders.

    The user's files are run in one child process (see
    :mod:`softsym.cli.user_code`); a file of the catalog's own folder stands
    for the catalog's derivations. A file named twice is loaded once.

    Returns:
        (the derivations asked for, the library they may cite); with no
        arguments both are the whole catalog.

    Raises:
        UnknownDerivationError: A name is not in the catalog.
        DerivationError: A file or folder cannot be loaded, or two different
            derivations share a name (two files, or a file and the catalog).
        UserCodeError: A file exits, hangs or exhausts memory while it is loaded.
    """
    by_file = catalog_files()
    library = [d for ds in by_file.values() for d in ds]
    if not names:
        return library, library
    home = catalog_dir().resolve()
    plan: list[list[Derivation] | Path] = []
    user_files: dict[Path, Path] = {}  # resolved → as given, the first time
    for name in names:
        if not (name.endswith(".py") or "/" in name or Path(name).exists()):
            plan.append([find(name, library)])
            continue
        for file in derivation_files(name):
            key = file.resolve()
            if key.parent == home and file.name in by_file:
                plan.append(by_file[file.name])
            else:
                user_files.setdefault(key, file)
                plan.append(key)
    loaded = _load_user_files(user_files)
    chosen = [d for item in plan for d in (loaded[item] if isinstance(item, Path) else item)]
    require_unique_names([*chosen, *library])
    return chosen, library


def _load_user_files(files: dict[Path, Path]) -> dict[Path, list[Derivation]]:
    """Load derivation files (resolved path → path as given) in a child process."""
    if not files:
        return {}
    sources = [source_name(given) for given in files.values()]
    jobs = [(source, str(given)) for source, given in zip(sources, files.values(), strict=True)]
    plain = run_user_code(plain_derivations, jobs, seconds=user_code_seconds())
    return {
        key: [from_plain(values, source) for values in derivations]
        for key, source, derivations in zip(files, sources, plain, strict=True)
    }
