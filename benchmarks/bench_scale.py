"""Benchmark: concrete-K identities as K grows, softsym's checker against plain simplify.

For K = 10, 50, 200, 500 (or ``--ks``) and each family below, both methods run
in the same process, one after the other, on the same question:

* softsym: ``softsym.check(lhs, rhs, assumptions, timeout=--timeout)``, with
  a generous time limit (default 120 s) so that growth is measured rather than
  cut off; a check that still reaches it is shown as undecided and its time
  is then only a lower bound.
* plain SymPy: ``sympy.simplify(a - b) == 0``, where a and b are the two sides
  with the definitions unfolded and the derivatives evaluated (simplify does
  not know softsym's functions) and the equality assumption substituted
  (y_K = 1 − y_1 − ... − y_{K−1}), under a time cap per call (``--cap``,
  default 20 s), shown as "> cap" when reached.

The families, with symbols z1..zK, y1..yK and c:

* shift: softmax(z_1 + c, ..., z_K + c)_1 = softmax(z_1, ..., z_K)_1
* jacobian-diag: ∂softmax_1/∂z_1 = softmax_1 (1 − softmax_1)
* jacobian-offdiag: ∂softmax_1/∂z_2 = −softmax_1 softmax_2
* ce-gradient: ∂/∂z_1 cross_entropy(softmax(z), y) = softmax_1 − y_1,
  assuming y_1 + ... + y_K = 1 (given to softsym as that text)
* lse-shift: logsumexp(z + c·1) = logsumexp(z) + c
* grad-lse: ∂logsumexp(z)/∂z_1 = softmax(z)_1

For jacobian-offdiag and grad-lse the evaluated derivative already equals the
other side term for term, so simplify is handed 0: those rows measure
softsym's fixed costs on an identity it also finds identical.

Each row prints softsym's time and method, simplify's time and result, and the
ratio simplify / softsym measured in that row. After the table, for each
family: the growth exponent p of softsym's time ~ K^p (least squares on
log time against log K over the K values) and whether softsym was faster than
simplify at every K. Absolute times depend on the machine and its load; the
ratios, measured in one run, are what to compare. Each tool measures each row
in a fresh process (the case built there, the time taken around the call
only), so neither inherits the other's caches: SymPy's cache and the facts it
stores on shared subterms would otherwise make the second tool look faster.
Each process builds one sum first, so that SymPy's one-off import on the first
sum of a process (``sympy.tensor``, ~20 ms) is in neither tool's time.

The general-K forms of these identities (catalog derivations such as
softmax-shift-invariance, softmax-jacobian, logsumexp-shift) do not depend on
K at all.

Run: ``python benchmarks/bench_scale.py [--ks 10 50 200 500] [--cap 20] [--timeout 120]
[--families shift ce-gradient ...]`` (``make bench`` runs it with the defaults).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy import Derivative, Expr, Symbol

from softsym import check, cross_entropy, logsumexp, real_symbols, softmax, unfold
from softsym.kernel.deadline import TimeLimitReached, time_limit

c = real_symbols("c")


@dataclass(frozen=True)
class Case:
    """One identity at one K.

    Attributes:
        lhs: Left-hand side.
        rhs: Right-hand side.
        assumptions: The assumptions as softsym takes them (text).
        substitution: The same equalities solved for a symbol, for plain simplify.
    """

    lhs: Expr
    rhs: Expr
    assumptions: tuple[str, ...] = ()
    substitution: tuple[tuple[Symbol, Expr], ...] = ()


@dataclass(frozen=True)
class _Timed:
    """softsym's verdict on one row, as the measuring process reported it."""

    status: str
    method: str
    reason: str
    seconds: float

    @property
    def proved(self) -> bool:
        return self.status == "proved"


@dataclass(frozen=True)
class Row:
    """The measurements of one family at one K."""

    k: int
    verdict: _Timed
    simplify_result: bool | str | None  # None: cap reached; "error": SymPy failed
    simplify_seconds: float


def shift(zs: list[Symbol], ys: list[Symbol]) -> Case:
    return Case(softmax(*[z + c for z in zs])[0], softmax(*zs)[0])


