"""The ``softsym`` command line: the top parser, dispatch to a command, errors to exit codes.

``main(argv)`` returns the exit code (see :mod:`softsym.cli.exit_codes`); only
this package turns errors into messages and exit codes. Each command lives in
its own module, which exposes ``register(subparsers)``: it adds its sub-parser
with ``set_defaults(handler=...)``, the handler taking the parsed arguments
and returning the exit code.

Start-up stays small: a command module imports only what its parser needs
and loads its implementation inside the handler, and ``main`` imports only
the module of the command it runs (all of them for ``--help`` or a mistyped
command), so ``softsym check`` never loads NumPy or the exporters.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from softsym._version import __version__
from softsym.cli.exit_codes import EXIT_BROKEN_PIPE, EXIT_ERROR, EXIT_INTERRUPTED
from softsym.cli.limits import limit_memory, memory_limit
from softsym.cli.options import Subparsers, print_json, read_command_line
from softsym.errors import SoftsymError, describe

__all__ = ["build_parser", "main", "run"]

_COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("catalog_commands", ("list", "verify", "show")),
    ("check", ("check",)),
    ("train", ("train",)),
    ("simplify", ("simplify",)),
    ("export", ("export",)),
    ("check_impl", ("check-impl",)),
    ("check_tex", ("check-tex",)),
)
"""The command modules of ``softsym.cli`` and the commands each registers, in the
order ``softsym --help`` lists them."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit code 2 is ours too
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: error: {message}", message)


class _UsageError(Exception):
    def __init__(self, line: str, message: str) -> None:
        super().__init__(line)
        self.message = message


def _modules(words: Sequence[str]) -> list[str]:
    """The command modules to load: the one of the command in ``words``, else all."""
    command = next((w for w in words if not w.startswith("-")), None)
    chosen = [module for module, names in _COMMANDS if command in names]
    return chosen or [module for module, _ in _COMMANDS]


def _build(
    words: Sequence[str] | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = _Parser(
        prog="softsym",
        description="State, machine-check and typeset derivations about softmax and sigmoid.",
    )
    parser.add_argument("--version", action="version", version=f"softsym {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in _modules(words or ()):
        register: Callable[[Subparsers], None]
        register = importlib.import_module(f"softsym.cli.{module}").register
        register(subparsers)
    return parser, dict(subparsers.choices)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``softsym`` command."""
    return _build()[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Every error becomes one line on standard error and an exit code, never a
    traceback; with ``--json`` it is also printed as ``{"error": ..., "exit_code": ...}``.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    limit_memory(memory_limit())
    parser, commands = _build(words)
    words, as_json = read_command_line(words, commands)
    try:
        args = parser.parse_args(words)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except _UsageError as exc:
        return _fail(str(exc), exc.message, EXIT_ERROR, as_json)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    except SoftsymError as exc:
        return _fail(f"softsym: error: {exc}", str(exc), EXIT_ERROR, as_json)
    except KeyboardInterrupt:
        return _fail("softsym: interrupted", "interrupted", EXIT_INTERRUPTED, as_json)
    except BrokenPipeError:  # softsym verify | head: the reader has what it wanted
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug or an unforeseen input: still one line, no traceback
        message = _one_line(exc)
        return _fail(f"softsym: error: {message}", message, EXIT_ERROR, as_json)


def _one_line(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return describe(exc).strip().splitlines()[0]


def _fail(line: str, message: str, code: int, as_json: bool) -> int:
    print(line, file=sys.stderr)
    if as_json:
        print_json({"error": message, "exit_code": code})
    return code


def run() -> None:
    """Console-script entry point: run the command, flush its output, exit at once.

    Nothing is left to do once the output is flushed: the files are closed and
    the worker processes stopped (the forkserver and resource tracker of
    ``verify -j`` stop when this process's end of their pipe closes). Leaving
    through ``os._exit`` spares the interpreter freeing every expression one by
    one at shutdown, about a tenth of ``softsym verify``. After Ctrl-C the
    interpreter exits as usual (the stopped workers' semaphores are released at
    shutdown).
    """
    code = main()
    if code == EXIT_INTERRUPTED:  # workers were stopped mid-way: let their cleanup run
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (softsym verify | head): nothing left to tell it.
        with contextlib.suppress(ValueError, OSError):
            stream.flush()
    os._exit(code)
