"""The commands on derivations: ``list`` the catalog, ``verify`` and ``show`` derivations."""

from __future__ import annotations

import argparse

from softsym._version import __version__
from softsym.cli.exit_codes import EXIT_FAILED, EXIT_OK
from softsym.cli.options import Subparsers, add_json, add_targets, add_timeout, print_json, targets
from softsym.proofs.catalog import catalog
from softsym.proofs.derivation import verify_all
from softsym.render.text import summary_line, to_text
from softsym.verdict import Status

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``list``, ``verify`` and ``show`` commands."""
    p = subparsers.add_parser("list", help="list the catalog: name and title of each derivation")
    add_json(p)
    p.set_defaults(handler=_cmd_list)

    p = subparsers.add_parser("verify", help="check derivations (default: the whole catalog)")
    add_targets(p)
    add_json(p)
    add_timeout(p, per="step")
    p.add_argument("-q", "--quiet", action="store_true", help="print only one line per derivation")
    p.set_defaults(handler=_cmd_verify)

    p = subparsers.add_parser("show", help="show a derivation step by step with verdicts")
    p.add_argument("name", metavar="NAME|PATH")
    add_timeout(p, per="step")
    p.set_defaults(handler=_cmd_show)


def _cmd_list(args: argparse.Namespace) -> int:
    derivations = catalog()
    if args.json:
        rows = [{"name": d.name, "title": d.title, "uses": list(d.uses)} for d in derivations]
        print_json({"derivations": rows})
        return EXIT_OK
    width = max(len(d.name) for d in derivations)
    for d in derivations:
        print(f"{d.name:<{width}}  {d.title}")
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    chosen, library = targets(args.targets)
    results = verify_all(chosen, timeout=args.timeout, library=library)
    counts = {s: sum(r.status is s for r in results) for s in Status}
    if args.json:
        print_json(
            {
                "softsym": __version__,
                "derivations": [r.to_json() for r in results],
                "summary": {"total": len(results), **{s.value: counts[s] for s in Status}},
            }
        )
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
    chosen, library = targets([args.name])
    for r in verify_all(chosen, timeout=args.timeout, library=library):
        print(to_text(r))
    return EXIT_OK
