"""``softsym train``: train networks 0, 1 and 2 and compare their weights."""

from __future__ import annotations

import argparse

from softsym.cli.exit_codes import EXIT_FAILED, EXIT_OK
from softsym.cli.options import Subparsers, add_json, print_json
from softsym.errors import OptionError

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add the ``train`` command."""
    p = subparsers.add_parser(
        "train",
        help="train networks 0, 1 and 2 and compare their weights",
        description="Train the three heads from matching weights and report how far apart "
        "their parameters end (exit 0 when every comparison is as the theorems predict).",
    )
    # No defaults here: they are TrainConfig's, and the experiment (NumPy) loads only when run.
    p.add_argument("--steps", type=int, help="gradient-descent steps")
    p.add_argument("--lr", type=float, help="learning rate η")
    p.add_argument("--weight-decay", type=float, help="L2 weight decay λ")
    p.add_argument("--seed", type=int, help="random seed")
    p.add_argument("--samples", type=int, help="data set size")
    p.add_argument("--hidden", type=int, help="hidden units")
    add_json(p)
    p.add_argument("--plot", metavar="FILE.png", help="draw loss curves and head weights")
    p.add_argument("--latex", metavar="FILE.tex", help="write the comparison as a LaTeX table")
    p.set_defaults(handler=_cmd_train)


def _cmd_train(args: argparse.Namespace) -> int:
    from softsym.experiments.training import (
        TrainConfig,
        format_table,
        plot,
        report_to_json,
        run,
        to_latex_table,
    )

    given = {
        "steps": args.steps,
        "lr": args.lr,
        "weight_decay": args.weight_decay,
        "seed": args.seed,
        "n_samples": args.samples,
        "hidden": args.hidden,
    }
    try:
        config = TrainConfig(**{k: v for k, v in given.items() if v is not None})
    except (TypeError, ValueError) as exc:
        raise OptionError(str(exc)) from None
    report = run(config)
    if args.plot:
        try:
            plot(report, args.plot)
        except ImportError as exc:
            raise OptionError(str(exc)) from None
    if args.latex:
        with open(args.latex, "w", encoding="utf-8") as f:
            f.write(to_latex_table(report))
    if args.json:
        print_json(report_to_json(report), ensure_ascii=True)  # as it has always printed
    else:
        print(format_table(report))
    return EXIT_OK if report.ok else EXIT_FAILED