def jacobian_diag(zs: list[Symbol], ys: list[Symbol]) -> Case:
    p = softmax(*zs)
    return Case(Derivative(p[0], zs[0]), p[0] * (1 - p[0]))


def jacobian_offdiag(zs: list[Symbol], ys: list[Symbol]) -> Case:
    p = softmax(*zs)
    return Case(Derivative(p[0], zs[1]), -p[0] * p[1])


def ce_gradient(zs: list[Symbol], ys: list[Symbol]) -> Case:
    p = softmax(*zs)
    return Case(
        Derivative(cross_entropy(list(p), ys), zs[0]),
        p[0] - ys[0],
        assumptions=(" + ".join(y.name for y in ys) + " = 1",),
        substitution=((ys[-1], 1 - sympy.Add(*ys[:-1])),),
    )


def lse_shift(zs: list[Symbol], ys: list[Symbol]) -> Case:
    return Case(logsumexp(*[z + c for z in zs]), logsumexp(*zs) + c)


def grad_lse(zs: list[Symbol], ys: list[Symbol]) -> Case:
    return Case(Derivative(logsumexp(*zs), zs[0]), softmax(*zs)[0])


FAMILIES: dict[str, Callable[[list[Symbol], list[Symbol]], Case]] = {
    "shift": shift,
    "jacobian-diag": jacobian_diag,
    "jacobian-offdiag": jacobian_offdiag,
    "ce-gradient": ce_gradient,
    "lse-shift": lse_shift,
    "grad-lse": grad_lse,
}


def plain_simplify(case: Case, cap: float) -> tuple[bool | str | None, float]:
    """Return (simplify gave 0?, seconds); None at the cap, "error" when SymPy failed."""
    start = time.perf_counter()
    try:
        with time_limit(cap):
            a, b = unfold(unfold(case.lhs).doit()), unfold(unfold(case.rhs).doit())
            diff = (a - b).xreplace(dict(case.substitution))
            ok: bool | str | None = sympy.simplify(diff) == 0
    except TimeLimitReached:
        ok = None
    except Exception as exc:
        ok = "error"
        print(f"  (sympy.simplify failed: {type(exc).__name__})")
    return ok, time.perf_counter() - start


def growth_exponent(ks: list[int], seconds: list[float]) -> float | None:
    """Return the least-squares slope of log(seconds) against log(K); None with < 2 distinct K."""
    points = [(math.log(k), math.log(max(s, 1e-6))) for k, s in zip(ks, seconds, strict=True)]
    if len({x for x, _ in points}) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return sxy / sxx


def faster_everywhere(rows: list[Row]) -> str:
    """Say whether softsym beat simplify at every K (a capped simplify time is a lower bound)."""
    slower = [
        r.k
        for r in rows
        if r.simplify_result is not None and r.verdict.seconds >= r.simplify_seconds
    ]
    unknown = [
        r.k for r in rows if r.simplify_result is None and r.verdict.seconds >= r.simplify_seconds
    ]
    if slower:
        return "no (slower at K = " + ", ".join(map(str, slower)) + ")"
    if unknown:
        return (
            "unknown (simplify capped and softsym not faster than the cap at K = "
            + ", ".join(map(str, unknown))
            + ")"
        )
    return "yes"


def row_text(name: str, row: Row, cap: float) -> str:
    v = row.verdict
    method = v.method if v.proved else str(v.status)
    result = {True: "= 0", False: "not 0", None: "> cap", "error": "SymPy error"}[
        row.simplify_result
    ]
    ratio = row.simplify_seconds / max(v.seconds, 1e-9)
    shown_ratio = f"{ratio:.1f}x" if ratio >= 1 else f"{ratio:.2f}x"
    if row.simplify_result is None:
        simplify_time = f"> {cap:g} s"
        ratio_text = f"> {shown_ratio}"
    else:
        simplify_time = f"{row.simplify_seconds:.3f} s"
        ratio_text = shown_ratio
    return (
        f"{row.k:>4}  {name:<17} {v.seconds:>9.3f} s  {method:<14} "
        f"{simplify_time:>10}  {result:<11} {ratio_text:>9}"
    )


