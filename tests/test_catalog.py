"""The whole catalog: every derivation is proved, renders as its golden file, and holds numerically.

Golden files live in tests/golden/NAME.txt. After an intended change of the
rendering or of a derivation, regenerate them with
``SOFTSYM_UPDATE_GOLDEN=1 python -m pytest tests/test_catalog.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import mpmath
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import concrete, evaluate, numeric, perturbations, points

from softsym.decide import check
from softsym.proofs.catalog import catalog
from softsym.proofs.derivation import Derivation, DerivationResult, verify_all
from softsym.render.text import to_text
from softsym.verdict import Status

GOLDEN = Path(__file__).parent / "golden"
DERIVATIONS = catalog()
NAMES = [d.name for d in DERIVATIONS]


@pytest.fixture(scope="module")
def results() -> dict[str, DerivationResult]:
    """The whole catalog, verified once."""
    return {r.derivation.name: r for r in verify_all(DERIVATIONS)}


@pytest.mark.parametrize("name", NAMES)
def test_proved(results: dict[str, DerivationResult], name: str) -> None:
    """Every catalog derivation is proved."""
    result = results[name]
    assert result.status is Status.PROVED, to_text(result)


@pytest.mark.parametrize("name", NAMES)
def test_golden_rendering(results: dict[str, DerivationResult], name: str) -> None:
    """The rendered steps of each derivation match its golden file exactly."""
    text = to_text(results[name], timings=False) + "\n"
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("SOFTSYM_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; create it with SOFTSYM_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_no_stale_golden_files() -> None:
    """Every golden file belongs to a catalog derivation."""
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(NAMES)


def _pairs() -> list[tuple[Derivation, int]]:
    pairs = []
    for d in DERIVATIONS:
        previous = d.lhs
        for i, step in enumerate(d.steps):
            if numeric(concrete(previous)) and numeric(concrete(step.expr)):
                pairs.append((d, i))
            previous = step.expr
    return pairs


PAIRS = _pairs()


def _sides(d: Derivation, i: int) -> tuple[object, object]:
    previous = d.lhs if i == 0 else d.steps[i - 1].expr
    return previous, d.steps[i].expr


def test_enough_numeric_steps() -> None:
    """The property tests below cover most catalog steps."""
    assert len(PAIRS) >= 10


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_proved_steps_hold_numerically(data: st.DataObject) -> None:
    """At random points, both sides of every catalog step agree to 20 digits."""
    d, i = data.draw(st.sampled_from(PAIRS))
    previous, expr = _sides(d, i)
    left, right = concrete(previous), concrete(expr)
    symbols = sorted(left.free_symbols | right.free_symbols, key=str)
    point = data.draw(points(symbols, d._assume))
    a, b = evaluate(left, point, d._assume), evaluate(right, point, d._assume)
    if a is None or b is None:
        return
    assert abs(a - b) <= mpmath.mpf(10) ** -20 * max(1, abs(a), abs(b)), (d.name, i, point)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_perturbed_steps_are_never_proved(data: st.DataObject) -> None:
    """Sign flips, swapped indices, dropped factors and shifts of catalog steps are not proved."""
    d, i = data.draw(st.sampled_from(PAIRS))
    previous, expr = _sides(d, i)
    label, perturbed = data.draw(st.sampled_from(perturbations(expr)))
    left, right = concrete(previous), concrete(perturbed)
    symbols = sorted(left.free_symbols | right.free_symbols, key=str)
    differs = False
    for _ in range(5):
        point = data.draw(points(symbols, d._assume))
        a, b = evaluate(left, point, d._assume), evaluate(right, point, d._assume)
        if a is not None and b is not None and abs(a - b) > 1e-6 * max(1, abs(a), abs(b)):
            differs = True
            break
    if not differs:
        return  # the perturbation happens to be equal (e.g. a symmetric expression)
    verdict = check(previous, perturbed, d._assume)
    assert verdict.status is not Status.PROVED, (d.name, i, label, verdict)
