"""Differential fuzzing of the checker with random true and false identities.

The identities come from tests/fuzz_strategies.py: true ones by composing valid
rewrites, false ones by perturbing true ones (each shown false by a witness
point). The properties:

* a false identity is never proved (soundness: any failure is a kernel bug);
* a true identity is never refuted;
* every counterexample is re-verified independently: both sides are defined
  at the point (and differentiable where differentiated), they really differ,
  and the certificate's values match to about 15 digits.

Undecided verdicts are counted, not failed. Tiny perturbations (adding
10⁻²⁰ or e⁻⁶⁰) are a separate test, since sampling cannot see them.

Failures are collected, not raised at once, so one run finds many; each kind
is then shrunk greedily to a small reproduction. The budget is
``SOFTSYM_FUZZ_EXAMPLES`` examples per test (``make fuzz`` sets a large one;
the default run is small and derandomized). A summary is printed at the end and
written to ``$TMPDIR/softsym-fuzz-summary.json``.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sympy
from fuzz_strategies import (
    SYMBOLS,
    Case,
    audit_counterexample,
    false_candidates,
    find_witness,
    make_false,
    shrink,
    true_cases,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from softsym import Status, Verdict, check

FUZZING = bool(os.environ.get("SOFTSYM_FUZZ_EXAMPLES"))
EXAMPLES = int(os.environ.get("SOFTSYM_FUZZ_EXAMPLES") or 0)
TIMEOUT = 3.0
SUMMARY = Path(
    os.environ.get("SOFTSYM_FUZZ_SUMMARY")
    or Path(tempfile.gettempdir()) / "softsym-fuzz-summary.json"
)
SHRINK_SECONDS = 45.0 if FUZZING else 10.0
SHRINK_PER_GROUP = 2 if FUZZING else 1


def _settings(default: int) -> settings:
    return settings(
        max_examples=EXAMPLES or default,
        deadline=None,
        derandomize=not FUZZING,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


@dataclass
class Failure:
    """One property violation, with the case and the verdict that broke it."""

    category: str
    case: Case
    verdict: Verdict | None
    detail: str
    minimal: tuple[str, str, tuple[str, ...]] | None = None

    @property
    def group(self) -> tuple[str, str]:
        """Failures of one category and verdict method are one group (shrunk and shown once)."""
        method = self.verdict.method if self.verdict else ""
        return self.category, method

    def to_json(self) -> dict[str, Any]:
        """The failure as JSON-ready data, for the summary file."""
        return {
            "category": self.category,
            "class": "true" if self.case.true else self.case.kind,
            "lhs": str(self.case.lhs),
            "rhs": str(self.case.rhs),
            "assumptions": list(self.case.assumptions),
            "status": str(self.verdict.status) if self.verdict else "raised",
            "method": self.verdict.method if self.verdict else "",
            "reason": self.verdict.reason if self.verdict else "",
            "counterexample": (
                self.verdict.counterexample.to_json()
                if self.verdict and self.verdict.counterexample
                else None
            ),
            "detail": self.detail,
            "rules": list(self.case.rules),
            "witness": {str(k): str(v) for k, v in (self.case.witness or {}).items()},
            "minimal": (
                {"lhs": self.minimal[0], "rhs": self.minimal[1], "assumptions": self.minimal[2]}
                if self.minimal
                else None
            ),
        }


@dataclass
class Tally:
    """Counts of cases and verdicts, and the failures, over the whole module."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


TALLY = Tally()


def _positive(assumptions: tuple[str, ...]) -> frozenset[sympy.Symbol]:
    return frozenset(s for s in SYMBOLS if f"{s} > 0" in assumptions)


def _check(lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...]) -> Verdict:
    return check(lhs, rhs, assumptions, timeout=TIMEOUT)


def judge(case: Case, cls: str) -> None:
    """Check one case, count its verdict and record every property it breaks."""
    counts = TALLY.counts
    counts[f"{cls}: cases"] += 1
    try:
        verdict = _check(case.lhs, case.rhs, case.assumptions)
    except Exception as exc:
        counts[f"{cls}: check raised"] += 1
        TALLY.failures.append(Failure("check raised", case, None, f"{type(exc).__name__}: {exc}"))
        return
    counts[f"{cls}: {verdict.status}"] += 1
    if verdict.status is Status.PROVED:
        counts[f"{cls}: proved by {verdict.method}"] += 1
        if not case.true:
            counts[f"{cls}: UNSOUND (false identity proved)"] += 1
            TALLY.failures.append(Failure("false identity proved", case, verdict, case.kind))
    elif verdict.status is Status.UNDECIDED:
        why = "time limit" if "time limit" in verdict.reason else "no method, no counterexample"
        if "could not process" in verdict.reason:
            why = "SymPy error"
        counts[f"{cls}: undecided ({why})"] += 1
        if why == "SymPy error" and len(TALLY.notes) < 20:
            TALLY.notes.append(f"{case.describe()}: {verdict.reason}")
    else:
        assert verdict.counterexample is not None
        audit = audit_counterexample(
            case.lhs, case.rhs, _positive(case.assumptions), verdict.counterexample
        )
        if audit is None:
            counts[f"{cls}: counterexample verified"] += 1
            if case.true:
                counts[f"{cls}: FALSE REFUTATION"] += 1
                TALLY.failures.append(
                    Failure(
                        "true identity refuted (the counterexample checks out: generator "
                        "or semantics question)",
                        case,
                        verdict,
                        verdict.counterexample.describe(),
                    )
                )
        elif audit[0] == "unverifiable":
            counts[f"{cls}: counterexample unverifiable"] += 1
        else:
            counts[f"{cls}: BAD COUNTEREXAMPLE"] += 1
            if case.true:
                counts[f"{cls}: FALSE REFUTATION"] += 1
            TALLY.failures.append(Failure(audit[0], case, verdict, audit[1]))


