"""The ``softsym`` command line: the top parser, dispatch to a command, errors to exit codes.

``main(argv)`` returns the exit code (see :mod:`softsym.cli.exit_codes`); only
this package turns errors into messages and exit codes. Each command lives in
its own module, which exposes ``register(subparsers)``: it adds its sub-parser
with ``set_defaults(handler=...)``, the handler taking the parsed arguments
and returning the exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from softsym._version import __version__
from softsym.cli import catalog_commands, check, check_impl, export, simplify, train
from softsym.cli.exit_codes import EXIT_ERROR, EXIT_INTERRUPTED
from softsym.cli.options import Subparsers
from softsym.errors import SoftsymError

__all__ = ["build_parser", "main", "run"]

_COMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    catalog_commands.register,  # list, verify, show
    check.register,
    train.register,
    simplify.register,
    export.register,
    check_impl.register,
)
"""The commands, in the order ``softsym --help`` lists them."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit code 2 is ours too
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``softsym`` command."""
    parser = _Parser(
        prog="softsym",
        description="State, machine-check and typeset derivations about softmax and sigmoid.",
    )
    parser.add_argument("--version", action="version", version=f"softsym {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for register in _COMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERROR
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    except SoftsymError as exc:
        print(f"softsym: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("softsym: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
