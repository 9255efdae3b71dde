"""``softsym check LHS RHS``: decide one equality and exit by its status."""

from __future__ import annotations

import argparse
import time
from typing import Any

from softsym.cli.exit_codes import status_exit_code
from softsym.cli.options import (
    Subparsers,
    add_assume,
    add_json,
    add_timeout,
    expressions_may_start_with_dash,
    print_json,
)
from softsym.decide import DEFAULT_TIMEOUT, check
from softsym.errors import OptionError
from softsym.kernel.deadline import TimeLimitReached, time_limit
from softsym.lang.latex import read_sides
from softsym.render.text import verdict_text

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``check`` command."""
    p = subparsers.add_parser(
        "check",
        help="decide whether LHS = RHS",
        description="Decide whether LHS = RHS for all real values of the symbols. "
        "LHS and RHS may start with '-' (softsym check x -x); `--` ends the options.",
    )
    p.add_argument("lhs")
    p.add_argument("rhs")
    expressions_may_start_with_dash(p)
    add_assume(p, example="'T > 0', 'y1 + y2 = 1'")
    p.add_argument(
        "--tex",
        action="store_true",
        help="read LHS and RHS as LaTeX math (\\frac{1}{1 + e^{-z}}, \\sigma(z), \\sum_{k=1}^{K})",
    )
    add_timeout(p, default=DEFAULT_TIMEOUT)
    add_json(p)
    p.set_defaults(handler=_cmd_check)


def _cmd_check(args: argparse.Namespace) -> int:
    # Text is read by check itself, within the time limit; LaTeX is read within it too.
    lhs: Any = args.lhs
    rhs: Any = args.rhs
    timeout = args.timeout
    if args.tex:
        start = time.monotonic()
        try:
            with time_limit(timeout):
                lhs, rhs = read_sides(args.lhs, args.rhs)
        except TimeLimitReached:
            raise OptionError(
                f"reading the LaTeX took longer than the time limit of {timeout:g} s"
            ) from None
        timeout = max(timeout - (time.monotonic() - start), 0.01)
    verdict = check(lhs, rhs, args.assume, timeout=timeout)
    if args.json:
        print_json(verdict.to_json())
    else:
        print(f"{verdict.lhs} = {verdict.rhs}")
        print(verdict_text(verdict))
    return status_exit_code(verdict.status)