def _case(name: str, k: int) -> Case:
    zs = list(real_symbols(" ".join(f"z{i}" for i in range(1, k + 1))))
    ys = list(real_symbols(" ".join(f"y{i}" for i in range(1, k + 1))))
    return FAMILIES[name](zs, ys)


def measure(name: str, k: int, timeout: float, cap: float) -> Row:
    """Measure one row: softsym and simplify, each in a fresh process (cold caches)."""
    out = {}
    for tool in ("softsym", "simplify"):
        argv = [sys.executable, __file__, "--one", name, str(k), tool, str(timeout), str(cap)]
        done = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise SystemExit(f"{tool} on {name} at K = {k} failed:\n{done.stderr}")
        out[tool] = json.loads(done.stdout.splitlines()[-1])
    s = out["softsym"]
    verdict = _Timed(s["status"], s["method"], s["reason"], s["seconds"])
    return Row(k, verdict, out["simplify"]["result"], out["simplify"]["seconds"])


def _one(name: str, k: int, tool: str, timeout: float, cap: float) -> None:
    """In a fresh process: build the case, measure one tool, print JSON.

    Before measuring, one sum and one product are built: SymPy imports
    ``sympy.tensor`` (and with it ``sympy.combinatorics``, ~20 ms) the first time a
    process adds two terms, a one-off cost that neither tool should be charged
    (at K = 10 it would be most of either time).
    """
    a, b = sympy.symbols("a b")
    sympy.Add(a, b), sympy.Mul(a, b)  # SymPy's one-off imports, outside the measured time
    case = _case(name, k)
    if tool == "softsym":
        v = check(case.lhs, case.rhs, case.assumptions, timeout=timeout)
        data = {"status": v.status.value, "method": v.method, "reason": v.reason}
        data["seconds"] = v.seconds
    else:
        ok, seconds = plain_simplify(case, cap)
        data = {"result": ok, "seconds": seconds}
    print(json.dumps(data))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        name, k, tool, timeout, cap = sys.argv[2:7]
        _one(name, int(k), tool, float(timeout), float(cap))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ks", type=int, nargs="+", default=[10, 50, 200, 500])
    parser.add_argument("--cap", type=float, default=20.0, help="simplify time cap in seconds")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="softsym time limit per check in seconds"
    )
    parser.add_argument(
        "--families", nargs="+", choices=list(FAMILIES), default=list(FAMILIES), metavar="NAME"
    )
    args = parser.parse_args()
    if min(args.ks) < 2:
        parser.error(f"every K must be at least 2 (got {min(args.ks)})")
    ks = sorted(set(args.ks))
    print(
        f"softsym time limit {args.timeout:g} s per check; simplify cap {args.cap:g} s per call; "
        "ratio = simplify time / softsym time"
    )
    print(
        f"{'K':>4}  {'family':<17} {'softsym':>11}  {'method':<14} "
        f"{'simplify':>10}  {'result':<11} {'ratio':>9}"
    )
    rows: dict[str, list[Row]] = {name: [] for name in args.families}
    for k in ks:
        for name in args.families:
            row = measure(name, k, args.timeout, args.cap)
            rows[name].append(row)
            print(row_text(name, row, args.cap), flush=True)
    print()
    print(f"{'family':<17} {'p (softsym ~ K^p)':>17}  faster than simplify at every K")
    for name, family_rows in rows.items():
        p = growth_exponent([r.k for r in family_rows], [r.verdict.seconds for r in family_rows])
        shown = "n/a" if p is None else f"{p:.2f}"
        print(f"{name:<17} {shown:>17}  {faster_everywhere(family_rows)}")
    undecided = [
        f"{name} at K = {r.k} ({r.verdict.status}: {r.verdict.reason})"
        for name, family_rows in rows.items()
        for r in family_rows
        if not r.verdict.proved
    ]
    print()
    if undecided:
        print("not proved by softsym (its time there is a lower bound, so p is too):")
        for line in undecided:
            print(f"  {line}")
    else:
        print("softsym proved every identity at every K.")


if __name__ == "__main__":
    main()
