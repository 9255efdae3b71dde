"""``softsym check-tex FILE...``: check every chain of relations in LaTeX, Markdown and notebooks.

Exit 0 when every checked step is proved, 1 when a step is refuted, undecided
or unreadable or a directive cannot be used (it is reported with its line and
the rest of the file is still checked), 2 for a usage or file error (a missing
file, a bad encoding, a broken notebook, an unreadable --macros file).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softsym.cli.exit_codes import EXIT_FAILED, EXIT_OK
from softsym.cli.options import Subparsers, add_json, add_timeout, print_json
from softsym.decide import DEFAULT_TIMEOUT
from softsym.errors import DocumentError, OptionError

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``check-tex`` command."""
    p = subparsers.add_parser(
        "check-tex",
        help="check the derivations in .tex, .md and .ipynb files",
        description="Find every chain of relations in the display math of LaTeX, Markdown "
        "and notebook files and check each '=' step. Directives in comments "
        "('% softsym: assume \\sum_j y_j = 1', '<!-- softsym: let K \\ge 1 -->') say what "
        "the prose says. Exit 0 when every step is proved, 1 otherwise (also for a directive "
        "that cannot be used), 2 for file errors.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=".tex, .md or .ipynb files")
    p.add_argument("--show-parse", action="store_true", help="print how each side was read")
    p.add_argument(
        "--annotate",
        metavar="OUT",
        help="write a copy of each document with a mark beside every checked step "
        "(one file: OUT is the copy; several: OUT is a folder)",
    )
    p.add_argument("--macros", metavar="FILE", help="a file of LaTeX macro definitions")
    p.add_argument("--no-hints", action="store_true", help="do not look for missing assumptions")
    add_timeout(p, per="step", default=DEFAULT_TIMEOUT)
    add_json(p)
    p.set_defaults(handler=_cmd_check_tex)


def _cmd_check_tex(args: argparse.Namespace) -> int:
    from softsym.notes import (  # the reader and the kernel load only when the command runs
        CheckOptions,
        annotate,
        check_document,
        exit_status,
        read_document,
        report_json,
        report_text,
    )

    macros = ""
    if args.macros:
        try:
            macros = Path(args.macros).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise OptionError(f"--macros: cannot read {args.macros}") from None
    documents = [read_document(f) for f in args.files]  # every file readable before any check
    targets = _annotation_targets(args.annotate, args.files)
    options = CheckOptions(timeout=args.timeout, hints=not args.no_hints, macros=macros)
    results = [check_document(d, options) for d in documents]
    for document, result, target in zip(documents, results, targets, strict=True):
        if target is not None:
            try:
                target.write_text(annotate(document.kind, document.raw, result), encoding="utf-8")
            except OSError as exc:
                raise DocumentError(f"--annotate: cannot write {target}: {exc.strerror}") from None
    if args.json:
        print_json(report_json(results))
    else:
        print(report_text(results, show_parse=args.show_parse))
    return EXIT_OK if exit_status(results) else EXIT_FAILED


def _annotation_targets(out: str | None, files: list[str]) -> list[Path | None]:
    if out is None:
        return [None] * len(files)
    target = Path(out)
    if len(files) == 1 and not target.is_dir():
        return [target]
    if target.exists() and not target.is_dir():
        raise OptionError(f"--annotate: {out} must be a folder when checking several files")
    target.mkdir(parents=True, exist_ok=True)
    names = [Path(f).name for f in files]
    if len(set(names)) != len(names):
        raise OptionError("--annotate: two files have the same name; check them one at a time")
    return [target / name for name in names]