def _still_fails(failure: Failure) -> Callable[[sympy.Expr, sympy.Expr, tuple[str, ...]], bool]:
    """The property a shrunk case must keep to reproduce ``failure``."""

    def proved_but_false(lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...]) -> bool:
        if _check(lhs, rhs, assumptions).status is not Status.PROVED:
            return False
        return find_witness(lhs, rhs, _positive(assumptions)) is not None

    def bad_counterexample(lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...]) -> bool:
        verdict = _check(lhs, rhs, assumptions)
        if verdict.counterexample is None:
            return False
        audit = audit_counterexample(lhs, rhs, _positive(assumptions), verdict.counterexample)
        return audit is not None and audit[0] == failure.category

    def raises(lhs: sympy.Expr, rhs: sympy.Expr, assumptions: tuple[str, ...]) -> bool:
        try:
            _check(lhs, rhs, assumptions)
        except Exception as exc:
            return failure.detail.startswith(type(exc).__name__)
        return False

    if failure.category == "false identity proved":
        return proved_but_false
    if failure.category == "check raised":
        return raises
    return bad_counterexample


def _shrink_failures(failures: list[Failure]) -> None:
    seen: Counter[tuple[str, str]] = Counter()
    for f in failures:
        if f.category.startswith("true identity refuted") or seen[f.group] >= SHRINK_PER_GROUP:
            continue
        seen[f.group] += 1
        lhs, rhs, assumptions = shrink(
            f.case.lhs, f.case.rhs, f.case.assumptions, _still_fails(f), SHRINK_SECONDS
        )
        f.minimal = (str(lhs), str(rhs), assumptions)


def _describe(failures: list[Failure]) -> str:
    groups: dict[tuple[str, str], list[Failure]] = {}
    for f in failures:
        groups.setdefault(f.group, []).append(f)
    lines = [f"{len(failures)} failures in {len(groups)} groups (details in {SUMMARY}):"]
    for (category, method), group in groups.items():
        lines.append(f"- {category} [{method or '-'}]: {len(group)} cases")
        for f in group[:SHRINK_PER_GROUP]:
            lines.append(f"    case: {f.case.describe()}  ({f.case.kind})")
            if f.minimal:
                where = f"  [{', '.join(f.minimal[2])}]" if f.minimal[2] else ""
                lines.append(f"    minimal: {f.minimal[0]} = {f.minimal[1]}{where}")
            lines.append(f"    why: {f.detail}")
            if f.verdict is not None:
                lines.append(
                    f"    verdict: {f.verdict.status} ({f.verdict.method}) {f.verdict.reason}"
                )
    return "\n".join(lines)


def _finish(name: str, start: float, before: int) -> None:
    TALLY.seconds[name] = round(time.monotonic() - start, 1)
    new = TALLY.failures[before:]
    _shrink_failures(new)
    assert not new, _describe(new)


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    """Write the counts and failures of the whole module to SUMMARY and print them."""
    yield
    data = {
        "examples_per_test": EXAMPLES or "default",
        "derandomized": not FUZZING,
        "timeout": TIMEOUT,
        "seconds": TALLY.seconds,
        "counts": dict(sorted(TALLY.counts.items())),
        "failures": [f.to_json() for f in TALLY.failures],
        "sympy_errors": TALLY.notes,
    }
    SUMMARY.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            reporter.write_line(f"softsym fuzz summary ({SUMMARY}):")
            for key, n in sorted(TALLY.counts.items()):
                reporter.write_line(f"  {key}: {n}")
            reporter.write_line(f"  failures: {len(TALLY.failures)}; seconds: {TALLY.seconds}")


def test_true_identities_are_never_refuted() -> None:
    """Identities true by construction are proved or undecided, never refuted."""
    start, before = time.monotonic(), len(TALLY.failures)

    @_settings(default=60)
    @given(true_cases())
    def run(case: Case) -> None:
        judge(case, "true")

    run()
    _finish("true", start, before)


def _run_false(cls: str, tiny: bool, default: int) -> None:
    start, before = time.monotonic(), len(TALLY.failures)

    @_settings(default=default)
    @given(false_candidates(tiny=tiny), st.integers(0, 2**16))
    def run(candidates: list[Any], seed: int) -> None:
        case = make_false(candidates, seed)
        if case is None:
            TALLY.counts[f"{cls}: discarded (no witness that it is false)"] += 1
            return
        judge(case, cls)

    run()
    _finish(cls, start, before)


def test_false_identities_are_never_proved() -> None:
    """Perturbed identities, shown false by a witness, are refuted or undecided, never proved."""
    _run_false("false", tiny=False, default=60)


def test_tiny_perturbations_are_never_proved() -> None:
    """Adding 10⁻²⁰ or e⁻⁶⁰ to one side never yields a proof (undecided is allowed)."""
    _run_false("tiny", tiny=True, default=20)
