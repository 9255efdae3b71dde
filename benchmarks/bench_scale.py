"""Benchmark: concrete-K identities as K grows, softsym's checker against plain simplify.

For K = 2, 5, 10, 20, 50 (or ``--ks``) and each identity below, both methods
run in the same process on the same work: ``softsym.check(lhs, rhs)``, and
``sympy.simplify(a - b) == 0`` where a and b are the two sides with the
definitions unfolded and the derivatives evaluated (simplify does not know
softsym's functions). simplify runs under a time cap per call and is shown as
"> cap" when it reaches it.

* shift: softmax(z_1 + c, ..., z_K + c)_1 = softmax(z_1, ..., z_K)_1
* jacobian-offdiag: ∂softmax_1/∂z_2 = −softmax_1 softmax_2
* jacobian-diag: ∂softmax_1/∂z_1 = softmax_1 (1 − softmax_1)
* lse-shift: logsumexp(z + c·1) = logsumexp(z) + c (for information: it is
  proved by the derivative method, one partial derivative per logit, so it
  grows faster than the others)

Target: softsym under one second per identity at K = 50 for shift and the
Jacobian entries. The general-K forms of these identities (catalog
derivations softmax-shift-invariance, softmax-jacobian, logsumexp-shift) do
not depend on K at all.

Run: ``python benchmarks/bench_scale.py [--cap SECONDS] [--ks 2 5 10 20 50]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import sympy
from sympy import Derivative, Expr

from softsym.decide import check
from softsym.kernel.deadline import TimeLimitReached, time_limit
from softsym.lang.functions import logsumexp, softmax, unfold
from softsym.lang.symbols import real_symbols

c = real_symbols("c")


def shift(zs: list[Expr]) -> tuple[Expr, Expr]:
    return softmax(*[z + c for z in zs])[0], softmax(*zs)[0]


def jacobian_offdiag(zs: list[Expr]) -> tuple[Expr, Expr]:
    p = softmax(*zs)
    return Derivative(p[0], zs[1]), -p[0] * p[1]


def jacobian_diag(zs: list[Expr]) -> tuple[Expr, Expr]:
    p = softmax(*zs)
    return Derivative(p[0], zs[0]), p[0] * (1 - p[0])


def lse_shift(zs: list[Expr]) -> tuple[Expr, Expr]:
    return logsumexp(*[z + c for z in zs]), logsumexp(*zs) + c


IDENTITIES: dict[str, Callable[[list[Expr]], tuple[Expr, Expr]]] = {
    "shift": shift,
    "jacobian-offdiag": jacobian_offdiag,
    "jacobian-diag": jacobian_diag,
    "lse-shift": lse_shift,
}


def plain_simplify(lhs: Expr, rhs: Expr, cap: float) -> tuple[bool | None, float]:
    """Return (simplify gave 0?, seconds); None when the cap was reached."""
    start = time.perf_counter()
    try:
        with time_limit(cap):
            a, b = unfold(unfold(lhs).doit()), unfold(unfold(rhs).doit())
            ok: bool | None = sympy.simplify(a - b) == 0
    except TimeLimitReached:
        ok = None
    return ok, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=20.0, help="simplify time cap in seconds")
    parser.add_argument("--ks", type=int, nargs="+", default=[2, 5, 10, 20, 50])
    args = parser.parse_args()
    print(f"{'K':>3}  {'identity':<17} {'softsym':>9} {'proved':<20} {'simplify':>10}  result")
    worst: dict[str, float] = {}
    for k in args.ks:
        zs = list(real_symbols(" ".join(f"z{i}" for i in range(1, k + 1))))
        if k == 1:
            zs = [zs]
        for name, build in IDENTITIES.items():
            lhs, rhs = build(zs)
            verdict = check(lhs, rhs, timeout=60)
            ok, seconds = plain_simplify(lhs, rhs, args.cap)
            proved = f"yes ({verdict.method})" if verdict.proved else f"no ({verdict.status})"
            shown = {True: "= 0", False: "not 0", None: f"> {args.cap:g} s cap"}[ok]
            simplify_time = f"{seconds:>9.3f}s" if ok is not None else f"> {args.cap:g} s".rjust(10)
            print(
                f"{k:>3}  {name:<17} {verdict.seconds:>8.3f}s {proved:<20} {simplify_time}  {shown}"
            )
            worst[name] = max(worst.get(name, 0.0), verdict.seconds)
    print()
    for name, seconds in worst.items():
        print(f"slowest softsym check of {name}: {seconds:.3f} s")


if __name__ == "__main__":
    main()
