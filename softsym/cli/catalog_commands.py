"""The commands on derivations: ``list`` the catalog, ``verify`` and ``show`` derivations.

``verify`` prints one line per derivation and a summary (``-v`` for every
chain), checking in ``-j`` worker processes (:mod:`softsym.cli.parallel`);
``show`` prints one derivation's chain. Both print Unicode math
(:mod:`softsym.render.terminal`), times only with ``--timings``, colour only on
a terminal and never with ``NO_COLOR`` set; ``verify`` shows its progress on
standard error when that is a terminal and the run is long.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from softsym._version import __version__
from softsym.cli.exit_codes import EXIT_FAILED, EXIT_OK
from softsym.cli.options import Subparsers, add_json, add_targets, add_timeout, print_json, targets
from softsym.cli.parallel import Progress, View, check_reports, default_jobs, warm_up
from softsym.errors import OptionError
from softsym.proofs.catalog import catalog
from softsym.render.terminal import Report, chain_lines, failure_lines, one_line, totals
from softsym.verdict import Status

__all__ = ["register"]

PROGRESS_AFTER = 1.0
"""Seconds after which ``verify`` starts showing its progress (on a terminal)."""


def register(subparsers: Subparsers) -> None:
    """Add the ``list``, ``verify`` and ``show`` commands."""
    p = subparsers.add_parser("list", help="list the catalog: name and title of each derivation")
    add_json(p)
    p.set_defaults(handler=_cmd_list)

    p = subparsers.add_parser("verify", help="check derivations (default: the whole catalog)")
    add_targets(p)
    add_json(p)
    add_timeout(p, per="step")
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help=f"worker processes (default: the number of cores, here {default_jobs()}; "
        "1 checks in this process)",
    )
    p.add_argument(
        "-v", "--verbose", action="store_true", help="print every derivation step by step"
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="one line per derivation (the default)"
    )
    p.add_argument("--timings", action="store_true", help="print how long each check took")
    p.set_defaults(handler=_cmd_verify)

    p = subparsers.add_parser("show", help="show a derivation step by step with verdicts")
    p.add_argument("name", metavar="NAME|PATH")
    add_timeout(p, per="step")
    p.add_argument("--timings", action="store_true", help="print how long each check took")
    p.set_defaults(handler=_cmd_show)


def _jobs(text: str) -> int:
    """Read ``-j N``: a whole number, at least 1 (an argparse ``type``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes (got {text!r})") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


def _is_catalog_name(word: str) -> bool:
    """Whether a NAME|PATH argument looks like one name rather than a file or folder."""
    return not (word.endswith(".py") or "/" in word or os.path.exists(word))


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


def _colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org)."""
    return "NO_COLOR" not in os.environ and stream.isatty()


class _Bar:
    """A progress line on standard error, shown once a run has taken a while."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown and time.monotonic() - self.start < PROGRESS_AFTER:
            return
        self.shown = True
        filled = 30 * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} checked")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def _check(
    args: argparse.Namespace, names: Sequence[str], *, jobs: int, view: View
) -> list[Report]:
    chosen, library = targets(names)
    bar: _Bar | None = None
    if not getattr(args, "json", False) and sys.stderr.isatty():
        bar = _Bar(sys.stderr)
    progress: Progress | None = bar
    try:
        return check_reports(
            chosen, library, timeout=args.timeout, jobs=jobs, progress=progress, view=view
        )
    finally:
        if bar is not None:
            bar.close()


def _cmd_verify(args: argparse.Namespace) -> int:
    if args.verbose and args.quiet:
        raise OptionError("-v/--verbose and -q/--quiet exclude each other")
    jobs = args.jobs or default_jobs()
    many = not args.targets or not all(_is_catalog_name(t) for t in args.targets)
    if jobs > 1 and many:  # the catalog, or files: let the workers' server start meanwhile
        warm_up()
    view = View(chain=args.verbose, json=args.json)
    reports = _check(args, args.targets, jobs=jobs, view=view)
    counts = {s: sum(r.status is s for r in reports) for s in Status}
    if args.json:
        print_json(
            {
                "softsym": __version__,
                "derivations": [r.to_json() for r in reports],
                "summary": {"total": len(reports), **{s.value: counts[s] for s in Status}},
            }
        )
    else:
        colour = _colour(sys.stdout)
        for r in reports:
            if args.verbose:
                print("\n".join(chain_lines(r, timings=args.timings, colour=colour)))
                print()
                continue
            print(one_line(r, timings=args.timings, colour=colour))
            if r.status is not Status.PROVED:
                print("\n".join(failure_lines(r)))
        print(totals(reports, colour=colour))
    return EXIT_OK if counts[Status.PROVED] == len(reports) else EXIT_FAILED


def _cmd_show(args: argparse.Namespace) -> int:
    colour = _colour(sys.stdout)
    for r in _check(args, [args.name], jobs=1, view=View(chain=True, json=False)):
        print("\n".join(chain_lines(r, timings=args.timings, colour=colour)))
    return EXIT_OK
