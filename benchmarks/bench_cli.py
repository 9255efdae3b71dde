"""Benchmark: whole-command times of the ``softsym`` executable against ``import sympy``.

Each command runs as a fresh process, start-up included, ``--runs`` times
(default 5) after ``--warmup`` uncounted runs (default 1). The commands take
turns run by run (A B C ... A B C ...), so a machine that speeds up or slows
down during the benchmark moves all of them alike. Wall time is measured with
``time.perf_counter`` around ``subprocess.run``; output is discarded.

Commands (``softsym`` is the executable next to ``sys.executable``):

* ``python -c pass``: the interpreter alone, for reference
* ``python -c "import sympy"``: the yardstick, SymPy's import
* ``softsym --help``, ``softsym list``, ``softsym check x x``: start-up
* ``softsym check 'tanh(z)' '2*sigmoid(2*z) - 1'``
* ``softsym verify``: the whole catalog, in worker processes (default ``-j``: the cores)
* ``softsym verify -j 1``: the whole catalog in one process

For each it prints the median and the minimum over the runs, and the ratio of
each to ``import sympy`` (median to median, min to min), all measured in the
same run, then the speed-up of ``verify`` over ``verify -j 1``. Absolute times
depend on the machine and its load; the ratios are what to compare (the target
of issue 12: ``verify`` at most 6× ``import sympy`` on 2 cores). A command
that exits with a non-zero code is reported.

Run: ``python benchmarks/bench_cli.py [--runs 5] [--warmup 1]`` (``make bench``
runs it with the defaults).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SOFTSYM = str(Path(sys.executable).parent / "softsym")
YARDSTICK = "import sympy"
PARALLEL = f"softsym verify (-j {os.cpu_count()})"
SERIAL = "softsym verify -j 1"


@dataclass(frozen=True)
class Command:
    """A command to time and the label it is printed under."""

    label: str
    argv: tuple[str, ...]


COMMANDS = (
    Command("python -c pass", (sys.executable, "-c", "pass")),
    Command(YARDSTICK, (sys.executable, "-c", "import sympy")),
    Command("softsym --help", (SOFTSYM, "--help")),
    Command("softsym list", (SOFTSYM, "list")),
    Command("softsym check x x", (SOFTSYM, "check", "x", "x")),
    Command(
        "softsym check 'tanh(z)' '2*sigmoid(2*z) - 1'",
        (SOFTSYM, "check", "tanh(z)", "2*sigmoid(2*z) - 1"),
    ),
    Command(PARALLEL, (SOFTSYM, "verify")),
    Command(SERIAL, (SOFTSYM, "verify", "-j", "1")),
)


def run_once(command: Command, timeout: float) -> tuple[float, int]:
    """Run the command once; return (wall seconds, exit code)."""
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter and executable, fixed arguments
        command.argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs per command")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted runs per command first")
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="time limit of one run in seconds"
    )
    args = parser.parse_args()
    if args.runs < 1 or args.warmup < 0:
        parser.error(
            f"--runs must be at least 1 and --warmup at least 0 (got {args.runs}, {args.warmup})"
        )
    if not Path(SOFTSYM).exists():
        parser.error(f"no softsym executable next to the interpreter ({SOFTSYM}); install softsym")
    times: dict[str, list[float]] = {c.label: [] for c in COMMANDS}
    failures: dict[str, set[int]] = {c.label: set() for c in COMMANDS}
    for round_ in range(args.warmup + args.runs):
        for command in COMMANDS:
            seconds, code = run_once(command, args.timeout)
            if code != 0:
                failures[command.label].add(code)
            if round_ >= args.warmup:
                times[command.label].append(seconds)
    print(f"{args.runs} runs each after {args.warmup} warm-up, taking turns; wall seconds")
    width = max(len(c.label) for c in COMMANDS)
    print(
        f"{'command':<{width}} {'median':>8} {'min':>8} {'max':>8}  "
        f"{'median ratio':>12} {'min ratio':>9}"
    )
    base_median = statistics.median(times[YARDSTICK])
    base_min = min(times[YARDSTICK])
    for command in COMMANDS:
        ts = times[command.label]
        median, low, high = statistics.median(ts), min(ts), max(ts)
        print(
            f"{command.label:<{width}} {median:>8.3f} {low:>8.3f} {high:>8.3f}  "
            f"{median / base_median:>11.2f}x {low / base_min:>8.2f}x"
        )
    print(f"(ratio: to {YARDSTICK!r}, measured in this run)")
    serial, parallel = times[SERIAL], times[PARALLEL]
    print(
        f"verify speed-up with {os.cpu_count()} workers: "
        f"{statistics.median(serial) / statistics.median(parallel):.2f}x (median), "
        f"{min(serial) / min(parallel):.2f}x (min)"
    )
    for label, codes in failures.items():
        if codes:
            print(f"note: {label} exited with code(s) {', '.join(map(str, sorted(codes)))}")


if __name__ == "__main__":
    main()
