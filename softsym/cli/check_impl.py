"""``softsym check-impl MODULE:FUNCTION NAME``: check a Python function against a definition."""

from __future__ import annotations

import argparse

from softsym.cli.exit_codes import status_exit_code
from softsym.cli.options import (
    Subparsers,
    add_json,
    add_timeout,
    print_json,
    require_timeout,
    user_code_seconds,
)
from softsym.cli.user_code import DEFAULT_SECONDS, TIMEOUT_VARIABLE, run_user_code
from softsym.decide import DEFAULT_TIMEOUT
from softsym.render.text import verdict_text
from softsym.tools.implementation import DEFAULT_SIZE, DEFINITIONS, compare, run_target
from softsym.verdict import overall

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``check-impl`` command."""
    p = subparsers.add_parser(
        "check-impl",
        help="check that a Python function computes a definition",
        description=(
            "Run MODULE:FUNCTION on SymPy symbols (math and NumPy calls become SymPy) and "
            "decide whether it equals the definition NAME for all real inputs. "
            "The function's module is imported and the function run in a child process, "
            f"with a time limit ({TIMEOUT_VARIABLE}, default {DEFAULT_SECONDS:g} s) and a "
            "memory limit. Exit codes: 0 proved, 1 refuted, 3 undecided, 2 input error."
        ),
    )
    p.add_argument("target", metavar="MODULE:FUNCTION", help="e.g. student.py:sigmoid")
    p.add_argument("definition", metavar="NAME", help="one of: " + ", ".join(DEFINITIONS))
    p.add_argument(
        "--size",
        type=int,
        default=DEFAULT_SIZE,
        metavar="K",
        help=f"number of logits of a vector input (default {DEFAULT_SIZE})",
    )
    add_timeout(p, per="command (all components)", default=DEFAULT_TIMEOUT, checked_by_command=True)
    add_json(p)
    p.set_defaults(handler=_cmd_check_impl)


def _cmd_check_impl(args: argparse.Namespace) -> int:
    require_timeout(args.timeout)
    job = (args.target, args.definition, args.size)
    (comparison,) = run_user_code(run_target, [(args.target, job)], seconds=user_code_seconds())
    verdicts = compare(comparison, timeout=args.timeout)
    status = overall(v.status for v in verdicts)
    if args.json:
        print_json(
            {
                "target": args.target,
                "definition": args.definition,
                "status": status.value,
                "components": [v.to_json() for v in verdicts],
            }
        )
    else:
        for i, v in enumerate(verdicts, start=1):
            where = f"component {i}: " if len(verdicts) > 1 else ""
            print(f"{where}{v.lhs} = {v.rhs}")
            print(verdict_text(v))
        print(f"{args.target} computes {args.definition}: {status.value}")
    return status_exit_code(status)
