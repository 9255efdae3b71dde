"""The ``softsym`` command line.

``main(argv)`` returns the exit code; only this module turns errors into
messages and exit codes:

* ``verify``: 0 all proved, 1 some step refuted or undecided, 2 usage or input error.
* ``check``: 0 proved, 1 refuted, 3 undecided, 2 input error.
* ``export`` (:mod:`softsym.export`): 0 all proved, 1 some not proved, 2 error.
* ``check-impl`` (:mod:`softsym.implementation`): as ``check``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from softsym import __version__, training
from softsym.catalog import catalog, find, load_path
from softsym.checker import DEFAULT_TIMEOUT, check
from softsym.derivation import Derivation, verify_all
from softsym.errors import SoftsymError
from softsym.export import register as _register_export
from softsym.implementation import register as _register_check_impl
from softsym.parsing import parse_expr
from softsym.render_text import summary_line, to_text, verdict_text
from softsym.simplify import register as _register_simplify
from softsym.verdict import Status

__all__ = ["EXIT_ERROR", "EXIT_FAILED", "EXIT_OK", "EXIT_UNDECIDED", "main", "run"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_ERROR = 2
EXIT_UNDECIDED = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit code 2 is ours too
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds (got {text!r})") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive (got {text})")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``softsym`` command."""
    parser = _Parser(
        prog="softsym",
        description="State, machine-check and typeset derivations about softmax and sigmoid.",
    )
    parser.add_argument("--version", action="version", version=f"softsym {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("list", help="list the catalog: name and title of each derivation")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_list)

    p = sub.add_parser("verify", help="check derivations (default: the whole catalog)")
    p.add_argument("targets", nargs="*", metavar="NAME|PATH", help="catalog names or files/folders")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--timeout", type=_positive_float, help="time limit per step in seconds")
    p.add_argument("-q", "--quiet", action="store_true", help="print only one line per derivation")
    p.set_defaults(handler=_cmd_verify)

    p = sub.add_parser("show", help="show a derivation step by step with verdicts")
    p.add_argument("name", metavar="NAME|PATH")
    p.add_argument("--timeout", type=_positive_float, help="time limit per step in seconds")
    p.set_defaults(handler=_cmd_show)

    p = sub.add_parser("check", help="decide whether LHS = RHS")
    p.add_argument("lhs")
    p.add_argument("rhs")
    p.add_argument(
        "--assume", action="append", default=[], metavar="COND", help="e.g. 'T > 0', 'y1 + y2 = 1'"
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        help=f"time limit in seconds (default {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_check)
    for register in _EXTENSIONS:
        register(sub)
    return parser


def _targets(targets: Sequence[str]) -> tuple[list[Derivation], list[Derivation]]:
    """Resolve NAME|PATH arguments; return (requested, library for citations)."""
    library = catalog()
    if not targets:
        return library, library
    chosen: list[Derivation] = []
    for t in targets:
        if t.endswith(".py") or "/" in t or Path(t).exists():
            chosen.extend(load_path(t))
        else:
            chosen.append(find(t, library))
    return chosen, library


def _cmd_list(args: argparse.Namespace) -> int:
    derivations = catalog()
    if args.json:
        rows = [{"name": d.name, "title": d.title, "uses": list(d.uses)} for d in derivations]
        print(json.dumps({"derivations": rows}, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max(len(d.name) for d in derivations)
    for d in derivations:
        print(f"{d.name:<{width}}  {d.title}")
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    chosen, library = _targets(args.targets)
    results = verify_all(chosen, timeout=args.timeout, library=library)
    counts = {s: sum(r.status is s for r in results) for s in Status}
    if args.json:
        payload = {
            "softsym": __version__,
            "derivations": [r.to_json() for r in results],
            "summary": {"total": len(results), **{s.value: counts[s] for s in Status}},
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for r in results:
            print(summary_line(r) if args.quiet else to_text(r))
            if not args.quiet:
                print()
        print(
            f"{len(results)} derivation{'s' if len(results) != 1 else ''}: "
            f"{counts[Status.PROVED]} proved, {counts[Status.REFUTED]} refuted, "
            f"{counts[Status.UNDECIDED]} undecided"
        )
    return EXIT_OK if counts[Status.PROVED] == len(results) else EXIT_FAILED


def _cmd_show(args: argparse.Namespace) -> int:
    chosen, library = _targets([args.name])
    for r in verify_all(chosen, timeout=args.timeout, library=library):
        print(to_text(r))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    lhs, rhs = parse_expr(args.lhs), parse_expr(args.rhs)
    verdict = check(lhs, rhs, args.assume, timeout=args.timeout)
    if args.json:
        print(json.dumps(verdict.to_json(), indent=2, ensure_ascii=False))
    else:
        print(f"{verdict.lhs} = {verdict.rhs}")
        print(verdict_text(verdict))
    return {Status.PROVED: EXIT_OK, Status.REFUTED: EXIT_FAILED}.get(verdict.status, EXIT_UNDECIDED)


# Each further command lives in its own module, which exposes
# ``register(subparsers)``: it adds its sub-parser with ``set_defaults(handler=...)``,
# the handler taking the parsed arguments and returning the exit code.
_EXTENSIONS: tuple[Callable[[Any], None], ...] = (
    training.register,
    _register_simplify,
    _register_export,
    _register_check_impl,
)


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
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
