"""Benchmark: softsym's checker against plain ``sympy.simplify(a - b) == 0``.

For every catalog claim (lhs = rhs) and every step of every derivation, both
methods run in the same process on the same expressions (definitions unfolded
and derivatives evaluated for simplify, which does not know softsym's
functions; equality assumptions substituted first, as the checker does).
simplify gets the same time cap per call as the checker (``--cap``, default
10 s). Each row prints both times, softsym's method and simplify's result
("proved", "not proved", "> cap", or "SymPy error" when simplify raised); the
summary gives how many each proved, the total times, and the ratio of the
totals (simplify / softsym), measured in the same run. Absolute times depend
on the machine and its load; the ratio is what to compare.

Run: ``python benchmarks/bench_checker.py [--cap SECONDS]`` (``make bench``
runs it with the defaults).
"""

from __future__ import annotations

import argparse
import time

import sympy

from softsym.decide import assume, check
from softsym.kernel.assumptions import Assumptions
from softsym.kernel.deadline import TimeLimitReached, time_limit
from softsym.lang.functions import unfold
from softsym.proofs.catalog import catalog


def plain_simplify(
    lhs: sympy.Expr, rhs: sympy.Expr, assume: Assumptions, cap: float
) -> tuple[bool | str | None, float]:
    """Return (proved?, seconds); None when the cap was reached, "error" when SymPy failed.

    Equality assumptions are substituted first, as the checker does, so both
    methods decide the same question.
    """
    start = time.perf_counter()
    try:
        with time_limit(cap):
            diff = unfold(lhs) - unfold(rhs)
            diff = assume.substitute(unfold(diff.doit()))
            ok: bool | str | None = sympy.simplify(diff) == 0
    except TimeLimitReached:
        ok = None
    except Exception as exc:
        ok = "error"
        print(f"  (sympy.simplify failed: {type(exc).__name__})")
    return ok, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=10.0, help="time cap per call in seconds")
    args = parser.parse_args()
    work = []
    for d in catalog():
        work.append((f"{d.name} (claim)", d.lhs, d.rhs, d.assumptions))
        previous = d.lhs
        for i, step in enumerate(d.steps, start=1):
            work.append((f"{d.name} step {i}", previous, step.expr, d.assumptions))
            previous = step.expr
    print(f"{'identity':<48} {'softsym':>10} {'method':<24} {'simplify':>10} result")
    total_s = total_p = 0.0
    proved_s = proved_p = 0
    for label, lhs, rhs, assumptions in work:
        verdict = check(lhs, rhs, assumptions, timeout=args.cap)
        ok, seconds = plain_simplify(lhs, rhs, assume(assumptions), args.cap)
        total_s += verdict.seconds
        total_p += seconds
        proved_s += verdict.proved
        proved_p += ok is True
        shown = {
            True: "proved",
            False: "not proved",
            None: f"> {args.cap:g} s cap",
            "error": "SymPy error",
        }[ok]
        method = verdict.method or verdict.status.value
        print(f"{label[:48]:<48} {verdict.seconds:>9.3f}s {method:<24} {seconds:>9.3f}s {shown}")
    n = len(work)
    print()
    print(f"identities: {n}")
    print(f"softsym proved {proved_s}/{n} in {total_s:.2f} s")
    print(f"plain sympy.simplify proved {proved_p}/{n} in {total_p:.2f} s")
    print(f"time ratio simplify / softsym: {total_p / max(total_s, 1e-9):.1f}x")


if __name__ == "__main__":
    main()
