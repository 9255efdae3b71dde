"""``softsym simplify EXPR``: rewrite an expression with softsym's functions, with a proof."""

from __future__ import annotations

import argparse

from softsym.cli.exit_codes import EXIT_OK
from softsym.cli.options import (
    Subparsers,
    add_assume,
    add_json,
    add_timeout,
    expressions_may_start_with_dash,
    print_json,
)
from softsym.decide import DEFAULT_TIMEOUT
from softsym.lang.parser import parse_expr
from softsym.render.text import verdict_text
from softsym.tools.simplify import simplify

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``simplify`` command."""
    p = subparsers.add_parser(
        "simplify", help="rewrite EXPR with sigmoid, softmax, softplus, logsumexp, with a proof"
    )
    p.add_argument("expr", metavar="EXPR", help="e.g. 'diff(sigmoid(z), z)'; may start with '-'")
    expressions_may_start_with_dash(p)
    add_assume(p, example="'y1 + y2 = 1'")
    add_timeout(p, per="check", default=DEFAULT_TIMEOUT)
    add_json(p)
    p.set_defaults(handler=_cmd_simplify)


def _cmd_simplify(args: argparse.Namespace) -> int:
    result = simplify(parse_expr(args.expr), args.assume, timeout=args.timeout)
    if args.json:
        print_json(result.to_json())
        return EXIT_OK
    print(f"{result.original} = {result.expr}")
    print(verdict_text(result.verdict))
    if not result.changed:
        print("no simpler form was proved; the input is returned unchanged")
    return EXIT_OK
