"""Plain-text rendering of checked derivations and verdicts for the terminal."""

from __future__ import annotations

from softsym.proofs.derivation import DerivationResult
from softsym.verdict import Status, Verdict

__all__ = ["summary_line", "to_text", "verdict_text"]

_MARK = {Status.PROVED: "proved", Status.REFUTED: "REFUTED", Status.UNDECIDED: "UNDECIDED"}


def verdict_text(verdict: Verdict, *, timings: bool = True) -> str:
    """Describe a verdict in a few lines (status, method, reason, counterexample)."""
    head = _MARK[verdict.status]
    if verdict.method:
        head += f" by {verdict.method}"
    if timings:
        head += f" ({verdict.seconds:.3f} s)"
    lines = [head, f"  {verdict.reason}"]
    if verdict.assumptions:
        lines.append("  assuming " + ", ".join(verdict.assumptions))
    cex = verdict.counterexample
    if cex is not None:
        lines.append("  counterexample: " + ", ".join(f"{k} = {v}" for k, v in cex.point))
        lines.append(f"    lhs = {cex.lhs_value}")
        lines.append(f"    rhs = {cex.rhs_value}")
        lines.append(f"    lhs - rhs = {cex.difference} (confirmed at {cex.digits} digits)")
    return "\n".join(lines)


def to_text(result: DerivationResult, *, timings: bool = True) -> str:
    """Render a derivation step by step with each step's verdict.

    The claim, assumptions and cited derivations come first, then the chain:
    the left-hand side, and for each step ``= expression`` with its reason and verdict.
    """
    d = result.derivation
    lines = [f"{d.name}: {d.title}", f"claim: {d.lhs} = {d.rhs}"]
    lines.append("assuming: " + (", ".join(d.assumptions) if d.assumptions else "nothing"))
    if d.uses:
        lines.append("uses: " + ", ".join(d.uses))
    lines.append("")
    lines.append(f"    {d.lhs}")
    for r in result.steps:
        v = r.verdict
        mark = _MARK[v.status] + (f" by {v.method}" if v.method else "")
        if timings:
            mark += f", {v.seconds:.3f} s"
        cites = f" (by {', '.join(r.step.uses)})" if r.step.uses else ""
        lines.append(f"  = {r.step.expr}")
        lines.append(f"      step {r.index}: {r.step.reason}{cites}  [{mark}]")
        if v.status is not Status.PROVED:
            lines.extend("      " + line for line in verdict_text(v, timings=False).splitlines())
    lines.append("")
    lines.extend(f"problem: {p}" for p in result.problems)
    lines.append(summary_line(result, timings=timings))
    return "\n".join(lines)


def summary_line(result: DerivationResult, *, timings: bool = True) -> str:
    """One line: name, status, how many steps, time."""
    n = len(result.steps)
    bad = [r.index for r in result.steps if not r.verdict.proved]
    detail = f"{n} step{'s' if n != 1 else ''}"
    if bad:
        detail += ", failing: " + ", ".join(f"step {i}" for i in bad)
    if timings:
        detail += f", {result.seconds:.2f} s"
    return f"{result.derivation.name}: {_MARK[result.status]} ({detail})"
