"""``softsym export``: write checked derivations as LaTeX, PDF, Markdown, JSON or slides.

The parser is built without the exporters (:mod:`softsym.render.export` and
the LaTeX printer it loads): ``softsym --help`` registers every command, and
only ``export`` itself needs them, so they are imported by its handler.
"""

from __future__ import annotations

import argparse
import sys

from softsym.cli.exit_codes import EXIT_FAILED, EXIT_OK
from softsym.cli.options import (
    Subparsers,
    add_targets,
    add_timeout,
    require_timeout,
    targets,
)
from softsym.errors import OptionError
from softsym.render.choices import BUNDLE_NAME, FORMATS, PAPERS

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``export`` command."""
    p = subparsers.add_parser(
        "export",
        help="write derivations as LaTeX, PDF, Markdown, JSON certificates or beamer slides",
        description=(
            "Check derivations (default: the whole catalog) and write them to DIR. "
            "Exit codes: 0 all proved, 1 some derivation not proved (still written, "
            "marked 'Not proved'), 2 usage error, no TeX engine or a LaTeX error."
        ),
    )
    add_targets(p)
    p.add_argument("--format", required=True, choices=FORMATS, dest="fmt", help="output format")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument(
        "--standalone", action="store_true", help="tex: complete articles instead of fragments"
    )
    p.add_argument(
        "--bundle",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"also write one file for all: {BUNDLE_NAME}.tex/.pdf/.json, or index.md "
        "(default: on for pdf with more than one derivation, off otherwise)",
    )
    p.add_argument(
        "--timings",
        action="store_true",
        help="json: include step times (the only field that changes between runs)",
    )
    p.add_argument(
        "--paper",
        choices=PAPERS,
        default="a4",
        help="tex, pdf: paper size (default: a4)",
    )
    p.add_argument(
        "--methods",
        action="store_true",
        help="tex, pdf: show each step's checking method beside its reason",
    )
    p.add_argument(
        "--no-implementation",
        dest="implementation",
        action="store_false",
        help="tex, pdf, md: leave out the typeset reference implementations",
    )
    add_timeout(p, per="step", checked_by_command=True)
    p.set_defaults(handler=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> int:
    from softsym.render.export import export
    from softsym.render.latex import DocumentOptions

    if args.standalone and args.fmt != "tex":
        raise OptionError("--standalone applies to --format tex (PDFs are always standalone)")
    if args.timings and args.fmt != "json":
        raise OptionError("--timings applies to --format json")
    require_timeout(args.timeout)
    chosen, library = targets(args.targets)
    bundle = args.bundle if args.bundle is not None else (args.fmt == "pdf" and len(chosen) > 1)
    report = export(
        chosen,
        args.out,
        args.fmt,
        library=library,
        standalone=args.standalone,
        bundle=bundle,
        timings=args.timings,
        timeout=args.timeout,
        options=DocumentOptions(
            paper=args.paper, methods=args.methods, implementation=args.implementation
        ),
    )
    for r in report.results:
        mark = "proved" if r.proved else f"NOT PROVED ({r.status.value}), marked in the output"
        print(f"{r.derivation.name}: {mark}")
    print(f"wrote {len(report.files)} file{'s' if len(report.files) != 1 else ''} to {args.out}")
    bad = [r.derivation.name for r in report.results if not r.proved]
    if bad:
        print(f"softsym: not proved: {', '.join(bad)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
